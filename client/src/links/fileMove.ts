/**
 * Link updates when files or folders move in the Explorer, like Markdown's
 * `markdown.updateLinksOnFileMove.enabled`: before the move (`onWillRenameFiles`) the
 * server computes the edits, after it (`onDidRenameFiles`) `gemtext.links.updateOnFileMove`
 * says whether to apply them (`always`), ask (`prompt`) or leave links alone (`never`).
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

type Move = { readonly oldUri: vscode.Uri; readonly newUri: vscode.Uri };

/**
 * Registers the listeners; the returned disposable removes them. The edits are computed
 * before the move, while the server still sees the old tree, and applied after it: an edit
 * handed to VS Code with the move would make VS Code ask a second time, after our prompt.
 */
export function registerFileMoveListener(requests: ILinkRequests): vscode.Disposable {
	const pending = new Map<string, Promise<vscode.WorkspaceEdit | undefined>>();
	const will = vscode.workspace.onWillRenameFiles((event) => {
		const files = inWorkspace(event.files);
		if (files.length === 0 || updateMode(files[0].oldUri) === 'never') {
			return;
		}
		const edit = computeEdit(requests, files, event.token);
		pending.set(keyOf(files), edit);
		// Hold the move until the server has answered, but give VS Code no edit to apply.
		event.waitUntil(edit.then(() => undefined));
	});
	const did = vscode.workspace.onDidRenameFiles((event) => {
		const files = inWorkspace(event.files);
		const edit = pending.get(keyOf(files));
		pending.delete(keyOf(files));
		if (edit) {
			void applyAfterMove(edit, files);
		}
	});
	return vscode.Disposable.from(will, did);
}

function inWorkspace(files: readonly Move[]): Move[] {
	return files.filter((f) => vscode.workspace.getWorkspaceFolder(f.oldUri) !== undefined);
}

function keyOf(files: readonly Move[]): string {
	return files.map((f) => `${f.oldUri.toString()} ${f.newUri.toString()}`).join('\n');
}

/** The link edits for a move, computed before it; `undefined` when nothing changes or the server failed. */
async function computeEdit(requests: ILinkRequests, files: readonly Move[], token: vscode.CancellationToken): Promise<vscode.WorkspaceEdit | undefined> {
	try {
		const edit = await requests.getFileMoveEdits({ moves: files.map((f) => ({ oldUri: f.oldUri.toString(), newUri: f.newUri.toString() })) }, token);
		return edit && edit.size > 0 && !token.isCancellationRequested ? edit : undefined;
	} catch (error) {
		// A failed update must never block the move itself.
		void vscode.window.showWarningMessage(`Gemtext: could not compute link updates: ${error instanceof Error ? error.message : String(error)}`);
		return undefined;
	}
}

/** After the move: ask (per the setting), then apply the edits to the documents where they are now. */
async function applyAfterMove(pendingEdit: Promise<vscode.WorkspaceEdit | undefined>, files: readonly Move[]): Promise<void> {
	const edit = await pendingEdit;
	if (edit && (await confirm(files[0].newUri, files[0].oldUri, edit, files.length))) {
		await vscode.workspace.applyEdit(relocate(edit, files));
	}
}

/** `edit` with each document that moved addressed at its new place (the ranges still hold: moving changes no text). */
function relocate(edit: vscode.WorkspaceEdit, files: readonly Move[]): vscode.WorkspaceEdit {
	const moved = new vscode.WorkspaceEdit();
	for (const [uri, edits] of edit.entries()) {
		const key = uri.toString();
		const move = files.find((f) => key === f.oldUri.toString() || key.startsWith(f.oldUri.toString().replace(/\/?$/, '/')));
		moved.set(move ? vscode.Uri.parse(move.newUri.toString() + key.slice(move.oldUri.toString().length)) : uri, edits);
	}
	return moved;
}

async function confirm(resource: vscode.Uri, movedFrom: vscode.Uri, edit: vscode.WorkspaceEdit, count: number): Promise<boolean> {
	if (updateMode(resource) === 'always') {
		return true;
	}
	const links = edit.entries().reduce((n, [, edits]) => n + edits.length, 0);
	const what = count === 1 ? `'${movedFrom.path.split('/').pop() ?? ''}'` : `${count} files`;
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
