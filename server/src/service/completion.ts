/**
 * Completion in link URLs (`=> |`): files and folders relative to the document (or to
 * the capsule root after `/`), headings of this document after `#`, and headings of
 * the linked document after `file.gmi#`. Gemtext files show their title (first heading),
 * and a link without a label gets the title as its label when the item is accepted.
 */
import { URI, Utils } from 'vscode-uri';
import type { GemDocument, Position, Range } from './document';
import { resolveLinkTarget } from './links';
import { getDocumentTitle } from './render';
import { encodeUrlPath, isExternalUrl } from './urls';
import { isGemtextFile, type LinkCheckEnvironment } from './linkTargets';

/** A completion proposal, LSP-shaped: `range` is what accepting it replaces. */
export interface CompletionItem {
	readonly label: string;
	readonly kind: 'file' | 'folder' | 'heading';
	readonly insertText: string;
	readonly range: Range;
	readonly detail?: string;
	readonly sortText?: string;
	/** Ask the editor for completions again after accepting (a folder: continue into it). */
	readonly retrigger?: boolean;
}


/**
 * Completions at `position` inside the URL of a link line; `[]` anywhere else, in
 * ``` blocks (not links), and in external URLs.
 *
 * @example `=> sub/|` lists the entries of `sub/`; `=> a.gmi#|` the heading ids of a.gmi
 */
export async function getCompletions(doc: GemDocument, uri: string, position: Position, env: LinkCheckEnvironment): Promise<CompletionItem[]> {
	const line = doc.lines[position.line];
	if (!line || line.type !== 'link') {
		return [];
	}
	const cursor = line.start + position.character;
	// The URL starts after `=>` and its whitespace; without whitespace the author has not begun one.
	if (cursor < line.contentStart || cursor > line.urlEnd || (line.contentStart === line.start + 2 && line.urlEnd === line.contentStart)) {
		return [];
	}
	const typed = line.source.slice(line.contentStart, cursor);
	if (isExternalUrl(typed)) {
		return [];
	}
	const hash = typed.indexOf('#');
	if (hash !== -1) {
		const range = line.rangeOf(line.contentStart + hash + 1, line.urlEnd);
		return headingCompletions(doc, uri, typed.slice(0, hash), range, env);
	}
	const slash = typed.lastIndexOf('/');
	const segmentStart = line.contentStart + slash + 1;
	let segmentEnd = segmentStart;
	while (segmentEnd < line.urlEnd && !'/?#'.includes(line.source[segmentEnd])) segmentEnd++;
	// Accepting a file at the end of a link without a label may add the target's title as label.
	const atLineEnd = segmentEnd === line.urlEnd && line.source.slice(line.urlEnd, line.end).trim() === '';
	return pathCompletions(uri, typed.slice(0, slash + 1), typed.slice(slash + 1), line.rangeOf(segmentStart, segmentEnd), env, atLineEnd);
}

/** Titles are read for at most this many Gemtext files of one folder (each is a file read). */
const MAX_TITLED_ENTRIES = 100;

async function pathCompletions(uri: string, folderPart: string, partial: string, range: Range, env: LinkCheckEnvironment, atLineEnd: boolean): Promise<CompletionItem[]> {
	const folder = await resolveFolder(uri, folderPart, env);
	if (!folder) {
		return [];
	}
	const entries = await env.fileSystem.readDirectory(folder);
	if (!entries) {
		return [];
	}
	const self = URI.parse(uri).path;
	const items: CompletionItem[] = [];
	for (const [name, type] of entries) {
		// Hidden entries (.git, .DS_Store) are noise unless the author is typing a dot.
		if (name.startsWith('.') && !partial.startsWith('.')) {
			continue;
		}
		if (type === 'directory') {
			items.push({ label: name + '/', kind: 'folder', insertText: encodeUrlPath(name) + '/', range, sortText: '1' + name, retrigger: true });
		} else if (Utils.joinPath(URI.parse(folder), name).path !== self) {
			items.push({ label: name, kind: 'file', insertText: encodeUrlPath(name), range, sortText: (isGemtextFile(name) ? '0' : '2') + name });
		}
	}
	await addTitles(folder, items, env, atLineEnd);
	return items;
}

/** The first heading of each Gemtext file item as its detail, and as label text it inserts at the end of a line. */
async function addTitles(folder: string, items: CompletionItem[], env: LinkCheckEnvironment, atLineEnd: boolean): Promise<void> {
	const files = items.filter((item) => item.kind === 'file' && isGemtextFile(item.label)).slice(0, MAX_TITLED_ENTRIES);
	const titles = await Promise.all(files.map(async (item) => {
		const doc = await env.getDocument(Utils.joinPath(URI.parse(folder), item.label).toString());
		return doc ? getDocumentTitle(doc) : undefined;
	}));
	files.forEach((item, i) => {
		const title = titles[i];
		if (title !== undefined) {
			items[items.indexOf(item)] = { ...item, detail: title, insertText: atLineEnd ? `${item.insertText} ${title}` : item.insertText };
		}
	});
}

/** The folder a typed path prefix (`''`, `sub/`, `../`, `/`) names, when it exists. */
async function resolveFolder(uri: string, folderPart: string, env: LinkCheckEnvironment): Promise<string | undefined> {
	if (folderPart === '') {
		return Utils.dirname(URI.parse(uri)).toString();
	}
	const target = resolveLinkTarget(folderPart, uri, await env.getCapsuleRoot(uri));
	if (target?.kind !== 'internal') {
		return undefined;
	}
	const stat = await env.fileSystem.stat(target.resource);
	return stat?.type === 'directory' ? target.resource.replace(/\/$/, '') : undefined;
}

async function headingCompletions(doc: GemDocument, uri: string, pathPart: string, range: Range, env: LinkCheckEnvironment): Promise<CompletionItem[]> {
	let target: GemDocument | undefined = doc;
	let targetUri = uri;
	if (pathPart !== '') {
		const resolved = resolveLinkTarget(pathPart, uri, await env.getCapsuleRoot(uri));
		if (resolved?.kind !== 'internal') {
			return [];
		}
		targetUri = resolved.isDirectory ? Utils.joinPath(URI.parse(resolved.resource), 'index.gmi').toString() : resolved.resource;
		if (!isGemtextFile(URI.parse(targetUri).path)) {
			return [];
		}
		target = await env.getDocument(targetUri);
	}
	if (!target) {
		return [];
	}
	const ids = await env.getHeadingIds(target, targetUri);
	const seen = new Set<string>();
	const items: CompletionItem[] = [];
	target.headings.forEach((heading, i) => {
		const id = ids[i];
		if (!id || seen.has(id)) {
			return;
		}
		seen.add(id);
		items.push({
			label: id,
			kind: 'heading',
			insertText: id,
			range,
			detail: '#'.repeat(heading.level) + ' ' + heading.content.trim(),
			sortText: String(i).padStart(5, '0'),
		});
	});
	return items;
}
