import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createGemtextService, defaultSettings, type GemtextSettings, type TextSnapshot } from '../../server/src/service';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

function snapshot(path: string, text: string, version = 1): TextSnapshot {
	return { uri: uriOf(path), version, getText: () => text };
}

function setup(files: Record<string, string>, settings: Partial<GemtextSettings> = {}, folders = ['/ws']) {
	const fs = new MemoryFileSystem(files);
	const service = createGemtextService({
		fileSystem: fs,
		logger: { log: () => undefined },
		getSettings: () => ({ ...defaultSettings, ...settings }),
		workspaceFolders: folders.map(uriOf),
	});
	return { fs, service };
}

describe('createGemtextService', () => {
	it('parses once per (uri, version) and forgets on close', () => {
		const { service } = setup({});
		let reads = 0;
		const snap: TextSnapshot = { uri: uriOf('/ws/a.gmi'), version: 1, getText: () => (reads++, '# A\n') };
		const doc = service.parse(snap);
		assert.equal(service.parse(snap), doc);
		assert.equal(reads, 1);
		assert.notEqual(service.parse({ ...snap, version: 2 }), doc);
		service.forget(snap.uri);
		assert.notEqual(service.parse({ ...snap, version: 2 }), doc);
		// Disk snapshots (version -1) are never cached: the file may change behind our back.
		const disk = snapshot('/ws/b.gmi', '# B', -1);
		assert.notEqual(service.parse(disk), service.parse(disk));
	});

	it('evicts the least recently used parse beyond its capacity', () => {
		const { service } = setup({});
		const first = snapshot('/ws/first.gmi', '# First');
		const doc = service.parse(first);
		const others = [];
		for (let i = 0; i < 100; i++) {
			others.push(service.parse(snapshot(`/ws/${i}.gmi`, '# X')));
			service.parse(first);
		}
		assert.equal(service.parse(first), doc, 'a document in use stays cached');
		assert.equal(service.parse(snapshot('/ws/99.gmi', '# X')), others[99], 'a recent one too');
		assert.notEqual(service.parse(snapshot('/ws/0.gmi', '# X')), others[0], 'an old one was evicted');
	});

	it('gives outline, folding, selection and links for a snapshot', async () => {
		const { service } = setup({ '/ws/sub/index.gmi': '# Sub' });
		const snap = snapshot('/ws/index.gmi', '# T\n## U\n=> sub/ Sub\n');
		assert.deepEqual((await service.getOutline(snap)).map((s) => [s.name, s.children.map((c) => c.name)]), [['T', ['U']]]);
		assert.ok((await service.getFoldingRanges(snap)).length > 0);
		assert.equal((await service.getSelectionRanges(snap, [{ line: 0, character: 2 }])).length, 1);
		assert.deepEqual((await service.getDocumentLinks(snap)).map((l) => l.target), [uriOf('/ws/sub/index.gmi')]);
	});

	it('reports syntax diagnostics, none when validation is disabled or cancelled', async () => {
		const snap = snapshot('/ws/a.gmi', '```\nunclosed\n');
		assert.deepEqual((await setup({}).service.getDiagnostics(snap)).map((d) => d.code), ['syntax.unclosed-preformat']);
		const disabled = setup({}, { validate: { ...defaultSettings.validate, enabled: false } }).service;
		assert.deepEqual(await disabled.getDiagnostics(snap), []);
		assert.deepEqual(await setup({}).service.getDiagnostics(snap, { isCancellationRequested: true }), []);
	});

	it('finds workspace symbols on disk and in open documents', async () => {
		const { service } = setup({ '/ws/a.gmi': '# On disk\n' });
		service.setOpenDocument(snapshot('/ws/b.gmi', '# In editor\n'));
		assert.deepEqual((await service.getWorkspaceSymbols('')).map((s) => s.name), ['On disk', 'In editor']);
	});

	it('resolves style auto by the nearest gemtexter.conf, and follows the watcher', async () => {
		const { fs, service } = setup({ '/ws/site/gemtexter.conf': '', '/ws/site/content/post.gmi': '# P', '/ws/other/x.gmi': '# X' });
		assert.equal(await service.resolveAutoStyle(uriOf('/ws/site/content/post.gmi')), 'gemtexter');
		assert.equal(await service.resolveAutoStyle(uriOf('/ws/other/x.gmi')), 'gemini');
		assert.equal((await service.renderHtml(snapshot('/ws/other/x.gmi', '# X'))).style, 'gemini');
		assert.equal((await service.renderHtml(snapshot('/ws/other/x.gmi', '# X'), { style: 'gemtexter' })).style, 'gemtexter');

		fs.write('/ws/other/gemtexter.conf', '');
		assert.equal(await service.resolveAutoStyle(uriOf('/ws/other/x.gmi')), 'gemini', 'cached until the watcher reports the file');
		await service.applyFileChanges([{ uri: uriOf('/ws/other/gemtexter.conf'), type: 'created' }]);
		assert.equal(await service.resolveAutoStyle(uriOf('/ws/other/x.gmi')), 'gemtexter');
	});

	it('answers the style and capsule root of every document of a folder alike, following the watcher and the workspace folders', async () => {
		const { fs, service } = setup({ '/gemtexter.conf': '', '/ws/site/gemtexter.conf': '', '/ws/site/a/x.gmi': '', '/ws/b/y.gmi': '' });
		const ask = async (): Promise<string[]> => Promise.all(['/ws/site/a/x.gmi', '/ws/site/a/z.gmi', '/ws/b/y.gmi', '/ws/b/w.gmi'].map(async (p) =>
			`${await service.resolveAutoStyle(uriOf(p))} ${await service.getCapsuleRoot(uriOf(p))}`));
		const before = await ask();
		assert.deepEqual(before, [`gemtexter ${uriOf('/ws/site')}`, `gemtexter ${uriOf('/ws/site')}`, `gemini ${uriOf('/ws')}`, `gemini ${uriOf('/ws')}`]);
		const stats = fs.calls.filter((c) => c.startsWith('stat ')).length;
		assert.deepEqual(await ask(), before);
		assert.equal(fs.calls.filter((c) => c.startsWith('stat ')).length, stats, 'asked again: no stat');

		fs.write('/ws/b/gemtexter.conf', '');
		await service.applyFileChanges([{ uri: uriOf('/ws/b/gemtexter.conf'), type: 'created' }]);
		assert.deepEqual((await ask()).slice(2), [`gemtexter ${uriOf('/ws/b')}`, `gemtexter ${uriOf('/ws/b')}`]);
		fs.delete('/ws/site/gemtexter.conf');
		await service.applyFileChanges([{ uri: uriOf('/ws/site/gemtexter.conf'), type: 'deleted' }]);
		assert.deepEqual((await ask()).slice(0, 2), [`gemini ${uriOf('/ws')}`, `gemini ${uriOf('/ws')}`]);
		// Without the workspace folder the search goes up to the root, which has a gemtexter.conf.
		await service.setWorkspaceFolders([]);
		assert.deepEqual((await ask()).slice(0, 2), [`gemtexter ${uriOf('/')}`, `gemtexter ${uriOf('/')}`]);
	});

	it('does not look for gemtexter.conf above the workspace folder', async () => {
		const { service } = setup({ '/gemtexter.conf': '', '/ws/a.gmi': '' });
		assert.equal(await service.resolveAutoStyle(uriOf('/ws/a.gmi')), 'gemini');
		const outside = setup({ '/gemtexter.conf': '', '/loose/a.gmi': '' }, {}, []).service;
		assert.equal(await outside.resolveAutoStyle(uriOf('/loose/a.gmi')), 'gemtexter', 'outside a workspace, up to the root');
	});

	it('finds the capsule root: the setting, else the gemtexter.conf folder, else the workspace folder', async () => {
		const files = { '/ws/site/gemtexter.conf': '', '/ws/site/a.gmi': '', '/ws/b.gmi': '' };
		assert.equal(await setup(files).service.getCapsuleRoot(uriOf('/ws/site/a.gmi')), uriOf('/ws/site'));
		assert.equal(await setup(files).service.getCapsuleRoot(uriOf('/ws/b.gmi')), uriOf('/ws'));
		assert.equal(await setup(files, { capsuleRoot: 'public' }).service.getCapsuleRoot(uriOf('/ws/b.gmi')), uriOf('/ws/public'));
		assert.equal(await setup(files, { capsuleRoot: '/srv/capsule' }).service.getCapsuleRoot(uriOf('/ws/b.gmi')), uriOf('/srv/capsule'));
		const links = await setup(files, { capsuleRoot: 'public' }).service.getDocumentLinks(snapshot('/ws/b.gmi', '=> /x.gmi'));
		assert.deepEqual(links.map((l) => l.target), [uriOf('/ws/public/x.gmi')]);
	});

	it('lists the table of contents with the ids of the style', async () => {
		const { service } = setup({});
		const toc = await service.getTableOfContents(snapshot('/ws/a.gmi', "# I can't believe it!\n## Next\n"), 'gemtexter');
		assert.deepEqual(toc.map((e) => [e.level, e.id, e.line]), [[1, 'i-can-t-believe-it', 0], [2, 'next', 1]]);
	});

	it('reads a document from disk as version -1, undefined when missing', async () => {
		const { service } = setup({ '/ws/a.gmi': '# A' });
		const snap = await service.readDocument(uriOf('/ws/a.gmi'));
		assert.equal(snap?.version, -1);
		assert.equal(snap?.getText(), '# A');
		assert.equal(await service.readDocument(uriOf('/ws/missing.gmi')), undefined);
	});
});
