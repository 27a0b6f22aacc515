/** File helpers the client's commands share (any workspace scheme, through `vscode.workspace.fs`). */
import * as vscode from 'vscode';

/** Whether a file or folder exists (any workspace scheme). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch {
		return false;
	}
}
