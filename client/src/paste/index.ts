/**
 * Paste and drop into Gemtext through VS Code's document paste and drop edit providers,
 * so the user can always switch to plain text in the paste widget:
 * - files and images (Explorer, OS, clipboard) → `=> path label`, copied in when outside;
 * - a URL over a selection → `=> url selection`, on an empty line → `=> url`;
 * - HTML or Markdown → "Paste as Gemtext" (offered, not the default).
 */
import * as vscode from 'vscode';
import { LANGUAGE_IDS } from '../languages';
import { asInsertedLines, filesOf, linkFiles } from './fileLinks';
import type { IPasteRequests } from './requests';

export type { IPasteRequests } from './requests';

/** Kinds of the edits, for `editor.pasteAs.preferences` / `editor.dropIntoEditor.preferences`. */
export const LINK_URL_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('gemtext', 'link', 'uri');
export const LINK_FILE_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('gemtext', 'link', 'file');
export const CONVERT_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('gemtext', 'convert');

const SELECTOR: vscode.DocumentSelector = LANGUAGE_IDS.map((language) => ({ language }));

/** Pasted text longer than this is not converted (the server would block on it). */
const MAX_CONVERTED_LENGTH = 2 * 1024 * 1024;

export class GemtextPasteProvider implements vscode.DocumentPasteEditProvider {
	readonly #requests: IPasteRequests;

	constructor(requests: IPasteRequests) {
		this.#requests = requests;
	}

	async provideDocumentPasteEdits(document: vscode.TextDocument, ranges: readonly vscode.Range[], dataTransfer: vscode.DataTransfer, context: vscode.DocumentPasteEditContext, token: vscode.CancellationToken): Promise<vscode.DocumentPasteEdit[] | undefined> {
		const wants = (kind: vscode.DocumentDropOrPasteEditKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
		const edits: vscode.DocumentPasteEdit[] = [];
		const uriList = await dataTransfer.get('text/uri-list')?.asString();
		const files = wants(LINK_FILE_KIND) && ranges.length === 1 ? filesOf(dataTransfer, uriList) : [];
		if (files.length > 0) {
			const links = await linkFiles(document, files, this.#requests, token);
			if (links && !token.isCancellationRequested) {
				const edit = new vscode.DocumentPasteEdit(asInsertedLines(document, ranges[0].start, links.lines), links.copies ? 'Insert Gemtext link (copy file into the capsule)' : 'Insert Gemtext link', LINK_FILE_KIND);
				edit.additionalEdit = links.copies;
				edits.push(edit);
			}
		}
		const text = await dataTransfer.get('text/plain')?.asString();
		if (files.length === 0 && text !== undefined && wants(LINK_URL_KIND) && ranges.length === 1) {
			const range = ranges[0];
			const result = await this.#requests.urlPasteEdit({ uri: document.uri.toString(), range: { start: range.start, end: range.end }, text }, token);
			if (result) {
				const edit = new vscode.DocumentPasteEdit(result.text, 'Insert Gemtext link', LINK_URL_KIND);
				if (result.lineAfter !== undefined) {
					const additional = new vscode.WorkspaceEdit();
					additional.insert(document.uri, document.lineAt(range.end.line).range.end, '\n' + result.lineAfter);
					edit.additionalEdit = additional;
				}
				edits.push(edit);
			}
		}
		if (wants(CONVERT_KIND)) {
			const convert = await this.#convert(dataTransfer, text, token);
			if (convert !== undefined) {
				const edit = new vscode.DocumentPasteEdit(convert.text, convertTitle(convert.warnings), CONVERT_KIND);
				// Offered in the paste widget; plain text stays the default paste.
				edit.yieldTo = [vscode.DocumentDropOrPasteEditKind.Text];
				edits.push(edit);
			}
		}
		return edits.length > 0 && !token.isCancellationRequested ? edits : undefined;
	}

	/** Gemtext for HTML on the clipboard, else for Markdown text that conversion changes, with what the conversion left out. */
	async #convert(dataTransfer: vscode.DataTransfer, text: string | undefined, token: vscode.CancellationToken): Promise<Converted | undefined> {
		// Copied in VS Code: its HTML is the editor's colouring, and Gemtext is not Markdown to convert.
		const editorData = await dataTransfer.get('vscode-editor-data')?.asString();
		if (editorData !== undefined) {
			const mode = copiedLanguage(editorData);
			return mode === 'markdown' && text !== undefined ? this.#convertMarkdown(text, token) : undefined;
		}
		const html = await dataTransfer.get('text/html')?.asString();
		if (html !== undefined && html.trim() !== '' && html.length <= MAX_CONVERTED_LENGTH) {
			const result = await this.#requests.convertToGemtext({ text: html, from: 'html' }, token);
			if (result.text.trim() !== '') return result;
		}
		return text === undefined ? undefined : this.#convertMarkdown(text, token);
	}

	async #convertMarkdown(text: string, token: vscode.CancellationToken): Promise<Converted | undefined> {
		if (text.trim() === '' || text.length > MAX_CONVERTED_LENGTH) {
			return undefined;
		}
		const result = await this.#requests.convertToGemtext({ text, from: 'markdown' }, token);
		const same = (a: string) => a.replace(/\r\n/g, '\n').trim();
		return result.text.trim() !== '' && same(result.text) !== same(text) ? result : undefined;
	}
}

/** A conversion's Gemtext and what it left out. */
interface Converted {
	readonly text: string;
	readonly warnings: readonly { readonly message: string }[];
}

/**
 * The paste widget's title for a conversion: what was left out shows where the paste is chosen
 * (`Paste as Gemtext (1 warning: HTML block dropped)`), as the Convert command shows it in a message.
 */
export function convertTitle(warnings: readonly { readonly message: string }[]): string {
	if (warnings.length === 0) {
		return 'Paste as Gemtext';
	}
	const first = warnings[0].message.length > 60 ? warnings[0].message.slice(0, 59) + '…' : warnings[0].message;
	return `Paste as Gemtext (${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}: ${first}${warnings.length > 1 ? ', …' : ''})`;
}

/** The language of the editor text was copied from (`vscode-editor-data` is `{"mode": "markdown", …}`). */
function copiedLanguage(editorData: string): string | undefined {
	try {
		const mode: unknown = (JSON.parse(editorData) as { mode?: unknown }).mode;
		return typeof mode === 'string' ? mode : undefined;
	} catch {
		return undefined;
	}
}

export class GemtextDropProvider implements vscode.DocumentDropEditProvider {
	readonly #requests: IPasteRequests;

	constructor(requests: IPasteRequests) {
		this.#requests = requests;
	}

	async provideDocumentDropEdits(document: vscode.TextDocument, position: vscode.Position, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<vscode.DocumentDropEdit | undefined> {
		const uriList = await dataTransfer.get('text/uri-list')?.asString();
		const files = filesOf(dataTransfer, uriList);
		if (files.length === 0) {
			return undefined;
		}
		const links = await linkFiles(document, files, this.#requests, token);
		if (!links || token.isCancellationRequested) {
			return undefined;
		}
		const edit = new vscode.DocumentDropEdit(asInsertedLines(document, position, links.lines), links.copies ? 'Insert Gemtext link (copy file into the capsule)' : 'Insert Gemtext link', LINK_FILE_KIND);
		edit.additionalEdit = links.copies;
		return edit;
	}
}

/** Registers the paste and drop providers; the returned object also exposes them for the e2e tests. */
export function registerPasteAndDrop(requests: IPasteRequests): vscode.Disposable & { readonly paste: GemtextPasteProvider; readonly drop: GemtextDropProvider } {
	const paste = new GemtextPasteProvider(requests);
	const drop = new GemtextDropProvider(requests);
	const disposable = vscode.Disposable.from(
		vscode.languages.registerDocumentPasteEditProvider(SELECTOR, paste, {
			providedPasteEditKinds: [LINK_URL_KIND, LINK_FILE_KIND, CONVERT_KIND],
			pasteMimeTypes: ['text/plain', 'text/uri-list', 'text/html', 'files'],
		}),
		vscode.languages.registerDocumentDropEditProvider(SELECTOR, drop, {
			providedDropEditKinds: [LINK_FILE_KIND],
			dropMimeTypes: ['text/uri-list', 'files'],
		}),
	);
	return Object.assign(disposable, { paste, drop });
}
