/**
 * Gemtexter's reading of a document (snonux/gemtexter, `html::fromgmi` and
 * `generate::make_link` at 3.0.1): which lines it sees and how it classifies them.
 *
 * Gemtexter is a Bash loop, not a Gemtext parser, and its rules differ from the spec:
 * markers need a following space (`#x`, `>x`, `=>url` are text), the line after a list
 * is swallowed (so a ``` there opens nothing and the pre state diverges from the spec
 * parser's), a lone CR does not end a line, and a last line without LF is never read.
 * So this module walks the parsed document's lines (their offsets and breaks) but
 * classifies each line by Gemtexter's prefix rules on its raw text; the spec line types
 * cannot be reused because the states differ. Used by the Gemtexter renderer, by the
 * heading ids the link checker validates against, and by the Gemtexter table of contents.
 */
import type { GemDocument } from '../document';

const LF = 10;
const CR = 13;

/** A line as Bash `IFS='' read -r line` returns it. */
export interface GemtexterLine {
	/** Raw text: the CR of a CRLF break is kept, a lone CR joins the next line, NUL bytes are gone. */
	readonly text: string;
	/** 0-based source line (as the spec parser and editors count) where it starts. */
	readonly line: number;
	/** False for a last line without a final LF: `read` fails on it, so Gemtexter drops it. */
	readonly complete: boolean;
}

/**
 * The lines Bash reads from `doc`. Only LF ends a line; editors (and the spec parser)
 * also break at a lone CR, so such lines are joined back with their CR.
 */
export function getGemtexterLines(doc: GemDocument): GemtexterLine[] {
	return [...iterateGemtexterLines(doc)];
}

/** `getGemtexterLines` one line at a time (the renderer needs no array of them all). */
export function* iterateGemtexterLines(doc: GemDocument): Generator<GemtexterLine, void, undefined> {
	const src = doc.text;
	let text = '';
	let first = -1;
	// Bash strings cannot hold NUL: `read` silently drops those bytes.
	const line = (complete: boolean): GemtexterLine => ({ text: text.includes('\0') ? text.replaceAll('\0', '') : text, line: first, complete });
	for (const l of doc.lines) {
		if (first === -1) {
			first = l.line;
		}
		text += l.text;
		const brk = src.charCodeAt(l.end);
		let complete: boolean | undefined;
		if (brk === CR) {
			text += '\r';
			if (src.charCodeAt(l.end + 1) === LF) {
				complete = true;
			} else if (l.end + 1 >= src.length) {
				complete = false;
			}
		} else {
			complete = brk === LF;
		}
		if (complete !== undefined) {
			yield line(complete);
			text = '';
			first = -1;
		}
	}
}

export interface GemtexterListItem {
	readonly line: number;
	/** Text after `* `. */
	readonly text: string;
}

/** One unit of Gemtexter's output, in the order it writes them. */
export type GemtexterBlock =
	| { readonly kind: 'heading'; readonly line: number; readonly level: 1 | 2 | 3; readonly text: string }
	| { readonly kind: 'quote'; readonly line: number; readonly text: string }
	/** `link` is the first space-separated token after `=> ` ('' when none), `label` the rest as Bash joins it. */
	| { readonly kind: 'link'; readonly line: number; readonly link: string; readonly label: string }
	/** Any other line; `text` may be '' (a blank line). */
	| { readonly kind: 'text'; readonly line: number; readonly text: string }
	/** `closed`: a non-item line ended the list (and was swallowed); false when the list runs to EOF. */
	| { readonly kind: 'list'; readonly line: number; readonly items: readonly GemtexterListItem[]; readonly closed: boolean }
	/** A closed ``` block; `lines` without the leading blank lines Gemtexter drops; `alt` the opening toggle's text. */
	| { readonly kind: 'pre'; readonly line: number; readonly lines: readonly string[]; readonly alt: string };

/**
 * Classifies `doc` as Gemtexter's `html::fromgmi` loop does, quirks included: the line
 * after a list is swallowed, a list at EOF stays open, an unclosed ``` block at EOF
 * and a last line without LF produce nothing, leading blank lines of a block vanish.
 */
export function getGemtexterBlocks(doc: GemDocument): GemtexterBlock[] {
	return [...iterateGemtexterBlocks(doc)];
}

/** `getGemtexterBlocks` one block at a time, each as soon as it is complete. */
export function* iterateGemtexterBlocks(doc: GemDocument): Generator<GemtexterBlock, void, undefined> {
	let list: { line: number; items: GemtexterListItem[] } | undefined;
	let pre: { line: number; lines: string[]; alt: string } | undefined;

	for (const { text: t, line, complete } of iterateGemtexterLines(doc)) {
		if (!complete) {
			break;
		}
		if (list) {
			if (t.startsWith('* ')) {
				list.items.push({ line, text: t.slice(2) });
			} else {
				yield { kind: 'list', line: list.line, items: list.items, closed: true };
				list = undefined;
			}
			continue;
		}
		if (pre) {
			if (t.startsWith('```')) {
				yield { kind: 'pre', line: pre.line, lines: pre.lines, alt: pre.alt };
				pre = undefined;
			} else if (pre.lines.length > 0 || t !== '') {
				pre.lines.push(t);
			}
			continue;
		}
		if (t.startsWith('* ')) {
			list = { line, items: [{ line, text: t.slice(2) }] };
		} else if (t.startsWith('```')) {
			pre = { line, lines: [], alt: t.slice(3).trim() };
		} else if (t.startsWith('# ')) {
			yield { kind: 'heading', line, level: 1, text: t.slice(2) };
		} else if (t.startsWith('## ')) {
			yield { kind: 'heading', line, level: 2, text: t.slice(3) };
		} else if (t.startsWith('### ')) {
			yield { kind: 'heading', line, level: 3, text: t.slice(4) };
		} else if (t.startsWith('> ')) {
			yield { kind: 'quote', line, text: t.slice(2) };
		} else if (t.startsWith('=> ')) {
			yield { kind: 'link', line, ...splitLink(t.slice(3)) };
		} else {
			yield { kind: 'text', line, text: t };
		}
	}
	if (list) {
		yield { kind: 'list', line: list.line, items: list.items, closed: false };
	}
}

/** Bash `echo` takes an argument made only of `-n`/`-e`/`-E` flags as options and prints no text. */
const ECHO_OPTIONS = /^-[neE]+$/;

/**
 * `generate::make_link`: `echo "$line" | tr ' ' '\n' | while read -r token`. Only spaces
 * separate tokens (a tab stays inside one, trimmed at its ends by `read`); the first
 * non-empty token is the link, the label is the following tokens joined by single
 * spaces, starting at its first non-empty token (so runs of spaces inside it survive).
 */
function splitLink(rest: string): { link: string; label: string } {
	let link = '';
	let label = '';
	if (ECHO_OPTIONS.test(rest)) {
		return { link, label };
	}
	for (const raw of rest.split(' ')) {
		const token = trimTabs(raw);
		if (link === '') {
			link = token;
		} else if (label === '') {
			label = token;
		} else {
			label += ' ' + token;
		}
	}
	return { link, label };
}

function trimTabs(s: string): string {
	let a = 0;
	let b = s.length;
	while (a < b && s.charCodeAt(a) === 9) a++;
	while (b > a && s.charCodeAt(b - 1) === 9) b--;
	return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * The page title Gemtexter derives (`generate::extract_title`): the text of the first
 * line starting with `# ` anywhere in the file (even inside ```), `"` replaced by `'`.
 * `sed` reads the last line even without LF; the CR of a CRLF line is dropped here.
 */
export function getGemtexterTitle(doc: GemDocument): string | undefined {
	for (const { text } of getGemtexterLines(doc)) {
		if (text.startsWith('# ')) {
			return text.slice(2).replace(/\r$/, '').replaceAll('"', "'");
		}
	}
	return undefined;
}
