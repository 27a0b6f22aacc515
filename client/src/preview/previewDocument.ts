/**
 * The preview's HTML shell: head with the content security policy, the nonce'd script, the style
 * sheets and the settings; the body is the server-rendered (already escaped) document.
 *
 * Pure on purpose (no `vscode` import): the security suite builds the very same page outside VS Code
 * and loads it in headless Chromium, so what is tested is what ships.
 */
import type { RenderStyle } from '../../../server/src/protocol';
import type { PreviewSettings } from '../../webview/messages';

/**
 * Inline `style` attribute values the renderers may emit, allowed by hash (CSP `'unsafe-hashes'`)
 * rather than by `'unsafe-inline'`: Gemtexter writes `<h1 style='display: inline'>`, and nothing else
 * may style an element inline. Keys are the exact attribute values, values their SHA-256 in base64
 * (checked by test/unit/previewDocument.test.ts).
 */
export const allowedInlineStyleHashes: Readonly<Record<string, string>> = {
	'display: inline': 'sha256-mJ8bjkZB5i6Ql+YU7E5BhvM4DJnb7CgkgO3Dm+PYKxE=',
};

export interface PreviewPageOptions {
	/** The rendered document body (server output: escaped, URL-sanitised, `data-line` stamped). */
	readonly bodyHtml: string;
	/** Fresh for every page: the only key that lets a script run. */
	readonly nonce: string;
	/** `webview.cspSource`: the origin of the extension's and the workspace's resources. */
	readonly cspSource: string;
	/** The webview script (dist/preview.js as a webview URI). */
	readonly scriptUri: string;
	/** Style sheets in cascade order: the default preview.css first, then the user's. */
	readonly styleUris: readonly string[];
	/**
	 * Style sheets given as text (a Gemtexter theme whose font URLs were rewritten, see
	 * `rewriteCssUrls`), placed after the first of `styleUris` (preview.css) in the cascade.
	 */
	readonly inlineStyles?: readonly string[];
	/** Remote (https) style sheets the user configured; each is allowed by its exact URL. */
	readonly remoteStyleUris?: readonly string[];
	/** Relative image and link URLs resolve against this (the document's folder as a webview URI). */
	readonly baseUri?: string;
	readonly settings: PreviewSettings;
	readonly style: RenderStyle;
	readonly title: string;
	/** `gemtext.preview.fontSize` in pixels; undefined keeps the editor's font size. */
	readonly fontSize?: number;
	/** Page mode with the Gemtexter theme's style sheets loaded: the preview's own quote look steps back. */
	readonly gemtexterTheme?: boolean;
}

/**
 * `css` with each `url(…)` reference `resolve` gives a replacement for rewritten (quoted, escaped for
 * CSS); others are left as written. `resolve` gets the reference as written, unquoted.
 *
 * @example rewriteCssUrls('src: url("./text.ttf")', () => 'https://w/fonts/a.ttf') → 'src: url("https://w/fonts/a.ttf")'
 */
export function rewriteCssUrls(css: string, resolve: (reference: string) => string | undefined): string {
	return css.replace(/\burl\(\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^'")\s]*))\s*\)/gi, (whole, double?: string, single?: string, bare?: string) => {
		const replacement = resolve(double ?? single ?? bare ?? '');
		return replacement === undefined ? whole : `url("${replacement.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\a ' : `\\${c}`))}")`;
	});
}

/** CSS as the text of a `<style>` element, which it cannot end early: `</style` becomes `<\/style` (the same to CSS). */
export function styleText(css: string): string {
	return css.replace(/<\/(style)/gi, '<\\/$1');
}

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(value: string): string {
	return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A fresh random nonce: 128 bits, base64url (no characters that need escaping in an attribute). */
export function createNonce(): string {
	const bytes = new Uint8Array(16);
	// Web Crypto is global in Node 20+, browsers and web extension hosts alike.
	globalThis.crypto.getRandomValues(bytes);
	return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Accepts only what a CSP source expression can safely hold (no spaces, quotes, semicolons or commas). */
function isSafeSourceExpression(value: string): boolean {
	return /^[a-z][a-z0-9+.-]*:[^\s;,'"]*$/i.test(value) || /^[a-z0-9*.-]+(:\d+)?$/i.test(value);
}

/**
 * The policy: nothing by default; scripts only with this page's nonce; images from the extension,
 * the workspace (`cspSource`) and https; styles from `cspSource`, the nonce'd settings block and the
 * user's exact https style URLs; no plugins, frames, fetches, forms or foreign `<base>`.
 */
export function buildContentSecurityPolicy(options: { nonce: string; cspSource: string; remoteStyleUris?: readonly string[] }): string {
	// VS Code's cspSource is a list (`'self' https://*.vscode-cdn.net`): keep each safe token.
	const sources = options.cspSource.split(/\s+/).filter((t) => t === `'self'` || isSafeSourceExpression(t));
	const cspSource = sources.length > 0 ? sources.join(' ') : `'none'`;
	const remoteStyles = (options.remoteStyleUris ?? []).filter((u) => /^https:\/\//i.test(u) && isSafeSourceExpression(u));
	const hashes = Object.values(allowedInlineStyleHashes).map((h) => `'${h}'`);
	return [
		`default-src 'none'`,
		`img-src ${cspSource} https:`,
		`style-src ${[cspSource, `'nonce-${options.nonce}'`, `'unsafe-hashes'`, ...hashes, ...remoteStyles].join(' ')}`,
		`font-src ${cspSource}`,
		`script-src 'nonce-${options.nonce}'`,
		`base-uri ${cspSource}`,
		`form-action 'none'`,
	].join('; ');
}

/**
 * The body travels inside a `<template>`: its content is parsed inertly (nothing loads, runs or
 * refreshes), and the webview script sanitises it before making it live, exactly as it treats later
 * `updateContent` bodies. Correct renderer output never contains a literal `</template` (every `<` in
 * text is escaped), so neutralising one costs nothing and keeps a renderer bug from breaking out.
 */
function inertBody(bodyHtml: string): string {
	return bodyHtml.replace(/<\/(template)/gi, '&lt;/$1');
}

/** Builds the complete preview page. Every interpolated value is escaped; the body is server output. */
export function buildPreviewPage(options: PreviewPageOptions): string {
	const nonce = escapeHtml(options.nonce);
	const csp = buildContentSecurityPolicy(options);
	const linkOf = (href: string) => `<link rel="stylesheet" href="${escapeHtml(href)}">`;
	const inline = (options.inlineStyles ?? []).map((css) => `<style nonce="${nonce}">\n${styleText(css)}\n</style>`);
	const links = [...options.styleUris.slice(0, 1).map(linkOf), ...inline, ...options.styleUris.slice(1).map(linkOf)].join('\n');
	const fontSize = options.fontSize !== undefined && Number.isFinite(options.fontSize) && options.fontSize > 0
		? `<style nonce="${nonce}">:root { --gemtext-preview-font-size: ${Math.min(Math.round(options.fontSize), 200)}px; }</style>\n`
		: '';
	const base = options.baseUri ? `<base href="${escapeHtml(options.baseUri)}">\n` : '';
	const styleClass = options.style === 'gemtexter' ? 'gemtexter' : 'gemini';
	const themeClass = options.gemtexterTheme ? ' gemtext-gemtexter-theme' : '';
	// The script sits in the head, before any document content, so no rendered markup can precede
	// (and so try to capture) the nonce'd element; `defer` runs it once the body exists.
	return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta id="gemtext-preview-settings" data-settings="${escapeHtml(JSON.stringify(options.settings))}">
${base}<title>${escapeHtml(options.title)}</title>
${links}
${fontSize}<script defer nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</head>
<body class="gemtext-preview gemtext-style-${styleClass}${themeClass}">
<main id="gemtext-preview-root"></main>
<template id="gemtext-preview-body">
${inertBody(options.bodyHtml)}
</template>
</body>
</html>
`;
}
