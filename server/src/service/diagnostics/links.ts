/**
 * Link diagnostics: every `=>` line whose target a reader could not reach once the
 * capsule is published. One small function per rule family, each honouring its
 * `gemtext.validate.*` severity:
 *
 * - `malformedUrls`: `link.invalid-character`, `link.bad-percent-encoding`,
 *   `link.unknown-scheme` (`htps://`), `link.missing-host` (`gemini:/x`),
 *   `link.unencoded-space` (`=> my page.gmi` when `my page.gmi` exists);
 * - `fileLinks`: `link.missing-file` (relative and absolute-path links);
 * - `folderIndex`: `link.missing-folder-index` (`dir/` exists but serves no `index.gmi`);
 * - `caseMismatch`: `link.case-mismatch` (found only by ignoring case: works on a Mac, 404 on the server);
 * - `fragmentLinks`: `link.missing-heading` (`#x` in this file), `link.missing-heading-in-file` (`a.gmi#x`).
 *
 * External links (`gemini://…`, including the capsule's own host) are only checked for
 * well-formedness; links in ``` blocks are not links. `ignoredLinks` globs skip a link entirely.
 */
import picomatch from 'picomatch/posix';
import { URI, Utils } from 'vscode-uri';
import { isTemplateFile } from '../templates/scan';
import type { GemDocument, GemLine, Range } from '../document';
import { resolveLinkTarget, type LinkTarget } from '../links';
import { TimeSlicer, type YieldNow } from '../schedule';
import type { Diagnostic, DiagnosticSeverity } from '../types';
import { checkUrl, decodeOrKeep, splitUrl, type UrlProblemCode } from '../urls';
import { createDetachedFragmentMatcher, createFragmentMatcher, createHeadingFragmentMatcher } from '../slug';
import { toSeverity, type FileStat, type FileType, type GemtextSettings, type IFileSystem, type PreviewStyle } from '../workspace';
import { isGemtextFile } from '../workspaceIndex';

/** Stable codes of link diagnostics (an API: users silence them by code). */
export type LinkDiagnosticCode =
	| UrlProblemCode
	| 'link.unencoded-space'
	| 'link.missing-file'
	| 'link.missing-folder-index'
	| 'link.case-mismatch'
	| 'link.missing-heading'
	| 'link.missing-heading-in-file';

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

/** Which heading a fragment names (index into the target's headings, -1 for none). */
type FragmentMatcher = (fragment: string) => number;

/**
 * Heading matchers a batch keeps of targets whose ids come from the workspace index (no read):
 * two strings each, a few hundred bytes, so a 20,000-file capsule's targets all fit.
 */
const BATCH_MATCHERS = 20_000;

/**
 * Heading matchers a batch keeps of targets it had to read (Gemtexter style, or not indexed):
 * each such target is read once per pass in a 20,000-file capsule. A matcher keeps only its ids
 * (no document, no text), about a kilobyte for a post.
 */
const BATCH_READ_MATCHERS = 20_000;

/**
 * What the documents of one pass over the capsule share: folder listings and stats (a folder of
 * 500 posts is listed once, not once per post linking into it) and the heading matchers of
 * link targets (a post linked with `#fragment` from 30 others is read and parsed once). Create
 * one per pass: it does not see files change.
 */
export class LinkCheckBatch {
	readonly dirs: DirectoryCache;
	/** Recency caches, oldest first: matchers from the index, and matchers of targets that were read. */
	readonly #matchers = new Map<string, Promise<FragmentMatcher | undefined>>();
	readonly #readMatchers = new Map<string, Promise<FragmentMatcher | undefined>>();

	constructor(fileSystem: IFileSystem) {
		this.dirs = new DirectoryCache(fileSystem);
	}

	/**
	 * The matcher of the document at `resource`, made by `create` once within bounded recency
	 * caches; `create` calls `wasRead` when it had to read the document (kept longer then).
	 */
	matcher(resource: string, create: (wasRead: () => void) => Promise<FragmentMatcher | undefined>): Promise<FragmentMatcher | undefined> {
		const read = this.#readMatchers.get(resource);
		if (read) {
			return touch(this.#readMatchers, resource, read, BATCH_READ_MATCHERS);
		}
		const found = this.#matchers.get(resource);
		if (found) {
			return touch(this.#matchers, resource, found, BATCH_MATCHERS);
		}
		const made: { promise?: Promise<FragmentMatcher | undefined> } = {};
		made.promise = create(() => {
			if (made.promise && this.#matchers.get(resource) === made.promise) {
				this.#matchers.delete(resource);
				void touch(this.#readMatchers, resource, made.promise, BATCH_READ_MATCHERS);
			}
		});
		return touch(this.#matchers, resource, made.promise, BATCH_MATCHERS);
	}
}

/** Puts `value` last in the recency cache `cache`, dropping the oldest entry beyond `limit`; returns `value`. */
function touch<T>(cache: Map<string, T>, key: string, value: T, limit: number): T {
	cache.delete(key);
	cache.set(key, value);
	if (cache.size > limit) {
		cache.delete(cache.keys().next().value as string);
	}
	return value;
}

/** Structurally satisfied by an LSP `CancellationToken`. */
export interface Cancellation {
	readonly isCancellationRequested: boolean;
}

/** Index file names a Gemini server answers a folder URL with. */
export const INDEX_FILES = ['index.gmi', 'index.gemini'] as const;

/**
 * Checks every link of `doc`. Resolves when done; when `token` is cancelled midway the
 * result is incomplete and the caller must drop it (it is stale anyway).
 *
 * @example `=> missing.gmi` in a folder without that file → `link.missing-file` on `missing.gmi`
 */
export async function getLinkDiagnostics(
	doc: GemDocument,
	documentUri: string,
	settings: GemtextSettings,
	env: LinkCheckEnvironment,
	token?: Cancellation,
): Promise<Diagnostic[]> {
	const validate = settings.validate;
	if (!validate.enabled) {
		return [];
	}
	const ctx: CheckContext = {
		doc,
		documentUri,
		env,
		root: await env.getCapsuleRoot(documentUri),
		dirs: env.batch?.dirs ?? new DirectoryCache(env.fileSystem),
		ignored: compileIgnores(validate.ignoredLinks),
		severity: {
			fileLinks: toSeverity(validate.fileLinks),
			folderIndex: toSeverity(validate.folderIndex),
			caseMismatch: toSeverity(validate.caseMismatch),
			fragmentLinks: toSeverity(validate.fragmentLinks),
			malformedUrls: toSeverity(validate.malformedUrls),
		},
		headingIds: new Map(),
		targets: new Map(),
		lookups: new Map(),
		folder: undefined,
		out: [],
	};
	// Links are checked concurrently within a batch: on a large index page the file system
	// round-trips dominate. Between batches the run yields once its time slice is used up and
	// stops when cancelled, so a page of 15,000 links neither holds other requests nor outlives
	// the edit that made it stale.
	const slicer = new TimeSlicer(env.yieldNow);
	const links = doc.links;
	for (let i = 0; i < links.length && !token?.isCancellationRequested; i += LINK_BATCH) {
		const batch: Promise<void>[] = [];
		for (let k = i; k < Math.min(i + LINK_BATCH, links.length); k++) {
			batch.push(checkLink(ctx, links[k], token));
		}
		await Promise.all(batch);
		await slicer.pause();
	}
	return ctx.out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Links started together; each batch costs well under a time slice of CPU. */
const LINK_BATCH = 128;

interface CheckContext {
	readonly doc: GemDocument;
	readonly documentUri: string;
	readonly env: LinkCheckEnvironment;
	readonly root: string | undefined;
	readonly dirs: DirectoryCache;
	readonly ignored: (url: string) => boolean;
	readonly severity: { readonly [K in FamilyName]: DiagnosticSeverity | undefined };
	/** Fragment matchers per target document, shared by the links of one pass. */
	readonly headingIds: Map<string, Promise<((fragment: string) => number) | undefined>>;
	/** `resolveLinkTarget` per URL as written: the document and root are fixed for a pass. */
	readonly targets: Map<string, LinkTarget | undefined>;
	/** Lookups per target (see `lookupOnce`): a page linking one file 300 times looks it up once. */
	readonly lookups: Map<string, Promise<Lookup>>;
	/** The document's folder, computed on first use (only documents with internal links need it). */
	folder: string | undefined;
	readonly out: Diagnostic[];
}

type FamilyName = 'fileLinks' | 'folderIndex' | 'caseMismatch' | 'fragmentLinks' | 'malformedUrls';

async function checkLink(ctx: CheckContext, line: GemLine, token: Cancellation | undefined): Promise<void> {
	const url = line.url;
	if (url === '' || ctx.ignored(url)) {
		return;
	}
	if (checkWellFormed(ctx, line)) {
		// A malformed URL cannot be resolved meaningfully; one diagnostic per problem is enough.
		return;
	}
	const target = resolveOnce(ctx, url);
	if (!target || target.kind === 'external' || token?.isCancellationRequested) {
		return;
	}
	const parts = splitUrl(url);
	const pathRange = line.rangeOf(line.contentStart, line.contentStart + parts.path.length);
	let resource = target.resource;
	if (parts.path !== '') {
		let found = await lookupOnce(ctx, parts.path, resource);
		if (token?.isCancellationRequested) {
			return;
		}
		if (found.kind === 'missing' && resource.endsWith('.gmi')) {
			// Gemtexter generates `x.gmi` from `x.gmi.tpl`: a link to a page not generated yet is fine.
			const template = await lookupOnce(ctx, parts.path + '.tpl', resource + '.tpl');
			found = template.kind === 'missing' ? found : template;
		}
		if (found.kind === 'missing') {
			await reportMissing(ctx, line, pathRange, found);
			return;
		}
		if (found.kind === 'case-mismatch') {
			reportCaseMismatch(ctx, line, pathRange, found);
		}
		if (found.type === 'directory') {
			const index = await findIndex(ctx, found.uri);
			if (!index && !(await servesListing(ctx, found.uri))) {
				report(ctx, 'folderIndex', pathRange, 'link.missing-folder-index',
					`The folder \`${displayPath(url, parts.path)}\` has no index.gmi: most Gemini servers answer this link with "51 Not found" or a bare file listing.`);
				return;
			}
			if (!index) {
				return;
			}
			resource = index;
		} else if (target.isDirectory) {
			report(ctx, 'fileLinks', pathRange, 'link.missing-file', `\`${displayPath(url, parts.path)}\` is a file, not a folder: remove the trailing \`/\`.`);
			return;
		} else {
			resource = found.uri;
		}
	}
	if (parts.fragment) {
		await checkFragment(ctx, line, resource, parts.fragment, parts.path === '');
	}
}

/** Reports malformed-URL problems; returns whether there were any (the link is not resolved then). */
function checkWellFormed(ctx: CheckContext, line: GemLine): boolean {
	const problems = checkUrl(line.url);
	for (const p of problems) {
		report(ctx, 'malformedUrls', line.rangeOf(line.contentStart + p.start, line.contentStart + p.end), p.code, p.message);
	}
	return problems.length > 0;
}

async function reportMissing(ctx: CheckContext, line: GemLine, pathRange: Range, found: Missing): Promise<void> {
	if (await checkUnencodedSpace(ctx, line)) {
		return;
	}
	const url = line.url;
	const path = displayPath(url, splitUrl(url).path);
	const message = found.unreadable !== undefined
		? `\`${path}\` cannot be read: permission denied on \`${relativeFrom(ctx, found.unreadable) || './'}\`.`
		: found.missingFolder
		? `No folder \`${found.missingFolder}\` in \`${displayFolder(ctx, found.existing)}\`, so \`${path}\` does not exist.`
		: `\`${path}\` does not exist.`;
	report(ctx, 'fileLinks', pathRange, 'link.missing-file', message);
}

/**
 * `=> my page.gmi` links to `my` with the label `page.gmi`: when the URL joined with the
 * first words of the label names an existing file, the space was meant to be part of it.
 */
async function checkUnencodedSpace(ctx: CheckContext, line: GemLine): Promise<boolean> {
	if (!ctx.severity.malformedUrls || line.labelStart >= line.end) {
		return false;
	}
	const rest = line.source.slice(line.contentStart, line.end);
	const words = /[^ \t]+/g;
	const ends: number[] = [];
	for (const m of rest.matchAll(words)) {
		ends.push(m.index + m[0].length);
	}
	for (let i = 1; i < Math.min(ends.length, 6); i++) {
		const candidate = rest.slice(0, ends[i]);
		if (!/^[^#?]*[^ \t]$/.test(candidate)) {
			break;
		}
		const target = resolveOnce(ctx, candidate.replace(/[ \t]+/g, (s) => s.replace(/ /g, '%20').replace(/\t/g, '%09')));
		if (target?.kind !== 'internal') {
			break;
		}
		const found = await lookupOnce(ctx, candidate, target.resource);
		if (found.kind !== 'missing') {
			report(ctx, 'malformedUrls', line.rangeOf(line.contentStart, line.contentStart + ends[i]), 'link.unencoded-space',
				`The URL ends at the first space, so this links to \`${line.url}\`. To link to \`${candidate}\`, write the spaces as \`%20\`.`);
			return true;
		}
	}
	return false;
}

function reportCaseMismatch(ctx: CheckContext, _line: GemLine, pathRange: Range, found: Found): void {
	const actual = relativeFrom(ctx, found.uri);
	report(ctx, 'caseMismatch', pathRange, 'link.case-mismatch',
		`The link's letter case differs from the name on disk (\`${actual}\`): it works on a case-insensitive disk but not on most servers.`);
}

async function checkFragment(ctx: CheckContext, line: GemLine, resource: string, fragment: string, ownFile: boolean): Promise<void> {
	const path = URI.parse(resource).path;
	if (!ctx.severity.fragmentLinks || !(isGemtextFile(path) || isTemplateFile(path))) {
		return;
	}
	let matcher = ctx.headingIds.get(resource);
	if (!matcher) {
		const batch = ctx.env.batch;
		const fromIndex = async (): Promise<FragmentMatcher | undefined> => {
			const style = await ctx.env.getHeadingStyle(resource);
			const names = style === 'gemtexter' ? undefined : ctx.env.getIndexedHeadingNames?.(resource);
			// Gemini ids and loose keys depend on the headings' text alone: no read of the target.
			return names && createHeadingFragmentMatcher(names);
		};
		const create = async (): Promise<FragmentMatcher | undefined> =>
			(ownFile ? undefined : await fromIndex()) ?? fragmentMatcher(ctx.env, ownFile ? ctx.doc : await ctx.env.getDocument(resource), ownFile ? ctx.documentUri : resource);
		const createDetached = async (wasRead: () => void): Promise<FragmentMatcher | undefined> => {
			const indexed = await fromIndex();
			if (indexed) {
				return indexed;
			}
			wasRead();
			const doc = await ctx.env.getDocument(resource);
			return doc ? createDetachedFragmentMatcher(doc, await ctx.env.getHeadingIds(doc, resource), await ctx.env.getHeadingStyle(resource)) : undefined;
		};
		matcher = batch && !ownFile ? batch.matcher(resource, createDetached) : create();
		ctx.headingIds.set(resource, matcher);
	}
	const find = await matcher;
	if (!find || find(fragment) !== -1) {
		return;
	}
	const start = line.contentStart + line.url.indexOf('#') + 1;
	const range = line.rangeOf(start, line.urlEnd);
	if (ownFile) {
		report(ctx, 'fragmentLinks', range, 'link.missing-heading', `No heading in this file has the id \`${fragment}\`.`);
	} else {
		report(ctx, 'fragmentLinks', range, 'link.missing-heading-in-file',
			`No heading in \`${relativeFrom(ctx, resource.replace(/\.tpl$/, ''))}\` has the id \`${fragment}\`.`);
	}
}

/** Which heading a fragment names in `doc` (at `uri`), by the ids of its render style. */
export async function fragmentMatcher(env: LinkCheckEnvironment, doc: GemDocument | undefined, uri: string): Promise<((fragment: string) => number) | undefined> {
	return doc ? createFragmentMatcher(doc, await env.getHeadingIds(doc, uri), await env.getHeadingStyle(uri)) : undefined;
}

async function findIndex(ctx: CheckContext, folder: string): Promise<string | undefined> {
	const entries = await ctx.dirs.list(folder);
	if (!entries) {
		return undefined;
	}
	const name = INDEX_FILES.find((n) => entries.some(([e, type]) => e === n && type === 'file'));
	return name ? Utils.joinPath(URI.parse(folder), name).toString() : undefined;
}

/** Agate (and servers copying it) lists a folder without index.gmi when it holds this file. */
const DIRECTORY_LISTING_OK = '.directory-listing-ok';

async function servesListing(ctx: CheckContext, folder: string): Promise<boolean> {
	const entries = await ctx.dirs.list(folder);
	return entries?.some(([name, type]) => name === DIRECTORY_LISTING_OK && type === 'file') ?? false;
}

function report(ctx: CheckContext, family: FamilyName, range: Range, code: LinkDiagnosticCode, message: string): void {
	const severity = ctx.severity[family];
	if (severity) {
		ctx.out.push({ range, severity, code, message });
	}
}

/** A matcher over the link URL as written, without its fragment, and without its query. */
export function compileIgnores(globs: readonly string[]): (url: string) => boolean {
	if (globs.length === 0) {
		return () => false;
	}
	const matchers = globs.map((g) => picomatch(g, { dot: true }));
	return (url) => {
		const parts = splitUrl(url);
		const noFragment = parts.fragment === undefined ? url : url.slice(0, parts.fragmentStart - 1);
		const candidates = new Set([url, noFragment, parts.path, decodeOrKeep(parts.path)]);
		return matchers.some((m) => [...candidates].some((c) => c !== '' && m(c)));
	};
}

/** The URL's path as the author wrote it, for messages. */
function displayPath(url: string, path: string): string {
	return path || url;
}

function displayFolder(ctx: CheckContext, folder: string): string {
	// Through a child name: `relativePath` reads a last segment as a file, so the document's own folder came out as `../name/`.
	const rel = relativeFrom(ctx, Utils.joinPath(URI.parse(folder), '_').toString()).slice(0, -1);
	return rel === '' ? './' : rel;
}

/** `uri` relative to the document's folder, for messages. */
function relativeFrom(ctx: CheckContext, uri: string): string {
	return relativePath(Utils.dirname(URI.parse(ctx.documentUri)).toString(), uri);
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

function resolveOnce(ctx: CheckContext, url: string): LinkTarget | undefined {
	let target = ctx.targets.get(url);
	if (target === undefined && !ctx.targets.has(url)) {
		target = resolveLinkTarget(url, ctx.documentUri, ctx.root);
		ctx.targets.set(url, target);
	}
	return target;
}

/**
 * `lookupResource` of `resource` from its anchor, once per pass. The anchor depends only on
 * the resource and on whether the path is absolute, so those two make the key.
 */
function lookupOnce(ctx: CheckContext, path: string, resource: string): Promise<Lookup> {
	const key = (path.startsWith('/') ? '/' : '.') + resource;
	let found = ctx.lookups.get(key);
	if (!found) {
		found = lookupResource(resource, anchorFor(ctx, path, resource), ctx.dirs);
		ctx.lookups.set(key, found);
	}
	return found;
}

/**
 * Where the case-exact walk of a link path starts: the capsule root for absolute paths,
 * else the deepest folder the link does not spell out (the common ancestor of the
 * document's folder and the target): case is only the author's to get wrong in the
 * segments they wrote.
 */
function anchorFor(ctx: CheckContext, path: string, resource: string): string | undefined {
	const folder = (ctx.folder ??= Utils.dirname(URI.parse(ctx.documentUri)).toString());
	if (path.startsWith('/')) {
		return ctx.root ?? folder;
	}
	return commonAncestor(folder, resource);
}

/**
 * The deepest folder holding both the folder `folder` and `uri`: where a case-exact
 * lookup of a relative link starts.
 *
 * @example commonAncestor('file:///c/a', 'file:///c/b/x.gmi') // 'file:///c'
 */
export function commonAncestor(folder: string, uri: string): string {
	const a = URI.parse(folder);
	const pa = a.path.split('/');
	const pb = URI.parse(uri).path.split('/');
	let i = 0;
	while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
	return a.with({ path: pa.slice(0, i).join('/') || '/' }).toString();
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
	const target = URI.parse(resource);
	const segments = anchor !== undefined ? segmentsBelow(URI.parse(anchor), target) : undefined;
	if (anchor === undefined || segments === undefined) {
		return statLookup(target, dirs);
	}
	let current = URI.parse(anchor);
	let mismatch = false;
	let type: FileType = 'directory';
	for (let i = 0; i < segments.length; i++) {
		const entries = await dirs.list(current.toString());
		if (!entries) {
			if (i === 0) {
				return statLookup(target, dirs);
			}
			// Its parent lists it as a folder, yet it cannot be listed: refused, unless it went away meanwhile.
			const why = (await dirs.fileSystem.explainFailure?.(current.toString())) ?? 'unreadable';
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
			// Listings may leave out what `stat` still finds (symbolic links to folders, hidden entries).
			const stat = await dirs.stat(target.toString());
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

async function statLookup(target: URI, dirs: DirectoryCache): Promise<Lookup> {
	const stat = await dirs.stat(target.toString());
	if (stat) {
		return { kind: 'found', uri: target.toString(), type: stat.type };
	}
	const why = await dirs.fileSystem.explainFailure?.(target.toString());
	return { kind: 'missing', existing: Utils.dirname(target).toString(), missingFolder: undefined, unreadable: why === 'unreadable' ? target.toString() : undefined };
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
}

/** Built once per listing and dropped with it. */
const listingIndexes = new WeakMap<readonly Entry[], ListingIndex>();

function indexListing(entries: readonly Entry[]): ListingIndex {
	let index = listingIndexes.get(entries);
	if (!index) {
		const exact = new Map<string, Entry>();
		const nfc = new Map<string, Entry>();
		const folded = new Map<string, Entry>();
		for (const entry of entries) {
			const normal = entry[0].normalize('NFC');
			const lower = normal.toLowerCase();
			if (!exact.has(entry[0])) exact.set(entry[0], entry);
			if (!nfc.has(normal)) nfc.set(normal, entry);
			if (!folded.has(lower)) folded.set(lower, entry);
		}
		index = { exact, nfc, folded };
		listingIndexes.set(entries, index);
	}
	return index;
}

/**
 * Directory listings and stats memoised for one pass, so a page of 500 links lists each
 * folder once and stats each missing target once.
 */
export class DirectoryCache {
	readonly #listings = new Map<string, Promise<readonly Entry[] | undefined>>();
	readonly #stats = new Map<string, Promise<FileStat | undefined>>();

	constructor(readonly fileSystem: IFileSystem) {}

	/** Entries of the folder `uri` (trailing slash or not), `undefined` when it cannot be listed. */
	list(uri: string): Promise<readonly (readonly [string, FileType])[] | undefined> {
		const key = uri.endsWith('/') ? uri.slice(0, -1) : uri;
		let listing = this.#listings.get(key);
		if (!listing) {
			listing = this.fileSystem.readDirectory(key);
			this.#listings.set(key, listing);
		}
		return listing;
	}

	/** `stat` of `uri`, asked of the file system once per pass. */
	stat(uri: string): Promise<FileStat | undefined> {
		let stat = this.#stats.get(uri);
		if (!stat) {
			stat = this.fileSystem.stat(uri);
			this.#stats.set(uri, stat);
		}
		return stat;
	}
}
