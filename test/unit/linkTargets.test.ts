/** Looking a link's target up in the file system: case-exact, NFC-tolerant, through a pass's listings. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { URI } from 'vscode-uri';
import { canonicalPathStart } from '../../server/src/service/canonicalUri';
import { commonAncestor, commonAncestorOfUris, deepestCommonAncestor, DirectoryCache, folderAncestors, hasBlankName, hasListedFile, lookupResource, lookupResourceNow, lookupResourceOfUrisNow } from '../../server/src/service/linkTargets';
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

describe('listing indexes', () => {
	it('tell whether a file is listed under an exact name, and whether a name holds a blank', () => {
		const listing = [['Index.gmi', 'file'], ['sub', 'directory'], ['twice', 'directory'], ['twice', 'file'], ['my page.gmi', 'file']] as const;
		assert.deepEqual(['Index.gmi', 'index.gmi', 'sub', 'twice', 'none'].map((n) => hasListedFile(listing, n)), [true, false, false, true, false]);
		assert.equal(hasBlankName(listing), true);
		assert.equal(hasBlankName([['a\tb', 'file']]), true);
		assert.equal(hasBlankName([['a_b', 'file'], ['c\u00a0d', 'file']]), false, 'a space or a tab only, as URLs end at those');
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

describe('canonical-URI shortcuts', () => {
	// Names that exercise the encoding: spaces, percent signs, reserved characters, NFC and NFD
	// forms of one letter, astral characters, case variants.
	const letters = ['a', 'B', 'b', '\u00e9', 'e\u0301', ' ', '%', '!', ':', '~', '(', '\u{1F600}', '.', '-'];
	const name = fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 4 }).map((cs) => cs.join('')).filter((n) => n !== '.' && n !== '..');
	const path = fc.array(name, { minLength: 1, maxLength: 3 });

	it('commonAncestor on strings agrees with the URI version', () => {
		const top = fc.constantFrom('/ws/', '/other/', '/');
		fc.assert(fc.property(top, path, top, path, (ta, a, tb, b) => {
			const folder = URI.file(ta + a.join('/')).toString();
			const uri = URI.file(tb + b.join('/')).toString();
			assert.equal(commonAncestor(folder, uri), commonAncestorOfUris(folder, uri));
		}), { seed: 20261130, numRuns: 500 });
	});

	it('the deepest of a folder\'s ancestors a URI lies in is their common ancestor', () => {
		const top = fc.constantFrom('/ws/', '/other/', '/');
		// Empty segments and a last `/` too: the ancestors are cut at every `/`. `ftp://x` differs from `file://` only before the path.
		const join = fc.constantFrom('/', '//');
		let compared = 0;
		fc.assert(fc.property(top, path, join, fc.boolean(), top, path, fc.boolean(), (ta, a, sep, slash, tb, b, other) => {
			const folder = URI.file(ta + a.join(sep) + (slash ? '/' : '')).toString();
			const uri = (other ? URI.from({ scheme: 'ftp', authority: 'x', path: tb + b.join('/') }) : URI.file(tb + b.join('/'))).toString();
			const start = canonicalPathStart(folder);
			if (start === -1 || canonicalPathStart(uri) !== start) {
				return;
			}
			compared++;
			const found = deepestCommonAncestor(folderAncestors(folder, start), start, uri);
			assert.equal(found?.uri, other ? undefined : commonAncestorOfUris(folder, uri), `${folder} ${uri}`);
		}), { seed: 20261130, numRuns: 1000 });
		assert.ok(compared > 500, `${compared} compared`);
	});

	it('lookupResourceNow agrees with the general lookup: found, case mismatch, NFC, missing, folders, listings trusted or not', async () => {
		let found = 0;
		let missing = 0;
		await fc.assert(fc.asyncProperty(fc.array(path, { minLength: 1, maxLength: 6 }), path, fc.nat(), fc.boolean(), fc.nat(3), fc.boolean(), fc.boolean(), async (files, other, pick, existing, depth, flipCase, listedOnly) => {
			const tree: Record<string, string> = {};
			for (const f of files) tree['/ws/' + f.join('/')] = '';
			const env = createTestEnv(tree);
			// A file of the tree (or one of its folders) most of the time, else any path.
			const chosen = files[pick % files.length];
			const wanted = existing ? chosen.slice(0, 1 + (pick % chosen.length)) : other;
			const segments = flipCase ? wanted.map((s) => s.toUpperCase()) : wanted;
			// Now and then with a last `/`, or an empty segment (`a//b`), as URLs may name them.
			const shape = pick % 7;
			const resource = URI.file('/ws/' + segments.join(shape === 1 ? '//' : '/') + (shape === 2 ? '/' : shape === 3 ? '//' : '')).toString();
			const anchor = URI.file('/ws/' + wanted.slice(0, Math.min(depth, wanted.length - 1)).join('/')).toString();
			const fastDirs = new DirectoryCache(env.fileSystem);
			const generalDirs = new DirectoryCache(env.fileSystem);
			const options = { listedOnly };
			const fast = await settle(() => lookupResourceNow(resource, anchor, fastDirs, options));
			const general = await settle(() => lookupResourceOfUrisNow(resource, anchor, generalDirs, options));
			assert.deepEqual(fast, general);
			found += fast?.kind === 'found' ? 1 : 0;
			missing += fast?.kind === 'missing' ? 1 : 0;
		}), { seed: 20261130, numRuns: 400 });
		// The shortcut's own cases (found under the exact name, missing) came up often enough to be tested.
		assert.ok(found > 50, `${found} lookups found`);
		assert.ok(missing > 50, `${missing} lookups missing`);
	});

	it('takes the shortcut for an exactly listed file (no URI parsing needed) and finds it', async () => {
		const env = createTestEnv({ '/ws/my page (1).gmi': '', '/ws/sub/\u00fcber.gmi': '' });
		for (const p of ['/ws/my page (1).gmi', '/ws/sub/\u00fcber.gmi']) {
			const uri = URI.file(p).toString();
			const dirs = new DirectoryCache(env.fileSystem);
			assert.deepEqual(await settle(() => lookupResourceNow(uri, uriOf('/ws'), dirs)), { kind: 'found', uri, type: 'file' });
		}
	});
});

