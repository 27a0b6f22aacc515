import { GemDocument, GemLine, lineEndPosition, Range } from './document';
import { findTableOfContents, type TocBlock } from './toc';
import type { OutlineSymbol } from './types';

/**
 * A heading's section: the heading line and every line after it up to (not including)
 * the next heading of the same or a higher level, or to the end of the document.
 *
 * Shared by the outline, folding and smart select so the three agree on what a
 * section is.
 */
export interface Section {
	readonly heading: GemLine;
	/** Index of the enclosing section in the array returned by {@link getSections}, -1 for a root. */
	readonly parent: number;
	/**
	 * Last line of the section. For the sections that run to the end of the document this is
	 * `doc.lineCount - 1`, which may be the empty line after a final line break.
	 */
	readonly endLine: number;
}

/**
 * Every heading's section, in document order, with its parent.
 *
 * Nesting follows the nearest preceding heading of a higher level, so a skipped level
 * (`#` then `###`) still nests; headings before any higher-level heading are roots.
 * Linear: one stack over the headings.
 *
 * @example getSections(parseGemtext('# A\n### B\n## C')).map(s => s.parent) // [-1, 0, 0]
 */
export function getSections(doc: GemDocument): Section[] {
	const headings = doc.headings;
	// Typed arrays: `new Array(n)` for a large n gives slow dictionary-mode storage in V8.
	const parents = new Int32Array(headings.length);
	const ends = new Int32Array(headings.length);
	const stack: number[] = [];
	for (let i = 0; i < headings.length; i++) {
		const h = headings[i];
		while (stack.length > 0 && headings[stack[stack.length - 1]].level >= h.level) {
			ends[stack.pop() as number] = h.line - 1;
		}
		parents[i] = stack.length > 0 ? stack[stack.length - 1] : -1;
		stack.push(i);
	}
	const lastLine = Math.max(0, doc.lineCount - 1);
	for (const i of stack) {
		ends[i] = lastLine;
	}
	return headings.map((heading, i) => ({ heading, parent: parents[i], endLine: ends[i] }));
}

/** The range of a section: from the start of its heading line to the end of its last line. */
export function sectionRange(doc: GemDocument, section: Section): Range {
	return { start: { line: section.heading.line, character: 0 }, end: lineEndPosition(doc, section.endLine) };
}

/**
 * The document's heading tree for the Outline view, breadcrumbs and sticky scroll.
 *
 * Each symbol's `range` is its whole section, exactly as {@link getSections} defines it: up to
 * the line before the next heading of the same or a higher level, trailing blank lines
 * included (as VS Code's Markdown outline does), and to the end of the document for the last
 * sections. `selectionRange` is the heading text, or the `#` marker when the heading is empty.
 * Names are trimmed heading text; an empty heading is named by its raw marker (`##`) because
 * VS Code rejects empty symbol names. Headings inside ``` blocks are not headings.
 *
 * @example getOutline(parseGemtext('# A\n## B\ntext')) // [{ name: 'A', children: [{ name: 'B', … }] }]
 */
export function getOutline(doc: GemDocument): OutlineSymbol[] {
	const sections = getSections(doc);
	const toc = findTableOfContents(doc);
	const symbols: OutlineSymbol[] = [];
	const roots: OutlineSymbol[] = [];
	for (const section of sections) {
		const symbol = toSymbol(doc, section, toc);
		symbols.push(symbol);
		(section.parent === -1 ? roots : symbols[section.parent].children).push(symbol);
	}
	return roots;
}

/**
 * A heading's symbol. A table of contents is one symbol spanning its heading and entries
 * (its section, when headings nest under it), with the number of entries beside it.
 */
function toSymbol(doc: GemDocument, section: Section, toc: TocBlock | undefined): OutlineSymbol {
	const h = section.heading;
	const name = h.content.trim();
	let selectionRange: Range;
	if (name.length > 0) {
		selectionRange = h.rangeOf(h.contentStart, h.contentStart + h.content.trimEnd().length);
	} else {
		// Nothing but the marker (and maybe whitespace): select the marker itself.
		selectionRange = h.rangeOf(h.markerStart, h.markerStart + h.level);
	}
	const range = sectionRange(doc, section);
	if (toc?.headingLine === h.line) {
		const nested = doc.headings.some((o) => o.line > h.line && o.line <= section.endLine);
		return {
			name,
			level: 2,
			kind: 'toc',
			detail: `${toc.entries} ${toc.entries === 1 ? 'entry' : 'entries'}`,
			range: nested ? range : { start: range.start, end: lineEndPosition(doc, toc.endLine) },
			selectionRange,
			children: [],
		};
	}
	return {
		name: name.length > 0 ? name : '#'.repeat(h.level),
		level: h.level as 1 | 2 | 3,
		range,
		selectionRange,
		children: [],
	};
}
