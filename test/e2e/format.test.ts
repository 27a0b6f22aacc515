// Writing help inside a real VS Code: the prose defaults of the manifest, Format on Save and the
// fix-all code action on save (`source.fixAll.gemtext`), each turned on for the workspace by the
// test as a user would, then a save through the workbench's own Save command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, workspaceUri, writeText } from './support';

/** Sets `section.key` for the workspace, and returns what puts it back. */
async function setForWorkspace(section: string, key: string, value: unknown): Promise<() => Thenable<void>> {
	const config = vscode.workspace.getConfiguration(section);
	await config.update(key, value, vscode.ConfigurationTarget.Workspace);
	return () => vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Workspace);
}

/** Opens `name` (written with `saved`), replaces its text with `typed` as if typed, and saves with the Save command. */
async function typeAndSave(name: string, saved: string, typed: string): Promise<vscode.TextDocument> {
	const uri = workspaceUri('format-e2e', name);
	await writeText(uri, saved);
	const document = await vscode.workspace.openTextDocument(uri);
	const editor = await vscode.window.showTextDocument(document);
	assert.equal(document.languageId, 'gemtext');
	const whole = new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
	assert.ok(await editor.edit((b) => b.replace(whole, typed)));
	assert.equal(document.isDirty, true);
	await vscode.commands.executeCommand('workbench.action.files.save');
	assert.equal(document.isDirty, false, 'the Save command saved the document');
	return document;
}

suite('Formatting and fix-all', () => {
	suiteSetup(async () => {
		await activateExtension();
	});

	test('gemtext documents get prose defaults: no quick suggestions, no Unicode boxes, word wrap', () => {
		const editor = vscode.workspace.getConfiguration('editor', { languageId: 'gemtext' });
		assert.deepEqual(editor.get('quickSuggestions'), { comments: 'off', strings: 'off', other: 'off' });
		assert.equal(editor.get('unicodeHighlight.ambiguousCharacters'), false);
		assert.equal(editor.get('unicodeHighlight.invisibleCharacters'), false);
		assert.equal(editor.get('wordWrap'), 'on');
		const template = vscode.workspace.getConfiguration('editor', { languageId: 'gemtexter-template' });
		assert.equal(template.get('unicodeHighlight.ambiguousCharacters'), false);
	});

	test('Format on Save formats the document when the user turns it on', async () => {
		const restore = await setForWorkspace('editor', 'formatOnSave', true);
		try {
			const document = await typeAndSave('post.gmi', '# Post\n', '#Post  \n=>a.gmi\tA\n\n\n\n\n```\n  code  \n```\nend');
			const expected = '# Post\n=> a.gmi A\n\n\n```\n  code  \n```\nend\n';
			assert.equal(document.getText(), expected);
			assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri)), expected, 'the formatted text is on disk');
		} finally {
			await restore();
		}
	});

	test('Format Document applies files.eol when it is not auto', async () => {
		const restore = await setForWorkspace('files', 'eol', '\n');
		try {
			const uri = workspaceUri('format-e2e', 'crlf.gmi');
			await writeText(uri, '#A\r\ntext\r\n');
			const document = await vscode.workspace.openTextDocument(uri);
			await vscode.window.showTextDocument(document);
			assert.equal(document.eol, vscode.EndOfLine.CRLF);
			await vscode.commands.executeCommand('editor.action.formatDocument');
			assert.equal(document.eol, vscode.EndOfLine.LF);
			assert.equal(document.getText(), '# A\ntext\n');
		} finally {
			await restore();
		}
	});

	test('without Format on Save, saving keeps the text as typed', async () => {
		const typed = '#Post  \n=>a.gmi\tA\n';
		const document = await typeAndSave('plain.gmi', '# Plain\n', typed);
		assert.equal(document.getText(), typed);
	});

	test('codeActionsOnSave source.fixAll.gemtext applies the safe fixes on save', async () => {
		const restore = await setForWorkspace('editor', 'codeActionsOnSave', { 'source.fixAll.gemtext': 'explicit' });
		try {
			const document = await typeAndSave('fix.gmi', '# Fix\n', '# Fix\n[the index](../index.gmi)\n=> missing.gmi Gone\n');
			assert.equal(document.getText(), '# Fix\n=> ../index.gmi the index\n=> missing.gmi Gone\n');
		} finally {
			await restore();
		}
	});
});
