/** Result types of the service's features, and the cancellation token its requests take: LSP-shaped but free of LSP imports. */
import type { Range } from './document';

/** A heading in the outline; `range` spans its whole section, `selectionRange` the heading line. */
export interface OutlineSymbol {
	readonly name: string;
	readonly level: 1 | 2 | 3;
	/**
	 * What else than a plain heading the symbol is: `toc`, a table of contents (its heading
	 * and list, as one symbol); `template-output`, where template code that was not run prints.
	 */
	readonly kind?: 'toc' | 'template-output';
	/** A short description shown beside the name (e.g. the number of TOC entries). */
	readonly detail?: string;
	readonly range: Range;
	readonly selectionRange: Range;
	readonly children: OutlineSymbol[];
}

export type FoldingKind = 'region' | 'comment' | 'imports';

export interface FoldingRange {
	readonly startLine: number;
	readonly endLine: number;
	readonly kind?: FoldingKind;
}

export interface SelectionRange {
	readonly range: Range;
	readonly parent?: SelectionRange;
}

/** A clickable link: `target` is an absolute URI string (resolved against the document). */
export interface DocumentLink {
	readonly range: Range;
	readonly target: string;
	readonly tooltip?: string;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface Diagnostic {
	readonly range: Range;
	readonly severity: DiagnosticSeverity;
	/** Stable code, e.g. `syntax.unclosed-preformat`; users silence diagnostics by it. */
	readonly code: string;
	readonly message: string;
	readonly tags?: readonly ('unnecessary' | 'deprecated')[];
	/** Extra positions that explain the problem. */
	readonly related?: readonly { readonly uri: string; readonly range: Range; readonly message: string }[];
}

/** A text replacement in one document. */
export interface TextEdit {
	readonly range: Range;
	readonly newText: string;
}

/** Edits across documents; `createFiles` are created (holding `content`) before `changes` apply. */
export interface WorkspaceEdit {
	readonly changes: { readonly [uri: string]: readonly TextEdit[] };
	readonly createFiles?: readonly { readonly uri: string; readonly content: string }[];
}

/** Minimal cancellation contract; an LSP `CancellationToken` satisfies it. */
export interface CancellationToken {
	readonly isCancellationRequested: boolean;
}
