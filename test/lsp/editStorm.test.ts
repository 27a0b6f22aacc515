/**
 * An edit storm over the real server (issue 8, item 5): thousands of incremental changes to a
 * 1 MB document, sent as fast as the client can write them, anywhere in the document, some
 * opening or closing ``` blocks and typing headings. Outlines asked for during the storm and
 * after it must be exactly those of the client's text at that moment (so the server's text and
 * its incremental parse followed every change); an outline asked for mid-storm must come back
 * promptly: with a copy of the whole text per change it took seconds (about 2 ms per change on
 * 1 MB here, so 4,000 queued changes ≈ 8 s); and diagnostics are published after pauses in the
 * typing, not per change, never an older version after a newer one.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { DidChangeTextDocumentNotification, DocumentSymbolRequest, type DocumentSymbol, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { toDocumentSymbol } from '../../server/src/convert';
import { getOutline } from '../../server/src/service/outline';
import { parseGemtext } from '../../server/src/service/parser';
import { random } from '../unit/seededRandom';
import { createWorkspace, removeWorkspace, TestServer, uriOf } from './harness';

const CHANGES = 5000;
/** Outlines are checked after this many changes (during the storm), the second one timed. */
const CHECKED = 1000;
const MEASURED = 4000;
/**
 * A generous bound for the answer once the client has written {@link MEASURED} changes (the
 * server reads them meanwhile): here tens of milliseconds; with a copy of the whole text per
 * change the server was still seconds behind.
 */
const PROMPT_MS = 2000;

/** About 1 MB of sections, some lines with CRLF, some ``` blocks. */
function bigDocument(): string[] {
	const lines: string[] = ['# Storm'];
	let size = 0;
	for (let i = 0; size < 1_000_000; i++) {
		const section = [`## Section ${i}\r`, 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.', `=> gemini://example.org/${i}.gmi Page ${i}`, '* item', ''];
		if (i % 10 === 0) section.push('```alt', '# not a heading', '```');
		lines.push(...section);
		size += section.join('\n').length + 1;
	}
	return lines;
}

function expectedOutline(text: string): DocumentSymbol[] {
	return getOutline(parseGemtext(text)).map(toDocumentSymbol);
}

describe('an edit storm on a 1 MB document', { timeout: 180_000 }, () => {
	let dir: string;
	let server: TestServer;
	let uri: string;

	before(async () => {
		dir = createWorkspace({ 'big.gmi': '' });
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
		uri = uriOf(join(dir, 'big.gmi'));
	});

	after(async () => {
		const code = await server.stop();
		removeWorkspace(dir);
		assert.equal(code, 0);
	});

	it('follows every change and answers an outline request during the storm promptly', async (t) => {
		// The client's model: lines split at \n (a line may end with \r).
		const lines = bigDocument();
		await server.open(uri, lines.join('\n'), 1);
		await server.waitForDiagnostics(uri, (p) => p.version === 1);
		const r = random(2026);
		const contentLength = (l: number): number => (lines[l].endsWith('\r') ? lines[l].length - 1 : lines[l].length);
		const change = (): TextDocumentContentChangeEvent => {
			const l = r.int(lines.length);
			const c = r.int(contentLength(l) + 1);
			const at = { line: l, character: c };
			const kind = r.next();
			const text = lines[l];
			if (kind < 0.6) {
				const ch = r.pick(['a', 'b', ' ', '#', '`', '=', '>', '*', 'é']);
				lines[l] = text.slice(0, c) + ch + text.slice(c);
				return { range: { start: at, end: at }, text: ch };
			}
			if (kind < 0.75 && c < contentLength(l)) {
				lines[l] = text.slice(0, c) + text.slice(c + 1);
				return { range: { start: at, end: { line: l, character: c + 1 } }, text: '' };
			}
			if (kind < 0.85) {
				lines.splice(l, 1, text.slice(0, c), text.slice(c));
				return { range: { start: at, end: at }, text: '\n' };
			}
			if (kind < 0.9 && l + 1 < lines.length) {
				// Join with the next line: delete the line break (and a \r before it).
				const end = contentLength(l);
				lines.splice(l, 2, text.slice(0, end) + lines[l + 1]);
				return { range: { start: { line: l, character: end }, end: { line: l + 1, character: 0 } }, text: '' };
			}
			const inserted = kind < 0.95 ? `## Storm ${r.int(1000)}` : '```';
			lines.splice(l, 0, inserted);
			return { range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } }, text: inserted + '\n' };
		};

		// Every change and the outlines expected along the way first, so that sending costs the client nothing.
		const changes: TextDocumentContentChangeEvent[] = [];
		const expected = new Map<number, DocumentSymbol[]>();
		for (let i = 1; i <= CHANGES; i++) {
			changes.push(change());
			if (i === CHECKED || i === MEASURED) expected.set(i, expectedOutline(lines.join('\n')));
		}
		const publishedBefore = server.diagnostics.length;
		const checks: Promise<void>[] = [];
		let promptMs = NaN;
		let version = 1;
		for (let i = 1; i <= CHANGES; i++) {
			const written = server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: ++version }, contentChanges: [changes[i - 1]] });
			const outline = expected.get(i);
			if (outline) {
				// Timed from when the client has written the changes before it: the client's writer is slower than the server.
				let sent = NaN;
				void written.then(() => (sent = performance.now()));
				checks.push(
					server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }).then((symbols) => {
						if (i === MEASURED) promptMs = performance.now() - sent;
						assert.deepEqual(symbols, outline, `the outline after ${i} changes`);
					}),
				);
			}
		}
		await Promise.all(checks);
		t.diagnostic(`outline asked for after ${MEASURED} changes answered ${promptMs.toFixed(0)} ms after they were written`);
		assert.ok(promptMs < PROMPT_MS, `the outline asked for after ${MEASURED} changes came after ${promptMs.toFixed(0)} ms`);

		const final = lines.join('\n');
		const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
		assert.deepEqual(symbols, expectedOutline(final), 'the outline of the final text');
		const published = await server.waitForDiagnostics(uri, (p) => p.version === version);
		assert.equal(published.version, CHANGES + 1, 'diagnostics of the final version');
		// Coalesced: a run after a pause in typing, not one per change; never an older version after a newer one.
		const versions = server.diagnostics.slice(publishedBefore).filter((p) => p.uri === uri).map((p) => p.version ?? 0);
		assert.ok(versions.length < 50, `${versions.length} diagnostics publishes for ${CHANGES} changes`);
		assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions published in order');
	});
});
