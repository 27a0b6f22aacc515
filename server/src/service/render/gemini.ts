/**
 * The Gemini preview style: what a good Gemini client shows, from the spec-exact parse
 * (docs/gemtext.md, "The format"), as semantic HTML. Nothing is invented: no inline markup, no images,
 * no paragraph joining; one block per source line, grouped only where the spec's line
 * types are naturally runs (list items, quote lines, preformatted blocks).
 */
import type { GemDocument, GemLine } from '../document';
import { getGeminiHeadingIds } from '../slug';
import { escapeAttr, escapeHtml, joinLines, safeHref } from './html';

export interface GeminiRenderOptions {
	/** Stamp `data-line="N"` (0-based source line) on each block element, for scroll sync. */
	readonly lineNumbers?: boolean;
	/** The source line a document line stamps (a template's line for its generated document). */
	readonly sourceLine?: (line: number) => number;
	/** Text lines standing for template code that was not run: marked `class="template-output"`. */
	readonly placeholderLines?: ReadonlySet<number>;
}

/**
 * A blank (or whitespace-only) line is `<p class="blank"><br></p>`: an empty `<p>` has no
 * height and would vanish, while a `<br>` inside keeps exactly one line of space with
 * any stylesheet (or none), and the block can still carry `data-line`.
 */
const BLANK = '<br>';

/** Characters allowed in a highlighter class name taken from alt text (`c++`, `c#`, `objective-c`). */
const LANGUAGE = /^[\w+#.-]+$/;

/**
 * Renders `doc` as semantic HTML: `h1`–`h3` with unique ids, a `p` per text line,
 * `ul/li` for runs of `* ` lines, one `blockquote` (a `p` per line) for runs of quote
 * lines, `pre` for ``` blocks (alt text as `aria-label`, its first word as
 * `class="language-x"` for a client-side highlighter), and `<p class="link">` per link.
 *
 * @example renderGemini(parseGemtext('=> gemini://a.b Home\n')) // '<p class="link"><a href="gemini://a.b">Home</a></p>\n'
 */
export function renderGemini(doc: GemDocument, options: GeminiRenderOptions = {}): string {
	return joinLines(geminiLines(doc, options));
}

/** The output lines of `renderGemini`, one at a time, so a caller can pause between them. */
export function* geminiLines(doc: GemDocument, options: GeminiRenderOptions = {}): Generator<string, void, undefined> {
	const source = options.sourceLine ?? ((line: number) => line);
	const stamp = options.lineNumbers ? (line: number) => ` data-line="${source(line)}"` : () => '';
	const ids = getGeminiHeadingIds(doc);
	const lines = doc.lines;
	let heading = 0;
	let i = 0;

	while (i < lines.length) {
		const l = lines[i];
		const dl = stamp(l.line);
		switch (l.type) {
			case 'heading': {
				const h = `h${l.level}`;
				yield `<${h} id="${escapeAttr(ids[heading++])}"${dl}>${escapeHtml(l.content.trim())}</${h}>`;
				i++;
				break;
			}
			case 'list':
				yield `<ul${dl}>`;
				for (; i < lines.length && lines[i].type === 'list'; i++) {
					yield `<li${stamp(lines[i].line)}>${escapeHtml(lines[i].content)}</li>`;
				}
				yield '</ul>';
				break;
			case 'quote':
				yield `<blockquote${dl}>`;
				for (; i < lines.length && lines[i].type === 'quote'; i++) {
					yield paragraph(lines[i].content, stamp(lines[i].line));
				}
				yield '</blockquote>';
				break;
			case 'preToggle': {
				const [html, next] = renderPre(lines, i, dl);
				if (html !== undefined) {
					yield html;
				}
				i = next;
				break;
			}
			case 'link':
				yield renderLink(l, dl);
				i++;
				break;
			default:
				// 'text' ('preText' only occurs inside a block, consumed by renderPre).
				yield options.placeholderLines?.has(i) ? `<p class="template-output"${dl}>${escapeHtml(l.content)}</p>` : paragraph(l.content, dl);
				i++;
				break;
		}
	}
}

function paragraph(text: string, dl: string): string {
	return text.trim() === '' ? `<p class="blank"${dl}>${BLANK}</p>` : `<p${dl}>${escapeHtml(text)}</p>`;
}

/** Renders the block opened at `lines[start]`; returns its HTML and the index after its closing toggle (or EOF). */
function renderPre(lines: readonly GemLine[], start: number, dl: string): [string | undefined, number] {
	const open = lines[start];
	let i = start + 1;
	if (!open.opening) {
		// Cannot happen with the spec parser (toggles alternate); skip rather than invent a block.
		return [undefined, i];
	}
	const body: string[] = [];
	for (; i < lines.length && lines[i].type === 'preText'; i++) {
		body.push(escapeHtml(lines[i].text));
	}
	const alt = open.alt;
	const lang = alt.split(/\s/, 1)[0];
	const label = alt === '' ? '' : ` aria-label="${escapeAttr(alt)}"`;
	const cls = LANGUAGE.test(lang) ? ` class="language-${escapeAttr(lang)}"` : '';
	// The HTML parser drops one newline right after `<pre>`; writing one keeps a first blank line.
	return [`<pre${dl}${label}${cls}>\n${body.join('\n')}</pre>`, i < lines.length ? i + 1 : i];
}

function renderLink(l: GemLine, dl: string): string {
	const url = l.url;
	if (url === '') {
		// A bare `=>` is no link (the spec gives it no URL): show it as the text it is.
		return paragraph(l.text.replace(/^\uFEFF/, ''), dl);
	}
	const text = escapeHtml(l.label || url);
	const href = safeHref(url);
	return href === undefined
		? `<p class="link"${dl}>${text}</p>`
		: `<p class="link"${dl}><a href="${escapeAttr(href)}">${text}</a></p>`;
}
