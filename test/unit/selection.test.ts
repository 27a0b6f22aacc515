import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Range } from '../../server/src/service/document';
import { parseGemtext } from '../../server/src/service/parser';
import { getSelectionRanges } from '../../server/src/service/selection';
import type { SelectionRange } from '../../server/src/service/types';

/** The chain for one position, innermost first, as `l:c-l:c` strings. */
function chain(text: string, line: number, character: number): string[] {
	const [result] = getSelectionRanges(parseGemtext(text), [{ line, character }]);
	const out: string[] = [];
	for (let s: SelectionRange | undefined = result; s; s = s.parent) {
		out.push(fmt(s.range));
	}
	return out;
}

function fmt(r: Range): string {
	return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function strictlyContains(outer: Range, inner: Range): boolean {
	const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
	return le(outer.start, inner.start) && le(inner.end, outer.end) && fmt(outer) !== fmt(inner);
}

describe('selection ranges', () => {
	const doc = '# Title\nintro text\n\n## Links\n=> gemini://a.example/ First link\n=> b.gmi\n\n## Code\n```sh\necho hi\nls\n```\n* one\n* two\n';

	it('expands a link URL to content, line, link run, section, parent section, document', () => {
		assert.deepEqual(chain(doc, 4, 5), ['4:3-4:22', '4:3-4:33', '4:0-4:33', '4:0-5:8', '3:0-6:0', '0:0-14:0']);
	});

	it('expands a link label to the label first', () => {
		assert.deepEqual(chain(doc, 4, 25), ['4:23-4:33', '4:3-4:33', '4:0-4:33', '4:0-5:8', '3:0-6:0', '0:0-14:0']);
	});

	it('skips a content range equal to the URL', () => {
		assert.deepEqual(chain(doc, 5, 4), ['5:3-5:8', '5:0-5:8', '4:0-5:8', '3:0-6:0', '0:0-14:0']);
	});

	it('selects the heading text, the heading line, then the section', () => {
		assert.deepEqual(chain(doc, 3, 4), ['3:3-3:8', '3:0-3:8', '3:0-6:0', '0:0-14:0']);
	});

	it('goes from preformatted line to block body to block with toggles', () => {
		assert.deepEqual(chain(doc, 9, 2), ['9:0-9:7', '9:0-10:2', '8:0-11:3', '7:0-14:0', '0:0-14:0']);
	});

	it('selects the alt text and then the whole block on a toggle', () => {
		assert.deepEqual(chain(doc, 8, 4), ['8:3-8:5', '8:0-8:5', '8:0-11:3', '7:0-14:0', '0:0-14:0']);
		assert.deepEqual(chain(doc, 11, 1), ['11:0-11:3', '8:0-11:3', '7:0-14:0', '0:0-14:0']);
	});

	it('selects list item text, the item, the list, then sections', () => {
		assert.deepEqual(chain(doc, 12, 3), ['12:2-12:5', '12:0-12:5', '12:0-13:5', '7:0-14:0', '0:0-14:0']);
	});

	it('selects a text line without a block', () => {
		assert.deepEqual(chain(doc, 1, 2), ['1:0-1:10', '0:0-14:0']);
	});

	it('skips the content range when the cursor is on a marker', () => {
		assert.deepEqual(chain('> quoted\n> more', 0, 0), ['0:0-0:8', '0:0-1:6']);
		assert.deepEqual(chain('> quoted\n> more', 0, 4), ['0:2-0:8', '0:0-0:8', '0:0-1:6']);
	});

	it('trims whitespace around text content', () => {
		assert.deepEqual(chain('a\n  indented  \nb', 1, 4), ['1:2-1:10', '1:0-1:12', '0:0-2:1']);
	});

	it('handles a blank line and the line after a final break', () => {
		assert.deepEqual(chain(doc, 2, 0), ['2:0-2:0', '0:0-14:0'], 'the Title section is the whole document');
		assert.deepEqual(chain(doc, 14, 0), ['7:0-14:0', '0:0-14:0']);
		assert.deepEqual(chain(doc, 99, 0), ['7:0-14:0', '0:0-14:0']);
	});

	it('handles an empty document', () => {
		assert.deepEqual(chain('', 0, 0), ['0:0-0:0']);
	});

	it('runs an unclosed block to the last line', () => {
		assert.deepEqual(chain('x\n```\na\nb', 2, 0), ['2:0-2:1', '2:0-3:1', '1:0-3:1', '0:0-3:1']);
	});

	it('nests a skipped level inside its parent section', () => {
		assert.deepEqual(chain('# A\n### B\nt\n## C\nu', 2, 0), ['2:0-2:1', '1:0-2:1', '0:0-4:1']);
	});

	it('returns one chain per position, each strictly nested', () => {
		const parsed = parseGemtext(doc);
		const positions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((line) => ({ line, character: 1 }));
		const results = getSelectionRanges(parsed, positions);
		assert.equal(results.length, positions.length);
		for (const result of results) {
			for (let s: SelectionRange = result; s.parent; s = s.parent) {
				assert.ok(strictlyContains(s.parent.range, s.range), `${fmt(s.parent.range)} ⊋ ${fmt(s.range)}`);
			}
		}
	});

	it('counts a BOM in characters on line 0', () => {
		assert.deepEqual(chain('\uFEFFplain\nx', 0, 2), ['0:1-0:6', '0:0-0:6', '0:0-1:1']);
	});
});
