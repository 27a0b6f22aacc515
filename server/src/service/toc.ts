/**
 * Table of contents for the preview and outline: the headings of a document outside
 * preformatted blocks, with the ids each preview style gives them.
 */
import type { GemDocument } from './document';
import type { PreviewStyle } from './workspace';
import { gemtexterSlug, getGeminiHeadingIds } from './slug';
import { getGemtexterLines } from './render/gemtexterLines';

export interface TocEntry {
	readonly level: 1 | 2 | 3;
	/** Heading text as shown (trimmed for `gemini`; Gemtexter's raw text minus a CR). */
	readonly text: string;
	/** The id the rendered heading carries in `style`. */
	readonly id: string;
	/** 0-based source line of the heading. */
	readonly line: number;
}

/** `#`… followed by a space: the headings Gemtexter's `template::inline::toc` lists. */
const GEMTEXTER_HEADING = /^(#+) /;

/**
 * The document's table of contents, in source order.
 *
 * `gemini`: every spec heading (the parser never sees one inside ```), with unique
 * GitHub-like ids. `gemtexter`: what `template::inline::toc` lists: each line matching
 * `^#+ ` outside ``` ranges (the last line is read even without LF), with Gemtexter's
 * ids; `####…` lines are listed too (as Gemtexter does) at level 3 with the text after
 * the first three `#`, though Gemtexter renders them as text, so their link goes nowhere.
 *
 * @example getTableOfContents(parseGemtext('# A\n## B\n'), 'gemtexter') // [{level:1,text:'A',id:'a',line:0},{level:2,text:'B',id:'b',line:1}]
 */
export function getTableOfContents(doc: GemDocument, style: PreviewStyle): TocEntry[] {
	if (style === 'gemini') {
		const ids = getGeminiHeadingIds(doc);
		return doc.headings.map((h, i) => ({ level: toLevel(h.level), text: h.content.trim(), id: ids[i], line: h.line }));
	}
	const entries: TocEntry[] = [];
	let pre = false;
	for (const { text, line } of getGemtexterLines(doc)) {
		if (text.startsWith('```')) {
			pre = !pre;
			continue;
		}
		const m = pre ? null : GEMTEXTER_HEADING.exec(text);
		if (m) {
			const hashes = m[1].length;
			const title = (hashes <= 3 ? text.slice(hashes + 1) : text.slice(3)).replace(/\r$/, '');
			entries.push({ level: toLevel(hashes), text: title, id: gemtexterSlug(title), line });
		}
	}
	return entries;
}

function toLevel(n: number): 1 | 2 | 3 {
	return n <= 1 ? 1 : n === 2 ? 2 : 3;
}

/** The heading Gemtexter's TOC helper prints (and that marks a TOC written into a `.gmi`). */
export const TOC_HEADING = '## Table of Contents';

/** A table of contents written into a document: its heading line to its last entry. */
export interface TocBlock {
	readonly headingLine: number;
	/** Last line of the block (its last `* ⇢` entry, or the heading's blank line when empty). */
	readonly endLine: number;
	readonly entries: number;
}

/**
 * The table of contents in `doc` as `template::inline::toc` prints it: a line
 * `## Table of Contents`, a blank line, then `* ⇢ …` entries. `undefined` when there is none.
 */
export function findTableOfContents(doc: GemDocument): TocBlock | undefined {
	for (const h of doc.headings) {
		if (h.level !== 2 || h.text.replace(/\r$/, '') !== TOC_HEADING) {
			continue;
		}
		const lines = doc.lines;
		let end = h.line;
		let entries = 0;
		let i = h.line + 1;
		if (i < lines.length && lines[i].text.replace(/\r$/, '') === '') {
			end = i;
			i++;
		}
		for (; i < lines.length && lines[i].type === 'list' && lines[i].content.startsWith('⇢'); i++) {
			end = i;
			entries++;
		}
		return { headingLine: h.line, endLine: end, entries };
	}
	return undefined;
}
