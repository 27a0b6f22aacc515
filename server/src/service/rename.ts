/**
 * Rename: a heading (and the `#id` fragments that name it across the workspace), and
 * file or folder moves (every link to what moved, and the relative links inside moved
 * documents), like Markdown's `updateLinksOnFileMove`.
 */
import { URI, Utils } from 'vscode-uri';
import type { GemDocument, Position, Range } from './document';
import { resolveLinkTarget } from './links';
import { parseGemtext } from './parser';
import { isGemtextFile, normalizeUri, relativePath } from './linkTargets';
import {
	fragmentRange,
	getWorkspaceLinks,
	isUnder,
	fileMatcher,
	resourceMatcher,
	resolveLine,
	urlRange,
	type LinkWorkspaceEnvironment,
	type WorkspaceLink,
} from './references';
import type { CancellationToken, TextEdit, WorkspaceEdit } from './types';
import { encodeUrlPath, splitUrl } from './urls';

/** What can be renamed at a position, and the text the rename box starts with. */
export interface RenameTarget {
	readonly range: Range;
	readonly placeholder: string;
}

/**
 * The heading text under `position`, `undefined` elsewhere (the editor then says
 * "cannot rename here").
 */
export function prepareRename(doc: GemDocument, position: Position): RenameTarget | undefined {
	const line = doc.lines[position.line];
	if (line?.type !== 'heading') {
		return undefined;
	}
	const text = line.content.trimEnd();
	if (text === '') {
		return undefined;
	}
	return { range: line.rangeOf(line.contentStart, line.contentStart + text.length), placeholder: text };
}

/**
 * Renames the heading under `position` to `newName` and, when its id changes, every
 * fragment link that uses the old id (in this document and across the workspace).
 * Links to a duplicate id that belongs to an earlier heading are left alone.
 *
 * @example renaming `## Intro` to `## Overview` (Gemtexter) rewrites `a.gmi#intro` to `a.gmi#overview`
 */
export async function getHeadingRenameEdits(
	doc: GemDocument,
	uri: string,
	position: Position,
	newName: string,
	env: LinkWorkspaceEnvironment,
	token?: CancellationToken,
): Promise<WorkspaceEdit | undefined> {
	const target = prepareRename(doc, position);
	const line = doc.lines[position.line];
	if (!target || !line) {
		return undefined;
	}
	const name = newName.trim();
	const changes = new Map<string, TextEdit[]>();
	const self = normalizeUri(uri);
	addEdit(changes, uri, { range: target.range, newText: name });

	const index = doc.headings.indexOf(line);
	const before = await env.getHeadingIds(doc, uri);
	const renamed = doc.text.slice(0, line.contentStart) + name + doc.text.slice(line.contentStart + target.placeholder.length);
	const after = await env.getHeadingIds(parseGemtext(renamed), uri);
	const oldId = before[index];
	const newId = after[index];
	if (oldId !== undefined && newId !== undefined && oldId !== newId && before.indexOf(oldId) === index) {
		const root = await env.getCapsuleRoot(uri);
		const own = doc.links.map((l) => resolveLine(l, uri, root)).filter((l): l is WorkspaceLink => l !== undefined);
		const matches = fileMatcher(self);
		const toSelf = resourceMatcher(self);
		const others = await getWorkspaceLinks(env, token, [], (resource, from) => toSelf(resource) && normalizeUri(from) !== self);
		for (const link of [...own, ...others]) {
			const range = link.fragment === oldId && matches(link) ? fragmentRange(link.line) : undefined;
			if (range) {
				addEdit(changes, link.uri, { range, newText: encodeURIComponent(newId).replace(/%2F/g, '/') });
			}
		}
	}
	return toWorkspaceEdit(changes);
}

/** A file or folder about to move (or be renamed) from `oldUri` to `newUri`. */
export interface FileMove {
	readonly oldUri: string;
	readonly newUri: string;
}

/**
 * Link edits for files or folders about to move, computed while everything is still at
 * its old place (VS Code's `onWillRenameFiles`): edits are keyed by the documents'
 * current URIs and travel with them.
 *
 * - A link to anything that moves is rewritten to its new place, keeping its form:
 *   relative stays relative, `/absolute` stays absolute, query and fragment are kept.
 * - A relative link inside a moved document is rewritten so it still reaches its target.
 * - A link whose text still resolves to the right place is left alone.
 *
 * @example moving `a.gmi` to `sub/a.gmi` rewrites `=> a.gmi` in index.gmi to `=> sub/a.gmi`
 */
export async function getFileMoveEdits(moves: readonly FileMove[], env: LinkWorkspaceEnvironment, token?: CancellationToken): Promise<WorkspaceEdit> {
	// Only moves within the workspace: `""` or `file:///` must not walk the whole disk.
	const folders = env.getWorkspaceFolders().map((f) => trimSlash(normalizeUri(f)));
	const inWorkspace = (uri: string): boolean => folders.some((f) => uri !== f && isUnder(uri, f));
	const normalized = moves
		.map((m) => ({ oldUri: trimSlash(normalizeUri(m.oldUri)), newUri: trimSlash(normalizeUri(m.newUri)) }))
		.filter((m) => inWorkspace(m.oldUri) && inWorkspace(m.newUri));
	if (normalized.length === 0) {
		return { changes: {} };
	}
	const relocate = (uri: string): string | undefined => {
		for (const m of normalized) {
			if (isUnder(uri, m.oldUri)) {
				return m.newUri + uri.slice(m.oldUri.length);
			}
		}
		return undefined;
	};
	const changes = new Map<string, TextEdit[]>();
	const roots = new Map<string, Promise<string | undefined>>();
	// The moved documents are read from disk as well: one written just before the move may
	// not have reached the workspace index yet, and its relative links must still follow it.
	const moved = (await Promise.all(normalized.map((m) => gemtextFilesAt(env, m.oldUri)))).flat();
	// Only links in moved documents or to moved files can change.
	for (const link of await getWorkspaceLinks(env, token, moved, (resource, from) => relocate(resource) !== undefined || relocate(normalizeUri(from)) !== undefined)) {
		if (token?.isCancellationRequested) {
			break;
		}
		const parts = splitUrl(link.line.url);
		if (parts.path === '') {
			// `#id` and `?q` name the document itself, wherever it goes.
			continue;
		}
		const movedDoc = relocate(normalizeUri(link.uri));
		const movedTarget = relocate(link.resource);
		if (!movedDoc && !movedTarget) {
			continue;
		}
		const from = movedDoc ?? link.uri;
		const to = movedTarget ?? link.resource;
		let root = roots.get(link.uri);
		if (!root) {
			root = env.getCapsuleRoot(link.uri);
			roots.set(link.uri, root);
		}
		const url = rewriteUrl(link, from, to, await root);
		if (url !== undefined && url !== link.line.url) {
			addEdit(changes, link.uri, { range: urlRange(link.line), newText: url });
		}
	}
	return toWorkspaceEdit(changes);
}

/** `uri` when it is a Gemtext file, every Gemtext file below it when it is a folder. */
async function gemtextFilesAt(env: LinkWorkspaceEnvironment, uri: string): Promise<string[]> {
	const stat = await env.fileSystem.stat(uri);
	if (stat?.type === 'file') {
		return isGemtextFile(uri) ? [uri] : [];
	}
	if (stat?.type !== 'directory') {
		return [];
	}
	const entries = (await env.fileSystem.readDirectory(uri)) ?? [];
	const nested = await Promise.all(entries.map(([name, type]) => {
		const child = Utils.joinPath(URI.parse(uri), name).toString();
		return type === 'directory' ? gemtextFilesAt(env, child) : Promise.resolve(isGemtextFile(name) ? [child] : []);
	}));
	return nested.flat();
}

/** The link's URL once its document is at `from` and its target at `to`; `undefined` when unchanged. */
function rewriteUrl(link: WorkspaceLink, from: string, to: string, root: string | undefined): string | undefined {
	const url = link.line.url;
	const still = resolveLinkTarget(url, from, root);
	if (still?.kind === 'internal' && normalizeUri(still.resource) === to) {
		return undefined;
	}
	const parts = splitUrl(url);
	const suffix = url.slice(parts.path.length);
	let path: string;
	if (link.absolutePath && root !== undefined && isUnder(to, normalizeUri(root))) {
		path = '/' + relativePath(trimSlash(normalizeUri(root)) + '/', to);
	} else {
		path = relativePath(Utils.dirname(URI.parse(from)).toString(), to);
		if (path === '') {
			path = './';
		} else if (parts.path.startsWith('./') && !path.startsWith('../')) {
			path = './' + path;
		}
	}
	return encodeUrlPath(path) + suffix;
}

function trimSlash(uri: string): string {
	return uri.endsWith('/') && !uri.endsWith(':///') ? uri.slice(0, -1) : uri;
}

function addEdit(changes: Map<string, TextEdit[]>, uri: string, edit: TextEdit): void {
	const list = changes.get(uri);
	if (list) {
		list.push(edit);
	} else {
		changes.set(uri, [edit]);
	}
}

function toWorkspaceEdit(changes: Map<string, TextEdit[]>): WorkspaceEdit {
	return { changes: Object.fromEntries(changes) };
}
