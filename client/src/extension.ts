/**
 * Desktop (Node) entry of the extension: the language server runs as a Node process
 * (dist/server.js over IPC, with the Node options of serverLaunch.ts, and `--inspect` when the
 * extension is debugged) and reads files itself.
 */
import type * as vscode from 'vscode';
import { LanguageClient, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { activateWith, deactivate, type GemtextExtensionApi } from './activate';
import { SERVER_EXEC_ARGV } from './serverLaunch';

export type { GemtextExtensionApi };
export { deactivate };

export function activate(context: vscode.ExtensionContext): Promise<GemtextExtensionApi> {
	const module = context.asAbsolutePath('dist/server.js');
	const serverOptions: ServerOptions = {
		run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
		debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
	};
	return activateWith(context, {
		create: (options) => new LanguageClient('gemtext', 'Gemtext Language Server', serverOptions, options),
		// Node's file system reads `file:` URIs only.
		schemes: ['file'],
	});
}
