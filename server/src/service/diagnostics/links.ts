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
import { resolveLinkTarget, type LinkTarget } from '../links';
import {
	commonAncestor,
	DirectoryCache,
	fragmentMatcher,
	INDEX_FILES,
	isGemtextFile,
	lookupResource,
	relativePath,
	type Found,
	type LinkCheckEnvironment,
	type Lookup,
	type Missing,
} from '../linkTargets';
import { TimeSlicer } from '../schedule';
import type { CancellationToken, Diagnostic, DiagnosticSeverity } from '../types';
import { checkUrl, splitUrl, type UrlProblemCode } from '../urls';
import { createDetachedFragmentMatcher, createHeadingFragmentMatcher } from '../slug';
import { toSeverity, type GemtextSettings, type IFileSystem } from '../workspace';

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

async function checkLink(ctx: CheckContext, line: GemLine, token: CancellationToken | undefined): Promise<void> {
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

