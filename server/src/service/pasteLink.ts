/**
 * Pasting a URL into Gemtext: on a selection it becomes `=> url selection`, on an empty
 * line `=> url`. Links are lines in Gemtext, so a selection inside a longer line stays as
 * it is and the link line follows that line.
 */
import type { GemDocument, Range } from './document';

/** What a URL paste does: `text` replaces the selection; `lineAfter` is a line inserted after the selection's line. */
export interface UrlPasteEdit {
	readonly text: string;
	readonly lineAfter?: string;
}

/** Longest URL turned into a link; longer clipboard text is pasted as it is. */
const MAX_URL_LENGTH = 8192;

/**
 * The clipboard text as a URL to link to, or `undefined` when it is not one absolute URL
 * (`https://…`, `gemini://…`, `mailto:…`; no whitespace; no script scheme).
 */
export function pastedUrl(clipboard: string): string | undefined {
	const url = clipboard.trim();
	if (url === '' || url.length > MAX_URL_LENGTH || /\s/.test(url)) {
		return undefined;
	}
	const scheme = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(url);
	if (!scheme || /^(javascript|vbscript|data|file)$/i.test(scheme[1])) {
		return undefined;
	}
	// `host:port` or `C:\x` are not links; hierarchical URLs carry `//`, a few schemes are known without it.
	const rest = scheme[2];
	return rest.startsWith('//') ? (rest.length > 2 ? url : undefined) : /^(mailto|xmpp|tel|news|magnet|urn)$/i.test(scheme[1]) && rest !== '' ? url : undefined;
}

/**
 * The edit pasting `clipboard` at `selection` makes, or `undefined` for a plain paste
 * (not a URL, inside a preformatted block, in the middle of a line without a selection,
 * or a selection spanning lines).
 *
 * @example `Gemini` selected on a line of its own, `gemini://x` pasted → `=> gemini://x Gemini`
 */
export function getUrlPasteEdit(doc: GemDocument, selection: Range, clipboard: string): UrlPasteEdit | undefined {
	const url = pastedUrl(clipboard);
	// A line selected with its line break (triple click) ends at the start of the next line: the
	// edit is computed for the line alone and the line break it replaces is written back.
	const first = doc.lines[selection.start.line];
	if (first && selection.end.line === selection.start.line + 1 && selection.end.character === 0) {
		const edit = getUrlPasteEdit(doc, { start: selection.start, end: { line: selection.start.line, character: first.end - first.start } }, clipboard);
		return edit && { text: edit.text + '\n' + (edit.lineAfter !== undefined ? edit.lineAfter + '\n' : '') };
	}
	const line = doc.lines[selection.start.line];
	if (!url || !line || selection.end.line !== selection.start.line || line.type === 'preText' || line.type === 'preToggle') {
		return undefined;
	}
	const text = line.text;
	const before = text.slice(0, selection.start.character);
	const selected = text.slice(selection.start.character, selection.end.character);
	const after = text.slice(selection.end.character);
	if (selected.trim() === '') {
		// An empty line (the cursor at its start): the link is the line.
		return text.trim() === '' && before === '' ? { text: `=> ${url}` } : undefined;
	}
	const wholeLine = before === '' && after.trim() === '';
	if (wholeLine && line.type === 'text') {
		return { text: `=> ${url} ${selected.trim().replace(/\s+/g, ' ')}` };
	}
	// A whole heading, item or quote stays; its text without the marker labels the link after it.
	const label = (wholeLine && line.type !== 'link' ? line.content : selected).trim().replace(/\s+/g, ' ');
	return label === '' ? undefined : { text: selected, lineAfter: `=> ${url} ${label}` };
}
