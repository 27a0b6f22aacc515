import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseGemtext } from '../../server/src/service/parser';
import { createSlugDeduper, gemtexterSlug, geminiSlug, getGeminiHeadingIds, getHeadingIds } from '../../server/src/service/slug';

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
