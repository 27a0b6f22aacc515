import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { countWcWords, getWordCount, withoutPreformatted, WORDS_PER_MINUTE } from '../../server/src/service/wordCount';

// Expected values were checked with GNU coreutils 9.1 `wc -w` and GNU sed 4.9 under LC_ALL=C.UTF-8.
describe('countWcWords (wc -w)', () => {
	it('counts runs of non-separators', () => {
		assert.equal(countWcWords(''), 0);
		assert.equal(countWcWords('   \n\t '), 0);
		assert.equal(countWcWords('one'), 1);
		assert.equal(countWcWords('  one  two\tthree\nfour  '), 4);
		assert.equal(countWcWords('=> gemini://example.org/ A link'), 4);
		assert.equal(countWcWords('well-known e-mail, 1.2.3 — done.'), 5);
	});

	it('separates on tab, line feed, vertical tab, form feed and carriage return', () => {
		assert.equal(countWcWords('a\vb\fc\rd\r\ne'), 5);
	});

	it('separates on Unicode spaces and the no-break spaces coreutils adds', () => {
		for (const space of ['\u00a0', '\u1680', '\u2000', '\u2003', '\u2007', '\u200a', '\u202f', '\u205f', '\u2060', '\u3000']) {
			assert.equal(countWcWords(`a${space}b`), 2, `U+${space.codePointAt(0)?.toString(16)}`);
		}
	});

	it('neither starts nor ends a word with a character that is not printable', () => {
		assert.equal(countWcWords('a\u0001b'), 1);
		assert.equal(countWcWords('\u0001'), 0);
		assert.equal(countWcWords('a\u0001 b'), 2);
		assert.equal(countWcWords('a\u0085b'), 1, 'NEL is a control');
		assert.equal(countWcWords('a\u2028b'), 1, 'LINE SEPARATOR is not printable in glibc');
	});

	it('counts letters of any script, format characters and emoji as word characters', () => {
		assert.equal(countWcWords('café naïve'), 2);
		assert.equal(countWcWords('日本語 テキスト'), 2);
		assert.equal(countWcWords('emoji 🙂 x'), 3);
		assert.equal(countWcWords('a\u200bb'), 1, 'a zero-width space is no separator');
		assert.equal(countWcWords('a\u200eb c'), 2);
		assert.equal(countWcWords('\ufffd'), 1);
	});
});

describe('withoutPreformatted (sed \'/^```/,/^```/d\')', () => {
	it('deletes each range from a ``` line to the next line starting with ```', () => {
		assert.equal(withoutPreformatted('a\n```\nb c\n```\nd'), 'a\nd');
		assert.equal(withoutPreformatted('```js\nx\n  ```\ny\n```\nz'), 'z');
		assert.equal(withoutPreformatted('```\nA\n```B C\nD'), 'D');
	});

	it('looks for the end from the line after the start, and runs an unclosed range to the end', () => {
		assert.equal(withoutPreformatted('```\n```\nx\n```'), 'x');
		assert.equal(withoutPreformatted('a\n```\nunclosed words here'), 'a');
	});

	it('keeps CR-terminated lines as sed does (```\\r still starts a range)', () => {
		assert.equal(countWcWords(withoutPreformatted('x\r\n```\r\nin\r\n```\r\nout')), 2);
	});
});

describe('getWordCount', () => {
	it('counts the words outside preformatted blocks and rounds the reading time up', () => {
		assert.deepEqual(getWordCount(''), { words: 0, minutes: 0 });
		assert.deepEqual(getWordCount('# Title\n\n```\nnot counted at all\n```\nfour words are here'), { words: 6, minutes: 1 });
		const many = Array.from({ length: WORDS_PER_MINUTE + 1 }, (_, i) => `w${i}`).join(' ');
		assert.deepEqual(getWordCount(many), { words: WORDS_PER_MINUTE + 1, minutes: 2 });
		assert.deepEqual(getWordCount(many.split(' ').slice(1).join('\n')), { words: WORDS_PER_MINUTE, minutes: 1 });
	});
});
