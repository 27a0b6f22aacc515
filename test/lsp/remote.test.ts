/**
 * Remote links through the bundled language server: no traffic while
 * `gemtext.validate.remoteLinks` is off, diagnostics after the local ones when it is on,
 * and `gemtext/checkRemoteLinks` with work-done progress. The only servers contacted are
 * the loopback ones this test starts.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol/node';
import { CheckRemoteLinksRequest } from '../../server/src/protocol';
import { GeminiTestServer, HttpTestServer } from '../network/loopbackServers';
import { createWorkspace, removeWorkspace, TestServer, uriOf } from './harness';

describe('remote links in the language server', { timeout: 60_000 }, () => {
	let gemini: GeminiTestServer;
	let http: HttpTestServer;
	let dir: string;
	let server: TestServer;
	let text: string;
	const traffic = (): number => gemini.connections + http.connections;

	before(async () => {
		gemini = await GeminiTestServer.start((url) => (url.endsWith('/ok') ? '20 text/gemini\r\n' : '51 Not found\r\n'));
		http = await HttpTestServer.start((req, res) => void res.writeHead(req.url === '/ok' ? 200 : 404).end());
		text = [
			'# Links',
			`=> ${gemini.url('/ok')} Works`,
			`=> ${gemini.url('/missing')} Broken`,
			`=> ${http.url('/missing')} Broken too`,
			'=> nowhere.gmi A local problem',
		].join('\n') + '\n';
		dir = createWorkspace({ 'index.gmi': text, 'other.gmi': `# Other\n=> ${http.url('/ok')}\n=> ${http.url('/gone')}\n` });
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
		await gemini.close();
		await http.close();
	});

	it('sends nothing while gemtext.validate.remoteLinks is off (the default)', async () => {
		const uri = uriOf(`${dir}/index.gmi`);
		await server.open(uri, text);
		const published = await server.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
		assert.deepEqual(published.diagnostics.map((d) => d.code), ['link.missing-file']);
		assert.equal(traffic(), 0);
	});

	it('when turned on, publishes link.remote-* diagnostics after the local ones', async () => {
		const uri = uriOf(`${dir}/index.gmi`);
		const before = server.diagnostics.length;
		server.settings = { validate: { remoteLinks: true } };
		await server.configurationChanged();
		const published = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => String(d.code).startsWith('link.remote-')), before);
		assert.deepEqual(published.diagnostics.map((d) => [d.range.start.line, d.code, d.severity, d.message]), [
			[4, 'link.missing-file', 2, '`nowhere.gmi` does not exist.'],
			[2, 'link.remote-not-found', 2, 'Not found: the server answers 51 Not found.'],
			[3, 'link.remote-not-found', 2, 'Not found: the server answers 404 Not Found.'],
		]);
		assert.deepEqual(gemini.requests.sort(), [gemini.url('/missing'), gemini.url('/ok')]);
		assert.deepEqual(http.requests, ['HEAD /missing', 'GET /missing']);
	});

	it('gemtext/checkRemoteLinks checks on request (even with the setting off), with progress, from the cache when it can', async () => {
		server.settings = {};
		await server.configurationChanged();
		const progress: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[] = [];
		const token = 'check-remote-1';
		const listener = server.connection.onProgress(WorkDoneProgress.type, token, (v) => progress.push(v));
		const index = uriOf(`${dir}/index.gmi`);
		const other = uriOf(`${dir}/other.gmi`);
		const before = server.diagnostics.length;
		const connectionsBefore = gemini.connections;
		const result = await server.connection.sendRequest(CheckRemoteLinksRequest.type, { uris: [index, other], workDoneToken: token });
		listener.dispose();
		assert.deepEqual(result, { files: 2, links: 5, problems: 3, cancelled: false });
		// index.gmi's gemini links were cached by the previous test.
		assert.equal(gemini.connections, connectionsBefore);
		assert.deepEqual(http.requests.slice(2).sort(), ['GET /gone', 'HEAD /gone', 'HEAD /ok']);
		const otherDiagnostics = await server.waitForDiagnostics(other, (p) => p.diagnostics.length > 0, before);
		assert.deepEqual(otherDiagnostics.diagnostics.map((d) => [d.range.start.line, d.code]), [[2, 'link.remote-not-found']]);
		assert.equal(progress[0].kind, 'begin');
		assert.equal((progress[0] as WorkDoneProgressBegin).title, 'Checking remote links');
		assert.equal(progress.at(-1)?.kind, 'end');
		assert.ok(progress.some((p) => p.kind === 'report' && p.message === '5/5'), JSON.stringify(progress));
	});
});
