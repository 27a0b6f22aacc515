// Editing inside a real VS Code: Enter (the gemtext.onEnterKey command the Enter key runs) continues a
// `* ` list or a `>` quote through the onEnterRules of language-configuration.json, and on the empty
// item it leaves behind, ends the list by removing the marker. Each test writes its own document
// under editing-e2e/ in the fresh copy of the fixture workspace.
import * as vscode from 'vscode';
import { activateExtension, workspaceUri, writeText } from './support';

const ON_ENTER = 'gemtext.onEnterKey';
/** Bound for waiting on an edit to reach the extension host (an event, not a sleep). */
const EDIT_TIMEOUT_MS = 10_000;

let opened = 0;

/**
 * A fresh document holding `content`, with the cursor at `cursor`. Each is a new file: a reused
 * `Untitled-1` could get an earlier test's backup restored into it.
 */
async function openFresh(content: string, cursor: vscode.Position): Promise<vscode.TextEditor> {
	const uri = workspaceUri('editing-e2e', `doc-${++opened}.gmi`);
	await writeText(uri, content);
	const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
	editor.selection = new vscode.Selection(cursor, cursor);
	return editor;
}

type State = [text: string, line: number, character: number];
const stateOf = (editor: vscode.TextEditor): State => [editor.document.getText(), editor.selection.active.line, editor.selection.active.character];

/**
 * Runs `gemtext.onEnterKey` and resolves once the editor shows `expected` (text and cursor) in the
 * extension host. Edits and cursor moves arrive as separate events, so both are watched, subscribed
 * before the command runs; the timeout only bounds a failing run and reports what was there.
 */
async function pressEnter(editor: vscode.TextEditor, expected: State): Promise<void> {
	const reached = new Promise<void>((resolve, reject) => {
		const check = (): void => {
			if (JSON.stringify(stateOf(editor)) === JSON.stringify(expected)) {
				done();
				resolve();
			}
		};
		const subscriptions = [
			vscode.workspace.onDidChangeTextDocument((e) => {
				if (e.document === editor.document) check();
			}),
			vscode.window.onDidChangeTextEditorSelection((e) => {
				if (e.textEditor.document === editor.document) check();
			}),
		];
		const timer = setTimeout(() => {
			done();
			reject(new Error(`expected ${JSON.stringify(expected)} within ${EDIT_TIMEOUT_MS} ms; got ${JSON.stringify(stateOf(editor))}`));
		}, EDIT_TIMEOUT_MS);
		function done(): void {
			clearTimeout(timer);
			for (const s of subscriptions) s.dispose();
		}
	});
	await vscode.commands.executeCommand(ON_ENTER);
	await reached;
}

suite('Editing: Enter in lists and quotes', () => {
	suiteSetup(async () => {
		await activateExtension();
	});

	teardown(async () => {
		// Edited documents are dirty: revert each so closing never asks to save.
		while (vscode.window.activeTextEditor) {
			await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
		}
	});

	test('Enter after `* item` continues the list, Enter on the empty `* ` ends it', async () => {
		const editor = await openFresh('* item', new vscode.Position(0, 6));
		await pressEnter(editor, ['* item\n* ', 1, 2]);
		await pressEnter(editor, ['* item\n', 1, 0]);
		// The line is now plain: a further Enter is an ordinary line break.
		await pressEnter(editor, ['* item\n\n', 2, 0]);
	});

	test('Enter after `> quote` continues the quote, Enter on the empty `> ` ends it, `>` alone too', async () => {
		const editor = await openFresh('> quote', new vscode.Position(0, 7));
		await pressEnter(editor, ['> quote\n> ', 1, 2]);
		await pressEnter(editor, ['> quote\n', 1, 0]);

		const bare = await openFresh('> a\n>', new vscode.Position(1, 1));
		await pressEnter(bare, ['> a\n', 1, 0]);
	});

	test('an empty item inside a ``` block is preformatted text: Enter only breaks the line', async () => {
		const editor = await openFresh('```\n* ', new vscode.Position(1, 2));
		await pressEnter(editor, ['```\n* \n', 2, 0]);
	});

	test('with gemtext.editing.endListOnEmptyEnter off, the empty item stays', async () => {
		const config = vscode.workspace.getConfiguration('gemtext.editing');
		await config.update('endListOnEmptyEnter', false, vscode.ConfigurationTarget.Global);
		try {
			const editor = await openFresh('* item\n* ', new vscode.Position(1, 2));
			await pressEnter(editor, ['* item\n* \n', 2, 0]);
		} finally {
			await config.update('endListOnEmptyEnter', undefined, vscode.ConfigurationTarget.Global);
		}
	});
});
