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
import { URI, Utils } from 'vscode-uri';
import { isTemplateFile } from '../templates/scan';
import type { GemDocument, GemLine, Range } from '../document';
import { compileIgnores } from '../ignoredLinks';
import { createLinkResolver, type LinkTarget } from '../links';
import {
	commonAncestor,
	deepestCommonAncestor,
	DirectoryCache,
	folderAncestors,
	fragmentMatcher,
	hasBlankName,
	hasListedFile,
	INDEX_FILES,
	isGemtextFile,
	lookupResourceNow,
	relativePath,
	type Ancestor,
	type Found,
	type LinkCheckEnvironment,
	type Lookup,
	type LookupOptions,
	type Missing,
} from '../linkTargets';
import { canonicalPathStart } from '../canonicalUri';
import { Later, settle, Settling, TimeSlicer } from '../schedule';
import type { CancellationToken, Diagnostic, DiagnosticSeverity } from '../types';
import { checkUrl, splitUrl, type UrlProblemCode } from '../urls';
import { createDetachedFragmentMatcher, createHeadingFragmentMatcher } from '../slug';
import { toSeverity, type FileType, type GemtextSettings, type IFileSystem } from '../workspace';

/** Stable codes of link diagnostics (an API: users silence them by code). */
export type LinkDiagnosticCode =
	| UrlProblemCode
	| 'link.unencoded-space'
	| 'link.missing-file'
	| 'link.missing-folder-index'
	| 'link.case-mismatch'
	| 'link.missing-heading'
	| 'link.missing-heading-in-file';

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
	readonly #matchers = new Map<string, Settling<FragmentMatcher | undefined>>();
	readonly #readMatchers = new Map<string, Settling<FragmentMatcher | undefined>>();

	constructor(fileSystem: IFileSystem) {
		this.dirs = new DirectoryCache(fileSystem);
	}

	/**
	 * The matcher of the document at `resource`, made by `create` once within bounded recency
	 * caches; `create` calls `wasRead` when it had to read the document (kept longer then).
	 */
	matcher(resource: string, create: (wasRead: () => void) => Promise<FragmentMatcher | undefined>): Settling<FragmentMatcher | undefined> {
		const read = this.#readMatchers.get(resource);
		if (read) {
			return touch(this.#readMatchers, resource, read, BATCH_READ_MATCHERS);
		}
		const found = this.#matchers.get(resource);
		if (found) {
			return touch(this.#matchers, resource, found, BATCH_MATCHERS);
		}
		const made: { settling?: Settling<FragmentMatcher | undefined> } = {};
		made.settling = new Settling(create(() => {
			if (made.settling && this.#matchers.get(resource) === made.settling) {
				this.#matchers.delete(resource);
				touch(this.#readMatchers, resource, made.settling, BATCH_READ_MATCHERS);
			}
		}));
		return touch(this.#matchers, resource, made.settling, BATCH_MATCHERS);
	}
}

/** What a document's link checks know of one URL: its target, and once looked up, what the lookup found. */
interface Resolved {
	readonly target: LinkTarget | undefined;
	lookup: Lookup | undefined;
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
	token?: CancellationToken,
): Promise<Diagnostic[]> {
	const validate = settings.validate;
	if (!validate.enabled) {
		return [];
	}
	const root = await env.getCapsuleRoot(documentUri);
	const ctx: CheckContext = {
		doc,
		documentUri,
		env,
		root,
		resolve: createLinkResolver(documentUri, root),
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
		folder: undefined,
		folderStart: -1,
		rootStart: root === undefined ? -1 : canonicalPathStart(root),
		anchorStart: -1,
		ancestors: [],
		out: [],
	};
	// Each link is checked from what the pass already knows (folder listings, stats, headings of
	// targets), without a promise; a link that needs something not fetched yet waits for it with
	// up to LINK_BATCH others, then is checked again. Between batches the run yields once its time
	// slice is used up and stops when cancelled, so a page of 15,000 links neither holds other
	// requests nor outlives the edit that made it stale.
	const slicer = new TimeSlicer(env.yieldNow);
	const links = doc.links;
	let waiting: Promise<void>[] = [];
	for (let i = 0; i < links.length && !token?.isCancellationRequested; i++) {
		const line = links[i];
		const before = ctx.out.length;
		if (checkLinkNow(ctx, line, ctx.out)) {
			// Checked again once it has what it waits for; its problems so far are dropped.
			ctx.out.length = before;
			const out: Diagnostic[] = [];
			waiting.push(settle(() => {
				out.length = 0;
				return checkLinkNow(ctx, line, out);
			}, token).then(() => {
				ctx.out.push(...out);
			}));
		}
		if (waiting.length >= LINK_BATCH || (i % LINK_BATCH === LINK_BATCH - 1 && slicer.due)) {
			await Promise.all(waiting);
			waiting = [];
			await slicer.pause();
		}
	}
	await Promise.all(waiting);
	return ctx.out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Links waiting for the file system at once; checking one costs microseconds once it has what it needs. */
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
	readonly headingIds: Map<string, Settling<FragmentMatcher | undefined>>;
	/** `resolveLinkTarget` of this document and root. */
	readonly resolve: (url: string) => LinkTarget | undefined;
	/**
	 * `resolve` per URL as written (the document and root are fixed for a pass), and its lookup
	 * (see `lookupOnce`): a page linking one file 300 times looks it up once.
	 */
	readonly targets: Map<string, Resolved>;
	/** The document's folder, computed on first use (only documents with internal links need it). */
	folder: string | undefined;
	/** `canonicalPathStart` of `folder`. */
	folderStart: number;
	/** `canonicalPathStart` of `root`. */
	readonly rootStart: number;
	/** `canonicalPathStart` of the anchor `anchorFor` gave last. */
	anchorStart: number;
	/** Ancestors of a canonical `folder`, deepest first (`folderAncestors`): one string each, so listings hash it once. */
	ancestors: readonly Ancestor[];
	readonly out: Diagnostic[];
}

type FamilyName = 'fileLinks' | 'folderIndex' | 'caseMismatch' | 'fragmentLinks' | 'malformedUrls';

/**
 * Checks one link from what the pass already knows, adding its problems to `out`; returns what
 * it must wait for when something is not known yet (`out` is then incomplete: check it again).
 */
function checkLinkNow(ctx: CheckContext, line: GemLine, out: Diagnostic[]): Later | undefined {
	const url = line.url;
	if (url === '' || ctx.ignored(url)) {
		return undefined;
	}
	if (checkWellFormed(ctx, line, url, out)) {
		// A malformed URL cannot be resolved meaningfully; one diagnostic per problem is enough.
		return undefined;
	}
	const resolved = resolveOnce(ctx, url);
	const target = resolved.target;
	if (!target || target.kind === 'external') {
		return undefined;
	}
	const parts = splitUrl(url);
	let resource = target.resource;
	if (parts.path !== '') {
		let found = resolved.lookup ?? lookupOnce(ctx, resolved, parts.path, resource);
		if (found instanceof Later) {
			return found;
		}
		if (found.kind === 'missing' && resource.endsWith('.gmi')) {
			// Gemtexter generates `x.gmi` from `x.gmi.tpl`: a link to a page not generated yet is fine.
			const template = lookupGuess(ctx, parts.path, resource + '.tpl');
			if (template instanceof Later) {
				return template;
			}
			found = template.kind === 'missing' ? found : template;
		}
		if (found.kind === 'missing') {
			return reportMissing(ctx, line, url, parts.path, target, found, out);
		}
		if (found.kind === 'case-mismatch') {
			reportCaseMismatch(ctx, pathRangeOf(line, parts.path), found, out);
		}
		if (found.type === 'directory') {
			const entries = ctx.dirs.listNow(found.uri);
			if (entries instanceof Later) {
				return entries;
			}
			const index = findIndex(entries, found.uri);
			if (!index) {
				if (!servesListing(entries)) {
					report(ctx, out, 'folderIndex', pathRangeOf(line, parts.path), 'link.missing-folder-index',
						`The folder \`${displayPath(url, parts.path)}\` has no index.gmi: most Gemini servers answer this link with "51 Not found" or a bare file listing.`);
				}
				return undefined;
			}
			resource = index;
		} else if (target.isDirectory) {
			report(ctx, out, 'fileLinks', pathRangeOf(line, parts.path), 'link.missing-file', `\`${displayPath(url, parts.path)}\` is a file, not a folder: remove the trailing \`/\`.`);
			return undefined;
		} else {
			resource = found.uri;
		}
	}
	return parts.fragment ? checkFragment(ctx, line, url, resource, parts.fragment, parts.path === '', out) : undefined;
}

/** Where the path of a link's URL (`path`) is on its line. */
function pathRangeOf(line: GemLine, path: string): Range {
	return line.rangeOf(line.contentStart, line.contentStart + path.length);
}

/** Reports malformed-URL problems; returns whether there were any (the link is not resolved then). */
function checkWellFormed(ctx: CheckContext, line: GemLine, url: string, out: Diagnostic[]): boolean {
	if (isPlainUrl(url)) {
		return false;
	}
	const problems = checkUrl(url);
	for (const p of problems) {
		report(ctx, out, 'malformedUrls', line.rangeOf(line.contentStart + p.start, line.contentStart + p.end), p.code, p.message);
	}
	return problems.length > 0;
}

/**
 * Whether `url` is one `checkUrl` has nothing to say about, told at a glance: no scheme (no `:`),
 * no `%`, and none of the characters it reports (whitespace, controls, `\`, `<`, `>`, `"`). Most
 * links of a capsule are.
 */
export function isPlainUrl(url: string): boolean {
	return PLAIN_URL.test(url);
}

const PLAIN_URL = /^[A-Za-z0-9\-._~/#?=&+,;!$'()*@]*$/;

function reportMissing(ctx: CheckContext, line: GemLine, url: string, urlPath: string, target: InternalTarget, found: Missing, out: Diagnostic[]): Later | undefined {
	const spaced = checkUnencodedSpace(ctx, line, url, unspacedFolder(ctx, urlPath, target, found), out);
	if (spaced !== false) {
		return spaced === true ? undefined : spaced;
	}
	const pathRange = pathRangeOf(line, urlPath);
	const path = displayPath(url, urlPath);
	const message = found.unreadable !== undefined
		? `\`${path}\` cannot be read: permission denied on \`${relativeFrom(ctx, found.unreadable) || './'}\`.`
		: found.missingFolder
		? `No folder \`${found.missingFolder}\` in \`${displayFolder(ctx, found.existing)}\`, so \`${path}\` does not exist.`
		: `\`${path}\` does not exist.`;
	report(ctx, out, 'fileLinks', pathRange, 'link.missing-file', message);
	return undefined;
}

/** A link target inside the capsule's file system. */
type InternalTarget = Extract<LinkTarget, { kind: 'internal' }>;

/**
 * `=> my page.gmi` links to `my` with the label `page.gmi`: when the URL joined with the
 * first words of the label names an existing file, the space was meant to be part of it.
 * `unspaced`: the guesses that only lengthen the URL's last segment are all missing (see
 * `unspacedFolder`), so only the others are looked up.
 * Returns whether it reported that (or what it must wait for to know).
 */
function checkUnencodedSpace(ctx: CheckContext, line: GemLine, url: string, unspaced: boolean, out: Diagnostic[]): boolean | Later {
	if (!ctx.severity.malformedUrls || line.labelStart >= line.end) {
		return false;
	}
	const rest = line.source.slice(line.contentStart, line.end);
	const words = /[^ \t]+/g;
	const ends: number[] = [];
	for (const m of rest.matchAll(words)) {
		ends.push(m.index + m[0].length);
	}
	const lengthens = unspaced && ends[0] === url.length;
	for (let i = 1; i < Math.min(ends.length, 6); i++) {
		const candidate = rest.slice(0, ends[i]);
		if (!/^[^#?]*[^ \t]$/.test(candidate)) {
			break;
		}
		if (lengthens && !/[/%\ud800-\udfff]/.test(candidate.slice(url.length))) {
			// The words add no segment, escape or surrogate: the guess names a file beside the URL's, which is missing.
			continue;
		}
		const target = resolveOnce(ctx, candidate.replace(/[ \t]+/g, (s) => s.replace(/ /g, '%20').replace(/\t/g, '%09'))).target;
		if (target?.kind !== 'internal') {
			break;
		}
		const found = lookupGuess(ctx, candidate, target.resource);
		if (found instanceof Later) {
			return found;
		}
		if (found.kind !== 'missing') {
			report(ctx, out, 'malformedUrls', line.rangeOf(line.contentStart, line.contentStart + ends[i]), 'link.unencoded-space',
				`The URL ends at the first space, so this links to \`${url}\`. To link to \`${candidate}\`, write the spaces as \`%20\`.`);
			return true;
		}
	}
	return false;
}

/**
 * Whether any name with a space or tab beside the missing `target` of a link (path `urlPath`,
 * lookup `found`) would be missing too: the lookup walked the listings down to the target's
 * folder (not a `stat`), and that folder's listing, known by now, holds no name with a blank.
 * A guess that only lengthens the URL's last segment (`my` → `my page.gmi`, no `/`, `%` or
 * surrogate added) resolves to such a name, from the same anchor, through the same listings:
 * its lookup answers missing without a doubt, so it need not be made.
 */
function unspacedFolder(ctx: CheckContext, urlPath: string, target: InternalTarget, found: Missing): boolean {
	const resource = target.resource;
	const slash = resource.lastIndexOf('/');
	if (found.missingFolder !== undefined || found.unreadable !== undefined || target.isDirectory || slash === resource.length - 1) {
		return false;
	}
	const start = canonicalPathStart(resource);
	const folder = resource.slice(0, slash);
	if (start === -1 || slash <= start || found.existing !== folder) {
		return false;
	}
	const anchor = anchorFor(ctx, urlPath, resource, start);
	// A document in a folder with a blank in its name may sit below the guess (its anchor then lies past the listing).
	const documentFolder = folderOf(ctx);
	if (documentFolder.includes('%20') || documentFolder.includes('%09')) {
		return false;
	}
	// The lookup walked down from its anchor, listing it (else it fell back to a `stat`, as a guess would too).
	const base = anchor.endsWith('/') ? anchor.slice(0, -1) : anchor;
	if (ctx.anchorStart !== start || !folder.startsWith(base) || (folder.length > base.length && folder[base.length] !== '/')) {
		return false;
	}
	const top = ctx.dirs.listNow(anchor);
	if (!top || top instanceof Later) {
		return false;
	}
	const entries = ctx.dirs.listNow(folder);
	return entries !== undefined && !(entries instanceof Later) && !hasBlankName(entries);
}

function reportCaseMismatch(ctx: CheckContext, pathRange: Range, found: Found, out: Diagnostic[]): void {
	const actual = relativeFrom(ctx, found.uri);
	report(ctx, out, 'caseMismatch', pathRange, 'link.case-mismatch',
		`The link's letter case differs from the name on disk (\`${actual}\`): it works on a case-insensitive disk but not on most servers.`);
}

function checkFragment(ctx: CheckContext, line: GemLine, url: string, resource: string, fragment: string, ownFile: boolean, out: Diagnostic[]): Later | undefined {
	if (!ctx.severity.fragmentLinks || !(isGemtextFile(resource) || isTemplateFile(resource))) {
		return undefined;
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
		matcher = batch && !ownFile ? batch.matcher(resource, createDetached) : new Settling(create());
		ctx.headingIds.set(resource, matcher);
	}
	const find = matcher.now();
	if (find instanceof Later) {
		return find;
	}
	if (!find || find(fragment) !== -1) {
		return undefined;
	}
	const start = line.contentStart + url.indexOf('#') + 1;
	const range = line.rangeOf(start, line.urlEnd);
	if (ownFile) {
		report(ctx, out, 'fragmentLinks', range, 'link.missing-heading', `No heading in this file has the id \`${fragment}\`.`);
	} else {
		report(ctx, out, 'fragmentLinks', range, 'link.missing-heading-in-file',
			`No heading in \`${relativeFrom(ctx, resource.replace(/\.tpl$/, ''))}\` has the id \`${fragment}\`.`);
	}
	return undefined;
}

/** The index file a folder serves (its listing `entries`), if any. */
function findIndex(entries: readonly (readonly [string, FileType])[] | undefined, folder: string): string | undefined {
	const name = entries && INDEX_FILES.find((n) => hasListedFile(entries, n));
	return name ? Utils.joinPath(URI.parse(folder), name).toString() : undefined;
}

/** Agate (and servers copying it) lists a folder without index.gmi when it holds this file. */
const DIRECTORY_LISTING_OK = '.directory-listing-ok';

function servesListing(entries: readonly (readonly [string, FileType])[] | undefined): boolean {
	return entries !== undefined && hasListedFile(entries, DIRECTORY_LISTING_OK);
}

function report(ctx: CheckContext, out: Diagnostic[], family: FamilyName, range: Range, code: LinkDiagnosticCode, message: string): void {
	const severity = ctx.severity[family];
	if (severity) {
		out.push({ range, severity, code, message });
	}
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
	return relativePath(folderOf(ctx), uri);
}

function resolveOnce(ctx: CheckContext, url: string): Resolved {
	let resolved = ctx.targets.get(url);
	if (!resolved) {
		resolved = { target: ctx.resolve(url), lookup: undefined };
		ctx.targets.set(url, resolved);
	}
	return resolved;
}

/**
 * `lookupResource` of the URL `resolved` (path `path`, target `resource`) from its anchor, kept
 * in `resolved` once known. (A pass could share lookups across documents, but looking a target up
 * in listings already fetched costs no more than finding it in a cache of every target of the
 * capsule, which would hold megabytes.)
 */
function lookupOnce(ctx: CheckContext, resolved: Resolved, path: string, resource: string): Lookup | Later {
	const start = canonicalPathStart(resource);
	const found = lookupResourceNow(resource, anchorFor(ctx, path, resource, start), ctx.dirs, undefined, start, ctx.anchorStart);
	if (!(found instanceof Later)) {
		resolved.lookup = found;
	}
	return found;
}

/**
 * `lookupResource` of a guess (`my page.gmi` for `=> my page.gmi`) from its anchor, in the
 * listings alone and not kept: each is made for one link, and almost all are missing.
 */
function lookupGuess(ctx: CheckContext, path: string, resource: string): Lookup | Later {
	const start = canonicalPathStart(resource);
	const anchor = anchorFor(ctx, path, resource, start);
	return lookupResourceNow(resource, anchor, ctx.dirs, LISTED_ONLY, start, ctx.anchorStart);
}

/** For guesses (a template beside a missing page, a file name with spaces): the listings say. */
const LISTED_ONLY: LookupOptions = { listedOnly: true };

/**
 * Where the case-exact walk of a link path starts: the capsule root for absolute paths,
 * else the deepest folder the link does not spell out (the common ancestor of the
 * document's folder and the target): case is only the author's to get wrong in the
 * segments they wrote.
 */
function anchorFor(ctx: CheckContext, path: string, resource: string, resourceStart: number): string {
	const folder = folderOf(ctx);
	if (path.startsWith('/')) {
		ctx.anchorStart = ctx.root === undefined ? ctx.folderStart : ctx.rootStart;
		return ctx.root ?? folder;
	}
	const start = ctx.folderStart;
	if (start !== -1 && resourceStart === start) {
		const ancestor = deepestCommonAncestor(ctx.ancestors, start, resource);
		if (ancestor) {
			// A canonical folder's ancestors are canonical, their paths starting where its does.
			ctx.anchorStart = start;
			return ancestor.uri;
		}
	}
	const anchor = commonAncestor(folder, resource);
	ctx.anchorStart = canonicalPathStart(anchor);
	return anchor;
}

/** The document's folder (and what anchors need of it), worked out on first use. */
function folderOf(ctx: CheckContext): string {
	let folder = ctx.folder;
	if (folder === undefined) {
		folder = ctx.folder = Utils.dirname(URI.parse(ctx.documentUri)).toString();
		ctx.folderStart = canonicalPathStart(folder);
		ctx.ancestors = ctx.folderStart === -1 ? [] : folderAncestors(folder, ctx.folderStart);
	}
	return folder;
}
