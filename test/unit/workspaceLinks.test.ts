// The workspace index keeps each file's links, so references, rename and file moves read no file
// per request, and an edit or a change on disk revalidates only the files that link to what changed.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createGemtextService, defaultSettings, type TextSnapshot } from '../../server/src/service';
import { WorkspaceIndex } from '../../server/src/service/workspaceIndex';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

const FILES = {
	'/ws/index.gmi': '# Home\n=> about.gmi About\n=> blog/ Blog\n=> gemini://example.org/ Elsewhere\n',
	'/ws/about.gmi': '# About\n## Contact\n=> index.gmi#home Home\n',
	'/ws/blog/index.gmi': '# Blog\n=> ../about.gmi#contact Contact\n=> post.gmi Post\n',
	'/ws/blog/post.gmi': '# Post\n=> ../missing.gmi Soon\n',
	'/ws/lone.gmi': '# Alone\n',
};

function setup(files: Record<string, string> = FILES) {
	const fs = new MemoryFileSystem(files);
	const service = createGemtextService({ fileSystem: fs, logger: { log: () => undefined }, getSettings: () => defaultSettings, workspaceFolders: [uriOf('/ws')] });
	return { fs, service };
}

function snapshot(path: string, text: string, version = 1): TextSnapshot {
	return { uri: uriOf(path), version, getText: () => text };
}

const names = (uris: readonly string[]): string[] => uris.map((u) => u.slice(uriOf('/ws').length + 1)).sort();
const reads = (fs: MemoryFileSystem): string[] => fs.calls.filter((c) => c.startsWith('readFile'));

describe('workspace index: links', () => {
	it('keeps each file\'s link lines (line, URL, URL range), not its text', async () => {
		const fs = new MemoryFileSystem(FILES);
		const index = new WorkspaceIndex({ fileSystem: fs, logger: { log: () => undefined } });
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		const links = index.getLinks(uriOf('/ws/blog/index.gmi'))?.links() ?? [];
		assert.deepEqual(links.map((l) => [l.line, l.url, l.rangeOf(l.contentStart, l.urlEnd)]), [
			[1, '../about.gmi#contact', { start: { line: 1, character: 3 }, end: { line: 1, character: 23 } }],
			[2, 'post.gmi', { start: { line: 2, character: 3 }, end: { line: 2, character: 11 } }],
		]);
		assert.equal(index.getLinks(uriOf('/ws/elsewhere.gmi')), undefined);
		// The same entry until the file changes: what callers derive from it can be cached.
		assert.equal(index.getLinks(uriOf('/ws/about.gmi'))?.key, index.getLinks(uriOf('/ws/about.gmi'))?.key);

		// A change on disk replaces them; an open document's come from the editor's text.
		fs.write('/ws/blog/index.gmi', '# Blog\n\n=> new.gmi New\n');
		await index.update(uriOf('/ws/blog/index.gmi'));
		assert.deepEqual(index.getLinks(uriOf('/ws/blog/index.gmi'))?.links().map((l) => [l.line, l.url]), [[2, 'new.gmi']]);
		const { service } = setup();
		index.setOpenDocument(uriOf('/ws/blog/index.gmi'), () => service.parse(snapshot('/ws/blog/index.gmi', '=> typed.gmi\n')));
		assert.deepEqual(index.getLinks(uriOf('/ws/blog/index.gmi'))?.links().map((l) => [l.line, l.url]), [[0, 'typed.gmi']]);
	});

	it('finds the links of every folder, however many folders a pass goes through (it keeps few folders\' targets at once)', async () => {
		// The same relative URL means another file in each of 30 folders; every folder also links to a shared page.
		const files: Record<string, string> = { '/ws/shared.gmi': '# Shared\n' };
		for (let f = 0; f < 30; f++) {
			files[`/ws/f${f}/a.gmi`] = `# A${f}\n=> b.gmi B\n=> ../shared.gmi Shared\n`;
			files[`/ws/f${f}/b.gmi`] = `# B${f}\n=> a.gmi A\n`;
		}
		const { service } = setup(files);
		await service.buildWorkspaceIndex();
		for (let round = 0; round < 2; round++) {
			assert.deepEqual(names(await service.getDependents(uriOf('/ws/shared.gmi'))), Array.from({ length: 30 }, (_, f) => `f${f}/a.gmi`).sort());
			for (const f of [0, 13, 29]) {
				assert.deepEqual(names(await service.getDependents(uriOf(`/ws/f${f}/b.gmi`))), [`f${f}/a.gmi`]);
			}
		}
	});

	it('answers references, file references, heading rename and file moves without reading a file', async () => {
		const { fs, service } = setup();
		await service.buildWorkspaceIndex();
		const about = snapshot('/ws/about.gmi', FILES['/ws/about.gmi']);
		service.setOpenDocument(about);
		fs.calls.length = 0;

		const refs = await service.getFileReferences(uriOf('/ws/about.gmi'));
		assert.deepEqual(refs.map((r) => `${names([r.uri])[0]}:${r.range.start.line}`).sort(), ['blog/index.gmi:1', 'index.gmi:1']);
		const headingRefs = await service.getReferences(about, { line: 1, character: 4 }, false);
		assert.deepEqual(headingRefs.map((r) => `${names([r.uri])[0]}:${r.range.start.line}`), ['blog/index.gmi:1']);
		const rename = await service.getRenameEdits(about, { line: 1, character: 4 }, 'Write to me');
		assert.deepEqual(Object.keys(rename?.changes ?? {}).map((u) => names([u])[0]).sort(), ['about.gmi', 'blog/index.gmi']);
		const move = await service.getFileMoveEdits([{ oldUri: uriOf('/ws/lone.gmi'), newUri: uriOf('/ws/old/lone.gmi') }, { oldUri: uriOf('/ws/blog/post.gmi'), newUri: uriOf('/ws/a/b/post.gmi') }]);
		assert.deepEqual(Object.keys(move.changes).map((u) => names([u])[0]).sort(), ['blog/index.gmi', 'blog/post.gmi']);

		assert.deepEqual(reads(fs), []);
	});

	it('names the dependents of a file: the files linking to it, to its folder as index, or into a folder', async () => {
		const { service } = setup();
		assert.deepEqual(names(await service.getDependents(uriOf('/ws/about.gmi'))), ['blog/index.gmi', 'index.gmi']);
		assert.deepEqual(names(await service.getDependents(uriOf('/ws/blog/index.gmi'))), ['index.gmi'], 'a link to blog/ depends on blog/index.gmi');
		assert.deepEqual(names(await service.getDependents(uriOf('/ws/blog'))), ['blog/index.gmi', 'index.gmi'], 'links into the folder');
		assert.deepEqual(names(await service.getDependents(uriOf('/ws/missing.gmi'))), ['blog/post.gmi'], 'a file that does not exist yet');
		assert.deepEqual(await service.getDependents(uriOf('/ws/lone.gmi')), []);
	});

	it('an edit or a created file revalidates only the file and its dependents, whose problems follow', async () => {
		const { fs, service } = setup();
		await service.buildWorkspaceIndex();
		// An open document's links are its editor text's: typing a link makes it a dependent at once.
		service.setOpenDocument(snapshot('/ws/lone.gmi', '# Alone\n=> missing.gmi Soon too\n', 2));
		const dependents = await service.getDependents(uriOf('/ws/missing.gmi'));
		assert.deepEqual(names(dependents), ['blog/post.gmi', 'lone.gmi']);

		const problems = async (uri: string): Promise<string[]> => {
			const doc = await service.readDocument(uri);
			return doc ? (await service.getDiagnostics(doc)).map((d) => `${d.code}@${d.range.start.line}`) : [];
		};
		assert.deepEqual(await problems(uriOf('/ws/blog/post.gmi')), ['link.missing-file@1']);
		fs.write('/ws/missing.gmi', '# Here now\n');
		await service.applyFileChanges([{ uri: uriOf('/ws/missing.gmi'), type: 'created' }]);
		// Of five files, the revalidation touches these two; the first one's problem is gone.
		assert.deepEqual(names(await service.getDependents(uriOf('/ws/missing.gmi'))), ['blog/post.gmi', 'lone.gmi']);
		assert.deepEqual(await problems(uriOf('/ws/blog/post.gmi')), []);
	});
});

describe('workspace index: headings of #fragment targets', () => {
	const TARGETS = {
		'/ws/a.gmi': '# Intro\n##\n## Intro\n### B_GET_DEVICE_SIZE\n```\n## not a heading\n```\n#    Spaced   Out  \n',
		'/ws/links.gmi': [
			'=> a.gmi#intro ok', '=> a.gmi#intro-1 ok (the second Intro)', '=> a.gmi#section ok (the nameless one)', '=> a.gmi#section-1 missing',
			'=> a.gmi#intro-2 missing', '=> a.gmi#b-get-device-size ok (loose)', '=> a.gmi#spaced---out ok', '=> a.gmi#spaced-out ok (loose)',
			'=> a.gmi#not-a-heading missing', '=> a.gmi#%69ntro ok (encoded)', '=> b.gmi#x missing file', '',
		].join('\n'),
	};

	it('keeps every heading\'s trimmed content, nameless ones included, but not for open documents', async () => {
		const fs = new MemoryFileSystem(TARGETS);
		const index = new WorkspaceIndex({ fileSystem: fs, logger: { log: () => undefined } });
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		assert.deepEqual(index.getHeadingNames(uriOf('/ws/a.gmi')), ['Intro', '', 'Intro', 'B_GET_DEVICE_SIZE', 'Spaced   Out']);
		assert.deepEqual(index.getHeadingNames(uriOf('/ws/links.gmi')), []);
		assert.equal(index.getHeadingNames(uriOf('/ws/none.gmi')), undefined);
		// Workspace symbols still leave the nameless heading out.
		assert.deepEqual(index.getSymbols('').filter((s) => s.uri === uriOf('/ws/a.gmi')).map((s) => s.name), ['Intro', 'Intro', 'B_GET_DEVICE_SIZE', 'Spaced   Out']);
		const { service } = setup();
		index.setOpenDocument(uriOf('/ws/a.gmi'), () => service.parse(snapshot('/ws/a.gmi', '# Typed\n')));
		assert.equal(index.getHeadingNames(uriOf('/ws/a.gmi')), undefined);
	});

	it('a capsule pass checks #fragment links against the index without reading the target, with the same diagnostics', async () => {
		const links = snapshot('/ws/links.gmi', TARGETS['/ws/links.gmi']);
		const summary = (ds: readonly { code?: string | number; range: { start: { line: number } } }[]) => ds.map((d) => `${d.range.start.line} ${d.code}`);

		const plain = setup(TARGETS);
		const expected = summary(await plain.service.getDiagnostics(links));
		assert.deepEqual(expected, ['3 link.missing-heading-in-file', '4 link.missing-heading-in-file', '8 link.missing-heading-in-file', '10 link.missing-file']);
		assert.ok(reads(plain.fs).includes(`readFile ${uriOf('/ws/a.gmi')}`), 'without the index, the target is read');

		const indexed = setup(TARGETS);
		await indexed.service.buildWorkspaceIndex();
		indexed.fs.calls.length = 0;
		const batch = indexed.service.createDiagnosticsBatch();
		assert.deepEqual(summary(await indexed.service.getDiagnostics(links, undefined, batch)), expected);
		assert.deepEqual(reads(indexed.fs), []);
		// An open document's validation (no pass) reads no target either.
		assert.deepEqual(summary(await indexed.service.getDiagnostics(links)), expected);
		assert.deepEqual(reads(indexed.fs), []);
		// An open target counts with the editor's text, which the index does not hold.
		indexed.service.setOpenDocument(snapshot('/ws/a.gmi', '# Section 1\n'));
		const withOpenTarget = summary(await indexed.service.getDiagnostics(links));
		assert.ok(withOpenTarget.includes('0 link.missing-heading-in-file') && !withOpenTarget.includes('3 link.missing-heading-in-file'), withOpenTarget.join(', '));
		indexed.service.forget(uriOf('/ws/a.gmi'));
		await indexed.service.getWorkspaceFiles();

		// The target changes on disk: once the index has it, the next pass sees its new headings.
		indexed.fs.write('/ws/a.gmi', '# Section 1\n');
		await indexed.service.applyFileChanges([{ uri: uriOf('/ws/a.gmi'), type: 'changed' }]);
		const again = summary(await indexed.service.getDiagnostics(links, undefined, indexed.service.createDiagnosticsBatch()));
		assert.ok(again.includes('0 link.missing-heading-in-file') && !again.includes('3 link.missing-heading-in-file'), again.join(', '));
		assert.deepEqual(again, summary(await setup({ ...TARGETS, '/ws/a.gmi': '# Section 1\n' }).service.getDiagnostics(links)));
	});
});
