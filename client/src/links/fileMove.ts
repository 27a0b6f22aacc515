/**
 * Link updates when files or folders move in the Explorer, like Markdown's
 * `markdown.updateLinksOnFileMove.enabled`: before the move (`onWillRenameFiles`) the
 * server computes the edits, and `gemtext.links.updateOnFileMove` says whether to
 * apply them (`always`), ask (`prompt`) or leave links alone (`never`).
 */
import * as vscode from 'vscode';
import type { ILinkRequests } from './requests';

export type UpdateOnFileMove = 'prompt' | 'always' | 'never';

const SETTING_SECTION = 'gemtext.links';
const SETTING_KEY = 'updateOnFileMove';

/** The setting in the scope of a moved resource. */
function updateMode(resource: vscode.Uri): UpdateOnFileMove {
	return vscode.workspace.getConfiguration(SETTING_SECTION, resource).get<UpdateOnFileMove>(SETTING_KEY, 'prompt');
}

/** Registers the listener; the returned disposable removes it. */
export function registerFileMoveListener(requests: ILinkRequests): vscode.Disposable {
	return vscode.workspace.onWillRenameFiles((event) => {
		const files = event.files.filter((f) => vscode.workspace.getWorkspaceFolder(f.oldUri) !== undefined);
		if (files.length === 0 || updateMode(files[0].oldUri) === 'never') {
			return;
		}
		event.waitUntil(computeEdit(requests, files, event.token));
	});
}

/** The edit to apply with the move: empty when there is nothing to update or the user declines. */
async function computeEdit(requests: ILinkRequests, files: readonly { readonly oldUri: vscode.Uri; readonly newUri: vscode.Uri }[], token: vscode.CancellationToken): Promise<vscode.WorkspaceEdit> {
	const none = new vscode.WorkspaceEdit();
	let edit: vscode.WorkspaceEdit | undefined;
	try {
		edit = await requests.getFileMoveEdits({ moves: files.map((f) => ({ oldUri: f.oldUri.toString(), newUri: f.newUri.toString() })) }, token);
	} catch (error) {
		// A failed update must never block the move itself.
		void vscode.window.showWarningMessage(`Gemtext: could not compute link updates: ${error instanceof Error ? error.message : String(error)}`);
		return none;
	}
	if (!edit || edit.size === 0 || token.isCancellationRequested) {
		return none;
	}
	return (await confirm(files[0].oldUri, edit, files.length)) ? edit : none;
}

async function confirm(resource: vscode.Uri, edit: vscode.WorkspaceEdit, count: number): Promise<boolean> {
	if (updateMode(resource) === 'always') {
		return true;
	}
	const links = edit.entries().reduce((n, [, edits]) => n + edits.length, 0);
	const what = count === 1 ? `'${resource.path.split('/').pop() ?? ''}'` : `${count} files`;
	const yes = 'Update Links';
	const always = 'Always';
	const never = 'Never';
	const choice = await vscode.window.showInformationMessage(
		`Update ${links} ${links === 1 ? 'link' : 'links'} in ${edit.size} ${edit.size === 1 ? 'file' : 'files'} for moving ${what}?`,
		{ modal: true, detail: 'Set gemtext.links.updateOnFileMove to decide once.' },
		yes,
		always,
		never,
	);
	if (choice === always || choice === never) {
		const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
		await vscode.workspace.getConfiguration(SETTING_SECTION, resource).update(SETTING_KEY, choice === always ? 'always' : 'never', target);
	}
	return choice === yes || choice === always;
}
