/**
 * "Gemtext: Insert Link to File…" (a quick pick over the capsule's files, Gemtext files by
 * title) and "Gemtext: Convert Markdown File" (the Gemtext opens beside the Markdown).
 */
import * as vscode from 'vscode';
import { isGemtextDocument } from '../languages';
import { asInsertedLines } from './fileLinks';
import { distinctLinkTargets, labelOfFileName, relativeLink } from './paths';
import type { IPasteRequests } from './requests';
import { Commands } from '../commandIds';

/** Files listed at most (a capsule larger than this is searched by typing a path). */
const MAX_FILES = 5000;

interface FileItem extends vscode.QuickPickItem {
	readonly uri: vscode.Uri;
	readonly title: string | undefined;
}

/** The quick pick's items for the capsule of `document`: Gemtext files first, titled, then other files. */
export async function linkTargets(document: vscode.TextDocument, requests: IPasteRequests, token?: vscode.CancellationToken): Promise<FileItem[]> {
	const folder = vscode.workspace.getWorkspaceFolder(document.uri);
	const pattern = folder ? new vscode.RelativePattern(folder, '**/*') : '**/*';
	const found = await vscode.workspace.findFiles(pattern, '{**/node_modules/**,**/.git/**}', MAX_FILES, token);
	const uris = distinctLinkTargets(found, (u) => u.path, document.uri.path);
	const titles = await requests.documentTitles({ uris: uris.map((u) => u.toString()) }, token);
	const items = uris.map((uri, i): FileItem => {
		const path = relativeLink(document.uri.path, uri.path);
		const title = titles[i] ?? undefined;
		return { uri, title, label: title ?? decodeURIComponent(path), description: title !== undefined ? decodeURIComponent(path) : undefined };
	});
	return items.sort((a, b) => Number(b.title !== undefined) - Number(a.title !== undefined) || (a.description ?? a.label).localeCompare(b.description ?? b.label));
}

async function insertLinkToFile(requests: IPasteRequests, target?: vscode.Uri): Promise<void> {
	const editor = vscode.window.activeTextEditor;
	if (!editor || !isGemtextDocument(editor.document)) {
		return;
	}
	const document = editor.document;
	let uri = target;
	let title: string | undefined;
	if (!uri) {
		const picked = await vscode.window.showQuickPick(linkTargets(document, requests), { placeHolder: 'File to link to', matchOnDescription: true });
		if (!picked) return;
		uri = picked.uri;
		title = picked.title;
	} else {
		title = (await requests.documentTitles({ uris: [uri.toString()] }))[0] ?? undefined;
	}
	const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
	const line = `=> ${relativeLink(document.uri.path, uri.path)} ${title ?? labelOfFileName(name)}`;
	const position = editor.selection.active;
	await editor.edit((edit) => edit.insert(position, asInsertedLines(document, position, [line])));
}

async function convertMarkdownFile(requests: IPasteRequests, resource?: vscode.Uri): Promise<void> {
	const uri = resource ?? vscode.window.activeTextEditor?.document.uri;
	if (!uri) {
		void vscode.window.showInformationMessage('Open or select a Markdown file to convert.');
		return;
	}
	const document = await vscode.workspace.openTextDocument(uri);
	const result = await requests.convertToGemtext({ text: document.getText(), from: 'markdown' });
	const gemtext = await vscode.workspace.openTextDocument({ language: 'gemtext', content: result.text });
	await vscode.window.showTextDocument(gemtext, { viewColumn: vscode.ViewColumn.Beside });
	if (result.warnings.length > 0) {
		const first = result.warnings[0];
		void vscode.window.showWarningMessage(`Converted with ${result.warnings.length} warning(s): ${first.message}${first.line !== undefined ? ` (line ${first.line + 1})` : ''}${result.warnings.length > 1 ? ', …' : ''}`);
	}
}

export function registerPasteCommands(requests: IPasteRequests): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.commands.registerCommand(Commands.insertLinkToFile, (target?: unknown) => insertLinkToFile(requests, target instanceof vscode.Uri ? target : undefined)),
		vscode.commands.registerCommand(Commands.convertMarkdownFile, (resource?: unknown) => convertMarkdownFile(requests, resource instanceof vscode.Uri ? resource : undefined)),
	);
}
