/** The scheduling primitives of long runs: values readable synchronously once fetched, steps run again until they have what they need. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Later, settle, Settling } from '../../server/src/service/schedule';

/** A promise settled by the test, so each state is seen deterministically. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
	let resolve!: (value: T) => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

describe('Settling', () => {
	it('asks to wait until its value comes, then gives it synchronously', async () => {
		const d = deferred<number>();
		const s = new Settling(d.promise);
		const before = s.now();
		assert.ok(before instanceof Later);
		d.resolve(42);
		await before.ready;
		assert.equal(s.now(), 42);
		assert.equal(await s.promise, 42);
	});

	it('keeps undefined as a value, not as "not yet"', async () => {
		const s = new Settling(Promise.resolve(undefined));
		const later = s.now();
		assert.ok(later instanceof Later);
		await later.ready;
		assert.equal(s.now(), undefined);
	});

	it('throws the failure once it has failed (the wait itself never rejects)', async () => {
		const d = deferred<number>();
		const s = new Settling(d.promise);
		const later = s.now() as Later;
		d.reject(new Error('unreadable'));
		await later.ready;
		assert.throws(() => s.now(), /unreadable/);
		await assert.rejects(s.promise, /unreadable/);
	});
});

describe('settle', () => {
	it('runs the step again after each wait until it answers', async () => {
		const first = deferred<string>();
		const second = deferred<string>();
		const a = new Settling(first.promise);
		const b = new Settling(second.promise);
		let runs = 0;
		const result = settle(() => {
			runs++;
			const x = a.now();
			if (x instanceof Later) return x;
			const y = b.now();
			if (y instanceof Later) {
				// Only now is the second value asked for: it comes after the first.
				second.resolve('text');
				return y;
			}
			return x + y;
		});
		first.resolve('gem');
		assert.equal(await result, 'gemtext');
		assert.equal(runs, 3);
	});

	it('stops once cancelled while waiting', async () => {
		const d = deferred<number>();
		const s = new Settling(d.promise);
		const token = { isCancellationRequested: false };
		let runs = 0;
		const result = settle(() => {
			runs++;
			return s.now();
		}, token);
		token.isCancellationRequested = true;
		d.resolve(1);
		assert.equal(await result, undefined);
		assert.equal(runs, 1);
	});
});
