/** What the link features need from the language client (`GemtextClient` satisfies it). */
import type * as vscode from 'vscode';
import type { FileMoveEditsRequest, FileReferencesRequest } from '../../../server/src/protocol';

export interface ILinkRequests {
	/** Link edits for files or folders about to move; `undefined` when nothing changes. */
	getFileMoveEdits(params: FileMoveEditsRequest.Params, token?: vscode.CancellationToken): Promise<vscode.WorkspaceEdit | undefined>;
	/** Every link across the workspace to a file or folder. */
	findFileReferences(params: FileReferencesRequest.Params, token?: vscode.CancellationToken): Promise<vscode.Location[]>;
}
