import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getHover } from '../../server/src/service/hover';
import { parseGemtext } from '../../server/src/service/parser';
import { uriOf } from './memoryFileSystem';
import { createTestEnv } from './linkTestEnv';

const FILES = {
	'/ws/index.gmi': '',
	'/ws/about.gmi': 'Intro text\n# About *me*\n## Contact\n',
	'/ws/img/cat.png': '',
	'/ws/files/a.txt': '',
	'/ws/blog/index.gmi': '# Blog\n',
};

async function hover(line: string, character = 4) {
	const env = createTestEnv(FILES);
	return getHover(parseGemtext(line), uriOf('/ws/index.gmi'), { line: 0, character }, env);
}

describe('hover', () => {
	it('shows the title of a Gemtext target', async () => {
		const h = await hover('=> about.gmi More');
		assert.match(h?.contents ?? '', /\*\*About \\\*me\\\*\*\* — `about\.gmi`/);
		assert.deepEqual(h?.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 12 } });
	});

	it('shows the heading a fragment names, or that it is missing', async () => {
		assert.match((await hover('=> about.gmi#contact'))?.contents ?? '', /Section: ## Contact/);
		assert.match((await hover('=> about.gmi#nope'))?.contents ?? '', /No heading with the id `nope`/);
	});

	it('says when the target does not exist', async () => {
		assert.match((await hover('=> gone.gmi'))?.contents ?? '', /⚠ `gone\.gmi` does not exist/);
	});

	it('previews images', async () => {
		const h = await hover('=> img/cat.png A cat');
		assert.match(h?.contents ?? '', /!\[A cat\]\(file:\/\/\/ws\/img\/cat\.png\|width=320\)/);
	});

	it('follows folders to their index, and notes case differences', async () => {
		assert.match((await hover('=> blog/'))?.contents ?? '', /\*\*Blog\*\*/);
		assert.match((await hover('=> files/'))?.contents ?? '', /no index\.gmi/);
		assert.match((await hover('=> About.gmi'))?.contents ?? '', /letter case differs/);
		assert.match((await hover('=> files/a.txt'))?.contents ?? '', /File `files\/a\.txt`/);
	});

	it('has nothing for external links, labels and other lines', async () => {
		assert.equal(await hover('=> gemini://example.org/'), undefined);
		assert.equal(await hover('=> about.gmi Label', 15), undefined);
		assert.equal(await hover('# about.gmi'), undefined);
	});
});
