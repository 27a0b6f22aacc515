// The contenders. Each `parse` returns something whose size we fold into a checksum, so no
// engine can drop the work; each `note` says what the function builds.
//
// Peers (exact-pinned devDependencies), parse step only:
// - dioscuri 1.3.0 (ESM): `parser()(doc, encoding, end)` → concrete token stream with line/column/offset
//   points; `fromGemtext(doc)` → gast tree with positions (runs the same tokenizer, then builds the tree).
// - gemtext 0.2.2 (CJS): `parse(source)` → ParseResult (plain objects; rendering is a separate `generate`).
// - gemini-to-html 2.2.0 (CJS): `parse.js` → token array (rendering is the separate `render.js`).
import { fromGemtext, parser as dioscuriTokenizer } from 'dioscuri';
import gemtextLib from 'gemtext';
import geminiToHtmlParse from 'gemini-to-html/parse.js';

/** The practical limit: find every line break, build nothing. */
export function newlineScan(text) {
	let n = 0;
	let p = text.indexOf('\n');
	while (p !== -1) {
		n++;
		p = text.indexOf('\n', p + 1);
	}
	return n;
}

/**
 * `parse` returns the contender's whole result; `size` folds it into a number for the checksum.
 * @param {(text: string) => import('../../server/src/service/document').GemDocument} parseGemtext
 */
export function contenders(parseGemtext) {
	return [
		{
			name: 'ours (parseGemtext)',
			ours: true,
			note: 'GemDocument: one GemLine per line (type, offsets; range/text getters), headings/links/blocks indexes',
			parse: parseGemtext,
			size: (doc) => doc.lines.length,
		},
		{
			name: 'dioscuri parser()',
			note: 'token stream (CST) with line/column/offset points',
			parse: (t) => dioscuriTokenizer()(t, undefined, true),
			size: (tokens) => tokens.length,
		},
		{
			name: 'dioscuri fromGemtext',
			note: 'gast tree with positions (tokenizer + tree)',
			parse: fromGemtext,
			size: (root) => root.children.length,
		},
		{
			name: 'gemtext parse',
			note: 'array of plain line/block objects, no positions',
			parse: (t) => gemtextLib.parse(t),
			size: (result) => result.data.length,
		},
		{
			name: 'gemini-to-html parse',
			note: 'array of token objects, no positions',
			parse: geminiToHtmlParse,
			size: (tokens) => tokens.length,
		},
		{
			name: 'bare newline scan',
			baseline: true,
			note: "indexOf('\\n') loop, builds nothing",
			parse: newlineScan,
			size: (n) => n,
		},
	];
}
