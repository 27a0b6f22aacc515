/**
 * Markdown (CommonMark + GFM tables, strikethrough and autolinks, parsed by markdown-it)
 * to Gemtext. Reference links arrive resolved from the parser; front matter (YAML between
 * `---` lines at the very top) becomes the title heading when the document has no `#`.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import type { Block, ConversionResult, ConversionWarning, Inline } from './blocks';
import { writeGemtext } from './writer';

let parser: MarkdownIt | undefined;

function markdownIt(): MarkdownIt {
	// `html` so that HTML blocks arrive as tokens we can drop with a warning rather than as text.
	parser ??= new MarkdownIt('default', { html: true, linkify: true, typographer: false });
	return parser;
}

/**
 * Gemtext for a Markdown document.
 *
 * @example `# Title\n\nSee [the docs](https://x.org/docs).` → `# Title\n\nSee the docs.\n=> https://x.org/docs the docs\n`
 */
export function convertMarkdownToGemtext(markdown: string): ConversionResult {
	const source = markdown.replace(/^\uFEFF/, '');
	const frontMatter = splitFrontMatter(source);
	const warnings: ConversionWarning[] = [];
	const parser = markdownIt();
	const tokens = parser.parse(frontMatter.body, {});
	// markdown-it stops descending at `maxNesting` and drops what lies deeper without a word.
	const limit = parser.options.maxNesting ?? 100;
	if (tokens.some((t) => t.level >= limit - 1 || (t.children?.some((c) => c.level >= limit - 1) ?? false))) {
		warnings.push({ message: `Markdown nested deeper than ${limit} levels: what lies deeper was dropped` });
	}
	const reader = new TokenReader(tokens, frontMatter.bodyLine, warnings);
	const blocks = reader.blocks(tokens.length);
	if (frontMatter.title !== undefined && !blocks.some((b) => b.kind === 'heading' && b.level === 1)) {
		blocks.unshift({ kind: 'heading', level: 1, inlines: [{ kind: 'text', text: frontMatter.title }] });
	}
	return { text: writeGemtext(blocks), warnings };
}

interface FrontMatter {
	readonly body: string;
	/** Source line of the body's first line. */
	readonly bodyLine: number;
	readonly title?: string;
}

/** YAML front matter is not Markdown: it is cut by lines before the parser sees the text. */
function splitFrontMatter(source: string): FrontMatter {
	const lines = source.split(/\r?\n/);
	if (lines[0]?.trimEnd() !== '---') {
		return { body: source, bodyLine: 0 };
	}
	const end = lines.findIndex((l, i) => i > 0 && (l.trimEnd() === '---' || l.trimEnd() === '...'));
	if (end === -1) {
		return { body: source, bodyLine: 0 };
	}
	let title: string | undefined;
	for (const line of lines.slice(1, end)) {
		const colon = line.indexOf(':');
		if (colon > 0 && line.slice(0, colon).trim() === 'title') {
			title = unquote(line.slice(colon + 1).trim()) || undefined;
		}
	}
	return { body: lines.slice(end + 1).join('\n'), bodyLine: end + 1, title };
}

function unquote(value: string): string {
	if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
		return value.slice(1, -1);
	}
	return value;
}

/** Walks markdown-it's flat token stream (open/close pairs) into blocks. */
class TokenReader {
	#i = 0;
	readonly #tokens: readonly Token[];
	readonly #lineOffset: number;
	readonly #warnings: ConversionWarning[];

	constructor(tokens: readonly Token[], lineOffset: number, warnings: ConversionWarning[]) {
		this.#tokens = tokens;
		this.#lineOffset = lineOffset;
		this.#warnings = warnings;
	}

	/** Blocks until index `end` (exclusive) or the close token of the current container. */
	blocks(end: number): Block[] {
		const out: Block[] = [];
		while (this.#i < end) {
			const token = this.#tokens[this.#i];
			if (token.nesting === -1) {
				break;
			}
			this.#block(token, out);
		}
		return out;
	}

	#block(token: Token, out: Block[]): void {
		switch (token.type) {
			case 'heading_open': {
				const inline = this.#tokens[this.#i + 1];
				this.#i += 3;
				out.push({ kind: 'heading', level: Number(token.tag.slice(1)) || 1, inlines: this.#inlines(inline) });
				return;
			}
			case 'paragraph_open': {
				const inline = this.#tokens[this.#i + 1];
				this.#i += 3;
				out.push({ kind: 'paragraph', inlines: this.#inlines(inline) });
				return;
			}
			case 'fence':
			case 'code_block':
				this.#i++;
				out.push({ kind: 'code', lang: token.type === 'fence' ? token.info.trim().split(/\s/)[0] ?? '' : '', text: token.content });
				return;
			case 'blockquote_open': {
				this.#i++;
				const blocks = this.blocks(this.#tokens.length);
				this.#i++;
				out.push({ kind: 'quote', blocks });
				return;
			}
			case 'bullet_list_open':
			case 'ordered_list_open': {
				const items: Inline[][] = [];
				const nestedBlocks: Block[] = [];
				this.#list(items, nestedBlocks);
				out.push({ kind: 'list', items });
				out.push(...nestedBlocks);
				return;
			}
			case 'table_open':
				out.push({ kind: 'table', rows: this.#table() });
				return;
			case 'html_block':
				this.#i++;
				if (!isComment(token.content)) {
					this.#warn('HTML block dropped', token);
				}
				return;
			case 'hr':
				this.#i++;
				return;
			default:
				// Containers we do not know (from a future parser version): read through their content.
				this.#i++;
				if (token.nesting === 1) {
					out.push(...this.blocks(this.#tokens.length));
					this.#i++;
				}
		}
	}

	/** Every item of the list at the cursor (nested lists flattened into `items`; code and tables inside items go to `after`). */
	#list(items: Inline[][], after: Block[]): void {
		this.#i++; // list open
		while (this.#i < this.#tokens.length && this.#tokens[this.#i].type === 'list_item_open') {
			this.#i++;
			let current: Inline[] | undefined;
			while (this.#i < this.#tokens.length && this.#tokens[this.#i].type !== 'list_item_close') {
				const token = this.#tokens[this.#i];
				if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') {
					this.#list(items, after);
					current = undefined;
				} else if (token.type === 'paragraph_open') {
					const inlines = this.#inlines(this.#tokens[this.#i + 1]);
					this.#i += 3;
					if (current) {
						current.push({ kind: 'text', text: ' ' }, ...inlines);
					} else {
						current = [...inlines];
						items.push(current);
					}
				} else if (token.nesting === -1) {
					this.#i++;
				} else {
					const blocks: Block[] = [];
					this.#block(token, blocks);
					after.push(...blocks);
				}
			}
			this.#i++; // item close
		}
		this.#i++; // list close
	}

	#table(): Inline[][][] {
		const rows: Inline[][][] = [];
		let row: Inline[][] | undefined;
		while (this.#i < this.#tokens.length) {
			const token = this.#tokens[this.#i++];
			if (token.type === 'table_close') {
				break;
			}
			if (token.type === 'tr_open') {
				row = [];
				rows.push(row);
			} else if (token.type === 'inline' && row) {
				row.push(this.#inlines(token));
			}
		}
		return rows;
	}

	#inlines(token: Token | undefined): Inline[] {
		if (!token || token.type !== 'inline') {
			return [];
		}
		const children = token.children ?? [];
		let i = 0;
		const read = (until: string | undefined): Inline[] => {
			const out: Inline[] = [];
			while (i < children.length) {
				const child = children[i++];
				if (child.type === until) {
					break;
				}
				switch (child.type) {
					case 'text':
					case 'code_inline':
						out.push({ kind: 'text', text: child.content });
						break;
					case 'softbreak':
					case 'hardbreak':
						out.push({ kind: 'break' });
						break;
					case 'image':
						out.push({ kind: 'image', url: child.attrGet('src') ?? '', alt: child.content });
						break;
					case 'link_open':
						out.push({ kind: 'link', url: child.attrGet('href') ?? '', children: read('link_close') });
						break;
					case 'html_inline':
						if (!isComment(child.content)) {
							this.#warn(`inline HTML dropped: ${child.content}`, token);
						}
						break;
					default:
						// Emphasis, strong, strikethrough markers: the text between them is kept.
						break;
				}
			}
			return out;
		};
		return read(undefined);
	}

	#warn(message: string, token: Token): void {
		this.#warnings.push({ message, line: token.map ? token.map[0] + this.#lineOffset : undefined });
	}
}

function isComment(html: string): boolean {
	const trimmed = html.trim();
	return trimmed.startsWith('<!--') && trimmed.endsWith('-->');
}
