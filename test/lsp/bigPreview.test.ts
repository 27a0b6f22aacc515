/**
 * Big previews (issue 8): a 5 MB document's preview is about 7 MB of HTML. With a
 * `partialResultToken` the server sends it in `$/progress` pieces and answers other requests
 * between them; joined, the pieces are the body the plain request returns. Observed by the
 * order of messages only, never time: the small request is sent once the first piece is in.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWorkspace, removeWorkspace, uriOf } from './harness';
import { RawServer, type RpcMessage } from './rawServer';

function bigDocument(): string {
	const parts: string[] = ['# Big\n'];
	let size = 0;
	for (let i = 0; size < 5 * 1024 * 1024; i++) {
		const section = `## Section ${i}\nLorem ipsum dolor sit amet, <consectetur> & adipiscing elit.\n=> https://example.org/${i} Web ${i}\n* item\n> quote\n\n`;
		parts.push(section);
		size += section.length;
	}
	return parts.join('');
}

const SYMBOLS = (m: RpcMessage): string[] => (m.result as { name: string }[]).map((s) => s.name);

describe('big previews in pieces', { timeout: 120_000 }, () => {
	let dir: string;
	let server: RawServer;
	let bigUri: string;
	let smallUri: string;

	before(async () => {
		dir = createWorkspace({ 'small.gmi': '', 'big.gmi': '' });
		bigUri = uriOf(join(dir, 'big.gmi'));
		smallUri = uriOf(join(dir, 'small.gmi'));
		server = new RawServer();
		await server.initialize([uriOf(dir)]);
		server.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: smallUri, languageId: 'gemtext', version: 1, text: '# Small\n## Part\n' } } });
		server.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: bigUri, languageId: 'gemtext', version: 1, text: bigDocument() } } });
	});

	after(async () => {
		server.send({ jsonrpc: '2.0', id: 999, method: 'shutdown' });
		await server.response(999);
		server.send({ jsonrpc: '2.0', method: 'exit' });
		assert.equal((await server.exited).code, 0);
		removeWorkspace(dir);
	});

	it('sends the body as pieces, answers a request made meanwhile first, and the pieces join to the whole body', async () => {
		// The whole body in one reply, as before: the reference.
		server.send({ jsonrpc: '2.0', id: 10, method: 'gemtext/renderHtml', params: { uri: bigUri, style: 'gemini', lineNumbers: true } });
		const whole = (await server.response(10)).result as { html: string; version: number };
		assert.ok(whole.html.length > 5_000_000, `${whole.html.length} characters of HTML`);

		const before = server.messages.length;
		server.send({ jsonrpc: '2.0', id: 11, method: 'gemtext/renderHtml', params: { uri: bigUri, style: 'gemini', lineNumbers: true, partialResultToken: 'big-1' } });
		const isPiece = (m: RpcMessage): boolean => m.method === '$/progress' && (m.params as { token: unknown }).token === 'big-1';
		await server.waitForMessage((m) => server.messages.indexOf(m) >= before && isPiece(m));
		// The preview has started to arrive and is not complete: ask for something else now.
		server.send({ jsonrpc: '2.0', id: 12, method: 'textDocument/documentSymbol', params: { textDocument: { uri: smallUri } } });
		const symbols = await server.response(12);
		const last = await server.response(11);

		const after = server.messages.slice(before);
		assert.ok(after.indexOf(symbols) < after.indexOf(last), 'documentSymbol answered before the preview completed');
		assert.deepEqual(SYMBOLS(symbols), ['Small']);
		const pieces = after.filter(isPiece).map((m) => (m.params as { value: { html: string } }).value.html);
		assert.ok(pieces.length > 10, `${pieces.length} pieces`);
		// No message of the preview is big: the largest is a piece of at most 128 K characters.
		for (const m of [...after.filter(isPiece), last]) {
			assert.ok(JSON.stringify(m).length < 300_000, `a message of ${JSON.stringify(m).length} characters`);
		}
		const result = last.result as { html: string; version: number; style: string };
		assert.equal(pieces.join('') + result.html, whole.html);
		assert.equal(result.version, 1);
		assert.equal(result.style, 'gemini');
	});

	it('stops sending pieces when the render is cancelled', async () => {
		const before = server.messages.length;
		server.send({ jsonrpc: '2.0', id: 40, method: 'gemtext/renderHtml', params: { uri: bigUri, style: 'gemtexter', partialResultToken: 'big-2' } });
		const isPiece = (m: RpcMessage): boolean => m.method === '$/progress' && (m.params as { token: unknown }).token === 'big-2';
		await server.waitForMessage((m) => server.messages.indexOf(m) >= before && isPiece(m));
		server.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 40 } });
		const reply = await server.response(40);
		assert.equal(reply.error?.code, -32800, 'RequestCancelled');
		const sent = server.messages.slice(before).filter(isPiece).length;
		assert.ok(sent < 40, `${sent} pieces of a 7 MB body sent after the cancel came`);
		// The next render is whole again.
		server.send({ jsonrpc: '2.0', id: 41, method: 'textDocument/documentSymbol', params: { textDocument: { uri: smallUri } } });
		assert.deepEqual(SYMBOLS(await server.response(41)), ['Small']);
	});

	it('answers a small body in one reply, with no piece, even with a token', async () => {
		const before = server.messages.length;
		server.send({ jsonrpc: '2.0', id: 20, method: 'gemtext/renderHtml', params: { uri: smallUri, style: 'gemini', partialResultToken: 'small-1' } });
		const reply = await server.response(20);
		assert.match((reply.result as { html: string }).html, /<h1 id="small">Small<\/h1>/);
		assert.equal(server.messages.slice(before).filter((m) => m.method === '$/progress').length, 0);
	});

	it('rejects a token that is not a string or an integer with InvalidParams', async () => {
		server.send({ jsonrpc: '2.0', id: 30, method: 'gemtext/renderHtml', params: { uri: smallUri, partialResultToken: { x: 1 } } });
		assert.equal((await server.response(30)).error?.code, -32602);
	});
});
