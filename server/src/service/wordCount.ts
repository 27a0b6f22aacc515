/**
 * Word count and reading time, as Gemtexter counts a post's words (lib/gemfeed.source.sh,
 * `gemfeed::_get_word_count`): `sed '/^```/,/^```/d' FILE | wc -w`.
 *
 * - The sed range starts at a line beginning with ```; its end is looked for from the next line on,
 *   and is the next line beginning with ``` (both deleted); a range never closed runs to the end.
 * - `wc -w` (GNU coreutils 9.1, the version Gemtexter's golden runs used, in a UTF-8 locale): a word
 *   is a run of printable characters between separators. Separators are tab, line feed, vertical
 *   tab, form feed, carriage return and space, the printable Unicode spaces (U+1680, U+2000–U+2006,
 *   U+2008–U+200A, U+205F, U+3000) and the no-break spaces coreutils adds (U+00A0, U+2007, U+202F,
 *   U+2060). Characters that are not printable (controls, unassigned code points, lone surrogates,
 *   U+2028, U+2029) neither start a word nor end one: `a\u0001b` is one word, `\u0001` none.
 */

/** Reading speed for the reading time: the average silent reading rate of English non-fiction. */
export const WORDS_PER_MINUTE = 238;

/** Separators of `wc -w` (see the module comment). */
const SEPARATOR = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u202f\u205f\u2060\u3000]/u;
/** Characters `wc -w` skips: not printable in glibc's C.UTF-8 locale. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cn}\p{Cs}\u2028\u2029]/u;

/** Words in `text` as `wc -w` counts them. */
export function countWcWords(text: string): number {
	let words = 0;
	let inWord = false;
	for (const ch of text) {
		if (SEPARATOR.test(ch)) {
			inWord = false;
		} else if (!NOT_PRINTABLE.test(ch)) {
			if (!inWord) {
				words++;
				inWord = true;
			}
		}
	}
	return words;
}

/** `text` without its ``` ranges, as `sed '/^```/,/^```/d'` prints it (lines split on `\n` only). */
export function withoutPreformatted(text: string): string {
	const kept: string[] = [];
	let inRange = false;
	for (const line of text.split('\n')) {
		if (inRange) {
			if (line.startsWith('```')) {
				inRange = false;
			}
		} else if (line.startsWith('```')) {
			inRange = true;
		} else {
			kept.push(line);
		}
	}
	return kept.join('\n');
}

export interface WordCount {
	/** Words outside ``` ranges, as Gemtexter counts them. */
	readonly words: number;
	/** Reading time in whole minutes at `WORDS_PER_MINUTE`, rounded up; 0 only for no words. */
	readonly minutes: number;
}

/** Word count and reading time of a Gemtext document's text. */
export function getWordCount(text: string): WordCount {
	const words = countWcWords(withoutPreformatted(text));
	return { words, minutes: Math.ceil(words / WORDS_PER_MINUTE) };
}
