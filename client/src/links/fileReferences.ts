/**
 * "Find File References" (Explorer context menu, editor title, command palette): every
 * link across the workspace to a file or folder, shown in the references peek.
 */
import * as vscode from 'vscode';
import type { ILinkRequests } from './requests';
import { Commands } from '../commandIds';
import { commandTarget } from '../files';

/** Registers the command; it takes the Explorer's resource, else the active editor's document. */
export function registerFindFileReferences(requests: ILinkRequests): vscode.Disposable {
	return vscode.commands.registerCommand(Commands.findFileReferences, async (arg?: unknown) => {
		const resource = commandTarget(arg);
		if (!resource) {
			void vscode.window.showInformationMessage('Select a file or folder to find the links to it.');
			return [];
		}
		const locations = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Window, title: 'Finding file references' },
			(_progress, token) => requests.findFileReferences({ uri: resource.toString() }, token),
		);
		const name = resource.path.split('/').filter((s) => s !== '').pop() ?? resource.toString();
		if (locations.length === 0) {
			void vscode.window.showInformationMessage(`No links to '${name}' in the workspace.`);
			return locations;
		}
		// The peek needs a text document to anchor in; a folder or an image is not one, the first linking line is.
		const anchor = locations[0];
		await vscode.commands.executeCommand('editor.action.showReferences', anchor.uri, anchor.range.start, locations);
		return locations;
	});
}
