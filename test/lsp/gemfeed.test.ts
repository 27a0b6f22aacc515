import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeLensRequest, type CodeLens, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { PreviewGemfeedRequest } from '../../server/src/protocol';
import { createWorkspace, removeWorkspace, TestServer, uriOf } from './harness';

const CONF = "declare -xr DOMAIN=example.org\ndeclare -xr SUBTITLE='Lab notes'\ndeclare -xr ATOM_MAX_ENTRIES=5\n";
const POST = '# A post\n\n> Published at 15.01.2025\n\nFirst words of the post.\n';

function feedCodes(p: PublishDiagnosticsParams): string[] {
	return p.diagnostics.map((d) => String(d.code)).filter((c) => /^gemtexter\.(feed|published)/.test(c));
}

describe('LSP: Gemtexter feed', () => {
	let dir: string;
	let server: TestServer;
	const at = (path: string) => uriOf(join(dir, path));

	before(async () => {
		dir = createWorkspace({
			'gemtexter.conf': CONF,
			'gemfeed/2025-01-15-a-post.gmi': POST,
			'gemfeed/2024-12-01-older.gmi': '# Older\n\n> Published at 2024-12-01T10:00:00+01:00\n\nOlder text.\n',
		});
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('publishes the feed diagnostics of a post', async () => {
		const uri = at('gemfeed/2025-01-15-a-post.gmi');
		await server.open(uri, POST);
		const published = await server.waitForDiagnostics(uri, (p) => feedCodes(p).length > 0);
		assert.deepEqual(feedCodes(published), ['gemtexter.published-malformed']);
		const d = published.diagnostics.find((x) => x.code === 'gemtexter.published-malformed');
		assert.deepEqual(d?.range, { start: { line: 2, character: 15 }, end: { line: 2, character: 25 } });
		assert.equal(d?.severity, 2);
		await server.close(uri);
	});

	it('shows the index line and the summary as CodeLenses on the title', async () => {
		const uri = at('gemfeed/2025-01-15-a-post.gmi');
		await server.open(uri, POST);
		const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
		assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [
			[0, 'Gemfeed: => ./2025-01-15-a-post.gmi 2025-01-15 - A post', 'gemtext.previewGemfeed', [uri]],
			[0, 'Feed summary: First words of the post.', 'gemtext.previewGemfeed', [uri]],
		]);
		await server.close(uri);
	});

	it('answers gemtext/previewGemfeed with the index and the feed, open documents first', async () => {
		const uri = at('gemfeed/2025-01-15-a-post.gmi');
		await server.open(uri, POST.replace('# A post', '# Renamed in the editor'), 2);
		const result = await server.connection.sendRequest(PreviewGemfeedRequest.type, { uri });
		assert.ok(result);
		assert.equal(result.indexGmi, '# Gemfeed of example.org\n\n## Lab notes\n\n=> ./2025-01-15-a-post.gmi 2025-01-15 - Renamed in the editor\n=> ./2024-12-01-older.gmi 2024-12-01 - Older\n');
		assert.match(result.atomXml, /<title>Renamed in the editor<\/title>/);
		assert.equal(result.posts, 2);
		await server.close(uri);
		assert.equal(await server.connection.sendRequest(PreviewGemfeedRequest.type, { uri: 'file:///nowhere/x.gmi' }), null);
	});
});
