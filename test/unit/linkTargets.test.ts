/** Looking a link's target up in the file system: case-exact, NFC-tolerant, through a pass's listings. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DirectoryCache, lookupResource } from '../../server/src/service/linkTargets';
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
