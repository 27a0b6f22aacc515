// The part of markdown-it (14.x, CommonJS, no bundled types) the converter uses.
declare module 'markdown-it' {
	interface Token {
		readonly type: string;
		readonly tag: string;
		readonly attrs: [string, string][] | null;
		readonly map: [number, number] | null;
		readonly nesting: 1 | 0 | -1;
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
	}
	class MarkdownIt {
		constructor(preset?: 'default' | 'commonmark' | 'zero', options?: Options);
		parse(src: string, env: object): Token[];
		parseInline(src: string, env: object): Token[];
	}
	export default MarkdownIt;
	export type { Token };
}
