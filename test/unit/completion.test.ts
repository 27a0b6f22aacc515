import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getCompletions } from '../../server/src/service/completion';
import { parseGemtext } from '../../server/src/service/parser';
import { uriOf } from './memoryFileSystem';
import { createTestEnv } from './linkTestEnv';

const FILES = {
	'/ws/index.gmi': '',
	'/ws/about.gmi': '# About\n## Contact me\n## Contact me\n```\n# Not a heading\n```\n',
	'/ws/my notes.gmi': '',
	'/ws/img/a.png': '',
	'/ws/.hidden': '',
	'/ws/blog/index.gmi': '# Blog\n',
	'/ws/blog/post.gmi': '',
};

/** Completions with the cursor at `|` in `line` (the last line of `text`). */
async function complete(text: string, path = '/ws/index.gmi') {
	const env = createTestEnv(FILES);
	const lines = text.split('\n');
	const line = lines.length - 1;
	const character = lines[line].indexOf('|');
	const doc = parseGemtext(text.replace('|', ''));
	return getCompletions(doc, uriOf(path), { line, character }, env);
}

describe('completion', () => {
	it('lists files and folders of the document folder after `=> `, encoded, without hidden files or itself', async () => {
		const items = await complete('=> |');
		assert.deepEqual(items.map((i) => i.label).sort(), ['about.gmi', 'blog/', 'img/', 'my notes.gmi']);
		const notes = items.find((i) => i.label === 'my notes.gmi');
		assert.equal(notes?.insertText, 'my%20notes.gmi');
		assert.equal(items.find((i) => i.label === 'blog/')?.retrigger, true);
		assert.deepEqual(notes?.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } });
	});

	it('shows the title of Gemtext files and inserts it as label at the end of a link without one', async () => {
		const about = (await complete('=> |')).find((i) => i.label === 'about.gmi');
		assert.equal(about?.detail, 'About');
		assert.equal(about?.insertText, 'about.gmi About');
		const blog = (await complete('=> blog/|')).find((i) => i.label === 'index.gmi');
		assert.deepEqual([blog?.detail, blog?.insertText], ['Blog', 'index.gmi Blog']);
		const untitled = (await complete('=> blog/|')).find((i) => i.label === 'post.gmi');
		assert.deepEqual([untitled?.detail, untitled?.insertText], [undefined, 'post.gmi'], 'no heading, no title');
	});

	it('keeps an existing label, and text after the cursor, when a titled file is accepted', async () => {
		const withLabel = (await complete('=> ab| My label')).find((i) => i.label === 'about.gmi');
		assert.deepEqual([withLabel?.detail, withLabel?.insertText], ['About', 'about.gmi']);
		const midUrl = (await complete('=> |x/y')).find((i) => i.label === 'about.gmi');
		assert.equal(midUrl?.insertText, 'about.gmi');
	});

	it('lists a subfolder after `dir/`, replacing the segment being typed', async () => {
		const items = await complete('=> blog/po|st.gmi Label');
		assert.deepEqual(items.map((i) => i.label), ['index.gmi', 'post.gmi']);
		assert.deepEqual(items[0].range, { start: { line: 0, character: 8 }, end: { line: 0, character: 16 } });
	});

	it('goes up with `../` and starts at the capsule root with `/`', async () => {
		assert.ok((await complete('=> ../|', '/ws/blog/post.gmi')).some((i) => i.label === 'about.gmi'));
		assert.ok((await complete('=> /img/|', '/ws/blog/post.gmi')).some((i) => i.label === 'a.png'));
	});

	it('lists heading ids of this file after `#`', async () => {
		const items = await complete('# Home\n## Getting started\n=> #|');
		assert.deepEqual(items.map((i) => i.label), ['home', 'getting-started']);
		assert.equal(items[1].detail, '## Getting started');
	});

	it('lists heading ids of the linked file after `file.gmi#`, once per id, not from ``` blocks', async () => {
		const items = await complete('=> about.gmi#co|');
		assert.deepEqual(items.map((i) => i.label), ['about', 'contact-me']);
		assert.deepEqual(items[0].range, { start: { line: 0, character: 13 }, end: { line: 0, character: 15 } });
		assert.deepEqual((await complete('=> blog/#|')).map((i) => i.label), ['blog']);
	});

	it('offers nothing outside link URLs, in external URLs, in ``` blocks, or for missing folders', async () => {
		assert.deepEqual(await complete('text |'), []);
		assert.deepEqual(await complete('=> gemini://example.org/|'), []);
		assert.deepEqual(await complete('```\n=> |'), []);
		assert.deepEqual(await complete('=> nope/|'), []);
		assert.deepEqual(await complete('=> about.gmi La|bel'), []);
		assert.deepEqual(await complete('=>|'), []);
	});
});
