/**
 * Servers on 127.0.0.1 for the remote-link tests: a Gemini server on node:tls (with the
 * test-only self-signed certificate of test/fixtures/tls) and an HTTP server. Each counts
 * connections, requests and connections in flight, and emits events, so tests wait on
 * what happened instead of sleeping.
 */
import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';

const TLS_DIR = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'tls');

/** What a handler answers: the bytes to send (then the connection closes), a promise of them, or `null` to never answer. */
export type Answer = string | Promise<string> | null;

abstract class CountingServer extends EventEmitter {
	/** Request targets in arrival order (Gemini: the URL line; HTTP: `METHOD path`). */
	readonly requests: string[] = [];
	connections = 0;
	inFlight = 0;
	maxInFlight = 0;
	closedConnections = 0;
	readonly #sockets = new Set<Socket>();

	protected track(socket: Socket): void {
		this.connections++;
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		this.#sockets.add(socket);
		socket.once('close', () => {
			this.inFlight--;
			this.closedConnections++;
			this.#sockets.delete(socket);
			this.emit('closed');
		});
	}

	/** Resolves once `predicate` holds, re-checked on every request and closed connection. */
	async until(predicate: () => boolean): Promise<void> {
		while (!predicate()) {
			await Promise.race([once(this, 'request'), once(this, 'closed')]);
		}
	}

	protected destroySockets(): void {
		for (const s of this.#sockets) {
			s.destroy();
		}
	}
}

export class GeminiTestServer extends CountingServer {
	readonly #server: TlsServer;
	port = 0;

	private constructor(handler: (url: string) => Answer) {
		super();
		this.#server = createTlsServer({ key: readFileSync(resolve(TLS_DIR, 'key.pem')), cert: readFileSync(resolve(TLS_DIR, 'cert.pem')) }, (socket: TLSSocket) => {
			this.track(socket);
			let buffer = '';
			socket.on('error', () => undefined);
			socket.on('data', (chunk: Buffer) => {
				buffer += chunk.toString('utf8');
				const eol = buffer.indexOf('\r\n');
				if (eol === -1) {
					return;
				}
				const url = buffer.slice(0, eol);
				buffer = '';
				this.requests.push(url);
				const answer = handler(url);
				this.emit('request', url);
				if (answer !== null) {
					void Promise.resolve(answer).then((text) => {
						if (!socket.destroyed) {
							socket.end(text);
						}
					});
				}
			});
		});
		this.#server.on('tlsClientError', () => undefined);
	}

	static async start(handler: (url: string) => Answer): Promise<GeminiTestServer> {
		const server = new GeminiTestServer(handler);
		server.#server.listen(0, '127.0.0.1');
		await once(server.#server, 'listening');
		server.port = (server.#server.address() as AddressInfo).port;
		return server;
	}

	/** `gemini://127.0.0.1:PORT` + `path`. */
	url(path: string): string {
		return `gemini://127.0.0.1:${this.port}${path}`;
	}

	async close(): Promise<void> {
		this.destroySockets();
		this.#server.close();
		await once(this.#server, 'close');
	}
}

export class HttpTestServer extends CountingServer {
	readonly #server: HttpServer;
	port = 0;

	private constructor(handler: (req: IncomingMessage, res: ServerResponse) => void) {
		super();
		this.#server = createHttpServer((req, res) => {
			this.requests.push(`${req.method} ${req.url}`);
			handler(req, res);
			this.emit('request', req.url);
		});
		this.#server.on('connection', (socket: Socket) => this.track(socket));
	}

	static async start(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpTestServer> {
		const server = new HttpTestServer(handler);
		server.#server.listen(0, '127.0.0.1');
		await once(server.#server, 'listening');
		server.port = (server.#server.address() as AddressInfo).port;
		return server;
	}

	url(path: string): string {
		return `http://127.0.0.1:${this.port}${path}`;
	}

	async close(): Promise<void> {
		this.destroySockets();
		this.#server.close();
		await once(this.#server, 'close');
	}
}
