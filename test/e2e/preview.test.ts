// The preview inside a real VS Code: Open Preview to the Side renders the document in a webview (the
// webview's script acknowledges each rendered version), edits reach it without a reload, a link click
// opens the target document, and a double-click switches to the editor at that line. The webview DOM
// is out of the extension API's reach, so the tests wait on the preview manager's onDidRender (fired
// when the webview reports what it shows) and drive clicks through the same message handler the
// webview's click posts to. Files are written under preview-e2e/ in the fresh copy of the workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GemtextExtensionApi } from '../../client/src/extension';
import { activateExtension, waitForRender, workspaceUri, writeText as write } from './support';

/**
 * Bounds waiting on events (renders, editors); a failing run reports what it saw. The first render
 * also waits for the language server and the webview to start, which on a loaded machine has taken
 * close to 30 s.
 */
const TIMEOUT_MS = 90_000;

/** Resolves once a visible text editor satisfies `ready` (onDidChangeVisibleTextEditors / selection). */
function waitForEditor(ready: (e: vscode.TextEditor) => boolean): Promise<vscode.TextEditor> {
	return new Promise((resolve, reject) => {
		const check = (): boolean => {
			const editor = vscode.window.visibleTextEditors.find(ready);
			if (!editor) return false;
			done();
			resolve(editor);
			return true;
		};
		const subscriptions = [
			vscode.window.onDidChangeVisibleTextEditors(() => check()),
			vscode.window.onDidChangeActiveTextEditor(() => check()),
			vscode.window.onDidChangeTextEditorSelection(() => check()),
		];
		const timer = setTimeout(() => {
			done();
			reject(new Error(`no matching editor within ${TIMEOUT_MS} ms; visible: [${vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()).join(', ')}]`));
		}, TIMEOUT_MS);
		function done(): void {
			clearTimeout(timer);
			for (const s of subscriptions) s.dispose();
		}
		check();
	});
}

suite('Preview', function () {
	this.timeout(2 * TIMEOUT_MS);
	let api: GemtextExtensionApi;
	const a = () => workspaceUri('preview-e2e', 'a.gmi');
	const b = () => workspaceUri('preview-e2e', 'b.gmi');

	suiteSetup(async () => {
		api = await activateExtension<GemtextExtensionApi>();
		await write(a(), '# Preview title\n\nSome text with `code`\n=> b.gmi Go to B\n```js\nconst x = 1;\n```\n');
		await write(b(), '# Bee page\n\n=> a.gmi Back to A\n');
	});

	/**
	 * A preview showing `uri`: the one an earlier test left, else opened beside the document's editor
	 * and rendered. Each test asks for the preview it needs, so a test also passes alone (`--grep`).
	 */
	async function previewShowing(uri: vscode.Uri): Promise<void> {
		if (api.preview.previews.some((p) => p.isPreviewOf(uri))) {
			return;
		}
		const rendered = waitForRender(api.preview, uri, () => true);
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
		await vscode.commands.executeCommand('gemtext.showPreviewToSide');
		await rendered;
	}

	suiteTeardown(async () => {
		await vscode.workspace.getConfiguration('gemtext.preview').update('openLinksIn', undefined, vscode.ConfigurationTarget.Workspace);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('Open Preview to the Side renders the document; edits appear without a reload', async () => {
		const doc = await vscode.workspace.openTextDocument(a());
		const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
		const rendered = waitForRender(api.preview, a(), (e) => e.html.includes('Preview title'));
		await vscode.commands.executeCommand('gemtext.showPreviewToSide');
		const first = await rendered;
		assert.match(first.html, /data-line="0"/, 'blocks carry their source lines');
		assert.match(first.html, /Go to B/);
		const preview = api.preview.previews.find((p) => p.isPreviewOf(a()));
		assert.ok(preview, 'a preview of a.gmi is open');
		assert.notEqual(preview.panel.viewColumn, editor.viewColumn, 'the preview opened beside the editor');
		assert.equal(preview.panel.title, 'Preview a.gmi');

		const edited = waitForRender(api.preview, a(), (e) => e.html.includes('Freshly typed'));
		assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), 'Freshly typed line\n')));
		const second = await edited;
		assert.ok(second.version > first.version, `the edit is a newer version (${first.version} → ${second.version})`);
		assert.equal(api.preview.previews.length, 1, 'the same preview was updated, not a second one opened');
	});

	test('a link click shows the target document in the preview', async () => {
		await previewShowing(a());
		const shown = waitForRender(api.preview, b(), (e) => e.html.includes('Bee page'));
		await api.preview.handleMessageForTest(a(), { type: 'openLink', source: a().toString(), href: 'b.gmi' });
		await shown;
		assert.ok(api.preview.previews.some((p) => p.isPreviewOf(b())), 'the preview now shows b.gmi');
	});

	test('a double-click in the preview switches to the editor at that line', async () => {
		await previewShowing(b());
		const atLine = waitForEditor((e) => e.document.uri.toString() === b().toString() && e.selection.active.line === 2);
		await api.preview.handleMessageForTest(b(), { type: 'didDoubleClick', source: b().toString(), line: 2 });
		const editor = await atLine;
		assert.equal(editor.selection.active.line, 2);
	});

	test('a javascript: link posted by a page is ignored', async () => {
		await previewShowing(b());
		const before = vscode.window.visibleTextEditors.length;
		await api.preview.handleMessageForTest(b(), { type: 'openLink', source: b().toString(), href: 'javascript:alert(1)' });
		assert.equal(vscode.window.visibleTextEditors.length, before);
		assert.ok(api.preview.previews.some((p) => p.isPreviewOf(b())), 'the preview still shows b.gmi');
	});

	test('with openLinksIn = editor, a link click opens the target document in an editor', async () => {
		await previewShowing(b());
		// The preview alone: a.gmi must not be showing before the click.
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(b()), vscode.ViewColumn.One);
		await vscode.workspace.getConfiguration('gemtext.preview').update('openLinksIn', 'editor', vscode.ConfigurationTarget.Workspace);
		assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === a().toString()), 'a.gmi is not showing yet');
		const opened = waitForEditor((e) => e.document.uri.toString() === a().toString());
		await api.preview.handleMessageForTest(b(), { type: 'openLink', source: b().toString(), href: 'a.gmi' });
		const editor = await opened;
		assert.equal(editor.document.languageId, 'gemtext');
	});
	test('a big document, its body sent by the server in pieces, renders whole', async () => {
		const big = workspaceUri('preview-e2e', 'big.gmi');
		const sections = Array.from({ length: 5000 }, (_, i) => `## Section ${i}\nText of section ${i} with <angle> & ampersand.\n`).join('');
		await write(big, `# Big start\n${sections}# Big end\n`);
		const rendered = waitForRender(api.preview, big, (e) => e.html.includes('Big end'));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(big), vscode.ViewColumn.One);
		await vscode.commands.executeCommand('gemtext.showPreviewToSide');
		const event = await rendered;
		// Several pieces of at most 128 K characters, joined in order: nothing lost, nothing doubled.
		assert.ok(event.html.length > 3 * 128 * 1024, `${event.html.length} characters`);
		assert.ok(event.html.indexOf('Big start') < event.html.indexOf('Section 2500') && event.html.indexOf('Section 2500') < event.html.indexOf('Big end'));
		assert.equal(event.html.match(/Text of section \d+ /g)?.length, 5000);
		assert.match(event.html, /&lt;angle&gt; &amp; ampersand/);
	});
});
