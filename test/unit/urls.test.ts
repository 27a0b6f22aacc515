import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkUrl, decodeOrKeep, decodeUrlComponent, encodeUrlPath, isExternalUrl, splitUrl, suggestScheme } from '../../server/src/service/urls';

const codes = (url: string): string[] => checkUrl(url).map((p) => p.code);

describe('splitUrl', () => {
	it('splits scheme, path, query and fragment without decoding anything', () => {
		assert.deepEqual(splitUrl('../a%20b.gmi?x=1#Intro'), { scheme: undefined, path: '../a%20b.gmi', query: 'x=1', fragment: 'Intro', fragmentStart: 17 });
		assert.deepEqual(splitUrl('GEMINI://host/p?q#'), { scheme: 'gemini', path: '//host/p', query: 'q', fragment: '', fragmentStart: 18 });
		assert.deepEqual(splitUrl('#top'), { scheme: undefined, path: '', query: undefined, fragment: 'top', fragmentStart: 1 });
	});

	it('takes a ? after the # as part of the fragment', () => {
		assert.deepEqual(splitUrl('a.gmi#x?y'), { scheme: undefined, path: 'a.gmi', query: undefined, fragment: 'x?y', fragmentStart: 6 });
	});
});

describe('isExternalUrl', () => {
	it('is true for a scheme or a network-path reference, false for paths', () => {
		assert.deepEqual(['gemini://a', 'mailto:x@y', '//host/x', 'a.gmi', '/abs.gmi', '../x', '#f'].map(isExternalUrl), [true, true, true, false, false, false, false]);
	});
});

describe('percent-decoding', () => {
	it('decodes, and says undefined for broken encodings', () => {
		assert.equal(decodeUrlComponent('a%20b%C3%BC'), 'a bü');
		assert.equal(decodeUrlComponent('plain'), 'plain');
		assert.equal(decodeUrlComponent('100%'), undefined);
		assert.equal(decodeUrlComponent('%zz'), undefined);
		assert.equal(decodeUrlComponent('%C3'), undefined, 'not UTF-8');
	});

	it('decodeOrKeep keeps malformed text as written', () => {
		assert.equal(decodeOrKeep('a%20b'), 'a b');
		assert.equal(decodeOrKeep('100%'), '100%');
	});
});

describe('checkUrl', () => {
	it('accepts well-formed URLs of every kind', () => {
		for (const url of ['a.gmi', '../x/y.gmi#h', 'gemini://example.org/', 'https://a.b/c?d=e', 'mailto:me@example.org', 'a%20b.gmi', 'ünïcode/ü.gmi', 'gemini://h:1965/x']) {
			assert.deepEqual(codes(url), [], url);
		}
	});

	it('reports characters a URL cannot hold', () => {
		assert.deepEqual(codes('a"b.gmi'), ['link.invalid-character']);
		assert.deepEqual(codes('a\\b.gmi'), ['link.invalid-character']);
		assert.deepEqual(codes('<x>'), ['link.invalid-character', 'link.invalid-character'], 'each character its own problem');
	});

	it('reports broken percent-encoding, with where it is', () => {
		const [problem] = checkUrl('a%2.gmi');
		assert.equal(problem.code, 'link.bad-percent-encoding');
		assert.equal(problem.start, 1);
		assert.deepEqual(codes('%C3%28.gmi'), ['link.bad-percent-encoding']);
	});

	it('reports unknown schemes with a suggestion for a typo', () => {
		const [problem] = checkUrl('htps://example.org');
		assert.equal(problem.code, 'link.unknown-scheme');
		assert.match(problem.message, /Did you mean `https:`\?/);
		assert.deepEqual(codes('zzzzqq://x'), ['link.unknown-scheme']);
	});

	it('reports a missing host or a bad port', () => {
		assert.deepEqual(codes('gemini:/x'), ['link.missing-host']);
		assert.deepEqual(codes('gemini:///x'), ['link.missing-host']);
		assert.deepEqual(codes('https://host:abc/'), ['link.missing-host']);
	});

	it('gives every problem a range inside the URL', () => {
		for (const url of ['a"b', 'a%2', 'htps://x', 'gemini:/x', 'https://h:p/']) {
			for (const p of checkUrl(url)) {
				assert.ok(p.start >= 0 && p.start <= p.end && p.end <= url.length, `${url}: ${p.start}-${p.end}`);
			}
		}
	});
});

describe('suggestScheme and encodeUrlPath', () => {
	it('suggests the scheme a typo most likely meant, nothing for unrelated words', () => {
		assert.equal(suggestScheme('htps'), 'https');
		assert.equal(suggestScheme('gemeni'), 'gemini');
		assert.equal(suggestScheme('xqzwvk'), undefined);
	});

	it('encodes what a path cannot hold literally, keeping / and non-ASCII letters', () => {
		assert.equal(encodeUrlPath('my notes/ü 1.gmi'), 'my%20notes/ü%201.gmi');
		assert.equal(encodeUrlPath('100%#?.gmi'), '100%25%23%3F.gmi');
		assert.equal(encodeUrlPath('plain/path.gmi'), 'plain/path.gmi');
	});
});
