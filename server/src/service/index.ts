/**
 * The Gemtext language service: one facade over the pure features, shaped like
 * vscode-markdown-languageservice. Every environment dependency (files, logging,
 * settings) is injected, so the same service runs in the LSP server, the CLI,
 * a web worker and the tests.
 *
 * This module is also the public library bundle (`dist/service.js`).
 */
import { URI, Utils } from 'vscode-uri';
import type { GemDocument, Position, TextSnapshot } from './document';
import { getCodeActions, type CodeAction, type DiagnosticRef } from './codeActions';
import { getCompletions, type CompletionItem } from './completion';
import { getGemtexterDiagnostics } from './diagnostics/gemtexter';
import { getGemfeedDiagnostics } from './gemfeed';
import { getFeedCodeLenses, getFeedEntry, getGemfeedPreview, getGemtexterPageFrame, isInGemfeedFolder, type FeedCodeLens, type FeedEntryInfo, type GemfeedPreview, type GemtexterSiteEnv } from './gemtexterSite';
import { getLinkDiagnostics } from './diagnostics/links';
import { getSyntaxDiagnostics } from './diagnostics/syntax';
import { getHover, type Hover } from './hover';
import { getDefinition, getFileReferences, getReferences, type LinkWorkspaceEnvironment, type Location } from './references';
import { getFileMoveEdits, getHeadingRenameEdits, prepareRename, type FileMove, type RenameTarget } from './rename';
import { getHeadingIds } from './slug';
import { getFoldingRanges } from './folding';
import { getDocumentLinks as computeDocumentLinks } from './links';
import { getOutline } from './outline';
import { parseGemtext } from './parser';
import { getDocumentTitle, renderHtml as renderDocumentHtml, renderHtmlPausing, renderPage } from './render';
import { getGemtexterTitle } from './render/gemtexterLines';
import { TimeSlicer, type YieldNow } from './schedule';
import { getSelectionRanges } from './selection';
import { getTableOfContents, type TocEntry } from './toc';
import type { Diagnostic, DocumentLink, FoldingRange, OutlineSymbol, SelectionRange, WorkspaceEdit } from './types';
import type { GemtextSettings, IFileSystem, ILogger, PreviewStyle } from './workspace';
import {
	CancellationToken,
	decodeText,
	IndexProgress,
	normalizeUri,
	WorkspaceIndex,
	WorkspaceSymbol,
} from './workspaceIndex';

/** What the host gives the service. */
export interface GemtextServiceInit {
	readonly fileSystem: IFileSystem;
	readonly logger: ILogger;
	/** `gemtext.*` settings in the scope of a document (the host may cache them). */
	getSettings(uri: string): GemtextSettings | Promise<GemtextSettings>;
	/** Initial workspace folders (URI strings); change them with `setWorkspaceFolders`. */
	readonly workspaceFolders?: readonly string[];
	/**
	 * Lets the host's event loop run; long runs (diagnostics of a large document) call it
	 * between time slices so other requests are answered meanwhile. Default: a zero timeout.
	 */
	readonly yieldNow?: YieldNow;
}

/** Options of `IGemtextService.renderHtml`. */
export interface RenderRequestOptions {
	/** Overrides `gemtext.preview.style`; `auto` picks Gemtexter when a `gemtexter.conf` is found. */
	readonly style?: 'auto' | PreviewStyle;
	/** A complete standalone page instead of the body only. */
	readonly page?: boolean;
	/** Stamp blocks with `data-line` (scroll sync). */
	readonly lineNumbers?: boolean;
	/** Page only: stylesheet URLs to link. */
	readonly stylesheets?: readonly string[];
	/** Page only: CSS to inline. */
	readonly inlineCss?: string;
	/**
	 * Body only, Gemtexter style: wrap the body in the header and footer Gemtexter adds to the page
	 * (`gemtext.preview.gemtexterPage`), and name the theme's style sheets in the result.
	 */
	readonly gemtexterPage?: boolean;
}

export interface RenderResult {
	readonly html: string;
	/** The style used, after resolving `auto`. */
	readonly style: PreviewStyle;
	/** The document's title (first heading), when it has one. */
	readonly title?: string;
	/** With `gemtexterPage`: the theme's style sheets (URIs) that exist, in cascade order. */
	readonly stylesheets?: readonly string[];
}

/** A file change seen by the host's file watcher. */
export interface FileChange {
	readonly uri: string;
	readonly type: 'created' | 'changed' | 'deleted';
}

export interface IGemtextService {
	/**
	 * The parsed document, shared by every feature: parsed once per (uri, version).
	 * Snapshots with a negative version (read from disk) are not cached.
	 */
	parse(snapshot: TextSnapshot): GemDocument;

	/**
	 * Registers an open document: its text overrides the disk for workspace features
	 * (workspace symbols). Call on open and on every change.
	 */
	setOpenDocument(snapshot: TextSnapshot): void;

	/** The document was closed: drops its cached parse and returns the file to its disk content. */
	forget(uri: string): void;

	/** Replaces the workspace folders (URI strings); the index follows. */
	setWorkspaceFolders(folders: readonly string[]): Promise<void>;

	/**
	 * Builds the workspace index once (later calls return the same promise); `onProgress`
	 * reports files read. Workspace features build it on demand otherwise.
	 */
	buildWorkspaceIndex(onProgress?: IndexProgress): Promise<void>;

	/** Applies file-watcher events: the index is updated, cached `gemtexter.conf` lookups dropped. */
	applyFileChanges(changes: readonly FileChange[]): Promise<void>;

	/**
	 * Reads a document from disk (UTF-8; invalid bytes become U+FFFD) as a snapshot of version -1.
	 * `undefined` when the file cannot be read.
	 */
	readDocument(uri: string): Promise<TextSnapshot | undefined>;

	/**
	 * Heading tree with section ranges (Outline view, breadcrumbs).
	 * @example `# A\n## B` → [A [B]]
	 */
	getOutline(snapshot: TextSnapshot): OutlineSymbol[];

	/** Folding ranges: sections, ``` blocks, runs of list items and quotes. */
	getFoldingRanges(snapshot: TextSnapshot): FoldingRange[];

	/** Smart-select chains (e.g. word → line → block → section → document), one per position. */
	getSelectionRanges(snapshot: TextSnapshot, positions: readonly Position[]): SelectionRange[];

	/**
	 * Clickable link URLs, resolved against the document (`dir/` opens `dir/index.gmi` when present,
	 * `/x.gmi` resolves against the capsule root, external schemes stay as they are).
	 */
	getDocumentLinks(snapshot: TextSnapshot, token?: CancellationToken): Promise<DocumentLink[]>;

	/** Diagnostics of the document under its settings (`gemtext.validate.*`); `[]` when disabled. */
	getDiagnostics(snapshot: TextSnapshot, token?: CancellationToken): Promise<Diagnostic[]>;

	/** Headings of every Gemtext file of the workspace whose text fuzzily contains `query`. */
	getWorkspaceSymbols(query: string, token?: CancellationToken): Promise<WorkspaceSymbol[]>;

	/**
	 * HTML of the document: body, or a full page with `page`. Style `auto` (the default setting)
	 * means Gemtexter when a `gemtexter.conf` exists in the document's folder or a parent
	 * (up to the workspace folder), Gemini otherwise.
	 */
	renderHtml(snapshot: TextSnapshot, options?: RenderRequestOptions): Promise<RenderResult>;

	/** The style `auto` stands for at `uri`. */
	resolveAutoStyle(uri: string): Promise<PreviewStyle>;

	/**
	 * The document's table of contents with the heading ids of `style` (what Gemtexter's
	 * `<< template::inline::toc` lists, with anchors the renderer of that style emits).
	 */
	getTableOfContents(snapshot: TextSnapshot, style: PreviewStyle): TocEntry[];

	/**
	 * The folder absolute-path links (`/x.gmi`) of `uri` resolve against: `gemtext.capsuleRoot`
	 * when set, else the folder holding `gemtexter.conf`, else the workspace folder.
	 */
	getCapsuleRoot(uri: string): Promise<string | undefined>;

	/** Completions in a link URL: paths after `=> `, heading ids after `#` and `file.gmi#`. */
	getCompletions(snapshot: TextSnapshot, position: Position): Promise<CompletionItem[]>;

	/** Hover on a link: target title and existence, heading of a fragment, image preview. */
	getHover(snapshot: TextSnapshot, position: Position): Promise<Hover | undefined>;

	/** Go to definition on a link: the target file, or its heading for `file.gmi#id`. */
	getDefinition(snapshot: TextSnapshot, position: Position): Promise<Location[]>;

	/** References of the heading or link at `position` across the workspace. */
	getReferences(snapshot: TextSnapshot, position: Position, includeDeclaration: boolean, token?: CancellationToken): Promise<Location[]>;

	/** Every link in the workspace to the file or folder `uri` (Explorer: Find File References). */
	getFileReferences(uri: string, token?: CancellationToken): Promise<Location[]>;

	/** The heading text at `position` when it can be renamed. */
	prepareRename(snapshot: TextSnapshot, position: Position): RenameTarget | undefined;

	/** Renames the heading at `position` and the fragment links that use its id. */
	getRenameEdits(snapshot: TextSnapshot, position: Position, newName: string, token?: CancellationToken): Promise<WorkspaceEdit | undefined>;

	/** Link edits for files or folders about to move (computed before the move; keyed by current URIs). */
	getFileMoveEdits(moves: readonly FileMove[], token?: CancellationToken): Promise<WorkspaceEdit>;

	/** Quick fixes for the link (and `markdown.link`) diagnostics the editor passes back. */
	getCodeActions(snapshot: TextSnapshot, diagnostics: readonly DiagnosticRef[]): Promise<CodeAction[]>;

	/**
	 * For a post in a Gemtexter capsule's `gemfeed/` folder: the feed's view of it (the index line
	 * Gemtexter writes, title, date, summary). Undefined elsewhere.
	 */
	getFeedEntry(snapshot: TextSnapshot): Promise<FeedEntryInfo | undefined>;

	/** CodeLenses on a feed post's title: its gemfeed/index.gmi line and its feed summary (see `getFeedEntry`). */
	getFeedCodeLenses(snapshot: TextSnapshot): Promise<FeedCodeLens[]>;

	/**
	 * `gemfeed/index.gmi` and `atom.xml` as Gemtexter will generate them for the capsule of `uri`,
	 * from the posts on disk and open in editors; `now` is the feed's `<updated>`.
	 */
	getGemfeedPreview(uri: string, now?: Date): Promise<GemfeedPreview | undefined>;

	/** Stops background work. */
	dispose(): void;
}

/** Lines checked between looks at the clock: about a millisecond of work. */
const SYNTAX_LINES_PER_STEP = 2000;

/** Parsed documents kept: enough for the open editors of a session, small enough to forget old versions. */
const PARSE_CACHE_SIZE = 32;

const GEMTEXTER_CONF = 'gemtexter.conf';

/**
 * Creates the language service.
 *
 * @example createGemtextService({ fileSystem, logger, getSettings: () => defaultSettings })
 */
export function createGemtextService(init: GemtextServiceInit): IGemtextService {
	return new GemtextService(init);
}

class GemtextService implements IGemtextService {
	readonly #init: GemtextServiceInit;
	readonly #index: WorkspaceIndex;
	/** Insertion order is recency: a hit moves its entry to the end, the first entry is evicted. */
	readonly #parsed = new Map<string, { readonly version: number; readonly doc: GemDocument }>();
	readonly #open = new Map<string, TextSnapshot>();
	/** Folder URI → whether it holds a `gemtexter.conf` (a stat per folder, cached until the watcher says otherwise). */
	readonly #confCache = new Map<string, Promise<boolean>>();

	constructor(init: GemtextServiceInit) {
		this.#init = init;
		this.#index = new WorkspaceIndex({ fileSystem: init.fileSystem, logger: init.logger });
		void this.#index.setFolders(init.workspaceFolders ?? []);
	}

	parse(snapshot: TextSnapshot): GemDocument {
		const key = normalizeUri(snapshot.uri);
		const hit = this.#parsed.get(key);
		if (hit && hit.version === snapshot.version && snapshot.version >= 0) {
			this.#parsed.delete(key);
			this.#parsed.set(key, hit);
			return hit.doc;
		}
		const doc = parseGemtext(snapshot.getText());
		if (snapshot.version >= 0) {
			this.#parsed.delete(key);
			this.#parsed.set(key, { version: snapshot.version, doc });
			if (this.#parsed.size > PARSE_CACHE_SIZE) {
				this.#parsed.delete(this.#parsed.keys().next().value as string);
			}
		}
		return doc;
	}

	setOpenDocument(snapshot: TextSnapshot): void {
		const key = normalizeUri(snapshot.uri);
		this.#open.set(key, snapshot);
		this.#index.setOpenDocument(key, () => this.parse(this.#open.get(key) ?? snapshot));
	}

	forget(uri: string): void {
		const key = normalizeUri(uri);
		this.#parsed.delete(key);
		this.#open.delete(key);
		void this.#index.closeDocument(key);
	}

	setWorkspaceFolders(folders: readonly string[]): Promise<void> {
		this.#confCache.clear();
		return this.#index.setFolders(folders);
	}

	buildWorkspaceIndex(onProgress?: IndexProgress): Promise<void> {
		return this.#index.build(onProgress);
	}

	async applyFileChanges(changes: readonly FileChange[]): Promise<void> {
		if (changes.some((c) => c.uri.endsWith('/' + GEMTEXTER_CONF))) {
			this.#confCache.clear();
		}
		await Promise.all(changes.map((c) => (c.type === 'deleted' ? this.#index.delete(c.uri) : this.#index.update(c.uri))));
	}

	async readDocument(uri: string): Promise<TextSnapshot | undefined> {
		const bytes = await this.#init.fileSystem.readFile(uri);
		if (!bytes) {
			return undefined;
		}
		const text = decodeText(bytes);
		return { uri, version: -1, getText: () => text };
	}

	getOutline(snapshot: TextSnapshot): OutlineSymbol[] {
		return getOutline(this.parse(snapshot));
	}

	getFoldingRanges(snapshot: TextSnapshot): FoldingRange[] {
		return getFoldingRanges(this.parse(snapshot));
	}

	getSelectionRanges(snapshot: TextSnapshot, positions: readonly Position[]): SelectionRange[] {
		return getSelectionRanges(this.parse(snapshot), positions);
	}

	async getDocumentLinks(snapshot: TextSnapshot, token?: CancellationToken): Promise<DocumentLink[]> {
		const doc = this.parse(snapshot);
		const capsuleRoot = await this.getCapsuleRoot(snapshot.uri);
		if (token?.isCancellationRequested) {
			return [];
		}
		return computeDocumentLinks(doc, snapshot.uri, { fileSystem: this.#init.fileSystem, capsuleRoot });
	}

	async getDiagnostics(snapshot: TextSnapshot, token?: CancellationToken): Promise<Diagnostic[]> {
		const settings = await this.#init.getSettings(snapshot.uri);
		if (!settings.validate.enabled || token?.isCancellationRequested) {
			return [];
		}
		const doc = this.parse(snapshot);
		const links = await getLinkDiagnostics(doc, snapshot.uri, settings, this.#linkEnv, token);
		const style = settings.preview.style === 'auto' ? await this.resolveAutoStyle(snapshot.uri) : settings.preview.style;
		const syntax = await this.#syntaxDiagnostics(doc, settings, token);
		if (token?.isCancellationRequested) {
			return [];
		}
		const gemtexter = style === 'gemtexter' ? getGemtexterDiagnostics(doc, settings.validate, snapshot.uri) : [];
		const feed = style === 'gemtexter' ? await this.#feedDiagnostics(snapshot, settings) : [];
		return [...syntax, ...gemtexter, ...feed, ...links];
	}

	/** `gemtexter.feed-*`, `gemtexter.published-*` of a post in `gemfeed/`; a `.gmi` generated from a `.gmi.tpl` beside it is left to its template. */
	async #feedDiagnostics(snapshot: TextSnapshot, settings: GemtextSettings): Promise<Diagnostic[]> {
		const severity = settings.validate.gemtexterCompat;
		if (severity === 'ignore' || !isInGemfeedFolder(snapshot.uri) || !/\.gmi(\.tpl)?$/i.test(snapshot.uri)) {
			return [];
		}
		if (snapshot.uri.endsWith('.gmi') && (await this.#init.fileSystem.stat(snapshot.uri + '.tpl'))?.type === 'file') {
			return [];
		}
		const name = Utils.basename(URI.parse(snapshot.uri));
		return getGemfeedDiagnostics(snapshot.getText(), { uri: snapshot.uri, name, severity });
	}

	/**
	 * Syntax diagnostics in slices of lines with a yield between them: one pass over a 5 MB
	 * document takes long enough to delay other requests noticeably.
	 */
	async #syntaxDiagnostics(doc: GemDocument, settings: GemtextSettings, token: CancellationToken | undefined): Promise<Diagnostic[]> {
		const out: Diagnostic[] = [];
		const slicer = new TimeSlicer(this.#init.yieldNow);
		for (let from = 0; from < doc.lines.length && !token?.isCancellationRequested; from += SYNTAX_LINES_PER_STEP) {
			out.push(...getSyntaxDiagnostics(doc, settings.validate, { from, to: from + SYNTAX_LINES_PER_STEP }));
			await slicer.pause();
		}
		return out;
	}

	getCompletions(snapshot: TextSnapshot, position: Position): Promise<CompletionItem[]> {
		return getCompletions(this.parse(snapshot), snapshot.uri, position, this.#linkEnv);
	}

	getHover(snapshot: TextSnapshot, position: Position): Promise<Hover | undefined> {
		return getHover(this.parse(snapshot), snapshot.uri, position, this.#linkEnv);
	}

	getDefinition(snapshot: TextSnapshot, position: Position): Promise<Location[]> {
		return getDefinition(this.parse(snapshot), snapshot.uri, position, this.#linkEnv);
	}

	getReferences(snapshot: TextSnapshot, position: Position, includeDeclaration: boolean, token?: CancellationToken): Promise<Location[]> {
		return getReferences(this.parse(snapshot), snapshot.uri, position, includeDeclaration, this.#linkEnv, token);
	}

	getFileReferences(uri: string, token?: CancellationToken): Promise<Location[]> {
		return getFileReferences(uri, this.#linkEnv, token);
	}

	prepareRename(snapshot: TextSnapshot, position: Position): RenameTarget | undefined {
		return prepareRename(this.parse(snapshot), position);
	}

	getRenameEdits(snapshot: TextSnapshot, position: Position, newName: string, token?: CancellationToken): Promise<WorkspaceEdit | undefined> {
		return getHeadingRenameEdits(this.parse(snapshot), snapshot.uri, position, newName, this.#linkEnv, token);
	}

	getFileMoveEdits(moves: readonly FileMove[], token?: CancellationToken): Promise<WorkspaceEdit> {
		return getFileMoveEdits(moves, this.#linkEnv, token);
	}

	getCodeActions(snapshot: TextSnapshot, diagnostics: readonly DiagnosticRef[]): Promise<CodeAction[]> {
		return getCodeActions(this.parse(snapshot), snapshot.uri, diagnostics, this.#linkEnv);
	}

	/** The render style of `uri`: the `gemtext.preview.style` setting, `auto` resolved. */
	async #headingStyle(uri: string): Promise<PreviewStyle> {
		const setting = (await this.#init.getSettings(uri)).preview.style;
		return setting === 'auto' ? this.resolveAutoStyle(uri) : setting;
	}

	/** What the link features read through: open documents win over the disk; ids follow the active style. */
	get #linkEnv(): LinkWorkspaceEnvironment {
		return {
			fileSystem: this.#init.fileSystem,
			yieldNow: this.#init.yieldNow,
			getCapsuleRoot: (uri) => this.getCapsuleRoot(uri),
			getDocument: async (uri) => {
				const open = this.#open.get(normalizeUri(uri));
				const snapshot = open ?? (await this.readDocument(uri));
				return snapshot ? this.parse(snapshot) : undefined;
			},
			getHeadingIds: async (doc, uri) => {
				const lines = new Map([...getHeadingIds(doc, await this.#headingStyle(uri))].map(([id, line]) => [line, id]));
				return doc.headings.map((h) => lines.get(h.line) ?? '');
			},
			getHeadingStyle: (uri) => this.#headingStyle(uri),
			getWorkspaceFiles: async () => {
				await this.#index.build();
				await this.#index.whenIdle();
				return this.#index.files();
			},
		};
	}

	async getWorkspaceSymbols(query: string, token?: CancellationToken): Promise<WorkspaceSymbol[]> {
		await this.#index.build();
		await this.#index.whenIdle();
		return this.#index.getSymbols(query, token);
	}

	async renderHtml(snapshot: TextSnapshot, options: RenderRequestOptions = {}): Promise<RenderResult> {
		const doc = this.parse(snapshot);
		const requested = options.style ?? (await this.#init.getSettings(snapshot.uri)).preview.style;
		const style = requested === 'auto' ? await this.resolveAutoStyle(snapshot.uri) : requested;
		const title = getDocumentTitle(doc);
		// In time slices: the preview of a 5 MB document renders for a few hundred milliseconds.
		const slicer = new TimeSlicer(this.#init.yieldNow);
		const body = await renderHtmlPausing(doc, { style, lineNumbers: options.lineNumbers }, () => slicer.pause());
		const html = options.page
			? renderPage(doc, { style, lineNumbers: options.lineNumbers, stylesheets: options.stylesheets, inlineCss: options.inlineCss }, body)
			: body;
		if (options.gemtexterPage && !options.page && style === 'gemtexter') {
			const frame = await getGemtexterPageFrame(this.#siteEnv, snapshot.uri, getGemtexterTitle(doc));
			if (frame) {
				return { html: frame.header + html + frame.footer, style, title, stylesheets: frame.stylesheets };
			}
		}
		return { html, style, title };
	}

	async getFeedEntry(snapshot: TextSnapshot): Promise<FeedEntryInfo | undefined> {
		if (!isInGemfeedFolder(snapshot.uri) || (await this.#headingStyle(snapshot.uri)) !== 'gemtexter') {
			return undefined;
		}
		return getFeedEntry(snapshot.uri, snapshot.getText());
	}

	async getFeedCodeLenses(snapshot: TextSnapshot): Promise<FeedCodeLens[]> {
		const entry = await this.getFeedEntry(snapshot);
		return entry ? getFeedCodeLenses(snapshot.uri, entry) : [];
	}

	getGemfeedPreview(uri: string, now: Date = new Date()): Promise<GemfeedPreview | undefined> {
		return getGemfeedPreview(this.#siteEnv, uri, now);
	}

	/** What the Gemtexter site features read through: open documents win over the disk. */
	get #siteEnv(): GemtexterSiteEnv {
		return {
			fileSystem: this.#init.fileSystem,
			findConfFolder: (uri) => this.#findGemtexterConfFolder(uri),
			getCapsuleRoot: (uri) => this.getCapsuleRoot(uri),
			getOpenText: (uri) => this.#open.get(normalizeUri(uri))?.getText(),
			renderGemtexter: (text) => renderDocumentHtml(parseGemtext(text), { style: 'gemtexter' }),
		};
	}

	getTableOfContents(snapshot: TextSnapshot, style: PreviewStyle): TocEntry[] {
		return getTableOfContents(this.parse(snapshot), style);
	}

	async resolveAutoStyle(uri: string): Promise<PreviewStyle> {
		return (await this.#findGemtexterConfFolder(uri)) !== undefined ? 'gemtexter' : 'gemini';
	}

	async getCapsuleRoot(uri: string): Promise<string | undefined> {
		const folder = this.#workspaceFolderOf(uri);
		const setting = (await this.#init.getSettings(uri)).capsuleRoot;
		if (setting) {
			if (/^[A-Za-z][A-Za-z0-9+.-]+:\/\//.test(setting)) {
				return normalizeUri(setting);
			}
			if (setting.startsWith('/') || /^[A-Za-z]:[\\/]/.test(setting) || setting.startsWith('\\\\')) {
				return URI.file(setting).toString();
			}
			return folder ? Utils.joinPath(URI.parse(folder), setting).toString() : undefined;
		}
		return (await this.#findGemtexterConfFolder(uri)) ?? folder;
	}

	dispose(): void {
		this.#index.dispose();
	}

	/** The innermost workspace folder holding `uri`. */
	#workspaceFolderOf(uri: string): string | undefined {
		const key = normalizeUri(uri);
		let best: string | undefined;
		for (const folder of this.#index.folders) {
			const prefix = folder.endsWith('/') ? folder : folder + '/';
			if (key.startsWith(prefix) && (!best || folder.length > best.length)) {
				best = folder;
			}
		}
		return best;
	}

	/**
	 * The nearest folder, from the document's own up to its workspace folder (or the
	 * file system root outside a workspace), that holds a `gemtexter.conf`.
	 */
	async #findGemtexterConfFolder(uri: string): Promise<string | undefined> {
		let dir: URI;
		try {
			dir = Utils.dirname(URI.parse(normalizeUri(uri)));
		} catch {
			return undefined;
		}
		if (!dir.path.startsWith('/')) {
			return undefined;
		}
		const stop = this.#workspaceFolderOf(uri);
		for (;;) {
			const key = dir.toString();
			let found = this.#confCache.get(key);
			if (!found) {
				found = this.#init.fileSystem.stat(Utils.joinPath(dir, GEMTEXTER_CONF).toString()).then((s) => s?.type === 'file');
				this.#confCache.set(key, found);
			}
			if (await found) {
				return key;
			}
			const parent = Utils.dirname(dir);
			if (key === stop || parent.path === dir.path) {
				return undefined;
			}
			dir = parent;
		}
	}
}

/**
 * Renders Gemtext TEXT to an HTML body: the library entry point of `dist/service.js`.
 *
 * @example renderHtml('# Hi', { style: 'gemini' })
 */
export function renderHtml(text: string, options: { readonly style: PreviewStyle; readonly lineNumbers?: boolean }): string {
	return renderDocumentHtml(parseGemtext(text), options);
}

export type { PageOptions, RenderOptions } from './render';
export type { FeedCodeLens, FeedEntryInfo, GemfeedPreview } from './gemtexterSite';
export type { FeedFields, GemfeedDiagnosticCode } from './gemfeed';
export { getDocumentTitle, getFoldingRanges, getOutline, getSelectionRanges, getTableOfContents, parseGemtext, renderPage };
export type { TocEntry };
export { getDocumentLinks, findDirectoryIndex, resolveLinkTarget } from './links';
export type { LinkEnvironment, LinkTarget } from './links';
export { getSyntaxDiagnostics } from './diagnostics/syntax';
export { getLinkDiagnostics } from './diagnostics/links';
export { getGemtexterDiagnostics } from './diagnostics/gemtexter';
export type { GemtexterDiagnosticCode } from './diagnostics/gemtexter';
export type { LinkCheckEnvironment, LinkDiagnosticCode } from './diagnostics/links';
export type { CodeAction, DiagnosticRef } from './codeActions';
export type { CompletionItem } from './completion';
export type { Hover } from './hover';
export type { LinkWorkspaceEnvironment, Location } from './references';
export type { FileMove, RenameTarget } from './rename';
export { checkUrl } from './urls';
export { decodeText, fuzzyContains, isGemtextFile, WorkspaceIndex } from './workspaceIndex';
export type { CancellationToken, IndexProgress, WorkspaceSymbol } from './workspaceIndex';
export { GemLine, lineEndPosition, positionAt } from './document';
export type { GemDocument, LineType, Position, PreBlock, Range, TextSnapshot } from './document';
export type { Diagnostic, DiagnosticSeverity, DocumentLink, FoldingKind, FoldingRange, OutlineSymbol, SelectionRange, TextEdit, WorkspaceEdit } from './types';
export { defaultSettings } from './workspace';
export type { FileStat, FileType, GemtextSettings, IFileSystem, ILogger, LogLevel, PreviewStyle, SeveritySetting } from './workspace';
