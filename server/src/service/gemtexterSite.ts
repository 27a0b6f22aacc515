/**
 * A Gemtexter site as the service sees it through the injected file system: its configuration
 * (gemtexter.conf, the theme's theme.conf), its gemfeed folder and posts, and the header and footer
 * Gemtexter wraps around every page. Nothing is run; every read is bounded.
 */
import { URI, Utils } from 'vscode-uri';
import type { Range } from './document';
import {
	buildAtomFeed,
	buildGemfeedIndex,
	feedFileName,
	feedIndexLine,
	isFeedPostName,
	readFeedFields,
	type FeedFields,
	type FeedPost,
	type FeedVariables,
} from './gemfeed';
import { escapeHtml } from './render/html';
import { MAX_CONF_SIZE, parseGemtexterConf, readGemtexterVersion, type GemtexterVariables } from './gemtexterConf';
import type { IFileSystem } from './workspace';

/** Posts larger than this are left out of the feed preview (a post is a few kilobytes). */
const MAX_POST_SIZE = 2 * 1024 * 1024;
/** Header and footer parts larger than this are not used. */
const MAX_PART_SIZE = 256 * 1024;
/** At most this many posts are read for one preview. */
const MAX_POSTS = 5000;

/** What the site functions need from the service. */
export interface GemtexterSiteEnv {
	readonly fileSystem: IFileSystem;
	/** The folder holding the `gemtexter.conf` that applies to `uri`, if any. */
	findConfFolder(uri: string): Promise<string | undefined>;
	/** The capsule root of `uri` (`gemtext.capsuleRoot`, else the conf folder, else the workspace folder). */
	getCapsuleRoot(uri: string): Promise<string | undefined>;
	/** The text of an open document at `uri`, if one is open (it wins over the disk). */
	getOpenText(uri: string): string | undefined;
	/** Gemtexter-style body HTML of a Gemtext text (exactly `html::fromgmi`). */
	renderGemtexter(text: string): string;
	/**
	 * The `.gmi` a template generates (helpers expanded; other code only where the user allows
	 * running it, else its placeholder lines): what Gemtexter reads for the feed.
	 */
	expandTemplate(uri: string, text: string): Promise<string>;
}

/** The configuration Gemtexter sources: gemtexter.conf, then `$HTML_THEME_DIR/theme.conf`. */
export interface GemtexterConfig {
	/** The folder of gemtexter.conf, where Gemtexter runs: relative paths in the configuration start here. */
	readonly folder: string;
	readonly vars: GemtexterVariables;
	/** `$GEMTEXTER` (`Gemtexter 3.0.1-develop`) when the `gemtexter` script is beside the configuration. */
	readonly gemtexter: string;
}

function join(base: string, path: string): string {
	if (path.startsWith('/')) {
		return URI.parse(base).with({ path }).toString();
	}
	return Utils.resolvePath(URI.parse(base), path).toString();
}

function dirname(uri: string): string {
	return Utils.dirname(URI.parse(uri)).toString();
}

function basename(uri: string): string {
	return Utils.basename(URI.parse(uri));
}

/** `uri` relative to `folder` (with a leading `/`), or undefined when it is not inside. */
function relativeTo(folder: string, uri: string): string | undefined {
	const base = URI.parse(folder).path.replace(/\/$/, '');
	const path = URI.parse(uri).path;
	return path.startsWith(base + '/') ? path.slice(base.length) : undefined;
}

async function readText(fs: IFileSystem, uri: string, limit: number): Promise<string | undefined> {
	const stat = await fs.stat(uri);
	if (stat?.type !== 'file' || stat.size > limit) {
		return undefined;
	}
	const bytes = await fs.readFile(uri);
	return bytes && bytes.length <= limit ? new TextDecoder('utf-8').decode(bytes) : undefined;
}

/** Reads the configuration that applies to `uri`; undefined outside a Gemtexter capsule. */
export async function loadGemtexterConfig(env: GemtexterSiteEnv, uri: string): Promise<GemtexterConfig | undefined> {
	const folder = await env.findConfFolder(uri);
	if (folder === undefined) {
		return undefined;
	}
	const conf = (await readText(env.fileSystem, join(folder + '/', 'gemtexter.conf'), MAX_CONF_SIZE)) ?? '';
	let vars: GemtexterVariables = parseGemtexterConf(conf);
	const themeDir = vars.get('HTML_THEME_DIR');
	if (themeDir) {
		const theme = await readText(env.fileSystem, join(folder + '/', `${themeDir}/theme.conf`), MAX_CONF_SIZE);
		if (theme !== undefined) {
			vars = parseGemtexterConf(theme, vars);
		}
	}
	const script = await readText(env.fileSystem, join(folder + '/', 'gemtexter'), 1024 * 1024);
	return { folder, vars, gemtexter: (script && readGemtexterVersion(script)) || 'Gemtexter' };
}

/**
 * The folder Gemtexter's content (`$CONTENT_BASE_DIR/gemtext`) is in for `uri`: that folder when it
 * holds `uri`, else the capsule root (a workspace holding only the content, with a gemtexter.conf).
 */
async function contentRoot(env: GemtexterSiteEnv, config: GemtexterConfig | undefined, uri: string): Promise<string | undefined> {
	const base = config?.vars.get('CONTENT_BASE_DIR');
	if (config && base) {
		const gemtext = join(config.folder + '/', `${base}/gemtext`);
		if (relativeTo(gemtext, uri) !== undefined) {
			return gemtext;
		}
	}
	return env.getCapsuleRoot(uri);
}

/** The text of a file: the open document, else the disk (bounded). */
async function textOf(env: GemtexterSiteEnv, uri: string): Promise<string | undefined> {
	return env.getOpenText(uri) ?? readText(env.fileSystem, uri, MAX_POST_SIZE);
}

/** Whether `uri` is in a folder named `gemfeed`, where Gemtexter looks for posts. */
export function isInGemfeedFolder(uri: string): boolean {
	return basename(dirname(uri)) === 'gemfeed';
}

/** The feed entry of one post, as the CodeLens shows it. */
export interface FeedEntryInfo {
	/** The post's `.gmi` name in the feed. */
	readonly name: string;
	/** Whether Gemtexter lists it (name pattern, not a draft). */
	readonly listed: boolean;
	/** The line in gemfeed/index.gmi: `=> ./2025-01-15-x.gmi 2025-01-15 - Title`. */
	readonly indexLine: string;
	readonly fields: FeedFields;
}

/** The feed's view of the post `uri` with text `text`; undefined when it is not in a gemfeed folder or is its index. */
export function getFeedEntry(uri: string, text: string): FeedEntryInfo | undefined {
	const name = basename(uri);
	const gmi = feedFileName(name);
	if (!isInGemfeedFolder(uri) || !gmi.endsWith('.gmi') || gmi === 'index.gmi') {
		return undefined;
	}
	const fields = readFeedFields(text);
	return { name: gmi, listed: isFeedPostName(name), indexLine: feedIndexLine(gmi, fields.title), fields };
}

/** The two files of a feed preview. */
export interface GemfeedPreview {
	/** The gemfeed folder the files belong in. */
	readonly gemfeedUri: string;
	/** `gemfeed/index.gmi` as Gemtexter writes it. */
	readonly indexGmi: string;
	/** `gemfeed/atom.xml` (the Gemini one; Gemtexter's HTML copy swaps `gemini://` for `https://`). */
	readonly atomXml: string;
	/** Posts listed. */
	readonly posts: number;
}

/**
 * The gemfeed folder for `uri`: its own folder when that is `gemfeed/`, else `gemfeed/` in the content root.
 */
async function gemfeedFolderOf(env: GemtexterSiteEnv, config: GemtexterConfig | undefined, uri: string): Promise<string | undefined> {
	if (isInGemfeedFolder(uri)) {
		return dirname(uri);
	}
	const root = await contentRoot(env, config, uri);
	if (root === undefined) {
		return undefined;
	}
	const folder = join(root.replace(/\/?$/, '/'), 'gemfeed');
	return (await env.fileSystem.stat(folder))?.type === 'directory' ? folder : undefined;
}

/** `date --iso-8601=seconds` of `date` in the host's time zone. */
export function formatIsoSeconds(date: Date): string {
	const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
	const offset = -date.getTimezoneOffset();
	const sign = offset >= 0 ? '+' : '-';
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/**
 * `gemfeed/index.gmi` and `atom.xml` as Gemtexter will generate them from the posts on disk and
 * open in editors, for the capsule of `uri`. A post's `.gmi.tpl` is read in place of its `.gmi`
 * (Gemtexter regenerates the `.gmi` from it first). Undefined when there is no gemfeed folder.
 */
export async function getGemfeedPreview(env: GemtexterSiteEnv, uri: string, now: Date): Promise<GemfeedPreview | undefined> {
	const config = await loadGemtexterConfig(env, uri);
	const folder = await gemfeedFolderOf(env, config, uri);
	if (folder === undefined) {
		return undefined;
	}
	const entries = (await env.fileSystem.readDirectory(folder)) ?? [];
	const names = new Set<string>();
	const templates = new Set<string>();
	for (const [name, type] of entries) {
		if (type === 'file' && isFeedPostName(name)) {
			names.add(feedFileName(name));
			if (name.endsWith('.tpl')) templates.add(feedFileName(name));
		}
	}
	const vars = config?.vars ?? new Map<string, string>();
	const maxEntries = Number.parseInt(vars.get('ATOM_MAX_ENTRIES') ?? '', 10);
	const feedVars: FeedVariables = {
		domain: vars.get('DOMAIN') ?? '',
		subtitle: vars.get('SUBTITLE') ?? '',
		author: vars.get('AUTHOR') ?? '',
		email: vars.get('EMAIL') ?? '',
		// Gemtexter's sample configuration sets 42; `head -n` of an unset value would fail.
		maxEntries: Number.isFinite(maxEntries) ? maxEntries : 42,
	};
	const sorted = [...names].sort().reverse().slice(0, MAX_POSTS);
	const posts: FeedPost[] = [];
	const mtimes = new Map<string, string>();
	const dir = folder.replace(/\/?$/, '/');
	for (const name of sorted) {
		const source = join(dir, templates.has(name) ? `${name}.tpl` : name);
		const raw = await textOf(env, source);
		if (raw === undefined) {
			continue;
		}
		// Gemtexter generates the .gmi from its template before the feed reads it.
		const text = templates.has(name) ? await env.expandTemplate(source, raw) : raw;
		const fields = readFeedFields(text);
		// Only the newest ATOM_MAX_ENTRIES posts reach atom.xml: render only theirs.
		const inFeed = posts.length < feedVars.maxEntries;
		const content = inFeed ? env.renderGemtexter(text.split('\n').filter((l) => !l.includes('Go back to the main site')).join('\n')) : '';
		posts.push({ name, fields, contentHtml: content });
		if (inFeed && fields.published === '') {
			const stat = await env.fileSystem.stat(source);
			if (stat && stat.mtime > 0) mtimes.set(name, formatIsoSeconds(new Date(stat.mtime)));
		}
	}
	return {
		gemfeedUri: folder,
		indexGmi: buildGemfeedIndex(posts, feedVars),
		atomXml: buildAtomFeed(posts, feedVars, formatIsoSeconds(now), mtimes),
		posts: posts.length,
	};
}

/** The parts of a published page around its body, for the preview's page mode. */
export interface GemtexterPageFrame {
	/** What header.html.part puts inside `<body>` before the content, variables substituted. */
	readonly header: string;
	/** What footer.html.part puts before `</body>`, variables substituted. */
	readonly footer: string;
	/** The theme's style sheets that exist (HTML_CSS_STYLE, then the section's override), as URIs. */
	readonly stylesheets: readonly string[];
	/** The web fonts Gemtexter copies beside the style sheet (`text.ttf` …), as they exist. */
	readonly fonts: readonly PageFont[];
}

/** A web font of the theme: the name the style sheet loads it by (beside itself), and the file it is. */
export interface PageFont {
	/** `text.ttf`, `heading.ttf`, `code.ttf`, `handnotes.ttf` or `typewriter.ttf`. */
	readonly name: string;
	readonly uri: string;
}

/**
 * What html::theme copies into the HTML output beside style.css, by name: the file each
 * `HTML_WEBFONT_*` variable names (a heading font falls back to the text font).
 */
const WEBFONTS: readonly (readonly [name: string, variables: readonly string[]])[] = [
	['text.ttf', ['HTML_WEBFONT_TEXT']],
	['heading.ttf', ['HTML_WEBFONT_HEADING', 'HTML_WEBFONT_TEXT']],
	['code.ttf', ['HTML_WEBFONT_CODE']],
	['handnotes.ttf', ['HTML_WEBFONT_HANDNOTES']],
	['typewriter.ttf', ['HTML_WEBFONT_TYPEWRITER']],
];

/**
 * Gemtexter's `sed "s|%%NAME%%|$value|g"`: in the replacement `&` stands for the placeholder itself
 * and a backslash escapes the next character, as in sed.
 */
function sedReplacement(value: string, placeholder: string): string {
	return value.replace(/\\(.)|&/g, (_match, escaped: string | undefined) => (escaped !== undefined ? escaped : placeholder));
}

/**
 * The header and footer Gemtexter wraps around the page at `uri` (generate::_to_output_format):
 * HTML_HEADER and HTML_FOOTER from the configuration, with `%%TITLE%%`, `%%DOMAIN%%`,
 * `%%GEMTEXTER%%`, `%%MARKDOWN_BASE_URI%%`, `%%CURRENT_PAGE%%`, `%%STYLESHEET%%`,
 * `%%STYLESHEET_OVERRIDE%%` and `%%SCRIPT%%` substituted; only their `<body>` parts are returned
 * (the preview has its own head). Undefined when the capsule has no readable header or footer.
 * The preview sanitises the markup like any rendered body. `strict` (a page written to disk):
 * the values that come from the document, its title and its path, are HTML-escaped after sed's
 * rules, so that they cannot add markup or attributes to the site's own.
 */
export async function getGemtexterPageFrame(env: GemtexterSiteEnv, uri: string, title: string | undefined, strict = false): Promise<GemtexterPageFrame | undefined> {
	const config = await loadGemtexterConfig(env, uri);
	if (!config) {
		return undefined;
	}
	const base = config.folder.replace(/\/?$/, '/');
	const path = (key: string) => {
		const value = config.vars.get(key);
		return value ? join(base, value) : undefined;
	};
	const headerUri = path('HTML_HEADER');
	const footerUri = path('HTML_FOOTER');
	const header = headerUri ? await readText(env.fileSystem, headerUri, MAX_PART_SIZE) : undefined;
	const footer = footerUri ? await readText(env.fileSystem, footerUri, MAX_PART_SIZE) : undefined;
	if (header === undefined && footer === undefined) {
		return undefined;
	}
	const root = await contentRoot(env, config, uri);
	const page = root ? relativeTo(root, uri.replace(/\.tpl$/, '')) : undefined;
	const currentPage = (page ?? `/${basename(uri).replace(/\.tpl$/, '')}`).replace(/\.gmi$/, '');
	const cssUri = path('HTML_CSS_STYLE');
	const stylesheet = cssUri ? basename(cssUri) : '';
	const nested = currentPage.lastIndexOf('/') > 0;
	const vars: Record<string, string> = {
		TITLE: title || (config.vars.get('SUBTITLE') ?? ''),
		DOMAIN: config.vars.get('DOMAIN') ?? '',
		GEMTEXTER: config.gemtexter,
		MARKDOWN_BASE_URI: config.vars.get('MARKDOWN_BASE_URI') ?? '',
		CURRENT_PAGE: currentPage,
		STYLESHEET: nested ? `../${stylesheet}` : stylesheet,
		STYLESHEET_OVERRIDE: stylesheet.replace('.css', '-override.css'),
		SCRIPT: '',
	};
	const fromDocument = new Set(strict ? ['TITLE', 'CURRENT_PAGE'] : []);
	const substitute = (text: string) => {
		let out = text;
		for (const [name, value] of Object.entries(vars)) {
			const placeholder = `%%${name}%%`;
			const replacement = sedReplacement(value, placeholder);
			out = out.split(placeholder).join(fromDocument.has(name) ? escapeHtml(replacement) : replacement);
		}
		return out;
	};
	const stylesheets: string[] = [];
	if (cssUri && (await env.fileSystem.stat(cssUri))?.type === 'file') {
		stylesheets.push(cssUri);
		// html::theme::styles copies style-<section>-override.css into each top-level section folder.
		const section = nested ? currentPage.split('/')[1] : undefined;
		const themeDir = config.vars.get('HTML_THEME_DIR');
		const override = section && themeDir ? join(base, `${themeDir}/style-${section}-override.css`) : undefined;
		if (override && (await env.fileSystem.stat(override))?.type === 'file') {
			stylesheets.push(override);
		}
	}
	const fonts: PageFont[] = [];
	for (const [name, variables] of stylesheets.length > 0 ? WEBFONTS : []) {
		for (const variable of variables) {
			const fontUri = path(variable);
			if (fontUri && (await env.fileSystem.stat(fontUri))?.type === 'file') {
				fonts.push({ name, uri: fontUri });
				break;
			}
		}
	}
	return {
		header: header === undefined ? '' : afterBody(substitute(header)),
		footer: footer === undefined ? '' : beforeBodyEnd(substitute(footer)),
		stylesheets,
		fonts,
	};
}

/** The part after `<body …>` (all of it when there is none). */
function afterBody(html: string): string {
	const m = /<body\b[^>]*>/i.exec(html);
	return m ? html.slice(m.index + m[0].length).replace(/^\r?\n/, '') : html;
}

/** The part before `</body>` (all of it when there is none). */
function beforeBodyEnd(html: string): string {
	const at = html.search(/<\/body\s*>/i);
	return at >= 0 ? html.slice(0, at) : html;
}

/** A CodeLens the client shows above a line (LSP-shaped, free of LSP imports). */
export interface FeedCodeLens {
	readonly range: Range;
	readonly title: string;
	/** The command a click runs, with its arguments. */
	readonly command: string;
	readonly arguments: readonly unknown[];
}

/** The command the feed lenses run: "Gemtext: Preview Gemfeed" of the post's capsule. */
export const PREVIEW_GEMFEED_COMMAND = 'gemtext.previewGemfeed';

/** Longest summary a lens shows; the rest is elided. */
const LENS_SUMMARY_LENGTH = 120;

/**
 * Lenses on a post's title (or first line): the line Gemtexter writes for it in gemfeed/index.gmi,
 * and the summary its Atom entry gets. A draft or a file the feed does not list says so instead.
 */
export function getFeedCodeLenses(uri: string, entry: FeedEntryInfo): FeedCodeLens[] {
	const line = entry.fields.titleLine ?? 0;
	const range: Range = { start: { line, character: 0 }, end: { line, character: 0 } };
	const lens = (title: string): FeedCodeLens => ({ range, title, command: PREVIEW_GEMFEED_COMMAND, arguments: [uri] });
	if (!entry.listed) {
		const why = entry.name.includes('DRAFT-') ? 'a draft' : 'not named YYYY-MM-DD-….gmi';
		return [lens(`Gemfeed: not listed (${why})`)];
	}
	const summary = entry.fields.summary;
	const shown = summary.length > LENS_SUMMARY_LENGTH ? `${summary.slice(0, LENS_SUMMARY_LENGTH - 1)}…` : summary;
	return [
		lens(`Gemfeed: ${entry.indexLine}`),
		lens(summary === '' ? 'Feed summary: none (Gemtexter stops the Atom feed)'
			: entry.fields.summaryFromQuote ? `Feed summary (the first quote: no line starts with A–Z): ${shown}` : `Feed summary: ${shown}`),
	];
}
