/** Client-side link features: link updates on file moves and "Find File References". */
import * as vscode from 'vscode';
import { registerFileMoveListener } from './fileMove';
import { registerFindFileReferences } from './fileReferences';
import type { ILinkRequests } from './requests';

export type { ILinkRequests } from './requests';

/** Registers every client-side link feature; dispose to remove them all. */
export function registerLinkFeatures(requests: ILinkRequests): vscode.Disposable {
	return vscode.Disposable.from(registerFileMoveListener(requests), registerFindFileReferences(requests));
}
