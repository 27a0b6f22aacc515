/**
 * The JSON-RPC layer under attack, byte by byte (issue 8): invalid and deeply nested
 * messages, corrupt `Content-Length` headers, a client that goes away, requests out of
 * lifecycle order and malformed params. Both entry points are covered: dist/server.js
 * and `gemtext lsp --stdio`.
 */
import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createProtocolConnection, ExitNotification, InitializeRequest, IPCMessageReader, IPCMessageWriter, ResponseError, ShutdownRequest } from 'vscode-languageserver-protocol/node';
import { CLI, createWorkspace, removeWorkspace, SERVER, uriOf } from './harness';
import { frame, initializeRequest, RawServer, type RpcMessage } from './rawServer';

const ENTRY_POINTS: readonly (readonly [string, readonly string[]])[] = [
	['dist/server.js --stdio', [SERVER, '--stdio']],
	['gemtext lsp --stdio', [CLI, 'lsp', '--stdio']],
];

/** No message the server sends about bad input may echo it: each is at most this long. */
const MAX_LOG_LENGTH = 1000;

function logMessages(server: RawServer): string[] {
	return server.messages.filter((m) => m.method === 'window/logMessage').map((m) => (m.params as { message: string }).message);
}

/** Runs `body` against a fresh server, killing it afterwards whatever happens. */
async function withServer(args: readonly string[], body: (server: RawServer) => Promise<void>): Promise<void> {
	const server = new RawServer(args);
	try {
		await body(server);
	} finally {
		server.kill();
	}
}

async function shutdownAndExit(server: RawServer, id: number): Promise<void> {
	server.send({ jsonrpc: '2.0', id, method: 'shutdown' });
	await server.response(id);
	server.send({ jsonrpc: '2.0', method: 'exit' });
	assert.equal((await server.exited).code, 0);
}

for (const [name, args] of ENTRY_POINTS) {
	describe(`JSON-RPC hardening: ${name}`, { timeout: 60_000 }, () => {
		it('survives deeply nested JSON and never echoes an invalid message', async () => {
			await withServer(args, async (server) => {
				const big = 'x'.repeat(200_000);
				for (const body of [
					'['.repeat(5000) + ']'.repeat(5000),
					'['.repeat(3000) + ']'.repeat(3000),
					'{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
					'{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
					JSON.stringify({ jsonrpc: '2.0', id: { nested: big } }),
					JSON.stringify([{ jsonrpc: '2.0', id: 3, method: 'initialize', params: {} }]),
					`{"jsonrpc": "2.0", "method": ${JSON.stringify(big)}`,
					'null',
				]) {
					server.write(frame(body));
				}
				const init = await server.initialize();
				assert.ok(init.result, JSON.stringify(init));
				assert.ok(server.running);
				for (const message of logMessages(server)) {
					assert.ok(message.length <= MAX_LOG_LENGTH, `a log message of ${message.length} characters: ${message.slice(0, 200)}`);
				}
				assert.ok(server.stderr.length <= 8 * MAX_LOG_LENGTH, `stderr has ${server.stderr.length} characters`);
				assert.match(server.stderr + logMessages(server).join('\n'), /nested deeper than/);
				assert.ok(server.stdoutBytes < 100_000, `the server wrote ${server.stdoutBytes} bytes`);
				await shutdownAndExit(server, 99);
			});
		});

		for (const [label, header] of [
			['not a number', 'Content-Length: abc'],
			['negative', 'Content-Length: -5'],
			['beyond any message', 'Content-Length: 99999999999'],
			['missing', 'Content-Type: application/vscode-jsonrpc; charset=utf-8'],
			['not a header', 'hello'],
		] as const) {
			it(`exits with a clear error on a corrupt header (${label})`, async () => {
				await withServer(args, async (server) => {
					server.write(`${header}\r\n\r\n`);
					server.write(frame(initializeRequest(1)));
					const exit = await server.exited;
					assert.notEqual(exit.code, 0);
					assert.match(server.stderr, /header/i);
					assert.ok(server.stderr.length < MAX_LOG_LENGTH, server.stderr);
					assert.equal(server.messages.length, 0);
				});
			});
		}

		it('exits with a clear error when Content-Length is shorter than the message', async () => {
			await withServer(args, async (server) => {
				const body = JSON.stringify(initializeRequest(1));
				server.write(`Content-Length: 10\r\n\r\n${body}`);
				server.write(frame(initializeRequest(2)));
				const exit = await server.exited;
				assert.notEqual(exit.code, 0);
				assert.match(server.stderr, /header/i);
				assert.ok(server.stderr.length < MAX_LOG_LENGTH, server.stderr);
			});
		});

		it('exits with a clear error when Content-Length is longer than the message', async () => {
			await withServer(args, async (server) => {
				const body = JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} });
				server.write(`Content-Length: 1000\r\n\r\n${body}`);
				server.write(frame(initializeRequest(1)));
				const exit = await server.exited;
				assert.notEqual(exit.code, 0);
				assert.match(server.stderr, /Content-Length 1000/);
				assert.ok(server.stderr.length < MAX_LOG_LENGTH, server.stderr);
			});
		});

		it('exits promptly and quietly when stdin closes right after initialized', async () => {
			const dir = createWorkspace(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}.gmi`, `# Page ${i}\n=> p${i + 1}.gmi next\n`])));
			try {
				await withServer(args, async (server) => {
					await server.initialize([uriOf(dir)], process.pid);
					server.endInput();
					const exit = await server.exited;
					assert.equal(exit.code, 1, 'no shutdown was asked for');
					assert.equal(server.stderr, '');
					assert.ok(exit.afterMs < 2000, `exited ${exit.afterMs} ms after stdin closed`);
				});
				await withServer(args, async (server) => {
					await server.initialize([uriOf(dir)], process.pid);
					// Indexed: the workspace symbols cover every file.
					server.send({ jsonrpc: '2.0', id: 2, method: 'workspace/symbol', params: { query: 'Page 199' } });
					await server.response(2);
					server.send({ jsonrpc: '2.0', id: 3, method: 'shutdown' });
					await server.response(3);
					server.endInput();
					const exit = await server.exited;
					assert.equal(exit.code, 0, 'shutdown was asked for');
					assert.equal(server.stderr, '');
					assert.ok(exit.afterMs < 2000, `exited ${exit.afterMs} ms after stdin closed`);
				});
			} finally {
				removeWorkspace(dir);
			}
		});

		it('answers requests before initialize with ServerNotInitialized and after shutdown with InvalidRequest', async () => {
			await withServer(args, async (server) => {
				const uri = uriOf(join('/tmp', 'x.gmi'));
				server.send({ jsonrpc: '2.0', id: 10, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } });
				server.send({ jsonrpc: '2.0', id: 11, method: 'gemtext/renderHtml', params: { uri } });
				assert.equal((await server.response(10)).error?.code, -32002);
				assert.equal((await server.response(11)).error?.code, -32002);
				await server.initialize();
				server.send({ jsonrpc: '2.0', id: 12, method: 'shutdown' });
				assert.equal((await server.response(12)).result, null);
				server.send({ jsonrpc: '2.0', id: 13, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } });
				const late = await server.response(13);
				assert.equal(late.error?.code, -32600, JSON.stringify(late));
				server.send({ jsonrpc: '2.0', method: 'exit' });
				assert.equal((await server.exited).code, 0);
			});
		});

		it('answers malformed params with InvalidParams and a readable message', async () => {
			await withServer(args, async (server) => {
				await server.initialize();
				const uri = uriOf(join('/tmp', 'x.gmi'));
				const cases: [string, unknown][] = [
					['textDocument/documentSymbol', null],
					['textDocument/documentSymbol', { textDocument: 5 }],
					['textDocument/documentSymbol', []],
					['textDocument/hover', { textDocument: { uri }, position: { line: 'a', character: 0 } }],
					['textDocument/hover', { textDocument: { uri }, position: null }],
					['textDocument/completion', { textDocument: { uri }, position: { line: -1, character: 0 } }],
					['textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 0 }, newName: 7 }],
					['textDocument/references', { textDocument: { uri }, position: { line: 0, character: 0 }, context: null }],
					['textDocument/selectionRange', { textDocument: { uri }, positions: 'all' }],
					['textDocument/codeAction', { textDocument: { uri }, range: null, context: { diagnostics: [] } }],
					['workspace/symbol', { query: 5 }],
					['gemtext/renderHtml', { uri: 42 }],
					['gemtext/getFileMoveEdits', { moves: null }],
					['gemtext/getFileMoveEdits', { moves: [{ oldUri: 1, newUri: 'file:///b.gmi' }] }],
					['gemtext/findFileReferences', {}],
					['gemtext/wordCount', null],
					['gemtext/newPost', { title: 5, draft: false, extension: '.gmi' }],
					['gemtext/publishedDate', { uri: [] }],
					['gemtext/tableOfContentsEdit', { uri, position: { line: 'x', character: 0 } }],
					['gemtext/previewGemfeed', {}],
					['textDocument/codeLens', { textDocument: null }],
				];
				let id = 100;
				const answers: [string, RpcMessage][] = [];
				for (const [method, params] of cases) {
					server.send({ jsonrpc: '2.0', id, method, params });
					answers.push([`${method} ${JSON.stringify(params)}`, await server.response(id)]);
					id++;
				}
				for (const [what, answer] of answers) {
					assert.equal(answer.error?.code, -32602, `${what}: ${JSON.stringify(answer)}`);
					assert.doesNotMatch(answer.error!.message, /Cannot read|undefined|is not a function|TypeError/, what);
					assert.match(answer.error!.message, /params|textDocument|position|query|uri|moves|newName|context|range|title/, what);
				}
				// Malformed notifications are dropped with a short note, never handed to a handler that would throw.
				const notifications: [string, unknown][] = [
					['textDocument/didOpen', null],
					['textDocument/didOpen', { textDocument: { uri, languageId: 'gemtext', version: 1, text: 5 } }],
					['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null }],
					['textDocument/didClose', {}],
					['workspace/didChangeWatchedFiles', { changes: [{ uri: 5, type: 1 }] }],
					['workspace/didChangeWorkspaceFolders', { event: null }],
					['$/cancelRequest', null],
				];
				for (const [method, params] of notifications) {
					server.send({ jsonrpc: '2.0', method, params });
				}
				const notes = await server.waitForMessage(() => logMessages(server).filter((m) => m.startsWith('Ignored ')).length === notifications.length).then(() => logMessages(server));
				for (const note of notes) {
					assert.doesNotMatch(note, /failed|Cannot read|TypeError|undefined/, 'no handler failed');
				}
				// Still serving.
				server.send({ jsonrpc: '2.0', id: 1000, method: 'workspace/symbol', params: { query: '' } });
				assert.ok(Array.isArray((await server.response(1000)).result));
				await shutdownAndExit(server, 1001);
			});
		});
	});
}

describe('JSON-RPC hardening: dist/server.js --node-ipc (the VS Code transport)', { timeout: 60_000 }, () => {
	it('enforces the lifecycle and checks params over IPC too', async () => {
		const child = fork(SERVER, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
		let stderr = '';
		child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
		connection.listen();
		try {
			const early = await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///x.gmi' } }).then(() => undefined, (e: unknown) => e);
			assert.ok(early instanceof ResponseError && early.code === -32002, String(early));
			await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
			const bad = await connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///x.gmi' }, position: null }).then(() => undefined, (e: unknown) => e);
			assert.ok(bad instanceof ResponseError && bad.code === -32602 && /params\.position/.test(bad.message), String(bad));
			await connection.sendRequest(ShutdownRequest.type);
			await connection.sendNotification(ExitNotification.type);
			assert.equal(await exited, 0, stderr);
		} finally {
			connection.dispose();
			child.kill();
		}
	});
});
