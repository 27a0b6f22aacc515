/**
 * Where a link points: what resolving a link needs from the host (`LinkCheckEnvironment`),
 * folder listings memoised for a pass (`DirectoryCache`), looking a resource up case-exactly
 * (`lookupResource`) and a folder's index file (`INDEX_FILES`), the heading a fragment names
 * (`fragmentMatcher`), relative paths between capsule files (`relativePath`, `commonAncestor`),
 * URI normalisation (`normalizeUri`) and which files are Gemtext (`isGemtextFile`). Shared by
 * link diagnostics, hover, code actions, completion, references and rename; `resolveLinkTarget`
 * (links.ts) turns a URL into the resource these look up.
 */
import { URI, Utils } from 'vscode-uri';
import type { LinkCheckBatch } from './diagnostics/links';
import type { GemDocument } from './document';
import { canonicalPathStart, isCanonicalUri } from './canonicalUri';
import { Later, settle, Settling, type YieldNow } from './schedule';
import { createFragmentMatcher } from './slug';
import type { FileStat, FileType, IFileSystem, PreviewStyle, ReadFailure } from './workspace';

/** Whether a URI or file name is a Gemtext file (`.gmi`, `.gemini`, any case). */
export function isGemtextFile(name: string): boolean {
	const lower = name.toLowerCase();
	return lower.endsWith('.gmi') || lower.endsWith('.gemini');
}

/** Canonical form of a URI string, so `file:///C%3A/x` and `file:///c:/x` are one key. */
export function normalizeUri(uri: string): string {
	if (isCanonicalUri(uri)) {
		// Already what the round trip would give: nothing to parse.
		return uri;
	}
	try {
		return URI.parse(uri).toString();
	} catch {
		return uri;
	}
}

/** What link checks need from their host; the service facade supplies it. */
export interface LinkCheckEnvironment {
	readonly fileSystem: IFileSystem;
	/** The folder absolute-path links (`/x.gmi`) of `uri` resolve against, `undefined` when there is none. */
	getCapsuleRoot(uri: string): Promise<string | undefined>;
	/** The parsed document at `uri`: the open version when open, else read from disk; `undefined` when unreadable. */
	getDocument(uri: string): Promise<GemDocument | undefined>;
	/**
	 * Ids of the headings of `doc` (at `uri`) in the render style active for it (docs/gemtext.md, "Gemtexter's HTML"),
	 * one per entry of `doc.headings`, in order.
	 */
	getHeadingIds(doc: GemDocument, uri: string): Promise<readonly string[]>;
	/** The render style whose heading ids apply to `uri` (docs/gemtext.md, "Gemtexter's HTML"). */
	getHeadingStyle(uri: string): Promise<PreviewStyle>;
	/**
	 * The trimmed content of every heading of a closed file as the workspace index holds it (no
	 * read), `undefined` when the index does not (the file is read then). Optional.
	 */
	getIndexedHeadingNames?(uri: string): readonly string[] | undefined;
	/** Lets the host's event loop run between slices of a long check (default: a zero timeout). */
	readonly yieldNow?: YieldNow;
	/** Shared by the documents of one pass over many files (Check Capsule): listings and targets' headings. */
	readonly batch?: LinkCheckBatch;
}

/** Index file names a Gemini server answers a folder URL with. */
export const INDEX_FILES = ['index.gmi', 'index.gemini'] as const;

/** Which heading a fragment names in `doc` (at `uri`), by the ids of its render style. */
export async function fragmentMatcher(env: LinkCheckEnvironment, doc: GemDocument | undefined, uri: string): Promise<((fragment: string) => number) | undefined> {
	return doc ? createFragmentMatcher(doc, await env.getHeadingIds(doc, uri), await env.getHeadingStyle(uri)) : undefined;
}

/**
 * The relative URL path from folder `from` to `to` (both URI strings), not encoded.
 *
 * @example relativePath('file:///c/a', 'file:///c/b/x.gmi') // '../b/x.gmi'
 */
export function relativePath(from: string, to: string): string {
	const a = URI.parse(from).path.split('/').filter((s) => s !== '');
	const target = URI.parse(to).path;
	const b = target.split('/').filter((s) => s !== '');
	let i = 0;
	while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
	const rel = [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
	return target.endsWith('/') && rel !== '' ? rel + '/' : rel;
}

/**
 * The deepest folder holding both the folder `folder` and `uri`: where a case-exact
 * lookup of a relative link starts.
 *
 * @example commonAncestor('file:///c/a', 'file:///c/b/x.gmi') // 'file:///c'
 */
export function commonAncestor(folder: string, uri: string): string {
	return commonAncestorOfCanonical(folder, uri) ?? commonAncestorOfUris(folder, uri);
}

/** `commonAncestor` through `URI` objects: the general case, and what the shortcut must agree with. */
export function commonAncestorOfUris(folder: string, uri: string): string {
	const a = URI.parse(folder);
	const pa = a.path.split('/');
	const pb = URI.parse(uri).path.split('/');
	let i = 0;
	while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
	return a.with({ path: pa.slice(0, i).join('/') || '/' }).toString();
}

/**
 * `commonAncestor` on the strings alone, for two canonical URIs of one scheme and authority
 * (a link check asks it for every link); `undefined` for anything else.
 */
function commonAncestorOfCanonical(folder: string, uri: string): string | undefined {
	const start = canonicalPathStart(folder);
	if (start === -1 || canonicalPathStart(uri) !== start) {
		return undefined;
	}
	const end = commonAncestorEnd(folder, uri, start);
	return end === -1 ? undefined : ancestorAt(folder, start, end);
}

const SLASH = 47;

/**
 * Where the common ancestor of `folder` and `uri` ends in `folder`, for two canonical URIs
 * (see `canonicalPathStart`) whose paths start at `start`: the end of the last path segment
 * both spell alike (`start` for the top folder); -1 when their schemes or authorities differ.
 * Encoded segments are equal exactly when the decoded ones are: the encoding is canonical.
 */
export function commonAncestorEnd(folder: string, uri: string, start: number): number {
	const max = Math.min(folder.length, uri.length);
	let same = 0;
	while (same < max && folder.charCodeAt(same) === uri.charCodeAt(same)) same++;
	if (same <= start) {
		// Both paths start with `/` at `start`: the text before it differs.
		return -1;
	}
	let end = same;
	while (!((end === folder.length || folder.charCodeAt(end) === SLASH) && (end === uri.length || uri.charCodeAt(end) === SLASH))) end--;
	return end;
}

/** The ancestor of canonical `folder` (path at `start`) that `commonAncestorEnd` found ending at `end`. */
export function ancestorAt(folder: string, start: number, end: number): string {
	return end === start ? folder.slice(0, start) + '/' : folder.slice(0, end);
}

/** An ancestor of a folder (see `folderAncestors`): its URI and where it ends in the folder's. */
export interface Ancestor {
	readonly uri: string;
	readonly end: number;
}

/**
 * The folders `commonAncestor` can answer for canonical `folder` (path at `start`), deepest
 * first: the folder itself and each folder above it, as `ancestorAt` writes them.
 */
export function folderAncestors(folder: string, start: number): Ancestor[] {
	const ancestors: Ancestor[] = [];
	for (let end = folder.length; end > start; end = folder.lastIndexOf('/', end - 1)) {
		if (end === folder.length || folder.charCodeAt(end) === SLASH) {
			ancestors.push({ uri: folder.slice(0, end), end });
		}
	}
	ancestors.push({ uri: ancestorAt(folder, start, start), end: start });
	return ancestors;
}

/**
 * `commonAncestor` of a folder and `uri`, both canonical with paths starting at `start`, from the
 * folder's `ancestors`: the deepest one `uri` lies in (a prefix check each, no character loop);
 * `undefined` when their schemes or authorities differ.
 */
export function deepestCommonAncestor(ancestors: readonly Ancestor[], start: number, uri: string): Ancestor | undefined {
	for (const ancestor of ancestors) {
		const end = ancestor.end;
		if (uri.startsWith(ancestor.uri) && (end === start || end === uri.length || uri.charCodeAt(end) === SLASH)) {
			return ancestor;
		}
	}
	return undefined;
}

/** The outcome of looking a resource up segment by segment, case-exactly. */
export type Lookup = Found | Missing;

export interface Found {
	readonly kind: 'found' | 'case-mismatch';
	/** The resource as spelled on disk (differs from the link in case for `case-mismatch`). */
	readonly uri: string;
	readonly type: FileType;
}

export interface Missing {
	readonly kind: 'missing';
	/** The deepest existing folder on the way to the resource (as spelled on disk). */
	readonly existing: string;
	/** The first missing segment when it is a folder (`undefined` when only the last segment is missing). */
	readonly missingFolder: string | undefined;
	/** The folder or file that exists but cannot be read (permission denied), so the resource may well exist. */
	readonly unreadable?: string;
}

/**
 * Looks `resource` up segment by segment from `anchor` (a folder above it), comparing
 * names exactly, so a case difference is found even on a case-insensitive disk.
 * Names equal after Unicode NFC normalisation count as equal (macOS stores NFD).
 * Without an anchor above the resource, or when a folder cannot be listed, falls back
 * to `stat`.
 *
 * @example lookupResource('file:///c/Img/A.png', 'file:///c', dirs) // case-mismatch, uri file:///c/img/a.png
 */
export async function lookupResource(resource: string, anchor: string | undefined, dirs: DirectoryCache): Promise<Lookup> {
	return (await settle(() => lookupResourceNow(resource, anchor, dirs)))!;
}

export interface LookupOptions {
	/**
	 * Trust the folder listings: a name they do not show is missing, without a `stat` to find
	 * the symbolic links to folders and special files a listing leaves out. For guesses (is
	 * `my page.gmi` there?) that are made for thousands of names that are not.
	 */
	readonly listedOnly?: boolean;
}

/**
 * `lookupResource` from what `dirs` already holds: the answer, or the listing, stat or
 * explanation it still needs (`Later`: wait for it and ask again). A pass over a capsule
 * lists a few folders and then answers every link without a promise.
 */
export function lookupResourceNow(
	resource: string,
	anchor: string | undefined,
	dirs: DirectoryCache,
	options?: LookupOptions,
	/** `canonicalPathStart` of `resource` and of `anchor`, when the caller knows them (a pass asks for every link). */
	resourceStart = canonicalPathStart(resource),
	anchorStart = anchor === undefined ? -1 : canonicalPathStart(anchor),
): Lookup | Later {
	return (anchor !== undefined && resourceStart !== -1 && anchorStart !== -1 ? lookupExactNow(resource, anchor, dirs, options) : undefined) ?? lookupResourceOfUrisNow(resource, anchor, dirs, options);
}

/**
 * The common cases of `lookupResourceNow` on the strings alone, for canonical URIs (see
 * `canonicalPathStart`; the caller checked): every segment listed under its exact name, or a
 * name no listing holds in any case or Unicode form (a missing file, a guess). `undefined` for anything else (a case or
 * Unicode difference, a folder that cannot be listed): the general lookup answers then.
 */
function lookupExactNow(resource: string, anchor: string, dirs: DirectoryCache, options: LookupOptions | undefined): Lookup | Later | undefined {
	const base = anchor.endsWith('/') ? anchor.slice(0, -1) : anchor;
	if (resource.length <= base.length + 1 || !resource.startsWith(base) || resource.charCodeAt(base.length) !== SLASH) {
		return undefined;
	}
	// Segment by segment without splitting: a folder on the way is a slice of the resource, or
	// (once an empty segment is left out) built as the general lookup joins it.
	let stop = resource.length;
	while (stop > base.length + 1 && resource.charCodeAt(stop - 1) === SLASH) stop--;
	let current = base;
	let joined = false;
	let type: FileType = 'directory';
	let found = false;
	for (let from = base.length + 1; from < stop;) {
		let next = resource.indexOf('/', from);
		if (next === -1 || next > stop) {
			next = stop;
		}
		if (next === from) {
			joined = true;
			from = next + 1;
			continue;
		}
		const segment = resource.slice(from, next);
		const entries = dirs.listNow(current);
		if (entries instanceof Later) {
			return entries;
		}
		if (!entries) {
			return undefined;
		}
		const index = indexListing(entries);
		const want = segment.includes('%') ? decodeURIComponent(segment) : segment;
		const entry = index.exact.get(want);
		const last = next === stop;
		if (!entry || (!last && entry[1] !== 'directory')) {
			if (!entry) {
				const nfc = want.normalize('NFC');
				if (index.nfc.has(nfc) || index.folded.has(nfc.toLowerCase())) {
					return undefined;
				}
			}
			// As the general lookup: missing, unless (when the listings are not trusted) a stat finds it.
			// The URI round trip of a canonical anchor is the anchor itself.
			const existing = found ? current : anchor;
			if (!options?.listedOnly) {
				const stat = dirs.statNow(resource);
				if (stat instanceof Later) {
					return stat;
				}
				if (stat) {
					return { kind: 'found', uri: resource, type: stat.type };
				}
			}
			return { kind: 'missing', existing, missingFolder: last ? undefined : want + '/' };
		}
		current = joined ? current + '/' + segment : resource.slice(0, next);
		type = entry[1];
		found = true;
		from = next + 1;
	}
	// Mostly the resource as it came (no empty segment, no last `/`): kept rather than its copy.
	return found ? { kind: 'found', uri: current.length === resource.length ? resource : current, type } : undefined;
}

/**
 * `lookupResourceNow` for any URIs, through `URI` objects: the general case, and what the
 * shortcut must agree with.
 */
export function lookupResourceOfUrisNow(resource: string, anchor: string | undefined, dirs: DirectoryCache, options?: LookupOptions): Lookup | Later {
	const target = URI.parse(resource);
	const segments = anchor !== undefined ? segmentsBelow(URI.parse(anchor), target) : undefined;
	if (anchor === undefined || segments === undefined) {
		return statLookup(target, dirs);
	}
	let current = URI.parse(anchor);
	let mismatch = false;
	let type: FileType = 'directory';
	for (let i = 0; i < segments.length; i++) {
		const entries = dirs.listNow(current.toString());
		if (entries instanceof Later) {
			return entries;
		}
		if (!entries) {
			if (i === 0) {
				return statLookup(target, dirs);
			}
			// Its parent lists it as a folder, yet it cannot be listed: refused, unless it went away meanwhile.
			const why = dirs.explainNow(current.toString());
			if (why instanceof Later) {
				return why;
			}
			return { kind: 'missing', existing: Utils.dirname(current).toString(), missingFolder: undefined, unreadable: why === 'missing' ? undefined : current.toString() };
		}
		const want = segments[i];
		const index = indexListing(entries);
		const nfc = want.normalize('NFC');
		let entry = index.exact.get(want) ?? index.nfc.get(nfc);
		if (!entry) {
			entry = index.folded.get(nfc.toLowerCase());
			mismatch ||= entry !== undefined;
		}
		const last = i === segments.length - 1;
		if (!entry || (!last && entry[1] !== 'directory')) {
			if (options?.listedOnly) {
				return { kind: 'missing', existing: current.toString(), missingFolder: last ? undefined : want + '/' };
			}
			// Listings may leave out what `stat` still finds (symbolic links to folders, hidden entries).
			const stat = dirs.statNow(target.toString());
			if (stat instanceof Later) {
				return stat;
			}
			if (stat) {
				return { kind: mismatch ? 'case-mismatch' : 'found', uri: target.toString(), type: stat.type };
			}
			return { kind: 'missing', existing: current.toString(), missingFolder: last ? undefined : want + '/' };
		}
		current = Utils.joinPath(current, entry[0]);
		type = entry[1];
	}
	return { kind: mismatch ? 'case-mismatch' : 'found', uri: current.toString(), type };
}

function statLookup(target: URI, dirs: DirectoryCache): Lookup | Later {
	const uri = target.toString();
	const stat = dirs.statNow(uri);
	if (stat instanceof Later) {
		return stat;
	}
	if (stat) {
		return { kind: 'found', uri, type: stat.type };
	}
	const why = dirs.explainNow(uri, 'missing');
	if (why instanceof Later) {
		return why;
	}
	return { kind: 'missing', existing: Utils.dirname(target).toString(), missingFolder: undefined, unreadable: why === 'unreadable' ? uri : undefined };
}

/** Path segments of `target` below `anchor` (same scheme and authority), `undefined` when not below it. */
function segmentsBelow(anchor: URI, target: URI): string[] | undefined {
	if (anchor.scheme !== target.scheme || anchor.authority !== target.authority) {
		return undefined;
	}
	const base = anchor.path.endsWith('/') ? anchor.path : anchor.path + '/';
	if (!target.path.startsWith(base) && target.path !== anchor.path) {
		return undefined;
	}
	return target.path.slice(base.length).split('/').filter((s) => s !== '');
}

type Entry = readonly [string, FileType];

/**
 * A listing's entries by exact name, by NFC name and by NFC lower-cased name (the first entry
 * wins, as a linear search would find it): a link into a folder of 2,000 files compares no names.
 */
interface ListingIndex {
	readonly exact: ReadonlyMap<string, Entry>;
	readonly nfc: ReadonlyMap<string, Entry>;
	readonly folded: ReadonlyMap<string, Entry>;
	/** Whether a name holds a space or a tab. */
	readonly blank: boolean;
}

/** Built once per listing and dropped with it. */
const listingIndexes = new WeakMap<readonly Entry[], ListingIndex>();

/**
 * Whether the listing `entries` holds a file named exactly `name` (through its index: a folder
 * of 2,000 files compares no names).
 */
export function hasListedFile(entries: readonly Entry[], name: string): boolean {
	const entry = indexListing(entries).exact.get(name);
	// The index keeps the first entry of a name; a listing naming it twice is searched whole.
	return entry !== undefined && (entry[1] === 'file' || entries.some(([n, type]) => n === name && type === 'file'));
}

const BLANK = /[ \t]/;

/**
 * Whether a name of the listing `entries` holds a space or a tab: else no name with one is there
 * under any spelling a lookup accepts (NFC and lower case neither add nor remove either).
 */
export function hasBlankName(entries: readonly Entry[]): boolean {
	return indexListing(entries).blank;
}

function indexListing(entries: readonly Entry[]): ListingIndex {
	let index = listingIndexes.get(entries);
	if (!index) {
		const exact = new Map<string, Entry>();
		const nfc = new Map<string, Entry>();
		const folded = new Map<string, Entry>();
		let blank = false;
		for (const entry of entries) {
			blank ||= BLANK.test(entry[0]);
			const normal = entry[0].normalize('NFC');
			const lower = normal.toLowerCase();
			if (!exact.has(entry[0])) exact.set(entry[0], entry);
			if (!nfc.has(normal)) nfc.set(normal, entry);
			if (!folded.has(lower)) folded.set(lower, entry);
		}
		index = { exact, nfc, folded, blank };
		listingIndexes.set(entries, index);
	}
	return index;
}

/** The `Settling` of `key` in `cache`, started by `start` the first time it is asked for. */
function once<T>(cache: Map<string, Settling<T>>, key: string, start: () => Promise<T>): Settling<T> {
	let settling = cache.get(key);
	if (!settling) {
		settling = new Settling(start());
		cache.set(key, settling);
	}
	return settling;
}

/**
 * Directory listings, stats and read-failure explanations memoised for one pass, so a page of
 * 500 links lists each folder once and stats each missing target once. Each is readable
 * synchronously once it has come (`listNow`, `statNow`, `explainNow`).
 */
export class DirectoryCache {
	readonly #listings = new Map<string, Settling<readonly Entry[] | undefined>>();
	readonly #stats = new Map<string, Settling<FileStat | undefined>>();
	readonly #failures = new Map<string, Settling<ReadFailure>>();

	constructor(readonly fileSystem: IFileSystem) {}

	/** Entries of the folder `uri` (trailing slash or not), `undefined` when it cannot be listed. */
	list(uri: string): Promise<readonly (readonly [string, FileType])[] | undefined> {
		return this.#listing(uri).promise;
	}

	/** `list(uri)` if it has come, else what to wait for. */
	listNow(uri: string): readonly (readonly [string, FileType])[] | undefined | Later {
		return this.#listing(uri).now();
	}

	/** `stat` of `uri` (asked of the file system once per pass) if it has come, else what to wait for. */
	statNow(uri: string): FileStat | undefined | Later {
		return this.#stat(uri).now();
	}

	/**
	 * Why `uri` could not be read or listed (`IFileSystem.explainFailure`; `fallback` when the
	 * file system cannot tell), once per pass; what to wait for until it is known.
	 */
	explainNow(uri: string, fallback: ReadFailure = 'unreadable'): ReadFailure | Later {
		const fs = this.fileSystem;
		return fs.explainFailure ? once(this.#failures, uri, () => fs.explainFailure!(uri)).now() : fallback;
	}

	#listing(uri: string): Settling<readonly Entry[] | undefined> {
		const key = uri.endsWith('/') ? uri.slice(0, -1) : uri;
		return once(this.#listings, key, () => this.fileSystem.readDirectory(key));
	}

	#stat(uri: string): Settling<FileStat | undefined> {
		return once(this.#stats, uri, () => this.fileSystem.stat(uri));
	}
}
