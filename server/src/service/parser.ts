import { GemDocument, GemLine, LINE_STRIDE, LineField, LineTable, PreBlock, type TextChange } from './document';

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

// Line type codes of a row's info field: indexes into LINE_TYPES of document.ts, in its order.
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
	let rows = rowAllocator.allocate(capacity * LINE_STRIDE);
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
			const grown = rowAllocator.allocate(capacity * LINE_STRIDE);
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
	table.rows = rowAllocator.keep(rows, lineNo * LINE_STRIDE);

	const last = len > 0 ? text.charCodeAt(len - 1) : -1;
	const endsWithBreak = last === LF || last === CR;
	return new ParsedDocument(text, lines, headings, links, blocks, hasBom, lines.length + (endsWithBreak || len === 0 ? 1 : 0));
}

/** A full parse's result: plain fields (two parses of one text are deep-equal), `lineAt` on the prototype. */
class ParsedDocument implements GemDocument {
	constructor(
		readonly text: string,
		readonly lines: readonly GemLine[],
		readonly headings: readonly GemLine[],
		readonly links: readonly GemLine[],
		readonly blocks: readonly PreBlock[],
		readonly hasBom: boolean,
		readonly lineCount: number,
	) {}

	lineAt(line: number): GemLine | undefined {
		return this.lines[line];
	}
}

const SLAB_INTS = 1 << 14;

/**
 * Where parsed documents' rows live. A typed array of its own costs several microseconds to
 * allocate (an off-heap backing store), more than parsing a small document takes, so small
 * documents get slices of shared slabs instead; large ones get their own array. A slab stays alive
 * while any document cut from it does; the parse cache and open documents are what keep documents
 * alive, so that is a few slabs at most. The only state is the slab being cut and how much of it is
 * used: one allocator serves every parse of a process ({@link rowAllocator}), which is safe because
 * a parse never yields mid-way.
 */
export class RowAllocator {
	#slab = new Int32Array(SLAB_INTS);
	#used = 0;

	/** Room for `ints` row fields: a slice of the current slab, or its own array when large. */
	allocate(ints: number): Int32Array {
		if (ints > SLAB_INTS >> 2) {
			return new Int32Array(ints);
		}
		if (this.#used + ints > SLAB_INTS) {
			this.#slab = new Int32Array(SLAB_INTS);
			this.#used = 0;
		}
		const rows = this.#slab.subarray(this.#used, this.#used + ints);
		this.#used += ints;
		return rows;
	}

	/** The first `used` fields of `rows`; the rest goes back to the slab when it was the last slice cut. */
	keep(rows: Int32Array, used: number): Int32Array {
		if (rows.buffer === this.#slab.buffer && rows.byteOffset / Int32Array.BYTES_PER_ELEMENT + rows.length === this.#used) {
			this.#used -= rows.length - used;
		}
		return rows.subarray(0, used);
	}
}

/** The allocator of every parse in this process (see {@link RowAllocator}). */
const rowAllocator = new RowAllocator();

/** The first offset at or after `p` (and before `end`) that is not a space or tab. */
function skipBlanks(text: string, p: number, end: number): number {
	while (p < end) {
		const c = text.charCodeAt(p);
		if (c !== SPACE && c !== TAB) break;
		p++;
	}
	return p;
}

/**
 * The parse of `text`, a later version of `old`'s text in which only `changes` happened,
 * reusing `old` for everything the changes cannot have touched. The result is identical to
 * `parseGemtext(text)` (a property test compares them over random edit sequences).
 *
 * How: around each change, lines are re-parsed from the one holding the character before it
 * (a `\r\n` can join or split there) to the first old line that starts after the change and
 * after an unchanged character (changes whose lines meet are re-parsed as one region). The old
 * rows between regions are copied (a typed-array copy) and their offsets shifted by the length
 * the changes before them added, in one pass (eagerly: about a millisecond for 200,000 lines,
 * and no per-access cost afterwards). When a change opened or closed a ``` block, every later
 * line changes type, so the rest of the document is re-parsed.
 *
 * The result's `lines`, `headings`, `links` and `blocks` are built from the rows when first
 * read, so a request that needs only headings (the outline) allocates no object per line.
 */
export function reparseGemtext(old: GemDocument, text: string, changes: readonly TextChange[]): GemDocument {
	if (!fits(changes, old.text.length, text.length)) {
		return parseGemtext(text);
	}
	const oldRows = rowsOf(old);
	const oldTotal = oldRows.length / LINE_STRIDE;
	// Old rows to copy ([from, to) and the shift of their offsets) and new rows, in order.
	const pieces: { readonly rows: Int32Array; readonly shift: number }[] = [];
	let cursor = 0;
	let shift = 0;
	for (let k = 0; k < changes.length; ) {
		const first = oldTotal === 0 ? 0 : lineHolding(oldRows, oldTotal, Math.max(0, changes[k].oldStart - 1));
		// Changes whose regions meet make one region.
		let last = k;
		let resume = firstLineFrom(oldRows, oldTotal, changes[last].oldEnd + 1);
		while (last + 1 < changes.length && (resume === oldTotal || lineHolding(oldRows, oldTotal, Math.max(0, changes[last + 1].oldStart - 1)) < resume)) {
			last++;
			resume = firstLineFrom(oldRows, oldTotal, changes[last].oldEnd + 1);
		}
		pieces.push({ rows: oldRows.subarray(cursor * LINE_STRIDE, first * LINE_STRIDE), shift });
		const from = oldTotal === 0 ? 0 : oldRows[first * LINE_STRIDE + LineField.Start] + shift;
		const preBefore = first > 0 && preAfter(oldRows, first - 1);
		shift = changes[last].newEnd - changes[last].oldEnd;
		let region = parseRegion(text, from, resume < oldTotal ? oldRows[resume * LINE_STRIDE + LineField.Start] + shift : text.length, preBefore);
		if (resume < oldTotal && region.preAfter !== preAfter(oldRows, resume - 1)) {
			// A ``` block opened or closed: every later line changes type.
			region = parseRegion(text, from, text.length, preBefore);
			resume = oldTotal;
			last = changes.length;
		}
		pieces.push({ rows: region.rows, shift: 0 });
		cursor = resume;
		k = last + 1;
	}
	pieces.push({ rows: oldRows.subarray(cursor * LINE_STRIDE), shift });

	let size = 0;
	for (const piece of pieces) size += piece.rows.length;
	const rows = new Int32Array(size);
	let at = 0;
	for (const piece of pieces) {
		rows.set(piece.rows, at);
		if (piece.shift !== 0) {
			shiftRows(rows, at, at + piece.rows.length, piece.shift);
		}
		at += piece.rows.length;
	}
	const len = text.length;
	const last = len > 0 ? text.charCodeAt(len - 1) : -1;
	return new RowsDocument(text, new LineTable(text, rows), len > 0 && text.charCodeAt(0) === BOM, size / LINE_STRIDE + (last === LF || last === CR || len === 0 ? 1 : 0));
}

/** Whether `changes` are sorted, disjoint, inside both texts and consistent with their lengths. */
function fits(changes: readonly TextChange[], oldLength: number, newLength: number): boolean {
	let oldEnd = 0;
	let newEnd = 0;
	for (const c of changes) {
		if (!(c.oldStart >= oldEnd && c.oldEnd >= c.oldStart && c.newStart >= newEnd && c.newEnd >= c.newStart && c.newStart - c.oldStart === newEnd - oldEnd)) {
			return false;
		}
		oldEnd = c.oldEnd;
		newEnd = c.newEnd;
	}
	return oldEnd <= oldLength && newEnd <= newLength && newLength - newEnd === oldLength - oldEnd;
}

/** Rows of `text.slice(from, to)` (which ends at a line start) parsed after a state of `pre`, with offsets into `text`. */
function parseRegion(text: string, from: number, to: number, pre: boolean): { rows: Int32Array; count: number; preAfter: boolean } {
	// A line before the region gives the parser its state and keeps a U+FEFF at `from` from counting as a BOM.
	const lead = from === 0 ? '' : pre ? '```\n' : '\n';
	const doc = parseGemtext(lead + text.slice(from, to));
	const all = rowsOf(doc);
	const skip = lead === '' ? 0 : LINE_STRIDE;
	const rows = all.slice(skip);
	shiftRows(rows, 0, rows.length, from - lead.length);
	const count = rows.length / LINE_STRIDE;
	return { rows, count, preAfter: count > 0 ? preAfter(rows, count - 1) : pre };
}

/** Adds `delta` to the offsets of rows from index `from` to `to` (fields, not rows); link URL and label offsets only on links. */
function shiftRows(rows: Int32Array, from: number, to: number, delta: number): void {
	for (let r = from; r < to; r += LINE_STRIDE) {
		rows[r] += delta;
		rows[r + 1] += delta;
		rows[r + 2] += delta;
		if ((rows[r + 5] & 7) === T_LINK) {
			rows[r + 3] += delta;
			rows[r + 4] += delta;
		}
	}
}

/** Whether the line after row `line` is inside a ``` block. */
function preAfter(rows: Int32Array, line: number): boolean {
	const info = rows[line * LINE_STRIDE + LineField.Info];
	return (info & 7) === T_PRE || (info & OPENING) !== 0;
}

/** The last line starting at or before `offset` (there is at least one line). */
function lineHolding(rows: Int32Array, total: number, offset: number): number {
	let lo = 0;
	let hi = total - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >>> 1;
		if (rows[mid * LINE_STRIDE] <= offset) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** The first line starting at or after `offset` (`total` when none). */
function firstLineFrom(rows: Int32Array, total: number, offset: number): number {
	let lo = 0;
	let hi = total;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (rows[mid * LINE_STRIDE] < offset) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The packed rows of a parsed document, exactly one per line. */
function rowsOf(doc: GemDocument): Int32Array {
	if (doc instanceof RowsDocument) {
		return doc.table.rows;
	}
	const lines = doc.lines;
	return lines.length === 0 ? new Int32Array(0) : lines[0].table.rows.subarray(0, lines.length * LINE_STRIDE);
}

/**
 * A document whose line objects and indexes are built from its rows when first read, each
 * line's `GemLine` once (so a heading is the same object in `headings` and in `lines`).
 */
class RowsDocument implements GemDocument {
	#lines: GemLine[] | undefined;
	#headings: GemLine[] | undefined;
	#links: GemLine[] | undefined;
	#blocks: PreBlock[] | undefined;

	constructor(
		readonly text: string,
		readonly table: LineTable,
		readonly hasBom: boolean,
		readonly lineCount: number,
	) {}

	get lines(): readonly GemLine[] {
		if (!this.#lines) {
			// Headings and links read before keep their objects.
			const headings = this.#headings ?? [];
			const links = this.#links ?? [];
			const total = this.table.rows.length / LINE_STRIDE;
			const lines: GemLine[] = [];
			for (let i = 0, h = 0, l = 0; i < total; i++) {
				if (h < headings.length && headings[h].line === i) {
					lines.push(headings[h++]);
				} else if (l < links.length && links[l].line === i) {
					lines.push(links[l++]);
				} else {
					lines.push(new GemLine(this.table, i));
				}
			}
			this.#lines = lines;
		}
		return this.#lines;
	}

	lineAt(line: number): GemLine | undefined {
		if (this.#lines) return this.#lines[line];
		return line >= 0 && line < this.table.rows.length / LINE_STRIDE ? new GemLine(this.table, line) : undefined;
	}

	get headings(): readonly GemLine[] {
		return (this.#headings ??= this.#ofType(T_HEADING));
	}

	get links(): readonly GemLine[] {
		return (this.#links ??= this.#ofType(T_LINK));
	}

	get blocks(): readonly PreBlock[] {
		if (!this.#blocks) {
			const blocks: PreBlock[] = [];
			const rows = this.table.rows;
			let openLine = -1;
			let openAlt = '';
			for (let i = 0, r = 0; r < rows.length; i++, r += LINE_STRIDE) {
				const info = rows[r + LineField.Info];
				if ((info & 7) !== T_TOGGLE) continue;
				if (info & OPENING) {
					openLine = i;
					openAlt = this.text.slice(rows[r + LineField.ContentStart], rows[r + LineField.End]).trim();
				} else {
					blocks.push({ openLine, closeLine: i, alt: openAlt });
					openLine = -1;
				}
			}
			if (openLine !== -1) {
				blocks.push({ openLine, closeLine: -1, alt: openAlt });
			}
			this.#blocks = blocks;
		}
		return this.#blocks;
	}

	/** Lines of one type, as the objects of `lines` when those exist. */
	#ofType(type: number): GemLine[] {
		const found: GemLine[] = [];
		const rows = this.table.rows;
		for (let i = 0, r = LineField.Info; r < rows.length; i++, r += LINE_STRIDE) {
			if ((rows[r] & 7) === type) {
				found.push(this.#lines ? this.#lines[i] : new GemLine(this.table, i));
			}
		}
		return found;
	}
}
