import { type GemDocument, type LineType, positionAt, type Range } from '../document';
import { gemtexterLinkMarkupBroken, isGemtexterImage } from '../render/gemtexter';
import { getGemtexterBlocks, getGemtexterLines, type GemtexterBlock, type GemtexterLine } from '../render/gemtexterLines';
import { gemtexterSlug } from '../slug';
import type { Diagnostic, DiagnosticSeverity } from '../types';
import type { GemtextSettings } from '../workspace';

type ValidateSettings = GemtextSettings['validate'];

/** The stable codes of {@link getGemtexterDiagnostics}. */
export type GemtexterDiagnosticCode =
	| 'gemtexter.marker-without-space'
	| 'gemtexter.byte-order-mark'
	| 'gemtexter.tab-separated-link'
	| 'gemtexter.image-extension-case'
	| 'gemtexter.broken-link-markup'
	| 'gemtexter.line-after-list-dropped'
	| 'gemtexter.unclosed-preformat-dropped'
	| 'gemtexter.missing-final-newline'
	| 'gemtexter.heading-id-lost'
	| 'gemtexter.duplicate-heading-id'
	| 'gemtexter.leading-blank-in-pre';

const HASH = 35;
const TAB = 9;

/** Extensions a reader takes for an image, in any case (Gemtexter's own list plus `jpeg`). */
const IMAGE_LIKE = /\.(jpe?g|png|gif|webp|svg)$/i;
/** Non-ASCII letters, marks and digits: what a Gemini-style id keeps and Gemtexter's id deletes. */
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const NON_ASCII = /[^\x00-\x7f]/;
/** Spaces, tabs and the CR Gemtexter keeps from a CRLF break: a line of only these shows as blank. */
const BLANK = /^[ \t\r]*$/;

interface Context {
	readonly doc: GemDocument;
	readonly uri: string;
	readonly severity: DiagnosticSeverity;
	readonly out: Diagnostic[];
	/** The lines as Gemtexter reads them. */
	readonly lines: readonly GemtexterLine[];
	/** Source line → index in `lines` of the Gemtexter line starting there (-1: none starts there). */
	readonly indexOf: Int32Array;
}

/**
 * Gemtexter compatibility warnings: every place where the HTML Gemtexter publishes will differ
 * from what the Gemtext means, with what Gemtexter will do and how to write it instead. Call it
 * only for documents rendered in Gemtexter style (a `gemtexter.conf` in the folder or above, or
 * `gemtext.preview.style`); the facade does. Codes (stable, see {@link GemtexterDiagnosticCode}):
 *
 * - `gemtexter.marker-without-space`: `#x`, `####x`, `>x`, `>`, `=>url`, `#<TAB>x`: plain text in Gemtexter;
 * - `gemtexter.byte-order-mark`: a BOM hides the first line's marker from Gemtexter;
 * - `gemtexter.tab-separated-link`: `=> url<TAB>label`: Gemtexter splits only at spaces, so the tab and what follows join the URL;
 * - `gemtexter.image-extension-case`: `.JPG`, `.jpeg`, `.PNG`…: a text link, not an inline image;
 * - `gemtexter.broken-link-markup`: a `'` in an image URL, or backticks in a link, break the attributes of Gemtexter's HTML;
 * - `gemtexter.line-after-list-dropped`: the non-blank line right after a list is replaced by `</ul><br />`;
 * - `gemtexter.unclosed-preformat-dropped`: a ``` block still open at the end of the file is not written;
 * - `gemtexter.missing-final-newline`: a non-blank last line without a line break is never read;
 * - `gemtexter.heading-id-lost`: non-ASCII letters deleted from the id (`Über` → `ber`), or an empty id;
 * - `gemtexter.duplicate-heading-id`: a second heading with the same id (links lead to the first);
 * - `gemtexter.leading-blank-in-pre`: empty lines at the start of a ``` block are not written.
 *
 * Derived from the renderer's own reading of the document (`getGemtexterBlocks`), so the
 * warnings follow the preview exactly, and compared with the spec parser's line types, so
 * nothing is reported where both agree. Linear in the document's size.
 *
 * @example getGemtexterDiagnostics(parseGemtext('#Title\n'), defaultSettings.validate, uri)[0].code // 'gemtexter.marker-without-space'
 */
export function getGemtexterDiagnostics(doc: GemDocument, settings: ValidateSettings, uri: string): Diagnostic[] {
	if (!settings.enabled || settings.gemtexterCompat === 'ignore') {
		return [];
	}
	const lines = getGemtexterLines(doc);
	const indexOf = new Int32Array(doc.lines.length).fill(-1);
	lines.forEach((l, i) => (indexOf[l.line] = i));
	const ctx: Context = { doc, uri, severity: settings.gemtexterCompat, out: [], lines, indexOf };

	const blocks = getGemtexterBlocks(doc);
	const ids = new Map<string, Range>();
	// Index in `lines` of the last line the blocks so far account for.
	let consumed = -1;
	let listAtEnd = false;
	for (const b of blocks) {
		switch (b.kind) {
			case 'text':
				checkTextLine(ctx, b.line);
				consumed = indexOf[b.line];
				break;
			case 'link':
				checkLink(ctx, b);
				consumed = indexOf[b.line];
				break;
			case 'heading':
				checkHeading(ctx, b, ids);
				consumed = indexOf[b.line];
				break;
			case 'quote':
				consumed = indexOf[b.line];
				break;
			case 'list':
				if (b.closed) {
					consumed = indexOf[b.items[b.items.length - 1].line] + 1;
					checkLineAfterList(ctx, consumed);
				} else {
					listAtEnd = true;
				}
				break;
			case 'pre':
				consumed = checkPreBlock(ctx, b);
				break;
		}
	}
	const last = lines[lines.length - 1];
	// Every complete line after the last block belongs to a ``` block Gemtexter never closed.
	const dropped = !listAtEnd && consumed + 1 < lines.length && lines[consumed + 1].complete && reportUnclosedPre(ctx, consumed + 1);
	// An unread ``` matters only when it would close a block with content (an empty block shows nothing).
	if (last && !last.complete && !BLANK.test(last.text) && (dropped || !last.text.startsWith('```'))) {
		report(ctx, spanOf(ctx, lines.length - 1), 'gemtexter.missing-final-newline',
			'Gemtexter never reads a last line that has no line break after it: this line will be missing from the HTML. End the file with a line break.');
	}
	return ctx.out;
}

function report(ctx: Context, range: Range, code: GemtexterDiagnosticCode, message: string, related?: Diagnostic['related']): void {
	ctx.out.push(related ? { range, severity: ctx.severity, code, message, related } : { range, severity: ctx.severity, code, message });
}

/** The spec parser's type of a source line. */
function specType(ctx: Context, line: number): LineType {
	return ctx.doc.lines[line].type;
}

/** The source lines of Gemtexter line `i` (more than one only where a lone CR joined them). */
function spanOf(ctx: Context, i: number): Range {
	const first = ctx.doc.lines[ctx.lines[i].line];
	const next = i + 1 < ctx.lines.length ? ctx.lines[i + 1].line : ctx.doc.lines.length;
	const last = ctx.doc.lines[next - 1];
	return {
		start: { line: first.line, character: first.markerStart - first.start },
		end: { line: last.line, character: last.end - last.start },
	};
}

/**
 * The range of characters `from`–`to` of Gemtexter line `i` (which ends only at LF, keeps the
 * CR of a CRLF and runs on over a lone CR) in the protocol's lines, where `\n`, `\r\n` and a
 * lone `\r` all end a line: each end lands on the source line holding it, within that line.
 */
function inGemtexterLine(ctx: Context, i: number, from: number, to: number): Range {
	const base = ctx.doc.lines[ctx.lines[i].line].start;
	return { start: positionAt(ctx.doc, base + from), end: positionAt(ctx.doc, base + to) };
}

/** A range on one source line from the character offsets `from` and `to` of the raw line. */
function onLine(line: number, from: number, to: number): Range {
	return { start: { line, character: from }, end: { line, character: to } };
}

function quote(s: string): string {
	return JSON.stringify(s);
}

/** A line Gemtexter writes as plain text: did the spec give it a marker? */
function checkTextLine(ctx: Context, lineNo: number): void {
	const type = specType(ctx, lineNo);
	if (type !== 'heading' && type !== 'quote' && type !== 'link' && type !== 'list' && type !== 'preToggle') {
		return;
	}
	const line = ctx.doc.lines[lineNo];
	if (lineNo === 0 && ctx.doc.hasBom) {
		const what = type === 'preToggle' ? 'a preformatting toggle' : `a ${type === 'list' ? 'list item' : type}`;
		report(ctx, onLine(0, 0, line.end - line.start), 'gemtexter.byte-order-mark',
			`The file starts with a byte order mark (U+FEFF), which Gemtexter keeps in the line: it will show this first line as plain text, not as ${what}. Save the file as UTF-8 without a BOM.`);
		return;
	}
	if (type === 'link' && line.url === '') {
		// A bare `=>` links nowhere in any style; syntax.link-without-url reports it.
		return;
	}
	if (type !== 'heading' && type !== 'quote' && type !== 'link') {
		// List items and toggles need the same prefix in both readings; only a BOM parts them.
		return;
	}
	const src = line.source;
	let markerEnd = line.start + (type === 'link' ? 2 : 1);
	if (type === 'heading') {
		while (markerEnd < line.end && src.charCodeAt(markerEnd) === HASH) markerEnd++;
	}
	const marker = src.slice(line.start, markerEnd);
	const what = type === 'heading' ? 'a heading' : type === 'quote' ? 'a quote' : 'a link';
	let message: string;
	if (markerEnd - line.start > 3) {
		message = `Gemtexter knows only the heading markers "# ", "## " and "### ": it will show this line as plain text, where Gemtext reads a level-3 heading. Use at most three "#" followed by a space.`;
	} else if (markerEnd < line.end && src.charCodeAt(markerEnd) === TAB) {
		message = `Gemtexter needs a space, not a tab, after "${marker}": it will show this line as plain text, not as ${what}. Replace the tab after "${marker}" with a space.`;
	} else {
		message = `Gemtexter needs a space after "${marker}": it will show this line as plain text, not as ${what}. Write "${marker} " at the start of the line.`;
	}
	report(ctx, onLine(lineNo, 0, markerEnd - line.start), 'gemtexter.marker-without-space', message);
}

function checkLink(ctx: Context, b: Extract<GemtexterBlock, { kind: 'link' }>): void {
	if (specType(ctx, b.line) !== 'link' || b.link === '') {
		return;
	}
	const i = ctx.indexOf[b.line];
	const text = ctx.lines[i].text;
	// Only spaces and tabs precede the first token, and it starts with neither.
	const from = text.indexOf(b.link, 3);
	const to = from + b.link.length;
	if (gemtexterLinkMarkupBroken(b.link, b.label)) {
		reportBrokenMarkup(ctx, b, inGemtexterLine(ctx, i, from, to));
	}
	if (b.link.includes('\t')) {
		const shown = quote(b.link);
		const label = b.label === '' ? 'and show it as the link text' : `and ${quote(b.label)} as the label`;
		report(ctx, inGemtexterLine(ctx, i, from, to), 'gemtexter.tab-separated-link',
			`Gemtexter separates a link's URL from its label only at a space, not at a tab: it will use ${shown} as the URL ${label}. Put a space between the URL and the label.`);
		return;
	}
	const ext = IMAGE_LIKE.exec(b.link);
	if (ext && !isGemtexterImage(b.link)) {
		const wanted = ext[0].toLowerCase().replace('.jpeg', '.jpg');
		report(ctx, inGemtexterLine(ctx, i, from + ext.index, to), 'gemtexter.image-extension-case',
			`Gemtexter shows a linked image inline only when its URL ends in ".jpg", ".png", ".gif", ".webp" or ".svg", in lower case: this "${ext[0]}" link will be a text link. Rename the file to "${wanted}" (and the link with it) to show it as an image.`);
	}
}

/**
 * Gemtexter writes an image URL raw between single quotes, and marks `code` between backticks
 * on the whole output line, attributes included: a `'` in the URL, or backticks reaching into
 * an attribute, give the published page broken markup that a browser reads as extra attributes.
 */
function reportBrokenMarkup(ctx: Context, b: Extract<GemtexterBlock, { kind: 'link' }>, range: Range): void {
	const causes: string[] = [];
	const fixes: string[] = [];
	if (b.link.includes("'")) {
		causes.push(`it writes this image URL unescaped between single quotes, so its "'" ends the attribute early`);
		fixes.push(`"'" as "%27"`);
	}
	if (b.link.includes('`')) {
		causes.push('it turns text between backticks into inline code even inside the link\'s HTML attributes');
		fixes.push('"`" as "%60"');
	}
	const fix = fixes.length > 0
		? `Percent-encode ${fixes.join(' and ')} in the URL.`
		: 'Remove the backticks from the label.';
	if (causes.length === 0) {
		causes.push('it turns text between backticks into inline code even inside the image\'s alt and title attributes');
	}
	report(ctx, range, 'gemtexter.broken-link-markup',
		`Gemtexter will publish broken HTML for this link: ${causes.join(', and ')}; a browser reads the rest as extra attributes. ${fix}`);
}

/** Where a heading's text starts and ends on its line. */
function headingTextRange(ctx: Context, b: Extract<GemtexterBlock, { kind: 'heading' }>): Range {
	const line = ctx.doc.lines[b.line];
	return onLine(b.line, Math.min(b.level + 1, line.end - line.start), line.end - line.start);
}

/** `ids`: id → the first heading with it. */
function checkHeading(ctx: Context, b: Extract<GemtexterBlock, { kind: 'heading' }>, ids: Map<string, Range>): void {
	if (specType(ctx, b.line) !== 'heading' || BLANK.test(b.text)) {
		return;
	}
	const slug = gemtexterSlug(b.text);
	const range = headingTextRange(ctx, b);
	if (slug === '') {
		report(ctx, range, 'gemtexter.heading-id-lost',
			`Gemtexter gives this heading an empty id: ids keep only ASCII letters, digits and "-" (a space or "'" becomes "-"), so no link can point at it. Add ASCII letters or digits to the heading if you link to it.`);
		return;
	}
	if (NON_ASCII.test(b.text)) {
		const lost = new Set<string>();
		for (const ch of b.text) {
			if (ch.charCodeAt(0) > 127 && WORD_CHAR.test(ch)) lost.add(ch);
		}
		if (lost.size > 0) {
			const chars = [...lost].slice(0, 5).map(quote).join(', ') + (lost.size > 5 ? '…' : '');
			report(ctx, range, 'gemtexter.heading-id-lost',
				`Gemtexter deletes non-ASCII characters from heading ids: this heading's id will be "${slug}", without ${chars}. Links to it must use "#${slug}"; spell the heading with ASCII letters if the id should keep them.`);
		}
	}
	const first = ids.get(slug);
	if (first === undefined) {
		ids.set(slug, range);
		return;
	}
	report(ctx, range, 'gemtexter.duplicate-heading-id',
		`Gemtexter gives this heading the same id as the heading on line ${first.start.line + 1} ("${slug}"), so every link to "#${slug}" leads to the first one. Reword one of the headings so that their ids differ.`,
		[{ uri: ctx.uri, range: first, message: `The first heading with the id "${slug}"` }]);
}

/** `i`: the Gemtexter line right after a closed list, which Gemtexter swallows. */
function checkLineAfterList(ctx: Context, i: number): void {
	const text = ctx.lines[i].text;
	if (BLANK.test(text)) {
		// Replaced by `</ul><br />`, whose `<br />` stands for the blank line: nothing lost.
		return;
	}
	const message = text.startsWith('```')
		? 'Gemtexter drops the first line after a list (it writes "</ul><br />" in its place), so this ``` line will neither open nor close a preformatted block in the HTML, and the lines after it change between text and preformatted. Insert a blank line after the list.'
		: 'Gemtexter drops the first line after a list (it writes "</ul><br />" in its place): this line will be missing from the HTML. Insert a blank line after the list.';
	report(ctx, spanOf(ctx, i), 'gemtexter.line-after-list-dropped', message);
}

/** Reports empty lines at the start of a closed block; returns the index in `lines` of its closing toggle. */
function checkPreBlock(ctx: Context, b: Extract<GemtexterBlock, { kind: 'pre' }>): number {
	const open = ctx.indexOf[b.line];
	let k = open + 1;
	// Gemtexter skips '' only: the "\r" of a CRLF blank line is kept.
	while (ctx.lines[k].text === '') k++;
	const blanks = k - open - 1;
	// A block of only empty lines still shows one (the `<pre>` holds an empty line): no warning.
	if (blanks > 0 && b.lines.length > 0) {
		const fence = ctx.doc.lines[b.line];
		const first = ctx.lines[open + 1].line;
		const last = ctx.lines[k - 1].line;
		const where = blanks === 1 ? `line ${first + 1}` : `lines ${first + 1}–${last + 1}`;
		report(ctx, onLine(b.line, fence.markerStart - fence.start, fence.end - fence.start), 'gemtexter.leading-blank-in-pre',
			`Gemtexter drops the empty ${blanks === 1 ? 'line' : 'lines'} at the start of this preformatted block (${where}): the HTML starts with the first non-empty line. Put a space on ${blanks === 1 ? 'that line' : 'those lines'} if the spacing matters, or remove ${blanks === 1 ? 'it' : 'them'}.`);
	}
	return k + b.lines.length;
}

/**
 * `i`: the ``` line opening a block that Gemtexter is still in at the end of the file. Not
 * reported (returns false) when the block holds only blank lines: Gemtext shows nothing there either.
 */
function reportUnclosedPre(ctx: Context, i: number): boolean {
	const last = ctx.lines[ctx.lines.length - 1];
	const closedUnread = !last.complete && last.text.startsWith('```');
	const end = closedUnread ? ctx.lines.length - 1 : ctx.lines.length;
	let k = i + 1;
	while (k < end && BLANK.test(ctx.lines[k].text)) k++;
	if (k === end) {
		return false;
	}
	const fence = ctx.doc.lines[ctx.lines[i].line];
	const rest = ctx.doc.lines.length - 1 - fence.line;
	const cause = closedUnread
		? 'its closing ``` is on the last line, which has no line break after it, and Gemtexter never reads such a line. End the file with a line break.'
		: 'Gemtexter reads no closing ``` line after it. Add a line starting with ``` where the block should end.';
	report(ctx, onLine(fence.line, fence.markerStart - fence.start, fence.end - fence.start), 'gemtexter.unclosed-preformat-dropped',
		`Gemtexter drops this preformatted block and the rest of the file (${rest} ${rest === 1 ? 'line' : 'lines'}) from the HTML: ${cause}`);
	return true;
}
