/**
 * A minimal Gemini client over node:tls, enough to check a link: send the URL, read the
 * response header `NN meta\r\n`, close. The body is never read.
 *
 * Certificates: Gemini capsules mostly use self-signed certificates and clients trust on
 * first use (TOFU). A link checker has no earlier visit to compare with, so it accepts
 * any certificate: it asks whether the page answers, not whether the host is who it was.
 */
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { networkError, socketHost, settleOnce, type TransportOptions, type TransportResult } from './transport';

export const GEMINI_DEFAULT_PORT = 1965;

/** Requests longer than this are invalid (Gemini specification §2). */
const MAX_URL_BYTES = 1024;

/** Two digits, a space, meta of at most 1024 bytes, CRLF. */
const MAX_HEADER_BYTES = 2 + 1 + 1024 + 2;

const HEADER = /^([1-6][0-9])(?:[ \t](.*))?$/s;

/**
 * Sends one Gemini request for `url` and resolves with its header. Never rejects; the
 * socket is destroyed when the header has arrived, on error, on timeout and on abort.
 *
 * @example requestGemini(new URL('gemini://example.org/'), { timeoutMs: 5000 }) // { kind: 'response', code: 20, detail: 'text/gemini' }
 */
export function requestGemini(url: URL, options: TransportOptions): Promise<TransportResult> {
	const request = url.href;
	if (Buffer.byteLength(request, 'utf8') > MAX_URL_BYTES) {
		return Promise.resolve({ kind: 'error', status: 'invalid-response', detail: `the URL is longer than ${MAX_URL_BYTES} bytes` });
	}
	if (options.signal?.aborted) {
		return Promise.resolve({ kind: 'error', status: 'cancelled', detail: 'cancelled' });
	}
	return new Promise((resolve) => {
		const host = socketHost(url);
		const port = url.port ? Number(url.port) : GEMINI_DEFAULT_PORT;
		let received = Buffer.alloc(0);
		const socket = connect({
			host,
			port,
			// SNI takes names only: an IP literal as servername is an error.
			servername: isIP(host) ? undefined : host,
			rejectUnauthorized: false,
			minVersion: 'TLSv1.2',
		});
		const finish = settleOnce(options, () => socket.destroy(), resolve);

		socket.once('secureConnect', () => socket.write(request + '\r\n'));
		socket.on('data', (chunk: Buffer) => {
			received = Buffer.concat([received, chunk]);
			const eol = received.indexOf('\r\n');
			if (eol !== -1) {
				finish(parseHeader(received.subarray(0, eol)));
			} else if (received.length > MAX_HEADER_BYTES) {
				finish({ kind: 'error', status: 'invalid-response', detail: 'no response header in the first 1029 bytes' });
			}
		});
		// Some servers close right after a header without CRLF; take it when it parses.
		socket.once('end', () => finish(received.length > 0 ? parseHeader(received) : { kind: 'error', status: 'invalid-response', detail: 'the server closed the connection without answering' }));
		socket.once('close', () => finish({ kind: 'error', status: 'invalid-response', detail: 'the server closed the connection without answering' }));
		socket.on('error', (e) => finish(networkError(e)));
	});
}

function parseHeader(bytes: Buffer): TransportResult {
	const line = bytes.toString('utf8');
	const m = HEADER.exec(line);
	if (!m) {
		return { kind: 'error', status: 'invalid-response', detail: `not a Gemini header: ${JSON.stringify(line.slice(0, 60))}` };
	}
	return { kind: 'response', code: Number(m[1]), detail: (m[2] ?? '').trim() };
}
