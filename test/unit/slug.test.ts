import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseGemtext } from '../../server/src/service/parser';
import { createDetachedFragmentMatcher, createFragmentMatcher, createHeadingFragmentMatcher, createSlugDeduper, gemtexterSlug, geminiSlug, getGeminiHeadingIds, getHeadingIds, looseHeadingKey } from '../../server/src/service/slug';

describe('gemtexterSlug', () => {
	it('lowercases ASCII, maps each \' and space to -, deletes the rest', () => {
		assert.equal(gemtexterSlug("I can't believe it!"), 'i-can-t-believe-it');
		assert.equal(gemtexterSlug('Preamble '), 'preamble-');
		assert.equal(gemtexterSlug('  two  spaces'), '--two--spaces');
		assert.equal(gemtexterSlug('a_b.c/d:e (f) [g] & <h>'), 'abcde-f-g--h');
		assert.equal(gemtexterSlug('Wrap-up 2024'), 'wrap-up-2024');
		assert.equal(gemtexterSlug('tab\there\r'), 'tabhere');
	});

	it('deletes every non-ASCII character, even ones JS would lowercase to ASCII', () => {
		assert.equal(gemtexterSlug('Über'), 'ber');
		assert.equal(gemtexterSlug('Ünïcödé ★ café'), 'ncd--caf');
		assert.equal(gemtexterSlug('\u212A\u0130x'), 'x');
	});

	it('can be empty', () => {
		assert.equal(gemtexterSlug(''), '');
		assert.equal(gemtexterSlug('!!!'), '');
	});
});

describe('geminiSlug', () => {
	it('is GitHub-like: trimmed, lowercased, punctuation removed, spaces to -', () => {
		assert.equal(geminiSlug('  Hello, World! '), 'hello-world');
		assert.equal(geminiSlug("I can't believe it"), 'i-cant-believe-it');
		assert.equal(geminiSlug('a_b-c  d'), 'a_b-c--d');
		assert.equal(geminiSlug('C++ & C#'), 'c--c');
	});

	it('keeps Unicode letters, marks and numbers', () => {
		assert.equal(geminiSlug('Über naïve Café'), 'über-naïve-café');
		assert.equal(geminiSlug('日本語 ٣'), '日本語-٣');
		assert.equal(geminiSlug('★ Stars ★'), '-stars-', 'as GitHub: symbols go, their spaces stay');
	});
});

describe('createSlugDeduper', () => {
	it('numbers repeats -1, -2 and skips ids already taken', () => {
		const d = createSlugDeduper();
		assert.deepEqual(['a', 'a', 'a-1', 'a', 'b'].map(d), ['a', 'a-1', 'a-1-1', 'a-2', 'b']);
	});

	it('replaces an empty slug with "section"', () => {
		const d = createSlugDeduper();
		assert.deepEqual(['', '', 'section'].map(d), ['section', 'section-1', 'section-2']);
	});
});

describe('getHeadingIds', () => {
	const doc = parseGemtext('# Intro\n#NoSpace\n## Intro\n* list\n## Swallowed\n```\n# in pre\n```\n### Über\n');

	it('gemtexter: the ids Gemtexter writes, first line wins, none for #x or the line after a list', () => {
		assert.deepEqual([...getHeadingIds(doc, 'gemtexter')], [['intro', 0], ['ber', 8]]);
	});

	it('gemini: every spec heading outside pre, deduplicated', () => {
		assert.deepEqual([...getHeadingIds(doc, 'gemini')], [['intro', 0], ['nospace', 1], ['intro-1', 2], ['swallowed', 4], ['über', 8]]);
		assert.deepEqual(getGeminiHeadingIds(doc), ['intro', 'nospace', 'intro-1', 'swallowed', 'über']);
	});
});

describe('createFragmentMatcher', () => {
	const doc = parseGemtext('# Intro\n## B_GET_DEVICE_SIZE\n## Über uns\n## Intro\n');

	it('finds the first heading with the exact id, also percent-encoded', () => {
		const find = createFragmentMatcher(doc, getGeminiHeadingIds(doc), 'gemini');
		assert.equal(find('intro'), 0);
		assert.equal(find('intro-1'), 3);
		assert.equal(find('%C3%BCber-uns'), 2);
	});

	it('in Gemini style, also a heading with the same letters and digits (sites invent their own ids)', () => {
		const find = createFragmentMatcher(doc, getGeminiHeadingIds(doc), 'gemini');
		assert.equal(find('b-get-device-size'), 1);
		assert.equal(find('B_GET_DEVICE_SIZE'), 1);
		assert.equal(find('UeberUns'), -1);
		assert.equal(find('nowhere'), -1);
		assert.equal(find('---'), -1);
	});

	it('in Gemtexter style, only the id Gemtexter writes', () => {
		const ids = doc.headings.map((h) => gemtexterSlug(h.content));
		const find = createFragmentMatcher(doc, ids, 'gemtexter');
		assert.equal(find('b_get_device_size'), -1);
		assert.equal(find('bgetdevicesize'), 1);
		assert.equal(find('ber-uns'), 2);
		assert.equal(find('uber-uns'), -1);
	});

	it('the detached matcher (kept by a capsule pass) answers as the lazy one, in both styles', () => {
		const long = parseGemtext('# Intro\n## B_GET_DEVICE_SIZE of a rather long heading\n## Über uns\n## Intro\n##\n### Ünïcode 2 — Ｆｕｌｌ\n');
		const fragments = ['intro', 'intro-1', 'section', '%C3%BCber-uns', 'b-get-device-size-of-a-rather-long-heading', 'bgetdevicesizeofaratherlongheading',
			'B_GET_DEVICE_SIZE_of_a_rather_long_heading', 'UeberUns', 'ber-uns', 'ünïcode2full', 'unicode-2--full', 'nowhere', '---', '', '%zz'];
		for (const style of ['gemini', 'gemtexter'] as const) {
			const ids = style === 'gemini' ? getGeminiHeadingIds(long) : long.headings.map((h) => gemtexterSlug(h.content));
			const lazy = createFragmentMatcher(long, ids, style);
			const detached = createDetachedFragmentMatcher(long, ids, style);
			for (const f of fragments) {
				assert.equal(detached(f), lazy(f), `${style} #${f}`);
			}
		}
		const gemini = createDetachedFragmentMatcher(long, getGeminiHeadingIds(long), 'gemini');
		assert.equal(gemini('bgetdevicesizeofaratherlongheading'), 1);
		assert.equal(gemini('ÜNÏCODE_2_FULL'), 5);
		assert.equal(gemini('UnIcode2Full'), -1);
		assert.equal(createDetachedFragmentMatcher(long, long.headings.map((h) => gemtexterSlug(h.content)), 'gemtexter')('bgetdevicesizeofaratherlongheading'), -1);
	});

	it('the matcher from the index\'s heading names finds what the Gemini-style matcher of the document finds', () => {
		const text = '# Intro\n##\n## Intro\n### B_GET_DEVICE_SIZE\n#  Über uns \n## Section\n';
		const d = parseGemtext(text);
		const lazy = createFragmentMatcher(d, getGeminiHeadingIds(d), 'gemini');
		const fromNames = createHeadingFragmentMatcher(d.headings.map((h) => h.content.trim()));
		for (const f of ['intro', 'intro-1', 'section', 'section-1', 'section-2', '%C3%BCber-uns', 'b-get-device-size', 'UEBER', 'nowhere', '', '%zz']) {
			assert.equal(fromNames(f) === -1, lazy(f) === -1, f);
		}
		assert.equal(fromNames('section-1'), 5);
		assert.equal(fromNames('section-2'), -1);
	});

	it('looseHeadingKey keeps Unicode letters and digits only, lower-cased', () => {
		assert.equal(looseHeadingKey('Ünïcode 2 — Ｆｕｌｌ'), 'ünïcode2full');
	});
});
