/**
 * What a clicked link in the preview means. Pure (no `vscode` import) so the allow-list is unit-tested:
 * the webview posts whatever `href` it found, and only this decides what the host may open.
 */

/** Schemes handed to the operating system through `vscode.env.openExternal`. */
export const externalSchemes: readonly string[] = ['http', 'https', 'gemini', 'gopher', 'mailto'];

export type LinkTarget =
	| { readonly kind: 'external'; readonly href: string }
	| { readonly kind: 'fragment'; readonly fragment: string }
	/** A path relative to the document (or, starting with `/`, to the capsule root); decoded. */
	| { readonly kind: 'local'; readonly path: string; readonly fragment?: string }
	| { readonly kind: 'blocked'; readonly reason: string };

function decode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

export function classifyHref(rawHref: string): LinkTarget {
	// Browsers strip leading/trailing C0 controls and spaces, and tabs/newlines anywhere, before
	// reading a URL's scheme; do the same so `java\nscript:` cannot pass as a relative path.
	const href = rawHref.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
	if (href === '') {
		return { kind: 'blocked', reason: 'empty link' };
	}
	if (href.startsWith('#')) {
		return { kind: 'fragment', fragment: decode(href.slice(1)) };
	}
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
	if (scheme !== undefined) {
		return externalSchemes.includes(scheme)
			? { kind: 'external', href }
			: { kind: 'blocked', reason: `links with the ${scheme}: scheme are not opened from the preview` };
	}
	if (href.startsWith('//')) {
		// Scheme-relative: would inherit the webview's own scheme; nothing sensible to open.
		return { kind: 'blocked', reason: 'scheme-relative links are not opened from the preview' };
	}
	const hash = href.indexOf('#');
	const beforeHash = hash >= 0 ? href.slice(0, hash) : href;
	const query = beforeHash.indexOf('?');
	const path = decode(query >= 0 ? beforeHash.slice(0, query) : beforeHash);
	const fragment = hash >= 0 ? decode(href.slice(hash + 1)) : undefined;
	if (path === '') {
		return fragment !== undefined ? { kind: 'fragment', fragment } : { kind: 'blocked', reason: 'empty link' };
	}
	return { kind: 'local', path, fragment: fragment || undefined };
}

/**
 * Gemtexter rewrites relative `.gmi` links to `.html`; the preview opens the source the page came
 * from when it exists (even if a generated .html sits next to it), else the path as written.
 */
export function gemtextSourceCandidates(path: string): string[] {
	return /\.html?$/i.test(path) ? [path.replace(/\.html?$/i, '.gmi'), path] : [path];
}
