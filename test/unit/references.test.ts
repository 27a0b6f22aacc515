import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getDefinition, getFileReferences, getReferences } from '../../server/src/service/references';
import { uriOf } from './memoryFileSystem';
import { createTestEnv, docOf } from './linkTestEnv';

const FILES = {
	'/ws/index.gmi': '# Home\n=> about.gmi About\n=> about.gmi#contact Contact\n=> blog/ Blog\n=> #home Top\n```\n=> about.gmi not a link\n```\n',
	'/ws/about.gmi': '# About\n## Contact\n=> index.gmi#home Home\n=> /about.gmi#contact Self\n',
	'/ws/blog/index.gmi': '# Blog\n=> ../about.gmi\n=> ../About.gmi wrong case\n',
	'/ws/img/cat.png': '',
};

function loc(path: string, line: number, from: number, to: number) {
	return { uri: uriOf(path), range: { start: { line, character: from }, end: { line, character: to } } };
}

describe('definition', () => {
	it('goes from a link to its target file, to the heading of a fragment, to a folder index', async () => {
		const env = createTestEnv(FILES);
		const { doc, uri } = await docOf(env, '/ws/index.gmi');
		assert.deepEqual(await getDefinition(doc, uri, { line: 1, character: 5 }, env), [loc('/ws/about.gmi', 0, 0, 0)]);
		assert.deepEqual(await getDefinition(doc, uri, { line: 2, character: 5 }, env), [loc('/ws/about.gmi', 1, 0, 10)]);
		assert.deepEqual(await getDefinition(doc, uri, { line: 3, character: 4 }, env), [loc('/ws/blog/index.gmi', 0, 0, 0)]);
		assert.deepEqual(await getDefinition(doc, uri, { line: 4, character: 4 }, env), [loc('/ws/index.gmi', 0, 0, 6)]);
	});

	it('has none for missing targets, external links and preformatted text', async () => {
		const env = createTestEnv({ ...FILES, '/ws/x.gmi': '=> gone.gmi\n=> gemini://example.org/\n```\n=> about.gmi\n```\n' });
		const { doc, uri } = await docOf(env, '/ws/x.gmi');
		for (const line of [0, 1, 3]) {
			assert.deepEqual(await getDefinition(doc, uri, { line, character: 4 }, env), []);
		}
	});
});

describe('references', () => {
	it('lists every link to a file across the workspace (Find File References)', async () => {
		const env = createTestEnv(FILES);
		assert.deepEqual(await getFileReferences(uriOf('/ws/about.gmi'), env), [
			loc('/ws/about.gmi', 3, 3, 21),
			loc('/ws/blog/index.gmi', 1, 3, 15),
			loc('/ws/index.gmi', 1, 3, 12),
			loc('/ws/index.gmi', 2, 3, 20),
		]);
	});

	it('counts folder links as links to the folder index, and lists links into a folder', async () => {
		const env = createTestEnv(FILES);
		assert.deepEqual(await getFileReferences(uriOf('/ws/blog/index.gmi'), env), [loc('/ws/index.gmi', 3, 3, 8)]);
		assert.deepEqual(await getFileReferences(uriOf('/ws/blog'), env), [loc('/ws/index.gmi', 3, 3, 8)]);
	});

	it('from a heading: every link to its id; from a fragment link: the same', async () => {
		const env = createTestEnv(FILES);
		const about = await docOf(env, '/ws/about.gmi');
		const fromHeading = await getReferences(about.doc, about.uri, { line: 1, character: 4 }, false, env);
		assert.deepEqual(fromHeading, [loc('/ws/about.gmi', 3, 3, 21), loc('/ws/index.gmi', 2, 3, 20)]);
		const withDecl = await getReferences(about.doc, about.uri, { line: 1, character: 4 }, true, env);
		assert.deepEqual(withDecl[0], loc('/ws/about.gmi', 1, 0, 10));
		const index = await docOf(env, '/ws/index.gmi');
		assert.deepEqual(await getReferences(index.doc, index.uri, { line: 2, character: 5 }, false, env), fromHeading);
	});

	it('from a plain link: every link to the same file', async () => {
		const env = createTestEnv(FILES);
		const blog = await docOf(env, '/ws/blog/index.gmi');
		const refs = await getReferences(blog.doc, blog.uri, { line: 1, character: 5 }, false, env);
		assert.equal(refs.length, 4);
	});
});
