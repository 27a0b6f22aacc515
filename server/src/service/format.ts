/**
 * The Gemtext formatter: whitespace and markers only, as minimal edits.
 *
 * Rules (outside preformatted blocks, and in a template only on the lines it prints as
 * they are): `=>url` → `=> url`, the whitespace between a link's URL and its label → one
 * space, `#x` → `# x` (also `##`, `###`, `>`; a tab after the marker → a space), trailing
 * whitespace removed, runs of blank lines capped, a final line break.
 *
 * What it never changes: preformatted lines, URLs, label and heading text, template code,
 * and the id a heading renders with. Gemtexter ids keep trailing spaces (`# Preamble ` →
 * `preamble-`), so such a heading keeps them in Gemtexter style; `#x` becomes a Gemtexter
 * heading only when its id does not take over the fragment links of a later heading.
 * Every rule only adds or removes whitespace, so format(format(x)) = format(x) and the
 * non-whitespace characters stay as they are (`npm run check:format` checks a corpus).
 */
import type { GemDocument, GemLine, Range } from './document';
import { getHeadingIds, gemtexterSlug } from './slug';
import { scanTemplate } from './templates/scan';
import type { TextEdit } from './types';
import type { PreviewStyle } from './workspace';

export interface FormatOptions {
	/** The longest run of blank lines kept (at least 1). */
	readonly maxBlankLines: number;
	/** Remove every blank line at the end (VS Code's `files.trimFinalNewlines`). */
	readonly trimFinalNewlines?: boolean;
	/**
	 * Line break to write everywhere (`files.eol`); undefined keeps each break as it is and
	 * ends a last line with the document's first break (LF when it has none).
	 */
	readonly eol?: '\n' | '\r\n';
	/** The document is a Gemtexter template: only its printed lines are formatted. */
	readonly template?: boolean;
	/** The style whose heading ids must not move. */
	readonly style: PreviewStyle;
	/** Only edits inside these lines (range formatting); the whole document when undefined. */
	readonly range?: Range;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const CR = 13;
const LF = 10;

/** Bash `echo` reads a line made only of these flags as options: trimming `-n ` to `-n` would hide it. */
const ECHO_OPTIONS = /^-[neE]+$/;

/**
 * The edits that format `doc`, in document order, none overlapping.
 *
 * @example formatGemtext(parseGemtext('=>a.gmi\tA  \n\n\n\n#B'), { maxBlankLines: 2, style: 'gemini' })
 * // → '=> a.gmi A\n\n\n# B\n' once applied
 */
export function formatGemtext(doc: GemDocument, options: FormatOptions): TextEdit[] {
	const text = doc.text;
	const printed = options.template ? printedLines(text, doc) : undefined;
	if (options.template && !printed) {
		return [];
	}
	const maxBlank = Math.max(1, Math.floor(options.maxBlankLines) || 1);
	// Gemtexter's ids cost a pass of their own over a large document: computed only when a `#x` needs them.
	let ids: Map<string, number> | undefined;
	const gemtexterIds = options.style === 'gemtexter' ? (): Map<string, number> => (ids ??= getHeadingIds(doc, 'gemtexter')) : undefined;
	const edits: Edit[] = [];
	const lines = doc.lines;
	// Blank lines seen in the current run; a preformatted or template code line ends a run.
	let blankRun = 0;
	let lastContent = -1;
	for (const line of lines) {
		const formattable = isFormattable(line, printed);
		const blank = formattable && isBlank(text, line.start, line.end);
		if (!blank) {
			blankRun = 0;
			lastContent = line.line;
		} else if (++blankRun > maxBlank) {
			// The whole line and its break go: the run keeps its first `maxBlank` lines.
			edits.push({ from: line.start, to: nextLineStart(doc, line), newText: '', line: line.line });
			continue;
		}
		if (formattable) {
			formatLine(line, edits, gemtexterIds, options.template === true);
		}
	}
	if (options.trimFinalNewlines && lastContent + 1 < lines.length) {
		const first = lines[lastContent + 1];
		// Blank lines at the end, all of them (and the break of the last content line stays).
		removeFrom(edits, first.line);
		if (first.start < text.length) {
			edits.push({ from: first.start, to: text.length, newText: '', line: first.line });
		}
	}
	if (options.eol) {
		replaceBreaks(doc, options.eol, edits);
	}
	const last = lines[lines.length - 1];
	if (last && last.end === text.length && !isBlank(text, last.start, last.end)) {
		edits.push({ from: text.length, to: text.length, newText: options.eol ?? firstBreak(text), line: last.line });
	}
	return toTextEdits(doc, edits, options.range);
}

interface Edit {
	readonly from: number;
	readonly to: number;
	readonly newText: string;
	/** The line the edit starts on (range formatting keeps the edits of the lines in range). */
	readonly line: number;
}

/** Which lines a template prints as they are: its text segments, outside ``` blocks as it prints them. */
function printedLines(text: string, doc: GemDocument): Set<number> | undefined {
	// Bash splits on LF only; a lone CR would number lines differently from the parser.
	for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
		if (text.charCodeAt(i + 1) !== LF) {
			return undefined;
		}
	}
	const printed = new Set<number>();
	let pre = false;
	// The formatter adds the final LF, so a last line without one is read as printed.
	for (const segment of scanTemplate(text.endsWith('\n') ? text : text + '\n').segments) {
		if (segment.kind !== 'text') {
			continue;
		}
		const toggle = segment.text.startsWith('```');
		if (toggle) {
			pre = !pre;
		}
		// The parser's own preformatted state counts too: keep a line either reading calls preformatted.
		if ((toggle || !pre) && doc.lines[segment.line]?.type !== 'preText') {
			printed.add(segment.line);
		}
	}
	return printed;
}

function isFormattable(line: GemLine, printed: Set<number> | undefined): boolean {
	return line.type !== 'preText' && (printed === undefined || printed.has(line.line));
}

function isBlank(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		if (!isSpace(text.charCodeAt(i))) {
			return false;
		}
	}
	return true;
}

/** Spaces and tabs: the whitespace of the Gemtext grammar (a URL may hold any other). */
function isSpace(c: number): boolean {
	return c === SPACE || c === TAB;
}

/** The offset after the last non-blank character of `from..to`. */
function trimmedEnd(text: string, from: number, to: number): number {
	let end = to;
	while (end > from && isSpace(text.charCodeAt(end - 1))) end--;
	return end;
}

/** Marker, separator and trailing-whitespace edits of one line. */
function formatLine(line: GemLine, edits: Edit[], gemtexterIds: (() => Map<string, number>) | undefined, template: boolean): void {
	const text = line.source;
	const s = line.markerStart;
	let end = trimmedEnd(text, line.start, line.end);
	const at = (from: number, to: number, newText: string): void => {
		if (text.slice(from, to) !== newText) {
			edits.push({ from, to, newText, line: line.line });
		}
	};
	switch (line.type) {
		case 'link': {
			if (line.url === '') {
				break;
			}
			at(s + 2, line.contentStart, ' ');
			if (line.labelStart < end) {
				at(line.urlEnd, line.labelStart, ' ');
			}
			break;
		}
		case 'heading': {
			const markerEnd = s + line.level;
			const c = text.charCodeAt(markerEnd);
			if (markerEnd >= end || c === HASH || c === SPACE) {
				break;
			}
			if (gemtexterIds) {
				// `#x` is text to Gemtexter: as a heading, its id must not shadow a later heading's.
				const owner = gemtexterIds().get(gemtexterSlug(text.slice(c === TAB ? markerEnd + 1 : markerEnd, end)));
				if (owner !== undefined && owner > line.line) {
					break;
				}
			}
			at(markerEnd, c === TAB ? markerEnd + 1 : markerEnd, ' ');
			break;
		}
		case 'quote': {
			const c = text.charCodeAt(s + 1);
			if (s + 1 < end && c !== SPACE) {
				at(s + 1, c === TAB ? s + 2 : s + 1, ' ');
			}
			break;
		}
		default:
			break;
	}
	if (end < line.end && keepsTrailingWhitespace(line, end, gemtexterIds !== undefined, template)) {
		end = line.end;
	}
	at(end, line.end, '');
}

/** Whether removing `line`'s trailing whitespace (from `end`) would change what it renders as. */
function keepsTrailingWhitespace(line: GemLine, end: number, gemtexter: boolean, template: boolean): boolean {
	const text = line.source;
	if (template && ECHO_OPTIONS.test(text.slice(line.start, end))) {
		return true;
	}
	if (!gemtexter || line.type !== 'heading') {
		return false;
	}
	// A Gemtexter heading (`# x`) turns each trailing space into a `-` of its id.
	const marker = text.slice(line.markerStart, line.markerStart + line.level + 1);
	if (marker !== '#'.repeat(line.level) + ' ') {
		return false;
	}
	const from = line.markerStart + line.level + 1;
	// An empty heading (`# `): trimming would take the space Gemtexter needs to see a heading at all.
	if (end < from) {
		return true;
	}
	return gemtexterSlug(text.slice(from, line.end)) !== gemtexterSlug(text.slice(from, end));
}

function nextLineStart(doc: GemDocument, line: GemLine): number {
	return doc.lines[line.line + 1]?.start ?? doc.text.length;
}

function removeFrom(edits: Edit[], line: number): void {
	let i = edits.length;
	while (i > 0 && edits[i - 1].line >= line) i--;
	edits.length = i;
}

function firstBreak(text: string): string {
	const nl = text.indexOf('\n');
	return nl > 0 && text.charCodeAt(nl - 1) === CR ? '\r\n' : '\n';
}

/** Every line break that is not `eol` becomes `eol`, except inside an edit that already removes it. */
function replaceBreaks(doc: GemDocument, eol: string, edits: Edit[]): void {
	const text = doc.text;
	// Edits so far come in line order, so one pointer walks the deletions alongside the breaks.
	const removed = edits.filter((e) => e.to > e.from);
	let r = 0;
	const added: Edit[] = [];
	for (const line of doc.lines) {
		const from = line.end;
		if (from >= text.length) {
			break;
		}
		const to = text.charCodeAt(from) === CR && text.charCodeAt(from + 1) === LF ? from + 2 : from + 1;
		while (r < removed.length && removed[r].to <= from) r++;
		const inRemoved = r < removed.length && removed[r].from < to;
		if (text.slice(from, to) !== eol && !inRemoved) {
			added.push({ from, to, newText: eol, line: line.line });
		}
	}
	for (const e of added) {
		edits.push(e);
	}
}

/** Sorted, clipped to `range`'s lines, and made LSP-shaped. */
function toTextEdits(doc: GemDocument, edits: Edit[], range: Range | undefined): TextEdit[] {
	edits.sort((a, b) => a.from - b.from || a.to - b.to);
	const out: TextEdit[] = [];
	let lastTo = -1;
	for (const e of edits) {
		if (range && (e.line < range.start.line || e.line > range.end.line)) {
			continue;
		}
		if (e.from < lastTo) {
			continue;
		}
		out.push({ range: { start: offsetPosition(doc, e.from), end: offsetPosition(doc, e.to) }, newText: e.newText });
		lastTo = e.to;
	}
	return out;
}

/** Position of an offset, an offset past the last line's break included (the editor's empty last line). */
function offsetPosition(doc: GemDocument, offset: number): { line: number; character: number } {
	const lines = doc.lines;
	let lo = 0;
	let hi = lines.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >>> 1;
		if (lines[mid].start <= offset) lo = mid;
		else hi = mid - 1;
	}
	const line = lines[lo];
	if (!line) {
		return { line: 0, character: 0 };
	}
	if (offset > line.end) {
		// After the line's break: the start of the next (possibly the empty last) line.
		return { line: lo + 1, character: 0 };
	}
	return { line: lo, character: offset - line.start };
}
