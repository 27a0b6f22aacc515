/**
 * Enter in a Gemtext editor (`gemtext.onEnterKey`, bound in package.json): at the end of an empty
 * `* ` item or `>` quote line it removes the marker, leaving an empty line that ends the list or
 * quote; everywhere else it types a plain '\n', so onEnterRules, indentation and auto-closing work
 * as without the binding. The decision itself lives in listContinuation.ts.
 *
 * The binding's `when` clause includes the context key {@link CURSOR_AT_EMPTY_ITEM}, kept true only
 * while the cursor sits where Enter would end a list. A command bound to Enter runs in the extension
 * host, so keys typed right after it can overtake the newline while the host is busy; routing only
 * the rare empty-item Enter through the host keeps ordinary typing entirely in the editor.
 */
import * as vscode from 'vscode';
import { decideEnterAction, isInsidePreformatted, type EnterAction } from './listContinuation';
import { isGemtextDocument } from '../languages';
import { Commands } from '../commandIds';

/** Context key of the keybinding's `when` clause (see package.json). */
export const CURSOR_AT_EMPTY_ITEM = 'gemtext.cursorAtEmptyItem';
const SETTING_SECTION = 'gemtext.editing';
const SETTING = 'endListOnEmptyEnter';

function enterAction(editor: vscode.TextEditor): EnterAction {
	const { document, selections } = editor;
	if (!isGemtextDocument(document) || selections.length !== 1 || !selections[0].isEmpty) {
		return 'default';
	}
	const { line, character } = selections[0].active;
	// On a document change the selection may still point past the new last line (it is updated next).
	if (line >= document.lineCount) {
		return 'default';
	}
	const action = decideEnterAction(document.lineAt(line).text, character, () => isInsidePreformatted((n) => document.lineAt(n).text, line));
	// Read the setting only for an empty item: this runs on every cursor move.
	return action === 'endList' && vscode.workspace.getConfiguration(SETTING_SECTION, document).get<boolean>(SETTING, true) ? 'endList' : 'default';
}

async function onEnterKey(): Promise<void> {
	const editor = vscode.window.activeTextEditor;
	if (editor && enterAction(editor) === 'endList') {
		const line = editor.document.lineAt(editor.selection.active.line);
		// edit() fails only when the document changed under us; Enter then still means a line break.
		if (await editor.edit((b) => b.delete(line.range))) {
			return;
		}
	}
	// The 'type' command is what the keyboard itself runs, so the editor applies onEnterRules to it.
	await vscode.commands.executeCommand('type', { source: 'keyboard', text: '\n' });
}

/** Keeps {@link CURSOR_AT_EMPTY_ITEM} in step with the active editor, telling VS Code only of changes. */
function trackEmptyItemContext(): vscode.Disposable {
	let current: boolean | undefined;
	const update = (): void => {
		const editor = vscode.window.activeTextEditor;
		const value = editor !== undefined && enterAction(editor) === 'endList';
		if (value !== current) {
			current = value;
			void vscode.commands.executeCommand('setContext', CURSOR_AT_EMPTY_ITEM, value);
		}
	};
	update();
	return vscode.Disposable.from(
		vscode.window.onDidChangeActiveTextEditor(update),
		vscode.window.onDidChangeTextEditorSelection((e) => {
			if (e.textEditor === vscode.window.activeTextEditor) update();
		}),
		// Delete or an undo can empty the line without moving the cursor.
		vscode.workspace.onDidChangeTextDocument((e) => {
			if (e.document === vscode.window.activeTextEditor?.document) update();
		}),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration(`${SETTING_SECTION}.${SETTING}`)) update();
		}),
	);
}

export function registerOnEnter(): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.commands.registerCommand(Commands.onEnterKey, onEnterKey),
		trackEmptyItemContext(),
	);
}
