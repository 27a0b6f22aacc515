import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { findBlocksForLine, getLineForOffset, getOffsetForLine, normalizeBlocks, type LineBlock } from '../../client/webview/scrollSync';

// A page like a rendered document: a heading at line 0 (40px tall), a text line at 2, a 5-line
// code block starting at line 4 (toggle at 4, closing toggle at 10, 120px), then text at 11.
const page: LineBlock[] = [
	{ line: 0, top: 10, height: 40 },
	{ line: 2, top: 60, height: 20 },
	{ line: 4, top: 90, height: 120 },
	{ line: 11, top: 220, height: 20 },
];

describe('preview scroll sync: normalizeBlocks', () => {
	it('sorts by line, keeps the outermost block of a line, drops hidden blocks', () => {
		const blocks = normalizeBlocks([
			{ line: 3, top: 50, height: 10 },
			{ line: 1, top: 0, height: 30 }, // <ul data-line=1>
			{ line: 1, top: 2, height: 10 }, // <li data-line=1> inside it
			{ line: 2, top: 30, height: 0 }, // display: none
		]);
		assert.deepEqual(blocks.map((b) => b.line), [1, 3]);
		assert.equal(blocks[0].top, 0);
	});

	it('drops a block whose top would go backwards (keeps binary search valid)', () => {
		const blocks = normalizeBlocks([
			{ line: 0, top: 100, height: 10 },
			{ line: 1, top: 50, height: 10 },
			{ line: 2, top: 120, height: 10 },
		]);
		assert.deepEqual(blocks.map((b) => b.line), [0, 2]);
	});

	it('ignores non-numeric lines', () => {
		assert.deepEqual(normalizeBlocks([{ line: Number.NaN, top: 0, height: 5 }]), []);
	});
});

describe('preview scroll sync: findBlocksForLine', () => {
	it('finds the block containing a line and the next one', () => {
		assert.deepEqual(findBlocksForLine(page, 5), { previous: page[2], next: page[3] });
		assert.deepEqual(findBlocksForLine(page, 2), { previous: page[1], next: page[2] });
	});

	it('has no previous block before the first one and no next after the last', () => {
		assert.deepEqual(findBlocksForLine([{ line: 3, top: 0, height: 1 }], 1), { next: { line: 3, top: 0, height: 1 } });
		assert.deepEqual(findBlocksForLine(page, 99), { previous: page[3], next: undefined });
	});
});

describe('preview scroll sync: line → offset', () => {
	it('puts a block start line at its top', () => {
		assert.equal(getOffsetForLine(page, 0), 10);
		assert.equal(getOffsetForLine(page, 2), 60);
		assert.equal(getOffsetForLine(page, 4), 90);
	});

	it('interpolates inside a multi-line code block by line', () => {
		// Line 7.5 is half-way from line 4 (top 90) to line 11 (top 220).
		assert.equal(getOffsetForLine(page, 7.5), 155);
	});

	it('interpolates fractional lines in the last block within its height', () => {
		assert.equal(getOffsetForLine(page, 11.5), 230);
		assert.equal(getOffsetForLine(page, 40), 240);
	});

	it('scrolls to the top for lines before the first block, and is undefined without blocks', () => {
		assert.equal(getOffsetForLine([{ line: 5, top: 100, height: 10 }], 1), 0);
		assert.equal(getOffsetForLine([], 3), undefined);
	});
});

describe('preview scroll sync: offset → line', () => {
	it('maps a block top to its line', () => {
		assert.equal(getLineForOffset(page, 10), 0);
		assert.equal(getLineForOffset(page, 90), 4);
		assert.equal(getLineForOffset(page, 220), 11);
	});

	it('is the inverse of getOffsetForLine between blocks', () => {
		for (const line of [0, 0.5, 1, 2.25, 4, 6, 7.5, 10.9]) {
			const offset = getOffsetForLine(page, line);
			assert.ok(offset !== undefined);
			assert.ok(Math.abs((getLineForOffset(page, offset) ?? -1) - line) < 1e-9, `line ${line}`);
		}
	});

	it('is 0 above the first block and stays within the last block below it', () => {
		assert.equal(getLineForOffset(page, 0), 0);
		const below = getLineForOffset(page, 10_000);
		assert.ok(below !== undefined && below >= 11 && below < 12);
	});

	it('is undefined without blocks', () => {
		assert.equal(getLineForOffset([], 100), undefined);
	});
});
