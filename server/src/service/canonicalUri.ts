/**
 * URI strings exactly as `URI.toString()` writes them (vscode-uri): recognised, cut and built
 * without parsing. A capsule pass handles hundreds of thousands of link targets; parsing each
 * into a `URI` and printing it again costs more than all the rest of a link check. Every
 * shortcut built on these is held to the `URI` round trip by property tests.
 */

/** `scheme://authority` as `URI.toString()` writes it (lower case, nothing to encode). */
const CANONICAL_PREFIX = /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]*\//;
/** Characters `URI.toString()` leaves as they are in a path, to the end (sticky: see `isPlainFrom`). */
const PLAIN_PATH = /[A-Za-z0-9\-._~/]*$/y;

/** Whether `s` from `start` on holds nothing `URI.toString()` would encode in a path. */
function isPlainFrom(s: string, start: number): boolean {
	PLAIN_PATH.lastIndex = start;
	return PLAIN_PATH.test(s);
}

/**
 * Where the path starts in `uri` when `uri` is exactly what `URI.toString()` gives for it
 * (`file:///a/b%20c.gmi`: no query or fragment, every character that needs it percent-encoded
 * in upper case, a drive letter in lower case), else -1. Such strings can be compared and cut
 * at `/` without parsing: what a pass over 200,000 links does.
 */
export function canonicalPathStart(uri: string): number {
	let start = 7;
	if (!uri.startsWith('file:///')) {
		const prefix = CANONICAL_PREFIX.exec(uri);
		if (!prefix) {
			return -1;
		}
		start = prefix[0].length - 1;
	}
	if (uri.startsWith('//', start)) {
		// Without an authority `URI.parse` refuses such a path; with one it is too rare to bother.
		return -1;
	}
	if (isPlainFrom(uri, start)) {
		return start;
	}
	const path = uri.slice(start);
	if (/^\/[A-Z]%3A/.test(path)) {
		return -1;
	}
	try {
		return encodeCanonicalPath(decodeURIComponent(path)) === path ? start : -1;
	} catch {
		// A malformed escape, or a lone surrogate: not canonical.
		return -1;
	}
}

/** Whether `uri` is exactly what `URI.parse(uri).toString()` gives (checked without parsing it). */
export function isCanonicalUri(uri: string): boolean {
	return canonicalPathStart(uri) !== -1;
}

/** A decoded path encoded as `URI.toString()` does: everything but `A-Za-z0-9-._~` and `/`. */
export function encodeCanonicalPath(path: string): string {
	if (isPlainFrom(path, 0)) {
		return path;
	}
	return path.split('/').map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())).join('/');
}
