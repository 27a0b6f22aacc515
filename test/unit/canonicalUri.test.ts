/** URI strings as vscode-uri writes them, recognised and built without parsing: held to the URI round trip. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { URI } from 'vscode-uri';
import { isCanonicalUri } from '../../server/src/service/canonicalUri';
import { normalizeUri } from '../../server/src/service/linkTargets';

describe('isCanonicalUri', () => {
	const pieces = ['a', 'Z', '0', '-', '.', '_', '~', '/', '//', ' ', '%20', '%2f', '%2F', '%41', '%C3%BC', '%E2%82', '%zz', '%', ':', '%3A', '?', '#', '!', '(', '\u00fc', '\u{1F600}', 'C%3A', 'c%3A'];
	const prefixes = ['file:///', 'file://host/', 'file://Host/', 'FILE:///', 'vscode-vfs://github/', 'untitled:', 'http://a:80/', 'file:'];
	const candidate = fc.tuple(fc.constantFrom(...prefixes), fc.array(fc.constantFrom(...pieces), { maxLength: 8 })).map(([p, rest]) => p + rest.join(''));

	it('says a string is canonical only when the URI round trip gives it back unchanged', () => {
		let canonical = 0;
		fc.assert(fc.property(candidate, (uri) => {
			if (isCanonicalUri(uri)) {
				canonical++;
				assert.equal(URI.parse(uri).toString(), uri);
			}
		}), { seed: 20261130, numRuns: 3000 });
		assert.ok(canonical > 150, `${canonical} canonical strings seen`);
	});

	it('knows every path URI.file writes (so the shortcuts are taken) and normalizeUri keeps them', () => {
		const segment = fc.array(fc.constantFrom('a', 'B', ' ', '%', '!', ':', '\u00e9', '\u{1F600}', '~', '.'), { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));
		fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
			const uri = URI.file('/' + segments.join('/')).toString();
			assert.ok(isCanonicalUri(uri), uri);
			assert.equal(normalizeUri(uri), uri);
		}), { seed: 20261130, numRuns: 500 });
		assert.equal(normalizeUri('file:///C:/x'), 'file:///c%3A/x');
		assert.equal(normalizeUri('file:///a%41b'), 'file:///aAb');
	});
});
