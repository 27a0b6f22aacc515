/**
 * Fix all: every safe quick fix of a document at once (`source.fixAll.gemtext` on save,
 * `gemtext check --fix`). Safe means deterministic: the diagnostic has exactly one fix,
 * an edit of this document alone, with nothing to choose. Creating a file, picking among
 * several close paths or headings, regenerating from a template are left to the user.
 */
import type { CodeAction } from './codeActions';
import type { Range } from './document';
import type { Diagnostic, TextEdit } from './types';

/** The diagnostic codes whose quick fix is a single certain edit. */
export const SAFE_FIX_CODES: ReadonlySet<string> = new Set([
	'link.case-mismatch',
	'link.unencoded-space',
	'link.invalid-character',
	'link.bad-percent-encoding',
	'gemtexter.missing-final-newline',
	'gemtexter.marker-without-space',
	'gemtexter.broken-link-markup',
	'markdown.link',
]);

/** What fix-all does to one document. */
export interface FixAllResult {
	/** Non-overlapping edits, in document order. */
	readonly edits: readonly TextEdit[];
	/** One entry per diagnostic fixed, in document order. */
	readonly fixed: readonly { readonly code: string; readonly range: Range }[];
}

/** The diagnostics fix-all may fix. */
export function safeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
	return diagnostics.filter((d) => SAFE_FIX_CODES.has(String(d.code ?? '')));
}

/**
 * Merges the quick fixes of `uri` into one set of edits: per diagnostic only a lone fix
 * that edits this document alone; a fix overlapping one already taken waits for the next
 * run (the editor's next save, the CLI's next pass).
 */
export function mergeSafeFixes(uri: string, actions: readonly CodeAction[]): FixAllResult {
	const byDiagnostic = new Map<object, CodeAction[]>();
	for (const action of actions) {
		if (!action.diagnostic || !SAFE_FIX_CODES.has(String(action.diagnostic.code ?? ''))) {
			continue;
		}
		const list = byDiagnostic.get(action.diagnostic) ?? [];
		list.push(action);
		byDiagnostic.set(action.diagnostic, list);
	}
	const candidates: { code: string; range: Range; edits: readonly TextEdit[] }[] = [];
	for (const list of byDiagnostic.values()) {
		const [action] = list;
		const edit = action.edit;
		if (list.length !== 1 || !edit || action.command || edit.createFiles?.length || Object.keys(edit.changes).some((u) => u !== uri)) {
			continue;
		}
		const edits = edit.changes[uri] ?? [];
		if (edits.length > 0) {
			candidates.push({ code: String(action.diagnostic?.code), range: action.diagnostic!.range, edits });
		}
	}
	candidates.sort((a, b) => compare(a.edits[0].range.start, b.edits[0].range.start));
	const taken: TextEdit[] = [];
	const fixed: { code: string; range: Range }[] = [];
	for (const c of candidates) {
		if (c.edits.some((e) => taken.some((t) => overlaps(e.range, t.range)))) {
			continue;
		}
		taken.push(...c.edits);
		fixed.push({ code: c.code, range: c.range });
	}
	taken.sort((a, b) => compare(a.range.start, b.range.start) || compare(a.range.end, b.range.end));
	return { edits: taken, fixed };
}

function compare(a: Range['start'], b: Range['start']): number {
	return a.line - b.line || a.character - b.character;
}

/** Ranges that share more than a point, or two insertions at the same point (their order would be a guess). */
function overlaps(a: Range, b: Range): boolean {
	if (compare(a.start, a.end) === 0 && compare(b.start, b.end) === 0) {
		return compare(a.start, b.start) === 0;
	}
	return compare(a.start, b.end) < 0 && compare(b.start, a.end) < 0;
}

/**
 * `text` with sorted, non-overlapping `edits` applied (lines counted as the parser counts
 * them: LF, CRLF and a lone CR). For hosts that write files themselves (the CLI).
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
	}
	const offset = (p: Range['start']): number => Math.min(text.length, p.line < starts.length ? starts[p.line] + p.character : text.length);
	let out = '';
	let pos = 0;
	for (const e of edits) {
		const from = Math.max(pos, offset(e.range.start));
		out += text.slice(pos, from) + e.newText;
		pos = Math.max(from, offset(e.range.end));
	}
	return out + text.slice(pos);
}
