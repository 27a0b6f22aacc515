// The snippets the manifest contributes: each language points at a file that exists and holds the
// five Gemtext constructs, every body a valid line of its kind once its placeholders are filled.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseGemtext } from '../../server/src/service/parser';

const root = join(__dirname, '..', '..', '..');

interface Snippet {
	readonly prefix: string | string[];
	readonly body: string[];
}

/** A snippet body with `${1:default}` / `${1|a,b|}` / `$0` resolved the way accepting the defaults does. */
function expand(body: readonly string[]): string {
	let text = body.join('\n');
	for (let i = 0; i < 3; i++) {
		text = text.replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1').replace(/\$\{(?:\d+|TM_SELECTED_TEXT):([^${}]*)\}/g, '$1');
	}
	return text.replace(/\$TM_SELECTED_TEXT|\$\d/g, '');
}

describe('snippets', () => {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };

	it('are contributed for Gemtext and Gemtexter templates from a file that exists', () => {
		assert.deepEqual(manifest.contributes.snippets.map((s) => s.language).sort(), ['gemtext', 'gemtexter-template']);
		for (const { path } of manifest.contributes.snippets) {
			assert.doesNotThrow(() => JSON.parse(readFileSync(join(root, path), 'utf8')));
		}
	});

	it('offer a link, an image link, a preformatted block, a heading and a quote that parse as such', () => {
		const snippets = JSON.parse(readFileSync(join(root, 'snippets', 'gemtext.json'), 'utf8')) as Record<string, Snippet>;
		const kinds = Object.fromEntries(Object.entries(snippets).map(([name, s]) => [name, parseGemtext(expand(s.body)).lines.map((l) => l.type)]));
		assert.deepEqual(kinds, {
			Link: ['link'],
			'Image link': ['link'],
			'Preformatted block': ['preToggle', 'preText', 'preToggle'],
			Heading: ['heading'],
			Quote: ['quote'],
		});
		assert.equal(expand(snippets['Preformatted block'].body).split('\n')[0], '```alt text');
	});
});
