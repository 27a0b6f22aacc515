/** What paste, drop and link insertion need from the language client (`GemtextClient` satisfies it). */
import type * as vscode from 'vscode';
import type { ConvertToGemtextRequest, DocumentTitlesRequest, UrlPasteEditRequest } from '../../../server/src/protocol';

export interface IPasteRequests {
	urlPasteEdit(params: UrlPasteEditRequest.Params, token?: vscode.CancellationToken): Promise<UrlPasteEditRequest.Result>;
	documentTitles(params: DocumentTitlesRequest.Params, token?: vscode.CancellationToken): Promise<DocumentTitlesRequest.Result>;
	convertToGemtext(params: ConvertToGemtextRequest.Params, token?: vscode.CancellationToken): Promise<ConvertToGemtextRequest.Result>;
}
