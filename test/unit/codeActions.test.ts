import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getCodeActions } from '../../server/src/service/codeActions';
import { getLinkDiagnostics } from '../../server/src/service/diagnostics/links';
import { getSyntaxDiagnostics } from '../../server/src/service/diagnostics/syntax';
import { parseGemtext } from '../../server/src/service/parser';
import { uriOf } from './memoryFileSystem';
import { createTestEnv, settingsWith } from './linkTestEnv';

const FILES = {
	'/ws/index.gmi': '',
	'/ws/about.gmi': '# About\n## Contact me\n',
	'/ws/notes/2024-01-01-hello.gmi': '# Hello\n',
	'/ws/img/Photo.jpg': '',
	'/ws/my notes.gmi': '',
	'/ws/docs/readme.txt': '',
};

/** The quick fixes offered for the diagnostics of `text` (as /ws/index.gmi), with the new URL or text of each. */
async function fixes(text: string) {
	const env = createTestEnv(FILES);
	const doc = parseGemtext(text);
	const uri = uriOf('/ws/index.gmi');
	const diagnostics = [...getSyntaxDiagnostics(doc, settingsWith().validate), ...(await getLinkDiagnostics(doc, uri, settingsWith(), env))];
	const actions = await getCodeActions(doc, uri, diagnostics, env);
	return actions.map((a) => ({
		title: a.title,
		preferred: a.isPreferred === true,
		code: a.diagnostic?.code,
		texts: Object.values(a.edit?.changes ?? {}).flat().map((e) => e.newText),
		create: a.edit?.createFiles?.map((f) => [f.uri, f.content]),
	}));
}

describe('quick fixes', () => {
	it('creates a missing Gemtext file with a title from the label', async () => {
		const [create] = await fixes('=> new-page.gmi My new page\n');
		assert.equal(create.title, 'Create new-page.gmi');
		assert.ok(create.preferred);
		assert.deepEqual(create.create, [[uriOf('/ws/new-page.gmi'), '# My new page\n']]);
		const [untitled] = await fixes('=> sub/first_post.gmi\n');
		assert.deepEqual(untitled.create, [[uriOf('/ws/sub/first_post.gmi'), '# First post\n']]);
	});

	it('changes the link to the closest existing path, keeping query and fragment', async () => {
		const actions = await fixes('=> abot.gmi#contact-me?\n');
		assert.deepEqual(actions.map((a) => a.title), ['Create abot.gmi', 'Change to about.gmi']);
		assert.deepEqual(actions[1].texts, ['about.gmi#contact-me?']);
	});

	it('finds a file of the same name in another folder', async () => {
		const actions = await fixes('=> posts/2024-01-01-hello.gmi\n');
		assert.ok(actions.some((a) => a.title === 'Change to notes/2024-01-01-hello.gmi'));
	});

	it('offers no file creation for non-Gemtext targets, but still a close path', async () => {
		const actions = await fixes('=> docs/readme.md\n');
		assert.deepEqual(actions.map((a) => a.title), ['Change to docs/readme.txt']);
	});

	it('fixes the letter case as spelled on disk', async () => {
		const [fix] = await fixes('=> IMG/photo.jpg#x\n');
		assert.equal(fix.code, 'link.case-mismatch');
		assert.deepEqual(fix.texts, ['img/Photo.jpg#x']);
		assert.ok(fix.preferred);
	});

	it('points a fragment at the closest heading id', async () => {
		const actions = await fixes('=> about.gmi#contact\n');
		assert.deepEqual(actions.map((a) => [a.title, a.texts]), [['Change to #contact-me', ['contact-me']]]);
	});

	it('creates the index of a folder without one', async () => {
		const [fix] = await fixes('=> docs/ Documentation\n');
		assert.deepEqual(fix.create, [[uriOf('/ws/docs/index.gmi'), '# Documentation\n']]);
	});

	it('fixes malformed URLs and unencoded spaces', async () => {
		assert.deepEqual((await fixes('=> htps://example.org/ X\n'))[0].texts, ['https://example.org/']);
		assert.deepEqual((await fixes('=> gemini:/example.org/\n'))[0].texts, ['gemini://example.org/']);
		assert.deepEqual((await fixes('=> my notes.gmi All notes\n'))[0].texts, ['my%20notes.gmi All notes']);
	});

	it('converts a Markdown link to a link line', async () => {
		const [alone] = await fixes('[About me](about.gmi)\n');
		assert.equal(alone.title, 'Convert to a link line');
		assert.deepEqual(alone.texts, ['=> about.gmi About me']);
		const [item] = await fixes('* [About](about.gmi "title")\n');
		assert.deepEqual(item.texts, ['=> about.gmi About']);
		const [inline] = await fixes('Read [this page](about.gmi) first.\n');
		assert.deepEqual(inline.texts, ['this page', '\n=> about.gmi this page']);
	});
});
