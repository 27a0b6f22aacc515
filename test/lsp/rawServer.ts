/**
 * A language server spoken to byte by byte: for tests of what a well-behaved client
 * never sends (corrupt headers, invalid JSON, requests out of order). Frames written by
 * the test go to stdin as given; frames the server writes are parsed leniently, so a
 * test can await them, and the process's exit and stderr are kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { SERVER } from './harness';

export interface RpcMessage {
	readonly jsonrpc: string;
	readonly id?: number | string | null;
	readonly method?: string;
	readonly params?: unknown;
	readonly result?: unknown;
	readonly error?: { readonly code: number; readonly message: string };
}

export interface Exit {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	/** Milliseconds from `endInput()` (or spawn) to the exit. */
	readonly afterMs: number;
}

/** One `Content-Length` frame around `body` (an object is serialised to JSON). */
export function frame(body: string | object): Buffer {
	const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
	return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]);
}

export function initializeRequest(id: number, workspaceFolders: readonly string[] = [], processId: number | null = null): object {
	return {
		jsonrpc: '2.0',
		id,
		method: 'initialize',
		params: { processId, rootUri: null, capabilities: { window: { workDoneProgress: true } }, workspaceFolders: workspaceFolders.map((uri) => ({ uri, name: uri })) },
	};
}

export class RawServer {
	readonly messages: RpcMessage[] = [];
	stderr = '';
	/** Bytes the server wrote to stdout, in total. */
	stdoutBytes = 0;
	readonly exited: Promise<Exit>;
	readonly #child: ChildProcess;
	#pending = Buffer.alloc(0);
	#waiters: (() => void)[] = [];
	#clock = Date.now();
	#exit: Exit | undefined;

	constructor(args: readonly string[] = [SERVER, '--stdio']) {
		this.#child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
		this.#child.stdin!.on('error', () => undefined); // writing to a server that already exited
		this.#child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
		this.#child.stdout!.on('data', (chunk: Buffer) => this.#onData(chunk));
		this.exited = new Promise((resolve) => {
			this.#child.once('exit', (code, signal) => {
				this.#exit = { code, signal, afterMs: Date.now() - this.#clock };
				resolve(this.#exit);
				this.#notify();
			});
		});
	}

	get running(): boolean {
		return this.#exit === undefined;
	}

	write(bytes: string | Buffer): void {
		this.#child.stdin!.write(bytes);
	}

	send(message: object): void {
		this.write(frame(message));
	}

	/** Closes the server's stdin, as a client that goes away does; starts the exit clock. */
	endInput(): void {
		this.#clock = Date.now();
		this.#child.stdin!.end();
	}

	/** The first message (from the start) that satisfies `predicate`; rejects if the server exits first. */
	waitForMessage(predicate: (m: RpcMessage) => boolean): Promise<RpcMessage> {
		return new Promise((resolve, reject) => {
			const check = (): boolean => {
				const found = this.messages.find(predicate);
				if (found) {
					resolve(found);
					return true;
				}
				if (this.#exit) {
					reject(new Error(`server exited (${this.#exit.code}) before the message came; stderr:\n${this.stderr.slice(0, 2000)}`));
					return true;
				}
				return false;
			};
			if (!check()) {
				const waiter = (): void => {
					if (check()) {
						this.#waiters = this.#waiters.filter((w) => w !== waiter);
					}
				};
				this.#waiters.push(waiter);
			}
		});
	}

	response(id: number): Promise<RpcMessage> {
		return this.waitForMessage((m) => m.id === id && m.method === undefined);
	}

	/** Sends `initialize` and `initialized`; resolves with the initialize response. */
	async initialize(workspaceFolders: readonly string[] = [], processId: number | null = null): Promise<RpcMessage> {
		this.send(initializeRequest(1, workspaceFolders, processId));
		const response = await this.response(1);
		this.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
		return response;
	}

	/** Kills the process if it is still running (test cleanup). */
	kill(): void {
		if (this.running) {
			this.#child.kill();
		}
	}

	#onData(chunk: Buffer): void {
		this.stdoutBytes += chunk.length;
		this.#pending = Buffer.concat([this.#pending, chunk]);
		for (;;) {
			const end = this.#pending.indexOf('\r\n\r\n');
			if (end < 0) {
				break;
			}
			const length = Number(/Content-Length: *(\d+)/i.exec(this.#pending.subarray(0, end).toString('ascii'))?.[1]);
			if (this.#pending.length < end + 4 + length) {
				break;
			}
			const message = JSON.parse(this.#pending.subarray(end + 4, end + 4 + length).toString('utf8')) as RpcMessage;
			this.#pending = this.#pending.subarray(end + 4 + length);
			this.messages.push(message);
			this.#answer(message);
		}
		this.#notify();
	}

	/** Answers the server's own requests as a client does: progress and registrations accepted, default settings. */
	#answer(message: RpcMessage): void {
		if (message.id === undefined || message.method === undefined || !this.running || this.#child.stdin!.writableEnded) {
			return;
		}
		const items = (message.params as { items?: unknown[] } | undefined)?.items;
		this.send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? (items ?? []).map(() => ({})) : null });
	}

	#notify(): void {
		for (const waiter of [...this.#waiters]) {
			waiter();
		}
	}
}
