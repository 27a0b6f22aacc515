/**
 * The stdio server's output: what is written in one turn of the event loop leaves in one write,
 * in order, with backpressure and errors passed on.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { StreamMessageWriter } from 'vscode-jsonrpc/node';
import { CoalescingWriter } from '../../server/src/node/coalescingWriter';

/** A target that records each write it is given; `full` makes it ask for draining. */
class Recorder extends Writable {
	readonly writes: string[] = [];
	full = false;
	override write(chunk: unknown, ...rest: unknown[]): boolean {
		this.writes.push(Buffer.from(chunk as Buffer).toString());
		const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
		callback?.();
		return !this.full;
	}
}

/** Until the writer's flush, which waits for the current task and its promise callbacks. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('CoalescingWriter', () => {
	it('hands the chunks written in one turn to the target in one write, in order', async () => {
		const target = new Recorder();
		const out = new CoalescingWriter(target);
		out.write('Content-Length: 2\r\n\r\n');
		out.write(Buffer.from('{}'));
		out.write('Content-Length: 3\r\n\r\n');
		out.write('[1]');
		assert.deepEqual(target.writes, [], 'nothing leaves while the current JavaScript runs');
		await turn();
		assert.deepEqual(target.writes, ['Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]']);
		out.write('next');
		await turn();
		assert.deepEqual(target.writes.slice(1), ['next'], 'a later turn makes a write of its own');
	});

	it('gathers whole messages of vscode-jsonrpc, which writes a header and a body and waits in between', async () => {
		const target = new Recorder();
		const writer = new StreamMessageWriter(new CoalescingWriter(target));
		await Promise.all([
			writer.write({ jsonrpc: '2.0', method: 'a', params: [] } as never),
			writer.write({ jsonrpc: '2.0', method: 'b', params: [] } as never),
		]);
		await turn();
		assert.equal(target.writes.length, 1);
		const bodies = target.writes[0].split(/Content-Length: \d+\r\n\r\n/).filter(Boolean).map((b) => JSON.parse(b).method);
		assert.deepEqual(bodies, ['a', 'b']);
	});

	it('flushes at once when what it gathered passes a megabyte', () => {
		const target = new Recorder();
		const out = new CoalescingWriter(target);
		out.write(Buffer.alloc(600 * 1024, 'a'));
		assert.equal(target.writes.length, 0);
		out.write(Buffer.alloc(600 * 1024, 'b'));
		assert.equal(target.writes.length, 1);
		assert.equal(target.writes[0].length, 1200 * 1024);
	});

	it('holds the latest write\'s callback while the target wants draining', async () => {
		const target = new Recorder();
		target.full = true;
		const out = new CoalescingWriter(target);
		let done = 0;
		out.write('one', () => done++);
		await turn();
		assert.deepEqual(target.writes, ['one']);
		out.write('two', () => done++);
		await turn();
		assert.equal(done, 1, 'the second write waits for the target');
		target.full = false;
		target.emit('drain');
		await turn();
		assert.equal(done, 2);
		assert.deepEqual(target.writes, ['one', 'two']);
	});

	it('ends with its target: an error or a close is passed on', async () => {
		const target = new Recorder();
		const out = new CoalescingWriter(target);
		const failed = once(out, 'error');
		target.emit('error', new Error('EPIPE'));
		const [error] = await failed;
		assert.equal((error as Error).message, 'EPIPE');
		assert.equal(out.destroyed, true);
		const other = new Recorder();
		const closed = new CoalescingWriter(other);
		other.emit('close');
		assert.equal(closed.destroyed, true);
	});

	it('flushes what it gathered on end and on demand', async () => {
		const target = new Recorder();
		const out = new CoalescingWriter(target);
		out.write('before exit');
		out.flush();
		assert.deepEqual(target.writes, ['before exit'], 'flush() writes at once (the process is about to exit)');
		out.write('last');
		out.end();
		await once(out, 'finish');
		assert.deepEqual(target.writes, ['before exit', 'last']);
	});
});
