import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RENDER_PIECE_SIZE, splitHtml } from '../../server/src/renderPieces';

describe('splitHtml (big previews in pieces)', () => {
	it('cuts at line ends, each piece within the size, joined back to the whole', () => {
		const html = Array.from({ length: 500 }, (_, i) => `<p data-line="${i}">line ${'x'.repeat(i % 37)}</p>\n`).join('');
		const pieces = splitHtml(html, 1000);
		assert.ok(pieces.length > 10);
		assert.equal(pieces.join(''), html);
		for (const p of pieces) {
			assert.ok(p.length <= 1000, `${p.length}`);
		}
		for (const p of pieces.slice(0, -1)) {
			assert.ok(p.endsWith('\n'), 'a piece holds whole lines');
		}
	});

	it('keeps a body that fits in one piece, the empty body too', () => {
		assert.deepEqual(splitHtml('<p>a</p>\n', 100), ['<p>a</p>\n']);
		assert.deepEqual(splitHtml('', 100), ['']);
		assert.deepEqual(splitHtml('x'.repeat(RENDER_PIECE_SIZE)), ['x'.repeat(RENDER_PIECE_SIZE)]);
	});

	it('cuts a line longer than a piece, never inside a surrogate pair', () => {
		const html = '😀'.repeat(50) + '\n';
		const pieces = splitHtml(html, 7);
		assert.equal(pieces.join(''), html);
		for (const p of pieces) {
			assert.ok(p.length <= 7);
			assert.doesNotMatch(p, /^[\udc00-\udfff]|[\ud800-\udbff]$/, 'no lone half of a pair at either end');
		}
	});
});
