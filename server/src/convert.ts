/**
 * Service types → LSP types. The service's shapes are LSP-like already; what changes
 * here is enums (severity, kinds) and the optional fields LSP spells differently.
 */
import * as lsp from 'vscode-languageserver';
import type {
	CodeAction,
	CompletionItem,
	Diagnostic,
	DiagnosticSeverity,
	DocumentLink,
	FeedCodeLens,
	FixAllResult,
	FoldingRange,
	Hover,
	WorkspaceEdit,
	OutlineSymbol,
	SelectionRange,
	WorkspaceSymbol,
} from './service';

/** Headings are strings in VS Code's Markdown too; the outline icon says "heading" well enough. */
const HEADING_KIND = lsp.SymbolKind.String;

export function toDocumentSymbol(symbol: OutlineSymbol): lsp.DocumentSymbol {
	return {
		name: symbol.name,
		detail: symbol.detail ?? (symbol.kind === 'template-output' ? '<<' : '#'.repeat(symbol.level)),
		kind: symbol.kind === 'toc' ? lsp.SymbolKind.Namespace : symbol.kind === 'template-output' ? lsp.SymbolKind.Event : HEADING_KIND,
		range: symbol.range,
		selectionRange: symbol.selectionRange,
		children: symbol.children.map(toDocumentSymbol),
	};
}

export function toFoldingRange(range: FoldingRange): lsp.FoldingRange {
	return range.kind ? { startLine: range.startLine, endLine: range.endLine, kind: range.kind } : { startLine: range.startLine, endLine: range.endLine };
}

export function toSelectionRange(range: SelectionRange): lsp.SelectionRange {
	return { range: range.range, parent: range.parent ? toSelectionRange(range.parent) : undefined };
}

export function toDocumentLink(link: DocumentLink): lsp.DocumentLink {
	return { range: link.range, target: link.target, tooltip: link.tooltip };
}

export function toWorkspaceSymbol(symbol: WorkspaceSymbol): lsp.SymbolInformation {
	return { name: symbol.name, kind: HEADING_KIND, location: { uri: symbol.uri, range: symbol.range } };
}

const SEVERITY: Record<DiagnosticSeverity, lsp.DiagnosticSeverity> = {
	error: lsp.DiagnosticSeverity.Error,
	warning: lsp.DiagnosticSeverity.Warning,
	information: lsp.DiagnosticSeverity.Information,
	hint: lsp.DiagnosticSeverity.Hint,
};

export function toDiagnostic(d: Diagnostic): lsp.Diagnostic {
	return {
		range: d.range,
		severity: SEVERITY[d.severity],
		code: d.code,
		source: 'gemtext',
		message: d.message,
		tags: d.tags?.map((t) => (t === 'unnecessary' ? lsp.DiagnosticTag.Unnecessary : lsp.DiagnosticTag.Deprecated)),
		relatedInformation: d.related?.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })),
	};
}

const COMPLETION_KIND: Record<CompletionItem['kind'], lsp.CompletionItemKind> = {
	file: lsp.CompletionItemKind.File,
	folder: lsp.CompletionItemKind.Folder,
	heading: lsp.CompletionItemKind.Reference,
};

export function toCompletionItem(item: CompletionItem): lsp.CompletionItem {
	return {
		label: item.label,
		kind: COMPLETION_KIND[item.kind],
		detail: item.detail,
		sortText: item.sortText,
		textEdit: { range: item.range, newText: item.insertText },
		command: item.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
	};
}

export function toHover(hover: Hover): lsp.Hover {
	return { contents: { kind: lsp.MarkupKind.Markdown, value: hover.contents }, range: hover.range };
}

/** Created files come first (with their content inserted), then the text edits of existing documents. */
export function toWorkspaceEdit(edit: WorkspaceEdit): lsp.WorkspaceEdit {
	const created: (lsp.CreateFile | lsp.TextDocumentEdit)[] = (edit.createFiles ?? []).flatMap((f) => [
		lsp.CreateFile.create(f.uri, { ignoreIfExists: true }),
		lsp.TextDocumentEdit.create({ uri: f.uri, version: null }, [lsp.TextEdit.insert({ line: 0, character: 0 }, f.content)]),
	]);
	const edited = Object.entries(edit.changes).map(([uri, edits]) => lsp.TextDocumentEdit.create({ uri, version: null }, [...edits]));
	return { documentChanges: [...created, ...edited] };
}

export function toCodeAction(action: CodeAction, diagnostics: readonly lsp.Diagnostic[]): lsp.CodeAction {
	const fixed = diagnostics.filter((d) => d === action.diagnostic);
	return {
		title: action.title,
		kind: lsp.CodeActionKind.QuickFix,
		isPreferred: action.isPreferred,
		diagnostics: fixed.length > 0 ? fixed : undefined,
		edit: action.edit ? toWorkspaceEdit(action.edit) : undefined,
		command: action.command ? { title: action.command.title, command: action.command.command, arguments: action.command.arguments?.slice() } : undefined,
	};
}

/** The code action kind of fix-all, as `editor.codeActionsOnSave` names it. */
export const FIX_ALL_KIND = 'source.fixAll.gemtext';

/** Whether a code action request's `only` asks for fix-all (`source`, `source.fixAll` or ours). */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
	return only?.some((kind) => kind === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(kind + '.')) === true;
}

/** The one "Fix all" action, or none when nothing is safe to fix. */
export function toFixAllActions(result: FixAllResult, uri: string): lsp.CodeAction[] {
	if (result.edits.length === 0) {
		return [];
	}
	return [{ title: 'Fix all Gemtext problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: result.edits.map((e) => ({ range: e.range, newText: e.newText })) } } }];
}

export function toCodeLens(lens: FeedCodeLens): lsp.CodeLens {
	return { range: lens.range, command: { title: lens.title, command: lens.command, arguments: [...lens.arguments] } };
}
