// Paste and drop inside a real VS Code: an image dropped from the Explorer (and one from outside the
// workspace, copied in without overwriting), a URL pasted over a selection, "Paste as Gemtext" for
// HTML and Markdown, Insert Link to File and Convert Markdown File. VS Code has no command that runs
// a drop or paste provider, so the tests call the providers the extension registered (its test API)
// with the DataTransfer VS Code would pass, and apply the edits they return as VS Code would.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, exists, workspaceUri, writeText } from './support';

interface Api {
	readonly pasteAndDrop: {
		readonly paste: vscode.DocumentPasteEditProvider;
		readonly drop: vscode.DocumentDropEditProvider;
	};
}

const token = new vscode.CancellationTokenSource().token;


/** Applies a drop or paste edit as VS Code does: its text at the range, then its additional edit. */
async function apply(editor: vscode.TextEditor, range: vscode.Range, edit: { insertText: string | vscode.SnippetString; additionalEdit?: vscode.WorkspaceEdit }): Promise<void> {
	const text = typeof edit.insertText === 'string' ? edit.insertText : edit.insertText.value;
	assert.ok(await editor.edit((b) => b.replace(range, text)));
	if (edit.additionalEdit) assert.ok(await vscode.workspace.applyEdit(edit.additionalEdit));
}

suite('Paste and drop', () => {
	let api: Api;
	const folder = workspaceUri('paste');
	const created: vscode.Uri[] = [];
	let outside: string;

	suiteSetup(async () => {
		api = await activateExtension<Api>();
		await writeText(vscode.Uri.joinPath(folder, 'images', 'cat.png'), 'not really a png');
		await writeText(vscode.Uri.joinPath(folder, 'about.gmi'), '# About this capsule\n');
		await writeText(vscode.Uri.joinPath(folder, 'holiday photo.png'), 'taken');
		await writeText(vscode.Uri.joinPath(folder, 'draft.md'), '# Draft\n\nSome *text* with a [link](https://example.org/).\n');
		outside = mkdtempSync(join(tmpdir(), 'gemtext-drop-'));
		writeFileSync(join(outside, 'holiday photo.png'), 'from the OS');
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		for (const uri of created) await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
		await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
		rmSync(outside, { recursive: true, force: true });
	});

	async function openPost(name: string, text: string): Promise<vscode.TextEditor> {
		const uri = vscode.Uri.joinPath(folder, name);
		await writeText(uri, text);
		const document = await vscode.workspace.openTextDocument(uri);
		assert.equal(document.languageId, 'gemtext');
		return vscode.window.showTextDocument(document);
	}

	test('an image dropped from the Explorer becomes a relative link line, a .gmi is labelled by its title', async () => {
		const editor = await openPost('drop.gmi', 'Intro\n\n');
		const position = new vscode.Position(2, 0);
		const data = new vscode.DataTransfer();
		data.set('text/uri-list', new vscode.DataTransferItem(`${vscode.Uri.joinPath(folder, 'images', 'cat.png').toString()}\r\n${vscode.Uri.joinPath(folder, 'about.gmi').toString()}`));
		const edit = await api.pasteAndDrop.drop.provideDocumentDropEdits(editor.document, position, data, token);
		assert.ok(edit && !Array.isArray(edit), 'one drop edit');
		assert.equal(edit.kind?.value, 'gemtext.link.file');
		assert.equal(edit.additionalEdit, undefined, 'files inside the workspace are not copied');
		await apply(editor, new vscode.Range(position, position), edit);
		assert.equal(editor.document.getText(), 'Intro\n\n=> images/cat.png cat\n=> about.gmi About this capsule');
	});

	test('a file dropped from outside the workspace is copied beside the document, numbered instead of overwriting', async () => {
		const editor = await openPost('outside.gmi', 'Text before');
		const position = new vscode.Position(0, 11);
		const data = new vscode.DataTransfer();
		data.set('text/uri-list', new vscode.DataTransferItem(vscode.Uri.file(join(outside, 'holiday photo.png')).toString()));
		const edit = await api.pasteAndDrop.drop.provideDocumentDropEdits(editor.document, position, data, token);
		assert.ok(edit && !Array.isArray(edit));
		const copy = vscode.Uri.joinPath(folder, 'holiday photo-1.png');
		created.push(copy);
		assert.equal(await exists(copy), false, 'nothing is copied before the edit is applied (it is undoable)');
		await apply(editor, new vscode.Range(position, position), edit);
		assert.equal(editor.document.getText(), 'Text before\n=> holiday%20photo-1.png holiday photo');
		assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(copy)), 'from the OS');
		assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'holiday photo.png'))), 'taken', 'the existing file is untouched');
	});

	test('an image pasted from the clipboard (no file behind it) is written beside the document and linked', async () => {
		const editor = await openPost('screenshot.gmi', '');
		const range = new vscode.Range(0, 0, 0, 0);
		const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
		class ClipboardImage extends vscode.DataTransferItem {
			override asFile(): vscode.DataTransferFile {
				return { name: 'image.png', uri: undefined, data: async () => bytes };
			}
		}
		const data = new vscode.DataTransfer();
		data.set('image/png', new ClipboardImage(''));
		const context = { only: undefined, triggerKind: vscode.DocumentPasteTriggerKind.Automatic };
		const edits = (await api.pasteAndDrop.paste.provideDocumentPasteEdits?.(editor.document, [range], data, context, token)) ?? [];
		const link = edits.find((e) => e.kind.value === 'gemtext.link.file');
		assert.ok(link, `a file link edit among ${edits.map((e) => e.kind.value).join(', ')}`);
		const image = vscode.Uri.joinPath(folder, 'image.png');
		created.push(image);
		await apply(editor, range, link);
		assert.equal(editor.document.getText(), '=> image.png image');
		assert.deepEqual([...(await vscode.workspace.fs.readFile(image))], [...bytes]);
	});

	test('a URL pasted over a selected line makes it a link line; plain text gets no link edit', async () => {
		const editor = await openPost('url.gmi', 'Gemini home\n');
		const range = new vscode.Range(0, 0, 0, 11);
		const context = { only: undefined, triggerKind: vscode.DocumentPasteTriggerKind.Automatic };
		const data = new vscode.DataTransfer();
		data.set('text/plain', new vscode.DataTransferItem('gemini://geminiprotocol.net/'));
		const edits = (await api.pasteAndDrop.paste.provideDocumentPasteEdits?.(editor.document, [range], data, context, token)) ?? [];
		const link = edits.find((e) => e.kind.value === 'gemtext.link.uri');
		assert.ok(link, `a link edit among ${edits.map((e) => e.kind.value).join(', ')}`);
		await apply(editor, range, link);
		assert.equal(editor.document.getText(), '=> gemini://geminiprotocol.net/ Gemini home\n');

		const words = new vscode.DataTransfer();
		words.set('text/plain', new vscode.DataTransferItem('just some words'));
		const none = (await api.pasteAndDrop.paste.provideDocumentPasteEdits?.(editor.document, [new vscode.Range(1, 0, 1, 0)], words, context, token)) ?? [];
		assert.deepEqual(none.map((e) => e.kind.value), []);
	});

	test('"Paste as Gemtext" converts HTML and Markdown, offered after plain text', async () => {
		const editor = await openPost('converted.gmi', '');
		const range = new vscode.Range(0, 0, 0, 0);
		const context = { only: undefined, triggerKind: vscode.DocumentPasteTriggerKind.Automatic };
		const html = new vscode.DataTransfer();
		html.set('text/html', new vscode.DataTransferItem('<meta charset="utf-8"><h2>News</h2><p>Read <a href="https://example.org/">this</a> <b>now</b>.</p>'));
		html.set('text/plain', new vscode.DataTransferItem('News\nRead this now.'));
		const edits = (await api.pasteAndDrop.paste.provideDocumentPasteEdits?.(editor.document, [range], html, context, token)) ?? [];
		const convert = edits.find((e) => e.kind.value === 'gemtext.convert');
		assert.ok(convert, 'a Paste as Gemtext edit');
		assert.equal(convert.title, 'Paste as Gemtext');
		assert.deepEqual(convert.yieldTo?.map((k) => k.value), [vscode.DocumentDropOrPasteEditKind.Text.value]);
		await apply(editor, range, convert);
		assert.equal(editor.document.getText(), '## News\n\nRead this now.\n=> https://example.org/ this\n');

		const markdown = new vscode.DataTransfer();
		markdown.set('text/plain', new vscode.DataTransferItem('- **one**\n- `two`\n'));
		const only = { only: vscode.DocumentDropOrPasteEditKind.Empty.append('gemtext', 'convert'), triggerKind: vscode.DocumentPasteTriggerKind.PasteAs };
		const mdEdits = (await api.pasteAndDrop.paste.provideDocumentPasteEdits?.(editor.document, [range], markdown, only, token)) ?? [];
		assert.deepEqual(mdEdits.map((e) => [e.kind.value, e.insertText]), [['gemtext.convert', '* one\n* two\n']]);

		// What the conversion leaves out is in the title the paste widget shows.
		const withHtml = new vscode.DataTransfer();
		withHtml.set('text/plain', new vscode.DataTransferItem('<div class="note">A raw HTML block</div>\n\n# Title\n'));
		const lossy = (await api.pasteAndDrop.paste.provideDocumentPasteEdits?.(editor.document, [range], withHtml, only, token)) ?? [];
		assert.deepEqual(lossy.map((e) => [e.title, e.insertText]), [['Paste as Gemtext (1 warning: HTML block dropped)', '# Title\n']]);

		// Text copied from a Gemtext editor is not Markdown: nothing to convert.
		const fromGemtext = new vscode.DataTransfer();
		fromGemtext.set('text/plain', new vscode.DataTransferItem('=> a.gmi A\n* item\n'));
		fromGemtext.set('vscode-editor-data', new vscode.DataTransferItem(JSON.stringify({ version: 1, mode: 'gemtext' })));
		fromGemtext.set('text/html', new vscode.DataTransferItem('<div><span>=&gt; a.gmi A</span></div>'));
		const none = (await api.pasteAndDrop.paste.provideDocumentPasteEdits?.(editor.document, [range], fromGemtext, context, token)) ?? [];
		assert.deepEqual(none.map((e) => e.kind.value), []);
	});

	test('Insert Link to File inserts a relative link labelled with the title', async () => {
		const editor = await openPost('insert.gmi', 'See:\n');
		editor.selection = new vscode.Selection(1, 0, 1, 0);
		await vscode.commands.executeCommand('gemtext.insertLinkToFile', vscode.Uri.joinPath(folder, 'about.gmi'));
		assert.equal(editor.document.getText(), 'See:\n=> about.gmi About this capsule');
	});

	test('Convert Markdown File opens the Gemtext beside the Markdown', async () => {
		const opened = new Promise<vscode.TextEditor>((resolve) => {
			const subscription = vscode.window.onDidChangeActiveTextEditor((e) => {
				if (e?.document.languageId === 'gemtext' && e.document.isUntitled) {
					subscription.dispose();
					resolve(e);
				}
			});
		});
		await vscode.commands.executeCommand('gemtext.convertMarkdownFile', vscode.Uri.joinPath(folder, 'draft.md'));
		const editor = await opened;
		assert.equal(editor.document.getText(), '# Draft\n\nSome text with a link.\n=> https://example.org/ link\n');
		assert.equal(editor.viewColumn, vscode.ViewColumn.Two);
	});
});
