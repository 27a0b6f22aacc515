/**
 * fast-check generators of Gemtext-shaped text (issue 8, "Fuzzing in CI"): documents built
 * from every line type with the edge cases the parser, the diagnostics and both renderers
 * must survive (``` toggles, CR/CRLF/lone CR, a BOM, tabs, astral and combining characters,
 * very long lines, `#x`, `=>` without URL or space), Gemtexter templates (`<<` lines,
 * `<<<`/`>>>` blocks, escapes), and mutations of real documents.
 */
import fc from 'fast-check';

/** Characters that make text interesting: markup, quotes, controls, astral and combining. */
const SPECIAL = [
	'<', '>', '&', '"', "'", '`', '\\', '/', '#', '*', '=', '[', ']', '(', ')', ':', '%', '?', '!', ';',
	'\t', ' ', '\u00a0', '\u0000', '\u0007', '\u001b', '\u007f', '\u200b', '\u2028', '\u2029', '\ufeff', '\ufffd',
	'é', 'Ü', 'ß', 'Ω', '中', '\u0301', '\u0308', '\u20dd', '😀', '👩‍💻', '🇫🇷', '𝔘', '\ud800', '\udc00',
	'<script>', '</pre>', 'javascript:', 'onerror=', '&amp;', '&#x3c;', '-->', '<!--', ']]>',
];

const segment = fc.oneof(
	{ weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
	{ weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);

/** Inline text: no line break (the document generator chooses those). */
export const inlineText = fc.array(segment, { maxLength: 8 }).map((parts) => parts.join('').replace(/[\r\n]/g, ' '));

const URLS = [
	'', 'a.gmi', 'b.gmi#x', '#top', 'dir/', '/abs.gmi', '../up.gmi', 'gemini://host.example/p', 'https://example.org/a?b=c&d',
	'mailto:x@y', 'javascript:alert(1)', 'data:text/html,<b>', 'img.PNG', 'pic.jpeg', "a'/onerror/'.png", 'a"b.gif',
	'my page.gmi', '%zz', 'htps://typo', 'gemini:/nohost', 'x<y>.gmi', 'é.gmi', '😀.png', 'a\\b',
];
const url = fc.oneof(fc.constantFrom(...URLS), inlineText.map((t) => t.replace(/[ \t]/g, '')));

const blank = fc.constantFrom('', ' ', '\t', '  \t ');

/** One Gemtext line (without its break); toggles, links and headings in all their spellings. */
export const gemtextLine = fc.oneof(
	{ weight: 5, arbitrary: inlineText },
	{ weight: 3, arbitrary: fc.tuple(fc.constantFrom('=>', '=> ', '=>\t', '=>  ', ' => '), url, fc.constantFrom('', ' ', '\t', '  '), inlineText).map(([m, u, s, l]) => m + u + s + l) },
	{ weight: 3, arbitrary: fc.tuple(fc.constantFrom('#', '##', '###', '####', '# ', '## ', '### ', '#\t', ' #'), inlineText).map(([m, t]) => m + t) },
	{ weight: 2, arbitrary: fc.tuple(fc.constantFrom('* ', '*', '- ', '*\t', '* * '), inlineText).map(([m, t]) => m + t) },
	{ weight: 2, arbitrary: fc.tuple(fc.constantFrom('>', '> ', '>>', ' >'), inlineText).map(([m, t]) => m + t) },
	{ weight: 3, arbitrary: fc.tuple(fc.constantFrom('```', '``` ', '````', '``', ' ```', '```js', '``` <b>"x"', '```c++ x'), inlineText).map(([m, t]) => m + t) },
	{ weight: 1, arbitrary: blank },
	{ weight: 1, arbitrary: fc.constantFrom('#x', '=>x', '>x', '**bold**', '[a](b.gmi)', '- item', '## Table of Contents', '> Published at 2024-01-01T00:00:00+00:00') },
	{ weight: 1, arbitrary: fc.tuple(fc.constantFrom('', '# ', '=> ', '```', '> ', '* '), fc.integer({ min: 200, max: 5000 }), fc.constantFrom('a', 'é ', '😀', '<', ' ', '\t')).map(([m, n, c]) => m + c.repeat(n)) },
);

/** A line break: mostly LF, also CRLF and a lone CR. */
export const lineBreak = fc.oneof({ weight: 6, arbitrary: fc.constant('\n') }, { weight: 2, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constant('\r') });

/** Joins lines with generated breaks; optionally a BOM and a final break. */
function document(lines: fc.Arbitrary<string>, maxLines: number, breaks = lineBreak): fc.Arbitrary<string> {
	return fc
		.tuple(fc.boolean(), fc.array(fc.tuple(lines, breaks), { maxLength: maxLines }), fc.oneof(fc.constant(''), lines), fc.integer({ min: 0, max: 9 }))
		.map(([bom, body, last, lucky]) => (bom && lucky < 2 ? '\ufeff' : '') + body.map(([l, b]) => l + b).join('') + last);
}

/** A Gemtext document of up to `maxLines` generated lines. */
export function gemtextDocument(maxLines = 24): fc.Arbitrary<string> {
	return document(gemtextLine, maxLines);
}

/** One line of a Gemtexter template: Gemtext, helper calls, Bash lines, block markers, escapes. */
const templateLine = fc.oneof(
	{ weight: 6, arbitrary: gemtextLine },
	{ weight: 2, arbitrary: fc.constantFrom('<< template::inline::toc', '<< template::inline::index x', '<< template::inline::rindex a "b c"', '<< template::inline::toc extra', '<< template::inline::index') },
	{ weight: 2, arbitrary: fc.tuple(fc.constantFrom('<< ', '<<', '<<  '), inlineText).map(([m, t]) => m + t) },
	{ weight: 2, arbitrary: fc.constantFrom('<<<', '<<< ', '<<<bash', '>>>', '>>> ', ' >>>') },
	{ weight: 2, arbitrary: fc.tuple(fc.constantFrom('[[', '[[[', ']]]', ']', '] ', '[[ '), inlineText).map(([m, t]) => m + t) },
	{ weight: 1, arbitrary: fc.constantFrom('-n', '-e', '-neE', 'echo hi', 'for i in 1 2; do echo "## $i"; done', '$(rm -rf /)', '`touch /tmp/pwned`') },
);

/**
 * A Gemtexter template (`*.gmi.tpl`) of up to `maxLines` lines ending in LF, CRLF or a lone CR
 * (Bash reads lines at LF only, the editor at each of the three: positions must be the editor's).
 */
export function templateDocument(maxLines = 24): fc.Arbitrary<string> {
	return document(templateLine, maxLines, fc.constantFrom('\n', '\n', '\n', '\r\n', '\r'));
}

/** One edit of a real document's text (positions are fractions of its length, so any text fits). */
type Mutation =
	| { readonly kind: 'insert'; readonly at: number; readonly text: string }
	| { readonly kind: 'delete'; readonly at: number; readonly length: number }
	| { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
	| { readonly kind: 'breaks'; readonly to: string }
	| { readonly kind: 'bom' }
	| { readonly kind: 'swapLines'; readonly a: number; readonly b: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fraction, text: fc.oneof(gemtextLine, gemtextLine.map((l) => '\n' + l + '\n'), lineBreak, fc.constantFrom('```\n', '\r', '\ufeff', '\ud83d')) }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 200 }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fraction, length: fc.integer({ min: 1, max: 400 }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('breaks' as const), to: fc.constantFrom('\r\n', '\r', '\n') }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('bom' as const) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), a: fraction, b: fraction }) },
);

function applyMutation(text: string, m: Mutation): string {
	const at = (f: number): number => Math.min(text.length, Math.floor(f * (text.length + 1)));
	switch (m.kind) {
		case 'insert': {
			const p = at(m.at);
			return text.slice(0, p) + m.text + text.slice(p);
		}
		case 'delete': {
			const p = at(m.at);
			return text.slice(0, p) + text.slice(p + m.length);
		}
		case 'duplicate': {
			const p = at(m.at);
			return text.slice(0, p + m.length) + text.slice(p);
		}
		case 'breaks':
			return text.replace(/\r\n|\r|\n/g, m.to);
		case 'bom':
			return text.startsWith('\ufeff') ? text.slice(1) : '\ufeff' + text;
		case 'swapLines': {
			const lines = text.split('\n');
			const a = Math.min(lines.length - 1, Math.floor(m.a * lines.length));
			const b = Math.min(lines.length - 1, Math.floor(m.b * lines.length));
			[lines[a], lines[b]] = [lines[b], lines[a]];
			return lines.join('\n');
		}
	}
}

/** A real document from `seeds`, edited by a few generated mutations. */
export function mutatedDocument(seeds: readonly string[], maxMutations = 6): fc.Arbitrary<string> {
	if (seeds.length === 0) {
		throw new Error('mutatedDocument needs at least one seed document');
	}
	return fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: maxMutations })).map(([seed, ms]) => ms.reduce(applyMutation, seed));
}
