/**
 * The invariants the fuzz suite checks on any text (issue 8, "Fuzzing in CI"). Each check
 * returns the problems it finds as readable strings (empty: the invariant holds), so the
 * short seeded run in the unit suite and the long run of `npm run fuzz` share them.
 *
 * - parse: one type per line, the lines as LSP counts them (`\n`, `\r\n`, lone `\r`), types
 *   as an independent reading of the specification says;
 * - diagnostics, links, outline, folding and selection ranges inside the document, diagnostics
 *   inside their line; the outline a proper tree; folding ranges well formed;
 * - rendering, in both styles: deterministic, and read by parse5 as a browser does, no element
 *   or attribute outside an allow-list and no URL of an unsafe scheme (the Gemini style and
 *   Gemtexter's strict attributes, as pages use them; Gemtexter's byte-faithful body only has
 *   to keep to the element allow-list and stay deterministic);
 * - templates: expanded without running anything, every mapped result on the template's lines.
 */
import { parse, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { applyTextEdits, createGemtextService, formatGemtext, type IGemtextService, parseGemtext, renderPage, type TextSnapshot } from '../../server/src/service';
import { renderHtml } from '../../server/src/service/render';
import type { Diagnostic, FoldingRange, OutlineSymbol, SelectionRange } from '../../server/src/service/types';
import { defaultSettings, type GemtextSettings } from '../../server/src/service/workspace';
import { MemoryFileSystem } from '../unit/memoryFileSystem';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;
interface Pos {
	readonly line: number;
	readonly character: number;
}
interface Rng {
	readonly start: Pos;
	readonly end: Pos;
}

/** Lines as the protocol counts them: `\n`, `\r\n` and a lone `\r` all end one. */
export function protocolLines(text: string): string[] {
	return text.split(/\r\n|\r|\n/);
}

/** The line types of `text` as GEMTEXT.md §1 reads them, written independently of the parser. */
export function specLineTypes(text: string): string[] {
	const lines = protocolLines(text);
	if (lines.length > 0 && lines[lines.length - 1] === '') {
		lines.pop(); // a final break ends the last line; it starts none
	}
	let pre = false;
	return lines.map((raw, i) => {
		const line = i === 0 && raw.startsWith('\ufeff') ? raw.slice(1) : raw;
		if (line.startsWith('```')) {
			pre = !pre;
			return 'preToggle';
		}
		if (pre) return 'preText';
		if (line.startsWith('=>')) return 'link';
		if (line.startsWith('#')) return 'heading';
		if (line.startsWith('* ')) return 'list';
		if (line.startsWith('>')) return 'quote';
		return 'text';
	});
}

/** Problems of the parse: its line types against the specification, and its offsets. */
export function checkParse(text: string): string[] {
	const doc = parseGemtext(text);
	const problems: string[] = [];
	const expected = specLineTypes(text);
	const actual = doc.lines.map((l) => l.type);
	if (expected.length !== actual.length) {
		problems.push(`parse: ${actual.length} lines, the specification reads ${expected.length}`);
	} else {
		const at = expected.findIndex((t, i) => t !== actual[i]);
		if (at >= 0) problems.push(`parse: line ${at} is ${actual[at]}, the specification reads ${expected[at]}`);
	}
	const lines = protocolLines(text);
	let previousEnd = 0;
	for (const l of doc.lines) {
		if (l.start < previousEnd || l.end < l.start || l.end > text.length || l.text !== lines[l.line] || l.contentStart < l.start || l.contentStart > l.end) {
			problems.push(`parse: line ${l.line} spans ${l.start}..${l.end} (content ${l.contentStart}), protocol line ${JSON.stringify(lines[l.line]?.slice(0, 40))}`);
			break;
		}
		if (l.type === 'heading' && (l.level < 1 || l.level > 3)) problems.push(`parse: heading level ${l.level} on line ${l.line}`);
		previousEnd = l.end;
	}
	if (doc.lineCount !== lines.length) problems.push(`parse: lineCount ${doc.lineCount}, the protocol counts ${lines.length}`);
	return problems;
}

function ordered(a: Pos, b: Pos): boolean {
	return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Whether `p` is a position in a document of `lines` (the end of a line included). */
function inDocument(lines: readonly string[], p: Pos): boolean {
	return Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
}

function rangeProblem(what: string, lines: readonly string[], r: Rng): string | undefined {
	if (!inDocument(lines, r.start) || !inDocument(lines, r.end) || !ordered(r.start, r.end)) {
		return `${what} ${JSON.stringify(r)} outside the document (line lengths ${lines.slice(Math.max(0, r.start.line - 1), r.end.line + 2).map((l) => l.length).join(',')})`;
	}
	return undefined;
}

function contains(outer: Rng, inner: Rng): boolean {
	return ordered(outer.start, inner.start) && ordered(inner.end, outer.end);
}

export function checkDiagnostics(lines: readonly string[], diagnostics: readonly Diagnostic[]): string[] {
	const problems: string[] = [];
	for (const d of diagnostics) {
		const p = rangeProblem(`diagnostic ${d.code}`, lines, d.range);
		if (p) problems.push(p);
		// A diagnostic of one line stays on it; those that span lines (an unclosed block, a template's code) are ranges of whole lines.
		if (typeof d.message !== 'string' || d.message === '') problems.push(`diagnostic ${d.code} without message`);
		for (const r of d.related ?? []) {
			const rp = rangeProblem(`related information of ${d.code}`, lines, r.range);
			if (rp && r.uri === undefined) problems.push(rp);
		}
	}
	return problems;
}

/** A proper tree: every range in the document, selection inside range, children inside their parent, in order, deeper. */
export function checkOutline(lines: readonly string[], symbols: readonly OutlineSymbol[]): string[] {
	const problems: string[] = [];
	const walk = (siblings: readonly OutlineSymbol[], parent: OutlineSymbol | undefined): void => {
		let previous: OutlineSymbol | undefined;
		for (const s of siblings) {
			const p = rangeProblem(`outline symbol ${JSON.stringify(s.name)}`, lines, s.range) ?? rangeProblem(`outline selection of ${JSON.stringify(s.name)}`, lines, s.selectionRange);
			if (p) problems.push(p);
			if (!contains(s.range, s.selectionRange)) problems.push(`outline: selection of ${JSON.stringify(s.name)} outside its range`);
			if (parent && !contains(parent.range, s.range)) problems.push(`outline: ${JSON.stringify(s.name)} outside its parent ${JSON.stringify(parent.name)}`);
			if (parent && s.kind !== 'template-output' && parent.kind !== 'template-output' && s.level <= parent.level) problems.push(`outline: ${JSON.stringify(s.name)} (level ${s.level}) under level ${parent.level}`);
			if (previous && !ordered(previous.range.end, s.range.start) && !ordered(previous.range.start, s.range.start)) problems.push(`outline: ${JSON.stringify(s.name)} before its previous sibling`);
			if (previous && !ordered(previous.selectionRange.end, s.selectionRange.start)) problems.push(`outline: ${JSON.stringify(s.name)} overlaps its previous sibling`);
			walk(s.children, s);
			previous = s;
		}
	};
	walk(symbols, undefined);
	return problems;
}

export function checkFolding(lines: readonly string[], ranges: readonly FoldingRange[]): string[] {
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const r of ranges) {
		if (!Number.isInteger(r.startLine) || !Number.isInteger(r.endLine) || r.startLine < 0 || r.endLine >= lines.length || r.startLine >= r.endLine) {
			problems.push(`folding range ${r.startLine}..${r.endLine} not well formed in ${lines.length} lines`);
		}
		if (r.kind !== undefined && !['region', 'comment', 'imports'].includes(r.kind)) problems.push(`folding range of kind ${r.kind}`);
		const key = `${r.startLine}:${r.endLine}`;
		if (seen.has(key)) problems.push(`folding range ${key} twice`);
		seen.add(key);
	}
	return problems;
}

export function checkSelection(lines: readonly string[], chains: readonly SelectionRange[]): string[] {
	const problems: string[] = [];
	for (const chain of chains) {
		for (let s: SelectionRange | undefined = chain; s; s = s.parent) {
			const p = rangeProblem('selection range', lines, s.range);
			if (p) problems.push(p);
			if (s.parent && !contains(s.parent.range, s.range)) problems.push(`selection range ${JSON.stringify(s.range)} not inside its parent ${JSON.stringify(s.parent.range)}`);
		}
	}
	return problems;
}

/** Elements and attributes the renderers write; anything else came from a document. */
const ALLOWED_ELEMENTS = new Set(['h1', 'h2', 'h3', 'p', 'a', 'ul', 'li', 'blockquote', 'pre', 'br', 'span', 'img', 'code']);
const ALLOWED_ATTRIBUTES = new Set(['id', 'class', 'href', 'src', 'alt', 'title', 'rel', 'style', 'data-line', 'data-lang', 'aria-label']);
const PAGE_ELEMENTS = new Set(['html', 'head', 'body', 'title', 'meta', 'link', 'style', 'main']);
const PAGE_ATTRIBUTES = new Set(['lang', 'xml:lang', 'xmlns', 'charset', 'name', 'content', 'http-equiv', 'rel', 'href']);
const URL_ATTRIBUTES = new Set(['href', 'src']);
const VOID = new Set(['br', 'img', 'meta', 'link']);
/** Parse errors about characters of the document's own text (controls, noncharacters), not about markup. */
const TEXT_ERRORS = new Set(['noncharacter-in-input-stream', 'control-character-in-input-stream', 'unexpected-null-character', 'surrogate-in-input-stream']);
/** Schemes a browser runs code or loads a document of the link's own making from. */
const UNSAFE_SCHEMES = new Set(['javascript', 'vbscript', 'data', 'blob', 'livescript', 'mocha']);

function scheme(value: string): string | undefined {
	const url = value.replace(/[\t\n\r]/g, '').replace(/^[\0- ]+|[\0- ]+$/g, '');
	return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1].toLowerCase();
}

function elementsOf(node: Node, out: Element[] = []): Element[] {
	if ('tagName' in node) out.push(node);
	if ('childNodes' in node) for (const c of node.childNodes) elementsOf(c, out);
	if ('content' in node) elementsOf(node.content, out);
	return out;
}

/** Problems of rendered HTML as a browser reads it. `attributes`: check attribute names and URL schemes too. */
export function checkHtml(what: string, html: string, options: { readonly attributes: boolean; readonly page?: boolean; readonly wellFormed?: boolean }): string[] {
	const problems: string[] = [];
	const errors: string[] = [];
	// What a browser reads is UTF-8, where a lone surrogate is U+FFFD (parse5 miscounts two in a row).
	const wellFormed = html.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
	const parseOptions = { sourceCodeLocationInfo: options.wellFormed === true, onParseError: options.wellFormed ? (e: { code: string; startOffset: number }) => void (TEXT_ERRORS.has(e.code) || errors.push(`${e.code} at ${e.startOffset}`)) : undefined };
	const tree = options.page ? parse(wellFormed, parseOptions) : parseFragment(wellFormed, parseOptions);
	if (errors.length) problems.push(`${what}: not well formed: ${errors.slice(0, 3).join(', ')}`);
	const all = elementsOf(tree);
	if (options.wellFormed && !options.page) {
		// Nothing dropped or invented by error recovery: as many elements as start tags, end tags as non-void elements.
		const starts = (html.match(/<[a-zA-Z]/g) ?? []).length;
		const ends = (html.match(/<\//g) ?? []).length;
		if (starts !== all.length || ends !== all.filter((el) => !VOID.has(el.tagName)).length) {
			problems.push(`${what}: not well formed: ${starts} start tags and ${ends} end tags for ${all.length} elements`);
		}
	}
	for (const el of all) {
		if (!ALLOWED_ELEMENTS.has(el.tagName) && !(options.page && PAGE_ELEMENTS.has(el.tagName))) {
			problems.push(`${what}: element <${el.tagName}>`);
		}
		if (options.wellFormed && !VOID.has(el.tagName) && !el.sourceCodeLocation?.endTag) {
			problems.push(`${what}: <${el.tagName}> not closed by its own end tag`);
		}
		if (!options.attributes) continue;
		for (const a of el.attrs) {
			const name = a.prefix ? `${a.prefix}:${a.name}` : a.name;
			if (!ALLOWED_ATTRIBUTES.has(name) && !(options.page && PAGE_ATTRIBUTES.has(name))) {
				problems.push(`${what}: attribute ${name}=${JSON.stringify(a.value.slice(0, 40))} on <${el.tagName}>`);
			}
			const s = URL_ATTRIBUTES.has(name) ? scheme(a.value) : undefined;
			if (s !== undefined && UNSAFE_SCHEMES.has(s)) {
				problems.push(`${what}: ${name} of scheme ${s}: on <${el.tagName}>`);
			}
		}
	}
	return problems;
}

/** Render variants checked: the Gemini style, Gemtexter's byte-faithful body, and Gemtexter with strict attributes (as pages use it). */
const RENDER_VARIANTS = [
	{ style: 'gemini', lineNumbers: true, strictAttributes: false },
	{ style: 'gemtexter', lineNumbers: false, strictAttributes: false },
	{ style: 'gemtexter', lineNumbers: true, strictAttributes: true },
] as const;

/** Rendering of `text` in both styles, twice each: deterministic, and safe by the allow-lists. */
export function checkRender(text: string): string[] {
	const problems: string[] = [];
	for (const options of RENDER_VARIANTS) {
		const first = renderHtml(parseGemtext(text), options);
		const second = renderHtml(parseGemtext(text), options);
		const what = `render ${JSON.stringify(options)}`;
		if (first !== second) problems.push(`${what}: not deterministic`);
		// Gemtexter's own body is byte-faithful, broken markup included (issue 8, item 6): its
		// elements are still the renderer's, its attribute names need not be.
		problems.push(...checkHtml(what, first, { attributes: options.style === 'gemini' || options.strictAttributes, wellFormed: options.style === 'gemini' }));
	}
	for (const style of ['gemini', 'gemtexter'] as const) {
		const page = renderPage(parseGemtext(text), { style });
		if (page !== renderPage(parseGemtext(text), { style })) problems.push(`page ${style}: not deterministic`);
		problems.push(...checkHtml(`page ${style}`, page, { attributes: true, page: true, wellFormed: style === 'gemini' }));
	}
	return problems;
}

/** A service in the given style, with no template runner: nothing a template holds can run. */
export function fuzzService(style: GemtextSettings['preview']['style']): IGemtextService {
	const settings: GemtextSettings = {
		...defaultSettings,
		preview: { ...defaultSettings.preview, style },
		validate: { ...defaultSettings.validate, markdownSyntax: 'warning', leadingWhitespace: 'warning' },
		templates: { ...defaultSettings.templates, run: 'trusted' },
	};
	return createGemtextService({
		fileSystem: new MemoryFileSystem({ '/ws/index.gmi': '# Home\n', '/ws/a.gmi': '# A\n## x\n', '/ws/dir/x.gmi': '# x\n' }),
		logger: { log: () => undefined },
		getSettings: () => settings,
		workspaceFolders: ['file:///ws'],
		yieldNow: () => Promise.resolve(),
	});
}

let version = 0;

/**
 * Every service feature on `text` as document `name` (a `.gmi`, or a `.gmi.tpl` template),
 * checked against the document's protocol lines.
 */
export async function checkFeatures(service: IGemtextService, name: string, text: string): Promise<string[]> {
	const snapshot: TextSnapshot = { uri: `file:///ws/${name}`, version: ++version, getText: () => text };
	const lines = protocolLines(text);
	const problems: string[] = [];
	problems.push(...checkDiagnostics(lines, await service.getDiagnostics(snapshot)));
	problems.push(...checkOutline(lines, await service.getOutline(snapshot)));
	problems.push(...checkFolding(lines, await service.getFoldingRanges(snapshot)));
	for (const link of await service.getDocumentLinks(snapshot)) {
		const p = rangeProblem(`document link to ${link.target}`, lines, link.range);
		if (p) problems.push(p);
	}
	const positions = [{ line: 0, character: 0 }, { line: lines.length - 1, character: lines[lines.length - 1].length }, { line: lines.length >> 1, character: 1 }].filter((p) => inDocument(lines, p));
	problems.push(...checkSelection(lines, await service.getSelectionRanges(snapshot, positions)));
	if (!name.endsWith('.tpl')) {
		// A document's renders are checked by checkRender; a template's go through its expansion here.
		service.forget(snapshot.uri);
		return problems;
	}
	const render = await service.renderHtml(snapshot, { lineNumbers: true });
	const again = await service.renderHtml(snapshot, { lineNumbers: true });
	if (render.html !== again.html) problems.push('service render: not deterministic');
	problems.push(...checkHtml(`service render ${render.style}`, render.html, { attributes: render.style === 'gemini' }));
	const page = await service.renderHtml(snapshot, { page: true });
	problems.push(...checkHtml(`service page ${page.style}`, page.html, { attributes: true, page: true }));
	for (const m of render.html.matchAll(/data-line="(\d+)"/g)) {
		if (Number(m[1]) >= lines.length) {
			problems.push(`render: data-line ${m[1]} past the last line ${lines.length - 1}`);
			break;
		}
	}
	service.forget(snapshot.uri);
	return problems;
}

/** Template-only checks: expansion never runs anything without a runner, and its problems lie on the template's lines. */
export async function checkTemplate(service: IGemtextService, text: string): Promise<string[]> {
	const snapshot: TextSnapshot = { uri: `file:///ws/t${++version}.gmi.tpl`, version, getText: () => text };
	const problems: string[] = [];
	const expansion = await service.expandTemplate(snapshot, { run: true });
	if (expansion.hasCode && expansion.complete) problems.push('template: code reported as run, but there is no runner');
	// The editor's lines: LF, CRLF and a lone CR each end one.
	const templateLines = text.split(/\r\n|\r|\n/).length;
	for (const p of [...expansion.notRun, ...expansion.problems]) {
		if (p.line < 0 || p.endLine < p.line || p.endLine >= templateLines) problems.push(`template: lines ${p.line}..${p.endLine} outside the template's ${templateLines}`);
	}
	problems.push(...(await checkFeatures(service, `t${version}.gmi.tpl`, text)));
	return problems;
}

/** Everything for one Gemtext document. */
export async function checkDocument(service: IGemtextService, text: string): Promise<string[]> {
	return [...checkParse(text), ...checkRender(text), ...(await checkFeatures(service, 'fuzz.gmi', text))];
}

/**
 * The formatter (issue 9): idempotent (formatting the formatted text changes nothing), lossless
 * (only spaces, tabs and line breaks change) and never touching a preformatted line, in both
 * heading-id styles; a template's code lines are left as they are too.
 */
export function checkFormat(text: string, template = false): string[] {
	const problems: string[] = [];
	const strip = (s: string): string => s.replace(/[ \t\r\n]/g, '');
	const preLines = (s: string): string => parseGemtext(s).lines.filter((l) => l.type === 'preText').map((l) => l.text).join('\n');
	for (const style of ['gemini', 'gemtexter'] as const) {
		const options = { maxBlankLines: 2, style, template };
		let once: string;
		let twice: string;
		try {
			once = applyTextEdits(text, formatGemtext(parseGemtext(text), options));
			twice = applyTextEdits(once, formatGemtext(parseGemtext(once), options));
		} catch (e) {
			problems.push(`format (${style}) threw: ${e instanceof Error ? e.message : String(e)}`);
			continue;
		}
		if (twice !== once) problems.push(`format (${style}) is not idempotent: ${JSON.stringify(once)} → ${JSON.stringify(twice)}`);
		if (strip(once) !== strip(text)) problems.push(`format (${style}) changed more than whitespace: ${JSON.stringify(once)}`);
		if (!template && preLines(once) !== preLines(text)) problems.push(`format (${style}) changed a preformatted line`);
	}
	return problems;
}
