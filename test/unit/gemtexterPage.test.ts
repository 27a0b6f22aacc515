import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createGemtextService, defaultSettings, type TextSnapshot } from '../../server/src/service';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

const HEADER = [
	'<!DOCTYPE html>',
	'<html>',
	'<head>',
	'<title>%%TITLE%%</title>',
	'<link rel="stylesheet" href="%%STYLESHEET%%" />',
	'<link rel="stylesheet" href="%%STYLESHEET_OVERRIDE%%" />',
	'</head>',
	'<body>',
	'<p class="header"><a href="https://%%DOMAIN%%">Home</a> | <a href="%%MARKDOWN_BASE_URI%%%%CURRENT_PAGE%%.md">Markdown</a> | <a href="gemini://%%DOMAIN%%%%CURRENT_PAGE%%.gmi">Gemini</a></p>',
	'',
].join('\n');
const FOOTER = '<p class="footer">Made with <a href="https://example.org/gt">%%GEMTEXTER%%</a> | %%TITLE%%</p>\n</body>\n</html>\n';

const SITE: Record<string, string> = {
	'/ws/gemtexter.conf': [
		'declare -xr DOMAIN=example.org',
		'declare -xr MARKDOWN_BASE_URI=https://git.example.org/site/md',
		"declare -xr SUBTITLE='The lab'",
		'declare -xr HTML_THEME_DIR=./themes/plain',
		'',
	].join('\n'),
	'/ws/themes/plain/theme.conf': 'declare -xr HTML_HEADER=./parts/header.html.part\ndeclare -xr HTML_FOOTER=./parts/footer.html.part\ndeclare -xr HTML_CSS_STYLE=$HTML_THEME_DIR/style.css\n',
	'/ws/themes/plain/style.css': 'body { color: teal; }\n',
	'/ws/themes/plain/style-gemfeed-override.css': '.quote { color: navy; }\n',
	'/ws/parts/header.html.part': HEADER,
	'/ws/parts/footer.html.part': FOOTER,
	'/ws/gemtexter': '#!/usr/bin/env bash\ndeclare -r VERSION=9.8.7\ndeclare -r VERSION_DESCR=test\n',
};

function service(files: Record<string, string>) {
	return createGemtextService({
		fileSystem: new MemoryFileSystem(files),
		logger: { log: () => undefined },
		getSettings: () => defaultSettings,
		workspaceFolders: [uriOf('/ws')],
	});
}

const snap = (path: string, text: string): TextSnapshot => ({ uri: uriOf(path), version: 1, getText: () => text });

describe('gemtexter page mode', () => {
	it('wraps the body in the header and footer parts, variables substituted as Gemtexter does', async () => {
		const result = await service(SITE).renderHtml(snap('/ws/gemfeed/2025-01-15-post.gmi', '# A & B\n\nText.\n'), { gemtexterPage: true });
		const body = "<h1 style='display: inline' id='a--b'>A &amp; B</h1><br />\n<br />\n<span>Text.</span><br />\n";
		assert.equal(result.html, [
			'<p class="header"><a href="https://example.org">Home</a> | <a href="https://git.example.org/site/md/gemfeed/2025-01-15-post.md">Markdown</a> | <a href="gemini://example.org/gemfeed/2025-01-15-post.gmi">Gemini</a></p>',
			'',
			// sed's replacement: the title's `&` stands for the matched placeholder.
		].join('\n') + body + '<p class="footer">Made with <a href="https://example.org/gt">Gemtexter 9.8.7-test</a> | A %%TITLE%% B</p>\n');
		assert.deepEqual(result.stylesheets, [uriOf('/ws/themes/plain/style.css'), uriOf('/ws/themes/plain/style-gemfeed-override.css')]);
	});

	it('names only the main style sheet at the top level, and uses the subtitle without a title', async () => {
		const result = await service(SITE).renderHtml(snap('/ws/about.gmi', 'No heading.\n'), { gemtexterPage: true });
		assert.match(result.html, /href="gemini:\/\/example\.org\/about\.gmi"/);
		assert.match(result.html, /\| The lab<\/p>\n$/);
		assert.deepEqual(result.stylesheets, [uriOf('/ws/themes/plain/style.css')]);
	});

	it('names the web fonts Gemtexter copies beside the style sheet: the files theme.conf names that exist, the heading font falling back to the text font', async () => {
		const fonts = {
			...SITE,
			'/ws/themes/plain/theme.conf': SITE['/ws/themes/plain/theme.conf'] + [
				'declare -xr HTML_WEBFONT_TEXT=./fonts/Serif-Regular.ttf',
				'declare -xr HTML_WEBFONT_CODE=./fonts/Mono.ttf',
				'declare -xr HTML_WEBFONT_HANDNOTES=./fonts/missing.ttf',
				'',
			].join('\n'),
			'/ws/fonts/Serif-Regular.ttf': 'ttf',
			'/ws/fonts/Mono.ttf': 'ttf',
		};
		const result = await service(fonts).renderHtml(snap('/ws/about.gmi', '# About\n'), { gemtexterPage: true });
		assert.deepEqual(result.fonts, [
			{ name: 'text.ttf', uri: uriOf('/ws/fonts/Serif-Regular.ttf') },
			{ name: 'heading.ttf', uri: uriOf('/ws/fonts/Serif-Regular.ttf') },
			{ name: 'code.ttf', uri: uriOf('/ws/fonts/Mono.ttf') },
		]);
		assert.deepEqual((await service(SITE).renderHtml(snap('/ws/about.gmi', '# About\n'), { gemtexterPage: true })).fonts, [], 'a theme without web fonts');
	});

	it('puts the site\'s parts inside the page\'s skeleton for a page written to disk (Export), escaping the document\'s title and path there', async () => {
		const text = '# A "quoted" <b>title</b> & more\n\nText.\n';
		const uri = '/ws/gemfeed/2025-01-15-it\'s.gmi';
		const result = await service(SITE).renderHtml(snap(uri, text), { gemtexterPage: true, page: true });
		const body = (await service(SITE).renderHtml(snap(uri, text))).html;
		const html = result.html;
		assert.ok(html.startsWith('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"'), 'Gemtexter\'s skeleton');
		assert.equal(html.match(/<head>/g)?.length, 1, 'one head, the page\'s: the header part\'s own head is left out');
		assert.equal(html.match(/<body>/g)?.length, 1);
		const header = html.indexOf('<p class="header">');
		const footer = html.indexOf('<p class="footer">');
		assert.ok(header > html.indexOf('<body>') && header < html.indexOf(body) && footer > html.indexOf(body) + body.length - 1 && footer < html.indexOf('</body>'), 'header, body, footer in order inside <body>');
		// Gemtexter's title (its `"` made `'`), sed's `&` (the placeholder), then escaped: no markup or attribute from the document.
		assert.ok(html.includes('| A &#39;quoted&#39; &lt;b&gt;title&lt;/b&gt; %%TITLE%% more</p>'), html);
		assert.ok(html.includes('gemini://example.org/gemfeed/2025-01-15-it&#39;s.gmi"'), 'the path escaped in an attribute');
		assert.ok(!/<b>title/.test(html));
		assert.deepEqual(result.stylesheets, [uriOf('/ws/themes/plain/style.css'), uriOf('/ws/themes/plain/style-gemfeed-override.css')]);
		const preview = await service(SITE).renderHtml(snap(uri, text), { gemtexterPage: true });
		assert.ok(preview.html.includes("| A 'quoted' <b>title</b> %%TITLE%% more</p>"), 'the preview keeps Gemtexter\'s bytes (the webview sanitises them)');
	});

	it('maps a template to the page it generates', async () => {
		const result = await service(SITE).renderHtml(snap('/ws/gemfeed/2025-01-15-post.gmi.tpl', '# T\n'), { gemtexterPage: true });
		assert.match(result.html, /gemini:\/\/example\.org\/gemfeed\/2025-01-15-post\.gmi"/);
	});

	it('keeps the body alone without the option, in Gemini style, or without header and footer parts', async () => {
		const text = '# T\n';
		const body = "<h1 style='display: inline' id='t'>T</h1><br />\n";
		assert.equal((await service(SITE).renderHtml(snap('/ws/a.gmi', text))).html, body);
		assert.equal((await service(SITE).renderHtml(snap('/ws/a.gmi', text), { gemtexterPage: true, style: 'gemini' })).html, '<h1 id="t">T</h1>\n');
		assert.ok(!(await service(SITE).renderHtml(snap('/ws/a.gmi', text), { page: true })).html.includes('class="header"'), 'a page without the option: no site parts');
		const bare = { ...SITE };
		delete bare['/ws/parts/header.html.part'];
		delete bare['/ws/parts/footer.html.part'];
		const result = await service(bare).renderHtml(snap('/ws/a.gmi', text), { gemtexterPage: true });
		assert.equal(result.html, body);
		assert.equal(result.stylesheets, undefined);
	});

	it('finds the content under CONTENT_BASE_DIR/gemtext for the current page', async () => {
		const files = { ...SITE, '/ws/gemtexter.conf': SITE['/ws/gemtexter.conf'] + 'declare -xr CONTENT_BASE_DIR=./content\n' };
		const result = await service(files).renderHtml(snap('/ws/content/gemtext/notes/x.gmi', '# X\n'), { gemtexterPage: true });
		assert.match(result.html, /gemini:\/\/example\.org\/notes\/x\.gmi"/);
	});
});
