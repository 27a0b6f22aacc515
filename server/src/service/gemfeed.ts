/**
 * Gemtexter's feed, rule by rule as lib/gemfeed.source.sh and lib/atomfeed.source.sh apply them:
 * which files of `gemfeed/` are posts, what each contributes (title, date, summary, content), the
 * `gemfeed/index.gmi` and `atom.xml` Gemtexter writes from them, and the diagnostics of a post that
 * would not reach the feed as its author means. Pure: texts in, texts out.
 *
 * A `.gmi.tpl` post counts as the `.gmi` it generates (its name minus `.tpl`), and its fields are
 * read from the template's own text: lines that template code (`<<`, `<<<`) would produce are not
 * seen, so a title, date or summary printed by template code is reported as missing here.
 *
 * Gemtexter also counts each post's words (`gemfeed::_get_word_count`), but only for its log: the
 * count reaches neither file, so it is not modelled here.
 */
import type { Range } from './document';
import type { Diagnostic, DiagnosticSeverity } from './types';

/** `gemfeed::get_posts`: `ls | grep -F -v DRAFT- | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}-.*\.gmi$'`. */
const POST_NAME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}-.*\.gmi$/;
/** `atomfeed::_entry` reads the date from `head` of the post: its first ten lines. */
export const PUBLISHED_LINES = 10;
/** The date `date --iso-8601=seconds` prints, and any other RFC 3339 date-time Atom accepts. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
/** A line that means to be the date line but that Gemtexter's `/^> Published at /` misses. */
const NEAR_PUBLISHED = /^\s*>\s*published\s*at\b/i;

/** The stable codes of {@link getGemfeedDiagnostics}. */
export type GemfeedDiagnosticCode =
	| 'gemtexter.feed-file-name'
	| 'gemtexter.feed-no-title'
	| 'gemtexter.feed-no-summary'
	| 'gemtexter.feed-xml-unsafe'
	| 'gemtexter.published-missing'
	| 'gemtexter.published-malformed';

/** The `.gmi` name Gemtexter's feed sees for `name` (a template generates its name minus `.tpl`). */
export function feedFileName(name: string): string {
	return name.endsWith('.gmi.tpl') ? name.slice(0, -'.tpl'.length) : name;
}

/** Whether Gemtexter's feed lists a file of `gemfeed/` named `name` (a `.gmi.tpl` as the `.gmi` it generates). */
export function isFeedPostName(name: string): boolean {
	const gmi = feedFileName(name);
	return !gmi.includes('DRAFT-') && POST_NAME.test(gmi);
}

/** `cut -d- -f1,2,3` of the post's name: the date the index line shows. */
export function fileNameDate(name: string): string {
	return feedFileName(name).split('-').slice(0, 3).join('-');
}

/** What one post gives the feed, with where each part comes from (0-based lines). */
export interface FeedFields {
	/** `generate::extract_title`: the first `# ` line minus its marker, `"` turned into `'`; '' when none. */
	readonly title: string;
	readonly titleLine?: number;
	/** The first line starting with A–Z, else the first `>` line minus `>` and spaces; `"` turned into `'`. */
	readonly summary: string;
	readonly summaryLine?: number;
	/** The summary came from the quote fallback (often the `> Published at` line itself). */
	readonly summaryFromQuote: boolean;
	/** `<updated>`: each `> Published at ` line of the first ten, after the last `Published at ` and before the first `;`. */
	readonly published: string;
	/** The `> Published at ` lines of the first ten. */
	readonly publishedLines: readonly number[];
}

/**
 * The lines as sed reads them: split at `\n` (sed also reads a last line without one). The CR of a
 * CRLF line is dropped, as the renderer's title does: it is not what the author means to publish.
 */
function splitLines(text: string): string[] {
	const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
	if (lines.length > 1 && lines[lines.length - 1] === '') {
		lines.pop();
	}
	return lines;
}

/**
 * The feed's reading of a post's text.
 *
 * @example readFeedFields('# Hi\n\n> Published at 2025-01-15T00:16:04+02:00\n\nText.\n').published // '2025-01-15T00:16:04+02:00'
 */
export function readFeedFields(text: string): FeedFields {
	const lines = splitLines(text);
	let title = '';
	let titleLine: number | undefined;
	let summary = '';
	let summaryLine: number | undefined;
	let quoteLine: number | undefined;
	for (let i = 0; i < lines.length && (titleLine === undefined || summaryLine === undefined); i++) {
		const line = lines[i];
		if (titleLine === undefined && line.startsWith('# ')) {
			titleLine = i;
			title = line.slice(2).replace(/"/g, "'");
		}
		if (summaryLine === undefined && /^[A-Z]/.test(line)) {
			summaryLine = i;
			summary = line.replace(/"/g, "'");
		}
		if (quoteLine === undefined && line.startsWith('>')) {
			quoteLine = i;
		}
	}
	let summaryFromQuote = false;
	if (summaryLine === undefined && quoteLine !== undefined) {
		// `sed -n '/^>/ { s/> *//; p; q; }'`: the first quote line wins even when it empties.
		summaryLine = quoteLine;
		summary = lines[quoteLine].replace(/^> */, '').replace(/"/g, "'");
		summaryFromQuote = true;
	}
	const publishedLines: number[] = [];
	const values: string[] = [];
	for (let i = 0; i < Math.min(lines.length, PUBLISHED_LINES); i++) {
		if (lines[i].startsWith('> Published at ')) {
			publishedLines.push(i);
			values.push(publishedValue(lines[i]));
		}
	}
	// `$(…)` drops trailing newlines: empty values at the end vanish, an all-empty result is "no date".
	const published = values.join('\n').replace(/\n+$/, '');
	return { title, titleLine, summary, summaryLine, summaryFromQuote, published, publishedLines };
}

/** Gemtexter's two sed substitutions: all up to the line's last "Published at " goes (greedy), then all from the first ";". */
function publishedValue(line: string): string {
	const at = line.lastIndexOf('Published at ');
	const rest = line.slice(at + 'Published at '.length);
	const semi = rest.indexOf(';');
	return semi < 0 ? rest : rest.slice(0, semi);
}

/** Whether `value` is one RFC 3339 date-time (what Atom's `<updated>` must hold) with valid fields. */
export function isRfc3339(value: string): boolean {
	const m = RFC3339.exec(value);
	if (!m) {
		return false;
	}
	const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
	const offsetOk = m[9] === undefined || (Number(m[9]) < 24 && Number(m[10]) < 60);
	return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 && second <= 60 && offsetOk;
}

/** The line Gemtexter writes for a post in `gemfeed/index.gmi` (and, with `./gemfeed/`, in the main index). */
export function feedIndexLine(name: string, title: string): string {
	const gmi = feedFileName(name);
	return `=> ./${gmi} ${fileNameDate(gmi)} - ${title}`;
}

/** What a post on disk or in an editor gives the feed. */
export interface FeedPost {
	/** The `.gmi` name in `gemfeed/` (a template's name minus `.tpl`). */
	readonly name: string;
	readonly fields: FeedFields;
	/** The Gemtexter-style HTML of the post's text (without its "Go back to the main site" lines): the entry's content. */
	readonly contentHtml: string;
}

/** The variables of the feed, from gemtexter.conf. */
export interface FeedVariables {
	readonly domain: string;
	readonly subtitle: string;
	readonly author: string;
	readonly email: string;
	/** `ATOM_MAX_ENTRIES`: the feed holds the newest this many posts. */
	readonly maxEntries: number;
}

/** Orders post names as `sort -r` does in the C locale (the dated names compare the same in any locale). */
export function sortPostNames<T extends { readonly name: string }>(posts: readonly T[]): T[] {
	return [...posts].sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/**
 * `gemfeed/index.gmi` as `gemfeed::generate` writes it: the heading with the domain, the subtitle,
 * and one link line per post, newest name first.
 */
export function buildGemfeedIndex(posts: readonly FeedPost[], vars: Pick<FeedVariables, 'domain' | 'subtitle'>): string {
	const lines = [`# Gemfeed of ${vars.domain}`, '', `## ${vars.subtitle}`, ''];
	for (const post of sortPostNames(posts)) {
		lines.push(feedIndexLine(post.name, post.fields.title));
	}
	return lines.join('\n') + '\n';
}

/**
 * `atom.xml` as `atomfeed::generate` writes it (before its HTML conversion), for the newest
 * `maxEntries` posts; `updated` is the feed's generation time. Gemtexter interpolates titles,
 * summaries and the configuration without escaping: where that would break the XML (a `<`, a bare
 * `&`, `]]>`, a character XML forbids) this writes the escaped form instead, so the document is
 * always well formed (`gemtexter.feed-xml-unsafe` tells the author). A post without a date gets its
 * file's modification time, as Gemtexter does (`mtimes`, or `updated` when unknown).
 */
export function buildAtomFeed(posts: readonly FeedPost[], vars: FeedVariables, updated: string, mtimes: ReadonlyMap<string, string> = new Map()): string {
	const text = (s: string) => xmlText(s);
	const out = [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<feed xmlns="http://www.w3.org/2005/Atom">',
		`    <updated>${text(updated)}</updated>`,
		`    <title>${text(vars.domain)} feed</title>`,
		`    <subtitle>${text(vars.subtitle)}</subtitle>`,
		`    <link href="gemini://${xmlAttr(vars.domain)}/gemfeed/atom.xml" rel="self" />`,
		`    <link href="gemini://${xmlAttr(vars.domain)}/" />`,
		`    <id>gemini://${text(vars.domain)}/</id>`,
	];
	for (const post of sortPostNames(posts).slice(0, Math.max(0, vars.maxEntries))) {
		const date = post.fields.published || mtimes.get(post.name) || updated;
		// Gemtexter's sed makes `href="./…"` absolute; its HTML quotes attributes with `'`, so it never matches.
		const content = post.contentHtml.replace(/\n+$/, '')
			.replace(/href="\.\//g, `href="https://${vars.domain}/gemfeed/`)
			.replace(/src="\.\//g, `src="https://${vars.domain}/gemfeed/`);
		out.push(
			'    <entry>',
			`        <title>${text(post.fields.title)}</title>`,
			`        <link href="gemini://${xmlAttr(vars.domain)}/gemfeed/${xmlAttr(post.name)}" />`,
			`        <id>gemini://${text(vars.domain)}/gemfeed/${text(post.name)}</id>`,
			`        <updated>${text(date)}</updated>`,
			'        <author>',
			`            <name>${text(vars.author)}</name>`,
			`            <email>${text(vars.email)}</email>`,
			'        </author>',
			`        <summary>${text(post.fields.summary)}</summary>`,
			'        <content type="xhtml">',
			'            <div xmlns="http://www.w3.org/1999/xhtml">',
			`                ${xmlMarkup(content)}`,
			'            </div>',
			'        </content>',
			'    </entry>',
		);
	}
	out.push('</feed>');
	return out.join('\n') + '\n';
}

/** Characters XML 1.0 does not allow anywhere (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F). */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** A reference XML knows: the five predefined entities and character references. */
const XML_REFERENCE = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

/**
 * Text as Gemtexter writes it, where that is well formed: entity and character references stay
 * (Gemtexter's output keeps them too); a bare `&`, any `<` and the `>` of `]]>` are escaped.
 */
export function xmlText(s: string): string {
	return fixReferences(s.replace(XML_FORBIDDEN, '\ufffd'))
		.replace(/</g, '&lt;')
		.replace(/\]\]>/g, ']]&gt;');
}

function xmlAttr(s: string): string {
	return xmlText(s).replace(/"/g, '&quot;');
}

/** Markup (the entry's XHTML) kept as it is, with bare `&`, bad references and forbidden characters fixed. */
function xmlMarkup(s: string): string {
	return fixReferences(s.replace(XML_FORBIDDEN, '\ufffd'));
}

function fixReferences(s: string): string {
	return s.replace(/&/g, (_amp, offset: number) => {
		const ref = XML_REFERENCE.exec(s.slice(offset, offset + 12));
		if (!ref || !isAllowedReference(ref[0])) {
			return '&amp;';
		}
		return '&';
	});
}

function isAllowedReference(ref: string): boolean {
	if (!ref.startsWith('&#')) {
		return true;
	}
	const code = ref[2] === 'x' ? parseInt(ref.slice(3, -1), 16) : parseInt(ref.slice(2, -1), 10);
	return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** Whether Gemtexter's raw interpolation of `s` would make atom.xml malformed. */
function isXmlUnsafe(s: string): boolean {
	return xmlText(s) !== s;
}

/** Where a post lives and what the diagnostics need to know about its neighbours. */
export interface GemfeedPostContext {
	readonly uri: string;
	/** The file's name (`2025-01-15-x.gmi`, `…gmi.tpl`). */
	readonly name: string;
	readonly severity: DiagnosticSeverity;
}

function lineRange(lines: readonly string[], line: number, from = 0, to?: number): Range {
	const text = lines[line] ?? '';
	return { start: { line, character: from }, end: { line, character: to ?? text.length } };
}

/**
 * Diagnostics of a file in a Gemtexter capsule's `gemfeed/` folder: whether Gemtexter's feed picks
 * it up and can read what the index line and the Atom entry need. Codes (stable):
 *
 * - `gemtexter.feed-file-name`: a `.gmi`/`.gmi.tpl` that is not `index.gmi`, not a `DRAFT-`, and not
 *   named `YYYY-MM-DD-….gmi`: the feed never lists it;
 * - `gemtexter.feed-no-title`: no `# ` line: the index line has no title and Gemtexter stops the Atom feed;
 * - `gemtexter.feed-no-summary`: no line starting with A–Z nor a `>` line with text: Gemtexter stops the Atom feed;
 * - `gemtexter.feed-xml-unsafe`: a `<`, a bare `&` or `]]>` in the title or summary, copied raw into atom.xml;
 * - `gemtexter.published-missing`: no `> Published at ` line within the first ten lines: Gemtexter
 *   takes the file's modification time and writes a date line into the post;
 * - `gemtexter.published-malformed`: the date is not an RFC 3339 date-time (`date --iso-8601=seconds`),
 *   or several date lines make `<updated>` hold more than one.
 *
 * Drafts (`DRAFT-` anywhere in the name) and `index.gmi` get none.
 *
 * @example getGemfeedDiagnostics('# T\n\nText\n', { uri, name: '2025-01-15-t.gmi', severity: 'warning' })[0].code // 'gemtexter.published-missing'
 */
export function getGemfeedDiagnostics(text: string, ctx: GemfeedPostContext): Diagnostic[] {
	const gmi = feedFileName(ctx.name);
	if (!/\.gmi$/i.test(gmi) || gmi === 'index.gmi' || gmi.includes('DRAFT-')) {
		return [];
	}
	const lines = splitLines(text);
	const out: Diagnostic[] = [];
	const report = (range: Range, code: GemfeedDiagnosticCode, message: string, related?: Diagnostic['related']) => {
		out.push(related ? { range, severity: ctx.severity, code, message, related } : { range, severity: ctx.severity, code, message });
	};
	const fields = readFeedFields(text);
	const anchor = fields.titleLine ?? 0;
	if (!POST_NAME.test(gmi)) {
		const date = isRfc3339(fields.published) ? fields.published.slice(0, 10) : 'YYYY-MM-DD';
		const suggestion = `${date}-${ctx.name.replace(/^[0-9-]*/, '') || ctx.name}`;
		report(lineRange(lines, anchor), 'gemtexter.feed-file-name',
			`Gemtexter's feed lists only files named YYYY-MM-DD-<name>.gmi: "${gmi}" will be in neither gemfeed/index.gmi nor atom.xml. Rename it, e.g. to "${suggestion}" (or start the name with "DRAFT-" while it is a draft).`);
		return out;
	}
	if (fields.titleLine === undefined) {
		report(lineRange(lines, 0), 'gemtexter.feed-no-title',
			'Gemtexter takes the first "# " heading as the post\'s title: without one, the gemfeed index line has no title and the Atom feed generation stops ("title" must not be empty). Start the post with "# Title".');
	} else if (isXmlUnsafe(fields.title)) {
		report(lineRange(lines, fields.titleLine, 2), 'gemtexter.feed-xml-unsafe',
			`Gemtexter copies the title into atom.xml without escaping it: its ${unsafeWhat(fields.title)} makes the feed invalid XML (xmllint stops the run, other readers reject the feed). Write the title without it.`);
	}
	if (fields.summaryLine === undefined || fields.summary === '') {
		const line = fields.summaryLine ?? anchor;
		report(lineRange(lines, line), 'gemtexter.feed-no-summary',
			'Gemtexter takes the first line starting with a capital letter A–Z (else the first quote) as the feed summary, and this post has none: the Atom feed generation stops ("summary" must not be empty). Add a paragraph starting with a capital letter.');
	} else if (isXmlUnsafe(fields.summary)) {
		report(lineRange(lines, fields.summaryLine), 'gemtexter.feed-xml-unsafe',
			`This line is the post's feed summary, and Gemtexter copies it into atom.xml without escaping it: its ${unsafeWhat(fields.summary)} makes the feed invalid XML. Reword the line, or put a line starting with a capital letter before it.`);
	}
	checkPublished(lines, fields, anchor, ctx, report);
	return out;
}

function unsafeWhat(s: string): string {
	if (s.includes('<')) return '"<"';
	if (s.includes(']]>')) return '"]]>"';
	if (/&/.test(s) && fixReferences(s) !== s) return '"&"';
	return 'control character';
}

type Report = (range: Range, code: GemfeedDiagnosticCode, message: string, related?: Diagnostic['related']) => void;

function checkPublished(lines: readonly string[], fields: FeedFields, anchor: number, ctx: GemfeedPostContext, report: Report): void {
	if (fields.published === '') {
		const where = fields.publishedLines.length > 0 ? fields.publishedLines[0] : undefined;
		const later = lines.findIndex((l, i) => i >= PUBLISHED_LINES && l.startsWith('> Published at '));
		const near = lines.findIndex((l, i) => i < PUBLISHED_LINES && NEAR_PUBLISHED.test(l) && !l.startsWith('> Published at '));
		let why: string;
		let related: Diagnostic['related'];
		if (where !== undefined) {
			why = 'its "> Published at" line has no date';
		} else if (near >= 0) {
			why = `line ${near + 1} is not spelled exactly "> Published at " (one space after ">", capital P), which is what Gemtexter looks for`;
			related = [{ uri: ctx.uri, range: lineRange(lines, near), message: 'The date line Gemtexter does not recognise' }];
		} else if (later >= 0) {
			why = `its "> Published at" line is line ${later + 1}, and Gemtexter reads only the first ${PUBLISHED_LINES} lines`;
			related = [{ uri: ctx.uri, range: lineRange(lines, later), message: 'The date line Gemtexter does not read' }];
		} else {
			why = `none of its first ${PUBLISHED_LINES} lines is "> Published at <date>"`;
		}
		report(lineRange(lines, where ?? anchor), 'gemtexter.published-missing',
			`Gemtexter finds no publishing date in this post: ${why}. It will date the feed entry by the file's modification time and write a "> Published at" line with that time below the title, into the file itself. Add "> Published at 2025-01-15T00:16:04+02:00" (date --iso-8601=seconds) within the first ${PUBLISHED_LINES} lines.`,
			related);
		return;
	}
	const nonEmpty = fields.publishedLines.filter((l) => publishedValue(lines[l]) !== '');
	if (nonEmpty.length > 1) {
		report(lineRange(lines, nonEmpty[1]), 'gemtexter.published-malformed',
			`Gemtexter reads every "> Published at" line of the first ${PUBLISHED_LINES}: with a second one here, the Atom entry's <updated> holds both dates, which no feed reader accepts. Keep one date line.`,
			[{ uri: ctx.uri, range: lineRange(lines, nonEmpty[0]), message: 'The first date line' }]);
		return;
	}
	const line = nonEmpty[0];
	const value = fields.published;
	if (!isRfc3339(value)) {
		const raw = lines[line];
		const from = raw.lastIndexOf('Published at ') + 'Published at '.length;
		report(lineRange(lines, line, from, from + value.length), 'gemtexter.published-malformed',
			`Gemtexter copies "${value}" as it is into the Atom entry's <updated>, which must be an RFC 3339 date-time such as 2025-01-15T00:16:04+02:00 (what "date --iso-8601=seconds" prints): feed readers will reject or misdate the entry.`);
	}
}
