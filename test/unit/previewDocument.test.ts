import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { allowedInlineStyleHashes, buildContentSecurityPolicy, buildPreviewPage, createNonce, escapeHtml, rewriteCssUrls } from '../../client/src/preview/previewDocument';
import { allowedInlineStyles, type PreviewSettings } from '../../client/webview/messages';

const settings: PreviewSettings = {
	source: 'file:///w/a.gmi',
	version: 3,
	locked: false,
	scrollPreviewWithEditor: true,
	scrollEditorWithPreview: true,
	doubleClickToSwitchToEditor: true,
};

function page(overrides: Partial<Parameters<typeof buildPreviewPage>[0]> = {}): string {
	return buildPreviewPage({
		bodyHtml: '<p data-line="0">hi</p>',
		nonce: 'NONCE123',
		cspSource: 'https://*.vscode-cdn.net',
		scriptUri: 'https://x.vscode-cdn.net/ext/dist/preview.js',
		styleUris: ['https://x.vscode-cdn.net/ext/media/preview.css'],
		settings,
		style: 'gemtexter',
		title: 'A',
		...overrides,
	});
}

describe('preview page: content security policy', () => {
	it('denies by default, runs scripts only by nonce, images from the workspace and https', () => {
		const csp = buildContentSecurityPolicy({ nonce: 'N', cspSource: 'https://*.vscode-cdn.net' });
		const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
		assert.deepEqual(directives.get('default-src'), [`'none'`]);
		assert.deepEqual(directives.get('script-src'), [`'nonce-N'`]);
		assert.deepEqual(directives.get('img-src'), ['https://*.vscode-cdn.net', 'https:']);
		assert.deepEqual(directives.get('form-action'), [`'none'`]);
		assert.ok(!csp.includes(`'unsafe-inline'`));
		assert.ok(!csp.includes(`'unsafe-eval'`));
	});

	it('allows the inline styles the renderers emit by hash, and nothing else inline', () => {
		assert.deepEqual(Object.keys(allowedInlineStyleHashes), [...allowedInlineStyles]);
		for (const [value, hash] of Object.entries(allowedInlineStyleHashes)) {
			assert.equal(hash, `sha256-${createHash('sha256').update(value).digest('base64')}`, value);
		}
		const csp = buildContentSecurityPolicy({ nonce: 'N', cspSource: 'https://c' });
		assert.match(csp, /style-src https:\/\/c 'nonce-N' 'unsafe-hashes' 'sha256-[^']+'(;|$)/);
	});

	it('allows the exact https style sheets the user configured, never other schemes or broken sources', () => {
		const csp = buildContentSecurityPolicy({ nonce: 'N', cspSource: 'https://c', remoteStyleUris: ['https://example.org/style.css', 'http://example.org/x.css', `https://e.org/a.css; script-src *`] });
		assert.match(csp, /style-src [^;]*https:\/\/example\.org\/style\.css/);
		assert.ok(!csp.includes('http://example.org'));
		assert.equal(csp.match(/script-src/g)?.length, 1);
	});

	it('keeps every token of VS Code\'s cspSource list, as the webview reports it', () => {
		const csp = buildContentSecurityPolicy({ nonce: 'N', cspSource: `'self' https://*.vscode-cdn.net` });
		assert.match(csp, /img-src 'self' https:\/\/\*\.vscode-cdn\.net https:;/);
		assert.match(csp, /style-src 'self' https:\/\/\*\.vscode-cdn\.net 'nonce-N'/);
		assert.match(csp, /font-src 'self' https:\/\/\*\.vscode-cdn\.net;/);
		assert.match(csp, /base-uri 'self' https:\/\/\*\.vscode-cdn\.net;/);
	});

	it('refuses a cspSource that would inject directives', () => {
		const csp = buildContentSecurityPolicy({ nonce: 'N', cspSource: `https://c; script-src 'unsafe-inline'` });
		assert.ok(!csp.includes(`'unsafe-inline'`));
	});
});

describe('preview page: shell', () => {
	it('puts the nonce on the script, in the head, before the body', () => {
		const html = page();
		const script = html.indexOf('<script defer nonce="NONCE123" src="https://x.vscode-cdn.net/ext/dist/preview.js"></script>');
		assert.ok(script > 0);
		assert.ok(script < html.indexOf('</head>'));
		assert.equal(html.match(/<script/g)?.length, 1);
	});

	it('escapes the title, settings, URIs and base', () => {
		const html = page({ title: '</title><script>x</script>', baseUri: 'https://b/"><script>', settings: { ...settings, source: 'file:///"><img src=x onerror=alert(1)>' } });
		assert.equal(html.match(/<script/g)?.length, 1);
		assert.ok(!html.includes('<img'));
		assert.ok(html.includes('&#60;/title&#62;&#60;script&#62;'));
	});

	it('embeds the settings as JSON the webview can read back', () => {
		const match = /data-settings="([^"]*)"/.exec(page());
		assert.ok(match);
		const json = match[1].replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
		assert.deepEqual(JSON.parse(json), settings);
	});

	it('adds the font size only as a number, in a nonce\'d style block', () => {
		assert.match(page({ fontSize: 17.4 }), /<style nonce="NONCE123">:root \{ --gemtext-preview-font-size: 17px; \}<\/style>/);
		assert.ok(!page({ fontSize: Number.NaN }).includes('<style'));
	});

	it('marks the body with the render style', () => {
		assert.match(page({ style: 'gemini' }), /<body class="gemtext-preview gemtext-style-gemini">/);
	});
});

describe('preview page: helpers', () => {
	it('escapes all five HTML-significant characters', () => {
		assert.equal(escapeHtml(`<a href='x' title="y">&</a>`), '&#60;a href=&#39;x&#39; title=&#34;y&#34;&#62;&#38;&#60;/a&#62;');
	});

	it('makes fresh, attribute-safe nonces', () => {
		const a = createNonce();
		assert.match(a, /^[A-Za-z0-9_-]{22}$/);
		assert.notEqual(a, createNonce());
	});
});

describe('preview page: a theme style sheet given as text (page mode)', () => {
	it('rewrites the url() references resolve answers for, in every quoting, and leaves the others as written', () => {
		const css = [
			'@font-face { font-family: "text"; src: url("./text.ttf") format("truetype"); }',
			"@font-face { font-family: 'code'; src: url( 'code.ttf' ); }",
			'body { background: url(img/bg.png); }',
			'.x { background: url(data:image/png;base64,AAAA); }',
			'.y { background: URL("https://example.org/a.png"); }',
		].join('\n');
		const asked: string[] = [];
		const out = rewriteCssUrls(css, (ref) => {
			asked.push(ref);
			return ref.includes(':') ? undefined : `https://w/${ref.replace(/^\.\//, '')}?a="b"`;
		});
		assert.deepEqual(asked, ['./text.ttf', 'code.ttf', 'img/bg.png', 'data:image/png;base64,AAAA', 'https://example.org/a.png']);
		assert.equal(out, [
			'@font-face { font-family: "text"; src: url("https://w/text.ttf?a=\\"b\\"") format("truetype"); }',
			"@font-face { font-family: 'code'; src: url(\"https://w/code.ttf?a=\\\"b\\\"\"); }",
			'body { background: url("https://w/img/bg.png?a=\\"b\\""); }',
			'.x { background: url(data:image/png;base64,AAAA); }',
			'.y { background: URL("https://example.org/a.png"); }',
		].join('\n'));
	});

	it('places it after preview.css and before the user\'s sheets, nonce\'d, unable to close its element early', () => {
		const html = page({
			styleUris: ['https://x.vscode-cdn.net/ext/media/preview.css', 'https://x.vscode-cdn.net/ws/mine.css'],
			inlineStyles: ['body { color: teal; } </style><script>alert(1)</script>'],
		});
		const head = html.slice(0, html.indexOf('</head>'));
		const order = ['media/preview.css', '<style nonce="NONCE123">', 'ws/mine.css'].map((s) => head.indexOf(s));
		assert.ok(order.every((at) => at >= 0) && order[0] < order[1] && order[1] < order[2], `in cascade order: ${order}`);
		assert.ok(head.includes('body { color: teal; } <\\/style><script>alert(1)</script>'));
		assert.equal(head.match(/<\/style>/g)?.length, 1, 'only the element\'s own end tag');
	});
});
