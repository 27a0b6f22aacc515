/**
 * The parsed form of a Gemtext document: a flat list of typed lines with offsets,
 * plus indexes (headings, links, preformatted blocks) built in the same pass.
 *
 * Positions and ranges are LSP-shaped (0-based line, UTF-16 character) but not
 * imported from any LSP package, so the service stays free of editor dependencies.
 */

export interface Position {
	readonly line: number;
	readonly character: number;
}

export interface Range {
	readonly start: Position;
	readonly end: Position;
}

/** What an LSP `TextDocument` satisfies structurally. */
export interface TextSnapshot {
	readonly uri: string;
	readonly version: number;
	getText(): string;
	/**
	 * Optional: what changed since an earlier version of this document, so the service can
	 * re-parse only the lines it touched (`undefined` when unknown: the service parses it all).
	 */
	changesSince?(version: number): readonly TextChange[] | undefined;
}

/**
 * A stretch of text that changed between two versions, as offsets: the old text from `oldStart`
 * to `oldEnd` became the new text from `newStart` to `newEnd`. A list of them is sorted and
 * disjoint, and the text between two of them (and before the first, after the last) is the same
 * in both versions.
 */
export interface TextChange {
	readonly oldStart: number;
	readonly oldEnd: number;
	readonly newStart: number;
	readonly newEnd: number;
}

/**
 * Line types of the Gemtext specification. `preToggle` is a ``` line (opening or
 * closing), `preText` a line inside a preformatted block.
 */
export type LineType = 'text' | 'link' | 'heading' | 'list' | 'quote' | 'preToggle' | 'preText';

/**
 * Line types in the order of their codes in {@link LineField.Info}: the parser writes the index of
 * a type here (its `T_*` constants), views read it back through this table.
 */
const LINE_TYPES: readonly LineType[] = ['text', 'link', 'heading', 'list', 'quote', 'preToggle', 'preText'];

/** Fields of a row in {@link LineTable.rows}. */
export const enum LineField {
	Start = 0,
	End = 1,
	ContentStart = 2,
	UrlEnd = 3,
	LabelStart = 4,
	/** Type code (bits 0–2), heading level (bits 3–4), opening toggle (bit 5). */
	Info = 5,
}

/** Number of Int32 slots per line in {@link LineTable.rows}. */
export const LINE_STRIDE = 6;

/**
 * Packed storage of a document's lines: one Int32Array row of {@link LINE_STRIDE}
 * numbers per line (see {@link LineField}).
 *
 * Why packed: a 5 MB document has ~80k lines, all kept alive while it is open. As
 * objects with ten fields they cost ~100 bytes each and most parse time went to the
 * garbage collector copying them; as rows they cost 24 bytes that are never scanned,
 * and one array per document keeps allocation to a minimum for small documents.
 * The array may hold more rows than the document has lines.
 */
export class LineTable {
	constructor(
		readonly source: string,
		public rows: Int32Array,
	) {}
}

/**
 * One source line: a light view of its row in the document's {@link LineTable}.
 * Offsets index the document text (UTF-16 code units); since a line never spans a
 * line break, `character = offset - start` on this line.
 *
 * Field meaning by type:
 * - heading: `level` 1–3, `contentStart` = first char of the text after `#`s and whitespace.
 * - link: `contentStart` = URL start, `urlEnd` = URL end, `labelStart` = label start (= `end` when none).
 * - list: `contentStart` after `* `; quote: after `>` and any whitespace.
 * - preToggle: `contentStart` after the backticks (alt text on an opening toggle); `opening` tells which.
 * - text / preText: `contentStart` = `start` (after a BOM on line 0).
 */
export class GemLine {
	constructor(
		readonly table: LineTable,
		/** 0-based line number. */
		readonly line: number,
	) {}

	/** The whole document text; the line is `source.slice(start, end)`. */
	get source(): string {
		return this.table.source;
	}

	get type(): LineType {
		return LINE_TYPES[this.table.rows[this.line * LINE_STRIDE + LineField.Info] & 7];
	}

	/** Offset of the first character of the line. */
	get start(): number {
		return this.table.rows[this.line * LINE_STRIDE + LineField.Start];
	}

	/** Offset just past the last character, excluding the line break (and a CR before it). */
	get end(): number {
		return this.table.rows[this.line * LINE_STRIDE + LineField.End];
	}

	get contentStart(): number {
		return this.table.rows[this.line * LINE_STRIDE + LineField.ContentStart];
	}

	/** Links: offset just past the URL (0 for other types). */
	get urlEnd(): number {
		return this.table.rows[this.line * LINE_STRIDE + LineField.UrlEnd];
	}

	/** Links: offset of the label (= `end` when none; 0 for other types). */
	get labelStart(): number {
		return this.table.rows[this.line * LINE_STRIDE + LineField.LabelStart];
	}

	/** Heading level 1–3 (0 for other types). */
	get level(): number {
		return (this.table.rows[this.line * LINE_STRIDE + LineField.Info] >> 3) & 3;
	}

	/** Whether a preformat toggle opens a block (false for a closing toggle and other types). */
	get opening(): boolean {
		return (this.table.rows[this.line * LINE_STRIDE + LineField.Info] & 32) !== 0;
	}

	/** Where the line's marker (or text) starts: after a byte order mark on line 0, where the parser classifies from. */
	get markerStart(): number {
		const start = this.start;
		return start === 0 && this.source.charCodeAt(0) === 0xfeff ? 1 : start;
	}

	/** The raw line, without its line break. */
	get text(): string {
		return this.source.slice(this.start, this.end);
	}

	/** Text after the line's marker: heading text, list item, quote, alt text (raw, untrimmed). */
	get content(): string {
		return this.source.slice(this.contentStart, this.end);
	}

	/** Link URL ('' for a bare `=>`); '' for other types. */
	get url(): string {
		return this.type === 'link' ? this.source.slice(this.contentStart, this.urlEnd) : '';
	}

	/** Link label with trailing whitespace removed ('' when none). */
	get label(): string {
		return this.type === 'link' ? this.source.slice(this.labelStart, this.end).trimEnd() : '';
	}

	/** Alt text of an opening toggle, trimmed ('' otherwise). */
	get alt(): string {
		return this.opening ? this.source.slice(this.contentStart, this.end).trim() : '';
	}

	/** Whether a CR preceded this line's LF (or stood alone as its break). */
	get hasCR(): boolean {
		return this.source.charCodeAt(this.end) === 13;
	}

	/** Range of the whole line. */
	get range(): Range {
		return this.rangeOf(this.start, this.end);
	}

	/** Range from one offset to another, both on this line. */
	rangeOf(from: number, to: number): Range {
		const start = this.start;
		return {
			start: { line: this.line, character: from - start },
			end: { line: this.line, character: to - start },
		};
	}
}

/** A ``` block: the opening toggle's line, the closing toggle's line (-1 when unclosed) and the alt text. */
export interface PreBlock {
	readonly openLine: number;
	/** Line of the closing toggle, or -1 when the block runs to the end of the file. */
	readonly closeLine: number;
	readonly alt: string;
}

export interface GemDocument {
	readonly text: string;
	readonly lines: readonly GemLine[];
	readonly headings: readonly GemLine[];
	readonly links: readonly GemLine[];
	readonly blocks: readonly PreBlock[];
	/** Whether the text starts with a UTF-8 byte order mark (U+FEFF). */
	readonly hasBom: boolean;
	/**
	 * Number of lines as an editor counts them: a text ending in a line break has one
	 * more (empty) line than `lines.length`.
	 */
	readonly lineCount: number;
	/**
	 * Line `line` (undefined past the last), without building `lines` when the document builds it
	 * lazily (a re-parsed one); then a new view of the row per call, so compare lines by number.
	 */
	lineAt(line: number): GemLine | undefined;
}

/** The position of `offset` in `doc` (binary search over line starts). */
export function positionAt(doc: GemDocument, offset: number): Position {
	const lines = doc.lines;
	if (lines.length === 0) {
		return { line: 0, character: 0 };
	}
	let lo = 0;
	let hi = lines.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >>> 1;
		if (lines[mid].start <= offset) {
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	const line = lines[lo];
	return { line: lo, character: Math.max(0, Math.min(offset, line.end) - line.start) };
}

/** The end position of a line (or of the document when `line` is past the last line). */
export function lineEndPosition(doc: GemDocument, line: number): Position {
	const l = doc.lineAt(line);
	return l ? { line, character: l.end - l.start } : { line: Math.max(0, doc.lineCount - 1), character: 0 };
}
