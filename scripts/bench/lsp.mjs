// What the server benchmarks share: their command-line options and a real server (dist/server.js over
// stdio, or with `--ipc` forked and on Node's IPC channel as the VS Code client runs it) with a JSON-RPC
// connection that answers the server's own requests as a quiet client does.
import { fork, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, InitializeRequest, InitializedNotification, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

const args = process.argv.slice(2);

/** The value after `--name` on the command line, else `fallback`. */
export function option(name, fallback) {
	const i = args.indexOf(name);
	return i === -1 ? fallback : args[i + 1];
}

/** Whether `--name` is on the command line. */
export function flag(name) {
	return args.includes(name);
}

/**
 * The Node options the desktop extension starts its server with (client/src/serverLaunch.ts; a unit
 * test keeps the two equal), so the benchmarks measure the server as users run it. `--bare` leaves
 * them out.
 */
export const CLIENT_NODE_ARGS = ['--max-semi-space-size=4', '--expose-gc'];

/** The server under test (`--server`, default dist/server.js) and extra node options (`--node-args`, e.g. `--cpu-prof`). */
export const SERVER = resolve(option('--server', join(ROOT, 'dist', 'server.js')));
export const NODE_ARGS = [...(flag('--bare') ? [] : CLIENT_NODE_ARGS), ...option('--node-args', '').split(' ').filter(Boolean)];

/**
 * Starts the server and a listening connection to it. Settings requests get `{}` (the defaults),
 * registrations and progress tokens are accepted; a benchmark may answer them itself instead
 * (a later handler for a method replaces this one).
 */
export function startServer({ cwd } = {}) {
	let child;
	let connection;
	if (flag('--ipc')) {
		// As the VS Code client starts it: forked, messages over Node's IPC channel.
		child = fork(SERVER, ['--node-ipc'], { execArgv: NODE_ARGS, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], cwd });
		connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
	} else {
		child = spawn(process.execPath, [...NODE_ARGS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], cwd });
		connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
	}
	connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
	connection.onRequest('client/registerCapability', () => null);
	connection.onRequest('window/workDoneProgress/create', () => null);
	return { child, connection };
}

/**
 * The initialize handshake with `folder` as the one workspace folder, as VS Code makes it (settings
 * pulled, hierarchical symbols; `workDoneProgress` for a benchmark that follows the index's progress),
 * then `initialized` unless `initialized: false` (a benchmark that must listen first sends it itself).
 */
export async function initialize(connection, folder, { workDoneProgress = false, initialized = true } = {}) {
	await connection.sendRequest(InitializeRequest.type, {
		processId: process.pid,
		rootUri: null,
		workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
		capabilities: {
			workspace: { configuration: true, workspaceFolders: true },
			...(workDoneProgress ? { window: { workDoneProgress: true } } : {}),
			textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
		},
	});
	if (initialized) {
		await connection.sendNotification(InitializedNotification.type, {});
	}
}
