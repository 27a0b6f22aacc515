/**
 * Whole-capsule problems through the bundled server: `gemtext/checkCapsule` (progress,
 * closed files' diagnostics, cancellation) and `gemtext.validate.scope: workspace` (a closed
 * file keeps its problems, a file deleted on disk loses them, dependents follow changes).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, type DocumentSymbol, DocumentSymbolRequest, FileChangeType, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol/node';
import { CheckCapsuleRequest } from '../../server/src/protocol';
import { createWorkspace, removeWorkspace, TestServer, uriOf, writeFile } from './harness';

type Progress = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

const CAPSULE = {
	'index.gmi': '# Home\n=> a.gmi A\n=> sub/b.gmi B\n=> missing.gmi Missing\n',
	'a.gmi': '# A\n=> nowhere.gmi Broken\n=> index.gmi#home Home\n',
	'sub/b.gmi': '# B\n=> ../index.gmi Home\n',
	'page.gmi.tpl': '# Template\n=> gone.gmi Gone\n',
};

describe('Check Capsule', { timeout: 60_000 }, () => {
	let dir: string;
	let server: TestServer;

	before(async () => {
		dir = createWorkspace(CAPSULE);
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('validates every closed file and template, with progress up to 100%', async () => {
		const token = 'capsule-1';
		const progress: Progress[] = [];
		const listener = server.connection.onProgress(WorkDoneProgress.type, token, (v) => progress.push(v));
		const before = server.diagnostics.length;
		const result = await server.connection.sendRequest(CheckCapsuleRequest.type, { workDoneToken: token });
		listener.dispose();
		assert.deepEqual(result, { files: 4, problems: 3, filesWithProblems: 3, cancelled: false });
		const a = await server.waitForDiagnostics(uriOf(join(dir, 'a.gmi')), (p) => p.diagnostics.length > 0, before);
		assert.deepEqual(a.diagnostics.map((d) => [d.code, d.range.start.line]), [['link.missing-file', 1]]);
		const template = await server.waitForDiagnostics(uriOf(join(dir, 'page.gmi.tpl')), (p) => p.diagnostics.length > 0, before);
		assert.deepEqual(template.diagnostics.map((d) => d.code), ['link.missing-file']);
		assert.equal(progress[0].kind, 'begin');
		assert.equal((progress[0] as WorkDoneProgressBegin).cancellable, true);
		assert.equal(progress.at(-1)?.kind, 'end');
		const percentages = progress.filter((p): p is WorkDoneProgressReport => p.kind === 'report').map((p) => p.percentage ?? -1);
		assert.equal(percentages.at(-1), 100);
		assert.deepEqual(percentages, [...percentages].sort((x, y) => x - y), 'percentages only grow');
		// A clean file gets no message: nothing to show, nothing to clear.
		assert.equal(server.diagnostics.slice(before).some((p) => p.uri === uriOf(join(dir, 'sub/b.gmi'))), false);
	});

	it('a closed file checked by the command loses its problems when deleted on disk', async () => {
		const uri = uriOf(join(dir, 'a.gmi'));
		rmSync(join(dir, 'a.gmi'));
		const before = server.diagnostics.length;
		await server.filesChanged([{ uri, type: FileChangeType.Deleted }]);
		const cleared = await server.waitForDiagnostics(uri, () => true, before);
		assert.deepEqual(cleared.diagnostics, []);
	});
});

describe('Check Capsule cancellation', { timeout: 120_000 }, () => {
	const FILES = 3000;
	let dir: string;
	let server: TestServer;

	before(async () => {
		const files: Record<string, string> = {};
		for (let i = 0; i < FILES; i++) {
			files[`posts/p${String(i).padStart(4, '0')}.gmi`] = `# Post ${i}\n=> missing-${i}.gmi Broken\n=> p${String((i + 1) % FILES).padStart(4, '0')}.gmi Next\n`;
		}
		dir = createWorkspace(files);
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('answers other requests while it runs: it yields between files, whose reads need not wait', async () => {
		const token = 'capsule-busy';
		const uri = uriOf(join(dir, 'posts/p0000.gmi'));
		await server.open(uri, readFileSync(join(dir, 'posts/p0000.gmi'), 'utf8'));
		const started = new Promise<void>((resolve) => {
			server.connection.onProgress(WorkDoneProgress.type, token, (v) => {
				if (v.kind === 'report' && (v.percentage ?? 0) >= 1) {
					resolve();
				}
			});
		});
		let checked = false;
		const check = server.connection.sendRequest(CheckCapsuleRequest.type, { workDoneToken: token }).then((r) => {
			checked = true;
			return r;
		});
		await started;
		const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
		assert.equal(checked, false, 'the outline came while the check was still running');
		assert.equal((symbols as DocumentSymbol[])[0].name, 'Post 0');
		assert.equal((await check).files, FILES);
		await server.close(uri);
	});

	it('stops when cancelled: it reports cancelled and publishes no further files', async () => {
		const token = 'capsule-cancel';
		const cancel = new CancellationTokenSource();
		const progress: Progress[] = [];
		const started = new Promise<void>((resolve) => {
			server.connection.onProgress(WorkDoneProgress.type, token, (v) => {
				progress.push(v);
				if (v.kind === 'report' && (v.percentage ?? 0) >= 1) {
					cancel.cancel();
					resolve();
				}
			});
		});
		const before = server.diagnostics.length;
		const request = server.connection.sendRequest(CheckCapsuleRequest.type, { workDoneToken: token }, cancel.token);
		await started;
		const result = await request;
		assert.equal(result.cancelled, true);
		assert.ok(result.files < FILES, `${result.files} files validated of ${FILES}`);
		const published = new Set(server.diagnostics.slice(before).map((p) => p.uri));
		assert.ok(published.size < FILES, `${published.size} files published of ${FILES}`);
		assert.equal(progress.at(-1)?.kind, 'end');
		// The server is still responsive and a new run completes.
		const again = await server.connection.sendRequest(CheckCapsuleRequest.type, {});
		assert.deepEqual(again, { files: FILES, problems: FILES, filesWithProblems: FILES, cancelled: false });
	});
});

describe('gemtext.validate.scope: workspace', { timeout: 60_000 }, () => {
	let dir: string;
	let server: TestServer;

	before(async () => {
		dir = createWorkspace(CAPSULE);
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
		server.settings = { validate: { scope: 'workspace' } };
		// Whether or not the server asked before the line above: it asks again now.
		await server.configurationChanged();
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('publishes closed files\' problems once indexed, without any request', async () => {
		const a = await server.waitForDiagnostics(uriOf(join(dir, 'a.gmi')), (p) => p.diagnostics.length > 0);
		assert.deepEqual(a.diagnostics.map((d) => d.code), ['link.missing-file']);
		const index = await server.waitForDiagnostics(uriOf(join(dir, 'index.gmi')), (p) => p.diagnostics.length > 0);
		assert.deepEqual(index.diagnostics.map((d) => d.range.start.line), [3]);
	});

	it('keeps a file\'s problems when it is closed, from its disk content', async () => {
		const uri = uriOf(join(dir, 'a.gmi'));
		await server.open(uri, '# A\n=> nowhere.gmi Broken\n=> also-missing.gmi Edited\n');
		await server.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.length === 2);
		const before = server.diagnostics.length;
		await server.close(uri);
		const afterClose = await server.waitForDiagnostics(uri, () => true, before);
		assert.deepEqual(afterClose.diagnostics.map((d) => d.range.start.line), [1], 'the disk content\'s one problem, not none');
		assert.equal(afterClose.version, undefined);
	});

	it('an edit that renames a heading revalidates the closed files linking to it', async () => {
		const index = uriOf(join(dir, 'index.gmi'));
		const a = uriOf(join(dir, 'a.gmi'));
		await server.open(index, CAPSULE['index.gmi']);
		await server.waitForDiagnostics(index, (p) => p.version === 1);
		const before = server.diagnostics.length;
		await server.change(index, CAPSULE['index.gmi'].replace('# Home', '# House'), 2);
		const dependent = await server.waitForDiagnostics(a, (p) => p.diagnostics.some((d) => d.code === 'link.missing-heading-in-file'), before);
		assert.deepEqual(dependent.diagnostics.map((d) => [d.code, d.range.start.line]), [['link.missing-file', 1], ['link.missing-heading-in-file', 2]]);
		// Closed unsaved: the disk's heading counts again, and the dependent is healed.
		const beforeClose = server.diagnostics.length;
		await server.close(index);
		const healed = await server.waitForDiagnostics(a, () => true, beforeClose);
		assert.deepEqual(healed.diagnostics.map((d) => d.range.start.line), [1]);
		// The closed file's own problems, from disk, come after its dependents': wait for them too, or the next test may take them for its own.
		const closed = await server.waitForDiagnostics(index, (p) => p.version === undefined, beforeClose);
		assert.deepEqual(closed.diagnostics.map((d) => d.code), ['link.missing-file']);
	});

	it('a file created on disk revalidates the files that link to it', async () => {
		const index = uriOf(join(dir, 'index.gmi'));
		const before = server.diagnostics.length;
		writeFile(dir, 'missing.gmi', '# Now here\n');
		await server.filesChanged([{ uri: uriOf(join(dir, 'missing.gmi')), type: FileChangeType.Created }]);
		const republished = await server.waitForDiagnostics(index, () => true, before);
		assert.deepEqual(republished.diagnostics, []);
	});

	it('a file deleted on disk loses its problems, and its dependents get theirs', async () => {
		const a = uriOf(join(dir, 'a.gmi'));
		const index = uriOf(join(dir, 'index.gmi'));
		const before = server.diagnostics.length;
		rmSync(join(dir, 'a.gmi'));
		await server.filesChanged([{ uri: a, type: FileChangeType.Deleted }]);
		const cleared = await server.waitForDiagnostics(a, () => true, before);
		assert.deepEqual(cleared.diagnostics, []);
		const dependent = await server.waitForDiagnostics(index, (p) => p.diagnostics.length > 0, before);
		assert.deepEqual(dependent.diagnostics.map((d) => [d.code, d.range.start.line]), [['link.missing-file', 1]]);
	});

	it('turning the setting back to openFiles takes closed files\' problems back', async () => {
		const template = uriOf(join(dir, 'page.gmi.tpl'));
		await server.waitForDiagnostics(template, (p) => p.diagnostics.length > 0);
		const before = server.diagnostics.length;
		server.settings = { validate: { scope: 'openFiles' } };
		await server.configurationChanged();
		const cleared = await server.waitForDiagnostics(template, () => true, before);
		assert.deepEqual(cleared.diagnostics, []);
	});
});
