/**
 * An in-memory `IFileSystem` for service tests: files by URI (or by path under
 * `file:///`), folders implied by their files, unreadable paths on demand.
 *
 * @example new MemoryFileSystem({ '/ws/index.gmi': '# Home', '/ws/sub/index.gmi': '' })
 */
import { URI, Utils } from 'vscode-uri';
import type { FileStat, FileType, IFileSystem, ReadFailure } from '../../server/src/service/workspace';

export class MemoryFileSystem implements IFileSystem {
	readonly #files = new Map<string, Uint8Array>();
	readonly #dirs = new Set<string>();
	readonly #unreadable = new Set<string>();
	/** Every call, in order (`stat file:///…`), to assert what the service touched. */
	readonly calls: string[] = [];

	/** `files`: path (`/ws/a.gmi`) or URI → text or bytes. */
	constructor(files: Readonly<Record<string, string | Uint8Array>> = {}) {
		this.#dirs.add(uriOf('/'));
		for (const [path, content] of Object.entries(files)) {
			this.write(path, content);
		}
	}

	/** Creates or replaces a file (and its parent folders). */
	write(path: string, content: string | Uint8Array): string {
		const uri = uriOf(path);
		this.#files.set(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
		this.#addFolders(Utils.dirname(URI.parse(uri)));
		return uri;
	}

	/** Creates an empty folder (and its parents). */
	mkdir(path: string): string {
		const uri = uriOf(path);
		this.#addFolders(URI.parse(uri));
		return uri;
	}

	#addFolders(dir: URI): void {
		while (!this.#dirs.has(normalize(dir.toString()))) {
			this.#dirs.add(normalize(dir.toString()));
			dir = Utils.dirname(dir);
		}
	}

	/** Removes a file, or a folder with everything under it. */
	delete(path: string): void {
		const uri = uriOf(path);
		const prefix = uri.endsWith('/') ? uri : uri + '/';
		this.#files.delete(uri);
		this.#dirs.delete(uri);
		for (const key of [...this.#files.keys()]) {
			if (key.startsWith(prefix)) this.#files.delete(key);
		}
		for (const key of [...this.#dirs]) {
			if (key.startsWith(prefix)) this.#dirs.delete(key);
		}
	}

	/** Makes a file or folder fail every read, as EACCES would. */
	makeUnreadable(path: string): void {
		this.#unreadable.add(uriOf(path));
	}

	/** Whether a folder above `key` is unreadable: as with EACCES, nothing below it can be reached. */
	#behindUnreadable(key: string): boolean {
		for (let dir = Utils.dirname(URI.parse(key)); ; dir = Utils.dirname(dir)) {
			if (this.#unreadable.has(normalize(dir.toString()))) {
				return true;
			}
			if (dir.path === '/' || dir.path === '') {
				return false;
			}
		}
	}

	async stat(uri: string): Promise<FileStat | undefined> {
		this.calls.push(`stat ${uri}`);
		const key = normalize(uri);
		if (this.#behindUnreadable(key)) {
			return undefined;
		}
		const file = this.#files.get(key);
		if (file) {
			return { type: 'file', size: file.byteLength, mtime: 0 };
		}
		return this.#dirs.has(key) ? { type: 'directory', size: 0, mtime: 0 } : undefined;
	}

	async readDirectory(uri: string): Promise<readonly (readonly [string, FileType])[] | undefined> {
		this.calls.push(`readDirectory ${uri}`);
		const key = normalize(uri);
		if (!this.#dirs.has(key) || this.#unreadable.has(key) || this.#behindUnreadable(key)) {
			return undefined;
		}
		const prefix = key.endsWith('/') ? key : key + '/';
		const entries = new Map<string, FileType>();
		for (const [all, type] of [...[...this.#files.keys()].map((k) => [k, 'file'] as const), ...[...this.#dirs].map((k) => [k, 'directory'] as const)]) {
			if (all.startsWith(prefix) && all.length > prefix.length && !all.slice(prefix.length).includes('/')) {
				entries.set(decodeURIComponent(all.slice(prefix.length)), type);
			}
		}
		return [...entries].sort(([a], [b]) => a.localeCompare(b));
	}

	async readFile(uri: string, maxSize = Infinity): Promise<Uint8Array | undefined> {
		this.calls.push(`readFile ${uri}`);
		const key = normalize(uri);
		const file = this.#unreadable.has(key) || this.#behindUnreadable(key) ? undefined : this.#files.get(key);
		return file && file.byteLength <= maxSize ? file : undefined;
	}

	async explainFailure(uri: string): Promise<ReadFailure> {
		this.calls.push(`explainFailure ${uri}`);
		const key = normalize(uri);
		return this.#unreadable.has(key) || this.#behindUnreadable(key) ? 'unreadable' : 'missing';
	}
}

/** `file:///…` URI string of a path; URIs pass through (normalized). */
export function uriOf(pathOrUri: string): string {
	return pathOrUri.includes('://') ? normalize(pathOrUri) : URI.file(pathOrUri).toString();
}

function normalize(uri: string): string {
	const s = URI.parse(uri).toString();
	return s.length > 'file:///'.length && s.endsWith('/') ? s.slice(0, -1) : s;
}
