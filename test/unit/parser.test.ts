import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { GemLine, LineType, positionAt } from '../../server/src/service/document';
import { parseGemtext } from '../../server/src/service/parser';

function types(text: string): LineType[] {
	return parseGemtext(text).lines.map((l) => l.type);
}

function line(text: string, index = 0): GemLine {
	const l = parseGemtext(text).lines[index];
	assert.ok(l, `no line ${index}`);
	return l;
}

describe('parser: line breaks', () => {
	it('parses an empty document to no lines and one editor line', () => {
		const doc = parseGemtext('');
		assert.deepEqual(doc.lines, []);
		assert.equal(doc.lineCount, 1);
		assert.deepEqual([doc.headings.length, doc.links.length, doc.blocks.length], [0, 0, 0]);
		assert.equal(doc.hasBom, false);
	});

	it('splits LF lines and counts the empty line after a final break', () => {
		const doc = parseGemtext('a\nbc\n');
		assert.deepEqual(doc.lines.map((l) => [l.text, l.start, l.end, l.line]), [['a', 0, 1, 0], ['bc', 2, 4, 1]]);
		assert.equal(doc.lineCount, 3);
	});

	it('counts a document without a final newline as its lines', () => {
		const doc = parseGemtext('a\nb');
		assert.equal(doc.lines.length, 2);
		assert.equal(doc.lineCount, 2);
		assert.equal(doc.lines[1].text, 'b');
	});

	it('strips the CR of CRLF before classifying and keeps offsets right', () => {
		const doc = parseGemtext('# A\r\n=> u l\r\n* i\r\n');
		assert.deepEqual(doc.lines.map((l) => l.type), ['heading', 'link', 'list']);
		assert.deepEqual(doc.lines.map((l) => [l.start, l.end]), [[0, 3], [5, 11], [13, 16]]);
		assert.equal(doc.lines[0].content, 'A');
		assert.equal(doc.lines[1].label, 'l');
		assert.ok(doc.lines.every((l) => l.hasCR));
		assert.equal(doc.lineCount, 4);
	});

	it('treats a lone CR as a line break', () => {
		const doc = parseGemtext('a\rb\r\n\rc');
		assert.deepEqual(doc.lines.map((l) => l.text), ['a', 'b', '', 'c']);
		assert.deepEqual(doc.lines.map((l) => l.start), [0, 2, 5, 6]);
		assert.equal(doc.lineCount, 4);
	});

	it('handles a final lone CR and mixed breaks', () => {
		const doc = parseGemtext('x\ny\r\nz\r');
		assert.deepEqual(doc.lines.map((l) => [l.text, l.hasCR]), [['x', false], ['y', true], ['z', true]]);
		assert.equal(doc.lineCount, 4);
	});

	it('keeps a heading-looking line after CRLF a heading (CR is not content)', () => {
		assert.deepEqual(types('text\r\n#\r\n'), ['text', 'heading']);
		assert.equal(line('text\r\n#\r\n', 1).content, '');
	});
});

describe('parser: byte order mark', () => {
	it('ignores a BOM for classification but keeps it in offsets and characters', () => {
		const doc = parseGemtext('\uFEFF# Title\n=> a.gmi A\n');
		assert.equal(doc.hasBom, true);
		const h = doc.lines[0];
		assert.equal(h.type, 'heading');
		assert.equal(h.level, 1);
		assert.equal(h.content, 'Title');
		assert.equal(h.start, 0);
		assert.equal(h.contentStart, 3);
		assert.deepEqual(h.rangeOf(h.contentStart, h.end), { start: { line: 0, character: 3 }, end: { line: 0, character: 8 } });
		assert.equal(doc.lines[1].start, 9);
		assert.equal(doc.lines[1].url, 'a.gmi');
	});

	it('classifies BOM-prefixed links, toggles, lists and quotes', () => {
		assert.equal(line('\uFEFF=>u').url, 'u');
		assert.deepEqual(types('\uFEFF```sh\nx\n```'), ['preToggle', 'preText', 'preToggle']);
		assert.equal(line('\uFEFF```sh').alt, 'sh');
		assert.equal(line('\uFEFF* i').content, 'i');
		assert.equal(line('\uFEFF>q').content, 'q');
	});

	it('starts the content of a BOM-prefixed text line after the BOM', () => {
		const l = line('\uFEFFhello');
		assert.equal(l.type, 'text');
		assert.equal(l.contentStart, 1);
		assert.equal(l.content, 'hello');
		assert.equal(l.text, '\uFEFFhello');
	});

	it('treats a BOM only on the first line', () => {
		assert.deepEqual(types('a\n\uFEFF# b'), ['text', 'text']);
		assert.equal(parseGemtext('\uFEFF').lines.length, 1);
		assert.equal(parseGemtext('\uFEFF').lines[0].type, 'text');
	});
});

describe('parser: links', () => {
	it('parses URL and label with ranges', () => {
		const l = line('=> gemini://example.org/ An example');
		assert.equal(l.type, 'link');
		assert.equal(l.url, 'gemini://example.org/');
		assert.equal(l.label, 'An example');
		assert.deepEqual(l.rangeOf(l.contentStart, l.urlEnd), { start: { line: 0, character: 3 }, end: { line: 0, character: 24 } });
		assert.deepEqual(l.rangeOf(l.labelStart, l.end), { start: { line: 0, character: 25 }, end: { line: 0, character: 35 } });
	});

	it('accepts =>url without a space', () => {
		const l = line('=>foo.gmi Foo');
		assert.equal(l.type, 'link');
		assert.equal(l.url, 'foo.gmi');
		assert.equal(l.contentStart, 2);
		assert.equal(l.label, 'Foo');
	});

	it('accepts tabs as separators', () => {
		const l = line('=>\tfoo.gmi\t\tThe  label\t');
		assert.equal(l.url, 'foo.gmi');
		assert.equal(l.contentStart, 3);
		assert.equal(l.urlEnd, 10);
		assert.equal(l.labelStart, 12);
		assert.equal(l.label, 'The  label');
	});

	it('keeps runs of whitespace inside the label and trims its end', () => {
		const l = line('=> u   a   b   ');
		assert.equal(l.label, 'a   b');
		assert.equal(l.labelStart, 7);
	});

	it('has no label when only the URL is given', () => {
		const l = line('=> foo.gmi');
		assert.equal(l.label, '');
		assert.equal(l.labelStart, l.end);
		const trailing = line('=> foo.gmi   ');
		assert.equal(trailing.url, 'foo.gmi');
		assert.equal(trailing.label, '');
	});

	it('parses a bare => as a link without URL', () => {
		const l = line('=>');
		assert.equal(l.type, 'link');
		assert.equal(l.url, '');
		assert.equal(l.label, '');
		assert.deepEqual([l.contentStart, l.urlEnd, l.labelStart, l.end], [2, 2, 2, 2]);
	});

	it('parses "=> " with only spaces as a link without URL', () => {
		const l = line('=>    ');
		assert.equal(l.type, 'link');
		assert.equal(l.url, '');
		assert.equal(l.label, '');
		assert.equal(l.contentStart, 6);
	});

	it('requires both characters of the marker', () => {
		assert.deepEqual(types('=\n= >x\n>=x'), ['text', 'text', 'quote']);
	});

	it('indexes links in order', () => {
		const doc = parseGemtext('=> a\ntext\n=>b');
		assert.deepEqual(doc.links.map((l) => l.url), ['a', 'b']);
	});
});

describe('parser: headings', () => {
	it('reads levels 1 to 3 with and without whitespace', () => {
		const doc = parseGemtext('#x\n## Two\n###\tThree\n# ');
		assert.deepEqual(doc.lines.map((l) => [l.type, l.level, l.content]), [
			['heading', 1, 'x'],
			['heading', 2, 'Two'],
			['heading', 3, 'Three'],
			['heading', 1, ''],
		]);
		assert.equal(doc.headings.length, 4);
	});

	it('parses ####x as a level-3 heading whose text is #x', () => {
		const l = line('####x');
		assert.equal(l.type, 'heading');
		assert.equal(l.level, 3);
		assert.equal(l.content, '#x');
		assert.equal(l.contentStart, 3);
	});

	it('parses a lone # as an empty level-1 heading', () => {
		const l = line('#');
		assert.deepEqual([l.type, l.level, l.content, l.contentStart], ['heading', 1, '', 1]);
	});

	it('keeps trailing whitespace in the raw content', () => {
		assert.equal(line('## Title  ').content, 'Title  ');
	});
});

describe('parser: lists and quotes', () => {
	it('needs exactly "* " for a list item', () => {
		assert.deepEqual(types('* x\n*x\n**x\n*\tx\n*\n* '), ['list', 'text', 'text', 'text', 'text', 'list']);
		assert.equal(line('* x').content, 'x');
		assert.equal(line('* ').content, '');
		assert.equal(line('*  two spaces').content, ' two spaces');
	});

	it('parses quotes with or without a space', () => {
		assert.deepEqual(types('>x\n> y\n>'), ['quote', 'quote', 'quote']);
		assert.equal(line('>x').content, 'x');
		assert.equal(line('> y').content, 'y');
		assert.equal(line('>\t y').contentStart, 3);
		assert.equal(line('>').content, '');
	});
});

describe('parser: leading whitespace', () => {
	it('makes every marker after whitespace a text line', () => {
		assert.deepEqual(types(' # x\n\t=> x\n * x\n > x\n ```\n'), ['text', 'text', 'text', 'text', 'text']);
		assert.equal(parseGemtext(' ```\n# h').blocks.length, 0);
	});

	it('keeps text lines starting at the line start', () => {
		const l = line('  indented');
		assert.equal(l.contentStart, 0);
		assert.equal(l.content, '  indented');
	});
});

describe('parser: preformatted blocks', () => {
	it('reads alt text on the opening toggle and records the block', () => {
		const doc = parseGemtext('```python  \nprint(1)\n```\n');
		assert.deepEqual(doc.lines.map((l) => l.type), ['preToggle', 'preText', 'preToggle']);
		assert.equal(doc.lines[0].opening, true);
		assert.equal(doc.lines[0].alt, 'python');
		assert.equal(doc.lines[2].opening, false);
		assert.deepEqual(doc.blocks, [{ openLine: 0, closeLine: 2, alt: 'python' }]);
	});

	it('ignores text after a closing toggle', () => {
		const doc = parseGemtext('```\nx\n``` not alt\n# after');
		assert.equal(doc.lines[2].type, 'preToggle');
		assert.equal(doc.lines[2].alt, '');
		assert.deepEqual(doc.blocks, [{ openLine: 0, closeLine: 2, alt: '' }]);
		assert.equal(doc.lines[3].type, 'heading');
	});

	it('toggles on four or more backticks, not on two', () => {
		assert.deepEqual(types('````\nx\n`````\n``\n'), ['preToggle', 'preText', 'preToggle', 'text']);
		assert.equal(line('````js').alt, '`js');
	});

	it('runs an unclosed block to the end of the file', () => {
		const doc = parseGemtext('text\n```ascii art\n# not a heading\n=> not-a-link\n* not a list');
		assert.deepEqual(doc.lines.map((l) => l.type), ['text', 'preToggle', 'preText', 'preText', 'preText']);
		assert.deepEqual(doc.blocks, [{ openLine: 1, closeLine: -1, alt: 'ascii art' }]);
		assert.deepEqual([doc.headings.length, doc.links.length], [0, 0]);
	});

	it('types headings, links, lists and quotes inside a block as preText', () => {
		const doc = parseGemtext('# in\n```\n# h\n=> l\n* i\n> q\n ```\n```\n=> out');
		assert.deepEqual(doc.lines.map((l) => l.type), ['heading', 'preToggle', 'preText', 'preText', 'preText', 'preText', 'preText', 'preToggle', 'link']);
		assert.deepEqual(doc.headings.map((h) => h.line), [0]);
		assert.deepEqual(doc.links.map((l) => l.line), [8]);
		assert.deepEqual(doc.blocks, [{ openLine: 1, closeLine: 7, alt: '' }]);
	});

	it('reports several blocks in order', () => {
		const doc = parseGemtext('```a\n```\ntext\n```b\nx\n```');
		assert.deepEqual(doc.blocks, [{ openLine: 0, closeLine: 1, alt: 'a' }, { openLine: 3, closeLine: 5, alt: 'b' }]);
	});

	it('keeps preformatted lines verbatim', () => {
		const l = line('```\n  \tcode  ', 1);
		assert.equal(l.type, 'preText');
		assert.equal(l.text, '  \tcode  ');
		assert.equal(l.contentStart, l.start);
	});
});

describe('parser: lineCount and positions', () => {
	it('counts lines as an editor does', () => {
		assert.equal(parseGemtext('a').lineCount, 1);
		assert.equal(parseGemtext('a\n').lineCount, 2);
		assert.equal(parseGemtext('\n').lineCount, 2);
		assert.equal(parseGemtext('\r\n\r\n').lineCount, 3);
		assert.equal(parseGemtext('a\r').lineCount, 2);
	});

	it('maps offsets back to positions', () => {
		const doc = parseGemtext('ab\r\ncd\n');
		assert.deepEqual(positionAt(doc, 0), { line: 0, character: 0 });
		assert.deepEqual(positionAt(doc, 2), { line: 0, character: 2 });
		assert.deepEqual(positionAt(doc, 5), { line: 1, character: 1 });
	});
});

describe('parseGemtext: row storage', () => {
	it('documents parsed one after another never share or overwrite rows, small or large', () => {
		const texts: string[] = [];
		for (let i = 0; i < 400; i++) {
			// Sizes from a few lines to past the shared-slab limit, interleaved.
			const lines = (i * 37) % 1500 + 1;
			texts.push(Array.from({ length: lines }, (_, n) => (n % 3 === 0 ? `# h${i}.${n}` : n % 3 === 1 ? `=> u${i}/${n} l` : `t${i}`)).join('\n') + '\n');
		}
		const docs = texts.map(parseGemtext);
		docs.forEach((doc, i) => {
			const expected = texts[i].split('\n').slice(0, -1);
			assert.equal(doc.lines.length, expected.length);
			assert.deepEqual(doc.lines.map((l) => l.text), expected);
			assert.deepEqual(doc.lines.map((l) => l.type), expected.map((t) => (t.startsWith('#') ? 'heading' : t.startsWith('=>') ? 'link' : 'text')));
			assert.equal(doc.links.every((l) => l.url.startsWith(`u${i}/`)), true);
		});
	});
});

describe('GemLine.markerStart', () => {
	it('is the line start, after a byte order mark on line 0', () => {
		const doc = parseGemtext('\uFEFF# A\n## B\n');
		assert.deepEqual(doc.lines.map((l) => l.markerStart), [1, 5]);
		assert.deepEqual(parseGemtext('# A\n').lines.map((l) => l.markerStart), [0]);
	});
});
