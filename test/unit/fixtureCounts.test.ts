import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { getSyntaxDiagnostics } from '../../server/src/service/diagnostics/syntax';
import { parseGemtext } from '../../server/src/service/parser';
import { defaultSettings } from '../../server/src/service/workspace';

// Bundled to out/test/unit/, so the fixtures are three levels up.
const dir = resolve(__dirname, '../../../test/fixtures/documents');

interface Counts {
	readonly headings: number;
	readonly links: number;
	readonly listItems: number;
	readonly quotes: number;
	readonly preBlocks: number;
}

/** Counted by reading each file, not by running the parser. */
const expected: Record<string, Counts> = {
	'blog-post-toc.gmi': { headings: 8, links: 2, listItems: 10, quotes: 1, preBlocks: 3 },
	'index-links.gmi': { headings: 5, links: 14, listItems: 0, quotes: 1, preBlocks: 0 },
	'gemfeed-2023-11-05-autumn-walk.gmi': { headings: 2, links: 2, listItems: 4, quotes: 3, preBlocks: 1 },
	'crlf-notes.gmi': { headings: 2, links: 1, listItems: 3, quotes: 2, preBlocks: 1 },
	'tabs.gmi': { headings: 2, links: 2, listItems: 1, quotes: 0, preBlocks: 1 },
	'unclosed-block.gmi': { headings: 1, links: 0, listItems: 0, quotes: 0, preBlocks: 1 },
	'markdown-habits.gmi': { headings: 2, links: 1, listItems: 1, quotes: 1, preBlocks: 1 },
	'mixed-edge-cases.gmi': { headings: 4, links: 3, listItems: 1, quotes: 2, preBlocks: 2 },
	'bom.gmi': { headings: 1, links: 1, listItems: 1, quotes: 0, preBlocks: 0 },
};

/** Syntax diagnostics (default settings) expected in some fixtures, as `code@line`. */
const expectedDiagnostics: Record<string, readonly string[]> = {
	'markdown-habits.gmi': [
		'markdown.emphasis@2', 'markdown.link@2',
		'markdown.list@4', 'markdown.list@5', 'markdown.list@6',
		'markdown.ordered-list@8', 'markdown.ordered-list@9', 'markdown.ordered-list@10',
		'markdown.emphasis@12', 'markdown.link@13',
		'syntax.marker-after-whitespace@17', 'syntax.heading-too-deep@19',
	],
	'unclosed-block.gmi': ['syntax.unclosed-preformat@4'],
	'mixed-edge-cases.gmi': ['syntax.heading-too-deep@3', 'syntax.link-without-url@5', 'syntax.link-without-url@6'],
	'blog-post-toc.gmi': [],
	'index-links.gmi': [],
	'crlf-notes.gmi': [],
	'bom.gmi': [],
};

function read(name: string): string {
	return readFileSync(join(dir, name), 'utf8');
}

describe('fixture documents', () => {
	it('has an expectation for every fixture', () => {
		const files = readdirSync(dir).filter((f) => f.endsWith('.gmi')).sort();
		assert.deepEqual(files, Object.keys(expected).sort());
	});

	for (const [name, counts] of Object.entries(expected)) {
		it(`counts the structure of ${name}`, () => {
			const doc = parseGemtext(read(name));
			const actual: Counts = {
				headings: doc.headings.length,
				links: doc.links.length,
				listItems: doc.lines.filter((l) => l.type === 'list').length,
				quotes: doc.lines.filter((l) => l.type === 'quote').length,
				preBlocks: doc.blocks.length,
			};
			assert.deepEqual(actual, counts);
		});
	}

	for (const [name, codes] of Object.entries(expectedDiagnostics)) {
		it(`reports the syntax diagnostics of ${name}`, () => {
			const diagnostics = getSyntaxDiagnostics(parseGemtext(read(name)), defaultSettings.validate);
			assert.deepEqual(diagnostics.map((d) => `${d.code}@${d.range.start.line}`), codes);
		});
	}

	it('keeps the line breaks the fixtures are about', () => {
		const crlf = parseGemtext(read('crlf-notes.gmi'));
		assert.ok(crlf.lines.every((l) => l.hasCR), 'every line of crlf-notes.gmi ends in CRLF');
		assert.equal(parseGemtext(read('bom.gmi')).hasBom, true);
		assert.equal(parseGemtext(read('unclosed-block.gmi')).blocks[0].closeLine, -1);
		const tabs = parseGemtext(read('tabs.gmi'));
		assert.deepEqual(tabs.links.map((l) => [l.url, l.label]), [['gemini://example.org/', 'Example with tabs'], ['local.gmi', '']]);
	});
});
