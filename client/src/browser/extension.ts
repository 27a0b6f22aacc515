/**
 * Web entry of the extension (vscode.dev, github.dev, any virtual workspace): the language server
 * runs in a web worker (dist/web/server.js) and reads every file through this side's
 * `vscode.workspace.fs`, so it works on whatever scheme the workspace has.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateWith, deactivate, type GemtextExtensionApi } from '../activate';
import { answerFileRequests } from './fileSystem';

export type { GemtextExtensionApi };
export { deactivate };

export async function activate(context: vscode.ExtensionContext): Promise<GemtextExtensionApi> {
	const worker = await createServerWorker(context.extensionUri);
	return activateWith(context, {
		create: (options) => new LanguageClient('gemtext', 'Gemtext Language Server', options, worker),
		wire: answerFileRequests,
	});
}

/**
 * The server's worker. From an http(s) extension location (vscode.dev) the script loads by URL; a
 * workbench that serves the extension from elsewhere (a remote, as code-server does) cannot start a
 * worker from that location, so the script is read through the workspace file system and started
 * from a blob of the same origin.
 */
async function createServerWorker(extensionUri: vscode.Uri): Promise<Worker> {
	const main = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'server.js');
	if (main.scheme === 'http' || main.scheme === 'https') {
		return new Worker(main.toString(true));
	}
	const source = await vscode.workspace.fs.readFile(main);
	return new Worker(URL.createObjectURL(new Blob([source.slice()], { type: 'text/javascript' })));
}
