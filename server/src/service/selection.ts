import { GemDocument, GemLine, lineEndPosition, Position, PreBlock, Range } from './document';
import { getSections, Section, sectionRange } from './outline';
import type { SelectionRange } from './types';

/**
 * Smart select (Expand Selection) for each position, innermost range first:
 *
 * 1. on a link, the URL or the label under the cursor;
 * 2. the line's content (heading text, item, quote, alt text, or the trimmed text);
 * 3. the whole line;
 * 4. its block: the run of consecutive list, quote or link lines, or for a ``` block first
 *    the lines between the toggles, then the block including its toggles;
 * 5. the innermost section (heading and body, as in the outline), then each enclosing section;
 * 6. the whole document.
 *
 * Words are left to VS Code. Steps that would repeat the previous range are skipped, so each
 * parent strictly contains its child. Positions past the end are clamped to the last line.
 *
 * @example getSelectionRanges(parseGemtext('# A\n* x\n* y'), [{ line: 1, character: 3 }])
 * // x → "* x" → lines 1–2 → section 0–2 (= document)
 */
export function getSelectionRanges(doc: GemDocument, positions: readonly Position[]): SelectionRange[] {
	const sections = getSections(doc);
	const docRange: Range = { start: { line: 0, character: 0 }, end: lineEndPosition(doc, Math.max(0, doc.lineCount - 1)) };
	return positions.map((position) => {
		const lineNo = Math.max(0, Math.min(position.line, doc.lineCount - 1));
		const chain = new RangeChain();
		const line = doc.lines[lineNo] as GemLine | undefined;
		if (line) {
			addLineRanges(line, position.character, chain);
			addBlockRanges(doc, line, chain);
		}
		addSectionRanges(doc, sections, lineNo, chain);
		chain.add(docRange);
		return chain.build();
	});
}

/** Ranges collected innermost first; keeps only ranges that strictly contain the previous one. */
class RangeChain {
	readonly #ranges: Range[] = [];

	add(range: Range): void {
		const last = this.#ranges[this.#ranges.length - 1];
		if (last === undefined || (contains(range, last) && !equals(range, last))) {
			this.#ranges.push(range);
		}
	}

	build(): SelectionRange {
		let result: SelectionRange | undefined;
		for (let i = this.#ranges.length - 1; i >= 0; i--) {
			result = result ? { range: this.#ranges[i], parent: result } : { range: this.#ranges[i] };
		}
		// The document range is always added, so there is at least one range.
		return result as SelectionRange;
	}
}

function addLineRanges(line: GemLine, character: number, chain: RangeChain): void {
	const offset = line.start + character;
	if (line.type === 'link') {
		const labelEnd = trimEndOffset(line, line.labelStart, line.end);
		if (line.urlEnd > line.contentStart && offset >= line.contentStart && offset <= line.urlEnd) {
			chain.add(line.rangeOf(line.contentStart, line.urlEnd));
		} else if (labelEnd > line.labelStart && offset >= line.labelStart && offset <= labelEnd) {
			chain.add(line.rangeOf(line.labelStart, labelEnd));
		}
	}
	const from = trimStartOffset(line, line.contentStart, line.end);
	const to = trimEndOffset(line, from, line.end);
	if (to > from && offset >= from && offset <= to) {
		chain.add(line.rangeOf(from, to));
	}
	chain.add(line.range);
}

function addBlockRanges(doc: GemDocument, line: GemLine, chain: RangeChain): void {
	const lines = doc.lines;
	if (line.type === 'list' || line.type === 'quote' || line.type === 'link') {
		let first = line.line;
		let last = line.line;
		while (first > 0 && lines[first - 1].type === line.type) first--;
		while (last + 1 < lines.length && lines[last + 1].type === line.type) last++;
		chain.add(linesRange(doc, first, last));
		return;
	}
	if (line.type === 'preText' || line.type === 'preToggle') {
		const block = findBlock(doc.blocks, line.line);
		if (!block) {
			return;
		}
		const close = block.closeLine === -1 ? lines.length - 1 : block.closeLine;
		const innerLast = block.closeLine === -1 ? close : close - 1;
		if (line.type === 'preText' && innerLast > block.openLine) {
			chain.add(linesRange(doc, block.openLine + 1, innerLast));
		}
		chain.add(linesRange(doc, block.openLine, close));
	}
}

/** The block whose opening toggle is the last one at or before `lineNo` (binary search). */
function findBlock(blocks: readonly PreBlock[], lineNo: number): PreBlock | undefined {
	let lo = 0;
	let hi = blocks.length - 1;
	let found: PreBlock | undefined;
	while (lo <= hi) {
		const mid = (lo + hi) >>> 1;
		if (blocks[mid].openLine <= lineNo) {
			found = blocks[mid];
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

function addSectionRanges(doc: GemDocument, sections: readonly Section[], lineNo: number, chain: RangeChain): void {
	// Every section containing the line is the last heading at or before it, or one of its ancestors.
	let lo = 0;
	let hi = sections.length - 1;
	let index = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >>> 1;
		if (sections[mid].heading.line <= lineNo) {
			index = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	for (; index !== -1; index = sections[index].parent) {
		if (sections[index].endLine >= lineNo) {
			chain.add(sectionRange(doc, sections[index]));
		}
	}
}

function linesRange(doc: GemDocument, first: number, last: number): Range {
	return { start: { line: first, character: 0 }, end: lineEndPosition(doc, last) };
}

function trimStartOffset(line: GemLine, from: number, to: number): number {
	while (from < to && isBlank(line.source.charCodeAt(from))) from++;
	return from;
}

function trimEndOffset(line: GemLine, from: number, to: number): number {
	while (to > from && isBlank(line.source.charCodeAt(to - 1))) to--;
	return to;
}

function isBlank(c: number): boolean {
	return c === 32 || c === 9;
}

function contains(outer: Range, inner: Range): boolean {
	return comparePositions(outer.start, inner.start) <= 0 && comparePositions(outer.end, inner.end) >= 0;
}

function equals(a: Range, b: Range): boolean {
	return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

function comparePositions(a: Position, b: Position): number {
	return a.line !== b.line ? a.line - b.line : a.character - b.character;
}
