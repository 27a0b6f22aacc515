/**
 * Format Document also applies the user's `files.eol` (when it is not `auto`). VS Code owns a
 * document's line breaks (every text edit is normalised to them), so the language server cannot
 * change them; the editor's own end-of-line edit, added here, can.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const formattingMiddleware: Middleware = {
	async provideDocumentFormattingEdits(document, options, token, next) {
		const edits = (await next(document, options, token)) ?? [];
		const eol = vscode.workspace.getConfiguration('files', document).get<string>('eol');
		const wanted = eol === '\n' ? vscode.EndOfLine.LF : eol === '\r\n' ? vscode.EndOfLine.CRLF : undefined;
		return wanted !== undefined && wanted !== document.eol ? [...edits, vscode.TextEdit.setEndOfLine(wanted)] : edits;
	},
};
