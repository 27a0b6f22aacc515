/**
 * The arithmetic of two-way scroll sync, kept free of the DOM so it can be unit-tested with plain
 * objects. The webview measures each `[data-line]` block (document-relative top and height) and
 * asks these functions to map a source line to a scroll offset and back.
 *
 * Lines are 0-based and may be fractional: 12.5 means "half-way through line 12", which is how the
 * editor reports a partly scrolled-away first visible line and how a tall `pre` block maps its
 * height back onto the source lines it came from.
 */

/** One rendered block: the source line it starts at and where it sits on the page (CSS pixels). */
export interface LineBlock {
	readonly line: number;
	readonly top: number;
	readonly height: number;
}

/**
 * Normalises measured blocks: document order by line, one block per line (the outermost, which comes
 * first), zero-size blocks (display: none) dropped, and tops forced non-decreasing so that binary
 * searches by offset stay valid even when CSS floats or inline headings overlap.
 */
export function normalizeBlocks(blocks: readonly LineBlock[]): LineBlock[] {
	const sorted = blocks
		.filter((b) => Number.isFinite(b.line) && Number.isFinite(b.top) && b.height > 0)
		.map((b, index) => ({ b, index }))
		.sort((x, y) => x.b.line - y.b.line || x.index - y.index)
		.map(({ b }) => b);
	const result: LineBlock[] = [];
	for (const block of sorted) {
		const last = result.at(-1);
		if (last && (block.line === last.line || block.top < last.top)) {
			continue;
		}
		result.push(block);
	}
	return result;
}

/** The block containing `line` (the last one starting at or before it) and the one after it. */
export function findBlocksForLine(blocks: readonly LineBlock[], line: number): { previous?: LineBlock; next?: LineBlock } {
	let lo = 0;
	let hi = blocks.length - 1;
	let found = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (blocks[mid].line <= line) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found < 0 ? { next: blocks[0] } : { previous: blocks[found], next: blocks[found + 1] };
}

/**
 * The page offset that shows source `line` at the top. Between two blocks the offset is interpolated
 * by line, so a multi-line `pre` block scrolls smoothly rather than jumping from one end to the other.
 * Undefined when there are no blocks.
 */
export function getOffsetForLine(blocks: readonly LineBlock[], line: number): number | undefined {
	const { previous, next } = findBlocksForLine(blocks, line);
	if (!previous) {
		return next ? 0 : undefined;
	}
	if (next && next.line > previous.line) {
		const progress = (line - previous.line) / (next.line - previous.line);
		return previous.top + progress * (next.top - previous.top);
	}
	// The last block: its end line is unknown, so only the fraction of its first line moves within it.
	const progress = Math.min(Math.max(line - previous.line, 0), 1);
	return previous.top + progress * previous.height;
}

/**
 * The (fractional) source line shown at page offset `offset`: the inverse of `getOffsetForLine`.
 * Undefined when there are no blocks.
 */
export function getLineForOffset(blocks: readonly LineBlock[], offset: number): number | undefined {
	if (blocks.length === 0) {
		return undefined;
	}
	let lo = 0;
	let hi = blocks.length - 1;
	let found = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (blocks[mid].top <= offset) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (found < 0) {
		// Above the first block (page padding): the start of the document.
		return 0;
	}
	const previous = blocks[found];
	const next = blocks[found + 1];
	if (next && next.top > previous.top) {
		const progress = (offset - previous.top) / (next.top - previous.top);
		return previous.line + progress * (next.line - previous.line);
	}
	const progress = Math.min(Math.max((offset - previous.top) / previous.height, 0), 1);
	// Stay inside the last block's first line so that rounding never points past the document.
	return previous.line + progress * 0.99;
}
