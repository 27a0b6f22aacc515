/**
 * The JSON-RPC abuse suite (issue 8, "Fuzzing in CI"): framing a client may legally vary,
 * garbage inside valid frames, messages out of order, requests for documents the server does
 * not know, a storm of `$/cancelRequest` and a storm of incremental edits. After each, the
 * server must still answer `documentSymbol` correctly. (Framing the server must refuse, where
 * it exits with a clear error, is in protocol.test.ts.)
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { createWorkspace, removeWorkspace, uriOf } from './harness';
import { frame, RawServer, type RpcMessage } from './rawServer';

const DOC = 'file:///abuse/doc.gmi';

function names(m: RpcMessage): string[] {
	const walk = (symbols: { name: string; children?: unknown[] }[]): string[] => symbols.flatMap((s) => [s.name, ...walk((s.children ?? []) as { name: string }[])]);
	return walk((m.result ?? []) as { name: string }[]);
}

describe('JSON-RPC abuse', { timeout: 120_000 }, () => {
	let dir: string;
	let server: RawServer;
	let nextId = 100;
	/** What the test has put in DOC, to check the server's view against. */
	let text = '# One\n## Two\n';
	let version = 1;

	/** documentSymbol of DOC: the headings of `text`, in order. */
	async function assertStillAnswers(): Promise<void> {
		const id = nextId++;
		server.send({ jsonrpc: '2.0', id, method: 'textDocument/documentSymbol', params: { textDocument: { uri: DOC } } });
		const response = await server.response(id);
		assert.equal(response.error, undefined, JSON.stringify(response.error));
		const expected = text.split(/\r\n|\r|\n/).filter((l) => /^#/.test(l)).map((l) => l.replace(/^#{1,3}\s*/, '').trim());
		assert.deepEqual(names(response), expected);
		assert.ok(server.running);
	}

	before(async () => {
		dir = createWorkspace({ 'index.gmi': '# Home\n' });
		server = new RawServer();
		await server.initialize([uriOf(dir)]);
		server.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: DOC, languageId: 'gemtext', version, text } } });
		await assertStillAnswers();
	});

	after(async () => {
		server.send({ jsonrpc: '2.0', id: 1, method: 'shutdown' });
		await server.response(1);
		server.send({ jsonrpc: '2.0', method: 'exit' });
		assert.equal((await server.exited).code, 0);
		removeWorkspace(dir);
	});

	it('reads frames split byte by byte, frames glued together, other header fields and any header case', async () => {
		const symbols = (id: number) => ({ jsonrpc: '2.0', id, method: 'textDocument/documentSymbol', params: { textDocument: { uri: DOC } } });
		for (const byte of frame(symbols(2))) {
			server.write(Buffer.from([byte]));
		}
		assert.deepEqual(names(await server.response(2)), ['One', 'Two']);
		server.write(Buffer.concat([frame(symbols(3)), frame(symbols(4)), frame(symbols(5))]));
		for (const id of [3, 4, 5]) assert.deepEqual(names(await server.response(id)), ['One', 'Two']);
		const body = Buffer.from(JSON.stringify(symbols(6)), 'utf8');
		server.write(Buffer.concat([Buffer.from(`content-length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n`), body]));
		assert.deepEqual(names(await server.response(6)), ['One', 'Two']);
		// Multi-byte characters: Content-Length counts bytes, not characters.
		const unicode = Buffer.from(JSON.stringify({ ...symbols(7), params: { textDocument: { uri: DOC }, note: 'é😀' } }), 'utf8');
		server.write(Buffer.concat([Buffer.from(`Content-Length: ${unicode.length}\r\n\r\n`), unicode.subarray(0, 3), unicode.subarray(3)]));
		assert.deepEqual(names(await server.response(7)), ['One', 'Two']);
		await assertStillAnswers();
	});

	it('survives garbage inside valid frames: invalid JSON, values that are no message, unknown methods', async () => {
		for (const body of ['{', 'not json', '42', '"x"', 'true', '[]', '{}', '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","id":8}', '{"jsonrpc":"1.0","id":9,"method":"x"}', '\u0000\u0001', '{"jsonrpc":"2.0","method":"$/unknown","params":[1,2]}']) {
			server.write(frame(body));
		}
		server.send({ jsonrpc: '2.0', id: 10, method: 'gemtext/noSuchMethod', params: {} });
		assert.equal((await server.response(10)).error?.code, -32601);
		await assertStillAnswers();
	});

	it('survives messages out of order: edits of unopened documents, double opens, closes of unknown ones, stray responses', async () => {
		const other = 'file:///abuse/other.gmi';
		server.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: other, version: 2 }, contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 9, character: 3 } }, text: 'x' }] } });
		server.send({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri: other } } });
		server.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: other, languageId: 'gemtext', version: 1, text: '# A\n' } } });
		server.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: other, languageId: 'gemtext', version: 1, text: '# B\n' } } });
		server.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: other, version: 0 }, contentChanges: [{ text: '# Older\n' }] } });
		server.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: other, version: 5 }, contentChanges: [{ range: { start: { line: 99, character: 99 }, end: { line: 0, character: 0 } }, text: '# Z\n' }] } });
		server.send({ jsonrpc: '2.0', id: 4242, result: { unexpected: true } });
		server.send({ jsonrpc: '2.0', id: 'nobody-asked', error: { code: 1, message: 'x' } });
		server.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
		server.send({ jsonrpc: '2.0', id: 11, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
		assert.ok(await server.response(11), 'a second initialize is answered (with an error or a result), not ignored');
		server.send({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri: other } } });
		await assertStillAnswers();
	});

	it('answers requests for unknown and closed documents without failing the connection', async () => {
		const closed = 'file:///abuse/closed.gmi';
		server.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: closed, languageId: 'gemtext', version: 1, text: '# C\n' } } });
		server.send({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri: closed } } });
		const requests: [string, object][] = [
			['textDocument/documentSymbol', {}],
			['textDocument/foldingRange', {}],
			['textDocument/documentLink', {}],
			['textDocument/hover', { position: { line: 0, character: 0 } }],
			['textDocument/completion', { position: { line: 0, character: 0 } }],
			['textDocument/selectionRange', { positions: [{ line: 0, character: 0 }] }],
			['textDocument/definition', { position: { line: 0, character: 0 } }],
			['textDocument/prepareRename', { position: { line: 0, character: 0 } }],
		];
		const ids: number[] = [];
		for (const uri of [closed, 'file:///abuse/never-opened.gmi', uriOf(`${dir}/missing.gmi`), 'untitled:Untitled-1', 'weird:%%%']) {
			for (const [method, params] of requests) {
				const id = nextId++;
				ids.push(id);
				server.send({ jsonrpc: '2.0', id, method, params: { textDocument: { uri }, ...params } });
			}
			const id = nextId++;
			server.send({ jsonrpc: '2.0', id, method: 'gemtext/renderHtml', params: { uri } });
			const render = await server.response(id);
			assert.equal(render.error?.code, -32602, `renderHtml of ${uri}: ${JSON.stringify(render).slice(0, 200)}`);
			assert.match(render.error!.message, /Cannot read/);
		}
		for (const id of ids) {
			const response = await server.response(id);
			// Each gets an answer: no result (null or empty) or a request error, never a hang.
			assert.ok(response.error === undefined ? response.result === null || (Array.isArray(response.result) && response.result.length === 0) : response.error.code < 0, JSON.stringify(response));
		}
		await assertStillAnswers();
	});

	it('survives a cancel storm: thousands of $/cancelRequest for pending and unknown ids', async () => {
		const pending: number[] = [];
		const frames: Buffer[] = [];
		for (let i = 0; i < 300; i++) {
			const id = nextId++;
			pending.push(id);
			frames.push(frame({ jsonrpc: '2.0', id, method: i % 2 ? 'textDocument/documentSymbol' : 'textDocument/foldingRange', params: { textDocument: { uri: DOC } } }));
			frames.push(frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }));
			for (let k = 0; k < 10; k++) {
				frames.push(frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: k % 2 ? 1_000_000 + i * 10 + k : `unknown-${i}-${k}` } }));
			}
		}
		frames.push(frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: {} }));
		frames.push(frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: { nested: [1] } } }));
		server.write(Buffer.concat(frames));
		for (const id of pending) {
			const response = await server.response(id);
			// A cancelled request answers RequestCancelled, or its result when it had finished first.
			if (response.error) {
				assert.equal(response.error.code, -32800, JSON.stringify(response.error));
			} else {
				assert.ok(Array.isArray(response.result), JSON.stringify(response));
			}
		}
		assert.equal(pending.length, 300);
		await assertStillAnswers();
	});

	it('survives an edit storm: thousands of incremental changes, then answers on the final text', async () => {
		const frames: Buffer[] = [];
		const lines = text.split('\n');
		for (let i = 0; i < 3000; i++) {
			version++;
			let change: object;
			if (i % 3 === 0) {
				// A new heading line before the last (empty) line.
				const line = lines.length - 1;
				change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `## H${i}\n` };
				lines.splice(line, 0, `## H${i}`);
			} else if (i % 3 === 1) {
				// Type a character at the end of the line just added.
				const line = lines.length - 2;
				change = { range: { start: { line, character: lines[line].length }, end: { line, character: lines[line].length } }, text: 'x' };
				lines[line] += 'x';
			} else {
				// Delete that character again, and sometimes a whole older line.
				const line = lines.length - 2;
				change = { range: { start: { line, character: lines[line].length - 1 }, end: { line, character: lines[line].length } }, text: '' };
				lines[line] = lines[line].slice(0, -1);
				if (i % 30 === 2 && lines.length > 4) {
					frames.push(frame({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: DOC, version }, contentChanges: [change] } }));
					version++;
					change = { range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' };
					lines.splice(2, 1);
				}
			}
			frames.push(frame({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: DOC, version }, contentChanges: [change] } }));
		}
		server.write(Buffer.concat(frames));
		text = lines.join('\n');
		assert.ok(text.split('\n').length > 500, 'the storm left a long document');
		await assertStillAnswers();
		// Diagnostics catch up with the final version too.
		await server.waitForMessage((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string; version?: number }).uri === DOC && (m.params as { version?: number }).version === version);
	});
});
