/**
 * Speaks JSON-RPC to a spawned language server (the bundled dist/server.js, or the CLI)
 * the way an editor does, and turns server → client traffic into awaitable events,
 * so tests wait on notifications instead of sleeping.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import {
	ConfigurationRequest,
	createProtocolConnection,
	DidChangeConfigurationNotification,
	DidChangeTextDocumentNotification,
	DidChangeWatchedFilesNotification,
	DidCloseTextDocumentNotification,
	DidOpenTextDocumentNotification,
	ExitNotification,
	type FileEvent,
	InitializedNotification,
	InitializeRequest,
	type InitializeResult,
	type ProtocolConnection,
	PublishDiagnosticsNotification,
	type PublishDiagnosticsParams,
	RegistrationRequest,
	ShutdownRequest,
	StreamMessageReader,
	StreamMessageWriter,
	WorkDoneProgressCreateRequest,
	WorkDoneProgress,
	type WorkDoneProgressBegin,
	type WorkDoneProgressEnd,
	type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';

/** The repository root, from out/test/lsp/*.js. */
export const ROOT = resolve(__dirname, '..', '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** Writes `files` (path → text or bytes) into a fresh temp folder; returns its path. */
export function createWorkspace(files: Readonly<Record<string, string | Uint8Array>>): string {
	const dir = mkdtempSync(join(tmpdir(), 'gemtext-lsp-'));
	for (const [path, content] of Object.entries(files)) {
		writeFile(dir, path, content);
	}
	return dir;
}

export function writeFile(root: string, path: string, content: string | Uint8Array): string {
	const full = join(root, path);
	mkdirSync(dirname(full), { recursive: true });
	writeFileSync(full, content);
	return full;
}

export function removeWorkspace(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
}

export function uriOf(path: string): string {
	return URI.file(path).toString();
}

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export interface StartOptions {
	readonly workspaceFolders: readonly string[];
	/** `[command, ...args]`; defaults to `node dist/server.js --stdio`. */
	readonly command?: readonly string[];
	/** `initializationOptions` of the initialize request (e.g. `{ workspaceTrusted: true }`). */
	readonly initializationOptions?: unknown;
}

/** A running server and the client side of its connection. */
export class TestServer {
	readonly connection: ProtocolConnection;
	readonly #child: ChildProcess;
	/** What `workspace/configuration` answers for section `gemtext` (any scope). */
	settings: unknown = {};
	/** Every `workspace/configuration` item asked for, in order. */
	readonly configurationRequests: { scopeUri?: string; section?: string }[] = [];
	readonly diagnostics: PublishDiagnosticsParams[] = [];
	readonly progress: ProgressValue[] = [];
	readonly logs: string[] = [];
	#waiters: (() => void)[] = [];
	stderr = '';

	private constructor(child: ChildProcess) {
		this.#child = child;
		this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
		child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
		this.connection.onRequest(ConfigurationRequest.type, (params) => {
			// Recorded like a notification: a test can wait for the server to ask (a run has started).
			this.#record(() => this.configurationRequests.push(...params.items));
			return params.items.map(() => this.settings);
		});
		this.connection.onRequest(RegistrationRequest.type, () => undefined);
		this.connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
			// Server-initiated progress: listen on the token the server just created.
			this.connection.onProgress(WorkDoneProgress.type, token, (value) => this.#record(() => this.progress.push(value)));
			return null;
		});
		this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => this.#record(() => this.diagnostics.push(params)));
		this.connection.onNotification('window/logMessage', (params: { message: string }) => this.#record(() => this.logs.push(params.message)));
		this.connection.listen();
	}

	/** Spawns the server and completes the initialize handshake. */
	static async start(options: StartOptions): Promise<{ server: TestServer; result: InitializeResult }> {
		const [command, ...args] = options.command ?? [process.execPath, SERVER, '--stdio'];
		const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
		const server = new TestServer(child);
		const result = await server.connection.sendRequest(InitializeRequest.type, {
			processId: process.pid,
			rootUri: null,
			initializationOptions: options.initializationOptions,
			workspaceFolders: options.workspaceFolders.map((f) => ({ uri: uriOf(f), name: f })),
			capabilities: {
				workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } },
				window: { workDoneProgress: true },
				textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
			},
		});
		await server.connection.sendNotification(InitializedNotification.type, {});
		return { server, result };
	}

	/** Resolves once `predicate` holds, re-checked after each notification from the server. */
	waitFor<T>(predicate: () => T | undefined | false): Promise<T> {
		return new Promise((resolvePromise, reject) => {
			const check = (): boolean => {
				const value = predicate();
				if (value) {
					resolvePromise(value);
					return true;
				}
				return false;
			};
			if (check()) {
				return;
			}
			const waiter = (): void => {
				if (check()) {
					this.#waiters = this.#waiters.filter((w) => w !== waiter);
				}
			};
			this.#waiters.push(waiter);
			this.#child.once('exit', (code) => reject(new Error(`server exited (${code}) while waiting:\n${this.stderr}`)));
		});
	}

	/** The first diagnostics for `uri` published after the `after`-th publish that satisfy `predicate`. */
	waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean, after = 0): Promise<PublishDiagnosticsParams> {
		return this.waitFor(() => this.diagnostics.slice(after).find((p) => p.uri === uri && predicate(p)));
	}

	async open(uri: string, text: string, version = 1): Promise<void> {
		await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'gemtext', version, text } });
	}

	async change(uri: string, text: string, version: number): Promise<void> {
		await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
	}

	async close(uri: string): Promise<void> {
		await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
	}

	async filesChanged(changes: FileEvent[]): Promise<void> {
		await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
	}

	async configurationChanged(): Promise<void> {
		await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
	}

	/** Whether the process is still alive. */
	get running(): boolean {
		return this.#child.exitCode === null && this.#child.signalCode === null;
	}

	/** shutdown + exit, then waits for the process to end. */
	async stop(): Promise<number | null> {
		const exited = new Promise<number | null>((r) => (this.#child.exitCode !== null ? r(this.#child.exitCode) : this.#child.once('exit', (code) => r(code))));
		if (this.running) {
			await this.connection.sendRequest(ShutdownRequest.type);
			await this.connection.sendNotification(ExitNotification.type);
		}
		const code = await exited;
		this.connection.dispose();
		return code;
	}

	#record(push: () => void): void {
		push();
		for (const waiter of [...this.#waiters]) {
			waiter();
		}
	}
}

/** What a `gemtext` run printed, and its exit code. */
export interface CliRun {
	readonly status: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs the CLI (dist/cli.js) in `cwd` without blocking this process (loopback servers keep answering). */
export function runCli(cwd: string | undefined, ...args: string[]): Promise<CliRun> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
		child.on('error', reject);
		child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
	});
}

/** Runs the CLI (dist/cli.js) in `cwd` to completion, bounded to a minute. */
export function runCliSync(cwd: string | undefined, ...args: string[]): CliRun {
	const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
	return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
