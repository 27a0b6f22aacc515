/**
 * HTML (what a browser puts on the clipboard) to Gemtext, parsed by parse5 as a browser
 * would. Block elements become blocks, phrasing content the text of the block around it;
 * scripts, styles, forms and media other than images are dropped.
 */
import { parseFragment, Tokenizer, type DefaultTreeAdapterMap } from 'parse5';
import type { Block, ConversionResult, ConversionWarning, Inline } from './blocks';
import { writeGemtext } from './writer';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** Elements whose content is never text of the page. */
const SKIPPED = new Set(['script', 'style', 'template', 'head', 'title', 'meta', 'link', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'video', 'audio', 'select', 'button', 'input', 'textarea', 'form']);

/** Elements that start a new block (anything else is phrasing content). */
const BLOCK = new Set([
	'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5',
	'h6', 'header', 'hgroup', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul',
]);

/** Elements nested deeper than this are read as their plain text (no recursion without end on hostile HTML). */
const MAX_DEPTH = 200;

/** Inputs larger than this are cut: the clipboard of a whole web app should not stall the server. */
const MAX_HTML_LENGTH = 5 * 1024 * 1024;

/**
 * Gemtext for an HTML fragment (or document).
 *
 * @example `<h2>News</h2><p>Read <a href="https://x.org">this</a>.</p>` → `## News\n\nRead this.\n=> https://x.org this\n`
 */
export function convertHtmlToGemtext(html: string, baseUrl?: string): ConversionResult {
	const warnings: ConversionWarning[] = [];
	if (html.length > MAX_HTML_LENGTH) {
		warnings.push({ message: `HTML longer than ${MAX_HTML_LENGTH} characters: the rest was dropped` });
	}
	const input = html.slice(0, MAX_HTML_LENGTH);
	const scan = scanHtml(input);
	if (scan.maxDepth > MAX_PARSED_DEPTH) {
		// Tree building is quadratic in the nesting depth: such HTML is read as its text alone.
		warnings.push({ message: `HTML nested deeper than ${MAX_PARSED_DEPTH} elements: converted as plain text` });
		return { text: writeGemtext([{ kind: 'paragraph', inlines: [{ kind: 'text', text: scan.text }] }]), warnings };
	}
	const fragment = parseFragment(input);
	const blocks = new HtmlReader(baseUrl).blocks(fragment.childNodes);
	return { text: writeGemtext(blocks), warnings };
}

/** Deeper nesting than this (open tags not yet closed) is not given to the tree builder. */
const MAX_PARSED_DEPTH = 1000;

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** One linear pass of parse5's tokenizer: how deep tags nest at most, and the text. */
function scanHtml(html: string): { maxDepth: number; text: string } {
	let depth = 0;
	let maxDepth = 0;
	const text: string[] = [];
	const onText = (token: { chars: string }): void => {
		text.push(token.chars);
	};
	const tokenizer = new Tokenizer({ sourceCodeLocationInfo: false }, {
		onStartTag(token) {
			if (!token.selfClosing && !VOID_ELEMENTS.has(token.tagName)) {
				depth++;
				maxDepth = Math.max(maxDepth, depth);
			}
		},
		onEndTag() {
			depth = Math.max(0, depth - 1);
		},
		onCharacter: onText,
		onWhitespaceCharacter: onText,
		onNullCharacter: () => undefined,
		onComment: () => undefined,
		onDoctype: () => undefined,
		onEof: () => undefined,
	});
	tokenizer.write(html, true);
	return { maxDepth, text: text.join('') };
}

class HtmlReader {
	readonly #baseUrl: string | undefined;
	#depth = 0;

	constructor(baseUrl: string | undefined) {
		this.#baseUrl = baseUrl;
	}

	/** Blocks of a sequence of nodes: runs of phrasing content become paragraphs. */
	blocks(nodes: readonly Node[]): Block[] {
		const out: Block[] = [];
		let run: Inline[] = [];
		const flush = (): void => {
			if (run.some((i) => i.kind !== 'break' && (i.kind !== 'text' || i.text.trim() !== ''))) {
				out.push({ kind: 'paragraph', inlines: run });
			}
			run = [];
		};
		for (const node of nodes) {
			if (isElement(node) && BLOCK.has(node.tagName)) {
				flush();
				this.#block(node, out);
			} else {
				run.push(...this.inlines([node]));
			}
		}
		flush();
		return out;
	}

	#block(element: Element, out: Block[]): void {
		if (this.#depth >= MAX_DEPTH) {
			out.push({ kind: 'paragraph', inlines: [{ kind: 'text', text: textContent(element).replace(/\s+/g, ' ') }] });
			return;
		}
		this.#depth++;
		try {
			this.#readBlock(element, out);
		} finally {
			this.#depth--;
		}
	}

	#readBlock(element: Element, out: Block[]): void {
		const tag = element.tagName;
		if (/^h[1-6]$/.test(tag)) {
			out.push({ kind: 'heading', level: Number(tag[1]), inlines: this.inlines(element.childNodes) });
		} else if (tag === 'pre') {
			const code = element.childNodes.find((n): n is Element => isElement(n) && n.tagName === 'code');
			const lang = /(?:^|\s)(?:language|lang)-(\S+)/.exec(attr(code ?? element, 'class') ?? '')?.[1] ?? '';
			out.push({ kind: 'code', lang, text: textContent(element).replace(/^\n/, '') });
		} else if (tag === 'blockquote') {
			out.push({ kind: 'quote', blocks: this.blocks(element.childNodes) });
		} else if (tag === 'ul' || tag === 'ol' || tag === 'dl') {
			const items: Inline[][] = [];
			const after: Block[] = [];
			this.#list(element, items, after);
			out.push({ kind: 'list', items }, ...after);
		} else if (tag === 'table') {
			out.push({ kind: 'table', rows: this.#rows(element) });
		} else if (tag === 'hr') {
			return;
		} else {
			out.push(...this.blocks(element.childNodes));
		}
	}

	#list(list: Element, items: Inline[][], after: Block[]): void {
		if (this.#depth >= MAX_DEPTH) {
			items.push([{ kind: 'text', text: textContent(list).replace(/\s+/g, ' ') }]);
			return;
		}
		this.#depth++;
		try {
			this.#listItems(list, items, after);
		} finally {
			this.#depth--;
		}
	}

	#listItems(list: Element, items: Inline[][], after: Block[]): void {
		for (const child of list.childNodes) {
			if (!isElement(child) || !['li', 'dt', 'dd'].includes(child.tagName)) {
				continue;
			}
			const item: Inline[] = [];
			items.push(item);
			for (const node of child.childNodes) {
				if (isElement(node) && (node.tagName === 'ul' || node.tagName === 'ol' || node.tagName === 'dl')) {
					this.#list(node, items, after);
				} else if (isElement(node) && (node.tagName === 'pre' || node.tagName === 'table')) {
					this.#block(node, after);
				} else if (isElement(node) && BLOCK.has(node.tagName)) {
					item.push({ kind: 'text', text: ' ' }, ...this.blocks([node]).flatMap((b) => ('inlines' in b ? b.inlines : [])));
				} else {
					item.push(...this.inlines([node]));
				}
			}
		}
	}

	#rows(table: Element): Inline[][][] {
		const rows: Inline[][][] = [];
		const visit = (element: Element): void => {
			for (const child of element.childNodes) {
				if (!isElement(child)) continue;
				if (child.tagName === 'tr') {
					rows.push(child.childNodes.filter((c): c is Element => isElement(c) && (c.tagName === 'td' || c.tagName === 'th')).map((c) => this.inlines(c.childNodes)));
				} else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
					visit(child);
				}
			}
		};
		visit(table);
		return rows;
	}

	/** Phrasing content: whitespace collapses as a browser collapses it; block elements inside read as their text. */
	inlines(nodes: readonly Node[]): Inline[] {
		const out: Inline[] = [];
		for (const node of nodes) {
			if (node.nodeName === '#text') {
				out.push({ kind: 'text', text: (node as DefaultTreeAdapterMap['textNode']).value.replace(/\s+/g, ' ') });
			} else if (isElement(node) && !SKIPPED.has(node.tagName)) {
				if (this.#depth >= MAX_DEPTH) {
					out.push({ kind: 'text', text: textContent(node).replace(/\s+/g, ' ') });
					continue;
				}
				this.#depth++;
				try {
					out.push(...this.#inlineElement(node));
				} finally {
					this.#depth--;
				}
			}
		}
		return out;
	}

	#inlineElement(node: Element): Inline[] {
		if (node.tagName === 'br') {
			return [{ kind: 'break' }];
		}
		if (node.tagName === 'img') {
			return [{ kind: 'image', url: this.#url(attr(node, 'src')), alt: attr(node, 'alt') ?? '' }];
		}
		if (node.tagName === 'a') {
			return [{ kind: 'link', url: this.#url(attr(node, 'href')), children: this.inlines(node.childNodes) }];
		}
		const children = this.inlines(node.childNodes);
		return BLOCK.has(node.tagName) ? [{ kind: 'text', text: ' ' }, ...children] : children;
	}

	/** An absolute URL when a base is known; `javascript:` and other script URLs are dropped. */
	#url(value: string | undefined): string {
		const raw = (value ?? '').trim();
		if (raw === '' || /^(javascript|vbscript|data):/i.test(raw)) {
			return '';
		}
		let url = raw;
		if (this.#baseUrl) {
			try {
				url = new URL(raw, this.#baseUrl).toString();
			} catch {
				url = raw;
			}
		}
		// A Gemtext link URL ends at whitespace.
		return url.replace(/\s/g, (c) => encodeURIComponent(c));
	}
}

function isElement(node: Node): node is Element {
	return 'tagName' in node;
}

function attr(element: Element, name: string): string | undefined {
	return element.attrs.find((a) => a.name === name)?.value;
}

/** The text of a subtree, `<br>` as a line break, without recursion (the tree may be deep). */
function textContent(root: Node): string {
	const parts: string[] = [];
	const stack: Node[] = [root];
	while (stack.length > 0) {
		const node = stack.pop() as Node;
		if (node.nodeName === '#text') {
			parts.push((node as DefaultTreeAdapterMap['textNode']).value);
		} else if (isElement(node) && !SKIPPED.has(node.tagName)) {
			if (node.tagName === 'br') parts.push('\n');
			for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
		}
	}
	return parts.join('');
}
