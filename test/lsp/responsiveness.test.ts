/**
 * A large document's diagnostics run in slices: requests that arrive meanwhile are answered
 * between slices, and a newer edit stops a stale run before it publishes. These tests observe
 * the order of messages only, never time: the run is caught at the moment it asks for the
 * document's settings (after a configuration change cleared them), and the request or edit
 * is sent right then, while the rest of the run (tens of milliseconds of CPU) is still ahead.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeTextDocumentNotification, DocumentSymbolRequest } from 'vscode-languageserver-protocol/node';
import { createWorkspace, removeWorkspace, TestServer, uriOf } from './harness';

/**
 * About 5 MB of Gemtext whose link checks need no file system: external links (checked for
 * well-formedness only), so the run would otherwise finish in one go, with nothing to wait on.
 */
function bigDocument(marker: string): string {
	const parts: string[] = [`# Big ${marker}\n`];
	const paragraph = 'Lorem ipsum dolor sit amet, **consectetur** adipiscing elit, sed do eiusmod tempor incididunt.\n';
	let size = 0;
	for (let i = 0; size < 5 * 1024 * 1024; i++) {
		const section = `## Section ${i}\n${paragraph.repeat(4)}=> gemini://example.org/page${i}.gmi Page ${i}\n=> https://example.org/${i} Web\n * item\n\n`;
		parts.push(section);
		size += section.length;
	}
	return parts.join('');
}

describe('responsiveness with a 5 MB document', { timeout: 120_000 }, () => {
	let dir: string;
	let server: TestServer;
	let bigUri: string;
	let smallUri: string;

	before(async () => {
		dir = createWorkspace({ 'small.gmi': '# Small\n', 'big.gmi': '' });
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
		bigUri = uriOf(join(dir, 'big.gmi'));
		smallUri = uriOf(join(dir, 'small.gmi'));
		await server.open(smallUri, '# Small\n## Part\n');
		await server.open(bigUri, bigDocument('v1'), 1);
		await server.waitForDiagnostics(bigUri, (p) => p.version === 1);
	});

	after(async () => {
		const code = await server.stop();
		removeWorkspace(dir);
		assert.equal(code, 0);
	});

	/** Clears the server's settings cache, so the next run of each document asks for them first. */
	async function nextRunAsksForSettings(): Promise<() => Promise<void>> {
		const asked = server.configurationRequests.length;
		await server.configurationChanged();
		return async () => {
			await server.waitFor(() => server.configurationRequests.slice(asked).some((item) => item.scopeUri === bigUri));
		};
	}

	it('answers a small request while the big document is being validated, before its diagnostics', async () => {
		const from = server.diagnostics.length;
		const runStarted = await nextRunAsksForSettings();
		await server.change(bigUri, bigDocument('v2'), 2);
		await runStarted();

		const order: string[] = [];
		const published = server.waitForDiagnostics(bigUri, (p) => p.version === 2, from).then(() => order.push('big diagnostics'));
		const symbols = server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: smallUri } }).then((r) => {
			order.push('small documentSymbol');
			return r;
		});
		const result = await symbols;
		await published;

		assert.deepEqual(order, ['small documentSymbol', 'big diagnostics']);
		assert.ok(Array.isArray(result) && result.length === 1, 'the outline of the small document');
	});

	it('drops a stale run when a newer version arrives while it runs: only the newest is published', async () => {
		const from = server.diagnostics.length;
		const runStarted = await nextRunAsksForSettings();
		await server.change(bigUri, bigDocument('v3'), 3);
		await runStarted();
		// Version 3 is being validated now. Version 4 inserts a bare `=>` (one more diagnostic) as an
		// incremental change, as editors send edits: a few bytes, read while the run is still going.
		await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
			textDocument: { uri: bigUri, version: 4 },
			contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '=>\n' }],
		});

		const latest = await server.waitForDiagnostics(bigUri, (p) => p.version === 4, from);
		// A round trip after it: anything the stale run had still queued would have arrived by now.
		await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: smallUri } });

		const versions = server.diagnostics.slice(from).filter((p) => p.uri === bigUri).map((p) => p.version);
		assert.deepEqual(versions, [4]);
		assert.ok(latest.diagnostics.some((d) => d.code === 'syntax.link-without-url' && d.range.start.line === 0));
	});
});
