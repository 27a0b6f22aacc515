// The Gemtexter style, rule by rule: each case is a small input and the body HTML that
// Gemtexter's html::fromgmi writes for it (the behaviours of docs/gemtext.md, "Gemtexter's HTML" and of the
// golden pairs; `npm run test:golden` checks the real pairs byte for byte).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseGemtext } from '../../../server/src/service/parser';
import { getDocumentTitle, renderHtml, renderPage } from '../../../server/src/service/render/index';
import { getGemtexterBlocks, getGemtexterLines, getGemtexterTitle } from '../../../server/src/service/render/gemtexterLines';

function gx(text: string, lineNumbers?: boolean): string {
	return renderHtml(parseGemtext(text), { style: 'gemtexter', lineNumbers });
}

/** Body lines, for compact expectations (each output line ends with LF). */
function lines(...out: string[]): string {
	return out.map((l) => l + '\n').join('');
}

const h = (level: number, id: string, text: string) => `<h${level} style='display: inline' id='${id}'>${text}</h${level}><br />`;
const span = (text: string) => `<span>${text}</span><br />`;
const quote = (text: string) => `<span class='quote'>${text}</span><br />`;
const link = (href: string, text: string) => `<a class='textlink' href='${href}'>${text}</a><br />`;
const code = (text: string) => `<span class='inlinecode'>${text}</span>`;
const BR = '<br />';
const END_UL = '</ul><br />';

describe('Gemtexter style: headings', () => {
	it('needs a space after 1–3 #s; id by the slug rule', () => {
		assert.equal(gx('# Title\n## Sub title\n### Third\n'), lines(h(1, 'title', 'Title'), h(2, 'sub-title', 'Sub title'), h(3, 'third', 'Third')));
	});

	it('renders #x, ##y, ###z and #### x as text', () => {
		assert.equal(gx('#x a\n##y\n###z\n#### four\n##### five\n'), lines(span('#x a'), span('##y'), span('###z'), span('#### four'), span('##### five')));
	});

	it('renders a lone # as text and "# " as an empty heading with an empty id', () => {
		assert.equal(gx('#\n# \n'), lines(span('#'), h(1, '', '')));
	});

	it('strips only the marker and one space: the rest of the whitespace stays, in text and id', () => {
		assert.equal(gx('##   three spaces\n## trailing space \n'), lines(h(2, '--three-spaces', '  three spaces'), h(2, 'trailing-space-', 'trailing space ')));
	});

	it("maps ' and space to -, deletes everything else outside A-Za-z0-9- (tabs, non-ASCII, punctuation)", () => {
		assert.equal(gx("## I can't believe it!\n"), lines(h(2, 'i-can-t-believe-it', 'I can&#39;t believe it!')));
		assert.equal(gx('## Über naïve ★ café\n'), lines(h(2, 'ber-nave--caf', 'Über naïve ★ café')));
		assert.equal(gx('## a_b.c/d:e (f) [g] & <h>\n'), lines(h(2, 'abcde-f-g--h', 'a_b.c/d:e (f) [g] &amp; &lt;h&gt;')));
		assert.equal(gx('## tab\there\n'), lines(h(2, 'tabhere', 'tab\there')));
		assert.equal(gx('## Say "hi" <b>it\'s</b>\n'), lines(h(2, 'say-hi-bit-sb', 'Say "hi" &lt;b&gt;it&#39;s&lt;/b&gt;')));
	});

	it('gives duplicate headings the same id', () => {
		assert.equal(gx('## Hello World\n## Hello World\n'), lines(h(2, 'hello-world', 'Hello World'), h(2, 'hello-world', 'Hello World')));
	});

	it('turns backticks in a heading into inline code; the id keeps only the letters', () => {
		assert.equal(gx('## `code` in heading\n'), lines(h(2, 'code-in-heading', `${code('code')} in heading`)));
	});
});

describe('Gemtexter style: text, whitespace, escaping', () => {
	it('writes a span per non-empty line and a bare <br /> per empty line', () => {
		assert.equal(gx('one\n\n\n\ntwo\n'), lines(span('one'), BR, BR, BR, span('two')));
	});

	it('keeps leading, trailing and whitespace-only content verbatim', () => {
		assert.equal(gx('  lead\n\ttab\n   \ntrail   \n'), lines(span('  lead'), span('\ttab'), span('   '), span('trail   ')));
	});

	it('escapes & < > and \' (as &#39;) but not "; entities get escaped again', () => {
		assert.equal(gx(`Tom & Jerry <b>bold</b> "dq" 'sq' &amp; x\n`), lines(span('Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; "dq" &#39;sq&#39; &amp;amp; x')));
	});

	it('leaves backslashes and echo-like words alone in text', () => {
		assert.equal(gx('\\n back \\t \\\\ -n -e\n-n\n-e\n'), lines(span('\\n back \\t \\\\ -n -e'), span('-n'), span('-e')));
	});

	it('renders an empty document as nothing', () => {
		assert.equal(gx(''), '');
	});

	it('drops a last line without a final newline', () => {
		assert.equal(gx('# Title\n\nkept\nlast line without newline'), lines(h(1, 'title', 'Title'), BR, span('kept')));
		assert.equal(gx('only line'), '');
	});

	it('keeps the CR of CRLF lines in the text (ids lose it)', () => {
		assert.equal(
			gx('# CRLF title\r\n\r\n> q\r\nplain\r\n## h\r\n'),
			lines(h(1, 'crlf-title', 'CRLF title\r'), span('\r'), quote('q\r'), span('plain\r'), h(2, 'h', 'h\r')),
		);
	});

	it('joins a lone CR with the next line, as Bash read does (only LF ends a line)', () => {
		assert.equal(gx('a\rb\n# c\rd\n'), lines(span('a\rb'), h(1, 'cd', 'c\rd')));
	});

	it('drops NUL bytes, which Bash strings cannot hold', () => {
		assert.equal(gx('a\0b\n'), lines(span('ab')));
	});

	it('treats a BOM as text: the first line is no heading', () => {
		assert.equal(gx('\uFEFF# Title\n'), lines(span('\uFEFF# Title')));
	});
});

describe('Gemtexter style: inline code', () => {
	it('replaces each `…` pair, leftmost first; `` pairs and unclosed ones as sed does', () => {
		assert.equal(
			gx('plain `code` and `more code` and ``double`` and `unclosed\n'),
			lines(span(`plain ${code('code')} and ${code('more code')} and \`${code('double')}${code(' and ')}unclosed`)),
		);
	});

	it('applies after escaping', () => {
		assert.equal(gx('a `<b>&` b\n'), lines(span(`a ${code('&lt;b&gt;&amp;')} b`)));
	});

	it('applies in quotes and list items', () => {
		assert.equal(gx('> quote `c`\n* item `c`\n'), lines(quote(`quote ${code('c')}`), '<ul>', `<li>item ${code('c')}</li>`));
	});
});

describe('Gemtexter style: quotes', () => {
	it('needs "> "; >x, >, >> x are text; "> " alone is an empty quote', () => {
		assert.equal(
			gx('> normal\n>no space\n>\n> \n> a & b <c> \'d\'\n>> nested\n'),
			lines(quote('normal'), span('&gt;no space'), span('&gt;'), quote(''), quote('a &amp; b &lt;c&gt; &#39;d&#39;'), span('&gt;&gt; nested')),
		);
	});
});

describe('Gemtexter style: links', () => {
	it('splits on the first space only; the label keeps inner and trailing runs of spaces', () => {
		assert.equal(gx('=> https://example.org   label  with   spaces  \n'), lines(link('https://example.org', 'label  with   spaces  ')));
	});

	it('does not split on a tab: it stays in the URL', () => {
		assert.equal(gx('=> https://example.org\tlabel after tab\n'), lines(link('https://example.org\tlabel', 'after tab')));
	});

	it('skips extra spaces before the URL', () => {
		assert.equal(gx('=>  https://example.org two spaces\n'), lines(link('https://example.org', 'two spaces')));
	});

	it('renders =>url and a bare => as text', () => {
		assert.equal(gx('=>https://example.org x\n=>\n'), lines(span('=&gt;https://example.org x'), span('=&gt;')));
	});

	it("renders '=> ' with nothing after as an empty link with rel='me'", () => {
		assert.equal(gx('=> \n=>    \n'), lines("<a class='textlink' href='' rel='me'></a><br />", "<a class='textlink' href='' rel='me'></a><br />"));
	});

	it('shows a URL as its own label, unescaped, after the .gmi rewrite', () => {
		assert.equal(gx('=> foo.gmi\n=> https://x.org/?a=1&b=2\n'), lines(link('foo.html', 'foo.html'), link('https://x.org/?a=1&amp;b=2', 'https://x.org/?a=1&b=2')));
	});

	it('rewrites the first .gmi of links without :// only', () => {
		assert.equal(
			gx('=> dir/foo.gmi#frag f\n=> foo.gmi.txt d\n=> a.gmi?b=c.gmi q\n=> gemini://example.org/x.gmi abs\n=> //example.org/x.gmi rel\n'),
			lines(link('dir/foo.html#frag', 'f'), link('foo.html.txt', 'd'), link('a.html?b=c.gmi', 'q'), link('gemini://example.org/x.gmi', 'abs'), link('//example.org/x.html', 'rel')),
		);
	});

	it("escapes & < > ' in the href and the label", () => {
		assert.equal(
			gx("=> https://x.org/?a=1&b=2 label & <b>bold</b>\n=> https://x.org/it's label it's\n"),
			lines(link('https://x.org/?a=1&amp;b=2', 'label &amp; &lt;b&gt;bold&lt;/b&gt;'), link('https://x.org/it&#39;s', 'label it&#39;s')),
		);
	});

	it('turns backticks into inline code even inside the href', () => {
		assert.equal(gx('=> https://x.org/`code` label `code`\n'), lines(link(`https://x.org/${code('code')}`, `label ${code('code')}`)));
	});

	it('reads a URL that is only echo options (-n, -e, -E…) as empty, as `echo "$line"` does', () => {
		assert.equal(
			gx('=> -n\n=> -e\n=> -E x\n=> https://example.org -n\n'),
			lines("<a class='textlink' href='' rel='me'></a><br />", "<a class='textlink' href='' rel='me'></a><br />", link('-E', 'x'), link('https://example.org', '-n')),
		);
	});

	it('keeps fragment-only and mailto links; a space inside the mailto URL ends it', () => {
		assert.equal(gx('=> #frag\n=> mailto:a@b.c?subject=x y\n'), lines(link('#frag', '#frag'), link('mailto:a@b.c?subject=x', 'y')));
	});

	it('keeps the CR of a CRLF link in the label (or in the URL without one)', () => {
		assert.equal(gx('=> https://example.org label\r\n=> a.gmi\r\n'), lines(link('https://example.org', 'label\r'), link('a.html\r', 'a.html\r')));
	});

	it('accepts a digit-first pseudo-scheme (a relative path to browsers)', () => {
		assert.equal(gx('=>  1: PORTS\n'), lines(link('1:', 'PORTS')));
	});
});

describe('Gemtexter style: image links', () => {
	const img = (src: string, alt?: string) =>
		alt === undefined ? `<a href='${src}'><img src='${src}' /></a><br />` : `<a href='${src}'><img alt='${alt}' title='${alt}' src='${src}' /></a><br />`;

	it('makes jpg, png, gif, webp and svg links images, with or without a label', () => {
		assert.equal(
			gx('=> a.png\n=> a.png A picture\n=> a.jpg\n=> a.gif g\n=> a.webp w\n=> a.svg s\n=> https://x.org/a.png remote\n'),
			lines(img('a.png'), img('a.png', 'A picture'), img('a.jpg'), img('a.gif', 'g'), img('a.webp', 'w'), img('a.svg', 's'), img('https://x.org/a.png', 'remote')),
		);
	});

	it('is case-sensitive and anchored: .jpeg, .PNG, a query after the extension are links', () => {
		assert.equal(
			gx('=> a.jpeg j\n=> a.PNG u\n=> a.png?w=1 q\n'),
			lines(link('a.jpeg', 'j'), link('a.PNG', 'u'), link('a.png?w=1', 'q')),
		);
	});

	it('escapes the label but writes the image URL raw, with no .gmi rewrite', () => {
		assert.equal(
			gx("=> a.png label with 'quote' & <b>\n=> it's.png apostrophe\n=> a.gmi.png g\n"),
			lines(img('a.png', 'label with &#39;quote&#39; &amp; &lt;b&gt;'), img("it's.png", 'apostrophe'), img('a.gmi.png', 'g')),
		);
	});
});

describe('Gemtexter style: lists', () => {
	it('wraps a run of "* " lines in ul; the line after the list is swallowed by </ul><br />', () => {
		assert.equal(
			gx('* one\n* two\nText right after is dropped\nkept\n'),
			lines('<ul>', '<li>one</li>', '<li>two</li>', END_UL, span('kept')),
		);
	});

	it('swallows a blank line, a heading or a fence after a list alike', () => {
		assert.equal(gx('* a\n\n* b\n## H\n* c\n```\nnot pre\n```\n'), lines('<ul>', '<li>a</li>', END_UL, '<ul>', '<li>b</li>', END_UL, '<ul>', '<li>c</li>', END_UL, span('not pre')));
	});

	it('never closes a list at end of file', () => {
		assert.equal(gx('# T\n\n* a\n* b\n'), lines(h(1, 't', 'T'), BR, '<ul>', '<li>a</li>', '<li>b</li>'));
	});

	it('needs exactly "* ": extra spaces stay in the item; *\\tx, *, **x are text', () => {
		assert.equal(gx('*  two spaces\n*\ttab\n*\n* \n**bold**\n*emph*\n'), lines('<ul>', '<li> two spaces</li>', END_UL, span('*'), '<ul>', '<li></li>', END_UL, span('*emph*')));
	});

	it('escapes items and keeps a CR', () => {
		assert.equal(gx("* a & <b> 'c'\r\n* d\r\n"), lines('<ul>', "<li>a &amp; &lt;b&gt; &#39;c&#39;\r</li>", '<li>d\r</li>'));
	});

	it('makes ⇢ items table-of-contents links, one ⇢ per level below the first', () => {
		assert.equal(
			gx('* ⇢ One\n* ⇢ ⇢ Two\n* ⇢ ⇢ ⇢ Three\n* ⇢ ⇢ ⇢ ⇢ Four\n'),
			lines('<ul>', "<li><a href='#one'>One</a></li>", "<li>⇢ <a href='#two'>Two</a></li>", "<li>⇢ ⇢ <a href='#three'>Three</a></li>", "<li>⇢ ⇢ ⇢ <a href='#four'>Four</a></li>"),
		);
	});

	it('needs a space after ⇢; escapes the entry and slugs its raw text', () => {
		assert.equal(
			gx("* ⇢x no space\n* ⇢ `code` It's & <b>\n* ⇢ ⇢ Trailing \n"),
			lines('<ul>', '<li>⇢x no space</li>', `<li><a href='#code-it-s--b'>${code('code')} It&#39;s &amp; &lt;b&gt;</a></li>`, "<li>⇢ <a href='#trailing-'>Trailing </a></li>"),
		);
	});
});

describe('Gemtexter style: preformatted blocks', () => {
	it('writes the lines escaped and unparsed between <pre> and </pre>', () => {
		assert.equal(
			gx("```\n  keep   spaces\n\ttab & <tag> 'q'\n* not a list\n=> not a link\n# not a heading\n`not code`\n```\n"),
			lines('<pre>', '  keep   spaces', "\ttab &amp; &lt;tag&gt; &#39;q&#39;", '* not a list', '=&gt; not a link', '# not a heading', '`not code`', '</pre>'),
		);
	});

	it('ignores alt text, toggles on four backticks, ignores text after a closing fence', () => {
		assert.equal(
			gx('``` alt text\nx\n```lang\n```` open\ny\n```` close\n```\nz ``` w\n``` closing text\nafter\n'),
			lines('<pre>', 'x', '</pre>', '<pre>', 'y', '</pre>', '<pre>', 'z ``` w', '</pre>', span('after')),
		);
	});

	it('drops leading blank lines but keeps inner and trailing ones', () => {
		assert.equal(gx('```\n\n\na\n\nb\n\n```\n'), lines('<pre>', 'a', '', 'b', '', '</pre>'));
	});

	it('writes an empty block as <pre>, an empty line, </pre>', () => {
		assert.equal(gx('```\n```\n```\n\n\n```\n'), lines('<pre>', '', '</pre>', '<pre>', '', '</pre>'));
	});

	it('drops an unclosed block at end of file', () => {
		assert.equal(gx('before\n```\nline 1\nline 2\n'), lines(span('before')));
	});

	it('keeps CRs inside and closes on a CRLF fence', () => {
		assert.equal(gx('```\r\npre\r\n```\r\nafter\r\n'), lines('<pre>', 'pre\r', '</pre>', span('after\r')));
	});

	it('drops a closing fence that is the last line without newline, and with it the block', () => {
		assert.equal(gx('a\n```\nx\n```'), lines(span('a')));
	});
});

describe('Gemtexter style: lineNumbers', () => {
	const doc = '# T\n\ntext\n> q\n=> a.gmi A\n=> p.png P\n* i\n* j\nswallowed\n```\ncode\n```\n';

	it('stamps each block with its 0-based source line; blank lines and </ul> get none', () => {
		assert.equal(
			gx(doc, true),
			lines(
				`<h1 data-line="0" style='display: inline' id='t'>T</h1><br />`,
				BR,
				'<span data-line="2">text</span><br />',
				`<span data-line="3" class='quote'>q</span><br />`,
				`<a data-line="4" class='textlink' href='a.html'>A</a><br />`,
				`<a data-line="5" href='p.png'><img alt='P' title='P' src='p.png' /></a><br />`,
				'<ul data-line="6">',
				'<li data-line="6">i</li>',
				'<li data-line="7">j</li>',
				END_UL,
				'<pre data-line="9">',
				'code',
				'</pre>',
			),
		);
	});

	it('is byte-identical to Gemtexter when off', () => {
		assert.equal(gx(doc), gx(doc, false));
		assert.ok(!gx(doc).includes('data-line'));
	});

	it('names the language of a block for the preview highlighter, escaped, and only with lineNumbers', () => {
		const code = '```js some title\nlet a;\n```\n```"><x\ny\n```\n';
		assert.equal(gx(code, true), lines('<pre data-line="0" data-lang="js">', 'let a;', '</pre>', '<pre data-line="3" data-lang="&quot;&gt;&lt;x">', 'y', '</pre>'));
		assert.equal(gx(code), lines('<pre>', 'let a;', '</pre>', '<pre>', 'y', '</pre>'));
	});

	it('counts lines as the editor does across CRLF and lone CR', () => {
		assert.equal(gx('a\r\nb\rc\nd\n', true), lines('<span data-line="0">a\r</span><br />', '<span data-line="1">b\rc</span><br />', '<span data-line="3">d</span><br />'));
	});
});

describe('Gemtexter reading of lines and blocks', () => {
	it('reads lines as Bash read does', () => {
		assert.deepEqual(getGemtexterLines(parseGemtext('a\r\nb\rc\nlast')), [
			{ text: 'a\r', line: 0, complete: true },
			{ text: 'b\rc', line: 1, complete: true },
			{ text: 'last', line: 3, complete: false },
		]);
	});

	it('classifies a swallowed fence as nothing, so the spec pre state does not apply', () => {
		const kinds = getGemtexterBlocks(parseGemtext('* a\n```\nx\n```\ny\n')).map((b) => b.kind);
		assert.deepEqual(kinds, ['list', 'text']);
	});
});

describe('Gemtexter page', () => {
	it("takes Gemtexter's title: first '# ' line, \" as ', escaped", () => {
		const doc = parseGemtext('intro\n# Say "hi" & <b>\n## x\n');
		assert.equal(getGemtexterTitle(doc), "Say 'hi' & <b>");
		const page = renderPage(doc, { style: 'gemtexter' });
		assert.ok(page.includes("<title>Say &#39;hi&#39; &amp; &lt;b&gt;</title>"), page);
	});

	it("wraps the body in Gemtexter's page skeleton with the stylesheets and inline CSS", () => {
		const doc = parseGemtext('# T\ntext\n');
		const page = renderPage(doc, { style: 'gemtexter', title: 'My <T>', stylesheets: ['style.css', 'a"b.css'], inlineCss: 'p{}</style><script>' });
		assert.equal(
			page,
			[
				'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
				'<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">',
				'<head>',
				'<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
				'<title>My &lt;T&gt;</title>',
				'<link rel="stylesheet" href="style.css" />',
				'<link rel="stylesheet" href="a&quot;b.css" />',
				'<style>',
				'p{}<\\/style><script>',
				'</style>',
				'</head>',
				'<body>',
				h(1, 't', 'T'),
				span('text'),
				'</body>',
				'</html>',
				'',
			].join('\n'),
		);
	});

	it('getDocumentTitle is the first spec heading, trimmed', () => {
		assert.equal(getDocumentTitle(parseGemtext('text\n##  Hello  \n# Later\n')), 'Hello');
		assert.equal(getDocumentTitle(parseGemtext('#\n# x\n')), undefined);
		assert.equal(getDocumentTitle(parseGemtext('no headings\n')), undefined);
	});
});
