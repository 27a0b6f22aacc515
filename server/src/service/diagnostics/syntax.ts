import type { GemDocument, GemLine } from '../document';
import type { Diagnostic, DiagnosticSeverity } from '../types';
import { toSeverity, type GemtextSettings } from '../workspace';

const TAB = 9;
const SPACE = 32;
const BANG = 33;
const HASH = 35;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const EQUALS = 61;
const GT = 62;
const LBRACKET = 91;
const RBRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;

type ValidateSettings = GemtextSettings['validate'];

/** Severity per rule family; `undefined` when the family is set to `ignore`. */
interface Severities {
	readonly unclosedPreformat?: DiagnosticSeverity;
	readonly headingLevel?: DiagnosticSeverity;
	readonly emptyLink?: DiagnosticSeverity;
	readonly leadingWhitespace?: DiagnosticSeverity;
	readonly markdownSyntax?: DiagnosticSeverity;
}

interface Context {
	readonly doc: GemDocument;
	readonly severity: Severities;
	readonly out: Diagnostic[];
}

/** Lines `from` (inclusive) to `to` (exclusive). */
export interface LineSpan {
	readonly from: number;
	readonly to: number;
}

/**
 * Syntax diagnostics: the places where a Gemtext line does not mean what its author most
 * likely intended. Codes are stable (users silence them by code):
 *
 * - `syntax.unclosed-preformat`: a ``` block never closed (the rest of the file is preformatted);
 * - `syntax.heading-too-deep`: `####x`, a level-3 heading whose text starts with `#`;
 * - `syntax.link-without-url`: a bare `=>`;
 * - `syntax.marker-after-whitespace`: ` # x`, ` => x`, ` * x`, ` > x`, `` ```x``: text, not a marker;
 * - `markdown.list`, `markdown.ordered-list`, `markdown.link`, `markdown.emphasis`: Markdown habits
 *   that Gemtext shows as plain text (checked in text, heading, list and quote lines and link labels;
 *   never in ``` blocks, link URLs or `inline code`).
 *
 * Each family honours its severity setting (`ignore` drops it) and `enabled` turns all off.
 * One pass over the parsed lines with char-code checks, no regular expressions: linear on large files.
 * `range` limits the pass to some lines, so a caller can check a large document in slices
 * (the slices' results, concatenated in order, equal one whole pass).
 *
 * @example getSyntaxDiagnostics(parseGemtext('=>\n'), defaultSettings.validate)[0].code // 'syntax.link-without-url'
 */
export function getSyntaxDiagnostics(doc: GemDocument, settings: ValidateSettings, range?: LineSpan): Diagnostic[] {
	if (!settings.enabled) {
		return [];
	}
	const ctx: Context = {
		doc,
		out: [],
		severity: {
			unclosedPreformat: toSeverity(settings.unclosedPreformat),
			headingLevel: toSeverity(settings.headingLevel),
			emptyLink: toSeverity(settings.emptyLink),
			leadingWhitespace: toSeverity(settings.leadingWhitespace),
			markdownSyntax: toSeverity(settings.markdownSyntax),
		},
	};
	const last = doc.blocks[doc.blocks.length - 1];
	const unclosedLine = last && last.closeLine === -1 ? last.openLine : -1;
	const lines = doc.lines;
	const to = Math.min(range?.to ?? lines.length, lines.length);
	for (let i = range?.from ?? 0; i < to; i++) {
		const line = lines[i];
		switch (line.type) {
			case 'preToggle':
				if (line.line === unclosedLine) checkUnclosedPreformat(ctx, line);
				break;
			case 'heading':
				checkHeadingTooDeep(ctx, line);
				checkMarkdownInline(ctx, line, line.contentStart);
				break;
			case 'link':
				checkLinkWithoutUrl(ctx, line);
				checkMarkdownInline(ctx, line, line.labelStart);
				break;
			case 'list':
			case 'quote':
				checkMarkdownInline(ctx, line, line.contentStart);
				break;
			case 'text':
				checkMarkerAfterWhitespace(ctx, line);
				checkMarkdownList(ctx, line);
				checkMarkdownInline(ctx, line, line.markerStart);
				break;
			case 'preText':
				break;
		}
	}
	return ctx.out;
}

function report(ctx: Context, severity: DiagnosticSeverity, line: GemLine, from: number, to: number, code: string, message: string): void {
	ctx.out.push({ range: line.rangeOf(from, to), severity, code, message });
}

function checkUnclosedPreformat(ctx: Context, line: GemLine): void {
	const severity = ctx.severity.unclosedPreformat;
	if (!severity) return;
	const rest = ctx.doc.lines.length - 1 - line.line;
	report(ctx, severity, line, line.markerStart, line.end, 'syntax.unclosed-preformat',
		`This preformatted block is never closed, so the rest of the file (${rest} ${rest === 1 ? 'line' : 'lines'}) is shown as preformatted text. Add a line starting with \`\`\` where the block should end.`);
}

function checkHeadingTooDeep(ctx: Context, line: GemLine): void {
	const severity = ctx.severity.headingLevel;
	const s = line.markerStart;
	if (!severity || line.level !== 3 || line.source.charCodeAt(s + 3) !== HASH) return;
	let p = s + 3;
	while (p < line.end && line.source.charCodeAt(p) === HASH) p++;
	report(ctx, severity, line, s, p, 'syntax.heading-too-deep',
		`Gemtext has only three heading levels: this is a level-3 heading whose text starts with "#" ("${line.content.trim()}"). Use "###" for the deepest heading.`);
}

function checkLinkWithoutUrl(ctx: Context, line: GemLine): void {
	const severity = ctx.severity.emptyLink;
	if (!severity || line.urlEnd > line.contentStart) return;
	report(ctx, severity, line, line.markerStart, line.end, 'syntax.link-without-url',
		'This link line has no URL, so it links nowhere. Write the URL after "=>", for example "=> gemini://example.org/ Example", or remove the line.');
}

function checkMarkerAfterWhitespace(ctx: Context, line: GemLine): void {
	const severity = ctx.severity.leadingWhitespace;
	const src = line.source;
	const s = line.markerStart;
	if (!severity || s >= line.end || !isBlank(src.charCodeAt(s))) return;
	let p = s + 1;
	while (p < line.end && isBlank(src.charCodeAt(p))) p++;
	const c = p < line.end ? src.charCodeAt(p) : -1;
	const next = p + 1 < line.end ? src.charCodeAt(p + 1) : -1;
	let markerEnd = -1;
	let what = '';
	let marker = '';
	if (c === HASH) {
		markerEnd = p + 1;
		while (markerEnd < line.end && src.charCodeAt(markerEnd) === HASH) markerEnd++;
		what = 'a heading';
		marker = src.slice(p, markerEnd);
	} else if (c === EQUALS && next === GT) {
		markerEnd = p + 2;
		what = 'a link';
		marker = '=>';
	} else if (c === STAR && next === SPACE) {
		markerEnd = p + 1;
		what = 'a list item (Gemtext lists cannot be nested)';
		marker = '* ';
	} else if (c === GT) {
		markerEnd = p + 1;
		what = 'a quote';
		marker = '>';
	} else if (c === BACKTICK && next === BACKTICK && p + 2 < line.end && src.charCodeAt(p + 2) === BACKTICK) {
		markerEnd = p + 3;
		what = 'a preformatting toggle';
		marker = '```';
	}
	if (markerEnd === -1) return;
	report(ctx, severity, line, s, markerEnd, 'syntax.marker-after-whitespace',
		`This line is plain text, not ${what}: Gemtext markers count only at the very start of a line. Remove the whitespace before "${marker}".`);
}

/** `- item`, `+ item` and `1. item` at the start of a text line. */
function checkMarkdownList(ctx: Context, line: GemLine): void {
	const severity = ctx.severity.markdownSyntax;
	const src = line.source;
	const s = line.markerStart;
	if (!severity || s + 2 >= line.end) return;
	const c = src.charCodeAt(s);
	if ((c === MINUS || c === PLUS) && isBlank(src.charCodeAt(s + 1)) && hasTextFrom(line, s + 2)) {
		const marker = String.fromCharCode(c);
		report(ctx, severity, line, s, s + 1, 'markdown.list',
			`Markdown list syntax: in Gemtext "${marker} " does not start a list item, so this line is plain text. Write "* " (asterisk, space) instead of "${marker} ".`);
		return;
	}
	let p = s;
	while (p < line.end && p - s < 4 && isDigit(src.charCodeAt(p))) p++;
	if (p > s && p - s <= 3 && src.charCodeAt(p) === DOT && p + 1 < line.end && isBlank(src.charCodeAt(p + 1)) && hasTextFrom(line, p + 2)) {
		const marker = src.slice(s, p + 1);
		report(ctx, severity, line, s, p + 1, 'markdown.ordered-list',
			`Markdown numbered list: Gemtext has no numbered lists, so "${marker}" starts a plain text line, not a list item. Write "* " for a list item (put the number after it if it matters).`);
	}
}

/**
 * `[label](url)` (and `![alt](src)`) and `**bold**` / `__bold__` in `[from, line.end)`, skipping
 * `inline code`. Linear: every search either moves the scan past what it read, or proves that the
 * rest of the line cannot match and switches that construct off.
 */
/** The first character `checkMarkdownInline` acts on, or a line break (the line ends first). */
const INLINE_START = /[`[\]*_\n]/g;

function checkMarkdownInline(ctx: Context, line: GemLine, from: number): void {
	const severity = ctx.severity.markdownSyntax;
	if (!severity) return;
	const src = line.source;
	const end = line.end;
	// Most prose lines have none of the characters below: the regular expression finds the first
	// one (or the line's end) in native code, and the loop starts there. Characters before it change
	// nothing in the loop.
	INLINE_START.lastIndex = from;
	const first = INLINE_START.exec(src);
	if (!first || first.index >= end) return;
	let openBracket = -1;
	let linksPossible = true;
	let starsPossible = true;
	let underscoresPossible = true;
	let backticksPossible = true;
	let p = first.index;
	while (p < end) {
		const c = src.charCodeAt(p);
		if (c === BACKTICK && backticksPossible) {
			const close = indexOfCode(src, BACKTICK, p + 1, end);
			if (close === -1) {
				backticksPossible = false;
				p++;
			} else {
				p = close + 1;
			}
		} else if (c === LBRACKET) {
			openBracket = p;
			p++;
		} else if (c === RBRACKET) {
			const open = openBracket;
			openBracket = -1;
			if (open !== -1 && linksPossible && p + 1 < end && src.charCodeAt(p + 1) === LPAREN) {
				const close = indexOfCode(src, RPAREN, p + 2, end);
				if (close === -1) {
					linksPossible = false;
				} else if (hasTextBetween(src, p + 2, close)) {
					reportMarkdownLink(ctx, severity, line, open, p, close);
					p = close + 1;
					continue;
				}
			}
			p++;
		} else if ((c === STAR && starsPossible) || (c === UNDERSCORE && underscoresPossible)) {
			p = checkEmphasisAt(ctx, severity, line, p, c, () => {
				if (c === STAR) starsPossible = false;
				else underscoresPossible = false;
			});
		} else {
			p++;
		}
	}
}

function reportMarkdownLink(ctx: Context, severity: DiagnosticSeverity, line: GemLine, open: number, closeBracket: number, closeParen: number): void {
	const src = line.source;
	const image = open > line.start && src.charCodeAt(open - 1) === BANG;
	const label = src.slice(open + 1, closeBracket).trim();
	const url = src.slice(closeBracket + 2, closeParen).trim().split(/[ \t]/, 1)[0];
	const suggestion = label ? `=> ${url} ${label}` : `=> ${url}`;
	const message = image
		? `Markdown image syntax is plain text in Gemtext: "![${label}](…)" is shown literally. Put the image on a link line of its own: "${suggestion}".`
		: `Markdown link syntax is plain text in Gemtext: "[${label}](…)" is shown literally. Put the link on a line of its own: "${suggestion}".`;
	report(ctx, severity, line, image ? open - 1 : open, closeParen + 1, 'markdown.link', message);
}

/**
 * Checks a `**` / `__` opener at `p`; returns where to continue scanning. Calls `impossible`
 * when no closer exists in the rest of the line, so later openers are not searched again.
 */
function checkEmphasisAt(ctx: Context, severity: DiagnosticSeverity, line: GemLine, p: number, c: number, impossible: () => void): number {
	const src = line.source;
	const end = line.end;
	if (p + 1 >= end || src.charCodeAt(p + 1) !== c) {
		return p + 1;
	}
	if (p + 2 < end && src.charCodeAt(p + 2) === c) {
		// `***`, `___` and longer runs are rules or decoration, not emphasis: skip the run.
		let q = p + 3;
		while (q < end && src.charCodeAt(q) === c) q++;
		return q;
	}
	const first = p + 2 < end ? src.charCodeAt(p + 2) : -1;
	// The opener must be followed by text and must not sit inside a word. CommonMark allows
	// intraword `**`, but in prose `2**8` is an exponent far more often than bold: stay quiet.
	if (first === -1 || isBlank(first) || (p > line.start && isWordChar(src.charCodeAt(p - 1)))) {
		return p + 2;
	}
	const close = indexOfPair(src, c, p + 3, end);
	if (close === -1) {
		impossible();
		return p + 2;
	}
	const after = close + 2 < end ? src.charCodeAt(close + 2) : -1;
	if (isBlank(src.charCodeAt(close - 1)) || isWordChar(after)) {
		// Not a closer; it may still open the next pair.
		return close;
	}
	const marker = c === STAR ? '**' : '__';
	report(ctx, severity, line, p, close + 2, 'markdown.emphasis',
		`Markdown emphasis is plain text in Gemtext: readers see the "${marker}" around "${src.slice(p + 2, close)}". Gemtext has no bold or italics; remove the "${marker}" markers.`);
	return close + 2;
}

function indexOfCode(src: string, code: number, from: number, end: number): number {
	for (let p = from; p < end; p++) {
		if (src.charCodeAt(p) === code) return p;
	}
	return -1;
}

/** First `cc` at or after `from` that ends before `end`. */
function indexOfPair(src: string, code: number, from: number, end: number): number {
	for (let p = from; p + 1 < end; p++) {
		if (src.charCodeAt(p) === code && src.charCodeAt(p + 1) === code) return p;
	}
	return -1;
}

function hasTextBetween(src: string, from: number, to: number): boolean {
	for (let p = from; p < to; p++) {
		if (!isBlank(src.charCodeAt(p))) return true;
	}
	return false;
}

function hasTextFrom(line: GemLine, from: number): boolean {
	return hasTextBetween(line.source, from, line.end);
}

function isBlank(c: number): boolean {
	return c === SPACE || c === TAB;
}

function isDigit(c: number): boolean {
	return c >= DIGIT_0 && c <= DIGIT_9;
}

/** ASCII letters and digits: enough to tell `snake__case__name` or `2**8` from `__emphasis__`. */
function isWordChar(c: number): boolean {
	return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
