/**
 * The stdio message reader (issue 8, items 1 and 2), fed byte streams directly: framing
 * across chunk boundaries, strings holding brackets, quotes and backslashes, the depth
 * limit, and the corrupt frames that must end in an error.
 */
import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { FramedMessageReader, FramingError } from '../../server/src/node/framedMessageReader';

interface Outcome {
	readonly messages: unknown[];
	readonly logs: string[];
	readonly errors: Error[];
}

/** Feeds `bytes` to a reader in chunks of `chunk` bytes; resolves once the stream has ended. */
async function read(bytes: Buffer, chunk = bytes.length): Promise<Outcome> {
	const stream = new PassThrough();
	const outcome: Outcome = { messages: [], logs: [], errors: [] };
	const reader = new FramedMessageReader(stream, (m) => outcome.logs.push(m));
	reader.onError((e) => outcome.errors.push(e));
	const closed = new Promise<void>((resolve) => reader.onClose(() => resolve()));
	reader.listen((m) => outcome.messages.push(m));
	for (let i = 0; i < bytes.length; i += chunk) {
		stream.write(bytes.subarray(i, i + chunk));
	}
	stream.end();
	await closed;
	return outcome;
}

function frame(body: string, header = `Content-Length: ${Buffer.byteLength(body)}`): Buffer {
	return Buffer.from(`${header}\r\n\r\n${body}`, 'utf8');
}

const TRICKY = { jsonrpc: '2.0', method: 'x/y', params: { s: 'a\\"]}{[\\\\', t: '}', u: 'ü 日本 "[', v: ['\\', { w: '"' }] } };

describe('FramedMessageReader', () => {
	it('delivers messages split anywhere, strings with brackets, quotes and backslashes included', async () => {
		const response = JSON.stringify({ jsonrpc: '2.0', id: 1, result: null });
		const bytes = Buffer.concat([frame(JSON.stringify(TRICKY)), frame(response, `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:  ${response.length}`)]);
		for (const chunk of [1, 2, 3, 7, 64, bytes.length]) {
			const outcome = await read(bytes, chunk);
			assert.deepEqual(outcome.messages, [TRICKY, { jsonrpc: '2.0', id: 1, result: null }], `chunks of ${chunk}`);
			assert.deepEqual(outcome.errors, []);
			assert.deepEqual(outcome.logs, []);
		}
	});

	it('accepts nesting up to the limit and drops deeper messages with a short note', async () => {
		const nested = (depth: number): string => JSON.stringify({ jsonrpc: '2.0', method: 'x', params: JSON.parse('['.repeat(depth - 1) + ']'.repeat(depth - 1)) });
		const outcome = await read(Buffer.concat([frame(nested(128)), frame(nested(129)), frame('['.repeat(100_000) + ']'.repeat(100_000))]), 1000);
		assert.equal(outcome.messages.length, 1);
		assert.equal(outcome.logs.length, 2);
		for (const log of outcome.logs) {
			assert.match(log, /nested deeper than 128 levels/);
			assert.ok(log.length < 200);
		}
	});

	it('drops bodies that are not JSON-RPC messages, quoting at most 80 characters', async () => {
		const outcome = await read(Buffer.concat([frame('{not json' + 'x'.repeat(10_000)), frame('[1,2]'), frame('{"jsonrpc":"2.0","id":{}}'), frame(''), frame(JSON.stringify(TRICKY))]));
		assert.deepEqual(outcome.messages, [TRICKY]);
		assert.equal(outcome.logs.length, 4);
		assert.ok(outcome.logs.every((l) => l.length < 300), outcome.logs.join('\n'));
		assert.deepEqual(outcome.errors, []);
	});

	for (const [label, bytes, pattern] of [
		['a header line without a colon', Buffer.from('hello\r\n\r\n{}'), /invalid message header "hello"/],
		['a non-numeric length', frame('{}', 'Content-Length: abc'), /invalid Content-Length header "abc"/],
		['a negative length', frame('{}', 'Content-Length: -5'), /invalid Content-Length header "-5"/],
		['a length over the limit', frame('{}', 'Content-Length: 99999999999'), /Content-Length 99999999999 .* exceeds the limit/],
		['no Content-Length', frame('{}', 'Content-Type: x'), /without Content-Length/],
		['two different lengths', frame('{}', 'Content-Length: 2\r\nContent-Length: 3'), /two different Content-Length headers/],
		['a body running past its value', frame('{"jsonrpc":"2.0","method":"x"}', 'Content-Length: 200'), /Content-Length 200 is longer than the message: the body's JSON ends after 30 bytes/],
		['no header end in 8 KB', Buffer.from('X'.repeat(9000)), /no end of header within 8192 bytes/],
	] as const) {
		it(`reports a corrupt frame as a FramingError: ${label}`, async () => {
			const outcome = await read(Buffer.concat([bytes, Buffer.from('Content-Length: 300\r\n\r\n')]), 5);
			assert.equal(outcome.errors.length, 1, outcome.errors.map((e) => e.message).join('\n'));
			assert.ok(outcome.errors[0] instanceof FramingError);
			assert.match(outcome.errors[0].message, pattern);
			assert.ok(outcome.errors[0].message.length < 300);
			assert.deepEqual(outcome.messages, []);
		});
	}
});
