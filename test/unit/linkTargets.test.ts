/** Looking a link's target up in the file system: case-exact, NFC-tolerant, through a pass's listings. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DirectoryCache, lookupResource, lookupResourceNow } from '../../server/src/service/linkTargets';
import { Later, settle } from '../../server/src/service/schedule';
import { uriOf } from './memoryFileSystem';
import { createTestEnv } from './linkTestEnv';

describe('lookupResource', () => {
	it('gives the same answers as before the caches: exact, NFC/NFD, case mismatch (first entry wins), missing', async () => {
		const env = createTestEnv({ '/ws/Img/Photo.png': '', '/ws/img/photo.png': '', '/ws/u\u0308ber.gmi': '' });
		const dirs = new DirectoryCache(env.fileSystem);
		const anchor = uriOf('/ws');
		const exact = await lookupResource(uriOf('/ws/img/photo.png'), anchor, dirs);
		assert.equal(exact.kind, 'found');
		const nfc = await lookupResource(uriOf('/ws/\u00fcber.gmi'), anchor, dirs);
		assert.equal(nfc.kind, 'found');
		const mismatch = await lookupResource(uriOf('/ws/IMG/PHOTO.png'), anchor, dirs);
		assert.equal(mismatch.kind, 'case-mismatch');
		const listed = (await env.fileSystem.readDirectory(anchor))!.map(([name]) => name);
		const firstFolded = listed.find((n) => n.toLowerCase() === 'img');
		assert.ok(mismatch.kind === 'case-mismatch' && mismatch.uri.startsWith(uriOf(`/ws/${firstFolded}`)));
		const missing = await lookupResource(uriOf('/ws/img/nope.png'), anchor, dirs);
		assert.deepEqual(missing, { kind: 'missing', existing: uriOf('/ws/img'), missingFolder: undefined });
	});
});

describe('lookupResourceNow', () => {
	it('answers from the listings it has, and says which listing to wait for when it has none', async () => {
		const env = createTestEnv({ '/ws/a/b.gmi': '' });
		const dirs = new DirectoryCache(env.fileSystem);
		const first = lookupResourceNow(uriOf('/ws/a/b.gmi'), uriOf('/ws'), dirs);
		assert.ok(first instanceof Later);
		const found = await settle(() => lookupResourceNow(uriOf('/ws/a/b.gmi'), uriOf('/ws'), dirs));
		assert.deepEqual(found, { kind: 'found', uri: uriOf('/ws/a/b.gmi'), type: 'file' });
		const calls = env.fs.calls.length;
		// Every folder on the way is known now: the answer comes at once, with no call to the file system.
		assert.deepEqual(lookupResourceNow(uriOf('/ws/a/b.gmi'), uriOf('/ws'), dirs), found);
		assert.equal(env.fs.calls.length, calls);
	});

	it('stats a name the listing lacks (it may be a linked folder), unless told to trust the listings', async () => {
		const env = createTestEnv({ '/ws/a/b.gmi': '' });
		const dirs = new DirectoryCache(env.fileSystem);
		const missing = uriOf('/ws/a/c d.gmi');
		const checked = await settle(() => lookupResourceNow(missing, uriOf('/ws'), dirs));
		assert.equal(checked?.kind, 'missing');
		assert.ok(env.fs.calls.includes(`stat ${missing}`));
		const trusted = new DirectoryCache(env.fileSystem);
		env.fs.calls.length = 0;
		const guessed = await settle(() => lookupResourceNow(missing, uriOf('/ws'), trusted, { listedOnly: true }));
		assert.deepEqual(guessed, { kind: 'missing', existing: uriOf('/ws/a'), missingFolder: undefined });
		assert.ok(!env.fs.calls.some((c) => c.startsWith('stat ')), env.fs.calls.join('\n'));
	});
});
