/**
 * `IFileSystem` through the client, for a server without a file system of its own (the web
 * extension's worker, on vscode.dev or any virtual workspace): each call is a request the
 * client answers from `vscode.workspace.fs`. Like the Node file system, every failure resolves
 * to `undefined`; a refused or failed request included.
 */
import type { Connection } from 'vscode-languageserver';
import { FileStatRequest, ReadDirectoryRequest, ReadFileRequest } from './protocol';
import { DEFAULT_MAX_FILE_SIZE, type FileStat, type FileType, type IFileSystem } from './service';

export class ClientFileSystem implements IFileSystem {
	readonly #connection: Connection;

	constructor(connection: Connection) {
		this.#connection = connection;
	}

	async stat(uri: string): Promise<FileStat | undefined> {
		return (await this.#ask(() => this.#connection.sendRequest(FileStatRequest.type, { uri }))) ?? undefined;
	}

	async readDirectory(uri: string): Promise<readonly (readonly [string, FileType])[] | undefined> {
		return (await this.#ask(() => this.#connection.sendRequest(ReadDirectoryRequest.type, { uri }))) ?? undefined;
	}

	async readFile(uri: string, maxSize = DEFAULT_MAX_FILE_SIZE): Promise<Uint8Array | undefined> {
		const result = await this.#ask(() => this.#connection.sendRequest(ReadFileRequest.type, { uri, maxSize }));
		return result ? fromBase64(result.base64) : undefined;
	}

	async #ask<T>(request: () => Promise<T>): Promise<T | undefined> {
		try {
			return await request();
		} catch {
			return undefined;
		}
	}
}

/** Base64 to bytes without Node's Buffer (a web worker has `atob`). */
function fromBase64(base64: string): Uint8Array {
	const binary = atob(base64);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) {
		bytes[i] = binary.charCodeAt(i);
	}
	return bytes;
}
