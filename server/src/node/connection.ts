/**
 * The connection of the Node entry points, by transport:
 *
 * - `--stdio` (other editors, `gemtext lsp --stdio`): a `FramedMessageReader` on stdin, so
 *   a corrupt frame ends the process with a clear error on stderr instead of stalling it,
 *   and invalid bodies are dropped with a short note on stderr instead of being echoed;
 *   when stdin closes (the client went away) the process exits at once: 0 if the client
 *   had asked for shutdown, 1 otherwise, as after `exit`; messages written in one turn of the
 *   event loop leave in one write (`CoalescingWriter`);
 * - `--node-ipc` (the VS Code client): Node's IPC channel, whose messages the client parses.
 *
 * Either way a `ProtocolGuard` enforces the lifecycle and checks params. Other transports
 * (`--socket`, `--pipe`) are left to vscode-languageserver as they are.
 */
import { format } from 'node:util';
import { type Connection, createConnection, IPCMessageReader, IPCMessageWriter, type MessageReader, type MessageWriter, ProposedFeatures, StreamMessageWriter } from 'vscode-languageserver/node';
import { ProtocolGuard } from '../protocolGuard';
import { CoalescingWriter } from './coalescingWriter';
import { FramedMessageReader, FramingError } from './framedMessageReader';

export function createNodeConnection(argv: readonly string[] = process.argv): Connection {
	if (argv.includes('--stdio')) {
		return createStdioConnection();
	}
	if (argv.includes('--node-ipc')) {
		return guarded(new IPCMessageReader(process), new IPCMessageWriter(process));
	}
	return createConnection(ProposedFeatures.all);
}

/** The language server on this process's stdin and stdout. */
export function createStdioConnection(): Connection {
	const stderr = (message: string): void => {
		process.stderr.write(`gemtext language server: ${message}\n`);
	};
	// stdout carries the protocol: anything logged with console.* goes to stderr instead.
	for (const method of ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const) {
		console[method] = (...args: unknown[]) => stderr(format(...args));
	}
	const reader = new FramedMessageReader(process.stdin, stderr);
	reader.onError((error) => {
		stderr(error instanceof FramingError ? `${error.message}; the message framing is corrupt, exiting.` : `cannot read stdin (${error.message}), exiting.`);
		process.exit(1);
	});
	// Messages written in one turn of the event loop leave in one write (a pass publishes thousands).
	const out = new CoalescingWriter(process.stdout);
	process.on('exit', () => out.flush());
	return guarded(reader, new StreamMessageWriter(out));
}

function guarded(reader: MessageReader, writer: MessageWriter): Connection {
	const guard = new ProtocolGuard(reader, writer);
	// The client went away: nothing can be answered any more, and nothing is worth saying.
	guard.onClose(() => process.exit(guard.shutdownRequested ? 0 : 1));
	return createConnection(ProposedFeatures.all, guard, writer);
}
