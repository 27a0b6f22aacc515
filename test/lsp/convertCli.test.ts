/** `gemtext convert`, run as users run it: `node dist/cli.js convert FILE`. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWorkspace, removeWorkspace, runCliSync } from './harness';

const gemtext = (...args: string[]) => runCliSync(undefined, ...args);

const MARKDOWN = [
	'---',
	'title: From Markdown',
	'---',
	'',
	'Some **bold** text with a [link][ref]',
	'wrapped on two lines.',
	'',
	'<div>dropped</div>',
	'',
	'#### Deep',
	'',
	'```sh',
	'echo hi',
	'```',
	'',
	'[ref]: https://example.org/ref',
	'',
].join('\n');

describe('gemtext convert', { timeout: 60_000 }, () => {
	let dir: string;

	before(() => {
		dir = createWorkspace({
			'post.md': MARKDOWN,
			'page.html': '<h1>Page</h1><p>A <a href="https://e.org/">link</a></p>',
		});
	});

	after(() => removeWorkspace(dir));

	it('prints the Gemtext of a Markdown file and reports what it dropped on stderr', () => {
		const { status, stdout, stderr } = gemtext('convert', join(dir, 'post.md'));
		assert.equal(status, 0);
		assert.equal(stdout, '# From Markdown\n\nSome bold text with a link wrapped on two lines.\n=> https://example.org/ref link\n\n### Deep\n\n```sh\necho hi\n```\n');
		assert.equal(stderr, `gemtext convert: ${join(dir, 'post.md')}:8: HTML block dropped\n`);
	});

	it('reads .html files as HTML, or any file with --from html', () => {
		const expected = '# Page\n\nA link\n=> https://e.org/ link\n';
		assert.equal(gemtext('convert', join(dir, 'page.html')).stdout, expected);
		const forced = gemtext('convert', '--from', 'markdown', join(dir, 'page.html'));
		assert.equal(forced.status, 0);
		assert.equal(forced.stdout, '', 'as Markdown the file is one HTML block');
	});

	it('fails on a missing file and rejects bad options', () => {
		const missing = gemtext('convert', join(dir, 'nope.md'));
		assert.equal(missing.status, 1);
		assert.match(missing.stderr, /nope\.md: cannot read/);
		assert.equal(gemtext('convert', '--from', 'rtf', join(dir, 'post.md')).status, 2);
		assert.equal(gemtext('convert').status, 2);
	});
});
