import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, FileChangeType, type CodeAction, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { createWorkspace, removeWorkspace, TestServer, uriOf, writeFile } from './harness';

/** Gemtext that a Gemini client shows as meant and Gemtexter mangles in four places. */
const TEXT = '#Title\n## Intro\n* item\nswallowed\n## Intro\nlast line';

function gemtexterCodes(p: PublishDiagnosticsParams): string[] {
	return p.diagnostics.map((d) => String(d.code)).filter((c) => c.startsWith('gemtexter.'));
}

describe('LSP: Gemtexter compatibility diagnostics', () => {
	let dir: string;
	let server: TestServer;
	const at = (path: string) => uriOf(join(dir, path));

	before(async () => {
		dir = createWorkspace({ 'site/gemtexter.conf': '', 'site/a.gmi': TEXT, 'plain/b.gmi': TEXT });
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('warns in a folder with gemtexter.conf, with related information and the final-newline fix', async () => {
		const uri = at('site/a.gmi');
		await server.open(uri, TEXT);
		const published = await server.waitForDiagnostics(uri, (p) => gemtexterCodes(p).length > 0);
		assert.deepEqual(gemtexterCodes(published), [
			'gemtexter.marker-without-space',
			'gemtexter.line-after-list-dropped',
			'gemtexter.duplicate-heading-id',
			'gemtexter.missing-final-newline',
		]);
		const duplicate = published.diagnostics.find((d) => d.code === 'gemtexter.duplicate-heading-id');
		assert.deepEqual(duplicate?.range, { start: { line: 4, character: 3 }, end: { line: 4, character: 8 } });
		assert.deepEqual(duplicate?.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]), [[uri, 1]]);

		const finalNewline = published.diagnostics.filter((d) => d.code === 'gemtexter.missing-final-newline');
		const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
			textDocument: { uri },
			range: finalNewline[0].range,
			context: { diagnostics: finalNewline },
		})) as CodeAction[];
		assert.deepEqual(actions.map((a) => a.title), ['Add final newline']);
		await server.close(uri);
	});

	it('stays quiet without gemtexter.conf, and starts when one appears', async () => {
		const uri = at('plain/b.gmi');
		await server.open(uri, TEXT);
		const published = await server.waitForDiagnostics(uri, () => true);
		assert.deepEqual(gemtexterCodes(published), []);

		const count = server.diagnostics.length;
		const conf = writeFile(dir, 'plain/gemtexter.conf', '');
		await server.filesChanged([{ uri: uriOf(conf), type: FileChangeType.Created }]);
		const after = await server.waitForDiagnostics(uri, (p) => gemtexterCodes(p).length > 0, count);
		assert.equal(gemtexterCodes(after).length, 4);
		await server.close(uri);
	});
});
