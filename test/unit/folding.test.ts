import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getFoldingRanges } from '../../server/src/service/folding';
import { parseGemtext } from '../../server/src/service/parser';

/** Folding ranges as `start-end` strings, in the order returned. */
function folds(text: string): string[] {
	return getFoldingRanges(parseGemtext(text)).map((f) => `${f.startLine}-${f.endLine}`);
}

describe('folding', () => {
	it('returns nothing for an empty or flat document', () => {
		assert.deepEqual(folds(''), []);
		assert.deepEqual(folds('one\ntwo\n* only item\n> only quote\n=> only-link\n'), []);
	});

	it('folds nested heading sections', () => {
		assert.deepEqual(folds('# A\na\n## B\nb\n### C\nc\n## D\nd\n# E\ne'), ['0-7', '2-5', '4-5', '6-7', '8-9']);
	});

	it('trims trailing blank lines off a section, but not below its heading', () => {
		assert.deepEqual(folds('# A\ntext\n\n  \n# B\n\n\n'), ['0-1']);
	});

	it('does not fold a heading with nothing under it', () => {
		assert.deepEqual(folds('# A\n# B\n\n'), []);
		assert.deepEqual(folds('# A\n# B\n## C\n\n'), ['1-2'], 'B holds C; C itself has no body');
	});

	it('folds a preformatted block from toggle to toggle', () => {
		assert.deepEqual(folds('intro\n```sh\nls\npwd\n```\nafter'), ['1-4']);
		assert.deepEqual(folds('```\n```'), ['0-1']);
	});

	it('folds an unclosed block to the last line, blank lines included', () => {
		assert.deepEqual(folds('x\n```\ncode\n\n'), ['1-3']);
		assert.deepEqual(folds('# A\n```\ncode\n\n'), ['0-3', '1-3'], 'blank preformatted lines stay in the section');
	});

	it('does not fold a lone opening toggle on the last line', () => {
		assert.deepEqual(folds('x\n```'), []);
	});

	it('folds runs of two or more list items, quotes and links separately', () => {
		assert.deepEqual(folds('* a\n* b\n> q\n> r\n> s\n=> a\n=>b\n* c\ntext\n=> lone'), ['0-1', '2-4', '5-6']);
	});

	it('does not join runs across blank lines or other types', () => {
		assert.deepEqual(folds('* a\n\n* b\n*c\n* d'), []);
	});

	it('does not fold list-looking lines inside a block', () => {
		assert.deepEqual(folds('```\n* a\n* b\n```'), ['0-3']);
	});

	it('returns ranges sorted by start line with end after start', () => {
		const text = '# T\n* a\n* b\n## S\n```\nx\n```\n> q\n> q\n# U\n=> a\n=> b\n';
		const ranges = getFoldingRanges(parseGemtext(text));
		assert.deepEqual(ranges.map((f) => `${f.startLine}-${f.endLine}`), ['0-8', '1-2', '3-8', '4-6', '7-8', '9-11', '10-11']);
		for (let i = 0; i < ranges.length; i++) {
			assert.ok(ranges[i].endLine > ranges[i].startLine);
			if (i > 0) assert.ok(ranges[i - 1].startLine <= ranges[i].startLine);
		}
	});

	it('works with CRLF and a BOM', () => {
		assert.deepEqual(folds('\uFEFF# A\r\n* a\r\n* b\r\n\r\n'), ['0-2', '1-2']);
	});
});
