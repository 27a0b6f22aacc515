/**
 * The writing workflow around Gemtexter templates and tables of contents:
 * "Gemtext: Insert/Update Table of Contents", `gemtext.toc.updateOnSave`, and
 * "Open Template" (the quick fix on a generated `.gmi`).
 */
import * as vscode from 'vscode';
import type { GemtextClient } from './client';
import { isGemtextDocument, TEMPLATE_LANGUAGE_ID } from './languages';
import { Commands } from './commandIds';

export function registerTemplateFeatures(client: GemtextClient): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.commands.registerTextEditorCommand(Commands.insertTableOfContents, (editor) => insertOrUpdateToc(client, editor)),
		vscode.commands.registerCommand(Commands.openTemplate, async (uri: unknown) => {
			if (typeof uri === 'string' || uri instanceof vscode.Uri) {
				await vscode.window.showTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
			}
		}),
		vscode.workspace.onWillSaveTextDocument((event) => {
			const document = event.document;
			if (isGemtextDocument(document) && vscode.workspace.getConfiguration('gemtext', document).get<boolean>('toc.updateOnSave', false)) {
				// Only an existing table is updated on save; none is ever added unasked.
				event.waitUntil(client.getTableOfContentsEdit(document).then((edit) => (edit ? [edit] : []), () => []));
			}
		}),
	);
}

/**
 * Inserts the table at the cursor, or updates the existing one, as one undo step. In a
 * template the cursor gets a `<< template::inline::toc` line (Gemtexter writes the table).
 */
async function insertOrUpdateToc(client: GemtextClient, editor: vscode.TextEditor): Promise<void> {
	const document = editor.document;
	const version = document.version;
	const edit = await client.getTableOfContentsEdit(document, editor.selection.active);
	if (!edit) {
		void vscode.window.showInformationMessage(document.languageId === TEMPLATE_LANGUAGE_ID ? 'This template already has a table of contents.' : 'The table of contents is up to date.');
		return;
	}
	if (document.version !== version) {
		return; // The text changed meanwhile: the edit no longer fits.
	}
	await editor.edit((builder) => builder.replace(edit.range, edit.newText));
}
