// The Gemini style: spec-exact semantic HTML. Every output is also parsed with parse5 and
// must be well-formed as written (no parse errors, no implicitly closed or dropped tags).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseGemtext } from '../../../server/src/service/parser';
import { renderHtml, renderPage } from '../../../server/src/service/render/index';
import { assertWellFormed, attr, elements, parseStrict, textOf } from '../htmlAssert';

function gm(text: string, lineNumbers?: boolean): string {
	const html = renderHtml(parseGemtext(text), { style: 'gemini', lineNumbers });
	assertWellFormed(html);
	return html;
}

function lines(...out: string[]): string {
	return out.map((l) => l + '\n').join('');
}

describe('Gemini style: line types', () => {
	it('renders headings h1–h3 with GitHub-like ids, whitespace after # optional', () => {
		assert.equal(gm('# Title\n##Sub  \n###  Third level\n'), lines('<h1 id="title">Title</h1>', '<h2 id="sub">Sub</h2>', '<h3 id="third-level">Third level</h3>'));
	});

	it('reads #### x as a level-3 heading whose text is "# x"', () => {
		assert.equal(gm('####x\n'), lines('<h3 id="x">#x</h3>'));
	});

	it('dedupes ids and keeps Unicode letters', () => {
		assert.equal(gm('# Über\n# Über\n## !!!\n'), lines('<h1 id="über">Über</h1>', '<h1 id="über-1">Über</h1>', '<h2 id="section">!!!</h2>'));
	});

	it('renders one p per text line, no joining, no inline markup', () => {
		assert.equal(gm('one *two* `three`\nfour _five_\n'), lines('<p>one *two* `three`</p>', '<p>four _five_</p>'));
	});

	it('keeps blank and whitespace-only lines as a blank p with a <br>', () => {
		assert.equal(gm('a\n\n   \nb\n'), lines('<p>a</p>', '<p class="blank"><br></p>', '<p class="blank"><br></p>', '<p>b</p>'));
	});

	it('groups consecutive "* " lines into one ul; *x and *\\tx are text', () => {
		assert.equal(
			gm('* a\n* b\ntext\n* c\n*x\n*\ty\n'),
			lines('<ul>', '<li>a</li>', '<li>b</li>', '</ul>', '<p>text</p>', '<ul>', '<li>c</li>', '</ul>', '<p>*x</p>', '<p>*\ty</p>'),
		);
	});

	it('groups consecutive quote lines into one blockquote with a p per line (>x counts)', () => {
		assert.equal(gm('> one\n>two\n>\nafter\n'), lines('<blockquote>', '<p>one</p>', '<p>two</p>', '<p class="blank"><br></p>', '</blockquote>', '<p>after</p>'));
	});

	it('renders one link per line, label or URL as text; =>url and tab separators are links', () => {
		assert.equal(
			gm('=> gemini://a.b/ Home page\n=>c.gmi\n=>\td.gmi\tTabbed  label\n'),
			lines('<p class="link"><a href="gemini://a.b/">Home page</a></p>', '<p class="link"><a href="c.gmi">c.gmi</a></p>', '<p class="link"><a href="d.gmi">Tabbed  label</a></p>'),
		);
	});

	it('renders a bare => as text, not as a link', () => {
		assert.equal(gm('=>\n=>   \n'), lines('<p>=&gt;</p>', '<p>=&gt;   </p>'));
	});

	it('treats markers after leading whitespace as text', () => {
		assert.equal(gm(' # x\n => y\n * z\n'), lines('<p> # x</p>', '<p> =&gt; y</p>', '<p> * z</p>'));
	});

	it('strips CRs and a BOM', () => {
		assert.equal(gm('\uFEFF# T\r\ntext\r\n=> a.gmi A\r\n'), lines('<h1 id="t">T</h1>', '<p>text</p>', '<p class="link"><a href="a.gmi">A</a></p>'));
	});

	it('renders an empty document as nothing', () => {
		assert.equal(gm(''), '');
	});
});

describe('Gemini style: preformatted blocks', () => {
	it('keeps lines verbatim and escaped, with alt text as aria-label and its first word as language class', () => {
		const html = gm('```python  script to run\n  x = 1 < 2\n# not a heading\n=> not a link\n```\n');
		assert.equal(html, lines('<pre aria-label="python  script to run" class="language-python">', '  x = 1 &lt; 2', '# not a heading', '=&gt; not a link</pre>'));
		const pre = elements(parseStrict(html))[0];
		assert.equal(textOf(pre), '  x = 1 < 2\n# not a heading\n=> not a link');
	});

	it('keeps a leading blank line (the newline after <pre> is the one the parser drops)', () => {
		const html = gm('```\n\nx\n```\n');
		assert.equal(textOf(elements(parseStrict(html))[0]), '\nx');
	});

	it('omits aria-label without alt text and the class when the first word is not a language name', () => {
		assert.equal(gm('```\na\n```\n``` <ascii art>\nb\n```\n'), lines('<pre>', 'a</pre>', '<pre aria-label="&lt;ascii art&gt;">', 'b</pre>'));
	});

	it('ignores text after a closing toggle; an unclosed block runs to the end', () => {
		assert.equal(gm('```c++\na\n``` ignored\nafter\n```\nrest\n'), lines('<pre aria-label="c++" class="language-c++">', 'a</pre>', '<p>after</p>', '<pre>', 'rest</pre>'));
	});

	it('renders an empty block as an empty pre', () => {
		const html = gm('```\n```\n');
		assert.equal(html, lines('<pre>', '</pre>'));
		assert.equal(textOf(elements(parseStrict(html))[0]), '');
	});
});

describe('Gemini style: lineNumbers', () => {
	it('stamps every block element, and items, quote lines with their own line', () => {
		assert.equal(
			gm('# T\n\n* a\n* b\n> q\n> r\n```x\ncode\n```\n=> u L\n', true),
			lines(
				'<h1 id="t" data-line="0">T</h1>',
				'<p class="blank" data-line="1"><br></p>',
				'<ul data-line="2">',
				'<li data-line="2">a</li>',
				'<li data-line="3">b</li>',
				'</ul>',
				'<blockquote data-line="4">',
				'<p data-line="4">q</p>',
				'<p data-line="5">r</p>',
				'</blockquote>',
				'<pre data-line="6" aria-label="x" class="language-x">',
				'code</pre>',
				'<p class="link" data-line="9"><a href="u">L</a></p>',
			),
		);
	});

	it('adds no attribute when off', () => {
		assert.ok(!gm('# T\ntext\n').includes('data-line'));
	});
});

describe('Gemini page', () => {
	it('is a complete HTML5 page without parse errors, title from the first heading', () => {
		const page = renderPage(parseGemtext('text\n## Café & <co>\n* i\n'), { style: 'gemini', stylesheets: ['https://x/a.css'], inlineCss: 'body{}' });
		const doc = parseStrict(page, true);
		const all = elements(doc);
		const title = all.find((e) => e.tagName === 'title');
		assert.ok(title);
		assert.equal(textOf(title), 'Café & <co>');
		assert.deepEqual(
			all.filter((e) => e.tagName === 'link').map((e) => attr(e, 'href')),
			['https://x/a.css'],
		);
		const styles = all.filter((e) => e.tagName === 'style').map(textOf);
		assert.equal(styles.length, 2);
		assert.ok(styles[0].includes('color-scheme: light dark'), 'built-in theme first');
		assert.equal(styles[1].trim(), 'body{}', 'user CSS last');
		const main = all.find((e) => e.tagName === 'main');
		assert.ok(main);
		assert.deepEqual(elements(main).slice(1).map((e) => e.tagName), ['p', 'h2', 'ul', 'li']);
	});

	it('takes an explicit title and has an empty one without headings', () => {
		assert.ok(renderPage(parseGemtext('# A\n'), { style: 'gemini', title: 'B' }).includes('<title>B</title>'));
		assert.ok(renderPage(parseGemtext('text\n'), { style: 'gemini' }).includes('<title></title>'));
	});
});
