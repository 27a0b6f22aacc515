/**
 * Hover on a link: where it leads, whether that exists, the target's title (its first
 * heading) or heading, and a preview for images.
 */
import { URI, Utils } from 'vscode-uri';
import type { GemDocument, Position, Range } from './document';
import { findHeading, linkAt, resolveLine, urlRange } from './references';
import { commonAncestor, DirectoryCache, INDEX_FILES, isGemtextFile, lookupResource, normalizeUri, relativePath, type LinkCheckEnvironment } from './linkTargets';

/** Hover content as Markdown, for `range`. */
export interface Hover {
	readonly contents: string;
	readonly range: Range;
}

/** Images a hover can preview (what browsers and VS Code's Markdown renderer show). */
const IMAGE = /\.(png|jpe?g|gif|webp|svg|bmp|avif|ico)$/i;
/** Width of image previews in hovers, in CSS pixels. */
const PREVIEW_WIDTH = 320;

/**
 * Hover at `position` on a link line's URL (or `=>`): target path, existence, title
 * or heading, image preview. External links get no hover: the editor's link tooltip says enough.
 *
 * @example `=> about.gmi` → "**About me** — `about.gmi`"
 */
export async function getHover(doc: GemDocument, uri: string, position: Position, env: LinkCheckEnvironment): Promise<Hover | undefined> {
	const line = linkAt(doc, position);
	if (!line) {
		return undefined;
	}
	const link = resolveLine(line, uri, await env.getCapsuleRoot(uri));
	if (!link) {
		return undefined;
	}
	const range = urlRange(line);
	const display = relativePath(Utils.dirname(URI.parse(uri)).toString(), link.resource) || './';
	const self = normalizeUri(uri);
	const folder = Utils.dirname(URI.parse(uri)).toString();
	const found = link.resource === self ? undefined : await lookupResource(link.resource, commonAncestor(folder, link.resource), new DirectoryCache(env.fileSystem));
	if (found?.kind === 'missing') {
		return { range, contents: found.unreadable !== undefined ? `⚠ \`${display}\` cannot be read (permission denied).` : `⚠ \`${display}\` does not exist.` };
	}
	let file = found?.uri ?? self;
	const notes: string[] = [];
	if (found?.kind === 'case-mismatch') {
		notes.push(`⚠ On disk the name is \`${relativePath(folder, found.uri)}\`: the letter case differs.`);
	}
	if (found?.type === 'directory') {
		const index = await findIndexFile(env, found.uri);
		if (!index) {
			return { range, contents: [`Folder \`${display}\` (no index.gmi)`, ...notes].join('\n\n') };
		}
		file = index;
	}
	if (IMAGE.test(URI.parse(file).path)) {
		const alt = line.label.replace(/[[\]]/g, '');
		return { range, contents: [`Image \`${display}\``, ...notes, `![${alt}](${file}|width=${PREVIEW_WIDTH})`].join('\n\n') };
	}
	if (!isGemtextFile(URI.parse(file).path)) {
		return { range, contents: [`File \`${display}\``, ...notes].join('\n\n') };
	}
	const target = file === self ? doc : await env.getDocument(file);
	const title = target?.headings[0]?.content.trim();
	const head = title ? `**${escapeMarkdown(title)}** — \`${display}\`` : `\`${display}\``;
	if (link.fragment && target) {
		const heading = await findHeading(env, target, file, link.fragment);
		notes.push(heading
			? `Section: ${'#'.repeat(heading.level)} ${escapeMarkdown(heading.content.trim())}`
			: `⚠ No heading with the id \`${link.fragment}\`.`);
	}
	return { range, contents: [head, ...notes].join('\n\n') };
}

async function findIndexFile(env: LinkCheckEnvironment, folder: string): Promise<string | undefined> {
	for (const name of INDEX_FILES) {
		const index = Utils.joinPath(URI.parse(folder), name).toString();
		if ((await env.fileSystem.stat(index))?.type === 'file') {
			return index;
		}
	}
	return undefined;
}

function escapeMarkdown(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, (c) => '\\' + c);
}
