import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getOutline, getSections } from '../../server/src/service/outline';
import { parseGemtext } from '../../server/src/service/parser';
import type { OutlineSymbol } from '../../server/src/service/types';

function outline(text: string): OutlineSymbol[] {
	return getOutline(parseGemtext(text));
}

/** `name(level)[children]` for a compact tree comparison. */
function shape(symbols: readonly OutlineSymbol[]): string {
	return symbols.map((s) => `${s.name}(${s.level})${s.children.length ? `[${shape(s.children)}]` : ''}`).join(' ');
}

function r(sl: number, sc: number, el: number, ec: number) {
	return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

describe('outline', () => {
	it('is empty for a document without headings', () => {
		assert.deepEqual(outline(''), []);
		assert.deepEqual(outline('text\n* item\n'), []);
	});

	it('nests h1 > h2 > h3', () => {
		assert.equal(shape(outline('# A\n## B\n### C\n## D\n# E\n')), 'A(1)[B(2)[C(3)] D(2)] E(1)');
	});

	it('nests a skipped level under the nearest higher heading', () => {
		assert.equal(shape(outline('# A\n### B\n## C\n### D')), 'A(1)[B(3) C(2)[D(3)]]');
	});

	it('makes headings before any higher-level heading roots', () => {
		assert.equal(shape(outline('### x\n## y\n# z\n## w')), 'x(3) y(2) z(1)[w(2)]');
	});

	it('spans each section to the line before the next heading of the same or higher level', () => {
		const [a, e] = outline('# A\ntext\n## B\nb\n\n### C\n## D\n# E\nlast');
		assert.deepEqual(a.range, r(0, 0, 6, 4));
		assert.deepEqual(a.children[0].range, r(2, 0, 5, 5), 'B ends on the line before D, C included');
		assert.deepEqual(a.children[0].children[0].range, r(5, 0, 5, 5), 'C is only its heading');
		assert.deepEqual(a.children[1].range, r(6, 0, 6, 4));
		assert.deepEqual(e.range, r(7, 0, 8, 4));
	});

	it('keeps trailing blank lines in a section (like the Markdown outline)', () => {
		const [a] = outline('# A\ntext\n\n\n# B');
		assert.deepEqual(a.range, r(0, 0, 3, 0));
	});

	it('runs the last section to the end of the document, including the line after a final break', () => {
		assert.deepEqual(outline('# A\nx\n')[0].range, r(0, 0, 2, 0));
		assert.deepEqual(outline('# A\nxyz')[0].range, r(0, 0, 1, 3));
		assert.deepEqual(outline('# A')[0].range, r(0, 0, 0, 3));
	});

	it('selects the trimmed heading text', () => {
		const [s] = outline('##   Spaced title  \n');
		assert.equal(s.name, 'Spaced title');
		assert.deepEqual(s.selectionRange, r(0, 5, 0, 17));
		assert.deepEqual(outline('#Tight')[0].selectionRange, r(0, 1, 0, 6));
	});

	it('names an empty heading by its marker and selects the marker', () => {
		const roots = outline('#\n##   \n');
		assert.equal(roots.length, 1);
		const [a] = roots;
		assert.equal(a.name, '#');
		assert.deepEqual(a.selectionRange, r(0, 0, 0, 1));
		assert.equal(a.children.length, 1);
		assert.equal(a.children[0].name, '##');
		assert.deepEqual(a.children[0].selectionRange, r(1, 0, 1, 2));
	});

	it('names ####x by its text #x', () => {
		const [s] = outline('####x');
		assert.equal(s.name, '#x');
		assert.equal(s.level, 3);
		assert.deepEqual(s.selectionRange, r(0, 3, 0, 5));
	});

	it('ignores heading-looking lines inside preformatted blocks', () => {
		assert.equal(shape(outline('# A\n```\n# not\n## not\n```\n## B')), 'A(1)[B(2)]');
		assert.equal(shape(outline('```\n# not')), '');
	});

	it('counts a BOM in the characters of line 0', () => {
		const [s] = outline('\uFEFF# Title\nx');
		assert.equal(s.name, 'Title');
		assert.deepEqual(s.selectionRange, r(0, 3, 0, 8));
		assert.deepEqual(s.range, r(0, 0, 1, 1));
		const [empty] = outline('\uFEFF#');
		assert.deepEqual(empty.selectionRange, r(0, 1, 0, 2));
	});

	it('works with CRLF line breaks', () => {
		const [a] = outline('# A\r\nx\r\n## B\r\ny\r\n');
		assert.deepEqual(a.range, r(0, 0, 4, 0));
		assert.deepEqual(a.children[0].range, r(2, 0, 4, 0));
		assert.deepEqual(a.children[0].selectionRange, r(2, 3, 2, 4));
	});

	it('keeps each selectionRange inside its range', () => {
		const all: OutlineSymbol[] = [];
		const walk = (list: readonly OutlineSymbol[]) => list.forEach((s) => (all.push(s), walk(s.children)));
		walk(outline('# A\n##\n### C\n#  \n'));
		assert.equal(all.length, 4);
		for (const s of all) {
			assert.ok(s.selectionRange.start.line === s.range.start.line && s.selectionRange.end.line <= s.range.end.line, s.name);
		}
	});
});

describe('getSections', () => {
	it('links parents and section ends', () => {
		const sections = getSections(parseGemtext('## a\n# b\n### c\n## d\ntext'));
		assert.deepEqual(sections.map((s) => [s.heading.line, s.parent, s.endLine]), [[0, -1, 0], [1, -1, 4], [2, 1, 2], [3, 1, 4]]);
	});
});
