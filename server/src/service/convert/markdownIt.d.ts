// The part of markdown-it (14.x, CommonJS, no bundled types) the converter uses.
declare module 'markdown-it' {
	interface Token {
		readonly type: string;
		readonly tag: string;
		readonly attrs: [string, string][] | null;
		readonly map: [number, number] | null;
		readonly nesting: 1 | 0 | -1;
		/** Nesting depth of the token (markdown-it stops parsing deeper than `options.maxNesting`). */
		readonly level: number;
		readonly children: Token[] | null;
		readonly content: string;
		readonly info: string;
		readonly markup: string;
		attrGet(name: string): string | null;
	}
	interface Options {
		html?: boolean;
		linkify?: boolean;
		typographer?: boolean;
		maxNesting?: number;
	}
	class MarkdownIt {
		constructor(preset?: 'default' | 'commonmark' | 'zero', options?: Options);
		/** The preset's options merged with the constructor's. */
		readonly options: Options;
		parse(src: string, env: object): Token[];
		parseInline(src: string, env: object): Token[];
	}
	export default MarkdownIt;
	export type { Token };
}
