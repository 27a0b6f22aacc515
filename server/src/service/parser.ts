import { GemDocument, GemLine, LINE_STRIDE, LineTable, PreBlock } from './document';

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const HASH = 35;
const STAR = 42;
const EQUALS = 61;
const GT = 62;
const BACKTICK = 96;
const BOM = 0xfeff;

// Line type codes of a row's info field (see LINE_TYPE_CODE in document.ts).
const T_TEXT = 0;
const T_LINK = 1;
const T_HEADING = 2;
const T_LIST = 3;
const T_QUOTE = 4;
const T_TOGGLE = 5;
const T_PRE = 6;
const OPENING = 32;

/**
 * Parses Gemtext in one pass over char codes, exactly as the specification says
 * (see docs/gemtext.md, "The format"): a line's type is decided by its first characters, the only
 * state is the preformatted flag.
 *
 * Line breaks are LF, CRLF, and (as editors count them) a lone CR. A BOM on the
 * first line is skipped for classification but kept in offsets.
 *
 * Speed (`npm run bench` measures it): line ends and link URL ends are found with `indexOf`
 * (native scans) rather than char by char. The searches for CR, space and tab keep their
 * result until the scan passes it, so each goes through the text at most once, however
 * few of those characters there are. Per line the parser then reads one to three char
 * codes, writes one row of the document's packed {@link LineTable} and allocates one
 * two-field `GemLine` view of it (small objects keep the garbage collector's copying cheap).
 *
 * @example parseGemtext('# Title\n=>a.gmi A\n').lines.map(l => l.type) // ['heading', 'link']
 */
export function parseGemtext(text: string): GemDocument {
	const lines: GemLine[] = [];
	const headings: GemLine[] = [];
	const links: GemLine[] = [];
	const blocks: PreBlock[] = [];
	const len = text.length;
	const hasBom = len > 0 && text.charCodeAt(0) === BOM;
	// Next CR, space and tab at or after the scan position (-1: none left). Each is searched
	// again only once the scan has passed it.
	let nextCR = text.indexOf('\r');
	let nextSpace = 0;
	let nextTab = 0;
	let pos = 0;
	let lineNo = 0;
	let pre = false;
	let openLine = -1;
	let openAlt = '';
	// Rows grow by doubling; a first guess of one line per 32 characters fits most prose.
	let capacity = (len >> 5) + 16;
	let rows = allocateRows(capacity * LINE_STRIDE);
	const table = new LineTable(text, rows);

	while (pos < len) {
		const nl = text.indexOf('\n', pos);
		let end = nl === -1 ? len : nl;
		let next = nl === -1 ? len : nl + 1;
		if (nextCR !== -1 && nextCR < pos) {
			nextCR = text.indexOf('\r', pos);
		}
		if (nextCR !== -1 && nextCR < end) {
			// CRLF, or a lone CR that editors treat as a line break too.
			end = nextCR;
			next = nextCR + 1 < len && text.charCodeAt(nextCR + 1) === LF ? nextCR + 2 : nextCR + 1;
			nextCR = text.indexOf('\r', next);
		}

		const s = pos === 0 && hasBom ? 1 : pos;
		const c = s < end ? text.charCodeAt(s) : -1;
		let type = T_TEXT;
		let contentStart = s;
		let urlEnd = 0;
		let labelStart = 0;
		let level = 0;
		let opening = 0;

		if (c === BACKTICK && s + 3 <= end && text.charCodeAt(s + 1) === BACKTICK && text.charCodeAt(s + 2) === BACKTICK) {
			type = T_TOGGLE;
			contentStart = s + 3;
			if (pre) {
				blocks.push({ openLine, closeLine: lineNo, alt: openAlt });
				pre = false;
			} else {
				opening = OPENING;
				pre = true;
				openLine = lineNo;
				openAlt = text.slice(contentStart, end).trim();
			}
		} else if (pre) {
			type = T_PRE;
		} else if (c < HASH || c > GT) {
			// Most lines: blank, or starting with a letter. No marker starts outside '#'…'>'.
		} else if (c === EQUALS && s + 1 < end && text.charCodeAt(s + 1) === GT) {
			type = T_LINK;
			let p = skipBlanks(text, s + 2, end);
			contentStart = p;
			// The URL runs to the first space or tab.
			if (p < end) {
				if (nextSpace !== -1 && nextSpace < p) nextSpace = text.indexOf(' ', p);
				if (nextTab !== -1 && nextTab < p) nextTab = text.indexOf('\t', p);
				p = nextSpace !== -1 && nextSpace < end ? nextSpace : end;
				if (nextTab !== -1 && nextTab < p) p = nextTab;
			}
			urlEnd = p;
			labelStart = skipBlanks(text, p, end);
		} else if (c === HASH) {
			level = 1;
			if (s + 1 < end && text.charCodeAt(s + 1) === HASH) {
				level = s + 2 < end && text.charCodeAt(s + 2) === HASH ? 3 : 2;
			}
			type = T_HEADING;
			contentStart = skipBlanks(text, s + level, end);
		} else if (c === STAR && s + 1 < end && text.charCodeAt(s + 1) === SPACE) {
			type = T_LIST;
			contentStart = s + 2;
		} else if (c === GT) {
			type = T_QUOTE;
			contentStart = skipBlanks(text, s + 1, end);
		}

		if (lineNo === capacity) {
			capacity *= 2;
			const grown = allocateRows(capacity * LINE_STRIDE);
			grown.set(rows);
			table.rows = rows = grown;
		}
		// Field order of LineField: start, end, contentStart, urlEnd, labelStart, info.
		const r = lineNo * LINE_STRIDE;
		rows[r] = pos;
		rows[r + 1] = end;
		rows[r + 2] = contentStart;
		rows[r + 3] = urlEnd;
		rows[r + 4] = labelStart;
		rows[r + 5] = type | (level << 3) | opening;
		const line = new GemLine(table, lineNo);
		lines.push(line);
		if (type === T_HEADING) {
			headings.push(line);
		} else if (type === T_LINK) {
			links.push(line);
		}
		lineNo++;
		pos = next;
	}

	if (pre) {
		blocks.push({ openLine, closeLine: -1, alt: openAlt });
	}
	table.rows = keepRows(rows, lineNo * LINE_STRIDE);

	const last = len > 0 ? text.charCodeAt(len - 1) : -1;
	const endsWithBreak = last === LF || last === CR;
	return {
		text,
		lines,
		headings,
		links,
		blocks,
		hasBom,
		lineCount: lines.length + (endsWithBreak || len === 0 ? 1 : 0),
	};
}

// Row storage for small documents comes from shared slabs: a typed array of its own costs
// several microseconds to allocate (an off-heap backing store), more than parsing a small
// document takes. A slab stays alive while any document cut from it does; the parse cache
// and open documents are what keep documents alive, so that is a few slabs at most.
const SLAB_INTS = 1 << 14;
let slab = new Int32Array(SLAB_INTS);
let slabUsed = 0;

/** Room for `ints` row fields: a slice of the current slab, or its own array when large. */
function allocateRows(ints: number): Int32Array {
	if (ints > SLAB_INTS >> 2) {
		return new Int32Array(ints);
	}
	if (slabUsed + ints > SLAB_INTS) {
		slab = new Int32Array(SLAB_INTS);
		slabUsed = 0;
	}
	const rows = slab.subarray(slabUsed, slabUsed + ints);
	slabUsed += ints;
	return rows;
}

/** The first `used` fields of `rows`; the rest goes back to the slab when it was the last slice cut. */
function keepRows(rows: Int32Array, used: number): Int32Array {
	if (rows.buffer === slab.buffer && rows.byteOffset / Int32Array.BYTES_PER_ELEMENT + rows.length === slabUsed) {
		slabUsed -= rows.length - used;
	}
	return rows.subarray(0, used);
}

/** The first offset at or after `p` (and before `end`) that is not a space or tab. */
function skipBlanks(text: string, p: number, end: number): number {
	while (p < end) {
		const c = text.charCodeAt(p);
		if (c !== SPACE && c !== TAB) break;
		p++;
	}
	return p;
}
