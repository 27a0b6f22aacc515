/** File helpers the client's commands share (any workspace scheme, through `vscode.workspace.fs`). */
import * as vscode from 'vscode';
import { isGemtextDocument } from './languages';

/** Whether a file or folder exists (any workspace scheme). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch {
		return false;
	}
}

/**
 * The document a command acts on: its argument (a URI, or a URI string as a quick fix passes it),
 * else the active editor's document when it is Gemtext or a template (and `accept` allows it), else
 * `fallback()` (a focused preview's document, for example).
 */
export function commandTarget(
	arg: unknown,
	options: { readonly accept?: (document: vscode.TextDocument) => boolean; readonly fallback?: () => vscode.Uri | undefined } = {},
): vscode.Uri | undefined {
	if (arg instanceof vscode.Uri) {
		return arg;
	}
	if (typeof arg === 'string') {
		try {
			return vscode.Uri.parse(arg, true);
		} catch {
			return undefined;
		}
	}
	const document = vscode.window.activeTextEditor?.document;
	if (document && isGemtextDocument(document) && (options.accept?.(document) ?? true)) {
		return document.uri;
	}
	return options.fallback?.();
}
