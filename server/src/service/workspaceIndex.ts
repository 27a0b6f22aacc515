/**
 * An incremental index of every Gemtext file in the workspace folders. Per file it keeps
 * the headings (workspace symbols) and the link lines (references, rename, file moves,
 * dependents), never the text, so memory stays small; documents open in the editor
 * override what is on disk.
 */
import { URI, Utils } from 'vscode-uri';
import type { GemDocument, Range } from './document';
import { isGemtextFile, normalizeUri } from './linkTargets';
import { parseGemtext } from './parser';
import { TimeSlicer, type YieldNow } from './schedule';
import { isTemplateFile } from './templates/scan';
import type { CancellationToken } from './types';
import { decodeText, type IFileSystem, type ILogger } from './workspace';

/** A heading anywhere in the workspace. */
export interface WorkspaceSymbol {
	readonly name: string;
	readonly level: 1 | 2 | 3;
	readonly uri: string;
	/** The heading line. */
	readonly range: Range;
}

/** Called while the first index is built: `done` of `total` files read. */
export type IndexProgress = (done: number, total: number) => void;

interface IndexedHeading {
	readonly name: string;
	readonly level: 1 | 2 | 3;
	readonly range: Range;
}

/**
 * A link line as the workspace features need it: its URL and where the URL is. A parsed
 * `GemLine` satisfies it; the index keeps this compact form (offsets within the line).
 */
export interface LinkRef {
	/** 0-based line number. */
	readonly line: number;
	readonly url: string;
	/** Offset of the URL's first character (in the coordinates `rangeOf` takes). */
	readonly contentStart: number;
	/** Offset just past the URL. */
	readonly urlEnd: number;
	/** Range from one offset to another on this line. */
	rangeOf(from: number, to: number): Range;
}

/** A link of a file on disk: offsets are columns of its line. */
class IndexedLink implements LinkRef {
	constructor(
		readonly line: number,
		readonly url: string,
		readonly contentStart: number,
		readonly urlEnd: number,
	) {}

	rangeOf(from: number, to: number): Range {
		return { start: { line: this.line, character: from }, end: { line: this.line, character: to } };
	}
}

/** The links of a file as the index has them: `key` stays the same object until the file changes. */
export interface IndexedLinks {
	readonly key: object;
	links(): readonly LinkRef[];
	/** The links' URLs alone, in the same order: no link object made. */
	urls(): readonly string[];
}

const HEADING_FIELDS = 3;
const LINK_FIELDS = 3;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A copy of `s` that shares nothing with the string it was cut from: V8 keeps a slice (and a
 * one-element join) as a view into the whole text, so a heading name or URL would otherwise keep
 * its file's text alive for as long as the index lives.
 */
function detached(s: string): string {
	return s.length < 13 ? s.slice(0) : decoder.decode(encoder.encode(s));
}

/**
 * What the index keeps of one file, packed (20,000 files hold about a million headings' and
 * links' numbers): heading names and link URLs each joined into one string, their positions in
 * typed arrays. Decoded on demand; replaced, never mutated, when the file changes.
 */
class IndexedFile {
	/** Heading names, `\n`-separated (a name never holds a line break). */
	readonly #names: string;
	/** Link URLs, `\n`-separated. */
	readonly #urls: string;
	/** Per heading: level, line, end column; then per link: line, URL start column, URL end column. */
	readonly #data: Int32Array;
	readonly #headingCount: number;

	private constructor(names: string, urls: string, data: Int32Array, headingCount: number) {
		this.#names = names;
		this.#urls = urls;
		this.#data = data;
		this.#headingCount = headingCount;
	}

	static readonly EMPTY = new IndexedFile('', '', new Int32Array(0), 0);

	static of(doc: GemDocument): IndexedFile {
		const names: string[] = [];
		const urls: string[] = [];
		const data: number[] = [];
		for (const h of doc.headings) {
			// Nameless headings are kept too (they take an id: `section`), and left out of `headings()`.
			names.push(h.content.trim());
			data.push(h.level, h.line, h.end - h.start);
		}
		for (const l of doc.links) {
			urls.push(l.url);
			data.push(l.line, l.contentStart - l.start, l.urlEnd - l.start);
		}
		return new IndexedFile(detached(names.join('\n')), detached(urls.join('\n')), Int32Array.from(data), names.length);
	}

	headings(): IndexedHeading[] {
		if (this.#headingCount === 0) {
			return [];
		}
		const names = this.#names.split('\n');
		const d = this.#data;
		const out: IndexedHeading[] = [];
		for (let i = 0; i < names.length; i++) {
			if (names[i].length === 0) {
				// A nameless symbol is useless in a picker (and VS Code rejects it).
				continue;
			}
			const k = i * HEADING_FIELDS;
			const line = d[k + 1];
			out.push({ name: names[i], level: d[k] as 1 | 2 | 3, range: { start: { line, character: 0 }, end: { line, character: d[k + 2] } } });
		}
		return out;
	}

	/** Every heading's content, trimmed, in order (nameless ones as ''). */
	headingNames(): string[] {
		return this.#headingCount === 0 ? [] : this.#names.split('\n');
	}

	urls(): string[] {
		return this.#data.length === this.#headingCount * HEADING_FIELDS ? [] : this.#urls.split('\n');
	}

	links(): LinkRef[] {
		const d = this.#data;
		const first = this.#headingCount * HEADING_FIELDS;
		if (d.length === first) {
			return [];
		}
		const urls = this.#urls.split('\n');
		const out: LinkRef[] = [];
		for (let i = 0; i < urls.length; i++) {
			const k = first + i * LINK_FIELDS;
			out.push(new IndexedLink(d[k], urls[i], d[k + 1], d[k + 2]));
		}
		return out;
	}
}

const EMPTY_FILE = IndexedFile.EMPTY;

/** Files above this size are left out of the index (their symbols), with a log message. */
export const MAX_INDEXED_FILE_SIZE = 10 * 1024 * 1024;

/** Folders no capsule keeps its pages in; walking them costs much and finds nothing. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Concurrent file reads while indexing: enough to hide latency, few enough not to starve requests. */
const READ_CONCURRENCY = 8;

/** Files the index keeps: Gemtext files and Gemtexter templates (`.gmi.tpl`, read as they are). */
function isIndexedFile(name: string): boolean {
	return isGemtextFile(name) || isTemplateFile(name);
}

/**
 * VS Code's rule for workspace symbol queries: the query's characters appear in order
 * in the name, case-insensitively (`gsw` matches `Getting started with`). Empty matches all.
 */
export function fuzzyContains(name: string, query: string): boolean {
	if (query.length === 0) {
		return true;
	}
	const target = name.toLowerCase();
	const q = query.toLowerCase();
	let from = 0;
	for (let i = 0; i < q.length; i++) {
		const at = target.indexOf(q[i], from);
		if (at === -1) {
			return false;
		}
		from = at + 1;
	}
	return true;
}

export interface WorkspaceIndexInit {
	readonly fileSystem: IFileSystem;
	readonly logger: ILogger;
	/** Defaults to `MAX_INDEXED_FILE_SIZE`. */
	readonly maxFileSize?: number;
	/** How the walk lets requests in between files (reads may not wait on anything). */
	readonly yieldNow?: YieldNow;
}

/**
 * Index of the workspace's Gemtext files. Every mutation runs on one queue, so an
 * `update` sent while the first walk is under way applies after it, never under it.
 */
export class WorkspaceIndex {
	readonly #fs: IFileSystem;
	readonly #logger: ILogger;
	readonly #maxFileSize: number;
	readonly #yieldNow: YieldNow | undefined;
	#folders: string[] = [];
	readonly #entries = new Map<string, IndexedFile>();
	readonly #open = new Map<string, () => GemDocument>();
	/** `files()`, sorted, until a file comes or goes (20,000 URIs take a while to sort). */
	#files: readonly string[] | undefined;
	#queue: Promise<void> = Promise.resolve();
	#build: Promise<void> | undefined;
	#disposed = false;

	constructor(init: WorkspaceIndexInit) {
		this.#fs = init.fileSystem;
		this.#logger = init.logger;
		this.#maxFileSize = init.maxFileSize ?? MAX_INDEXED_FILE_SIZE;
		this.#yieldNow = init.yieldNow;
	}

	/** The workspace folders (URI strings). */
	get folders(): readonly string[] {
		return this.#folders;
	}

	/** Whether the first full index has been requested. */
	get isBuilt(): boolean {
		return this.#build !== undefined;
	}

	/**
	 * Replaces the workspace folders. Once built, files of removed folders leave the
	 * index and added folders are walked.
	 */
	setFolders(folders: readonly string[]): Promise<void> {
		const next = folders.map(normalizeUri);
		const added = next.filter((f) => !this.#folders.includes(f));
		const removed = this.#folders.filter((f) => !next.includes(f));
		this.#folders = next;
		if (!this.#build) {
			return Promise.resolve();
		}
		return this.#enqueue(async () => {
			for (const folder of removed) {
				this.#deleteUnder(folder);
			}
			await this.#indexFolders(added, undefined);
		});
	}

	/** Builds the first index (once; later calls return the same promise). */
	build(onProgress?: IndexProgress): Promise<void> {
		this.#build ??= this.#enqueue(() => this.#indexFolders(this.#folders, onProgress));
		return this.#build;
	}

	/** Resolves when every queued change has been applied. */
	whenIdle(): Promise<void> {
		return this.#queue;
	}

	/**
	 * Re-reads `uri` from disk: a Gemtext file is (re)indexed, a folder is walked, a missing
	 * path is removed. Open documents keep their editor content.
	 */
	update(uri: string): Promise<void> {
		const key = normalizeUri(uri);
		return this.#enqueue(async () => {
			if (!this.#isInFolders(key)) {
				return;
			}
			const stat = await this.#fs.stat(key);
			if (!stat) {
				this.#deleteUnder(key);
			} else if (stat.type === 'directory') {
				await this.#indexFolders([key], undefined);
			} else if (isIndexedFile(key)) {
				await this.#indexFile(key, stat.size);
			}
		});
	}

	/** Removes a file, or every file under a deleted folder. */
	delete(uri: string): Promise<void> {
		const key = normalizeUri(uri);
		return this.#enqueue(async () => this.#deleteUnder(key));
	}

	/**
	 * Marks a document as open: its headings come from `getDocument()` (the editor's
	 * text, parsed lazily through the service's cache) instead of the disk.
	 */
	setOpenDocument(uri: string, getDocument: () => GemDocument): void {
		const key = normalizeUri(uri);
		if (!this.#open.has(key) && !this.#entries.has(key)) {
			this.#files = undefined;
		}
		this.#open.set(key, getDocument);
	}

	/** The document was closed: its disk content counts again. */
	closeDocument(uri: string): Promise<void> {
		const key = normalizeUri(uri);
		this.#open.delete(key);
		this.#files = undefined;
		return this.#build ? this.update(key) : Promise.resolve();
	}

	/** Indexed files (open documents included), sorted. */
	files(): readonly string[] {
		this.#files ??= [...new Set([...this.#entries.keys(), ...this.#open.keys()])].sort();
		return this.#files;
	}

	/**
	 * Headings of every indexed or open file whose name fuzzily contains `query`,
	 * ordered by file then line; a page generated from a template beside it (`x.gmi` of
	 * `x.gmi.tpl`) is left to its template.
	 */
	getSymbols(query: string, token?: CancellationToken): WorkspaceSymbol[] {
		const result: WorkspaceSymbol[] = [];
		const files = this.files();
		const indexed = new Set(files);
		for (const uri of files) {
			if (token?.isCancellationRequested) {
				return [];
			}
			if (indexed.has(uri + '.tpl') && isGemtextFile(uri)) {
				// A page Gemtexter generates from the template beside it: its headings are the
				// template's, listed once, where the author edits them.
				continue;
			}
			const getDocument = this.#open.get(uri);
			const headings = getDocument ? headingsOf(getDocument()) : (this.#entries.get(uri)?.headings() ?? []);
			for (const h of headings) {
				if (fuzzyContains(h.name, query)) {
					result.push({ name: h.name, level: h.level, uri, range: h.range });
				}
			}
		}
		return result;
	}

	/**
	 * The link lines of an indexed or open file (open documents: the editor's text), without
	 * reading anything; `undefined` for a file the index does not hold. `key` is the same object
	 * until the file changes, so callers may cache what they derive from the links.
	 */
	getLinks(uri: string): IndexedLinks | undefined {
		const key = normalizeUri(uri);
		const getDocument = this.#open.get(key);
		if (getDocument) {
			const doc = getDocument();
			return { key: doc, links: () => doc.links, urls: () => doc.links.map((l) => l.url) };
		}
		const entry = this.#entries.get(key);
		return entry && { key: entry, links: () => entry.links(), urls: () => entry.urls() };
	}

	/**
	 * The trimmed content of every heading of an indexed file on disk (nameless ones as ''), in
	 * order, without reading it; `undefined` for an open document or a file the index does not
	 * hold or left out (too large): read it then.
	 */
	getHeadingNames(uri: string): readonly string[] | undefined {
		const key = normalizeUri(uri);
		const entry = this.#open.has(key) ? undefined : this.#entries.get(key);
		return entry === undefined || entry === EMPTY_FILE ? undefined : entry.headingNames();
	}

	/** Stops any walk in progress. */
	dispose(): void {
		this.#disposed = true;
	}

	#enqueue(work: () => Promise<void>): Promise<void> {
		const run = this.#queue.then(work).catch((e: unknown) => {
			// The index is best effort: one failure must not stall every later update.
			this.#logger.log('error', `Gemtext index: ${e instanceof Error ? e.message : String(e)}`);
		});
		this.#queue = run;
		return run;
	}

	#isInFolders(uri: string): boolean {
		return this.#folders.some((f) => uri === f || uri.startsWith(f.endsWith('/') ? f : f + '/'));
	}

	#deleteUnder(uri: string): void {
		const prefix = uri.endsWith('/') ? uri : uri + '/';
		for (const key of [...this.#entries.keys()]) {
			if (key === uri || key.startsWith(prefix)) {
				this.#entries.delete(key);
				this.#files = undefined;
			}
		}
	}

	async #indexFolders(folders: readonly string[], onProgress: IndexProgress | undefined): Promise<void> {
		const files: string[] = [];
		for (const folder of folders) {
			await this.#walk(folder, files);
		}
		let done = 0;
		onProgress?.(0, files.length);
		let next = 0;
		// A read may come back without waiting (a local disk): the walk yields its time slices itself.
		const slicer = new TimeSlicer(this.#yieldNow);
		const worker = async (): Promise<void> => {
			while (next < files.length && !this.#disposed) {
				const uri = files[next++];
				await this.#indexFile(uri, undefined);
				onProgress?.(++done, files.length);
				await slicer.pause();
			}
		};
		await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
		this.#logger.log('info', `Gemtext index: ${files.length} file(s) in ${folders.length} folder(s)`);
	}

	/** Collects Gemtext files below `folder`; unreadable folders are logged and skipped. */
	async #walk(folder: string, out: string[]): Promise<void> {
		const stack = [URI.parse(folder)];
		while (stack.length > 0 && !this.#disposed) {
			const dir = stack.pop()!;
			const entries = await this.#fs.readDirectory(dir.toString());
			if (!entries) {
				this.#logger.log('debug', `Gemtext index: cannot read folder ${dir.toString()}`);
				continue;
			}
			for (const [name, type] of entries) {
				if (type === 'directory') {
					if (!SKIPPED_FOLDERS.has(name)) {
						stack.push(Utils.joinPath(dir, name));
					}
				} else if (isIndexedFile(name)) {
					out.push(Utils.joinPath(dir, name).toString());
				}
			}
		}
	}

	async #indexFile(uri: string, knownSize: number | undefined): Promise<void> {
		if (this.#open.has(uri)) {
			// The editor's text wins; the entry only records that the file exists on disk.
			this.#setEntry(uri, EMPTY_FILE);
			return;
		}
		// Read first (the read checks the size itself): a stat per file cost an eighth of the first index.
		const text = knownSize !== undefined && knownSize > this.#maxFileSize ? undefined : await this.#readText(uri);
		if (text === undefined) {
			// Too large, gone or unreadable: only a stat tells them apart.
			const size = (await this.#fs.stat(uri))?.size;
			if (size !== undefined && size > this.#maxFileSize) {
				this.#logger.log('info', `Gemtext index: skipping symbols of ${uri} (${size} bytes > ${this.#maxFileSize})`);
				this.#setEntry(uri, EMPTY_FILE);
			} else {
				this.#deleteEntry(uri);
			}
			return;
		}
		const doc = parseGemtext(text);
		this.#setEntry(uri, IndexedFile.of(doc));
	}

	async #readText(uri: string): Promise<string | undefined> {
		if (this.#fs.readText) {
			return this.#fs.readText(uri, this.#maxFileSize);
		}
		const bytes = await this.#fs.readFile(uri, this.#maxFileSize);
		return bytes && decodeText(bytes);
	}

	#setEntry(uri: string, file: IndexedFile): void {
		if (!this.#entries.has(uri)) {
			this.#files = undefined;
		}
		this.#entries.set(uri, file);
	}

	#deleteEntry(uri: string): void {
		if (this.#entries.delete(uri)) {
			this.#files = undefined;
		}
	}
}

function headingsOf(doc: GemDocument): IndexedHeading[] {
	const result: IndexedHeading[] = [];
	for (const h of doc.headings) {
		const name = h.content.trim();
		// A nameless symbol is useless in a picker (and VS Code rejects it).
		if (name.length > 0) {
			result.push({ name, level: h.level as 1 | 2 | 3, range: h.range });
		}
	}
	return result;
}
