/**
 * Finding and reading the files `gemtext check` looks at, and the cached file system
 * the service reads through (a check is one snapshot in time, so every stat, listing
 * and read is done once, however many links point at it).
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { NodeFileSystem } from '../node/fileSystem';
import { decodeText, type FileStat, type FileType, type IFileSystem, isGemtextFile, isTemplateFile, type ReadFailure } from '../service';

/** Folders no capsule keeps its pages in (as the workspace index skips them). */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface FileList {
	/** Absolute paths, sorted. */
	readonly files: string[];
	/** PATH arguments that do not exist. */
	readonly missing: string[];
	/** Folders that could not be listed, with the reason. */
	readonly unreadable: { readonly path: string; readonly reason: string }[];
	/** Generated `.gmi` files left out because their template (`.gmi.tpl`) is checked instead. */
	readonly generated: string[];
}

export interface CollectOptions {
	/** Also check a `.gmi` whose `.gmi.tpl` is beside it (by default the template stands for it). */
	readonly includeGenerated?: boolean;
}

/**
 * Gemtext files (`.gmi`, `.gemini`) and Gemtexter templates (`.gmi.tpl`) below each folder
 * of `paths`, and each file of `paths` whatever its name. A `.gmi` found in a folder beside
 * its template is left out unless `includeGenerated` (the template is what the author edits;
 * its check covers what it generates). Symbolic links to folders are not followed (a link
 * to an ancestor would never end), links to files are.
 */
export async function collectFiles(paths: readonly string[], options: CollectOptions = {}): Promise<FileList> {
	const walked = new Set<string>();
	const found = new Set<string>();
	const missing: string[] = [];
	const unreadable: { path: string; reason: string }[] = [];
	for (const arg of paths) {
		const path = resolve(arg);
		let stat;
		try {
			stat = await fs.stat(path);
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' || code === 'ENOTDIR') {
				missing.push(arg);
			} else {
				unreadable.push({ path, reason: code ?? String(e) });
			}
			continue;
		}
		if (!stat.isDirectory()) {
			found.add(path);
			continue;
		}
		const stack = [path];
		while (stack.length > 0) {
			const dir = stack.pop()!;
			let entries;
			try {
				entries = await fs.readdir(dir, { withFileTypes: true });
			} catch (e) {
				unreadable.push({ path: dir, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
				continue;
			}
			for (const e of entries) {
				const child = join(dir, e.name);
				if (e.isDirectory()) {
					if (!SKIPPED_FOLDERS.has(e.name)) {
						stack.push(child);
					}
				} else if ((isGemtextFile(e.name) || isTemplateFile(e.name)) && (e.isFile() || (e.isSymbolicLink() && (await isFile(child))))) {
					found.add(child);
					walked.add(child);
				}
			}
		}
	}
	const generated = options.includeGenerated ? [] : [...walked].filter((f) => walked.has(f + '.tpl'));
	generated.forEach((f) => found.delete(f));
	return { files: [...found].sort(), missing, unreadable, generated };
}

async function isFile(path: string): Promise<boolean> {
	try {
		return (await fs.stat(path)).isFile();
	} catch {
		return false;
	}
}

/** The text of a file to check, or why there is none. */
export type SourceText =
	| { readonly kind: 'text'; readonly text: string; readonly invalidUtf8: boolean; /** A UTF-8 byte order mark, which decoding removed. */ readonly hasBom: boolean }
	| { readonly kind: 'binary' }
	| { readonly kind: 'unreadable' };

/** Bytes with a NUL in the first 8 KiB are not text (git's rule). */
const BINARY_PROBE = 8192;

/** Decodes a file as the editor does (invalid UTF-8 becomes U+FFFD), noting what was wrong with it. */
export function toSourceText(bytes: Uint8Array | undefined): SourceText {
	if (!bytes) {
		return { kind: 'unreadable' };
	}
	if (bytes.subarray(0, BINARY_PROBE).includes(0)) {
		return { kind: 'binary' };
	}
	let invalidUtf8 = false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		invalidUtf8 = true;
	}
	const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
	return { kind: 'text', text: decodeText(bytes), invalidUtf8, hasBom };
}

/**
 * `NodeFileSystem` with stats and folder listings memoised for one check (each folder listed once
 * however many links point into it). File contents are not kept: a check reads each file when it
 * checks it, and a link target once per run (the diagnostics batch keeps its headings, not its text),
 * so a 20,000-file capsule is never held in memory.
 */
export class CachedFileSystem implements IFileSystem {
	readonly #inner = new NodeFileSystem();
	readonly #stats = new Map<string, Promise<FileStat | undefined>>();
	readonly #listings = new Map<string, Promise<readonly (readonly [string, FileType])[] | undefined>>();

	stat(uri: string): Promise<FileStat | undefined> {
		return memo(this.#stats, key(uri), (k) => this.#inner.stat(k));
	}

	readDirectory(uri: string): Promise<readonly (readonly [string, FileType])[] | undefined> {
		return memo(this.#listings, key(uri), (k) => this.#inner.readDirectory(k));
	}

	readFile(uri: string, maxSize?: number): Promise<Uint8Array | undefined> {
		return this.#inner.readFile(key(uri), maxSize);
	}

	readText(uri: string, maxSize?: number): Promise<string | undefined> {
		return this.#inner.readText(key(uri), maxSize);
	}

	explainFailure(uri: string): Promise<ReadFailure> {
		return this.#inner.explainFailure(uri);
	}
}

/** One spelling per resource (`%3A` and `:` alike); a trailing slash is kept, as it means something to `stat`. */
function key(uri: string): string {
	try {
		return URI.parse(uri).toString();
	} catch {
		return uri;
	}
}

function memo<T>(map: Map<string, Promise<T>>, k: string, load: (k: string) => Promise<T>): Promise<T> {
	let p = map.get(k);
	if (!p) {
		p = load(k);
		map.set(k, p);
	}
	return p;
}
