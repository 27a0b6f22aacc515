import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { convertHtmlToGemtext, convertMarkdownToGemtext } from '../../server/src/service/convert';

const md = (text: string): string => convertMarkdownToGemtext(text).text;

describe('convertMarkdownToGemtext', () => {
	it('clamps headings to three levels and keeps setext headings', () => {
		assert.equal(md('# One\n\n#### Four\n\n###### Six\n\nTwo\n---\n'), '# One\n\n### Four\n\n### Six\n\n## Two\n');
	});

	it('joins the hard wraps of a paragraph into one line', () => {
		assert.equal(md('A paragraph\nwrapped over\nthree lines.\n\nNext  \nhard break.\n'), 'A paragraph wrapped over three lines.\n\nNext hard break.\n');
	});

	it('collects inline links into link lines after their paragraph, resolving references', () => {
		assert.equal(
			md('See [the docs](https://x.org/docs "Docs") and [ref][r], also [r].\n\n[r]: https://r.example/ "R"\n'),
			'See the docs and ref, also r.\n=> https://x.org/docs the docs\n=> https://r.example/ ref\n=> https://r.example/ r\n',
		);
	});

	it('turns autolinks and bare URLs into link lines', () => {
		assert.equal(md('Mail <https://a.example/x> or www.example.com now.\n'), 'Mail https://a.example/x or www.example.com now.\n=> https://a.example/x\n=> http://www.example.com www.example.com\n');
	});

	it('writes a paragraph of only links (badges) as link lines, a linked image named by its alt text', () => {
		assert.equal(md('[![CI](https://ci/badge.svg)](https://ci/) ![Logo](logo.png)\n'), '=> https://ci/badge.svg CI\n=> https://ci/ CI\n=> logo.png Logo\n');
	});

	it('turns images into link lines labelled by their alt text', () => {
		assert.equal(md('Look: ![a cat](cat.jpg) here.\n'), 'Look: here.\n=> cat.jpg a cat\n');
		assert.equal(md('![](img/x.png)\n'), '=> img/x.png Image\n');
	});

	it('writes -, + and numbered lists as * items and flattens nested lists keeping their text', () => {
		assert.equal(md('- a\n- b\n  - b1\n    1. deep\n+ c\n'), '* a\n* b\n* b1\n* deep\n\n* c\n');
		assert.equal(md('1. one\n2. [two](t.md)\n'), '* one\n* two\n=> t.md two\n');
	});

	it('joins the paragraphs of a loose list item', () => {
		assert.equal(md('- first\n\n  more of first\n\n- second\n'), '* first more of first\n* second\n');
	});

	it('keeps fenced code with its language as alt text, and indented code', () => {
		assert.equal(md('```ts title="x"\nconst a = 1;\n\n  b();\n```\n'), '```ts\nconst a = 1;\n\n  b();\n```\n');
		assert.equal(md('Text:\n\n    indented\n      more\n'), 'Text:\n\n```\nindented\n  more\n```\n');
		assert.equal(md('~~~\n```inner\n~~~\n'), '```\n ```inner\n```\n', 'a fence inside code cannot close the block');
	});

	it('writes blockquotes as > lines, their links after them', () => {
		assert.equal(md('> Quoted\n> text with [a link](https://q/).\n>\n> Second.\n'), '> Quoted text with a link.\n> Second.\n=> https://q/ a link\n');
		assert.equal(md('> - item\n> ```\n> code\n> ```\n'), '> item\n\n```\ncode\n```\n');
	});

	it('removes emphasis, strikethrough and inline code markers, keeping their text', () => {
		const out = md('Some *em*, **strong**, _u_, __uu__, ~~gone~~ and `code()` here.\n');
		assert.equal(out, 'Some em, strong, u, uu, gone and code() here.\n');
	});

	it('writes tables as a preformatted block, with links after it', () => {
		assert.equal(
			md('| Name | Value |\n|------|------:|\n| a | [1](https://one/) |\n| bb | `22` |\n'),
			'```table\nName | Value\n-----+------\na    | 1\nbb   | 22\n```\n=> https://one/ 1\n',
		);
	});

	it('drops HTML blocks and inline HTML with a warning (comments silently)', () => {
		const result = convertMarkdownToGemtext('Text\n\n<div align="center">\n  <img src="x.png">\n</div>\n\n<!-- note -->\n\nA <b>bold</b> word.\n');
		assert.equal(result.text, 'Text\n\nA bold word.\n');
		assert.deepEqual(
			result.warnings.map((w) => [w.message, w.line]),
			[
				['HTML block dropped', 2],
				['inline HTML dropped: <b>', 8],
				['inline HTML dropped: </b>', 8],
			],
		);
	});

	it('turns front matter into the title heading when there is no # heading', () => {
		assert.equal(md('---\ntitle: "My Post"\ndate: 2024-01-01\n---\n\nBody.\n'), '# My Post\n\nBody.\n');
		assert.equal(md('---\ntitle: Ignored\n---\n# Real\n'), '# Real\n');
		assert.equal(md('---\ndate: 2024\n---\nBody.\n'), 'Body.\n');
	});

	it('keeps text that would read as another Gemtext line type as text', () => {
		assert.equal(md('\\# not a heading\n\n\\* not an item\n\n=> not a link\n'), ' # not a heading\n\n * not an item\n\n => not a link\n');
	});

	it('never keeps a javascript: link', () => {
		assert.ok(!md('[x](javascript:alert(1))\n').includes('=> javascript'));
	});

	it('stays linear on a paragraph of many links', () => {
		const start = Date.now();
		const result = convertMarkdownToGemtext('[a](https://x/) '.repeat(50_000));
		assert.equal(result.text, '=> https://x/ a\n');
		assert.ok(Date.now() - start < 5000, `took ${Date.now() - start} ms`);
	});

	it('returns nothing for empty input and handles CRLF and a BOM', () => {
		assert.equal(md(''), '');
		assert.equal(md('\uFEFF# T\r\n\r\nline\r\nwrap\r\n'), '# T\n\nline wrap\n');
	});
});

describe('convertMarkdownToGemtext and markdown-it\'s nesting limit', () => {
	it('warns when content nested deeper than the limit was dropped, and not for deep but complete nesting', () => {
		const deep = convertMarkdownToGemtext(`${'> '.repeat(120)}lost words\n\n# After\n`);
		assert.ok(!deep.text.includes('lost words'), 'markdown-it drops it');
		assert.match(deep.text, /# After/);
		assert.deepEqual(deep.warnings.map((w) => w.message), ['Markdown nested deeper than 100 levels: what lies deeper was dropped']);
		const fine = convertMarkdownToGemtext(`${'> '.repeat(50)}kept words\n`);
		assert.match(fine.text, /kept words/);
		assert.deepEqual(fine.warnings, []);
	});
});

describe('convertHtmlToGemtext', () => {
	const html = (text: string, base?: string): string => convertHtmlToGemtext(text, base).text;

	it('converts headings, paragraphs and links, resolving relative URLs against the base', () => {
		assert.equal(
			html('<meta charset="utf-8"><h2>News</h2><p>Read <a href="/x">this</a>.<br>More <b>here</b>.</p><h5>Deep</h5>', 'https://e.org/a/'),
			'## News\n\nRead this. More here.\n=> https://e.org/x this\n\n### Deep\n',
		);
	});

	it('flattens nested lists and keeps code with its language', () => {
		assert.equal(html('<ul><li>a<ol><li><em>b</em></li></ol></li><li><p>c</p></li></ul><pre><code class="language-js">x\n  y</code></pre>'), '* a\n* b\n* c\n\n```js\nx\n  y\n```\n');
	});

	it('writes quotes, tables and images', () => {
		assert.equal(
			html('<blockquote><p>Q <a href="https://q/">q</a></p></blockquote><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table><img src="https://i/x.png" alt="pic">'),
			'> Q q\n=> https://q/ q\n\n```table\nA | B\n--+--\n1 | 2\n```\n\n=> https://i/x.png pic\n',
		);
	});

	it('drops scripts, styles and script URLs', () => {
		assert.equal(html('<script>alert(1)</script><style>p{}</style><p>ok <a href="javascript:alert(1)">x</a></p>'), 'ok x\n');
	});

	it('reads HTML nested deeper than the tree builder handles well as plain text, with a warning', () => {
		const result = convertHtmlToGemtext('<div>'.repeat(5000) + 'deep <b>text</b>');
		assert.equal(result.text, 'deep text\n');
		assert.deepEqual(result.warnings.map((w) => w.message), ['HTML nested deeper than 1000 elements: converted as plain text']);
	});

	it('keeps the text of elements nested deeper than it walks, without recursing further', () => {
		assert.equal(html('<ul><li>'.repeat(400) + 'x'), '* x\n');
		assert.equal(html('<blockquote>'.repeat(600) + 'q'), '> q\n');
		assert.equal(html('<span>'.repeat(900) + 'deep <a href="https://l/">link</a>'), 'deep link\n');
	});

	it('collapses whitespace as a browser does', () => {
		assert.equal(html('<div>\n  spaced\n\t out  text\n</div>'), 'spaced out text\n');
	});
});
