/**
 * `IRemoteChecker` on Node: the only place the extension opens network connections.
 *
 * - Bounded concurrency: at most `maxConcurrency` requests overall and `maxPerHost` per
 *   host (name and port), queued in order; a redirect hop queues again.
 * - Timeouts: every hop is bounded by the caller's `timeoutMs` (clamped to 0.05–120 s).
 * - Redirects (Gemini 3x, HTTP 3xx) are followed up to `maxRedirects`, relative targets
 *   resolved against the current URL, loops stopped at once; protocols may change on the way.
 * - Cache: results by URL (fragment dropped) for `cacheTtlMs`, in memory; concurrent
 *   checks of one URL share one request.
 * - Cancellation: a caller whose token fires gets `cancelled` at once; the request is
 *   dropped from the queue (or aborted when running) when no other caller still waits.
 */
import type { IRemoteChecker, RemoteCancellation, RemoteCheckOptions, RemoteLinkResult, RemoteLinkStatus } from '../service/remote';
import { requestGemini } from './gemini';
import { requestHttp } from './http';
import type { TransportOptions, TransportResult } from './transport';

export interface RemoteCheckerOptions {
	/** Requests in flight overall (default 8). */
	readonly maxConcurrency?: number;
	/** Requests in flight per host and port (default 2): politeness to small capsules. */
	readonly maxPerHost?: number;
	/** How long a result is reused (default 10 minutes). */
	readonly cacheTtlMs?: number;
	/** Redirects followed before giving up (default 5). */
	readonly maxRedirects?: number;
	/** Clock, for tests of expiry. */
	readonly now?: () => number;
}

export const DEFAULT_MAX_CONCURRENCY = 8;
export const DEFAULT_MAX_PER_HOST = 2;
export const DEFAULT_CACHE_TTL_MS = 10 * 60 * 1000;
export const DEFAULT_MAX_REDIRECTS = 5;
const MIN_TIMEOUT_MS = 50;
const MAX_TIMEOUT_MS = 120_000;

interface Job {
	readonly url: string;
	readonly abort: AbortController;
	waiters: number;
	promise?: Promise<RemoteLinkResult>;
}

export class RemoteChecker implements IRemoteChecker {
	readonly #cache = new Map<string, { readonly result: RemoteLinkResult; readonly expires: number }>();
	readonly #running = new Map<string, Job>();
	readonly #limiter: HostLimiter;
	readonly #ttl: number;
	readonly #maxRedirects: number;
	readonly #now: () => number;

	constructor(options: RemoteCheckerOptions = {}) {
		this.#limiter = new HostLimiter(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, options.maxPerHost ?? DEFAULT_MAX_PER_HOST);
		this.#ttl = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
		this.#maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
		this.#now = options.now ?? Date.now;
	}

	peek(url: string): RemoteLinkResult | undefined {
		const key = withoutFragment(url);
		const entry = this.#cache.get(key);
		if (!entry) {
			return undefined;
		}
		if (entry.expires <= this.#now()) {
			this.#cache.delete(key);
			return undefined;
		}
		return entry.result;
	}

	check(url: string, options: RemoteCheckOptions): Promise<RemoteLinkResult> {
		const key = withoutFragment(url);
		const cached = this.peek(key);
		if (cached) {
			return Promise.resolve(cached);
		}
		const token = options.token;
		if (token?.isCancellationRequested) {
			return Promise.resolve(cancelled(key));
		}
		let job = this.#running.get(key);
		if (!job) {
			const created: Job = { url: key, abort: new AbortController(), waiters: 0 };
			created.promise = this.#follow(created, clampTimeout(options.timeoutMs)).then((result) => {
				this.#running.delete(key);
				if (result.status !== 'cancelled') {
					this.#cache.set(key, { result, expires: this.#now() + this.#ttl });
				}
				return result;
			});
			this.#running.set(key, created);
			job = created;
		}
		return this.#wait(job, token);
	}

	/** Forgets every cached result. */
	clearCache(): void {
		this.#cache.clear();
	}

	/** One caller's wait on a shared job; its cancellation releases only its own claim. */
	#wait(job: Job, token: RemoteCancellation | undefined): Promise<RemoteLinkResult> {
		job.waiters++;
		return new Promise((resolve) => {
			let done = false;
			const subscription = token?.onCancellationRequested?.(() => {
				if (done) {
					return;
				}
				done = true;
				resolve(cancelled(job.url));
				if (--job.waiters === 0) {
					job.abort.abort();
				}
			});
			void job.promise!.then((result) => {
				subscription?.dispose();
				if (!done) {
					done = true;
					job.waiters--;
					resolve(result);
				}
			});
		});
	}

	async #follow(job: Job, timeoutMs: number): Promise<RemoteLinkResult> {
		let current: URL;
		try {
			current = new URL(job.url);
		} catch {
			return { url: job.url, status: 'invalid-response', detail: 'not a valid URL', redirects: 0 };
		}
		const seen = new Set([current.href]);
		const signal = job.abort.signal;
		for (let redirects = 0; ; redirects++) {
			const target = current;
			const hop = await this.#limiter.run(target.host, signal, () => requestOne(target, { timeoutMs, signal }));
			const finalUrl = redirects > 0 ? target.href : undefined;
			if (hop.kind === 'error') {
				return { url: job.url, status: hop.status, detail: hop.detail, finalUrl, redirects };
			}
			const outcome = classify(target, hop);
			if (outcome.status !== 'redirect') {
				return { url: job.url, status: outcome.status, code: hop.code, detail: hop.detail || undefined, finalUrl, redirects };
			}
			let next: URL;
			try {
				next = new URL(outcome.location, target);
			} catch {
				return { url: job.url, status: 'invalid-response', code: hop.code, detail: `redirect to an invalid URL ${JSON.stringify(outcome.location)}`, finalUrl, redirects };
			}
			next.hash = '';
			if (!/^(gemini|https?):$/.test(next.protocol)) {
				// Somewhere this checker cannot follow (gopher:, a mailto:…): the redirect itself worked.
				return { url: job.url, status: 'ok', code: hop.code, detail: hop.detail || undefined, finalUrl: next.href, redirects: redirects + 1 };
			}
			if (seen.has(next.href)) {
				return { url: job.url, status: 'redirect-limit', code: hop.code, detail: `redirect loop back to ${next.href}`, finalUrl: target.href, redirects: redirects + 1 };
			}
			if (redirects + 1 > this.#maxRedirects) {
				return { url: job.url, status: 'redirect-limit', code: hop.code, detail: `more than ${this.#maxRedirects}, last to ${next.href}`, finalUrl: target.href, redirects: redirects + 1 };
			}
			seen.add(next.href);
			current = next;
		}
	}
}

function requestOne(url: URL, options: TransportOptions): Promise<TransportResult> {
	return url.protocol === 'gemini:' ? requestGemini(url, options) : requestHttp(url, options);
}

type Outcome = { readonly status: Exclude<RemoteLinkStatus, 'cancelled'> } | { readonly status: 'redirect'; readonly location: string };

/** Maps a status line to what it means for a link (see `RemoteLinkStatus`). */
function classify(url: URL, response: Extract<TransportResult, { kind: 'response' }>): Outcome {
	const code = response.code;
	if (url.protocol === 'gemini:') {
		const family = Math.floor(code / 10);
		switch (family) {
			case 1: case 2: case 6: return { status: 'ok' };
			case 3: return response.detail ? { status: 'redirect', location: response.detail } : { status: 'invalid-response' };
			case 4: return { status: 'temporary' };
			case 5: return { status: code === 51 ? 'not-found' : code === 52 ? 'gone' : 'failure' };
			default: return { status: 'invalid-response' };
		}
	}
	if (code >= 200 && code < 300) {
		return { status: 'ok' };
	}
	if (code >= 300 && code < 400) {
		return response.location ? { status: 'redirect', location: response.location } : { status: 'invalid-response' };
	}
	if (code === 404) {
		return { status: 'not-found' };
	}
	if (code === 410) {
		return { status: 'gone' };
	}
	if (code === 401) {
		// The page exists behind a login.
		return { status: 'ok' };
	}
	if (code === 403 || code === 408 || code === 429 || code >= 500) {
		return { status: 'temporary' };
	}
	return { status: code >= 400 ? 'failure' : 'invalid-response' };
}

function cancelled(url: string): RemoteLinkResult {
	return { url, status: 'cancelled', redirects: 0 };
}

function withoutFragment(url: string): string {
	const hash = url.indexOf('#');
	return hash === -1 ? url : url.slice(0, hash);
}

function clampTimeout(ms: number): number {
	return Number.isFinite(ms) ? Math.min(Math.max(ms, MIN_TIMEOUT_MS), MAX_TIMEOUT_MS) : MAX_TIMEOUT_MS;
}

/** A FIFO of tasks, each run when fewer than `max` run overall and fewer than `perHost` for its host. */
export class HostLimiter {
	#active = 0;
	readonly #perHost = new Map<string, number>();
	readonly #queue: { readonly host: string; readonly start: () => void }[] = [];

	constructor(readonly max: number, readonly perHost: number) {}

	/** Runs `task` in a free slot; an abort while queued resolves with `cancelled` without running it. */
	run(host: string, signal: AbortSignal, task: () => Promise<TransportResult>): Promise<TransportResult> {
		return new Promise((resolve) => {
			const entry = {
				host,
				start: () => {
					signal.removeEventListener('abort', onAbort);
					this.#active++;
					this.#perHost.set(host, (this.#perHost.get(host) ?? 0) + 1);
					void task().then(resolve, (e: unknown) => resolve({ kind: 'error', status: 'unreachable', detail: e instanceof Error ? e.message : String(e) })).finally(() => {
						this.#active--;
						const n = (this.#perHost.get(host) ?? 1) - 1;
						if (n === 0) {
							this.#perHost.delete(host);
						} else {
							this.#perHost.set(host, n);
						}
						this.#pump();
					});
				},
			};
			const onAbort = (): void => {
				const i = this.#queue.indexOf(entry);
				if (i !== -1) {
					this.#queue.splice(i, 1);
					resolve({ kind: 'error', status: 'cancelled', detail: 'cancelled' });
				}
			};
			if (signal.aborted) {
				resolve({ kind: 'error', status: 'cancelled', detail: 'cancelled' });
				return;
			}
			signal.addEventListener('abort', onAbort, { once: true });
			this.#queue.push(entry);
			this.#pump();
		});
	}

	#pump(): void {
		for (let i = 0; i < this.#queue.length && this.#active < this.max; ) {
			const entry = this.#queue[i];
			if ((this.#perHost.get(entry.host) ?? 0) < this.perHost) {
				this.#queue.splice(i, 1);
				entry.start();
			} else {
				i++;
			}
		}
	}
}
