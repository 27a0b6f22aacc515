// Gemtexter's feed and page inside a real VS Code: "Gemtext: Preview Gemfeed" opens gemfeed/index.gmi
// and atom.xml as Gemtexter will generate them, side by side, in the Gemtext and XML languages; with
// gemtext.preview.gemtexterPage = page, the preview wraps the post in the site's header and footer and
// loads the theme's style sheet, and Export to HTML writes that page. Files are written under gemfeed-e2e/, a capsule of its own (its
// gemtexter.conf makes only that folder Gemtexter style).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GemtextExtensionApi } from '../../client/src/extension';
import type { GemfeedPreviewDocuments } from '../../client/src/gemfeed';
import { activateExtension, EXTENSION_ID, waitForRender, workspaceUri, writeText as write } from './support';

/** Bounds waiting on events; the first render also waits for the language server and the webview. */
const TIMEOUT_MS = 90_000;

const POST = '# Hello feed\n\n> Published at 2025-03-04T05:06:07+01:00\n\nThe summary line.\n\n> One quote line\n> and its second line\n';


suite('Gemtexter feed and page', function () {
	this.timeout(2 * TIMEOUT_MS);
	let api: GemtextExtensionApi;
	const at = (...segments: string[]) => workspaceUri('gemfeed-e2e', ...segments);
	const post = () => at('gemfeed', '2025-03-04-hello-feed.gmi');

	suiteSetup(async () => {
		api = await activateExtension<GemtextExtensionApi>();
		await write(at('gemtexter.conf'), [
			'declare -xr DOMAIN=feed.example',
			"declare -xr SUBTITLE='E2E feed'",
			"declare -xr AUTHOR='Tess Ter'",
			'declare -xr EMAIL=tess@feed.example',
			'declare -xr ATOM_MAX_ENTRIES=10',
			'declare -xr HTML_THEME_DIR=./theme',
			'',
		].join('\n'));
		await write(at('theme', 'theme.conf'), 'declare -xr HTML_HEADER=./theme/header.html.part\ndeclare -xr HTML_FOOTER=./theme/footer.html.part\ndeclare -xr HTML_CSS_STYLE=$HTML_THEME_DIR/style.css\ndeclare -xr HTML_WEBFONT_TEXT=./fonts/Body-Regular.ttf\n');
		await write(at('fonts', 'Body-Regular.ttf'), 'not really a font');
		await write(at('theme', 'header.html.part'), '<html><head><title>%%TITLE%%</title></head>\n<body>\n<p class="header"><a href="https://%%DOMAIN%%">Home</a> <script>document.title = "ran"</script></p>\n');
		await write(at('theme', 'footer.html.part'), '<p class="footer">Footer of %%DOMAIN%%</p>\n</body>\n</html>\n');
		await write(at('theme', 'style.css'), '@font-face { font-family: "text"; src: url("./text.ttf") format("truetype"); }\nbody { background: #fdf6e3; font-family: text; }\n');
		await write(post(), POST);
		await write(at('gemfeed', '2025-01-02-older.gmi'), '# Older post\n\n> Published at 2025-01-02T00:00:00Z\n\nOlder text.\n');
		await write(at('gemfeed', 'DRAFT-2025-04-01-draft.gmi'), '# Draft\n\nNot yet.\n');
	});

	suiteTeardown(async () => {
		await vscode.workspace.getConfiguration('gemtext.preview').update('gemtexterPage', undefined, vscode.ConfigurationTarget.Workspace);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('Preview Gemfeed opens index.gmi and atom.xml as Gemtexter will write them', async () => {
		const doc = await vscode.workspace.openTextDocument(post());
		await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
		const docs = await vscode.commands.executeCommand<GemfeedPreviewDocuments | undefined>('gemtext.previewGemfeed');
		assert.ok(docs, 'the command found the gemfeed folder');

		const index = vscode.workspace.textDocuments.find((d) => d.uri.toString() === docs.index.toString());
		const atom = vscode.workspace.textDocuments.find((d) => d.uri.toString() === docs.atom.toString());
		assert.ok(index && atom, 'both documents are open');
		assert.equal(index.getText(), '# Gemfeed of feed.example\n\n## E2E feed\n\n=> ./2025-03-04-hello-feed.gmi 2025-03-04 - Hello feed\n=> ./2025-01-02-older.gmi 2025-01-02 - Older post\n');
		assert.equal(index.languageId, 'gemtext');
		assert.equal(atom.languageId, 'xml');
		const xml = atom.getText();
		assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/);
		assert.deepEqual([...xml.matchAll(/<id>([^<]*)<\/id>/g)].map((m) => m[1]), [
			'gemini://feed.example/',
			'gemini://feed.example/gemfeed/2025-03-04-hello-feed.gmi',
			'gemini://feed.example/gemfeed/2025-01-02-older.gmi',
		]);
		assert.match(xml, /<updated>2025-03-04T05:06:07\+01:00<\/updated>/);
		assert.match(xml, /<summary>The summary line\.<\/summary>/);
		assert.ok(!xml.includes('Draft'), 'drafts stay out of the feed');

		const visible = vscode.window.visibleTextEditors.map((e) => e.document.uri.toString());
		assert.ok(visible.includes(docs.index.toString()) && visible.includes(docs.atom.toString()), `both are shown: [${visible.join(', ')}]`);
		const columns = new Set(vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === docs.index.scheme).map((e) => e.viewColumn));
		assert.equal(columns.size, 2, 'side by side');
	});

	test('the preview in page mode shows the site header, footer and theme around the post', async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.workspace.getConfiguration('gemtext.preview').update('gemtexterPage', 'page', vscode.ConfigurationTarget.Workspace);
		const doc = await vscode.workspace.openTextDocument(post());
		await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
		const rendered = waitForRender(api.preview, post(), (e) => e.html.includes('class="header"'));
		await vscode.commands.executeCommand('gemtext.showPreviewToSide');
		const page = await rendered;
		assert.match(page.html, /^<p class="header"><a href="https:\/\/feed\.example">Home<\/a> /);
		assert.match(page.html, /<p class="footer">Footer of feed\.example<\/p>\n$/);
		assert.match(page.html, /<span data-line="6" class='quote'>One quote line<\/span><br \/>/);
		const preview = api.preview.previews.find((p) => p.isPreviewOf(post()));
		assert.ok(preview);
		const shell = preview.panel.webview.html;
		assert.match(shell, /class="gemtext-preview gemtext-style-gemtexter gemtext-gemtexter-theme"/);
		// The theme's sheet comes as text: Gemtexter publishes text.ttf beside it, here the font file theme.conf names.
		const themeStyle = /<style nonce="[^"]+">\n([^<]*)\n<\/style>/.exec(shell)?.[1] ?? '';
		assert.match(themeStyle, /body \{ background: #fdf6e3; font-family: text; \}/);
		const fontUrl = /src: url\("([^"]+)"\)/.exec(themeStyle)?.[1] ?? '';
		assert.equal(fontUrl, preview.panel.webview.asWebviewUri(at('fonts', 'Body-Regular.ttf')).toString());
		assert.ok(!shell.includes('theme/style.css"'), 'not linked as well');
		assert.match(shell, /default-src (?:'|&#39;)none(?:'|&#39;); img-src .*; script-src (?:'|&#39;)nonce-/, 'the strict policy stays');

		// A theme style sheet outside the workspace folders is not loaded (the header still shows).
		const outside = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'media', 'gemtexter.css');
		await write(at('outside', 'gemtexter.conf'), `declare -xr DOMAIN=outside.example\ndeclare -xr HTML_HEADER=../theme/header.html.part\ndeclare -xr HTML_FOOTER=../theme/footer.html.part\ndeclare -xr HTML_CSS_STYLE='${outside.fsPath}'\n`);
		const other = at('outside', 'page.gmi');
		await write(other, '# Outside theme\n');
		const otherRendered = waitForRender(api.preview, other, (e) => e.html.includes('outside.example'));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other), vscode.ViewColumn.One);
		await otherRendered;
		const otherShell = api.preview.previews.find((p) => p.isPreviewOf(other))?.panel.webview.html ?? '';
		assert.ok(!otherShell.includes('gemtexter.css'), 'no style sheet from outside the workspace');
		assert.match(otherShell, /class="gemtext-preview gemtext-style-gemtexter"/);

		// Back to body mode: the header goes, the body stays.
		const body = waitForRender(api.preview, other, (e) => !e.html.includes('class="header"') && e.html.includes('Outside theme'));
		await vscode.workspace.getConfiguration('gemtext.preview').update('gemtexterPage', 'body', vscode.ConfigurationTarget.Workspace);
		assert.match((await body).html, /^<h1 data-line="0"/);
	});

	test('Export to HTML in page mode writes the page as the site shows it, where nothing runs', async () => {
		await vscode.workspace.getConfiguration('gemtext.preview').update('gemtexterPage', 'page', vscode.ConfigurationTarget.Workspace);
		const target = at('exported', 'hello.preview.html');
		const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('gemtext.exportHtml', post(), target);
		assert.equal(written?.toString(), target.toString());
		const page = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
		assert.match(page, /^<!DOCTYPE html PUBLIC "-\/\/W3C\/\/DTD XHTML 1\.0 Transitional\/\/EN"/);
		assert.match(page, /<meta http-equiv="Content-Security-Policy" content="script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'" \/>\n[^]*<\/head>/);
		const inBody = page.slice(page.indexOf('<body>'));
		assert.match(inBody, /^<body>\n<p class="header"><a href="https:\/\/feed\.example">Home<\/a> /, 'the header part inside <body>');
		assert.match(inBody, /<span class='quote'>One quote line<\/span><br \/>\n[^]*<p class="footer">Footer of feed\.example<\/p>\n<\/body>/);
		assert.equal(page.match(/<head>/g)?.length, 1, 'the header part\'s own head is left out');
		// The theme's sheet inline, its font where Gemtexter publishes text.ttf: the file theme.conf names, from exported/.
		const style = /<style>\n([^<]*)<\/style>/.exec(page)?.[1] ?? '';
		assert.match(style, /body \{ background: #fdf6e3; font-family: text; \}/);
		assert.match(style, /src: url\("\.\.\/fonts\/Body-Regular\.ttf"\)/);
		assert.ok(!page.includes('gemtext-preview'), 'not the preview\'s look');

		// Body mode: the page alone, in the bundled look.
		await vscode.workspace.getConfiguration('gemtext.preview').update('gemtexterPage', 'body', vscode.ConfigurationTarget.Workspace);
		await vscode.commands.executeCommand('gemtext.exportHtml', post(), target);
		const bodyPage = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
		assert.ok(!bodyPage.includes('class="header"') && !bodyPage.includes('Footer of'), 'no site parts');
		assert.match(bodyPage, /script-src 'none'/);
		assert.match(bodyPage, /<span class='quote'>One quote line<\/span>/);
		assert.ok(!bodyPage.includes('#fdf6e3'), 'not the theme');
	});
});
