/**
 * Link URL helpers: splitting a URL as written into its parts and checking that it
 * is well-formed. Resolution against a document and the capsule root lives in
 * `links.ts`; these helpers never touch the file system.
 */
import { closest, distance } from 'fastest-levenshtein';

/** A link URL as written, split without resolving (RFC 3986 §3 shape). */
export interface UrlParts {
	/** Lower-cased scheme without the colon, `undefined` for a relative reference. */
	readonly scheme: string | undefined;
	/** Everything before `?` and `#` (after the scheme, when there is one). Still percent-encoded. */
	readonly path: string;
	/** Query without the `?`, `undefined` when absent. */
	readonly query: string | undefined;
	/** Fragment without the `#`, `undefined` when absent (`''` for a bare `#`). */
	readonly fragment: string | undefined;
	/** Offset of the fragment's first character in the URL (after `#`), -1 when absent. */
	readonly fragmentStart: number;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/**
 * Splits a URL into scheme, path, query and fragment.
 *
 * @example splitUrl('../a%20b.gmi?x#Intro') // { scheme: undefined, path: '../a%20b.gmi', query: 'x', fragment: 'Intro', fragmentStart: 15 }
 */
export function splitUrl(url: string): UrlParts {
	const m = SCHEME.exec(url);
	const scheme = m ? m[1].toLowerCase() : undefined;
	const rest = m ? m[0].length : 0;
	const hash = url.indexOf('#', rest);
	const beforeHash = hash === -1 ? url.length : hash;
	const q = url.indexOf('?', rest);
	const pathEnd = q !== -1 && q < beforeHash ? q : beforeHash;
	return {
		scheme,
		path: url.slice(rest, pathEnd),
		query: pathEnd < beforeHash ? url.slice(pathEnd + 1, beforeHash) : undefined,
		fragment: hash === -1 ? undefined : url.slice(hash + 1),
		fragmentStart: hash === -1 ? -1 : hash + 1,
	};
}

/**
 * Whether a link leaves the capsule's file tree: it has a scheme (`gemini://…`,
 * `mailto:…`) or is a network-path reference (`//host/x`). Such links are never
 * checked against the file system.
 */
export function isExternalUrl(url: string): boolean {
	return SCHEME.test(url) || url.startsWith('//');
}

/**
 * Percent-decodes a URL component, `undefined` when the encoding is broken
 * (`%zz`, a lone `%`, or bytes that are not UTF-8).
 */
export function decodeUrlComponent(s: string): string | undefined {
	if (!s.includes('%')) {
		return s;
	}
	try {
		return decodeURIComponent(s);
	} catch {
		return undefined;
	}
}

/** Decodes percent-escapes, keeping the text as written when they are malformed (`100%`). */
export function decodeOrKeep(s: string): string {
	return decodeUrlComponent(s) ?? s;
}

/** Well-known URL schemes (IANA permanent and the provisional ones capsule authors use). */
export const KNOWN_SCHEMES: ReadonlySet<string> = new Set([
	// The small web.
	'gemini', 'gopher', 'gophers', 'spartan', 'titan', 'finger', 'nex', 'guppy', 'scroll', 'scorpion', 'misfin',
	// The web and friends.
	'http', 'https', 'ws', 'wss', 'ftp', 'ftps', 'sftp', 'scp', 'ssh', 'telnet', 'tn3270', 'rsync', 'file', 'data',
	'about', 'blob', 'view-source', 'javascript', 'chrome', 'resource', 'moz-extension', 'chrome-extension',
	// Mail, chat, telephony.
	'mailto', 'news', 'nntp', 'snews', 'irc', 'irc6', 'ircs', 'xmpp', 'jabber', 'matrix', 'mxc', 'sip', 'sips',
	'tel', 'sms', 'mms', 'callto', 'facetime', 'facetime-audio', 'skype', 'tg', 'signal', 'whatsapp', 'discord',
	'slack', 'mumble', 'teamspeak', 'ts3server', 'zoommtg', 'msteams', 'im', 'pres', 'webcal', 'feed',
	// Identifiers and content addressing.
	'urn', 'tag', 'did', 'doi', 'info', 'geo', 'cid', 'mid', 'ni', 'nih', 'magnet', 'ipfs', 'ipns', 'dat', 'hyper',
	'ssb', 'bitcoin', 'ethereum', 'lightning', 'otpauth', 'acct', 'example', 'isbn', 'arxiv',
	// Version control, packages, apps, media.
	'git', 'svn', 'hg', 'bzr', 'steam', 'spotify', 'itms', 'itms-apps', 'market', 'maps', 'minecraft', 'rtsp',
	'rtsps', 'rtmp', 'mvn', 'npm', 'vscode', 'vscode-insiders', 'obsidian', 'zotero', 'x-apple-data-detectors',
	// Infrastructure (IANA permanent).
	'aaa', 'aaas', 'acap', 'cap', 'coap', 'coaps', 'crid', 'dav', 'dict', 'dns', 'go', 'h323', 'iax', 'icap',
	'imap', 'ipp', 'ipps', 'iris', 'ldap', 'ldaps', 'msrp', 'msrps', 'mupdate', 'nfs', 'opaquelocktoken', 'pkcs11',
	'pop', 'reload', 'rtspu', 'service', 'session', 'shttp', 'sieve', 'smb', 'snmp', 'stun', 'stuns', 'tftp',
	'thismessage', 'tip', 'turn', 'turns', 'tv', 'vemmi', 'vnc', 'xcon', 'xmlrpc.beep', 'z39.50r', 'z39.50s',
]);

/**
 * Schemes whose URLs name a host: `scheme://host…`. `gemini:/x` or `https:///x`
 * is broken (clients either reject it or resolve it against the current host).
 */
const AUTHORITY_SCHEMES: ReadonlySet<string> = new Set([
	'gemini', 'gopher', 'gophers', 'spartan', 'titan', 'finger', 'nex', 'guppy', 'scroll', 'scorpion', 'misfin',
	'http', 'https', 'ws', 'wss', 'ftp', 'ftps', 'sftp', 'rsync', 'telnet', 'irc', 'ircs',
]);

/** Schemes a typo is most likely aimed at, tried first when suggesting a correction. */
const COMMON_SCHEMES = ['gemini', 'https', 'http', 'gopher', 'mailto', 'spartan', 'finger', 'titan', 'ftp'];

/** Kinds of malformed URL, each with its stable diagnostic code. */
export type UrlProblemCode =
	| 'link.invalid-character'
	| 'link.bad-percent-encoding'
	| 'link.unknown-scheme'
	| 'link.missing-host';

/** A problem in a URL as written; offsets are relative to the URL's first character. */
export interface UrlProblem {
	readonly code: UrlProblemCode;
	readonly message: string;
	readonly start: number;
	readonly end: number;
	/** A corrected URL when one is certain enough to offer as a quick fix. */
	readonly fix?: string;
}

/**
 * Checks that a URL is well-formed: no whitespace, control characters, backslashes
 * or `<>"`; valid percent-encoding; a known scheme; `//host` after schemes that need
 * one. Non-ASCII characters are allowed (IRIs are common in capsules).
 *
 * @example checkUrl('htps://example.org')[0].fix // 'https://example.org'
 */
export function checkUrl(url: string): UrlProblem[] {
	const problems: UrlProblem[] = [];
	checkCharacters(url, problems);
	checkPercentEncoding(url, problems);
	checkScheme(url, problems);
	return problems;
}

// Unicode whitespace other than space and tab (those end the URL), C0/C1 controls, and
// characters RFC 3986 excludes that editors or Windows paste in by accident.
const INVALID_CHAR = /[\s\u0000-\u001f\u007f-\u009f\\<>"]/gu;

function checkCharacters(url: string, problems: UrlProblem[]): void {
	for (const m of url.matchAll(INVALID_CHAR)) {
		const ch = m[0];
		const start = m.index;
		const what = ch === '\\' ? 'a backslash (use `/` between path segments)' : /\s/u.test(ch) ? 'a whitespace character' : ch === '<' || ch === '>' || ch === '"' ? `\`${ch}\`` : 'a control character';
		problems.push({
			code: 'link.invalid-character',
			message: `The URL contains ${what}; percent-encode it or remove it.`,
			start,
			end: start + ch.length,
			fix: ch === '\\' ? undefined : url.slice(0, start) + encodeURIComponent(ch) + url.slice(start + ch.length),
		});
	}
}

const HEX = /^[0-9A-Fa-f]{2}$/;

function checkPercentEncoding(url: string, problems: UrlProblem[]): void {
	let broken = false;
	for (let i = url.indexOf('%'); i !== -1; i = url.indexOf('%', i + 1)) {
		if (!HEX.test(url.slice(i + 1, i + 3))) {
			broken = true;
			problems.push({
				code: 'link.bad-percent-encoding',
				message: '`%` must start a percent-encoded byte such as `%20`; write a literal percent sign as `%25`.',
				start: i,
				end: Math.min(url.length, i + 3),
				fix: url.slice(0, i) + '%25' + url.slice(i + 1),
			});
		}
	}
	if (!broken && url.includes('%')) {
		try {
			decodeURI(url);
		} catch {
			problems.push({
				code: 'link.bad-percent-encoding',
				message: 'The percent-encoded bytes are not valid UTF-8.',
				start: url.indexOf('%'),
				end: url.length,
			});
		}
	}
}

function checkScheme(url: string, problems: UrlProblem[]): void {
	const m = SCHEME.exec(url);
	if (!m) {
		return;
	}
	const written = m[1];
	const scheme = written.toLowerCase();
	const schemeEnd = written.length;
	if (!KNOWN_SCHEMES.has(scheme) && !scheme.startsWith('web+') && !scheme.startsWith('x-') && !scheme.startsWith('ms-')) {
		const suggestion = suggestScheme(scheme);
		problems.push({
			code: 'link.unknown-scheme',
			message: suggestion ? `Unknown URL scheme \`${written}:\`. Did you mean \`${suggestion}:\`?` : `Unknown URL scheme \`${written}:\`.`,
			start: 0,
			end: schemeEnd,
			fix: suggestion ? suggestion + url.slice(schemeEnd) : undefined,
		});
		return;
	}
	if (!AUTHORITY_SCHEMES.has(scheme)) {
		return;
	}
	const afterColon = url.slice(schemeEnd + 1);
	if (!afterColon.startsWith('//')) {
		const path = afterColon.replace(/^\/*/, '');
		problems.push({
			code: 'link.missing-host',
			message: `A \`${scheme}:\` URL needs \`//\` and a host: \`${scheme}://host/path\`.`,
			start: 0,
			end: Math.min(url.length, schemeEnd + 1 + (afterColon.length - path.length)),
			fix: path ? `${written}://${path}` : undefined,
		});
		return;
	}
	const authorityEnd = afterColon.slice(2).search(/[/?#]/);
	const authority = authorityEnd === -1 ? afterColon.slice(2) : afterColon.slice(2, 2 + authorityEnd);
	const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
	const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.replace(/:[^:]*$/, '');
	const port = hostPort.slice(host.length);
	if (host === '' || host === '[]') {
		problems.push({
			code: 'link.missing-host',
			message: `The \`${scheme}://\` URL has no host.`,
			start: 0,
			end: schemeEnd + 3,
		});
	} else if (port !== '' && !/^:\d{0,5}$/.test(port)) {
		const start = schemeEnd + 3 + authority.length - port.length;
		problems.push({
			code: 'link.missing-host',
			message: `\`${port.slice(1)}\` is not a port number.`,
			start,
			end: start + port.length,
		});
	}
}

/** The well-known scheme a typo most likely meant, if any (`htps` → `https`, `gemeni` → `gemini`). */
export function suggestScheme(scheme: string): string | undefined {
	const limit = scheme.length <= 4 ? 1 : 2;
	for (const candidate of COMMON_SCHEMES) {
		if (distance(scheme, candidate) <= limit) {
			return candidate;
		}
	}
	const best = closest(scheme, [...KNOWN_SCHEMES]);
	return distance(scheme, best) <= limit && scheme.length >= 3 ? best : undefined;
}

/**
 * Percent-encodes what a URL path cannot hold literally (space, `%`, `#`, `?`, controls,
 * `<>"\`), keeping `/` and non-ASCII letters as they are (capsules use IRIs).
 *
 * @example encodeUrlPath('my notes/ü 1.gmi') // 'my%20notes/ü%201.gmi'
 */
export function encodeUrlPath(path: string): string {
	return path.replace(/[\s%#?<>"\\\u0000-\u001f\u007f]/gu, (c) => encodeURIComponent(c));
}
