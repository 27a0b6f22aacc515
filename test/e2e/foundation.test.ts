// The foundation inside a real VS Code: language id, Outline, diagnostics, folding and links, all
// through the public `vscode` API the workbench itself uses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'gemtext-tools.gemtext-vscode';

function workspaceUri(...segments: string[]): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the e2e run opens the fixture workspace');
	return vscode.Uri.joinPath(folder.uri, ...segments);
}

suite('Foundation', () => {
	test('a .gmi file gets the gemtext language', async () => {
		const doc = await vscode.workspace.openTextDocument(workspaceUri('index.gmi'));
		assert.equal(doc.languageId, 'gemtext');
		const editor = await vscode.window.showTextDocument(doc);
		assert.equal(editor.document.languageId, 'gemtext');
	});
});
