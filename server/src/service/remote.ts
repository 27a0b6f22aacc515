/**
 * Remote links (`gemini://`, `http://`, `https://`): the pure half of checking them.
 * The network half is an injected `IRemoteChecker` (server/src/remote/ on Node); the
 * service only decides which links to check, asks the checker, and maps results to
 * `link.remote-*` diagnostics. Nothing here runs unless `gemtext.validate.remoteLinks`
 * is on, and then the checker is the only thing that talks to the network.
 */
import type { GemDocument, GemLine } from './document';
import { compileIgnores } from './ignoredLinks';
import type { CancellationToken, Diagnostic, DiagnosticSeverity } from './types';
import { checkUrl } from './urls';
import type { GemtextSettings, SeveritySetting } from './workspace';

/**
 * What became of a remote link:
 * - `ok`: 2x / HTTP 2xx, also 1x (an input prompt is a working page) and 6x (the page exists, it wants a client certificate);
 * - `not-found`: Gemini 51, HTTP 404; `gone`: Gemini 52, HTTP 410;
 * - `failure`: any other permanent failure (5x, HTTP 4xx);
 * - `temporary`: Gemini 4x, HTTP 5xx, 429 and 403 (often a bot wall, not a dead page);
 * - `redirect-limit`: more redirects than allowed, or a loop; `invalid-response`: not the protocol, or an unusable redirect;
 * - `timeout`, `unknown-host` (DNS says no such name), `unreachable` (refused, reset, TLS failure);
 * - `cancelled`: the caller gave up (never cached, never reported).
 */
export type RemoteLinkStatus =
	| 'ok'
	| 'not-found'
	| 'gone'
	| 'failure'
	| 'temporary'
	| 'redirect-limit'
	| 'invalid-response'
	| 'timeout'
	| 'unknown-host'
	| 'unreachable'
	| 'cancelled';

export interface RemoteLinkResult {
	/** The URL checked (without fragment). */
	readonly url: string;
	readonly status: RemoteLinkStatus;
	/** Status code of the last response: Gemini 10–69, HTTP 100–599; absent when there was none. */
	readonly code?: number;
	/** The Gemini meta, the HTTP reason phrase or the network error, for messages. */
	readonly detail?: string;
	/** Where redirects led, when there were any. */
	readonly finalUrl?: string;
	/** Redirects followed. */
	readonly redirects: number;
}

/** The service's `CancellationToken` with the event an LSP token offers: it lets queued and running requests stop. */
export interface RemoteCancellation extends CancellationToken {
	onCancellationRequested?(listener: () => void): { dispose(): void };
}

export interface RemoteCheckOptions {
	/** Per request (each redirect hop); the host's checker bounds it anyway. */
	readonly timeoutMs: number;
	readonly token?: RemoteCancellation;
}

/**
 * Checks remote URLs: the host's implementation owns sockets, concurrency limits,
 * redirects and a cache with expiry. The service never constructs one: the host
 * injects a factory (`GemtextServiceInit.createRemoteChecker`), called the first time
 * a check is actually wanted.
 */
export interface IRemoteChecker {
	/** Checks `url` (a `gemini:`, `http:` or `https:` URL; a fragment is ignored). Never rejects. */
	check(url: string, options: RemoteCheckOptions): Promise<RemoteLinkResult>;
	/** The cached, unexpired result for `url`, without any traffic. */
	peek(url: string): RemoteLinkResult | undefined;
}

/**
 * An `IRemoteChecker` over the host's that counts distinct URLs asked for and answered:
 * one pass over many documents (Check Remote Links, `gemtext check --remote`) reports progress.
 */
export class CountingChecker implements IRemoteChecker {
	readonly #inner: IRemoteChecker;
	readonly #asked = new Set<string>();
	#answered = 0;
	readonly #onChange: (answered: number, asked: number) => void;

	constructor(inner: IRemoteChecker, onChange: (answered: number, asked: number) => void) {
		this.#inner = inner;
		this.#onChange = onChange;
	}

	/** A cached answer counts as answered too. */
	peek(url: string): RemoteLinkResult | undefined {
		const result = this.#inner.peek(url);
		if (result && !this.#asked.has(url)) {
			this.#asked.add(url);
			this.#onChange(++this.#answered, this.#asked.size);
		}
		return result;
	}

	async check(url: string, options: RemoteCheckOptions): Promise<RemoteLinkResult> {
		const first = !this.#asked.has(url);
		this.#asked.add(url);
		const result = await this.#inner.check(url, options);
		if (first) {
			this.#onChange(++this.#answered, this.#asked.size);
		}
		return result;
	}
}

/** Stable codes of remote-link diagnostics. */
export type RemoteDiagnosticCode =
	| 'link.remote-not-found'
	| 'link.remote-gone'
	| 'link.remote-failure'
	| 'link.remote-temporary-failure'
	| 'link.remote-redirect-limit'
	| 'link.remote-invalid-response'
	| 'link.remote-timeout'
	| 'link.remote-unknown-host'
	| 'link.remote-unreachable';

/** A remote link of a document: the URL to request and where to report. */
export interface RemoteLink {
	readonly line: GemLine;
	/** Absolute URL without fragment (`//host/x` becomes `gemini://host/x`). */
	readonly url: string;
}

const REMOTE = /^(gemini|https?):\/\//i;

/**
 * The URL to request for a link as written, `undefined` when it is not a well-formed
 * `gemini:`/`http(s):` URL (malformed ones are the local rules' business).
 *
 * @example remoteUrlOf('//example.org/a#b') // 'gemini://example.org/a'
 */
export function remoteUrlOf(url: string): string | undefined {
	const absolute = url.startsWith('//') ? 'gemini:' + url : url;
	if (!REMOTE.test(absolute) || checkUrl(absolute).length > 0) {
		return undefined;
	}
	const hash = absolute.indexOf('#');
	const noFragment = hash === -1 ? absolute : absolute.slice(0, hash);
	// `gemini://` alone has no host to ask.
	return /^[a-z]+:\/\/[^/?#]/i.test(noFragment) ? noFragment : undefined;
}

/** The remote links of `doc` that settings allow checking (`ignoredLinks` applies), in line order. */
export function collectRemoteLinks(doc: GemDocument, settings: GemtextSettings): RemoteLink[] {
	const ignored = compileIgnores(settings.validate.ignoredLinks);
	const out: RemoteLink[] = [];
	for (const line of doc.links) {
		const url = remoteUrlOf(line.url);
		if (url !== undefined && !ignored(line.url)) {
			out.push({ line, url });
		}
	}
	return out;
}

/** Whether remote checks are wanted under `settings` (validation on, remote links opted in). */
export function isRemoteCheckEnabled(settings: GemtextSettings): boolean {
	return settings.validate.enabled && settings.validate.remoteLinks && settings.validate.remoteLinkSeverity !== 'ignore';
}

export interface RemoteDiagnosticsResult {
	readonly diagnostics: Diagnostic[];
	/** False when `cachedOnly` left some links unchecked (or the token was cancelled). */
	readonly complete: boolean;
}

/**
 * Diagnostics for the remote links of `doc`. With `cachedOnly`, only results the checker
 * already holds are used (no traffic), so a host can show them at once and fill in the
 * rest later. Returns nothing, and never calls `getChecker`, when remote checks are off.
 */
export async function getRemoteLinkDiagnostics(
	doc: GemDocument,
	settings: GemtextSettings,
	getChecker: () => IRemoteChecker | undefined,
	options: { readonly token?: RemoteCancellation; readonly cachedOnly?: boolean } = {},
): Promise<RemoteDiagnosticsResult> {
	if (!isRemoteCheckEnabled(settings)) {
		return { diagnostics: [], complete: true };
	}
	const links = collectRemoteLinks(doc, settings);
	if (links.length === 0) {
		return { diagnostics: [], complete: true };
	}
	const checker = getChecker();
	if (!checker) {
		return { diagnostics: [], complete: true };
	}
	const timeoutMs = settings.validate.remoteTimeoutMs;
	let complete = true;
	const results = await Promise.all(links.map(async (link) => {
		const cached = checker.peek(link.url);
		if (cached || options.cachedOnly) {
			complete &&= cached !== undefined;
			return cached;
		}
		return checker.check(link.url, { timeoutMs, token: options.token });
	}));
	const diagnostics: Diagnostic[] = [];
	for (let i = 0; i < links.length; i++) {
		const result = results[i];
		if (result?.status === 'cancelled') {
			complete = false;
		}
		const diagnostic = result && toRemoteDiagnostic(result, links[i].line, settings.validate.remoteLinkSeverity);
		if (diagnostic) {
			diagnostics.push(diagnostic);
		}
	}
	return { diagnostics, complete: complete && !options.token?.isCancellationRequested };
}

const RANK: Record<DiagnosticSeverity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/**
 * Problems that are not the author's fault and may pass by themselves (timeouts, 4x,
 * HTTP 5xx, refused connections) are reported at most as `information`, so a flaky host
 * never fails a CI run; broken links (51, 404, unknown host…) get the full severity.
 */
const TRANSIENT: ReadonlySet<RemoteLinkStatus> = new Set(['temporary', 'timeout', 'unreachable']);

/**
 * The diagnostic for one result on its link line, `undefined` when the link works
 * or the severity is `ignore`.
 *
 * @example status `not-found`, code 51 → `link.remote-not-found` "The server answers 51 (not found)…"
 */
export function toRemoteDiagnostic(result: RemoteLinkResult, line: GemLine, setting: SeveritySetting): Diagnostic | undefined {
	if (setting === 'ignore' || result.status === 'ok' || result.status === 'cancelled') {
		return undefined;
	}
	const severity: DiagnosticSeverity = TRANSIENT.has(result.status) && RANK[setting] > RANK.information ? 'information' : setting;
	const { code, message } = describe(result);
	return { range: line.rangeOf(line.contentStart, line.urlEnd), severity, code, message };
}

function describe(r: RemoteLinkResult): { code: RemoteDiagnosticCode; message: string } {
	const answer = r.code !== undefined ? `${r.code}${r.detail ? ` ${r.detail}` : ''}` : (r.detail ?? '');
	const via = r.finalUrl && r.finalUrl !== r.url ? ` (after redirects to ${r.finalUrl})` : '';
	switch (r.status) {
		case 'not-found':
			return { code: 'link.remote-not-found', message: `Not found: the server answers ${answer}${via}.` };
		case 'gone':
			return { code: 'link.remote-gone', message: `Gone: the server answers ${answer}${via}; the page was removed for good.` };
		case 'failure':
			return { code: 'link.remote-failure', message: `The server refuses this page: ${answer}${via}.` };
		case 'temporary':
			return { code: 'link.remote-temporary-failure', message: `The server answers ${answer}${via}: it may work again later.` };
		case 'redirect-limit':
			return { code: 'link.remote-redirect-limit', message: `Too many redirects (${r.redirects})${r.detail ? `: ${r.detail}` : ''}.` };
		case 'invalid-response':
			return { code: 'link.remote-invalid-response', message: `The server's answer is unusable${r.detail ? `: ${r.detail}` : ''}${via}.` };
		case 'timeout':
			return { code: 'link.remote-timeout', message: `No answer in time${via}${r.detail ? ` (${r.detail})` : ''}.` };
		case 'unknown-host':
			return { code: 'link.remote-unknown-host', message: `The host does not exist${r.detail ? ` (${r.detail})` : ''}${via}.` };
		default:
			return { code: 'link.remote-unreachable', message: `Cannot connect${r.detail ? `: ${r.detail}` : ''}${via}.` };
	}
}
