/**
 * HTML rendering of a parsed Gemtext document, in one of two preview styles:
 * `gemtexter` (Gemtexter's exact output) or `gemini` (semantic, spec-exact).
 */
import type { GemDocument } from '../document';
import type { PreviewStyle } from '../workspace';
import { geminiLines, renderGemini } from './gemini';
import { gemtexterLines, renderGemtexter } from './gemtexter';
import { getGemtexterTitle } from './gemtexterLines';
import { escapeAttr, escapeHtml, joinLinesPausing } from './html';

export { escapeAttr, escapeGemtexter, escapeHtml, safeHref } from './html';

export interface RenderOptions {
	readonly style: PreviewStyle;
	/** Stamp `data-line="N"` (0-based source line) on each block, for the preview's scroll sync. Off by default. */
	readonly lineNumbers?: boolean;
	/** Gemtexter style: no attribute a document could add (see `GemtexterRenderOptions`); pages always are. */
	readonly strictAttributes?: boolean;
	/** The source line a document line stamps (a template's own line for its generated document). */
	readonly sourceLine?: (line: number) => number;
	/** Text lines standing for template code that was not run, rendered marked (`template-output`). */
	readonly placeholderLines?: ReadonlySet<number>;
}

export interface PageOptions extends RenderOptions {
	/** The `<title>`; by default the document's title in the chosen style. */
	readonly title?: string;
	/** Stylesheet URLs, linked in order after the built-in theme (host-provided, trusted, escaped). */
	readonly stylesheets?: readonly string[];
	/** CSS embedded last, so it overrides everything else. */
	readonly inlineCss?: string;
}

/**
 * The body HTML of `doc` (no `<html>`/`<body>`), ending with a newline unless empty.
 * With `lineNumbers` off, the `gemtexter` style is byte-identical to Gemtexter's body.
 *
 * @example renderHtml(parseGemtext('# Hi\n'), { style: 'gemini' }) // '<h1 id="hi">Hi</h1>\n'
 */
export function renderHtml(doc: GemDocument, options: RenderOptions): string {
	return options.style === 'gemtexter' ? renderGemtexter(doc, options) : renderGemini(doc, options);
}

/**
 * `renderHtml`, awaiting `pause()` every few hundred output lines: the same HTML, but a
 * 5 MB document no longer holds the host's event loop for the whole render.
 */
export function renderHtmlPausing(doc: GemDocument, options: RenderOptions, pause: () => Promise<void>): Promise<string> {
	const lines = options.style === 'gemtexter' ? gemtexterLines(doc, options) : geminiLines(doc, options);
	return joinLinesPausing(lines, pause);
}

/**
 * A complete, standalone HTML page around `renderHtml(doc, options)` with `strictAttributes`
 * (or around `body`, when the caller rendered it already, which must be strict as well).
 *
 * `gemtexter`: Gemtexter's page skeleton (XHTML 1.0 doctype, `<head>`, body lines in
 * `<body>`); the site-specific header and footer links of a Gemtexter theme are left out,
 * since they depend on a site configuration the document does not carry. `gemini`: an
 * HTML5 page with a small theme-neutral embedded stylesheet that follows the system
 * light/dark scheme.
 */
export function renderPage(doc: GemDocument, options: PageOptions, body = renderHtml(doc, { ...options, strictAttributes: true })): string {
	const title = escapeHtml(options.title ?? defaultTitle(doc, options.style) ?? '');
	const links = (options.stylesheets ?? []).map((href) => `<link rel="stylesheet" href="${escapeAttr(href)}" />`);
	const userCss = options.inlineCss ? [`<style>\n${styleText(options.inlineCss)}\n</style>`] : [];

	if (options.style === 'gemtexter') {
		return [
			'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
			'<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">',
			'<head>',
			'<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
			`<title>${title}</title>`,
			...links,
			...userCss,
			'</head>',
			'<body>',
			body + '</body>',
			'</html>',
			'',
		].join('\n');
	}
	return [
		'<!DOCTYPE html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>${title}</title>`,
		`<style>\n${GEMINI_CSS}</style>`,
		...links,
		...userCss,
		'</head>',
		'<body>',
		'<main class="gemtext">',
		body + '</main>',
		'</body>',
		'</html>',
		'',
	].join('\n');
}

/**
 * The document's title as the spec suggests: the trimmed text of its first heading,
 * or `undefined` when it has none (or the first one is empty).
 */
export function getDocumentTitle(doc: GemDocument): string | undefined {
	const first = doc.headings[0];
	const text = first ? first.content.trim() : '';
	return text === '' ? undefined : text;
}

function defaultTitle(doc: GemDocument, style: PreviewStyle): string | undefined {
	return style === 'gemtexter' ? getGemtexterTitle(doc) : getDocumentTitle(doc);
}

/** Keeps author CSS inside its `<style>` element: `</style` would end it early. */
function styleText(css: string): string {
	return css.replace(/<\/(style)/gi, '<\\/$1');
}

/** Theme-neutral: system fonts, system colours via `color-scheme`, greys that work on both. */
const GEMINI_CSS = `:root { color-scheme: light dark; }
body { margin: 0; font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
main.gemtext { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem; overflow-wrap: anywhere; }
h1, h2, h3 { line-height: 1.25; margin: 1.25rem 0 .5rem; }
p, li { margin: 0; white-space: pre-wrap; }
p.link a { text-decoration-thickness: 1px; }
ul { margin: .25rem 0; padding-left: 1.5rem; }
blockquote { margin: .5rem 0; padding: .25rem 1rem; border-left: 3px solid rgba(127, 127, 127, .5); font-style: italic; }
pre { margin: .5rem 0; padding: .75rem 1rem; overflow-x: auto; border-radius: 4px; background: rgba(127, 127, 127, .12); font: .9rem/1.4 ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
`;
