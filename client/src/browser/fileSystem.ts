/**
 * The file access a worker server asks for (server/src/clientFileSystem.ts), answered from
 * `vscode.workspace.fs`: stat, folder listings and bounded reads. Every failure is `null`.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { FileStatRequest, ReadDirectoryRequest, ReadFileRequest } from '../../../server/src/protocol';

function kindOf(type: vscode.FileType): 'file' | 'directory' | undefined {
	return type & vscode.FileType.Directory ? 'directory' : type & vscode.FileType.File ? 'file' : undefined;
}

async function orNull<T>(work: () => Thenable<T> | Promise<T>): Promise<T | null> {
	try {
		return await work();
	} catch {
		return null;
	}
}

/** Bytes to base64 without Node's Buffer, in slices (String.fromCharCode takes a bounded argument list). */
function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

export function answerFileRequests(client: BaseLanguageClient): vscode.Disposable {
	return vscode.Disposable.from(
		client.onRequest(FileStatRequest.type, ({ uri }) =>
			orNull(async () => {
				const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
				const type = kindOf(stat.type);
				return type ? { type, size: stat.size, mtime: stat.mtime } : null;
			}),
		),
		client.onRequest(ReadDirectoryRequest.type, ({ uri }) =>
			orNull(async () => {
				const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(uri));
				return entries.flatMap(([name, type]) => {
					const kind = kindOf(type);
					return kind ? [[name, kind] as const] : [];
				});
			}),
		),
		client.onRequest(ReadFileRequest.type, ({ uri, maxSize }) =>
			orNull(async () => {
				const target = vscode.Uri.parse(uri);
				// Bounded: the size first, so a huge file is never read.
				const stat = await vscode.workspace.fs.stat(target);
				if (!(stat.type & vscode.FileType.File) || stat.size > maxSize) return null;
				return { base64: toBase64(await vscode.workspace.fs.readFile(target)) };
			}),
		),
	);
}
