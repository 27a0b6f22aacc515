/**
 * Heading ids ("slugs") of both preview styles, shared by the renderers, the table of
 * contents and the link checker (which validates `#fragment` links against them).
 */
import type { GemDocument } from './document';
import { decodeOrKeep } from './urls';
import type { PreviewStyle } from './workspace';
import { getGemtexterBlocks } from './render/gemtexterLines';

/**
 * Gemtexter's `generate::internal_link_id`: `tr '[:upper:]' '[:lower:]' | tr "' " '-' |
 * tr -cd 'A-Za-z0-9-'`. `tr` works on bytes, so only ASCII is lowercased and every
 * non-ASCII character is deleted (JS `toLowerCase` would turn U+212A KELVIN SIGN into `k`).
 * Duplicate headings get the same id; Gemtexter does not number them.
 *
 * @example gemtexterSlug("I can't believe it!") // 'i-can-t-believe-it'
 * @example gemtexterSlug('Über') // 'ber'
 */
export function gemtexterSlug(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 65 && c <= 90) {
			out += String.fromCharCode(c + 32);
		} else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45) {
			out += text[i];
		} else if (c === 39 || c === 32) {
			out += '-';
		}
	}
	return out;
}

const NOT_SLUG_CHAR = /[^\p{L}\p{M}\p{N}\p{Pc} -]/gu;

/**
 * A GitHub-like slug (as github-slugger): trimmed, lowercased, every character that is
 * not a letter, mark, number, connector punctuation, space or `-` removed, each space
 * turned into `-`. Unicode letters are kept (`Über` → `über`). May return `''`; use
 * `createSlugDeduper` to make ids unique within a document.
 *
 * @example geminiSlug('  Hello, World! ') // 'hello-world'
 */
export function geminiSlug(text: string): string {
	return text.trim().toLowerCase().replace(NOT_SLUG_CHAR, '').replaceAll(' ', '-');
}

/**
 * Returns a function that makes slugs unique in call order, like GitHub: the first
 * `x` stays `x`, later ones become `x-1`, `x-2`… (skipping any already taken). An empty
 * slug becomes `section`, since an empty `id` attribute is invalid.
 */
export function createSlugDeduper(): (slug: string) => string {
	const taken = new Set<string>();
	const counts = new Map<string, number>();
	return (slug) => {
		const base = slug === '' ? 'section' : slug;
		let id = base;
		let n = counts.get(base) ?? 0;
		while (taken.has(id)) {
			n++;
			id = `${base}-${n}`;
		}
		counts.set(base, n);
		taken.add(id);
		return id;
	};
}

/** Unique Gemini-style ids of `doc.headings`, index for index. */
export function getGeminiHeadingIds(doc: GemDocument): string[] {
	const dedupe = createSlugDeduper();
	return doc.headings.map((h) => dedupe(geminiSlug(h.content)));
}

/**
 * The ids the rendered HTML of `doc` will carry, each mapped to the 0-based line of the
 * first heading that has it: what a `#fragment` link may point to.
 *
 * For `gemtexter` these are the headings Gemtexter actually writes (`# x` with a space,
 * not the one swallowed right after a list); duplicates collide and the first wins, as
 * in a browser. For `gemini` every spec heading, deduplicated.
 */
export function getHeadingIds(doc: GemDocument, style: PreviewStyle): Map<string, number> {
	const ids = new Map<string, number>();
	if (style === 'gemtexter') {
		for (const b of getGemtexterBlocks(doc)) {
			if (b.kind === 'heading') {
				const id = gemtexterSlug(b.text);
				if (!ids.has(id)) {
					ids.set(id, b.line);
				}
			}
		}
	} else {
		const slugs = getGeminiHeadingIds(doc);
		doc.headings.forEach((h, i) => ids.set(slugs[i], h.line));
	}
	return ids;
}

/**
 * A heading's letters and digits, lower-cased: what stays the same across the id rules
 * sites invent (`B_GET_DEVICE_SIZE`, `b-get-device-size`, `BGetDeviceSize`).
 */
export function looseHeadingKey(text: string): string {
	return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Finds the heading a `#fragment` names: returns its index in `doc.headings`, or -1.
 * `ids` are the headings' ids in `style`, one per heading (see {@link getHeadingIds}).
 *
 * Gemtexter writes ids by a fixed rule, so there only an exact id counts. Gemtext itself
 * has no id rule: each capsule's HTML mirror or proxy makes its own, so in Gemini style a
 * fragment also names a heading whose letters and digits are the same (`#b-get-device-size`
 * names `## B_GET_DEVICE_SIZE`) — a link checker must not cry wolf over a working link.
 *
 * @example createFragmentMatcher(parseGemtext('## B_X\n'), ['b_x'], 'gemini')('b-x') // 0
 */
export function createFragmentMatcher(doc: GemDocument, ids: readonly string[], style: PreviewStyle): (fragment: string) => number {
	const exact = new Map<string, number>();
	ids.forEach((id, i) => {
		if (!exact.has(id)) exact.set(id, i);
	});
	let loose: Map<string, number> | undefined;
	return (fragment) => {
		const hit = exact.get(fragment) ?? exact.get(decodeOrKeep(fragment));
		if (hit !== undefined || style === 'gemtexter') {
			return hit ?? -1;
		}
		loose ??= looseKeys(doc);
		const key = looseHeadingKey(decodeOrKeep(fragment));
		return key ? (loose.get(key) ?? -1) : -1;
	};
}

function looseKeys(doc: GemDocument): Map<string, number> {
	const keys = new Map<string, number>();
	doc.headings.forEach((h, i) => {
		const key = looseHeadingKey(h.content);
		if (key && !keys.has(key)) keys.set(key, i);
	});
	return keys;
}

/**
 * {@link createFragmentMatcher} for a cache that outlives the document: the loose keys are
 * computed now and every kept string is copied, so the matcher holds neither `doc` nor its
 * text (a heading's content and its id may be slices of the whole file's text).
 */
export function createDetachedFragmentMatcher(doc: GemDocument, ids: readonly string[], style: PreviewStyle): (fragment: string) => number {
	const exact = new Map<string, number>();
	ids.forEach((id, i) => {
		const own = ownString(id);
		if (!exact.has(own)) exact.set(own, i);
	});
	const loose = style === 'gemtexter' ? undefined : new Map<string, number>();
	if (loose) {
		doc.headings.forEach((h, i) => {
			const key = looseHeadingKey(h.content);
			if (key && !loose.has(key)) loose.set(ownString(key), i);
		});
	}
	return (fragment) => {
		const hit = exact.get(fragment) ?? exact.get(decodeOrKeep(fragment));
		if (hit !== undefined || !loose) {
			return hit ?? -1;
		}
		const key = looseHeadingKey(decodeOrKeep(fragment));
		return key ? (loose.get(key) ?? -1) : -1;
	};
}

/**
 * The Gemini-style matcher ({@link createFragmentMatcher} with {@link getGeminiHeadingIds}) of a
 * document whose headings' contents are `names`, one per heading in order: what the workspace
 * index keeps of a file, so a link's target need not be read. Answers -1 exactly when that does.
 */
export function createHeadingFragmentMatcher(names: readonly string[]): (fragment: string) => number {
	// Two strings, `\n`-framed, instead of two maps: a capsule pass keeps one per link target.
	const { exact, loose } = headingKeyLists(names);
	const find = (list: string, key: string): number => {
		if (key.includes('\n')) {
			return -1;
		}
		const at = list.indexOf(`\n${key}\n`);
		if (at === -1) {
			return -1;
		}
		let index = 0;
		for (let i = list.indexOf('\n', 1); i !== -1 && i <= at; i = list.indexOf('\n', i + 1)) {
			index++;
		}
		return index;
	};
	return (fragment) => {
		const hit = find(exact, fragment);
		if (hit !== -1) {
			return hit;
		}
		const decoded = decodeOrKeep(fragment);
		const decodedHit = decoded === fragment ? -1 : find(exact, decoded);
		if (decodedHit !== -1) {
			return decodedHit;
		}
		const key = looseHeadingKey(decoded);
		return key ? find(loose, key) : -1;
	};
}

/**
 * The ids and loose keys of headings named `names`, each list `\n`-framed. A function of its
 * own so that the matcher's closure keeps these two strings only: a closure keeps every variable
 * its scope shares with other closures, and the slug deduper's map and set would stay alive
 * with each of 20,000 matchers.
 */
function headingKeyLists(names: readonly string[]): { exact: string; loose: string } {
	const dedupe = createSlugDeduper();
	return {
		exact: `\n${names.map((name) => dedupe(geminiSlug(name))).join('\n')}\n`,
		loose: `\n${names.map(looseHeadingKey).join('\n')}\n`,
	};
}

/**
 * A copy of `s` that does not keep the string it was cut from alive: V8 keeps a slice of 13 or
 * more characters as a view into its parent; a slice of a fresh concatenation only keeps that.
 */
function ownString(s: string): string {
	return s.length < 13 ? s : (' ' + s).slice(1);
}
