/**
 * What the Markdown and HTML readers produce and the Gemtext writer consumes: the few
 * block and inline kinds Gemtext can express, so that both readers share one writer.
 */

/** Inline content: text, links (kept as text, their URL written after the block), images, line breaks. */
export type Inline =
	| { readonly kind: 'text'; readonly text: string }
	| { readonly kind: 'link'; readonly url: string; readonly children: readonly Inline[] }
	| { readonly kind: 'image'; readonly url: string; readonly alt: string }
	| { readonly kind: 'break' };

export type Block =
	| { readonly kind: 'heading'; readonly level: number; readonly inlines: readonly Inline[] }
	| { readonly kind: 'paragraph'; readonly inlines: readonly Inline[] }
	/** Every item of a list, nested ones flattened in document order. */
	| { readonly kind: 'list'; readonly items: readonly (readonly Inline[])[] }
	| { readonly kind: 'code'; readonly lang: string; readonly text: string }
	| { readonly kind: 'quote'; readonly blocks: readonly Block[] }
	/** Rows of cells; links in cells are written after the table. */
	| { readonly kind: 'table'; readonly rows: readonly (readonly (readonly Inline[])[])[] };

/** Something the conversion could not keep, with the 0-based source line when known. */
export interface ConversionWarning {
	readonly message: string;
	readonly line?: number;
}

/** The Gemtext text and what was dropped on the way. */
export interface ConversionResult {
	readonly text: string;
	readonly warnings: readonly ConversionWarning[];
}
