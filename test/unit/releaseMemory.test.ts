/** After a long pass the server collects its garbage once, when the host exposes V8's collector. */
import { strict as assert } from 'node:assert';
import { afterEach, describe, it } from 'node:test';
import { releaseMemorySoon } from '../../server/src/releaseMemory';

const host = globalThis as { gc?: () => void };
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('releaseMemorySoon', () => {
	const original = host.gc;
	afterEach(() => {
		host.gc = original;
	});

	it('collects once after the current turn, however many passes ended in it', async () => {
		let collections = 0;
		host.gc = () => collections++;
		releaseMemorySoon();
		releaseMemorySoon();
		assert.equal(collections, 0, 'not while the pass answers');
		await turn();
		assert.equal(collections, 1);
		releaseMemorySoon();
		await turn();
		assert.equal(collections, 2, 'a later pass collects again');
	});

	it('schedules nothing where the host does not expose the collector', async () => {
		delete host.gc;
		releaseMemorySoon();
		let collections = 0;
		host.gc = () => collections++;
		await turn();
		assert.equal(collections, 0);
	});
});
