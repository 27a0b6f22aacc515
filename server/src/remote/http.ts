/**
 * HTTP(S) link checks on node:http/https: `HEAD` first (no body), then `GET` when the
 * server answers `HEAD` with an error, since many servers handle `HEAD` badly. Redirects
 * are not followed here (checker.ts follows them, across protocols, with one limit).
 * Each request has its own socket (no keep-alive agent), destroyed once the status
 * line has arrived: a response body is never downloaded.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { networkError, settleOnce, type TransportOptions, type TransportResult } from './transport';

const USER_AGENT = 'gemtext-link-checker (+https://github.com/gemtext-tools)';

/**
 * Status of `url`: `HEAD`, falling back to `GET` when `HEAD` gives 400 or more.
 * Never rejects.
 */
export async function requestHttp(url: URL, options: TransportOptions): Promise<TransportResult> {
	const head = await requestOnce(url, 'HEAD', options);
	if (head.kind === 'response' && head.code >= 400) {
		return requestOnce(url, 'GET', options);
	}
	return head;
}

function requestOnce(url: URL, method: 'HEAD' | 'GET', options: TransportOptions): Promise<TransportResult> {
	if (options.signal?.aborted) {
		return Promise.resolve({ kind: 'error', status: 'cancelled', detail: 'cancelled' });
	}
	return new Promise((resolve) => {
		const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
		const req = send(url, {
			method,
			agent: false,
			headers: { 'user-agent': USER_AGENT, accept: '*/*' },
		});
		const finish = settleOnce(options, () => req.destroy(), resolve);
		req.once('response', (res: IncomingMessage) => {
			const location = res.headers.location;
			finish({ kind: 'response', code: res.statusCode ?? 0, detail: res.statusMessage ?? '', location: typeof location === 'string' ? location : undefined });
		});
		req.on('error', (e) => finish(networkError(e)));
		req.end();
	});
}
