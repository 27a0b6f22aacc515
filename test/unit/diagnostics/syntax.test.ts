import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getSyntaxDiagnostics } from '../../../server/src/service/diagnostics/syntax';
import { parseGemtext } from '../../../server/src/service/parser';
import type { Diagnostic } from '../../../server/src/service/types';
import { defaultSettings, GemtextSettings } from '../../../server/src/service/workspace';

type Validate = GemtextSettings['validate'];

function diagnose(text: string, overrides: Partial<Validate> = {}): Diagnostic[] {
	return getSyntaxDiagnostics(parseGemtext(text), { ...defaultSettings.validate, ...overrides });
}

/** `code@line:start-end` for compact, exact comparison. */
function brief(text: string, overrides: Partial<Validate> = {}): string[] {
	return diagnose(text, overrides).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line === d.range.start.line ? '' : `${d.range.end.line}:`}${d.range.end.character}`);
}

describe('syntax diagnostics: settings', () => {
	const text = '```\nx';

	it('reports nothing for a clean document', () => {
		assert.deepEqual(diagnose('# Title\n\nText with a [bracket] and * star.\n* item\n> quote\n=> a.gmi A\n```\n- not md\n```\n'), []);
	});

	it('reports nothing when validation is disabled', () => {
		assert.deepEqual(diagnose('```\n=>\n####x', { enabled: false }), []);
	});

	it('uses the configured severity per family', () => {
		assert.equal(diagnose(text)[0].severity, 'warning');
		assert.equal(diagnose(text, { unclosedPreformat: 'error' })[0].severity, 'error');
		assert.equal(diagnose(text, { unclosedPreformat: 'hint' })[0].severity, 'hint');
		assert.equal(diagnose(' # x')[0].severity, 'information');
		assert.equal(diagnose('- x')[0].severity, 'hint');
	});

	it("drops a family set to 'ignore' and keeps the others", () => {
		const all = '```\n';
		const doc = '=>\n####x\n # x\n- x\n```\ncode';
		assert.deepEqual(brief(doc).map((b) => b.split('@')[0]), ['syntax.link-without-url', 'syntax.heading-too-deep', 'syntax.marker-after-whitespace', 'markdown.list', 'syntax.unclosed-preformat']);
		assert.deepEqual(brief(doc, { emptyLink: 'ignore' }).map((b) => b.split('@')[0]), ['syntax.heading-too-deep', 'syntax.marker-after-whitespace', 'markdown.list', 'syntax.unclosed-preformat']);
		assert.deepEqual(brief(doc, { headingLevel: 'ignore', leadingWhitespace: 'ignore' }).map((b) => b.split('@')[0]), ['syntax.link-without-url', 'markdown.list', 'syntax.unclosed-preformat']);
		assert.deepEqual(brief(doc, { markdownSyntax: 'ignore', unclosedPreformat: 'ignore' }).map((b) => b.split('@')[0]), ['syntax.link-without-url', 'syntax.heading-too-deep', 'syntax.marker-after-whitespace']);
		assert.deepEqual(brief(all, { unclosedPreformat: 'ignore' }), []);
	});
});

describe('syntax.unclosed-preformat', () => {
	it('points at the opening toggle and names the line count', () => {
		const [d, ...rest] = diagnose('# A\n```ascii art\nx\ny\n');
		assert.deepEqual(rest, []);
		assert.equal(d.code, 'syntax.unclosed-preformat');
		assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } });
		assert.match(d.message, /rest of the file \(2 lines\) is shown as preformatted/);
		assert.match(d.message, /```/);
	});

	it('uses the singular for one line and handles a toggle on the last line', () => {
		assert.match(diagnose('```\nx')[0].message, /\(1 line\)/);
		assert.match(diagnose('text\n```')[0].message, /\(0 lines\)/);
	});

	it('flags only the last, unclosed block', () => {
		assert.deepEqual(brief('```\na\n```\n```\nb\n```\n```c\nd'), ['syntax.unclosed-preformat@6:0-4']);
		assert.deepEqual(brief('```\na\n```'), []);
	});

	it('keeps BOM characters out of the range', () => {
		assert.deepEqual(brief('\uFEFF```\nx'), ['syntax.unclosed-preformat@0:1-4']);
	});
});

describe('syntax.heading-too-deep', () => {
	it('flags ####x on the # run and says it is a level-3 heading with text #x', () => {
		const [d] = diagnose('####x');
		assert.equal(d.code, 'syntax.heading-too-deep');
		assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } });
		assert.match(d.message, /level-3 heading whose text starts with "#" \("#x"\)/);
		assert.deepEqual(brief('a\n###### deep'), ['syntax.heading-too-deep@1:0-6']);
	});

	it('leaves real level-3 headings and ### #x alone', () => {
		assert.deepEqual(brief('###x\n### #x\n# #\n'), []);
	});

	it('ignores #### inside a preformatted block', () => {
		assert.deepEqual(brief('```\n####x\n```'), []);
	});
});

describe('syntax.link-without-url', () => {
	it('flags a bare => and => with only whitespace', () => {
		assert.deepEqual(brief('=>\n=>   \n=>\t'), ['syntax.link-without-url@0:0-2', 'syntax.link-without-url@1:0-5', 'syntax.link-without-url@2:0-3']);
		assert.match(diagnose('=>')[0].message, /no URL.*=> gemini:\/\/example\.org\//);
	});

	it('accepts links with a URL, with or without a space', () => {
		assert.deepEqual(brief('=>x\n=> y label\n=>\tz'), []);
	});

	it('ignores => inside a preformatted block', () => {
		assert.deepEqual(brief('```\n=>\n```'), []);
	});
});

describe('syntax.marker-after-whitespace', () => {
	it('flags each marker after leading whitespace, ranging over whitespace and marker', () => {
		assert.deepEqual(brief(' # x\n\t=> x\n  * x\n > x\n ```\n  ## y'), [
			'syntax.marker-after-whitespace@0:0-2',
			'syntax.marker-after-whitespace@1:0-3',
			'syntax.marker-after-whitespace@2:0-3',
			'syntax.marker-after-whitespace@3:0-2',
			'syntax.marker-after-whitespace@4:0-4',
			'syntax.marker-after-whitespace@5:0-4',
		]);
	});

	it('says what the line is not and what to remove', () => {
		assert.match(diagnose(' # x')[0].message, /plain text, not a heading.*Remove the whitespace before "#"/);
		assert.match(diagnose(' => x')[0].message, /not a link/);
		assert.match(diagnose(' * x')[0].message, /not a list item/);
		assert.match(diagnose(' >x')[0].message, /not a quote/);
		assert.match(diagnose('\t```')[0].message, /not a preformatting toggle/);
	});

	it('leaves indented text and non-markers alone', () => {
		assert.deepEqual(brief('  indented\n *x\n =x\n ``x\n   \n\t'), []);
	});

	it('allows leading whitespace before ``` inside a preformatted block', () => {
		assert.deepEqual(brief('```\n  ```\n  # x\n```'), []);
	});
});

describe('markdown.list and markdown.ordered-list', () => {
	it('flags - item and + item on the marker', () => {
		assert.deepEqual(brief('- item\n+ item\n-\tx'), ['markdown.list@0:0-1', 'markdown.list@1:0-1', 'markdown.list@2:0-1']);
		assert.match(diagnose('- item')[0].message, /Write "\* " \(asterisk, space\) instead of "- "/);
	});

	it('flags 1. item on the number', () => {
		assert.deepEqual(brief('1. one\n10. ten\n999. x'), ['markdown.ordered-list@0:0-2', 'markdown.ordered-list@1:0-3', 'markdown.ordered-list@2:0-4']);
		assert.match(diagnose('1. one')[0].message, /no numbered lists.*Write "\* "/);
	});

	it('leaves look-alikes alone', () => {
		assert.deepEqual(brief('-item\n- \n--\n-- signature\n1.5 litres\n1.x\n2024. A year\n1.\n 1. indented'), []);
	});

	it('never looks inside preformatted blocks', () => {
		assert.deepEqual(brief('```\n- a\n1. b\n[x](y)\n**b**\n```'), []);
	});
});

describe('markdown.link', () => {
	it('ranges over the construct and suggests a link line', () => {
		const [d] = diagnose('See [the docs](docs.gmi) now.');
		assert.equal(d.code, 'markdown.link');
		assert.deepEqual(d.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 24 } });
		assert.match(d.message, /"=> docs\.gmi the docs"/);
	});

	it('includes the ! of an image', () => {
		const [d] = diagnose('![a cat](cat.png)');
		assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 17 } });
		assert.match(d.message, /image.*"=> cat\.png a cat"/);
	});

	it('finds links in list items, quotes, headings and link labels, several per line', () => {
		assert.deepEqual(brief('* [a](b) and [c](d)\n> [e](f)\n## [g](h)\n=> url [i](j)'), [
			'markdown.link@0:2-8',
			'markdown.link@0:13-19',
			'markdown.link@1:2-8',
			'markdown.link@2:3-9',
			'markdown.link@3:7-13',
		]);
	});

	it('never flags a link URL', () => {
		assert.deepEqual(brief('=> [x](y)\n=>[x](y) label'), []);
	});

	it('uses the innermost bracket as the label', () => {
		assert.deepEqual(brief('[a [b](c)'), ['markdown.link@0:3-9']);
	});

	it('leaves brackets that are not links alone', () => {
		assert.deepEqual(brief('[x] (y)\n[x](\n[x]()\n[x]( )\n(y)[x]\n`[x](y)` is code'), []);
	});
});

describe('markdown.emphasis', () => {
	it('flags **bold** and __bold__ over the construct', () => {
		assert.deepEqual(brief('a **bold** b\n__also__'), ['markdown.emphasis@0:2-10', 'markdown.emphasis@1:0-8']);
		assert.match(diagnose('**x**')[0].message, /no bold or italics; remove the "\*\*" markers/);
	});

	it('finds emphasis in lists, quotes and headings', () => {
		assert.deepEqual(brief('* **a**\n> __b__\n# **T**'), ['markdown.emphasis@0:2-7', 'markdown.emphasis@1:2-7', 'markdown.emphasis@2:2-7']);
	});

	it('leaves rules, lone markers, spaced markers, code and intraword underscores alone', () => {
		assert.deepEqual(brief('***\n___\n**unclosed\n** spaced **\na ** b\n`**code**`\nsnake__case__name\n2**8 and 3**2'), []);
	});

	it('finds the next pair after a marker that cannot close', () => {
		assert.deepEqual(brief('**a **b**'), ['markdown.emphasis@0:4-9']);
	});
});

describe('syntax diagnostics: scale', () => {
	it('stays linear on pathological lines and a large document', () => {
		const n = 200_000;
		const text = [
			'['.repeat(n) + '](' + 'x'.repeat(n),
			'** '.repeat(n),
			'_a'.repeat(n),
			'`'.repeat(n + 1),
			'[a](b'.repeat(n),
			...Array.from({ length: 50_000 }, (_, i) => (i % 5 === 0 ? '- item **b** [l](u)' : i % 5 === 1 ? '```' : 'plain text line here')),
		].join('\n');
		const started = Date.now();
		const result = diagnose(text);
		const elapsed = Date.now() - started;
		assert.ok(result.length > 0);
		assert.ok(elapsed < 3000, `took ${elapsed} ms`);
	});
});
