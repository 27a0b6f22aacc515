/**
 * Every read is bounded (issue 8, item 4): the CLI and the server read regular files only
 * (never /dev/zero, a FIFO or a device, which never end or never start), and no file
 * above `gemtext.files.maxSizeMB`; each refusal says why.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, ftruncateSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import { FileMoveEditsRequest, RenderHtmlRequest } from '../../server/src/protocol';
import { createWorkspace, removeWorkspace, runCli, SERVER, TestServer, uriOf } from './harness';

const gemtext = runCli;

/** A sparse file of `size` bytes: big on paper, nothing on disk. */
function sparseFile(path: string, size: number): void {
	const fd = openSync(path, 'w');
	ftruncateSync(fd, size);
	closeSync(fd);
}

describe('bounded reads', { timeout: 60_000 }, () => {
	let dir: string;
	let fifo: string;

	before(() => {
		dir = createWorkspace({ 'ok.gmi': '# OK\n', 'two-mb.gmi': '# Two\n' + 'x'.repeat(2 * 1024 * 1024) + '\n' });
		fifo = join(dir, 'pipe.gmi');
		execFileSync('mkfifo', [fifo]);
		sparseFile(join(dir, 'huge.gmi'), 65 * 1024 * 1024);
	});

	after(() => removeWorkspace(dir));

	it('gemtext check refuses /dev/zero and a FIFO, and exits', async () => {
		for (const path of ['/dev/zero', fifo]) {
			const run = await gemtext(dir, 'check', path);
			assert.equal(run.status, 1, run.stderr);
			assert.match(run.stderr, /not a regular file/, run.stderr);
		}
	});

	it('gemtext check does not wait on a FIFO in place of .vscode/settings.json', async () => {
		const capsule = createWorkspace({ 'index.gmi': '# Home\n' });
		try {
			mkdirSync(join(capsule, '.vscode'));
			execFileSync('mkfifo', [join(capsule, '.vscode', 'settings.json')]);
			const run = await gemtext(capsule, 'check', '.');
			assert.equal(run.status, 0, run.stderr);
			assert.match(run.stderr, /settings\.json: cannot read \(not a regular file\); using the default settings/);
		} finally {
			removeWorkspace(capsule);
		}
	});

	it('gemtext check refuses a file over the size limit, with the setting in the message', async () => {
		const run = await gemtext(dir, 'check', 'huge.gmi', 'ok.gmi');
		assert.equal(run.status, 1, run.stderr);
		assert.match(run.stderr, /huge\.gmi: cannot read \(it is 65 MB, over the limit of 64 MB set by gemtext\.files\.maxSizeMB\)/);
	});

	it('gemtext render refuses /dev/zero, a FIFO and an oversized file', async () => {
		for (const [path, reason] of [['/dev/zero', /not a regular file/], [fifo, /not a regular file/], ['huge.gmi', /65 MB, over the limit of 64 MB/]] as const) {
			const run = await gemtext(dir, 'render', path);
			assert.equal(run.status, 1, run.stderr);
			assert.match(run.stderr, reason);
			assert.equal(run.stdout, '');
		}
	});

	it('gemtext/renderHtml refuses /dev/zero, a FIFO and files over gemtext.files.maxSizeMB', async () => {
		const { server } = await TestServer.start({ workspaceFolders: [dir] });
		try {
			const refusal = async (uri: string): Promise<string> => {
				const error = await server.connection.sendRequest(RenderHtmlRequest.type, { uri }).then(
					() => assert.fail(`${uri} was rendered`),
					(e: unknown) => e,
				);
				assert.ok(error instanceof ResponseError);
				return error.message;
			};
			assert.match(await refusal('file:///dev/zero'), /not a regular file/);
			assert.match(await refusal(uriOf(fifo)), /not a regular file/);
			assert.match(await refusal(uriOf(join(dir, 'huge.gmi'))), /65 MB, over the limit of 64 MB/);
			assert.match(await refusal(uriOf(join(dir, 'nothing.gmi'))), /does not exist/);
			// The setting moves the limit.
			assert.ok((await server.connection.sendRequest(RenderHtmlRequest.type, { uri: uriOf(join(dir, 'two-mb.gmi')) })).html.includes('Two'));
			server.settings = { files: { maxSizeMB: 1 } };
			await server.configurationChanged();
			assert.match(await refusal(uriOf(join(dir, 'two-mb.gmi'))), /2 MB, over the limit of 1 MB/);
			assert.ok(server.running);
		} finally {
			assert.equal(await server.stop(), 0);
		}
	});

	it('gemtext/getFileMoveEdits never walks outside the workspace (issue 8, item 8)', async () => {
		const { server } = await TestServer.start({ workspaceFolders: [dir] });
		try {
			for (const oldUri of ['', 'file:///', 'file:///tmp', uriOf(join(dir, '..'))]) {
				const started = Date.now();
				const edit = await server.connection.sendRequest(FileMoveEditsRequest.type, { moves: [{ oldUri, newUri: uriOf(join(dir, 'moved')) }] });
				assert.equal(edit, null, oldUri);
				assert.ok(Date.now() - started < 2000, `${oldUri}: ${Date.now() - started} ms`);
			}
		} finally {
			assert.equal(await server.stop(), 0);
		}
	});

	it('reports a link into an unreadable folder as "cannot be read" (issue 8, item 10)', async () => {
		const capsule = createWorkspace({ 'index.gmi': '=> locked/secret.gmi Secret\n=> gone/x.gmi Gone\n', 'locked/secret.gmi': '# Secret\n' });
		chmodSync(capsule, 0o755);
		chmodSync(join(capsule, 'locked'), 0o000);
		// Root reads everything: the server runs as `nobody` then, for the permission check to apply.
		const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
		const { server } = await TestServer.start({ workspaceFolders: [capsule], command: [...asUser, process.execPath, SERVER, '--stdio'] });
		try {
			const uri = uriOf(join(capsule, 'index.gmi'));
			await server.open(uri, '=> locked/secret.gmi Secret\n=> gone/x.gmi Gone\n');
			const published = await server.waitForDiagnostics(uri, (p) => p.diagnostics.length === 2);
			assert.deepEqual(published.diagnostics.map((d) => d.message), [
				'`locked/secret.gmi` cannot be read: permission denied on `locked`.',
				'No folder `gone/` in `./`, so `gone/x.gmi` does not exist.',
			]);
		} finally {
			assert.equal(await server.stop(), 0);
			chmodSync(join(capsule, 'locked'), 0o755);
			removeWorkspace(capsule);
		}
	});
});
