/**
 * Escaping helpers and the URL scheme check (dangerous schemes out) shared by both preview styles.
 *
 * Every value a renderer interpolates into HTML goes through one of these: text and
 * double-quoted attributes through `escapeHtml`/`escapeAttr`, Gemtexter's single-quoted
 * output through `escapeGemtexter`, and every `href`/`src` through `safeHref` first.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/**
 * The five specials, plus the control characters HTML does not allow in a document (C0
 * but tab, LF, FF, CR; DEL; C1): each is a parse error even as a reference, and NUL
 * becomes U+FFFD in the parser anyway.
 */
const HTML_SPECIAL = /[&<>"'\0-\x08\x0b\x0e-\x1f\x7f-\x9f]/g;

function escapeChar(c: string): string {
	return HTML_ESCAPES[c] ?? '\uFFFD';
}

/**
 * Escapes text for HTML element content: `&`, `<`, `>`, `"`, `'` become references
 * (so the result is also safe in any quoted attribute); control characters that HTML
 * forbids become U+FFFD.
 *
 * @example escapeHtml(`<a href="x">'`) // '&lt;a href=&quot;x&quot;&gt;&#39;'
 */
export function escapeHtml(text: string): string {
	return text.replace(HTML_SPECIAL, escapeChar);
}

/**
 * Escapes a value for a quoted attribute (either quote style). Same set as `escapeHtml`;
 * a separate name so call sites say what they are building.
 */
export function escapeAttr(value: string): string {
	return value.replace(HTML_SPECIAL, escapeChar);
}

const GEMTEXTER_SPECIAL = /[&<>']/g;

/**
 * Gemtexter's `html::encode`: `&`, `<`, `>` and `'` (as `&#39;`) are encoded, `"` is not.
 * Safe for element content and for the single-quoted attributes Gemtexter writes.
 *
 * @example escapeGemtexter(`"it's" & <b>`) // '"it&#39;s" &amp; &lt;b&gt;'
 */
export function escapeGemtexter(text: string): string {
	return text.replace(GEMTEXTER_SPECIAL, escapeChar);
}

/**
 * Schemes that run code or reach local files, never an `href`/`src`: markdown-it's list
 * (`javascript:`, `vbscript:`, `file:`, `data:`) and VS Code's own (`command:` runs a command,
 * `vscode:` hands a URI to an extension). Any other scheme stays a link, as Gemtexter writes
 * it (`ipns://`, `hyper://`, `xmpp:`…): what the user clicks in the preview is decided by the
 * extension host, and the preview's CSP stops anything from loading.
 */
const DANGEROUS_SCHEMES: ReadonlySet<string> = new Set([
	'javascript', 'vbscript', 'file', 'data',
	'command', 'vscode', 'vscode-insiders', 'vscode-webview', 'vscode-resource', 'vscode-webview-resource', 'vscode-file',
]);

/** `data:` images markdown-it lets through (no SVG: it can hold script). */
const DATA_IMAGE = /^data:image\/(?:gif|png|jpeg|webp);/i;

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/**
 * Looks like a scheme but starts with a digit (`=> 1: label`): no URL parser (RFC 3986,
 * WHATWG) reads a scheme there, so the browser resolves it as a relative path. Harmless.
 */
const NOT_A_SCHEME = /^[0-9][A-Za-z0-9+.-]*$/;

/** A character reference (`&#106;`, `&#x3a;`, `&colon;`) that would decode inside an attribute. */
const CHAR_REFERENCE = /&(?:#|[A-Za-z][A-Za-z0-9]*;)/;

/**
 * Returns `url` unchanged when it may become an `href`/`src`, `undefined` when it must be
 * shown as text instead. Allowed: relative references (no scheme, including `''`, `#x`,
 * `//host/x`, and `1:x`, whose digit-first "scheme" no parser accepts) and every scheme
 * but the dangerous ones (see `DANGEROUS_SCHEMES`), compared case-insensitively; a `data:`
 * URL only when it is a GIF, PNG, JPEG or WebP image.
 *
 * Refused: the dangerous schemes, a one-letter scheme (`c:\x` is a Windows path, a file
 * in disguise), and anything obfuscated in the part a browser reads as the scheme
 * (before the first `/`, `?` or `#`): whitespace or control characters (browsers strip
 * tabs and newlines, so `java\tscript:` would run), character references (an attribute
 * decodes `&#106;avascript:`), or any character a URL parser would not accept there.
 * The caller still escapes the result; this is a second wall.
 *
 * @example safeHref('JaVaScRiPt:alert(1)') // undefined
 * @example safeHref('ipns://docs.ipfs.tech') // 'ipns://docs.ipfs.tech'
 * @example safeHref('../a.gmi#b') // '../a.gmi#b'
 */
export function safeHref(url: string): string | undefined {
	// Character references are looked for up to the first `/` or `?` (not `#`: the `#` of
	// `&#106;` must not hide one); the scheme can only come before the first `/`, `?`, `#`.
	if (CHAR_REFERENCE.test(url.slice(0, endOf(url, /[/?]/)))) {
		return undefined;
	}
	const colon = url.indexOf(':');
	if (colon === -1 || colon > endOf(url, /[/?#]/)) {
		return url;
	}
	const scheme = url.slice(0, colon);
	if (NOT_A_SCHEME.test(scheme)) {
		return url;
	}
	if (!SCHEME.test(scheme) || scheme.length === 1) {
		return undefined;
	}
	const lower = scheme.toLowerCase();
	if (lower === 'data') {
		return DATA_IMAGE.test(url) ? url : undefined;
	}
	return DANGEROUS_SCHEMES.has(lower) ? undefined : url;
}

/** Index of the first match of `re` in `s`, or `s.length`. */
function endOf(s: string, re: RegExp): number {
	const i = s.search(re);
	return i === -1 ? s.length : i;
}

/** Output lines joined per chunk: the pieces die young instead of all surviving until one big join. */
const LINES_PER_CHUNK = 512;

/**
 * The renderers' output lines joined by LF, with a final LF unless there are none
 * (`lines.join('\n') + '\n'`), built chunk by chunk.
 */
export function joinLines(lines: Iterable<string>): string {
	return joinChunks([...chunksOf(lines)]);
}

/** `joinLines`, awaiting `pause()` after each chunk, so a caller can let other work in while a large document renders. */
export async function joinLinesPausing(lines: Iterable<string>, pause: () => Promise<void>): Promise<string> {
	const chunks: string[] = [];
	for (const chunk of chunksOf(lines)) {
		chunks.push(chunk);
		await pause();
	}
	return joinChunks(chunks);
}

/** Runs of LINES_PER_CHUNK lines, each joined by LF (the last run may be shorter). */
function* chunksOf(lines: Iterable<string>): Generator<string> {
	let chunk: string[] = [];
	for (const line of lines) {
		chunk.push(line);
		if (chunk.length === LINES_PER_CHUNK) {
			yield chunk.join('\n');
			chunk = [];
		}
	}
	if (chunk.length > 0) {
		yield chunk.join('\n');
	}
}

function joinChunks(chunks: readonly string[]): string {
	return chunks.length === 0 ? '' : chunks.join('\n') + '\n';
}
