/**
 * What one request of a remote check comes back with, whatever the protocol: a status
 * line, or the reason there was none. Shared by gemini.ts and http.ts; checker.ts
 * turns it into a `RemoteLinkResult`.
 */
import type { RemoteLinkStatus } from '../service/remote';

export type TransportResult =
	| {
		readonly kind: 'response';
		/** Gemini 10–69 or HTTP 100–599. */
		readonly code: number;
		/** Gemini meta (the redirect target for 3x), or the HTTP reason phrase. */
		readonly detail: string;
		/** HTTP only: the `Location` header of a redirect. */
		readonly location?: string;
	}
	| {
		readonly kind: 'error';
		readonly status: Extract<RemoteLinkStatus, 'timeout' | 'unknown-host' | 'unreachable' | 'invalid-response' | 'cancelled'>;
		readonly detail: string;
	};

export interface TransportOptions {
	/** The whole request (connect, handshake, header) must finish within this. */
	readonly timeoutMs: number;
	readonly signal?: AbortSignal;
}

/** A network error as a result: DNS failures are final, the rest may pass. */
export function networkError(e: unknown): TransportResult {
	const error = e as NodeJS.ErrnoException;
	const code = typeof error?.code === 'string' ? error.code : undefined;
	const detail = code ? `${code}${error.message && !error.message.includes(code) ? ` ${error.message}` : ''}` : e instanceof Error ? e.message : String(e);
	if (code === 'ENOTFOUND') {
		return { kind: 'error', status: 'unknown-host', detail: 'no such host' };
	}
	if (code === 'ETIMEDOUT') {
		return { kind: 'error', status: 'timeout', detail };
	}
	if (code === 'ABORT_ERR') {
		return { kind: 'error', status: 'cancelled', detail: 'cancelled' };
	}
	return { kind: 'error', status: 'unreachable', detail: error?.message ?? detail };
}

/** Host name for a socket: URL keeps IPv6 literals in brackets. */
export function socketHost(url: URL): string {
	const host = url.hostname;
	return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * The `finish` of one request: the first of its result, its timeout or its cancellation
 * wins; the timer and the abort listener are cleared and `close` ends the connection.
 */
export function settleOnce(options: TransportOptions, close: () => void, resolve: (result: TransportResult) => void): (result: TransportResult) => void {
	let settled = false;
	const finish = (result: TransportResult): void => {
		if (settled) {
			return;
		}
		settled = true;
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', onAbort);
		close();
		resolve(result);
	};
	const onAbort = (): void => finish({ kind: 'error', status: 'cancelled', detail: 'cancelled' });
	const timer = setTimeout(() => finish({ kind: 'error', status: 'timeout', detail: `${options.timeoutMs} ms` }), options.timeoutMs);
	options.signal?.addEventListener('abort', onAbort, { once: true });
	return finish;
}
