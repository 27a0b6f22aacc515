/**
 * Gemtexter blog posts: file names, the `> Published at` stamp and drafts. Pure: the host passes the
 * current local time in.
 *
 * Gemtexter's conventions (README, lib/gemfeed.source.sh, lib/atomfeed.source.sh):
 * - a post is `gemfeed/YYYY-MM-DD-title-dash-separated.gmi` (or a `.gmi.tpl` template generating it);
 *   the feed takes names matching `^[0-9]{4}-[0-9]{2}-[0-9]{2}-.*\.gmi$`, and the date is the name's
 *   first three `-` fields;
 * - a draft is `gemfeed/DRAFT-title-dash-separated.gmi`: every name containing `DRAFT-` is left out of
 *   the feed (`grep -F -v DRAFT-`) and built only by `gemtexter --draft`; publishing is renaming
 *   `DRAFT` to the publishing date;
 * - the stamp is `> Published at $(date --iso-8601=seconds)`, read from the file's first 10 lines
 *   (`head`), and inserted when missing right after the first line starting with `#`, after a
 *   blank line.
 */
import type { TextEdit } from './types';

/** A local wall-clock time and its offset from UTC, what `date` prints. */
export interface LocalTime {
	readonly year: number;
	/** 1–12. */
	readonly month: number;
	readonly day: number;
	readonly hour: number;
	readonly minute: number;
	readonly second: number;
	/** Minutes east of UTC (UTC+02:00 is 120). */
	readonly offsetMinutes: number;
}

/** The local time of `date` in the host's time zone. */
export function localTimeOf(date: Date): LocalTime {
	return {
		year: date.getFullYear(),
		month: date.getMonth() + 1,
		day: date.getDate(),
		hour: date.getHours(),
		minute: date.getMinutes(),
		second: date.getSeconds(),
		offsetMinutes: 0 - date.getTimezoneOffset(),
	};
}

const pad = (n: number, width = 2): string => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** `YYYY-MM-DD`, the date of a post's file name. */
export function formatPostDate(time: LocalTime): string {
	return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
}

/** `date --iso-8601=seconds`: `2025-01-15T00:16:04+02:00` (`+00:00` in UTC). */
export function formatPublishedAt(time: LocalTime): string {
	const sign = time.offsetMinutes < 0 ? '-' : '+';
	const offset = Math.abs(time.offsetMinutes);
	return `${formatPostDate(time)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}

/** Letters that Unicode decomposition does not reduce to ASCII, spelled as their usual transliteration. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
	ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i', ŋ: 'ng', ħ: 'h', ŧ: 't',
};

/** Longest slug kept (cut at a word boundary), so that names stay far below file system limits. */
export const MAX_SLUG_LENGTH = 80;

/**
 * The file name part of a title, as Gemtexter users name their posts: lowercase ASCII letters and
 * digits, words joined by `-`. Accents are dropped (`Café` → `cafe`), compatibility forms decomposed
 * (`Part Ⅱ` → `part-ii`), apostrophes join (`Let's` → `lets`), a dot between letters or digits stays
 * (`Gemtexter 1.1.0` → `gemtexter-1.1.0`, `foo.zone`), everything else separates. Empty when the
 * title has no letter or digit that maps to ASCII.
 */
export function slugify(title: string): string {
	const ascii = title
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/./gsu, (ch) => SPECIAL_LETTERS[ch] ?? ch)
		.replace(/['’ʼ‘`´]/gu, '');
	const slug = ascii
		.replace(/(?<=[a-z0-9])\.(?=[a-z0-9])/g, '\u0000')
		.replace(/[^a-z0-9\u0000]+/g, '-')
		.replace(/\u0000/g, '.')
		.replace(/^-+|-+$/g, '');
	if (slug.length <= MAX_SLUG_LENGTH) {
		return slug;
	}
	const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
	const boundary = cut.lastIndexOf('-');
	return (boundary > 0 ? cut.slice(0, boundary) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/[-.]+$/, '');
}

export type PostExtension = '.gmi.tpl' | '.gmi';

/** Why a title cannot name a post, or undefined when it can. */
export function titleProblem(title: string): string | undefined {
	if (title.trim() === '') {
		return 'The post needs a title.';
	}
	if (/[\r\n]/.test(title)) {
		return 'The title must fit on one line.';
	}
	if (slugify(title) === '') {
		return 'The title needs a letter or a digit for the file name.';
	}
	return undefined;
}

/** `name` without `.gmi.tpl` or `.gmi`: a template and the page it generates share this. */
function stem(name: string): string {
	return name.replace(/\.gmi(\.tpl)?$/i, '');
}

/**
 * The file name of a new post: `YYYY-MM-DD-slug.ext`, or `DRAFT-slug.ext` for a draft. When a file in
 * `existing` (names in the gemfeed folder) has that name, or is the template or the page of it,
 * `-2`, `-3`… is added to the slug, so that nothing is overwritten.
 */
export function newPostFileName(options: { readonly title: string; readonly time: LocalTime; readonly draft: boolean; readonly extension: PostExtension; readonly existing?: readonly string[] }): string {
	const slug = slugify(options.title);
	const prefix = options.draft ? 'DRAFT-' : `${formatPostDate(options.time)}-`;
	const taken = new Set((options.existing ?? []).map((n) => stem(n).toLowerCase()));
	for (let n = 1; ; n++) {
		const base = `${prefix}${slug}${n === 1 ? '' : `-${n}`}`;
		if (!taken.has(base.toLowerCase())) {
			return base + options.extension;
		}
	}
}

/** The first lines of a new post; the cursor goes on line `cursorLine` (after the blank line). */
export function newPostText(title: string, time: LocalTime): { readonly text: string; readonly cursorLine: number } {
	return { text: `# ${title.trim()}\n\n> Published at ${formatPublishedAt(time)}\n\n`, cursorLine: 4 };
}

/** Whether a file name is a draft in Gemtexter's sense (its feed leaves out every name with `DRAFT-`). */
export function isDraftName(name: string): boolean {
	return name.includes('DRAFT-');
}

/**
 * The published name of a draft: every `DRAFT-` removed, a date the rest starts with replaced by the
 * publishing date, which then prefixes it (`DRAFT-slug.gmi.tpl` → `2025-01-15-slug.gmi.tpl`).
 * Undefined when `name` is not a draft or nothing would be left of it.
 */
export function publishedNameOfDraft(name: string, time: LocalTime): string | undefined {
	if (!isDraftName(name)) {
		return undefined;
	}
	const rest = name.split('DRAFT-').join('').replace(/^\d{4}-\d{2}-\d{2}(-|(?=\.gmi))/, '').replace(/^-+/, '');
	if (rest === '' || /^\.gmi(\.tpl)?$/i.test(rest)) {
		return undefined;
	}
	return `${formatPostDate(time)}-${rest}`;
}

/** How many lines Gemtexter reads looking for the stamp (`head`). */
export const PUBLISHED_AT_LINES = 10;
const PUBLISHED_AT = /^> Published at /;

/**
 * The edit that sets a post's `> Published at` line to `time`: the stamp Gemtexter reads (in the
 * first 10 lines) is replaced; without one, a blank line and the stamp are inserted after the first
 * line starting with `#`, where Gemtexter would insert it (at the end when there is none).
 */
export function publishedAtEdit(text: string, time: LocalTime): TextEdit {
	const stamp = `> Published at ${formatPublishedAt(time)}`;
	const lines = text.split('\n');
	const eol = lines.length > 1 && lines[0].endsWith('\r') ? '\r\n' : '\n';
	const content = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
	const existing = lines.slice(0, PUBLISHED_AT_LINES).findIndex((l) => PUBLISHED_AT.test(l));
	if (existing >= 0) {
		const end = content(lines[existing]).length;
		return { range: { start: { line: existing, character: 0 }, end: { line: existing, character: end } }, newText: stamp };
	}
	const heading = lines.findIndex((l) => l.startsWith('#'));
	if (heading >= 0) {
		const end = { line: heading, character: content(lines[heading]).length };
		return { range: { start: end, end }, newText: `${eol}${eol}${stamp}` };
	}
	const last = lines.length - 1;
	const end = { line: last, character: lines[last].length };
	const before = lines[last] === '' ? '' : eol;
	return { range: { start: end, end }, newText: `${before}${text === '' ? '' : eol}${stamp}${eol}` };
}
