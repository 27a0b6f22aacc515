import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseGemtext } from '../../server/src/service/parser';
import { getUrlPasteEdit, pastedUrl } from '../../server/src/service/pasteLink';

/** The paste edit with the selection marked `[…]` (or a cursor `|`) in `text`. */
function paste(text: string, clipboard: string) {
	const lines = text.split('\n');
	const at = (marker: string) => {
		const line = lines.findIndex((l) => l.includes(marker));
		return { line, character: lines[line].indexOf(marker) };
	};
	if (text.includes('|')) {
		const position = at('|');
		return getUrlPasteEdit(parseGemtext(text.replace('|', '')), { start: position, end: position }, clipboard);
	}
	const start = at('[');
	const clean = text.replace('[', '');
	const endLine = clean.split('\n').findIndex((l) => l.includes(']'));
	const end = { line: endLine, character: clean.split('\n')[endLine].indexOf(']') };
	return getUrlPasteEdit(parseGemtext(clean.replace(']', '')), { start, end }, clipboard);
}

describe('pastedUrl', () => {
	it('accepts one absolute URL of a hierarchical or a known scheme, trimmed', () => {
		assert.equal(pastedUrl('  https://example.org/a?b#c\n'), 'https://example.org/a?b#c');
		assert.equal(pastedUrl('gemini://geminiprotocol.net/'), 'gemini://geminiprotocol.net/');
		assert.equal(pastedUrl('mailto:me@example.org'), 'mailto:me@example.org');
	});

	it('rejects text, several words, script schemes, host:port and drive letters', () => {
		for (const text of ['hello', 'https://a.org and more', 'javascript://x%0aalert(1)', 'data:text/html,x', 'file:///etc/passwd', 'localhost:8080', 'C:\\x', 'https://', '']) {
			assert.equal(pastedUrl(text), undefined, text);
		}
	});
});

describe('getUrlPasteEdit', () => {
	const url = 'https://example.org/';

	it('makes a selected line the label of a link line', () => {
		assert.deepEqual(paste('Intro\n[Example site]\n', url), { text: '=> https://example.org/ Example site' });
	});

	it('treats a line selected with its line break (triple click) as the line', () => {
		assert.deepEqual(getUrlPasteEdit(parseGemtext('Intro\nSite\nmore\n'), { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, url), { text: '=> https://example.org/ Site\n' });
		assert.deepEqual(getUrlPasteEdit(parseGemtext('# Site\nmore\n'), { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, url), { text: '# Site\n=> https://example.org/ Site\n' });
	});

	it('inserts a bare link line on an empty line', () => {
		assert.deepEqual(paste('Intro\n|\n', url), { text: '=> https://example.org/' });
	});

	it('keeps a selection inside a longer line and adds the link line after it', () => {
		assert.deepEqual(paste('Read [the docs] first.\n', url), { text: 'the docs', lineAfter: '=> https://example.org/ the docs' });
		assert.deepEqual(paste('* item [two]\n', url), { text: 'two', lineAfter: '=> https://example.org/ two' });
		assert.deepEqual(paste('[* whole item]\n', url), { text: '* whole item', lineAfter: '=> https://example.org/ whole item' });
	});

	it('leaves plain paste alone: not a URL, mid-line cursor, preformatted text, selections over lines', () => {
		assert.equal(paste('[word]\n', 'not a url'), undefined);
		assert.equal(paste('Some| text\n', url), undefined);
		assert.equal(paste('```\n[code]\n```\n', url), undefined);
		assert.equal(paste('```\n|\n```\n', url), undefined);
		assert.equal(paste('[one\ntwo]\n', url), undefined);
	});
});
