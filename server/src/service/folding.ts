import type { GemDocument, GemLine, LineType } from './document';
import { getSections } from './outline';
import type { FoldingRange } from './types';

/**
 * Folding ranges: heading sections (nested), ``` blocks, and runs of two or more
 * consecutive list items, quote lines or link lines.
 *
 * A section folds from its heading to its last non-blank line, so the blank line that
 * usually separates it from the next heading stays visible when folded (VS Code's Markdown
 * folding trims one such line; trimming all of them keeps sections tidy after messy edits).
 * A ``` block folds from its opening toggle to its closing toggle, or to the last line when it
 * is never closed. Ranges never end on or before their start line and come sorted by start line,
 * which is what VS Code expects; they nest properly because blocks never cross a heading.
 *
 * @example getFoldingRanges(parseGemtext('# A\ntext\n* a\n* b')) // [{0..3}, {2..3}]
 */
export function getFoldingRanges(doc: GemDocument): FoldingRange[] {
	const ranges: FoldingRange[] = [];
	addSectionRanges(doc, ranges);
	addPreRanges(doc, ranges);
	addRunRanges(doc, ranges);
	// Stable sort: ranges sharing a start line (none today) would keep their insertion order.
	return ranges.sort((a, b) => a.startLine - b.startLine);
}

function addSectionRanges(doc: GemDocument, out: FoldingRange[]): void {
	const lines = doc.lines;
	for (const section of getSections(doc)) {
		let end = Math.min(section.endLine, lines.length - 1);
		while (end > section.heading.line && isBlankText(lines[end])) {
			end--;
		}
		if (end > section.heading.line) {
			out.push({ startLine: section.heading.line, endLine: end });
		}
	}
}

function addPreRanges(doc: GemDocument, out: FoldingRange[]): void {
	const lastLine = doc.lines.length - 1;
	for (const block of doc.blocks) {
		const end = block.closeLine === -1 ? lastLine : block.closeLine;
		if (end > block.openLine) {
			out.push({ startLine: block.openLine, endLine: end });
		}
	}
}

const RUN_TYPES: ReadonlySet<LineType> = new Set<LineType>(['list', 'quote', 'link']);

function addRunRanges(doc: GemDocument, out: FoldingRange[]): void {
	const lines = doc.lines;
	let i = 0;
	while (i < lines.length) {
		const type = lines[i].type;
		let j = i + 1;
		if (RUN_TYPES.has(type)) {
			while (j < lines.length && lines[j].type === type) {
				j++;
			}
			if (j - i >= 2) {
				out.push({ startLine: i, endLine: j - 1 });
			}
		}
		i = j;
	}
}

/**
 * A blank line outside a ``` block. Blank preformatted lines are content: trimming them
 * would end a section inside an unclosed block and break nesting.
 */
function isBlankText(line: GemLine): boolean {
	if (line.type !== 'text') {
		return false;
	}
	for (let p = line.start; p < line.end; p++) {
		const c = line.source.charCodeAt(p);
		if (c !== 32 && c !== 9 && c !== 0xfeff) {
			return false;
		}
	}
	return true;
}
