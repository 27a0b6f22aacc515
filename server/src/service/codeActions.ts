/**
 * Quick fixes for link diagnostics: create the missing file, point the link at the
 * closest existing path (case fix, typo), fix a malformed URL, point a fragment at the
 * closest heading id, and turn a Markdown link `[label](url)` into a link line.
 */
import { distance } from 'fastest-levenshtein';
import { URI, Utils } from 'vscode-uri';
import type { GemDocument, GemLine, Range } from './document';
import { resolveLinkTarget } from './links';
import { fragmentRange, urlRange, type LinkWorkspaceEnvironment } from './references';
import type { TextEdit, WorkspaceEdit } from './types';
import { checkUrl, decodeUrlComponent, encodeUrlPath, splitUrl } from './urls';
import { commonAncestor, DirectoryCache, isGemtextFile, lookupResource, normalizeUri, relativePath } from './linkTargets';

/** A code action, LSP-shaped; `diagnostic` is the one it fixes (as given in the request). */
export interface CodeAction {
	readonly title: string;
	readonly kind: 'quickfix';
	readonly edit?: WorkspaceEdit;
	/** A client command to run (after the edit, when both are given). */
	readonly command?: { readonly title: string; readonly command: string; readonly arguments?: readonly unknown[] };
	readonly isPreferred?: boolean;
	readonly diagnostic?: DiagnosticRef;
}

/** The parts of a diagnostic the editor sends back with a code action request. */
export interface DiagnosticRef {
	readonly code?: string | number;
	readonly range: Range;
	readonly message?: string;
}

/** At most this many "Change to …" suggestions per broken link. */
const MAX_SUGGESTIONS = 3;

/**
 * Quick fixes for the given diagnostics of `doc` (those the editor reports at the
 * request's range). Fixes are recomputed from the document and the file system, so a
 * diagnostic from an older version yields nothing wrong, only nothing.
 *
 * @example `link.missing-file` on `=> notes.gmi Notes` → "Create notes.gmi", "Change to note.gmi"
 */
export async function getCodeActions(
	doc: GemDocument,
	uri: string,
	diagnostics: readonly DiagnosticRef[],
	env: LinkWorkspaceEnvironment,
): Promise<CodeAction[]> {
	const actions: CodeAction[] = [];
	for (const diagnostic of diagnostics) {
		const line = doc.lines[diagnostic.range.start.line];
		if (!line) {
			continue;
		}
		const code = String(diagnostic.code ?? '');
		let found: CodeAction[] = [];
		if (code === 'markdown.link') {
			found = convertMarkdownLink(uri, line, diagnostic.range);
		} else if (code === 'gemtexter.missing-final-newline') {
			found = addFinalNewline(doc, uri);
		} else if (code === 'gemtexter.marker-without-space') {
			found = markerSpaceFix(uri, line);
		} else if (code === 'gemtexter.broken-link-markup' && line.type === 'link') {
			found = percentEncodeMarkupFix(uri, line);
		} else if (line.type === 'link' && line.url !== '') {
			found = await linkFixes(doc, uri, line, code, diagnostic.range, env);
		}
		actions.push(...found.map((a) => ({ ...a, diagnostic })));
	}
	return actions;
}

async function linkFixes(doc: GemDocument, uri: string, line: GemLine, code: string, range: Range, env: LinkWorkspaceEnvironment): Promise<CodeAction[]> {
	switch (code) {
		case 'link.missing-file':
			return [...(await createFileFix(uri, line, env)), ...(await closestPathFixes(uri, line, env))];
		case 'link.missing-folder-index':
			return createIndexFix(uri, line, env);
		case 'link.case-mismatch':
			return caseFix(uri, line, env);
		case 'link.missing-heading':
		case 'link.missing-heading-in-file':
			return fragmentFixes(doc, uri, line, env);
		case 'link.unencoded-space':
			return unencodedSpaceFix(uri, line, range);
		case 'link.invalid-character':
		case 'link.bad-percent-encoding':
		case 'link.unknown-scheme':
		case 'link.missing-host':
			return urlFixes(uri, line, code);
		default:
			return [];
	}
}

function replaceUrl(uri: string, line: GemLine, url: string, title: string, isPreferred?: boolean): CodeAction {
	return { title, kind: 'quickfix', isPreferred, edit: { changes: { [uri]: [{ range: urlRange(line), newText: url }] } } };
}

/** "Create `x.gmi`" for a missing Gemtext file, holding a `# Title` from the link's label (or file name). */
async function createFileFix(uri: string, line: GemLine, env: LinkWorkspaceEnvironment): Promise<CodeAction[]> {
	const target = resolveLinkTarget(line.url, uri, await env.getCapsuleRoot(uri));
	if (target?.kind !== 'internal' || target.isDirectory || !isGemtextFile(URI.parse(target.resource).path)) {
		return [];
	}
	const name = Utils.basename(URI.parse(target.resource));
	const title = line.label || titleFromName(name);
	const display = relativePath(Utils.dirname(URI.parse(uri)).toString(), target.resource);
	return [{
		title: `Create ${display}`,
		kind: 'quickfix',
		isPreferred: true,
		edit: { changes: {}, createFiles: [{ uri: target.resource, content: `# ${title}\n` }] },
	}];
}

/** "Create `dir/index.gmi`" for a folder link whose folder has no index. */
async function createIndexFix(uri: string, line: GemLine, env: LinkWorkspaceEnvironment): Promise<CodeAction[]> {
	const target = resolveLinkTarget(line.url, uri, await env.getCapsuleRoot(uri));
	if (target?.kind !== 'internal') {
		return [];
	}
	const folder = URI.parse(target.resource.replace(/\/$/, ''));
	const index = Utils.joinPath(folder, 'index.gmi').toString();
	const title = line.label || titleFromName(Utils.basename(folder));
	return [{
		title: `Create ${relativePath(Utils.dirname(URI.parse(uri)).toString(), index)}`,
		kind: 'quickfix',
		isPreferred: true,
		edit: { changes: {}, createFiles: [{ uri: index, content: `# ${title}\n` }] },
	}];
}

/** `my-first_post.gmi` → `My first post`. */
function titleFromName(name: string): string {
	const base = name.replace(/\.[^.]*$/, '').replace(/[-_]+/g, ' ').trim();
	return base ? base[0].toUpperCase() + base.slice(1) : name;
}

/** A link line's internal target looked up on disk, with what the fixes need to spell a new path. */
async function lookupLink(uri: string, line: GemLine, env: LinkWorkspaceEnvironment) {
	const root = await env.getCapsuleRoot(uri);
	const target = resolveLinkTarget(line.url, uri, root);
	if (target?.kind !== 'internal') {
		return undefined;
	}
	const parts = splitUrl(line.url);
	const absolute = parts.path.startsWith('/');
	const docFolder = Utils.dirname(URI.parse(uri)).toString();
	const lookup = await lookupResource(target.resource, absolute ? root : commonAncestor(docFolder, target.resource), new DirectoryCache(env.fileSystem));
	return { root, target, parts, absolute, docFolder, lookup };
}

/**
 * "Change to `…`" for the existing paths closest to the broken one: siblings in the
 * deepest existing folder, and every Gemtext file of the workspace, by edit distance
 * of the path as written (a file of the same name elsewhere counts as close).
 */
async function closestPathFixes(uri: string, line: GemLine, env: LinkWorkspaceEnvironment): Promise<CodeAction[]> {
	const found = await lookupLink(uri, line, env);
	if (!found) {
		return [];
	}
	const { root, parts, absolute, docFolder, lookup } = found;
	const written = decodeUrlComponent(parts.path) ?? parts.path;
	const base = absolute && root !== undefined ? root.replace(/\/?$/, '/') : docFolder;
	const spell = (candidate: string): string => {
		const rel = relativePath(base, candidate);
		return absolute ? '/' + rel : written.startsWith('./') && !rel.startsWith('../') ? './' + rel : rel;
	};

	const candidates = new Set<string>();
	if (lookup.kind === 'missing') {
		for (const [name, type] of (await env.fileSystem.readDirectory(lookup.existing)) ?? []) {
			candidates.add(Utils.joinPath(URI.parse(lookup.existing), name).toString() + (type === 'directory' ? '/' : ''));
		}
	}
	for (const file of await env.getWorkspaceFiles()) {
		candidates.add(normalizeUri(file));
	}
	const wantedName = written.slice(written.lastIndexOf('/') + 1).toLowerCase();
	const limit = Math.max(2, Math.floor(written.length * 0.4));
	const scored: { path: string; score: number }[] = [];
	for (const candidate of candidates) {
		if (candidate === normalizeUri(uri)) {
			continue;
		}
		const path = spell(candidate);
		const name = candidate.replace(/\/$/, '').slice(candidate.replace(/\/$/, '').lastIndexOf('/') + 1).toLowerCase();
		const score = name === wantedName ? 1 : distance(written.toLowerCase(), path.toLowerCase());
		if (score <= limit) {
			scored.push({ path, score });
		}
	}
	scored.sort((a, b) => a.score - b.score || a.path.localeCompare(b.path));
	const suffix = line.url.slice(parts.path.length);
	return scored.slice(0, MAX_SUGGESTIONS).map(({ path }) => replaceUrl(uri, line, encodeUrlPath(path) + suffix, `Change to ${path}`));
}

/** "Change to `img/Photo.jpg`": the name as spelled on disk. */
async function caseFix(uri: string, line: GemLine, env: LinkWorkspaceEnvironment): Promise<CodeAction[]> {
	const found = await lookupLink(uri, line, env);
	if (found?.lookup.kind !== 'case-mismatch') {
		return [];
	}
	const { parts, target, lookup } = found;
	const fixed = fixCase(parts.path, target.resource, lookup.uri);
	return [replaceUrl(uri, line, fixed + line.url.slice(parts.path.length), `Change to ${decodeUrlComponent(fixed) ?? fixed}`, true)];
}

/**
 * The written path with the trailing segments the link spells replaced by their on-disk
 * spelling, keeping `..`, `./` and encoding of the rest as written.
 */
function fixCase(written: string, resolved: string, actual: string): string {
	const have = URI.parse(resolved).path.split('/').filter((s) => s !== '');
	const want = URI.parse(actual).path.split('/').filter((s) => s !== '');
	const segments = written.split('/');
	// Walk both from the end: each named segment of the link matches one segment of the resolved path.
	let j = have.length - 1;
	for (let i = segments.length - 1; i >= 0 && j >= 0; i--) {
		const s = segments[i];
		if (s === '' || s === '.' || s === '..') {
			continue;
		}
		if ((decodeUrlComponent(s) ?? s) === have[j] && have[j] !== want[j]) {
			segments[i] = encodeUrlPath(want[j]);
		}
		j--;
	}
	return segments.join('/');
}

/** "Change to `#closest-id`" for a fragment naming no heading. */
async function fragmentFixes(doc: GemDocument, uri: string, line: GemLine, env: LinkWorkspaceEnvironment): Promise<CodeAction[]> {
	const range = fragmentRange(line);
	const target = resolveLinkTarget(line.url, uri, await env.getCapsuleRoot(uri));
	if (!range || target?.kind !== 'internal') {
		return [];
	}
	const resource = normalizeUri(target.resource);
	const targetDoc = resource === normalizeUri(uri) ? doc : await env.getDocument(resource);
	if (!targetDoc) {
		return [];
	}
	const ids = [...new Set(await env.getHeadingIds(targetDoc, resource))].filter((id) => id !== '');
	const wanted = target.fragment.toLowerCase();
	const limit = Math.max(2, Math.floor(wanted.length * 0.5));
	return ids
		.map((id) => ({ id, score: id.toLowerCase().includes(wanted) || wanted.includes(id.toLowerCase()) ? 1 : distance(wanted, id.toLowerCase()) }))
		.filter((c) => c.score <= limit)
		.sort((a, b) => a.score - b.score)
		.slice(0, MAX_SUGGESTIONS)
		.map(({ id }, i): CodeAction => ({
			title: `Change to #${id}`,
			kind: 'quickfix',
			isPreferred: i === 0 ? true : undefined,
			edit: { changes: { [uri]: [{ range, newText: encodeURIComponent(id) }] } },
		}));
}

/** `=> my page.gmi` → `=> my%20page.gmi`: the diagnostic spans the words that belong to the URL. */
function unencodedSpaceFix(uri: string, line: GemLine, range: Range): CodeAction[] {
	const urlEnd = line.start + range.end.character;
	if (range.start.line !== line.line || urlEnd <= line.urlEnd || urlEnd > line.end) {
		return [];
	}
	const encoded = encodeUrlPath(line.source.slice(line.contentStart, urlEnd));
	const label = line.source.slice(urlEnd, line.end).trim();
	return [{
		title: `Change to ${encoded}`,
		kind: 'quickfix',
		isPreferred: true,
		edit: { changes: { [uri]: [{ range: line.rangeOf(line.contentStart, line.end), newText: label ? `${encoded} ${label}` : encoded }] } },
	}];
}

/** The corrected URL `checkUrl` proposes, when it is sure. */
function urlFixes(uri: string, line: GemLine, code: string): CodeAction[] {
	const fix = checkUrl(line.url).find((p) => p.code === code && p.fix !== undefined)?.fix;
	return fix ? [replaceUrl(uri, line, fix, `Change to ${fix}`, true)] : [];
}

/** `gemtexter.broken-link-markup`: `'` and `` ` `` percent-encoded, which every server decodes back to the same file. */
function percentEncodeMarkupFix(uri: string, line: GemLine): CodeAction[] {
	const url = line.url.replaceAll("'", '%27').replaceAll('`', '%60');
	return url === line.url ? [] : [replaceUrl(uri, line, url, `Percent-encode the URL: ${url}`, true)];
}

/**
 * `gemtexter.marker-without-space`: `#x` → `# x`, `>x` → `> x`, `=>url` → `=> url`, and a tab
 * after the marker → a space. Not `####x` (no Gemtexter heading has four) nor a marker alone.
 */
function markerSpaceFix(uri: string, line: GemLine): CodeAction[] {
	const s = line.markerStart;
	const src = line.source;
	const markerEnd = line.type === 'heading' ? s + line.level : line.type === 'quote' ? s + 1 : line.type === 'link' ? s + 2 : -1;
	const next = src.charCodeAt(markerEnd);
	if (markerEnd < 0 || next === 35 || next === 32 || src.slice(markerEnd, line.end).trim() === '') {
		return [];
	}
	const to = next === 9 ? markerEnd + 1 : markerEnd;
	const marker = src.slice(s, markerEnd);
	return [{ title: `Add a space after "${marker}"`, kind: 'quickfix', isPreferred: true, edit: { changes: { [uri]: [{ range: line.rangeOf(markerEnd, to), newText: ' ' }] } } }];
}

/** "Add final newline" (`gemtexter.missing-final-newline`): the document's own line break at its end. */
function addFinalNewline(doc: GemDocument, uri: string): CodeAction[] {
	const last = doc.lines[doc.lines.length - 1];
	if (!last || last.end !== doc.text.length) {
		return [];
	}
	const end = last.rangeOf(last.end, last.end);
	const eol = doc.lines.length > 1 && doc.lines[0].hasCR ? '\r\n' : '\n';
	return [{ title: 'Add final newline', kind: 'quickfix', isPreferred: true, edit: { changes: { [uri]: [{ range: end, newText: eol }] } } }];
}

const MARKDOWN_LINK = /^!?\[([^\]]*)\]\(\s*<?([^\s)>]+)>?(?:\s+["'(][^)]*)?\s*\)$/;

/**
 * `[label](url)` → `=> url label`: the whole line when the link is all of it (or a list
 * item's text), else the label stays in the sentence and a link line follows.
 */
function convertMarkdownLink(uri: string, line: GemLine, range: Range): CodeAction[] {
	const from = line.start + range.start.character;
	const to = line.start + range.end.character;
	const m = MARKDOWN_LINK.exec(line.source.slice(from, to));
	if (!m) {
		return [];
	}
	const label = m[1].trim();
	const linkLine = label ? `=> ${m[2]} ${label}` : `=> ${m[2]}`;
	const before = line.source.slice(line.start, from).trim();
	const after = line.source.slice(to, line.end).trim();
	const alone = after === '' && (before === '' || (line.type === 'list' && before === '*') || /^[-+*]$/.test(before));
	const eol = line.hasCR ? '\r\n' : '\n';
	const edits: TextEdit[] = alone
		? [{ range: line.range, newText: linkLine }]
		: [
			{ range, newText: label },
			{ range: line.rangeOf(line.end, line.end), newText: eol + linkLine },
		];
	return [{ title: 'Convert to a link line', kind: 'quickfix', isPreferred: true, edit: { changes: { [uri]: edits } } }];
}
