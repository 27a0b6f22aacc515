/**
 * "Gemtext: Check Remote Links" (`gemtext.checkRemoteLinks`): asks the server to check
 * every `gemini://` and `http(s)://` link now, with a cancellable progress notification.
 * Given a resource (Explorer, editor title), only that file; otherwise every Gemtext file
 * of the workspace. Results land in the Problems panel with the other diagnostics.
 */
import * as vscode from 'vscode';
import type { CheckRemoteLinksRequest } from '../../server/src/protocol';
import { isGemtextDocument } from './languages';
import { type ServerProgress, withServerProgress } from './serverProgress';
import { Commands } from './commandIds';

/** What the command needs from the client. */
export interface IRemoteLinkRequests {
	checkRemoteLinks(
		uris: readonly string[] | undefined,
		onProgress: (value: ServerProgress) => void,
		token?: vscode.CancellationToken,
	): Promise<CheckRemoteLinksRequest.Result>;
}

/** Files the command checks when none is given: Gemtext files on disk plus open Gemtext documents. */
async function workspaceGemtextFiles(): Promise<string[]> {
	const found = await vscode.workspace.findFiles('**/*.{gmi,gemini}', '**/{node_modules,.git}/**');
	const open = vscode.workspace.textDocuments.filter(isGemtextDocument).map((d) => d.uri);
	return [...new Set([...found, ...open].map((u) => u.toString()))];
}

export function registerCheckRemoteLinks(requests: IRemoteLinkRequests): vscode.Disposable {
	return vscode.commands.registerCommand(Commands.checkRemoteLinks, async (resource?: vscode.Uri): Promise<CheckRemoteLinksRequest.Result | undefined> => {
		const uris = resource instanceof vscode.Uri ? [resource.toString()] : await workspaceGemtextFiles();
		if (uris.length === 0) {
			void vscode.window.showInformationMessage('Gemtext: there are no Gemtext files to check.');
			return undefined;
		}
		const result = await withServerProgress(
			'Gemtext: Checking remote links',
			(onProgress, token) => requests.checkRemoteLinks(uris, onProgress, token),
			() => ({ files: 0, links: 0, problems: 0, cancelled: true }),
		);
		if (result.cancelled) {
			void vscode.window.showInformationMessage('Gemtext: remote link check cancelled.');
		} else {
			const summary = `Gemtext: checked ${result.links} remote link${result.links === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'}: `
				+ (result.problems === 0 ? 'all reachable.' : `${result.problems} problem${result.problems === 1 ? '' : 's'}.`);
			void vscode.window.showInformationMessage(summary, ...(result.problems > 0 ? ['Show Problems'] : [])).then((choice) => {
				if (choice === 'Show Problems') {
					void vscode.commands.executeCommand('workbench.actions.view.problems');
				}
			});
		}
		return result;
	});
}
