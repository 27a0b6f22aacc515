// Hostile documents in both styles: nothing may run, no unsafe URL may become an href or
// src, and every character of the document must come out escaped. The rendered HTML is
// read with parse5, as a browser would read it.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseGemtext } from '../../../server/src/service/parser';
import { escapeAttr, escapeGemtexter, escapeHtml, renderHtml, safeHref } from '../../../server/src/service/render/index';
import type { PreviewStyle } from '../../../server/src/service/workspace';
import { assertInert, assertWellFormed, attr, browserScheme, elements, textOf } from '../htmlAssert';
import { parseFragment } from 'parse5';

const STYLES: readonly PreviewStyle[] = ['gemtexter', 'gemini'];

function render(text: string, style: PreviewStyle, lineNumbers = false): string {
	const html = renderHtml(parseGemtext(text), { style, lineNumbers });
	assertInert(html);
	if (style === 'gemini') {
		assertWellFormed(html);
	}
	return html;
}

/** URL-carrying attributes of the rendered tree. */
function urls(html: string): string[] {
	return elements(parseFragment(html)).flatMap((el) => el.attrs.filter((a) => a.name === 'href' || a.name === 'src').map((a) => a.value));
}

const UNSAFE_URLS = [
	'javascript:alert(1)',
	'JaVaScRiPt:alert(1)',
	'JAVASCRIPT:alert(1)',
	'java\tscript:alert(1)',
	'\x01javascript:alert(1)',
	'&#106;avascript:alert(1)',
	'&#x6A;avascript:alert(1)',
	'javascript&#58;alert(1)',
	'javascript&colon;alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
	'vbscript:msgbox(1)',
	'file:///etc/passwd',
	'command:workbench.action.terminal.new',
	'vscode:extension/evil',
	'C:\\Windows\\win.ini',
	'javascript:alert(1)//x.png',
	'data:image/svg+xml,<svg/onload=alert(1)>.svg',
];

describe('safeHref', () => {
	it('allows relative references and well-known schemes, any case', () => {
		for (const url of ['', '#frag', 'a.gmi', '../a/b.gmi?x=1#y', '//host/x', '/abs', '?q', 'https://x.org', 'HTTP://X.ORG', 'gemini://a.b/', 'gopher://g/1', 'mailto:a@b.c', 'finger://f', 'spartan://s', 'news:comp.lang', 'a/b:c', '1: x', 'dir/javascript:x']) {
			assert.equal(safeHref(url), url, JSON.stringify(url));
		}
	});

	it('refuses javascript:, data: (but images), vbscript:, file:, command:, vscode: and obfuscated schemes', () => {
		for (const url of [...UNSAFE_URLS, ' javascript:alert(1)', 'java script:x', 'jav&#x09;ascript:x', 'javascript\n:x', 'javascript\u0000:x', 'ｊavascript:x', 'c:\\windows', 'data:image/svg+xml;base64,PHN2Zz4=', 'VSCODE-INSIDERS:x']) {
			assert.equal(safeHref(url), undefined, JSON.stringify(url));
		}
	});

	it('keeps every other scheme a link, as Gemtexter writes it, and data: images', () => {
		for (const url of ['ipns://docs.ipfs.tech/', 'hyper://abc/', 'cabal://key', 'xmpp:me@example.org', 'magnet:?xt=urn:btih:x', 'ssh://host', 'unknown-scheme:x', 'blob:https://x/1', 'data:image/png;base64,iVBORw0KGgo=']) {
			assert.equal(safeHref(url), url, JSON.stringify(url));
		}
	});
});

describe('link schemes in the Gemtexter style', () => {
	it('renders ipns:, hyper:, cabal:, xmpp: links as links in both styles, as Gemtexter publishes them', () => {
		const urls_ = ['ipns://docs.ipfs.tech/', 'hyper://1234/', 'cabal://abcd', 'xmpp:me@example.org'];
		const text = urls_.map((u) => `=> ${u} Label`).join('\n') + '\n';
		assert.equal(render(text, 'gemtexter'), urls_.map((u) => `<a class='textlink' href='${u}'>Label</a><br />`).join('\n') + '\n');
		assert.deepEqual(urls(render(text, 'gemini')), urls_);
	});
});

describe('escaping helpers', () => {
	it('escapeHtml and escapeAttr encode & < > " \' and replace control characters', () => {
		for (const f of [escapeHtml, escapeAttr]) {
			assert.equal(f(`<a href="x" b='y'>&amp;\0</a>`), '&lt;a href=&quot;x&quot; b=&#39;y&#39;&gt;&amp;amp;\uFFFD&lt;/a&gt;');
			assert.equal(f('plain ünïcode\t\r\n'), 'plain ünïcode\t\r\n');
			assert.equal(f('\x01\x0b\x1f\x7f\x85'), '\uFFFD'.repeat(5));
		}
	});

	it('escapeGemtexter encodes & < > \' but not ", like html::encode', () => {
		assert.equal(escapeGemtexter(`"it's" & <b>`), '"it&#39;s" &amp; &lt;b&gt;');
	});
});

describe('hostile documents', () => {
	for (const style of STYLES) {
		it(`${style}: escapes <script> in every line type`, () => {
			const payload = '<script>alert(1)</script><img src=x onerror=alert(1)>';
			const doc = [`# ${payload}`, `## ${payload}`, `> ${payload}`, `* ${payload}`, payload, `=> https://x.org ${payload}`, `=> x.png ${payload}`, '```' + payload, payload, '```', ''].join('\n');
			const html = render(doc, style);
			assert.ok(!html.includes('<script'), html);
			assert.ok(!html.includes('<img src=x'), html);
			const text = textOf(parseFragment(html));
			assert.ok(text.includes('<script>alert(1)</script>'), 'the payload is shown as text');
		});

		it(`${style}: never turns an unsafe URL into an href or src, and shows the link as text`, () => {
			for (const url of UNSAFE_URLS) {
				for (const line of [`=> ${url} Label`, `=> ${url}`]) {
					const html = render(line + '\n', style);
					for (const value of urls(html)) {
						assert.ok(browserScheme(value) === undefined || /^(https?|gemini|mailto)$/.test(browserScheme(value) ?? ''), `${line} → ${html}`);
						assert.notEqual(safeHref(value), undefined, `${line} → ${html}`);
					}
					// (The spec splits `java\tscript:…` at the tab: a harmless relative link `java` in gemini style.)
					if (style === 'gemtexter' || !/\s/.test(url)) {
						assert.deepEqual(urls(html).filter((u) => u !== ''), [], `${line} → ${html}`);
					}
					if (line.endsWith('Label') && (style === 'gemtexter' || !/\s/.test(url))) {
						assert.equal(textOf(parseFragment(html)).trim(), 'Label');
					}
				}
			}
		});

		it(`${style}: keeps quote breakouts inside the attribute`, () => {
			const doc = [
				`=> https://x.org/"onmouseover="alert(1) "quoted" label`,
				`=> https://x.org/'onmouseover='alert(1) 'single' label`,
				`=> https://x.org/'onmouseover='alert(1)`,
				'```python" onmouseover="alert(1)',
				'x',
				'```',
				"``` a' onclick='alert(1)",
				'y',
				'```',
				'',
			].join('\n');
			const html = render(doc, style);
			const anchors = elements(parseFragment(html)).filter((e) => e.tagName === 'a');
			assert.equal(anchors.length, 3);
			for (const a of anchors) {
				assert.ok((attr(a, 'href') ?? '').startsWith('https://x.org/'), html);
			}
		});

		it(`${style}: survives a huge line`, () => {
			const big = '<&"\''.repeat(50_000);
			const html = render(`${big}\n=> https://x.org ${big}\n`, style);
			assert.ok((html.match(/</g) ?? []).length < 20, 'only the renderer’s own few tags: every payload < is escaped');
			assert.equal(textOf(parseFragment(html)).replace(/\s/g, ''), (big + big).replace(/\s/g, ''));
		});

		it(`${style}: keeps backtick tricks and line numbers inert`, () => {
			render('=> https://x/`\'onmouseover=alert(1)//`\n=> x`\'/onerror=alert(1)//`.png\n`<b onclick=x>`\n', style, true);
		});
	}

	it('gemtexter: image links with a quote break out of nothing that could run', () => {
		const html = render("=> x'/onerror='alert(1)'/y.png L\n=> a\"b.png L\n=> it's.png L\n", 'gemtexter');
		assert.ok(html.includes("src='it's.png'"), 'harmless raw quote kept as Gemtexter writes it');
		assert.ok(html.includes("src='x&#39;/onerror=&#39;alert(1)&#39;/y.png'"), html);
	});

	it('gemtexter: a label-less URL holding markup is escaped, other label-less URLs stay raw', () => {
		assert.equal(
			render('=> https://x/<img/src/onerror=alert(1)>\n=> https://x/?a&b\n', 'gemtexter'),
			"<a class='textlink' href='https://x/&lt;img/src/onerror=alert(1)&gt;'>https://x/&lt;img/src/onerror=alert(1)&gt;</a><br />\n" +
				"<a class='textlink' href='https://x/?a&amp;b'>https://x/?a&b</a><br />\n",
		);
	});

	it('shows refused links as text in each style', () => {
		assert.equal(render('=> javascript:alert(1) Click\n', 'gemtexter'), '<span>Click</span><br />\n');
		assert.equal(render('=> javascript:alert(1)\n', 'gemtexter'), '<span>javascript:alert(1)</span><br />\n');
		assert.equal(render('=> data:x.png Pic\n', 'gemtexter'), '<span>Pic</span><br />\n');
		assert.equal(render('=> javascript:alert(1) Click\n', 'gemini'), '<p class="link">Click</p>\n');
		assert.equal(render('=> vbscript:x\n', 'gemini'), '<p class="link">vbscript:x</p>\n');
	});
});
