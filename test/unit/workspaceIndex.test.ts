import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseGemtext } from '../../server/src/service/parser';
import type { LogLevel } from '../../server/src/service/workspace';
import { fuzzyContains, WorkspaceIndex } from '../../server/src/service/workspaceIndex';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

function setup(files: Record<string, string | Uint8Array>, maxFileSize?: number) {
	const fs = new MemoryFileSystem(files);
	const logs: { level: LogLevel; message: string }[] = [];
	const index = new WorkspaceIndex({ fileSystem: fs, logger: { log: (level, message) => logs.push({ level, message }) }, maxFileSize });
	return { fs, logs, index };
}

/** `name@file:line` of every symbol, for compact comparison. */
function names(index: WorkspaceIndex, query = ''): string[] {
	return index.getSymbols(query).map((s) => `${s.name}@${s.uri.slice(s.uri.lastIndexOf('/') + 1)}:${s.range.start.line}`);
}

describe('WorkspaceIndex', () => {
	it('lets other work run between files when reads come back without waiting (a local disk read synchronously)', async () => {
		const files: Record<string, string> = {};
		for (let i = 0; i < 40; i++) files[`/ws/p${i}.gmi`] = `# Post ${i}\n`;
		const memory = new MemoryFileSystem(files);
		// Each read costs 2 ms of this thread and never waits: without slices, the 80 ms walk would run in one go.
		const synchronous = {
			stat: (uri: string) => memory.stat(uri),
			readDirectory: (uri: string) => memory.readDirectory(uri),
			readFile: (uri: string, maxSize?: number) => memory.readFile(uri, maxSize),
			readText: async (uri: string, maxSize?: number) => {
				const end = Date.now() + 2;
				while (Date.now() < end) {
					// the cost of a read on this thread
				}
				const bytes = await memory.readFile(uri, maxSize);
				return bytes && new TextDecoder().decode(bytes);
			},
		};
		const index = new WorkspaceIndex({ fileSystem: synchronous, logger: { log: () => undefined }, yieldNow: () => new Promise((resolve) => setImmediate(resolve)) });
		await index.setFolders([uriOf('/ws')]);
		let built = false;
		const build = index.build().then(() => (built = true));
		const ranDuringBuild = new Promise<boolean>((resolve) => setImmediate(() => resolve(!built)));
		await build;
		assert.equal(await ranDuringBuild, true, 'a task queued when the build started ran before it ended');
		assert.equal(index.files().length, 40);
	});

	it('indexes headings of every .gmi/.gemini file in the folders, skipping node_modules and .git', async () => {
		const { index } = setup({
			'/ws/index.gmi': '# Home\n## News\n```\n# not a heading\n```\n',
			'/ws/sub/page.gemini': '### Deep\n',
			'/ws/sub/UPPER.GMI': '# Upper\n',
			'/ws/notes.md': '# Markdown\n',
			'/ws/node_modules/pkg/readme.gmi': '# Dependency\n',
			'/ws/.git/x.gmi': '# Git\n',
			'/other/outside.gmi': '# Outside\n',
		});
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		assert.deepEqual(names(index), ['Home@index.gmi:0', 'News@index.gmi:1', 'Upper@UPPER.GMI:0', 'Deep@page.gemini:0']);
	});

	it('gives the link URLs of a file alone, in the order of its links, from disk and from an open document', async () => {
		const { index } = setup({ '/ws/a.gmi': '# A\n=> b.gmi B\ntext\n=> https://x.example/ X\n=>   c%20d.gmi#h\n', '/ws/none.gmi': '# No links\n' });
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		const onDisk = index.getLinks(uriOf('/ws/a.gmi'))!;
		assert.deepEqual(onDisk.urls(), ['b.gmi', 'https://x.example/', 'c%20d.gmi#h']);
		assert.deepEqual(onDisk.urls(), onDisk.links().map((l) => l.url));
		assert.deepEqual(index.getLinks(uriOf('/ws/none.gmi'))!.urls(), []);
		index.setOpenDocument(uriOf('/ws/a.gmi'), () => parseGemtext('=> edited.gmi\n'));
		assert.deepEqual(index.getLinks(uriOf('/ws/a.gmi'))!.urls(), ['edited.gmi']);
	});

	it('lists the headings of a page generated from a template once, from the template', async () => {
		const { index } = setup({
			'/ws/post.gmi.tpl': '# Post\n<< template::inline::toc\n## Part\n',
			'/ws/post.gmi': '# Post\n## Part\n',
			'/ws/plain.gmi': '# Plain\n',
			'/ws/only.gmi.tpl': '# Only a template\n',
		});
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		assert.deepEqual(names(index), ['Only a template@only.gmi.tpl:0', 'Plain@plain.gmi:0', 'Post@post.gmi.tpl:0', 'Part@post.gmi.tpl:2']);
	});

	it('filters by a fuzzy query: characters in order, any case', async () => {
		const { index } = setup({ '/ws/a.gmi': '# Getting started with Gemini\n## Links\n## Gallery\n' });
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		assert.deepEqual(names(index, 'gsw'), ['Getting started with Gemini@a.gmi:0']);
		assert.deepEqual(names(index, 'GAL'), ['Gallery@a.gmi:2']);
		assert.deepEqual(names(index, 'zz'), []);
	});

	it('reports progress while building, up to every file', async () => {
		const { index } = setup({ '/ws/a.gmi': '# A', '/ws/b.gmi': '# B', '/ws/c/d.gmi': '# D' });
		await index.setFolders([uriOf('/ws')]);
		const seen: string[] = [];
		await index.build((done, total) => seen.push(`${done}/${total}`));
		assert.equal(seen[0], '0/3');
		assert.equal(seen[seen.length - 1], '3/3');
		// A second build is the same one: no second walk.
		assert.equal(index.build(), index.build());
	});

	it('follows created, changed and deleted files and folders', async () => {
		const { fs, index } = setup({ '/ws/a.gmi': '# A\n' });
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		fs.write('/ws/b.gmi', '# B\n');
		await index.update(uriOf('/ws/b.gmi'));
		fs.write('/ws/a.gmi', '# A2\n');
		await index.update(uriOf('/ws/a.gmi'));
		assert.deepEqual(names(index), ['A2@a.gmi:0', 'B@b.gmi:0']);

		fs.write('/ws/dir/c.gmi', '# C\n');
		fs.write('/ws/dir/deeper/d.gmi', '# D\n');
		await index.update(uriOf('/ws/dir'));
		assert.deepEqual(names(index), ['A2@a.gmi:0', 'B@b.gmi:0', 'C@c.gmi:0', 'D@d.gmi:0']);

		fs.delete('/ws/dir');
		await index.delete(uriOf('/ws/dir'));
		fs.delete('/ws/a.gmi');
		await index.update(uriOf('/ws/a.gmi'));
		assert.deepEqual(names(index), ['B@b.gmi:0']);
	});

	it('applies an update sent during the first walk after it', async () => {
		const { fs, index } = setup({ '/ws/a.gmi': '# A\n' });
		await index.setFolders([uriOf('/ws')]);
		const build = index.build();
		fs.write('/ws/a.gmi', '# Changed\n');
		const update = index.update(uriOf('/ws/a.gmi'));
		await Promise.all([build, update]);
		assert.deepEqual(names(index), ['Changed@a.gmi:0']);
	});

	it('ignores updates outside the workspace folders', async () => {
		const { fs, index } = setup({ '/ws/a.gmi': '# A\n' });
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		fs.write('/elsewhere/x.gmi', '# X\n');
		await index.update(uriOf('/elsewhere/x.gmi'));
		assert.deepEqual(names(index), ['A@a.gmi:0']);
	});

	it('lets open documents override the disk, until closed', async () => {
		const { index } = setup({ '/ws/a.gmi': '# Disk\n' });
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		let text = '# Editor\n## Unsaved\n';
		index.setOpenDocument(uriOf('/ws/a.gmi'), () => parseGemtext(text));
		assert.deepEqual(names(index), ['Editor@a.gmi:0', 'Unsaved@a.gmi:1']);
		text = '# Typed more\n';
		assert.deepEqual(names(index), ['Typed more@a.gmi:0']);
		index.setOpenDocument('untitled:Untitled-1', () => parseGemtext('# Scratch\n'));
		assert.deepEqual(names(index, 'scr'), ['Scratch@untitled:Untitled-1:0']);
		await index.closeDocument(uriOf('/ws/a.gmi'));
		assert.deepEqual(names(index, 'd'), ['Disk@a.gmi:0']);
	});

	it('follows workspace folders being added and removed', async () => {
		const { index } = setup({ '/one/a.gmi': '# One\n', '/two/b.gmi': '# Two\n' });
		await index.setFolders([uriOf('/one')]);
		await index.build();
		await index.setFolders([uriOf('/two')]);
		assert.deepEqual(names(index), ['Two@b.gmi:0']);
	});

	it('skips unreadable folders and files, and symbols of files over the size limit, with a log', async () => {
		const { fs, index, logs } = setup({
			'/ws/ok.gmi': '# Ok\n',
			'/ws/locked/secret.gmi': '# Secret\n',
			'/ws/unreadable.gmi': '# Unreadable\n',
			'/ws/big.gmi': '# Big\n' + 'x'.repeat(200),
		}, 100);
		fs.makeUnreadable('/ws/locked');
		fs.makeUnreadable('/ws/unreadable.gmi');
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		assert.deepEqual(names(index), ['Ok@ok.gmi:0']);
		assert.ok(logs.some((l) => l.message.includes('big.gmi') && l.message.includes('skipping')));
		// The big file stays a workspace file (without symbols); the unreadable one does not.
		assert.deepEqual(index.files().map((u) => u.slice(u.lastIndexOf('/') + 1)), ['big.gmi', 'ok.gmi']);
		// A readable file costs one read and no stat; only a failed read is explained by a stat.
		const stats = fs.calls.filter((c) => c.startsWith('stat ')).map((c) => c.slice(c.lastIndexOf('/') + 1)).sort();
		assert.deepEqual(stats, ['big.gmi', 'unreadable.gmi']);
	});

	it('indexes binary and invalid UTF-8 files without throwing', async () => {
		const { index } = setup({
			'/ws/binary.gmi': new Uint8Array([0, 1, 2, 0xff, 0xfe, 10, 0x23, 0x20, 0x41, 10]),
			'/ws/latin1.gmi': new Uint8Array([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 10]),
		});
		await index.setFolders([uriOf('/ws')]);
		await index.build();
		assert.deepEqual(names(index), ['A@binary.gmi:1', 'Caf\uFFFD@latin1.gmi:0']);
	});
});

describe('fuzzyContains', () => {
	it('matches characters in order, case-insensitively; empty matches all', () => {
		assert.equal(fuzzyContains('Table of Contents', 'toc'), true);
		assert.equal(fuzzyContains('Table of Contents', 'sa'), false);
		assert.equal(fuzzyContains('anything', ''), true);
	});
});
