/**
 * Document links: where each `=>` line points. URL resolution is its own pure,
 * synchronous step (`resolveLinkTarget`) so link checking can reuse it; only the
 * `dir/` → `dir/index.gmi` rule needs the file system.
 */
import { URI, Utils } from 'vscode-uri';
import type { GemDocument } from './document';
import type { DocumentLink } from './types';
import { canonicalPathStart, encodeCanonicalPath, isCanonicalUri } from './canonicalUri';
import { decodeOrKeep } from './urls';
import type { IFileSystem } from './workspace';

/** What a link URL points to once resolved against its document. */
export type LinkTarget =
	/** A URL with its own scheme (`gemini:`, `https:`, `mailto:`…): opened as-is, outside the editor. */
	| { readonly kind: 'external'; readonly uri: string }
	| {
		readonly kind: 'internal';
		/** The resource in the document's file system, without fragment or query. */
		readonly resource: string;
		/** Decoded fragment (`''` when none); a link to `#x` alone points into its own document. */
		readonly fragment: string;
		/** The URL has directory form (`dir/`, `.`, `..`): servers answer it with `dir/index.gmi`. */
		readonly isDirectory: boolean;
	};

/** Scheme as RFC 3986 defines it (the same rule as `isExternalUrl` in urls.ts, so checker and links agree). */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Resolves a link URL as a Gemini client would, mapped onto the document's file system:
 * - `gemini://h/x`, `https://…`, `mailto:…` → external, unchanged;
 * - `//host/x` → `gemini://host/x` (a capsule's network-path reference inherits gemini, not file);
 * - `a/b.gmi`, `../x.gmi`, `#frag` → against the document's folder (the document itself for `#frag`);
 * - `/x.gmi` → against `capsuleRoot` (the workspace folder), or the document's folder when there is none.
 *
 * Percent-escapes in the path are decoded (`my%20page.gmi` is the file `my page.gmi`); a query is
 * dropped, as a local file has no use for it.
 *
 * @returns `undefined` for an empty URL, or a relative URL in a document without a folder (untitled).
 * @example resolveLinkTarget('sub/', 'file:///c/index.gmi', undefined) // internal file:///c/sub/, isDirectory
 */
export function resolveLinkTarget(url: string, documentUri: string, capsuleRoot: string | undefined): LinkTarget | undefined {
	return createLinkResolver(documentUri, capsuleRoot)(url);
}

/**
 * `resolveLinkTarget` for many URLs of one document: the document's and the root's URIs are
 * parsed once, not once per link.
 */
export function createLinkResolver(documentUri: string, capsuleRoot: string | undefined): (url: string) => LinkTarget | undefined {
	return createResolver(documentUri, capsuleRoot, true);
}

/** `resolveLinkTarget` through `URI` objects only: the general case, and what the shortcut must agree with. */
export function resolveLinkTargetOfUris(url: string, documentUri: string, capsuleRoot: string | undefined): LinkTarget | undefined {
	return createResolver(documentUri, capsuleRoot, false)(url);
}

function createResolver(documentUri: string, capsuleRoot: string | undefined, shortcuts: boolean): (url: string) => LinkTarget | undefined {
	let context: ResolveContext | undefined | null = null;
	return (url) => {
		if (url.length === 0 || LONE_SURROGATE.test(url)) {
			// A lone surrogate (invalid UTF-16) names no file and cannot be written as a URI.
			return undefined;
		}
		if (SCHEME.test(url)) {
			return { kind: 'external', uri: url };
		}
		if (url.startsWith('//')) {
			return { kind: 'external', uri: 'gemini:' + url };
		}
		if (context === null) {
			context = resolveContext(documentUri, capsuleRoot, shortcuts);
		}
		return context && resolveInternal(url, context);
	};
}

/** What resolving a relative URL needs of its document, parsed once. */
interface ResolveContext {
	/** The document without query or fragment. */
	readonly plain: URI;
	readonly folder: URI;
	readonly root: URI | undefined;
	/** `folder` and `root` as canonical strings, when both are canonical: plain paths resolve on the strings then. */
	readonly strings: CanonicalBase | undefined;
}

/** What `resolvePlainPath` needs of a document, worked out once per document. */
interface CanonicalBase {
	/** The document's folder, canonical, without a last `/`. */
	readonly folder: string;
	/** The capsule root, canonical, without a last `/`. */
	readonly root: string | undefined;
	/** Where the folder's path starts (`..` never cuts there). */
	readonly top: number;
	/** The folder is the root or below it (`..` is clamped at the root there). */
	readonly underRoot: boolean;
}

function resolveContext(documentUri: string, capsuleRoot: string | undefined, shortcuts: boolean): ResolveContext | undefined {
	let doc: URI;
	try {
		doc = URI.parse(documentUri);
	} catch {
		return undefined;
	}
	if (!doc.path.startsWith('/')) {
		// `untitled:Untitled-1` has no folder to resolve against.
		return undefined;
	}
	const plain = doc.with({ query: '', fragment: '' });
	const folder = Utils.dirname(plain);
	const root = capsuleRoot !== undefined ? URI.parse(capsuleRoot) : undefined;
	const folderString = folder.toString();
	const rootString = root?.toString();
	const top = canonicalPathStart(folderString);
	const canonical = shortcuts && top !== -1 && (rootString === undefined || isCanonicalUri(rootString));
	if (!canonical) {
		return { plain, folder, root, strings: undefined };
	}
	const trim = (u: string): string => (u.endsWith('/') ? u.slice(0, -1) : u);
	const base = trim(folderString);
	const rootBase = rootString === undefined ? undefined : trim(rootString);
	const underRoot = rootBase !== undefined && (base === rootBase || base.startsWith(rootBase + '/'));
	return { plain, folder, root, strings: { folder: base, root: rootBase, top, underRoot } };
}

/**
 * The resource of a plain decoded path (no `.` or `..` but leading `../`, no empty segment, no
 * last `/`) on the canonical strings of its document's folder and root: the common link, resolved
 * without building a `URI`. `undefined` for anything else, or a `..` that reaches the capsule root
 * or the top (clamped there): the general resolution answers then.
 */
function resolvePlainPath(path: string, strings: CanonicalBase): string | undefined {
	if (path.endsWith('/') || path.includes('//')) {
		return undefined;
	}
	const root = strings.root;
	let base: string;
	let rest: string;
	if (path.startsWith('/')) {
		base = root ?? strings.folder;
		rest = path.slice(1);
	} else {
		base = strings.folder;
		rest = path;
		while (rest.startsWith('../')) {
			const cut = base.lastIndexOf('/');
			if (cut <= strings.top || (strings.underRoot && base === root)) {
				return undefined;
			}
			base = base.slice(0, cut);
			rest = rest.slice(3);
		}
	}
	if (rest.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
		return undefined;
	}
	try {
		return base + '/' + encodeCanonicalPath(rest);
	} catch {
		// A lone surrogate: the general resolution decides.
		return undefined;
	}
}

function resolveInternal(url: string, context: ResolveContext): LinkTarget {
	const hash = url.indexOf('#');
	const fragment = hash === -1 ? '' : decodeOrKeep(url.slice(hash + 1));
	const beforeHash = hash === -1 ? url : url.slice(0, hash);
	const question = beforeHash.indexOf('?');
	const path = decodeOrKeep(question === -1 ? beforeHash : beforeHash.slice(0, question));
	const { plain, folder, root } = context;

	if (path.length === 0) {
		// `#frag` or `?q`: the document itself.
		return { kind: 'internal', resource: plain.toString(), fragment, isDirectory: false };
	}
	const plainResource = context.strings && resolvePlainPath(path, context.strings);
	if (plainResource !== undefined) {
		return { kind: 'internal', resource: plainResource, fragment, isDirectory: false };
	}
	const isDirectory = path.endsWith('/') || /(^|\/)\.\.?$/.test(path);
	const base = path.startsWith('/') && root !== undefined ? root : folder;
	let resolved = path.startsWith('/') || root === undefined ? Utils.joinPath(base, path) : joinUnderRoot(root, base, path);
	if (isDirectory && !resolved.path.endsWith('/')) {
		resolved = resolved.with({ path: resolved.path + '/' });
	}
	return { kind: 'internal', resource: resolved.toString(), fragment, isDirectory };
}

/**
 * `base` + `path` as the server resolves it (RFC 3986 §5.2.4): `..` never climbs above the
 * capsule root, so `../../x.png` one folder below the root still names `/x.png`.
 * A document outside the root resolves plainly.
 */
function joinUnderRoot(root: URI, base: URI, path: string): URI {
	const rootPath = root.path.endsWith('/') ? root.path.slice(0, -1) : root.path;
	if (root.scheme !== base.scheme || root.authority !== base.authority || (base.path !== rootPath && !base.path.startsWith(rootPath + '/'))) {
		return Utils.joinPath(base, path);
	}
	const inside = Utils.joinPath(URI.from({ scheme: 'file', path: base.path.slice(rootPath.length) || '/' }), path).path;
	return base.with({ path: rootPath + (inside === '/' ? '' : inside) || '/' });
}

/** Environment of `getDocumentLinks`. */
export interface LinkEnvironment {
	readonly fileSystem: IFileSystem;
	/** The capsule root of the document, for absolute-path links (see `resolveLinkTarget`). */
	readonly capsuleRoot: string | undefined;
}

/**
 * Every link line with a URL becomes a link whose range is the URL. Directory links
 * (`dir/`) open `dir/index.gmi` when it exists, as a Gemini server would serve it.
 * A bare `=>` gives none.
 *
 * @example `=> sub/ Sub` with `sub/index.gmi` present → target `file:///…/sub/index.gmi`
 */
export async function getDocumentLinks(doc: GemDocument, documentUri: string, env: LinkEnvironment): Promise<DocumentLink[]> {
	const root = env.capsuleRoot;
	const links: DocumentLink[] = [];
	// Each directory is checked once even when many lines link to it.
	const indexes = new Map<string, Promise<string | undefined>>();
	for (const line of doc.links) {
		const target = resolveLinkTarget(line.url, documentUri, root);
		if (!target) {
			continue;
		}
		const range = line.rangeOf(line.contentStart, line.urlEnd);
		if (target.kind === 'external') {
			links.push({ range, target: target.uri });
			continue;
		}
		let resource = target.resource;
		if (target.isDirectory) {
			let index = indexes.get(resource);
			if (!index) {
				index = findDirectoryIndex(resource, env.fileSystem);
				indexes.set(resource, index);
			}
			resource = (await index) ?? resource;
		}
		links.push({ range, target: withFragment(resource, target.fragment) });
	}
	return links;
}

/** `dir/index.gmi` when it exists as a file, else `undefined`. */
export async function findDirectoryIndex(directoryUri: string, fileSystem: IFileSystem): Promise<string | undefined> {
	const index = Utils.joinPath(URI.parse(directoryUri), 'index.gmi').toString();
	const stat = await fileSystem.stat(index);
	return stat?.type === 'file' ? index : undefined;
}

function withFragment(resource: string, fragment: string): string {
	return fragment ? URI.parse(resource).with({ fragment }).toString() : resource;
}
