import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { URI } from 'vscode-uri';
import { createLinkResolver, getDocumentLinks, resolveLinkTarget, resolveLinkTargetOfUris } from '../../server/src/service/links';
import { parseGemtext } from '../../server/src/service/parser';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

const DOC = 'file:///ws/blog/post.gmi';
const ROOT = 'file:///ws';

function internal(resource: string, fragment = '', isDirectory = false) {
	return { kind: 'internal', resource, fragment, isDirectory };
}

describe('resolveLinkTarget', () => {
	it('keeps URLs with a scheme as they are', () => {
		for (const url of ['gemini://example.org/x.gmi', 'https://example.org/?q=1#f', 'mailto:me@example.org', 'gopher://g.org:70/1/', 'x-custom:thing']) {
			assert.deepEqual(resolveLinkTarget(url, DOC, ROOT), { kind: 'external', uri: url });
		}
	});

	it('gives a network-path reference the gemini scheme', () => {
		assert.deepEqual(resolveLinkTarget('//example.org/a.gmi', DOC, ROOT), { kind: 'external', uri: 'gemini://example.org/a.gmi' });
	});

	it('resolves relative paths against the document folder', () => {
		assert.deepEqual(resolveLinkTarget('other.gmi', DOC, ROOT), internal('file:///ws/blog/other.gmi'));
		assert.deepEqual(resolveLinkTarget('./img/a.png', DOC, ROOT), internal('file:///ws/blog/img/a.png'));
		assert.deepEqual(resolveLinkTarget('../index.gmi', DOC, ROOT), internal('file:///ws/index.gmi'));
		// `..` past the capsule root stays at the root, as the server resolves the URL (RFC 3986 §5.2.4).
		assert.deepEqual(resolveLinkTarget('../../../x.gmi', DOC, ROOT), internal('file:///ws/x.gmi'));
		// Without a capsule root, only the file system's root stops it.
		assert.deepEqual(resolveLinkTarget('../../../x.gmi', DOC, undefined), internal('file:///x.gmi'));
	});

	it('resolves absolute paths against the capsule root, or the document folder without one', () => {
		assert.deepEqual(resolveLinkTarget('/about.gmi', DOC, ROOT), internal('file:///ws/about.gmi'));
		assert.deepEqual(resolveLinkTarget('/about.gmi', DOC, 'file:///ws/content'), internal('file:///ws/content/about.gmi'));
		assert.deepEqual(resolveLinkTarget('/about.gmi', DOC, undefined), internal('file:///ws/blog/about.gmi'));
	});

	it('keeps the fragment, decoded, and drops the query', () => {
		assert.deepEqual(resolveLinkTarget('a.gmi#Intro%20part', DOC, ROOT), internal('file:///ws/blog/a.gmi', 'Intro part'));
		assert.deepEqual(resolveLinkTarget('a.gmi?x=1#top', DOC, ROOT), internal('file:///ws/blog/a.gmi', 'top'));
		assert.deepEqual(resolveLinkTarget('#top', DOC, ROOT), internal(DOC, 'top'));
	});

	it('decodes percent-escapes in the path and survives malformed ones', () => {
		assert.deepEqual(resolveLinkTarget('my%20page.gmi', DOC, ROOT), internal('file:///ws/blog/my%20page.gmi'));
		assert.deepEqual(resolveLinkTarget('100%.gmi', DOC, ROOT), internal('file:///ws/blog/100%25.gmi'));
	});

	it('marks directory forms', () => {
		assert.deepEqual(resolveLinkTarget('sub/', DOC, ROOT), internal('file:///ws/blog/sub/', '', true));
		assert.deepEqual(resolveLinkTarget('..', DOC, ROOT), internal('file:///ws/', '', true));
		assert.deepEqual(resolveLinkTarget('.', DOC, ROOT), internal('file:///ws/blog/', '', true));
		assert.deepEqual(resolveLinkTarget('/', DOC, ROOT), internal('file:///ws/', '', true));
	});

	it('gives nothing for an empty URL or a relative link in an untitled document', () => {
		assert.equal(resolveLinkTarget('', DOC, ROOT), undefined);
		assert.equal(resolveLinkTarget('a.gmi', 'untitled:Untitled-1', undefined), undefined);
		assert.deepEqual(resolveLinkTarget('gemini://x.org/', 'untitled:Untitled-1', undefined), { kind: 'external', uri: 'gemini://x.org/' });
	});
});

describe('getDocumentLinks', () => {
	const fs = new MemoryFileSystem({
		'/ws/blog/post.gmi': '',
		'/ws/blog/sub/index.gmi': '# Sub',
		'/ws/empty/.keep': '',
	});

	async function links(text: string) {
		return getDocumentLinks(parseGemtext(text), DOC, { fileSystem: fs, capsuleRoot: ROOT });
	}

	it('links every URL, with the URL as range', async () => {
		const result = await links('# T\n=> other.gmi Other\n=>\tgemini://example.org\ttab label\n');
		assert.deepEqual(result, [
			{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 12 } }, target: 'file:///ws/blog/other.gmi' },
			{ range: { start: { line: 2, character: 3 }, end: { line: 2, character: 23 } }, target: 'gemini://example.org' },
		]);
	});

	it('opens dir/index.gmi for a directory link when it exists, the folder otherwise', async () => {
		const result = await links('=> sub/\n=> ../empty/\n=> sub/#Sub\n');
		assert.deepEqual(result.map((l) => l.target), [
			'file:///ws/blog/sub/index.gmi',
			'file:///ws/empty/',
			'file:///ws/blog/sub/index.gmi#Sub',
		]);
	});

	it('gives no link for a bare =>, nor for links inside preformatted blocks', async () => {
		assert.deepEqual(await links('=>\n=> \n```\n=> a.gmi\n```\n'), []);
	});

	it('checks each directory once', async () => {
		const before = fs.calls.length;
		await links('=> sub/\n=> sub/\n=> sub/\n');
		assert.equal(fs.calls.slice(before).filter((c) => c.startsWith('stat')).length, 1);
	});

	it('keeps an external mailto link and the absolute path against the root', async () => {
		const result = await links('=> mailto:me@example.org Mail\n=> /blog/post.gmi Self\n');
		assert.deepEqual(result.map((l) => l.target), ['mailto:me@example.org', uriOf('/ws/blog/post.gmi')]);
	});
});

describe('link URLs with a lone surrogate (found by the fuzz suite)', () => {
	it('resolve to no target instead of throwing URIError', () => {
		assert.equal(resolveLinkTarget('\ud800', 'file:///c/index.gmi', undefined), undefined);
		assert.equal(resolveLinkTarget('a\udc00.gmi#x', 'file:///c/index.gmi', undefined), undefined);
		// A well-formed astral character still resolves.
		assert.equal(resolveLinkTarget('😀.gmi', 'file:///c/index.gmi', undefined)?.kind, 'internal');
	});

	it('leave the document\'s diagnostics and links computable', async () => {
		const { createGemtextService, defaultSettings } = await import('../../server/src/service');
		const service = createGemtextService({ fileSystem: new MemoryFileSystem({ '/ws/a.gmi': '# A\n' }), logger: { log: () => undefined }, getSettings: () => defaultSettings, workspaceFolders: [uriOf('/ws')] });
		const snapshot = { uri: uriOf('/ws/x.gmi'), version: 1, getText: () => '=>\ud800\n=> a.gmi\n' };
		const links = await service.getDocumentLinks(snapshot);
		assert.deepEqual(links.map((l) => l.range.start.line), [1]);
		assert.ok(Array.isArray(await service.getDiagnostics(snapshot)));
		service.dispose();
	});
});

describe('createLinkResolver on canonical strings', () => {
	const segment = fc.constantFrom('a', 'B c', 'd%e', '\u00fc', '\u{1F600}', '..', '.', '', 'x(1)', 'f.gmi');
	const relative = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
	const url = fc.tuple(fc.constantFrom('', '/', '../', '../../', './'), relative, fc.constantFrom('', '/', '#frag', '?q')).map(([a, b, c]) => a + encodeURI(b).replace(/#/g, '%23') + c);
	const folder = fc.array(fc.constantFrom('ws', 'Topic 1', 'sub', '\u00e9', 'deep'), { maxLength: 4 }).map((s) => '/' + s.join('/'));

	it('resolves every URL as the URI version does, with or without a capsule root', () => {
		let shortcuts = 0;
		fc.assert(fc.property(folder, url, fc.constantFrom(undefined, '/', '/ws', '/ws/Topic 1', '/other'), (dir, link, rootPath) => {
			const doc = URI.file(dir.replace(/\/$/, '') + '/page.gmi').toString();
			const root = rootPath === undefined ? undefined : URI.file(rootPath).toString();
			const fast = createLinkResolver(doc, root)(link);
			assert.deepEqual(fast, resolveLinkTargetOfUris(link, doc, root), `${link} in ${doc}, root ${root}`);
			shortcuts += fast?.kind === 'internal' && !fast.isDirectory ? 1 : 0;
		}), { seed: 20261130, numRuns: 2000 });
		assert.ok(shortcuts > 500, `${shortcuts} file links`);
	});
});
