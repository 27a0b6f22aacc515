/**
 * HTML (what a browser puts on the clipboard) to Gemtext, parsed by parse5 as a browser
 * would. Block elements become blocks, phrasing content the text of the block around it;
 * scripts, styles, forms and media other than images are dropped.
 */
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
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
	const fragment = parseFragment(html.slice(0, MAX_HTML_LENGTH));
	const blocks = new HtmlReader(baseUrl).blocks(fragment.childNodes);
	return { text: writeGemtext(blocks), warnings };
}

class HtmlReader {
	readonly #baseUrl: string | undefined;

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
				if (node.tagName === 'br') {
					out.push({ kind: 'break' });
				} else if (node.tagName === 'img') {
					out.push({ kind: 'image', url: this.#url(attr(node, 'src')), alt: attr(node, 'alt') ?? '' });
				} else if (node.tagName === 'a') {
					out.push({ kind: 'link', url: this.#url(attr(node, 'href')), children: this.inlines(node.childNodes) });
				} else {
					if (BLOCK.has(node.tagName)) out.push({ kind: 'text', text: ' ' });
					out.push(...this.inlines(node.childNodes));
				}
			}
		}
		return out;
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

function textContent(node: Node): string {
	if (node.nodeName === '#text') {
		return (node as DefaultTreeAdapterMap['textNode']).value;
	}
	if (isElement(node)) {
		if (node.tagName === 'br') return '\n';
		return node.childNodes.map(textContent).join('');
	}
	return '';
}
