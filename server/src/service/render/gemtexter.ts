/**
 * The Gemtexter preview style: the body HTML that Gemtexter's `html::fromgmi` writes,
 * byte for byte (golden pairs in test/unit and scripts/golden.mjs), with one exception:
 * safety wins over fidelity. Where Gemtexter would write an unsafe URL scheme, or insert
 * raw text that could create markup, this renderer writes inert text instead; for any
 * ordinary document the output is identical.
 */
import type { GemDocument } from '../document';
import { gemtexterSlug } from '../slug';
import { escapeAttr, escapeGemtexter, joinLines, safeHref } from './html';
import { iterateGemtexterBlocks, type GemtexterListItem } from './gemtexterLines';

export interface GemtexterRenderOptions {
	/** Stamp `data-line="N"` (0-based source line) on each rendered block, for scroll sync. */
	readonly lineNumbers?: boolean;
	/**
	 * Leave no way for a document to add attributes: image URLs are escaped like every other
	 * value (a `'` becomes `&#39;`, where Gemtexter writes it raw and ends the attribute), and
	 * inline code is marked only in text, never inside an attribute (where Gemtexter's
	 * `<span class='inlinecode'>` breaks it). Off: Gemtexter's bytes, broken markup included.
	 * Pages we write (Export, `gemtext render --page`) turn it on.
	 */
	readonly strictAttributes?: boolean;
	/** The source line a document line stamps (a template's line for its generated document). */
	readonly sourceLine?: (line: number) => number;
	/** Text lines standing for template code that was not run: marked `class='template-output'`. */
	readonly placeholderLines?: ReadonlySet<number>;
}

/** Gemtexter's `IMAGE_PATTERN` (`grep -E`, case-sensitive, on the raw link). */
const IMAGE = /\.(jpg|png|gif|webp|svg)$/;

/**
 * Whether Gemtexter renders a link to `link` (its URL token) as an inline image.
 *
 * @example isGemtexterImage('a.png') // true; isGemtexterImage('a.PNG') and ('a.jpeg') // false
 */
export function isGemtexterImage(link: string): boolean {
	return IMAGE.test(link);
}

/**
 * `$MASTODON_URI` of the reference setup (unset, so ''): a link equal to it gets
 * `rel='me'`, which is why a bare `=> ` renders as an empty link with `rel='me'`.
 */
const MASTODON_URI = '';

const INLINE_CODE = /`([^`]+)`/g;

/**
 * Gemtexter's `html::process_inline`, run like Gemtexter on each whole output line
 * (after escaping), so backticks inside an `href` become spans too. Safe: the span only
 * ever closes the tag it lands in, and what sits between backticks was escaped before.
 */
function inlineCode(line: string): string {
	return line.includes('`') ? line.replace(INLINE_CODE, "<span class='inlinecode'>$1</span>") : line;
}

/**
 * Gemtexter writes an image link unescaped into `href='…'` and `src='…'`. Kept raw when
 * that cannot do harm: a stray `'` then only adds value-less attributes (Gemtexter's
 * own `it's.png` output). Anything that could give an attribute a value (`=`), decode
 * (`&`), quote or open a tag, or a control character, is escaped instead.
 */
const UNSAFE_IN_RAW_ATTR = /[<>&"=\0-\x08\x0a-\x1f\x7f]/;

/**
 * Renders `doc` as Gemtexter's HTML body: one line per output line, each ended by LF.
 *
 * @example renderGemtexter(parseGemtext('# Hi\n=> a.gmi\n')) // "<h1 style='display: inline' id='hi'>Hi</h1><br />\n<a class='textlink' href='a.html'>a.html</a><br />\n"
 */
export function renderGemtexter(doc: GemDocument, options: GemtexterRenderOptions = {}): string {
	return joinLines(gemtexterLines(doc, options));
}

/** The output lines of `renderGemtexter`, one at a time, so a caller can pause between them. */
export function* gemtexterLines(doc: GemDocument, options: GemtexterRenderOptions = {}): Generator<string, void, undefined> {
	const source = options.sourceLine ?? ((line: number) => line);
	const stamp = options.lineNumbers ? (line: number) => ` data-line="${source(line)}"` : () => '';

	for (const b of iterateGemtexterBlocks(doc)) {
		const dl = stamp(b.line);
		switch (b.kind) {
			case 'heading': {
				const h = `h${b.level}`;
				yield inlineCode(`<${h}${dl} style='display: inline' id='${gemtexterSlug(b.text)}'>${escapeGemtexter(b.text)}</${h}><br />`);
				break;
			}
			case 'quote':
				yield inlineCode(`<span${dl} class='quote'>${escapeGemtexter(b.text)}</span><br />`);
				break;
			case 'text':
				// A blank line is a bare `<br />`: nothing to scroll to, so no stamp.
				if (options.placeholderLines?.has(b.line)) {
					yield `<span${dl} class='template-output'>${escapeGemtexter(b.text)}</span><br />`;
					break;
				}
				yield b.text === '' ? '<br />' : inlineCode(`<span${dl}>${escapeGemtexter(b.text)}</span><br />`);
				break;
			case 'link':
				yield renderLink(b.link, b.label, dl, options.strictAttributes === true);
				break;
			case 'list':
				yield `<ul${dl}>`;
				for (const item of b.items) {
					yield inlineCode(`<li${stamp(item.line)}>${renderListItem(item)}</li>`);
				}
				if (b.closed) {
					yield '</ul><br />';
				}
				break;
			case 'pre':
				// Not through inlineCode: Gemtexter prints the block directly. In the preview
				// (lineNumbers) the alt text's first word is kept for the highlighter, as
				// Gemtexter with source-highlight installed colours blocks by it.
				yield `<pre${dl}${options.lineNumbers ? langAttribute(b.alt) : ''}>`;
				yield escapeGemtexter(b.lines.join('\n'));
				yield '</pre>';
				break;
		}
	}
}

/** ` data-lang="…"` for a block whose alt text starts with a word, else ''. */
function langAttribute(alt: string): string {
	const lang = alt.split(/\s/, 1)[0];
	return lang ? ` data-lang="${escapeAttr(lang)}"` : '';
}

/**
 * Whether Gemtexter's markup for the link line `=> link label` has attributes broken by the
 * document (a raw `'` in an image URL, inline code inside an attribute), which the strict
 * rendering avoids: exactly the lines where the two renderings differ.
 */
export function gemtexterLinkMarkupBroken(link: string, label: string): boolean {
	return renderLink(link, label, '', false) !== renderLink(link, label, '', true);
}

/** `generate::make_link` → `html::make_img` / `html::make_link`, with inline code marked (see `strictAttributes`). */
function renderLink(link: string, label: string, dl: string, strict: boolean): string {
	const text = escapeGemtexter(label);
	if (isGemtexterImage(link)) {
		if (safeHref(link) === undefined) {
			return inlineCode(unsafeLink(text || escapeGemtexter(link), dl));
		}
		const url = strict || UNSAFE_IN_RAW_ATTR.test(link) ? escapeGemtexter(link) : link;
		const line = text === ''
			? `<a${dl} href='${url}'><img src='${url}' /></a><br />`
			: `<a${dl} href='${url}'><img alt='${text}' title='${text}' src='${url}' /></a><br />`;
		// Strict: an image line has no text outside its attributes, so no inline code at all.
		return strict ? line : inlineCode(line);
	}
	// Relative links (no `://`) get their first `.gmi` rewritten, wherever it is.
	const target = link.includes('://') ? link : link.replace('.gmi', '.html');
	if (safeHref(target) === undefined) {
		return inlineCode(unsafeLink(text || escapeGemtexter(target), dl));
	}
	// Without a label Gemtexter shows the URL unescaped; only a `<` could make markup of it.
	const shown = text !== '' ? text : target.includes('<') ? escapeGemtexter(target) : target;
	const rel = target === MASTODON_URI ? " rel='me'" : '';
	return strict
		? `<a${dl} class='textlink' href='${escapeGemtexter(target)}'${rel}>${inlineCode(shown)}</a><br />`
		: inlineCode(`<a${dl} class='textlink' href='${escapeGemtexter(target)}'${rel}>${shown}</a><br />`);
}

/** A link whose scheme is refused is shown as its label (or URL) in plain text. */
function unsafeLink(text: string, dl: string): string {
	return `<span${dl}>${text}</span><br />`;
}

/**
 * `html::list::encode`: an item starting with `⇢ ` is a table-of-contents entry; each
 * leading `⇢ ` is one level, written back as one `⇢ ` per level below the first, and
 * the rest becomes a link to the heading id it names.
 */
function renderListItem(item: GemtexterListItem): string {
	let text = item.text;
	if (!text.startsWith('⇢ ')) {
		return escapeGemtexter(text);
	}
	let levels = 0;
	while (text.startsWith('⇢ ')) {
		text = text.slice(2);
		levels++;
	}
	return `${'⇢ '.repeat(levels - 1)}<a href='#${gemtexterSlug(text)}'>${escapeGemtexter(text)}</a>`;
}
