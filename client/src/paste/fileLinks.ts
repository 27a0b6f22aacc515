/**
 * Links to pasted or dropped files: files inside the document's workspace folder are
 * linked where they are; others (from the OS, the clipboard) are copied to
 * `gemtext.copyFiles.destination` first, never over an existing file.
 */
import * as vscode from 'vscode';
import { labelOfFileName, relativeLink, resolveDestination, uniquePath } from './paths';
import type { IPasteRequests } from './requests';
import { exists } from '../files';

/** One file to link: a URI (Explorer, OS file manager) or bytes without a home (a screenshot). */
export type PastedFile = { readonly uri: vscode.Uri } | { readonly name: string; readonly data: () => Thenable<Uint8Array> };

/** The link lines and the edit creating copied files (`undefined` when nothing is copied). */
export interface FileLinks {
	readonly lines: string[];
	readonly copies: vscode.WorkspaceEdit | undefined;
}

/** Files of a data transfer: `text/uri-list` entries (file-like schemes only) and pasted files. */
export function filesOf(dataTransfer: vscode.DataTransfer, uriList: string | undefined): PastedFile[] {
	const files: PastedFile[] = [];
	const seen = new Set<string>();
	for (const line of (uriList ?? '').split(/\r?\n/)) {
		const text = line.trim();
		if (text === '' || text.startsWith('#')) continue;
		try {
			const uri = vscode.Uri.parse(text, true);
			// Web URLs in a uri-list are links, not files: the URL paste handles them.
			if (uri.scheme === 'http' || uri.scheme === 'https') continue;
			if (!seen.has(uri.toString())) {
				seen.add(uri.toString());
				files.push({ uri });
			}
		} catch {
			// Not a URI: ignore the line.
		}
	}
	for (const [, item] of dataTransfer) {
		const file = item.asFile();
		if (!file) continue;
		if (file.uri) {
			if (!seen.has(file.uri.toString())) {
				seen.add(file.uri.toString());
				files.push({ uri: file.uri });
			}
		} else {
			files.push({ name: file.name || 'pasted', data: () => file.data() });
		}
	}
	return files;
}


function isInside(folder: vscode.Uri, uri: vscode.Uri): boolean {
	const prefix = folder.path.endsWith('/') ? folder.path : folder.path + '/';
	return uri.scheme === folder.scheme && uri.authority === folder.authority && uri.path.startsWith(prefix);
}

/** Link lines for `files` pasted into `document`, copying the ones from outside its workspace folder. */
export async function linkFiles(document: vscode.TextDocument, files: readonly PastedFile[], requests: IPasteRequests, token: vscode.CancellationToken): Promise<FileLinks | undefined> {
	const folder = vscode.workspace.getWorkspaceFolder(document.uri);
	const settings = vscode.workspace.getConfiguration('gemtext', document.uri).get<Record<string, unknown>>('copyFiles.destination') ?? {};
	const copies = new vscode.WorkspaceEdit();
	let copied = false;
	const planned = new Set<string>();
	const targets: vscode.Uri[] = [];
	// Labels come from the name the file had, not from a numbered copy's (`cat-1.png`).
	const names: string[] = [];
	for (const file of files) {
		const name = 'uri' in file ? file.uri.path.slice(file.uri.path.lastIndexOf('/') + 1) : file.name;
		names.push(name);
		if ('uri' in file && (folder ? isInside(folder.uri, file.uri) : file.uri.scheme === document.uri.scheme)) {
			targets.push(file.uri);
			continue;
		}
		const path = resolveDestination(settings, { documentPath: document.uri.path, workspaceFolderPath: folder?.uri.path, fileName: name, now: new Date() });
		const free = await uniquePath(path, async (p) => planned.has(p) || (await exists(document.uri.with({ path: p }))));
		planned.add(free);
		const target = document.uri.with({ path: free });
		const data = 'uri' in file ? await vscode.workspace.fs.readFile(file.uri) : await file.data();
		if (token.isCancellationRequested) return undefined;
		copies.createFile(target, { contents: data, ignoreIfExists: false, overwrite: false });
		copied = true;
		targets.push(target);
	}
	if (targets.length === 0) return undefined;
	// Titles of Gemtext targets, read by the server (copies are not on disk yet: they have no title to read but their name).
	const titles = await requests.documentTitles({ uris: targets.map((t) => t.toString()) }, token);
	const lines = targets.map((target, i) => {
		const label = titles[i] ?? labelOfFileName(names[i]);
		return `=> ${relativeLink(document.uri.path, target.path)} ${label}`;
	});
	return { lines, copies: copied ? copies : undefined };
}

/** Link lines as inserted at `position`: on lines of their own, whatever surrounds the cursor. */
export function asInsertedLines(document: vscode.TextDocument, position: vscode.Position, lines: readonly string[]): string {
	const line = document.lineAt(position.line).text;
	const before = line.slice(0, position.character).trim() !== '' ? '\n' : '';
	const after = line.slice(position.character).trim() !== '' ? '\n' : '';
	return before + lines.join('\n') + after;
}
