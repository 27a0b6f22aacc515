/**
 * Feature results computed on a template's generated document, brought back to the
 * template's own lines. Results inside text printed by code land on the code's lines; a
 * result that would edit printed text is dropped (only the template itself can be edited).
 */
import type { Range } from '../document';
import type { Diagnostic, DocumentLink, FoldingRange, OutlineSymbol, SelectionRange } from '../types';
import type { TemplatePlaceholder, TemplateProblem } from './expand';
import type { TemplateSourceMap } from './sourceMap';

export function mapOutline(symbols: readonly OutlineSymbol[], map: TemplateSourceMap): OutlineSymbol[] {
	return symbols.map((s) => {
		const range = map.toTemplateRange(s.range);
		// Headings printed by code all map to the code's lines: each is selected at its start, so that
		// the headings one piece of code prints (or a line the editor breaks at a lone CR) never overlap.
		const printed = !map.isLiteral(s.selectionRange.start.line);
		const selectionRange = printed ? { start: range.start, end: range.start } : map.toTemplateRange(s.selectionRange);
		return { ...s, range, selectionRange, children: mapOutline(s.children, map) };
	});
}

/**
 * Adds a symbol for each placeholder (code not run) where its output would be, so the
 * Outline says that part of the page is missing from the view.
 */
export function addPlaceholderSymbols(symbols: OutlineSymbol[], placeholders: readonly TemplatePlaceholder[], templateLines: readonly string[]): OutlineSymbol[] {
	for (const p of placeholders) {
		const range: Range = { start: { line: p.line, character: 0 }, end: { line: p.endLine, character: templateLines[p.endLine]?.length ?? 0 } };
		const symbol: OutlineSymbol = {
			name: `Template output (not run): ${firstLine(p.code)}`,
			level: 3,
			kind: 'template-output',
			range,
			selectionRange: range,
			children: [],
		};
		insertByPosition(symbols, symbol);
	}
	return symbols;
}

function firstLine(code: string): string {
	const line = code.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
	const trimmed = line.trim();
	return trimmed.length > 60 ? trimmed.slice(0, 59) + '…' : trimmed;
}

/** Puts `symbol` into the innermost section containing its line, in line order. */
function insertByPosition(siblings: OutlineSymbol[], symbol: OutlineSymbol): void {
	const line = symbol.range.start.line;
	const parent = siblings.find((s) => s.kind !== 'template-output' && s.range.start.line < line && line <= s.range.end.line);
	if (parent) {
		insertByPosition(parent.children, symbol);
		return;
	}
	const at = siblings.findIndex((s) => s.range.start.line > line);
	siblings.splice(at < 0 ? siblings.length : at, 0, symbol);
}

export function mapFoldingRanges(ranges: readonly FoldingRange[], map: TemplateSourceMap): FoldingRange[] {
	const out: FoldingRange[] = [];
	const seen = new Set<string>();
	for (const r of ranges) {
		const start = map.originOf(r.startLine);
		const end = map.originOf(r.endLine);
		if (!start || !end) {
			continue;
		}
		const mapped: FoldingRange = { ...r, startLine: start.from, endLine: end.to };
		const key = `${mapped.startLine}:${mapped.endLine}`;
		if (mapped.endLine > mapped.startLine && !seen.has(key)) {
			seen.add(key);
			out.push(mapped);
		}
	}
	return out;
}

export function mapSelectionRange(range: SelectionRange, map: TemplateSourceMap): SelectionRange {
	const mapped = map.toTemplateRange(range.range);
	const parent = range.parent ? mapSelectionRange(range.parent, map) : undefined;
	// Printed code widens to the code's lines at once: skip parents that did not grow.
	if (parent && sameRange(parent.range, mapped)) {
		return parent;
	}
	return { range: mapped, parent };
}

function sameRange(a: Range, b: Range): boolean {
	return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function mapDocumentLinks(links: readonly DocumentLink[], map: TemplateSourceMap): DocumentLink[] {
	return links.map((l) => ({ ...l, range: map.toTemplateRange(l.range) }));
}

/** Diagnostics of the generated text; those in printed output say so. */
export function mapDiagnostics(diagnostics: readonly Diagnostic[], uri: string, map: TemplateSourceMap): Diagnostic[] {
	return diagnostics.map((d) => {
		const printed = !map.isLiteral(d.range.start.line);
		return {
			...d,
			range: map.toTemplateRange(d.range),
			message: printed ? `In the output of this template code: ${d.message}` : d.message,
			related: d.related?.map((r) => (r.uri === uri ? { ...r, range: map.toTemplateRange(r.range) } : r)),
		};
	});
}

const SEVERITY: Record<TemplateProblem['code'], Diagnostic['severity']> = {
	'template.not-run': 'information',
	'template.run-failed': 'warning',
	'template.no-final-newline': 'warning',
	'template.run-aborted': 'error',
	'template.unclosed-block': 'error',
};

/** Template problems as diagnostics (`template.*` codes). */
export function templateProblemDiagnostics(problems: readonly TemplateProblem[], templateLines: readonly string[]): Diagnostic[] {
	return problems.map((p) => ({
		range: { start: { line: p.line, character: 0 }, end: { line: p.endLine, character: templateLines[p.endLine]?.length ?? 0 } },
		severity: SEVERITY[p.code],
		code: p.code,
		message: p.message,
	}));
}
