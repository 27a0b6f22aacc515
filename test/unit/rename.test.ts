import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getFileMoveEdits, getHeadingRenameEdits, prepareRename } from '../../server/src/service/rename';
import type { WorkspaceEdit } from '../../server/src/service/types';
import { uriOf } from './memoryFileSystem';
import { createTestEnv, docOf, type TestEnv } from './linkTestEnv';

/** Applies an edit to the env's files and returns the changed texts by path. */
async function apply(env: TestEnv, edit: WorkspaceEdit): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const [uri, edits] of Object.entries(edit.changes)) {
		const text = new TextDecoder().decode(await env.fs.readFile(uri));
		const lines = text.split('\n');
		const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
		for (const e of sorted) {
			const l = lines[e.range.start.line];
			lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
		}
		out[decodeURIComponent(uri.replace('file://', ''))] = lines.join('\n');
	}
	return out;
}

describe('heading rename', () => {
	const FILES = {
		'/ws/index.gmi': '# Home\n=> about.gmi#contact-me Contact\n=> about.gmi#other Other\n=> about.gmi Plain\n',
		'/ws/about.gmi': '# About\n## Contact me\n=> #contact-me Self\n```\n=> #contact-me in a block\n```\n',
		'/ws/blog/post.gmi': '=> ../about.gmi#contact-me Up\n=> /about.gmi#contact-me Abs\n',
	};

	it('prepares the heading text only', async () => {
		const env = createTestEnv(FILES);
		env.fs.write('/ws/t.gmi', '# About\n## Contact me  \n=> x\n');
		const { doc } = await docOf(env, '/ws/t.gmi');
		assert.deepEqual(prepareRename(doc, { line: 1, character: 1 }), { range: { start: { line: 1, character: 3 }, end: { line: 1, character: 13 } }, placeholder: 'Contact me' });
		assert.equal(prepareRename(doc, { line: 2, character: 1 }), undefined);
	});

	it('renames the heading and every fragment link using its id', async () => {
		const env = createTestEnv(FILES);
		const { doc, uri } = await docOf(env, '/ws/about.gmi');
		const edit = await getHeadingRenameEdits(doc, uri, { line: 1, character: 5 }, 'Write to me', env);
		assert.ok(edit);
		assert.deepEqual(await apply(env, edit), {
			'/ws/about.gmi': '# About\n## Write to me\n=> #write-to-me Self\n```\n=> #contact-me in a block\n```\n',
			'/ws/index.gmi': '# Home\n=> about.gmi#write-to-me Contact\n=> about.gmi#other Other\n=> about.gmi Plain\n',
			'/ws/blog/post.gmi': '=> ../about.gmi#write-to-me Up\n=> /about.gmi#write-to-me Abs\n',
		});
	});

	it('touches only the heading when the id stays the same', async () => {
		const env = createTestEnv(FILES);
		const { doc, uri } = await docOf(env, '/ws/about.gmi');
		const edit = await getHeadingRenameEdits(doc, uri, { line: 1, character: 5 }, 'Contact me!', env);
		assert.deepEqual(Object.keys(edit?.changes ?? {}), [uriOf('/ws/about.gmi')]);
	});
});

describe('file and folder moves', () => {
	const FILES = {
		'/ws/index.gmi': '=> about.gmi About\n=> ./about.gmi#me Me\n=> /about.gmi Abs\n=> blog/ Blog\n=> blog/post.gmi?x=1 Post\n=> img/cat.png Cat\n=> #top\n',
		'/ws/about.gmi': '# Me\n=> index.gmi Home\n=> img/cat.png\n=> gemini://example.org/\n=> /blog/\n=> about.gmi#me\n',
		'/ws/blog/post.gmi': '=> ../about.gmi Up\n=> ../img/cat.png\n=> other.gmi Sibling\n',
		'/ws/blog/other.gmi': '',
		'/ws/img/cat.png': '',
	};

	it('moving a file updates links to it and the relative links inside it', async () => {
		const env = createTestEnv(FILES);
		const edit = await getFileMoveEdits([{ oldUri: uriOf('/ws/about.gmi'), newUri: uriOf('/ws/pages/about me.gmi') }], env);
		assert.deepEqual(await apply(env, edit), {
			'/ws/index.gmi': '=> pages/about%20me.gmi About\n=> ./pages/about%20me.gmi#me Me\n=> /pages/about%20me.gmi Abs\n=> blog/ Blog\n=> blog/post.gmi?x=1 Post\n=> img/cat.png Cat\n=> #top\n',
			'/ws/about.gmi': '# Me\n=> ../index.gmi Home\n=> ../img/cat.png\n=> gemini://example.org/\n=> /blog/\n=> about%20me.gmi#me\n',
			'/ws/blog/post.gmi': '=> ../pages/about%20me.gmi Up\n=> ../img/cat.png\n=> other.gmi Sibling\n',
		});
	});

	it('moving a folder updates links into it, keeping links between its files', async () => {
		const env = createTestEnv(FILES);
		const edit = await getFileMoveEdits([{ oldUri: uriOf('/ws/blog'), newUri: uriOf('/ws/posts/2024') }], env);
		assert.deepEqual(await apply(env, edit), {
			'/ws/index.gmi': '=> about.gmi About\n=> ./about.gmi#me Me\n=> /about.gmi Abs\n=> posts/2024/ Blog\n=> posts/2024/post.gmi?x=1 Post\n=> img/cat.png Cat\n=> #top\n',
			'/ws/about.gmi': '# Me\n=> index.gmi Home\n=> img/cat.png\n=> gemini://example.org/\n=> /posts/2024/\n=> about.gmi#me\n',
			'/ws/blog/post.gmi': '=> ../../about.gmi Up\n=> ../../img/cat.png\n=> other.gmi Sibling\n',
		});
	});

	it('moves the relative links of documents the workspace index has not caught up with yet', async () => {
		const env = createTestEnv(FILES);
		// The index lags behind the disk: it knows none of the files being moved.
		const lagging: TestEnv = { ...env, getWorkspaceFiles: async () => [uriOf('/ws/index.gmi')] };
		const edit = await getFileMoveEdits([{ oldUri: uriOf('/ws/blog'), newUri: uriOf('/ws/posts/2024') }], lagging);
		assert.equal((await apply(env, edit))['/ws/blog/post.gmi'], '=> ../../about.gmi Up\n=> ../../img/cat.png\n=> other.gmi Sibling\n');
		const single = await getFileMoveEdits([{ oldUri: uriOf('/ws/about.gmi'), newUri: uriOf('/ws/pages/about.gmi') }], lagging);
		assert.match((await apply(env, single))['/ws/about.gmi'], /^# Me\n=> \.\.\/index\.gmi Home\n/);
	});

	it('renaming an image updates links to it', async () => {
		const env = createTestEnv(FILES);
		const edit = await getFileMoveEdits([{ oldUri: uriOf('/ws/img/cat.png'), newUri: uriOf('/ws/img/kitten.png') }], env);
		assert.deepEqual(Object.keys(await apply(env, edit)).sort(), ['/ws/about.gmi', '/ws/blog/post.gmi', '/ws/index.gmi']);
	});

	it('never looks outside the workspace: an empty or root oldUri, or a move from or to elsewhere, gives no edits', async () => {
		const env = createTestEnv({ ...FILES, '/other/page.gmi': '=> ../ws/about.gmi About\n', '/other/deep/x.gmi': '=> ../page.gmi\n' });
		const listed: string[] = [];
		const counting: TestEnv = {
			...env,
			fileSystem: {
				stat: (uri) => env.fs.stat(uri),
				readFile: (uri) => env.fs.readFile(uri),
				readDirectory: (uri) => {
					listed.push(uri);
					return env.fs.readDirectory(uri);
				},
			},
			getWorkspaceFiles: async () => [],
		};
		for (const [oldUri, newUri] of [
			['', uriOf('/ws/x.gmi')],
			['file:///', uriOf('/ws/x')],
			[uriOf('/'), uriOf('/ws/x')],
			[uriOf('/other'), uriOf('/ws/other')],
			[uriOf('/other/page.gmi'), uriOf('/ws/page.gmi')],
			[uriOf('/ws/about.gmi'), uriOf('/other/about.gmi')],
			[uriOf('/ws'), uriOf('/ws2')],
		]) {
			const edit = await getFileMoveEdits([{ oldUri, newUri }], counting);
			assert.deepEqual(edit.changes, {}, `${oldUri} → ${newUri}`);
		}
		assert.deepEqual(listed, []);
		// A move inside the workspace still works in the same call as a refused one.
		const edit = await getFileMoveEdits([{ oldUri: 'file:///', newUri: uriOf('/ws/x') }, { oldUri: uriOf('/ws/about.gmi'), newUri: uriOf('/ws/me.gmi') }], env);
		assert.deepEqual(Object.keys(await apply(env, edit)).sort(), ['/ws/about.gmi', '/ws/blog/post.gmi', '/ws/index.gmi']);
	});

	it('a move that changes nothing gives no edits', async () => {
		const env = createTestEnv(FILES);
		const edit = await getFileMoveEdits([{ oldUri: uriOf('/ws/nothing.gmi'), newUri: uriOf('/ws/else.gmi') }], env);
		assert.deepEqual(edit.changes, {});
	});
});
