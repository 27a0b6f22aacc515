/**
 * Go to definition and Find All References for links, headings and files. A link's
 * definition is its target (the heading for `file.gmi#id`); references of a file are
 * all links across the workspace that resolve to it.
 */
import { URI, Utils } from 'vscode-uri';
import { INDEX_FILES, fragmentMatcher, normalizeUri, type LinkCheckEnvironment } from './linkTargets';
import type { GemDocument, GemLine, Position, Range } from './document';
import { createLinkResolver, resolveLinkTarget, type LinkTarget } from './links';
import type { CancellationToken } from './types';
import { decodeOrKeep, splitUrl } from './urls';
import type { IndexedLinks, LinkRef } from './workspaceIndex';

/** A place in a document, LSP-shaped. */
export interface Location {
	readonly uri: string;
	readonly range: Range;
}

/** Link checks plus the list of the workspace's Gemtext files (from the workspace index). */
export interface LinkWorkspaceEnvironment extends LinkCheckEnvironment {
	/** Every Gemtext file of the workspace (open documents included), as URI strings. */
	getWorkspaceFiles(): Promise<readonly string[]>;
	/**
	 * The link lines of a workspace file as the workspace index keeps them (no read), `undefined`
	 * when the index does not hold it (the file is then read). Optional: without it every file is read.
	 */
	getIndexedLinks?(uri: string): IndexedLinks | undefined;
	/** The workspace folders, as URI strings: nothing outside them is ever moved or edited. */
	getWorkspaceFolders(): readonly string[];
}

/** A link line somewhere in the workspace, resolved against its document. */
export interface WorkspaceLink {
	/** The document holding the link. */
	readonly uri: string;
	readonly line: LinkRef;
	/** The resolved resource (no fragment); a folder ends with `/`. */
	readonly resource: string;
	/** Decoded fragment, `''` when none. */
	readonly fragment: string;
	/** The URL is an absolute path (`/x.gmi`), resolved against the capsule root. */
	readonly absolutePath: boolean;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Reads at most this many documents at once while scanning the workspace. */
const SCAN_CONCURRENCY = 8;

/** The link line whose URL (or `=>` marker) is under `position`, if any. */
export function linkAt(doc: GemDocument, position: Position): GemLine | undefined {
	const line = doc.lines[position.line];
	if (!line || line.type !== 'link' || line.url === '') {
		return undefined;
	}
	const ch = position.character + line.start;
	return ch >= line.start && ch <= line.urlEnd ? line : undefined;
}

/** The range of a link's URL. */
export function urlRange(line: LinkRef): Range {
	return line.rangeOf(line.contentStart, line.urlEnd);
}

/**
 * Resolves a link line of `uri` to a resource in the workspace, `undefined` for external
 * links and empty URLs.
 */
export function resolveLine(line: LinkRef, uri: string, root: string | undefined): WorkspaceLink | undefined {
	const target = resolveLinkTarget(line.url, uri, root);
	if (target?.kind !== 'internal') {
		return undefined;
	}
	return { uri, line, resource: normalizeUri(target.resource), fragment: target.fragment, absolutePath: splitUrl(line.url).path.startsWith('/') };
}

/**
 * Every link of every Gemtext file in the workspace that points into the file system, in file
 * order; only those `wanted` accepts (by resource and document) when given. Stops early (with
 * what it has) when `token` is cancelled.
 */
export async function getWorkspaceLinks(
	env: LinkWorkspaceEnvironment,
	token?: CancellationToken,
	alsoFiles: readonly string[] = [],
	wanted?: (resource: string, uri: string) => boolean,
): Promise<WorkspaceLink[]> {
	// `alsoFiles`: documents the caller knows of that the index may not have caught up with yet.
	// The index's files are normalized already: only the caller's extra files need it.
	const indexed = await env.getWorkspaceFiles();
	const extra = alsoFiles.map((f) => [normalizeUri(f), f] as const);
	const known = new Set(indexed);
	const files = [...indexed, ...new Map(extra.filter(([key]) => !known.has(key))).values()];
	const perFile = new Array<readonly WorkspaceLink[]>(files.length);
	// The capsule root depends on the folder (settings scope, gemtexter.conf above it): asked once per folder.
	const roots = new Map<string, Promise<string | undefined>>();
	const rootOf = (uri: string): Promise<string | undefined> => {
		const folder = uri.slice(0, uri.lastIndexOf('/'));
		let root = roots.get(folder);
		if (!root) {
			root = env.getCapsuleRoot(uri);
			roots.set(folder, root);
		}
		return root;
	};
	const targets: TargetCache = new Map();
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < files.length && !token?.isCancellationRequested) {
			const i = next++;
			perFile[i] = await linksOf(env, files[i], rootOf, targets, wanted);
		}
	};
	await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, files.length) }, worker));
	return perFile.flatMap((l) => l ?? []);
}

/**
 * What a file's links resolve to, one entry per link line in order (`null`: external or
 * unresolvable), per index entry (or parse) and capsule root. Only the resources are kept (one
 * interned string each): the link objects are made again, for the links a request wants.
 */
const resolvedCache = new WeakMap<object, { readonly root: string | undefined; readonly uri: string; readonly resources: readonly (string | null)[] }>();

/**
 * One string per resolved target: 200,000 links to 20,000 files keep 20,000 strings. Cleared
 * when it grows past any real capsule, so it cannot leak.
 */
const resources = new Map<string, string>();
const MAX_RESOURCES = 200_000;

function intern(resource: string): string {
	const known = resources.get(resource);
	if (known !== undefined) {
		return known;
	}
	if (resources.size >= MAX_RESOURCES) {
		resources.clear();
	}
	resources.set(resource, resource);
	return resource;
}

/**
 * Resolved targets by capsule root and document folder (the outer key), then by URL without its
 * fragment: what a link resolves to depends on nothing else, and the posts of one folder link to
 * the same pages. `null` for external links. One per pass over the workspace (results are cached
 * per file).
 */
type TargetCache = Map<string, Map<string, string | null>>;

/**
 * Folders whose targets a pass keeps (the oldest goes first): a pass walks the files in order, a
 * few at a time, so it is in one or two folders at once; keeping every folder's held each URL of
 * the capsule (200,000 on the 20,000-file benchmark) until the pass ended.
 */
const MAX_TARGET_FOLDERS = 8;

/** The resource `url` of a document resolves to through the pass's target cache (`null`: none). */
function resolveInFolder(targets: Map<string, string | null>, url: string, resolve: (url: string) => LinkTarget | undefined): string | null {
	const hash = url.indexOf('#');
	const beforeHash = hash === -1 ? url : url.slice(0, hash);
	const resourceOf = (): string | null => {
		const target = resolve(url);
		return target?.kind === 'internal' ? normalizeUri(target.resource) : null;
	};
	if (beforeHash === '' || beforeHash.startsWith('?')) {
		// A URL naming only a fragment or query names its own document.
		return resourceOf();
	}
	let target = targets.get(beforeHash);
	if (target === undefined) {
		const resource = resourceOf();
		target = resource === null ? null : intern(resource);
		targets.set(beforeHash, target);
	}
	return target;
}

async function linksOf(
	env: LinkWorkspaceEnvironment,
	uri: string,
	rootOf: (uri: string) => Promise<string | undefined>,
	targets: TargetCache,
	wanted: ((resource: string, uri: string) => boolean) | undefined,
): Promise<readonly WorkspaceLink[]> {
	const indexed = env.getIndexedLinks?.(uri);
	const doc = indexed ? undefined : await env.getDocument(uri);
	const key: object | undefined = indexed?.key ?? doc;
	if (!key) {
		return [];
	}
	const root = await rootOf(uri);
	let hit = resolvedCache.get(key);
	if (!hit || hit.root !== root || hit.uri !== uri) {
		const folderKey = `${root ?? ''}\n${uri.slice(0, uri.lastIndexOf('/'))}`;
		let inFolder = targets.get(folderKey);
		if (!inFolder) {
			if (targets.size >= MAX_TARGET_FOLDERS) {
				// Files come folder by folder: an earlier folder's targets are not asked again.
				targets.delete(targets.keys().next().value as string);
			}
			inFolder = new Map();
			targets.set(folderKey, inFolder);
		}
		const folderTargets = inFolder;
		const resolve = createLinkResolver(uri, root);
		const urls = indexed ? indexed.urls() : (doc?.links ?? []).map((l) => l.url);
		hit = { root, uri, resources: urls.map((url) => resolveInFolder(folderTargets, url, resolve)) };
		resolvedCache.set(key, hit);
	}
	const found = hit.resources;
	if (wanted && !found.some((r) => r !== null && wanted(r, uri))) {
		return [];
	}
	const all: readonly LinkRef[] = indexed ? indexed.links() : (doc?.links ?? []);
	const result: WorkspaceLink[] = [];
	for (let i = 0; i < found.length; i++) {
		const resource = found[i];
		if (resource !== null && (!wanted || wanted(resource, uri))) {
			const line = all[i];
			const hash = line.url.indexOf('#');
			result.push({ uri, line, resource, fragment: hash === -1 ? '' : decodeOrKeep(line.url.slice(hash + 1)), absolutePath: splitUrl(line.url).path.startsWith('/') });
		}
	}
	return result;
}

/**
 * Workspace files with a link to `uri` (the file itself, or its folder when it is the folder's
 * index): the files whose link diagnostics change when `uri` appears, disappears or changes its
 * headings. From the index's links, without reading a file.
 */
export async function getDependents(uri: string, env: LinkWorkspaceEnvironment, token?: CancellationToken): Promise<string[]> {
	const key = normalizeUri(uri).replace(/\/$/, '');
	const toFile = resourceMatcher(key);
	const below = key + '/';
	const result = new Set<string>();
	const hit = (r: string, from: string): boolean => from !== uri && (toFile(r) || r.startsWith(below));
	for (const link of await getWorkspaceLinks(env, token, [], hit)) {
		result.add(link.uri);
	}
	result.delete(key);
	return [...result];
}

/** Whether `link` points at the file `file`, directly or as the index of its folder (`dir/`). */
export function linksToFile(link: WorkspaceLink, file: string): boolean {
	return fileMatcher(file)(link);
}

/**
 * `linksToFile` for one file and many links: the file's folder and name are worked out once,
 * so a pass over the 200,000 links of a big capsule parses no URI.
 */
export function fileMatcher(file: string): (link: WorkspaceLink) => boolean {
	const matches = resourceMatcher(file);
	return (link) => matches(link.resource);
}

/** `fileMatcher` on resources: whether a link resolving to a resource points at `file`. */
export function resourceMatcher(file: string): (resource: string) => boolean {
	const folder = Utils.dirname(URI.parse(file)).toString();
	const name = file.slice(file.lastIndexOf('/') + 1);
	const isIndex = (INDEX_FILES as readonly string[]).includes(name);
	const folderSlash = folder + '/';
	return (resource) => resource === file || (isIndex && (resource === folderSlash || resource === folder));
}

/**
 * Go to definition on a link: the target file (its heading for `file.gmi#id`, the
 * folder's index for `dir/`). `[]` for external, missing or non-link positions.
 *
 * @example `=> a.gmi#intro` → the `## Intro` line of a.gmi (Gemtexter ids)
 */
export async function getDefinition(doc: GemDocument, uri: string, position: Position, env: LinkCheckEnvironment): Promise<Location[]> {
	const line = linkAt(doc, position);
	if (!line) {
		return [];
	}
	const link = resolveLine(line, uri, await env.getCapsuleRoot(uri));
	if (!link) {
		return [];
	}
	const file = await existingFile(env, link.resource);
	if (!file) {
		return [];
	}
	if (link.fragment) {
		const target = file === normalizeUri(uri) ? doc : await env.getDocument(file);
		const heading = target ? await findHeading(env, target, file, link.fragment) : undefined;
		if (heading) {
			return [{ uri: file, range: heading.range }];
		}
	}
	return [{ uri: file, range: ZERO }];
}

/** The file a resolved resource stands for: itself, or the index of a folder; `undefined` when absent. */
export async function existingFile(env: LinkCheckEnvironment, resource: string): Promise<string | undefined> {
	const stat = await env.fileSystem.stat(resource);
	if (stat?.type === 'file') {
		return resource;
	}
	if (stat?.type === 'directory') {
		for (const name of INDEX_FILES) {
			const index = Utils.joinPath(URI.parse(resource), name).toString();
			if ((await env.fileSystem.stat(index))?.type === 'file') {
				return index;
			}
		}
	}
	return undefined;
}

/** The heading of `doc` that `fragment` names (by the ids of the style active for `uri`). */
export async function findHeading(env: LinkCheckEnvironment, doc: GemDocument, uri: string, fragment: string): Promise<GemLine | undefined> {
	const find = await fragmentMatcher(env, doc, uri);
	const i = find ? find(fragment) : -1;
	return i === -1 ? undefined : doc.headings[i];
}

/**
 * Find All References at `position`:
 * - on a heading: every link to `this-file#its-id` (and `#its-id` here);
 * - on a link with a fragment: every link to the same heading; without one, every link
 *   to the same file or folder.
 * `includeDeclaration` adds the heading line (or the target file's start).
 */
export async function getReferences(
	doc: GemDocument,
	uri: string,
	position: Position,
	includeDeclaration: boolean,
	env: LinkWorkspaceEnvironment,
	token?: CancellationToken,
): Promise<Location[]> {
	const self = normalizeUri(uri);
	const line = doc.lines[position.line];
	if (line?.type === 'heading') {
		const index = doc.headings.indexOf(line);
		const id = (await env.getHeadingIds(doc, uri))[index];
		const refs = await headingReferences(env, self, id, token);
		return includeDeclaration ? [{ uri, range: line.range }, ...refs] : refs;
	}
	const link = linkAt(doc, position);
	const resolved = link ? resolveLine(link, uri, await env.getCapsuleRoot(uri)) : undefined;
	if (!resolved) {
		return [];
	}
	const file = (await existingFile(env, resolved.resource)) ?? resolved.resource;
	if (resolved.fragment) {
		const refs = await headingReferences(env, file, resolved.fragment, token);
		const target = includeDeclaration ? await getDefinition(doc, uri, position, env) : [];
		return [...target, ...refs];
	}
	const refs = await getFileReferences(file, env, token);
	return includeDeclaration ? [{ uri: file, range: ZERO }, ...refs] : refs;
}

async function headingReferences(env: LinkWorkspaceEnvironment, file: string, id: string | undefined, token?: CancellationToken): Promise<Location[]> {
	if (id === undefined) {
		return [];
	}
	const links = await getWorkspaceLinks(env, token, [], resourceMatcher(file));
	return links.filter((l) => l.fragment === id).map((l) => ({ uri: l.uri, range: urlRange(l.line) }));
}

/**
 * Every link in the workspace to the file or folder `resource` (Explorer: "Find File
 * References"). A folder's references include links to anything inside it.
 */
export async function getFileReferences(resource: string, env: LinkWorkspaceEnvironment, token?: CancellationToken): Promise<Location[]> {
	const key = normalizeUri(resource);
	const stat = await env.fileSystem.stat(key);
	const matches = stat?.type === 'directory' ? (r: string): boolean => isUnder(r, key) : resourceMatcher(key);
	const links = await getWorkspaceLinks(env, token, [], matches);
	return links.map((l) => ({ uri: l.uri, range: urlRange(l.line) }));
}

/** Whether `uri` is the folder `folder` or lies below it. */
export function isUnder(uri: string, folder: string): boolean {
	const base = folder.endsWith('/') ? folder.slice(0, -1) : folder;
	return uri === base || uri.startsWith(base + '/');
}

/** The heading id under a fragment in `url`, as the author wrote it (for edits). */
export function fragmentRange(line: LinkRef): Range | undefined {
	const hash = line.url.indexOf('#');
	return hash === -1 ? undefined : line.rangeOf(line.contentStart + hash + 1, line.urlEnd);
}
