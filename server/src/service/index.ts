/**
 * The Gemtext language service: one facade over the pure features, shaped like
 * vscode-markdown-languageservice. Every environment dependency (files, logging,
 * settings) is injected, so the same service runs in the LSP server, the CLI,
 * a web worker and the tests.
 *
 * This module is also the public library bundle (`dist/service.js`).
 */
import { URI, Utils } from 'vscode-uri';
import { findCapsuleRoot, findMarkedFolder, folderOf, GEMTEXTER_CONF } from './capsuleRoot';
import type { GemDocument, Position, Range, TextSnapshot } from './document';
import { mergeSafeFixes, safeDiagnostics, type FixAllResult } from './fixAll';
import { formatGemtext } from './format';
import { getCodeActions, type CodeAction, type DiagnosticRef } from './codeActions';
import { getCompletions, type CompletionItem } from './completion';
import { getUrlPasteEdit, type UrlPasteEdit } from './pasteLink';
import { isCanonicalUri } from './canonicalUri';
import { hasListedFile, isGemtextFile, normalizeUri } from './linkTargets';
import { getGemtexterDiagnostics } from './diagnostics/gemtexter';
import { getGemfeedDiagnostics } from './gemfeed';
import { getFeedCodeLenses, getFeedEntry, getGemfeedPreview, getGemtexterPageFrame, isInGemfeedFolder, type FeedCodeLens, type FeedEntryInfo, type GemfeedPreview, type GemtexterSiteEnv, type PageFont } from './gemtexterSite';
import { getLinkDiagnostics, LinkCheckBatch } from './diagnostics/links';
import { getSyntaxDiagnostics } from './diagnostics/syntax';
import { getHover, type Hover } from './hover';
import { getDefinition, getDependents, getFileReferences, getReferences, type LinkWorkspaceEnvironment, type Location } from './references';
import { getFileMoveEdits, getHeadingRenameEdits, prepareRename, type FileMove, type RenameTarget } from './rename';
import { getHeadingIds } from './slug';
import { getFoldingRanges } from './folding';
import { getDocumentLinks as computeDocumentLinks } from './links';
import { lineEndPosition } from './document';
import { getOutline } from './outline';
import { collectRemoteLinks, CountingChecker, getRemoteLinkDiagnostics, type IRemoteChecker, type RemoteCancellation, type RemoteDiagnosticsResult } from './remote';
import { getWordCount as countWords, type WordCount } from './wordCount';
import { parseGemtext, reparseGemtext } from './parser';
import { getDocumentTitle, renderHtml as renderDocumentHtml, renderHtmlPausing, renderPage } from './render';
import { getGemtexterTitle } from './render/gemtexterLines';
import { TimeSlicer, type YieldNow } from './schedule';
import { getSelectionRanges } from './selection';
import { findTableOfContents, getTableOfContents, TOC_HEADING, type TocEntry } from './toc';
import {
	addPlaceholderSymbols,
	mapDiagnostics,
	mapDocumentLinks,
	mapFoldingRanges,
	mapOutline,
	mapSelectionRange,
	templateProblemDiagnostics,
} from './templates/mapResults';
import {
	expandTemplate,
	expandToc,
	gemtexterHeadingLines,
	generatedFileOf,
	isTemplateFile,
	templateFileOf,
	templateFolder,
	TemplateSourceMap,
	type TemplateExpansion,
	type TemplateRunner,
} from './templates';
import type { CancellationToken, Diagnostic, DocumentLink, FoldingRange, OutlineSymbol, SelectionRange, TextEdit, WorkspaceEdit } from './types';
import { decodeText, DEFAULT_MAX_FILE_SIZE, type GemtextSettings, type IFileSystem, type ILogger, maxFileSize, type PreviewStyle } from './workspace';
import {
	IndexProgress,
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
	/**
	 * Runs template code other than Gemtexter's helpers (Bash), when `gemtext.templates.run`
	 * allows it. Hosts that cannot or must not run code (a web worker) give none.
	 */
	readonly templateRunner?: TemplateRunner;
	/**
	 * Creates the checker of remote links (`gemini:`, `http(s):`), the only thing that touches the
	 * network (server/src/remote/ on Node). Called the first time a check is actually wanted, so
	 * while remote checks are off it is never created. Hosts without network access give none.
	 */
	readonly createRemoteChecker?: () => IRemoteChecker;
}

/** Options of `IGemtextService.getRemoteLinkDiagnostics`. */
export interface RemoteDiagnosticsOptions {
	readonly token?: RemoteCancellation;
	/** Only results the checker already holds (no traffic); the result's `complete` says whether any is missing. */
	readonly cachedOnly?: boolean;
	/** Check even when `gemtext.validate.remoteLinks` is off: an explicit request is the user's consent. */
	readonly force?: boolean;
	/** The pass over many documents this check belongs to (`createRemoteCheckBatch`), which counts for progress. */
	readonly batch?: RemoteCheckBatch;
}

/** One pass of remote checks over many documents (see `IGemtextService.createRemoteCheckBatch`). */
export type RemoteCheckBatch = CountingChecker;

/** A template's expansion: what Gemtexter would generate from it, right now. */
export interface TemplateExpansionResult {
	/** The generated `.gmi` (placeholders stand for code that was not run). */
	readonly text: string;
	/** Whether `text` is exactly Gemtexter's output (all code ran, or there was none but the helpers). */
	readonly complete: boolean;
	/** The template has code other than the helpers. */
	readonly hasCode: boolean;
	/** Template lines of code that was not run. */
	readonly notRun: readonly { readonly line: number; readonly endLine: number; readonly code: string }[];
	/** Problems found while expanding (`template.*` codes), on template lines. */
	readonly problems: readonly { readonly code: string; readonly line: number; readonly endLine: number; readonly message: string }[];
}

/** Options of `IGemtextService.expandTemplate`. */
export interface ExpandTemplateOptions {
	/** Run code other than the helpers with the host's runner, whatever the setting says (the CLI's `--run`). */
	readonly run?: boolean;
	readonly token?: CancellationToken;
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
	 * Gemtexter style: wrap the body in the header and footer Gemtexter adds to the page
	 * (`gemtext.preview.gemtexterPage`), and name the theme's style sheets and fonts in the result.
	 * With `page` (Export), inside the page's skeleton, the document's title and path escaped there.
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
	/** With `gemtexterPage`: the web fonts the style sheets load from beside themselves (see `PageFont`). */
	readonly fonts?: readonly PageFont[];
}

/** What the documents of one diagnostics pass share (see `IGemtextService.createDiagnosticsBatch`). */
export type DiagnosticsBatch = LinkCheckBatch;

/** A file change seen by the host's file watcher. */
/** What a formatting request adds to the settings (LSP `FormattingOptions` and the range). */
export interface FormattingRequestOptions {
	readonly range?: Range;
	/** VS Code's `files.trimFinalNewlines`: drop every blank line at the end. */
	readonly trimFinalNewlines?: boolean;
	/** Line break to write everywhere; undefined keeps the document's. */
	readonly eol?: '\n' | '\r\n';
}

export interface FileChange {
	readonly uri: string;
	readonly type: 'created' | 'changed' | 'deleted';
}

export interface IGemtextService {
	/**
	 * The parsed document, shared by every feature: parsed once per (uri, version), and when
	 * the snapshot reports what changed since the version parsed before (`changesSince`), only
	 * the lines that changed are parsed again (`reparseGemtext`, the same result as a full parse).
	 * Snapshots with a negative version (read from disk) are not cached. A template
	 * (`*.gmi.tpl`) is parsed as it is, so positions are the template's own; features that
	 * show the page (outline, folding, links, diagnostics, preview) work on its expansion.
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

	/** The workspace folders (URI strings, normalized). */
	getWorkspaceFolders(): readonly string[];

	/** Every Gemtext file and template of the workspace (open documents included), once the index is built. */
	getWorkspaceFiles(): Promise<readonly string[]>;

	/**
	 * Workspace files that link to `uri` (or into it, for a folder): those whose link diagnostics
	 * change when `uri` is created, deleted or edited. From the index, without reading files.
	 */
	getDependents(uri: string, token?: CancellationToken): Promise<string[]>;

	/** Applies file-watcher events: the index is updated, cached `gemtexter.conf` lookups dropped. */
	applyFileChanges(changes: readonly FileChange[]): Promise<void>;

	/**
	 * Reads a document from disk (UTF-8; invalid bytes become U+FFFD) as a snapshot of version -1.
	 * `undefined` when the file cannot be read, is no regular file or is larger than
	 * `gemtext.files.maxSizeMB` (`describeReadFailure` says which).
	 */
	readDocument(uri: string): Promise<TextSnapshot | undefined>;

	/** Why `readDocument(uri)` gave nothing, for the user: `it does not exist`, `permission denied`, … */
	describeReadFailure(uri: string): Promise<string>;

	/**
	 * Heading tree with section ranges (Outline view, breadcrumbs).
	 * @example `# A\n## B` → [A [B]]
	 */
	getOutline(snapshot: TextSnapshot): Promise<OutlineSymbol[]>;

	/** Folding ranges: sections, ``` blocks, runs of list items and quotes. */
	getFoldingRanges(snapshot: TextSnapshot): Promise<FoldingRange[]>;

	/** Smart-select chains (e.g. word → line → block → section → document), one per position. */
	getSelectionRanges(snapshot: TextSnapshot, positions: readonly Position[]): Promise<SelectionRange[]>;

	/**
	 * Clickable link URLs, resolved against the document (`dir/` opens `dir/index.gmi` when present,
	 * `/x.gmi` resolves against the capsule root, external schemes stay as they are).
	 */
	getDocumentLinks(snapshot: TextSnapshot, token?: CancellationToken): Promise<DocumentLink[]>;

	/**
	 * Diagnostics of the document under its settings (`gemtext.validate.*`); `[]` when disabled.
	 * `batch` (from `createDiagnosticsBatch`) shares folder listings and link targets' headings
	 * between the documents of one pass over many files.
	 */
	getDiagnostics(snapshot: TextSnapshot, token?: CancellationToken, batch?: DiagnosticsBatch): Promise<Diagnostic[]>;

	/** What one pass over many files (Check Capsule) shares; make a new one per pass, as it does not see files change. */
	createDiagnosticsBatch(): DiagnosticsBatch;

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
	getTableOfContents(snapshot: TextSnapshot, style: PreviewStyle): Promise<TocEntry[]>;

	/**
	 * The folder absolute-path links (`/x.gmi`) of `uri` resolve against: `gemtext.capsuleRoot`
	 * when set, else the nearest folder holding `gemtexter.conf`, else the workspace folder
	 * (the one rule of capsuleRoot.ts, described in docs/gemtext.md).
	 */
	getCapsuleRoot(uri: string): Promise<string | undefined>;

	/** Completions in a link URL: paths after `=> `, heading ids after `#` and `file.gmi#`. */
	getCompletions(snapshot: TextSnapshot, position: Position): Promise<CompletionItem[]>;

	/** What pasting `clipboard` over `selection` does when it is a URL (`=> url selection`), `undefined` for a plain paste. */
	getUrlPasteEdit(snapshot: TextSnapshot, selection: Range, clipboard: string): UrlPasteEdit | undefined;

	/** The title (first heading) of each Gemtext file, `undefined` when it has none or cannot be read. */
	getDocumentTitles(uris: readonly string[]): Promise<(string | undefined)[]>;

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

	/**
	 * The `.gmi` a template (`*.gmi.tpl`) generates, as Gemtexter's `--template` step writes it.
	 * The helpers `template::inline::toc`, `index` and `rindex` are expanded here; other code
	 * runs only through the host's runner, when `gemtext.templates.run` or `options.run` allows.
	 */
	expandTemplate(snapshot: TextSnapshot, options?: ExpandTemplateOptions): Promise<TemplateExpansionResult>;

	/**
	 * The edit that inserts or updates the table of contents: in a `.gmi`, the block
	 * `template::inline::toc` would print (an existing block is replaced, nothing else);
	 * in a template, a `<< template::inline::toc` line. `insertAt` is where a new one goes;
	 * without it only an existing table is updated. `undefined` when there is nothing to do.
	 */
	getTableOfContentsEdit(snapshot: TextSnapshot, insertAt?: Position): Promise<TextEdit | undefined>;

	/**
	 * Words outside preformatted blocks, as Gemtexter counts a post's words (`wc -w`), and the
	 * reading time; a template counts the page it generates.
	 */
	getWordCount(snapshot: TextSnapshot): Promise<WordCount>;

	/** Quick fixes for the link (and `markdown.link`) diagnostics the editor passes back. */
	getCodeActions(snapshot: TextSnapshot, diagnostics: readonly DiagnosticRef[]): Promise<CodeAction[]>;

	/**
	 * Every safe quick fix of the document at once (`source.fixAll.gemtext`, `gemtext check --fix`):
	 * the document's own diagnostics, each with its one certain fix (see fixAll.ts). Diagnostics
	 * whose code `skip` holds are left alone (the CLI's `--severity CODE=ignore`).
	 */
	getFixAllEdits(snapshot: TextSnapshot, token?: CancellationToken, skip?: ReadonlySet<string>): Promise<FixAllResult>;

	/**
	 * Edits that format the document (or the lines of `options.range`): markers, link
	 * separators, trailing whitespace, blank-line runs (`gemtext.format.maxBlankLines`) and a
	 * final line break, never preformatted text, URLs, labels, template code or heading ids.
	 */
	getFormattingEdits(snapshot: TextSnapshot, options?: FormattingRequestOptions): Promise<TextEdit[]>;

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

	/**
	 * Diagnostics of the document's remote links (`link.remote-*`), through the host's checker
	 * (`GemtextServiceInit.createRemoteChecker`). While remote checks are off
	 * (`gemtext.validate.remoteLinks`, the default) and without `force`, none, and the checker is
	 * never created. `gemtext.validate.ignoredLinks` applies; a cancelled check reports nothing.
	 */
	getRemoteLinkDiagnostics(snapshot: TextSnapshot, options?: RemoteDiagnosticsOptions): Promise<RemoteDiagnosticsResult>;

	/** The distinct remote URLs an explicit check (`force`) of these documents asks for (`ignoredLinks` applies). */
	countRemoteLinks(snapshots: readonly TextSnapshot[]): Promise<number>;

	/**
	 * A pass of remote checks over many documents: `onProgress` hears how many distinct URLs were
	 * answered and asked so far. `undefined` when the host cannot check remote links.
	 */
	createRemoteCheckBatch(onProgress: (answered: number, asked: number) => void): RemoteCheckBatch | undefined;

	/** Stops background work. */
	dispose(): void;
}

/** Lines checked between looks at the clock: about a millisecond of work. */
const SYNTAX_LINES_PER_STEP = 2000;

/** Parsed documents kept: enough for the open editors of a session, small enough to forget old versions. */
const PARSE_CACHE_SIZE = 32;

/** Bytes as megabytes (2^20), one decimal when below 10. */
function megabytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return mb < 10 ? String(Math.round(mb * 10) / 10) : String(Math.round(mb));
}

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
	/** `gemtexter.conf` URI → whether it is a file (a stat per folder, cached until the watcher says otherwise). */
	readonly #confCache = new Map<string, Promise<boolean>>();
	/** `#findGemtexterConfFolder` per folder and workspace folder (oldest first), dropped with `#confCache`. */
	readonly #confFolders = new Map<string, Promise<string | undefined>>();
	/** The host's remote checker, created on first use. */
	#remoteChecker: IRemoteChecker | undefined;
	/** Template expansions by URI, for one text and run choice each; dropped when files change. */
	readonly #expansions = new Map<string, { readonly text: string; readonly mode: string; readonly view: Promise<TemplateView> }>();

	constructor(init: GemtextServiceInit) {
		this.#init = init;
		this.#index = new WorkspaceIndex({ fileSystem: init.fileSystem, logger: init.logger, yieldNow: init.yieldNow });
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
		// An editor's document says what changed since the version parsed last: re-parse only those lines.
		const changes = hit && hit.version >= 0 && hit.version < snapshot.version ? snapshot.changesSince?.(hit.version) : undefined;
		const doc = changes && hit ? reparseGemtext(hit.doc, snapshot.getText(), changes) : parseGemtext(snapshot.getText());
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
		this.#confFolders.clear();
		return this.#index.setFolders(folders);
	}

	buildWorkspaceIndex(onProgress?: IndexProgress): Promise<void> {
		return this.#index.build(onProgress);
	}

	getWorkspaceFolders(): readonly string[] {
		return this.#index.folders;
	}

	async getWorkspaceFiles(): Promise<readonly string[]> {
		await this.#index.build();
		await this.#index.whenIdle();
		return this.#index.files();
	}

	getDependents(uri: string, token?: CancellationToken): Promise<string[]> {
		return getDependents(uri, this.#linkEnv, token);
	}

	async applyFileChanges(changes: readonly FileChange[]): Promise<void> {
		if (changes.some((c) => c.uri.endsWith('/' + GEMTEXTER_CONF))) {
			this.#confCache.clear();
			this.#confFolders.clear();
		}
		// The index helpers list the folder and read titles; run code may read any file.
		this.#expansions.clear();
		this.#init.templateRunner?.clear?.();
		await Promise.all(changes.map((c) => (c.type === 'deleted' ? this.#index.delete(c.uri) : this.#index.update(c.uri))));
	}

	async readDocument(uri: string): Promise<TextSnapshot | undefined> {
		return this.#readDocument(uri, maxFileSize(await this.#init.getSettings(uri)));
	}

	async describeReadFailure(uri: string): Promise<string> {
		const limit = maxFileSize(await this.#init.getSettings(uri));
		const fs = this.#init.fileSystem;
		const stat = await fs.stat(uri);
		if (stat?.type === 'file' && stat.size > limit) {
			return `it is ${megabytes(stat.size)} MB, over the limit of ${megabytes(limit)} MB set by gemtext.files.maxSizeMB`;
		}
		if (stat?.type === 'directory') {
			return 'it is a folder';
		}
		switch (stat ? 'unreadable' : ((await fs.explainFailure?.(uri)) ?? 'missing')) {
			case 'not-a-file': return 'it is not a regular file, but a FIFO, a device or a socket';
			case 'unreadable': return 'permission denied';
			default: return 'it does not exist';
		}
	}

	/** Workspace-wide reads (references, file moves) are bounded by the default limit, which asks no settings per file. */
	async #readDocument(uri: string, limit = DEFAULT_MAX_FILE_SIZE): Promise<TextSnapshot | undefined> {
		const fs = this.#init.fileSystem;
		const text = fs.readText ? await fs.readText(uri, limit) : await fs.readFile(uri, limit).then((bytes) => bytes && decodeText(bytes));
		if (text === undefined) {
			return undefined;
		}
		return { uri, version: -1, getText: () => text };
	}

	async getOutline(snapshot: TextSnapshot): Promise<OutlineSymbol[]> {
		const view = await this.#view(snapshot);
		const outline = getOutline(view.doc);
		return view.map ? addPlaceholderSymbols(mapOutline(outline, view.map), view.expansion.placeholders, view.expansion.templateLines) : outline;
	}

	async getFoldingRanges(snapshot: TextSnapshot): Promise<FoldingRange[]> {
		const view = await this.#view(snapshot);
		const ranges = getFoldingRanges(view.doc);
		return view.map ? mapFoldingRanges(ranges, view.map) : ranges;
	}

	async getSelectionRanges(snapshot: TextSnapshot, positions: readonly Position[]): Promise<SelectionRange[]> {
		const view = await this.#view(snapshot);
		const map = view.map;
		if (!map) {
			return getSelectionRanges(view.doc, positions);
		}
		// A position in code (not printed as it is) selects its line, then the whole template.
		const raw = this.parse(snapshot);
		return positions.map((p) => {
			const generated = map.toGeneratedPosition(p);
			return generated
				? mapSelectionRange(getSelectionRanges(view.doc, [generated])[0], map)
				: getSelectionRanges(raw, [p])[0];
		});
	}

	async getDocumentLinks(snapshot: TextSnapshot, token?: CancellationToken): Promise<DocumentLink[]> {
		const view = await this.#view(snapshot, token);
		const capsuleRoot = await this.getCapsuleRoot(snapshot.uri);
		if (token?.isCancellationRequested) {
			return [];
		}
		const links = await computeDocumentLinks(view.doc, snapshot.uri, { fileSystem: this.#init.fileSystem, capsuleRoot });
		return view.map ? mapDocumentLinks(links, view.map) : links;
	}

	createDiagnosticsBatch(): DiagnosticsBatch {
		return new LinkCheckBatch(this.#init.fileSystem);
	}

	async getDiagnostics(snapshot: TextSnapshot, token?: CancellationToken, batch?: DiagnosticsBatch): Promise<Diagnostic[]> {
		const settings = await this.#init.getSettings(snapshot.uri);
		if (!settings.validate.enabled || token?.isCancellationRequested) {
			return [];
		}
		const view = await this.#view(snapshot, token);
		const doc = view.doc;
		const links = await getLinkDiagnostics(doc, snapshot.uri, settings, batch ? { ...this.#linkEnv, batch } : this.#linkEnv, token);
		const style = settings.preview.style === 'auto' ? await this.resolveAutoStyle(snapshot.uri) : settings.preview.style;
		const syntax = await this.#syntaxDiagnostics(doc, settings, token);
		if (token?.isCancellationRequested) {
			return [];
		}
		const gemtexter = style === 'gemtexter' ? getGemtexterDiagnostics(doc, settings.validate, snapshot.uri) : [];
		const authoringOn = settings.validate.gemtexterCompat !== 'ignore';
		// The template beside a `.gmi`, looked up once for both the generated-file notice and the feed.
		const template = authoringOn && !view.map ? await this.#templateOf(snapshot.uri, batch) : undefined;
		const authoring = authoringOn ? await this.#authoringDiagnostics(snapshot, view, style, template) : [];
		// The feed rules read the post's own text (a template's too): their positions need no mapping.
		const feed = authoringOn && style === 'gemtexter' && !template ? this.#feedDiagnostics(snapshot, settings) : [];
		const all = [...syntax, ...gemtexter, ...links];
		if (!view.map) {
			return [...authoring, ...feed, ...all];
		}
		return [...authoring, ...feed, ...templateProblemDiagnostics(view.expansion.problems, view.expansion.templateLines), ...mapDiagnostics(all, snapshot.uri, view.map)];
	}

	/**
	 * Notices of the writing workflow: a `.gmi` generated from a template beside it (and
	 * whether it is stale), and Gemtexter's suggestion of a table of contents.
	 */
	async #authoringDiagnostics(snapshot: TextSnapshot, view: DocumentView, style: PreviewStyle, template: TextSnapshot | undefined): Promise<Diagnostic[]> {
		const out: Diagnostic[] = [];
		const firstLine = { start: { line: 0, character: 0 }, end: lineEndPosition(view.map ? this.parse(snapshot) : view.doc, 0) };
		if (template) {
			const name = template.uri.slice(template.uri.lastIndexOf('/') + 1);
			const expansion = (await this.#expand(template, false)).expansion;
			const stale = expansion.complete && expansion.text !== snapshot.getText();
			out.push({
				range: firstLine,
				severity: stale ? 'warning' : 'information',
				code: stale ? 'gemtexter.generated-stale' : 'gemtexter.generated-file',
				message: stale
					? `Generated from ${decodeURIComponent(name)}, and out of date: the template now generates something else. Edit the template; Gemtexter overwrites this file.`
					: `Generated from ${decodeURIComponent(name)} by Gemtexter: edit the template, this file is overwritten${expansion.complete ? '' : ' (its template runs code; allow gemtext.templates.run to see whether this file is up to date)'}.`,
				related: [{ uri: template.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'The template' }],
			});
		}
		if (style === 'gemtexter') {
			const suggest = view.map ? suggestsTocForTemplate(snapshot.getText(), view.expansion.text) : !template && suggestsToc(snapshot.getText(), view.doc);
			if (suggest) {
				out.push({
					range: firstLine,
					severity: 'information',
					code: 'gemtexter.toc-suggested',
					message: `${countTocHeadings(view.map ? view.expansion.text : snapshot.getText())} headings and no table of contents: Gemtexter suggests adding one (template::inline::toc).`,
				});
			}
		}
		return out;
	}

	/** The template (`X.gmi.tpl`) beside a `.gmi`, as a snapshot (the editor's text when open), when there is one. */
	async #templateOf(uri: string, batch?: DiagnosticsBatch): Promise<TextSnapshot | undefined> {
		if (!uri.endsWith('.gmi')) {
			return undefined;
		}
		const templateUri = templateFileOf(normalizeUri(uri));
		const open = this.#open.get(templateUri);
		if (open) {
			return open;
		}
		if (batch) {
			// A pass over the capsule lists each folder once instead of a stat per page.
			const slash = templateUri.lastIndexOf('/');
			const name = decodeURIComponent(templateUri.slice(slash + 1));
			const entries = await batch.dirs.list(templateUri.slice(0, slash));
			if (entries && !hasListedFile(entries, name)) {
				return undefined;
			}
		}
		return (await this.#init.fileSystem.stat(templateUri))?.type === 'file' ? this.readDocument(templateUri) : undefined;
	}

	/**
	 * `gemtexter.feed-*`, `gemtexter.published-*` of a post in `gemfeed/` (a `.gmi` generated from a
	 * `.gmi.tpl` beside it is left to its template: the caller does not ask for it).
	 */
	#feedDiagnostics(snapshot: TextSnapshot, settings: GemtextSettings): Diagnostic[] {
		const severity = settings.validate.gemtexterCompat;
		if (severity === 'ignore' || !isInGemfeedFolder(snapshot.uri) || !/\.gmi(\.tpl)?$/i.test(snapshot.uri)) {
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

	getUrlPasteEdit(snapshot: TextSnapshot, selection: Range, clipboard: string): UrlPasteEdit | undefined {
		return getUrlPasteEdit(this.parse(snapshot), selection, clipboard);
	}

	async getDocumentTitles(uris: readonly string[]): Promise<(string | undefined)[]> {
		const env = this.#linkEnv;
		const titles: (string | undefined)[] = [];
		// A few reads at a time: a quick pick over a large capsule must not open thousands of files at once.
		for (let i = 0; i < uris.length; i += TITLE_READ_CONCURRENCY) {
			const chunk = i < MAX_TITLE_REQUESTS ? uris.slice(i, Math.min(i + TITLE_READ_CONCURRENCY, MAX_TITLE_REQUESTS)) : [];
			titles.push(...(await Promise.all(chunk.map(async (uri) => {
				const doc = isGemtextFile(URI.parse(uri).path) || isTemplateFile(uri) ? await env.getDocument(uri) : undefined;
				return doc ? getDocumentTitle(doc) : undefined;
			}))));
		}
		return uris.map((_, i) => titles[i]);
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

	async getCodeActions(snapshot: TextSnapshot, diagnostics: readonly DiagnosticRef[]): Promise<CodeAction[]> {
		const actions = await getCodeActions(this.parse(snapshot), snapshot.uri, diagnostics, this.#linkEnv);
		for (const diagnostic of diagnostics) {
			actions.push(...(await this.#authoringFixes(snapshot, diagnostic)));
		}
		return actions;
	}

	async getFixAllEdits(snapshot: TextSnapshot, token?: CancellationToken, skip?: ReadonlySet<string>): Promise<FixAllResult> {
		const diagnostics = safeDiagnostics(await this.getDiagnostics(snapshot, token)).filter((d) => !skip?.has(d.code));
		if (diagnostics.length === 0 || token?.isCancellationRequested) {
			return { edits: [], fixed: [] };
		}
		return mergeSafeFixes(snapshot.uri, await this.getCodeActions(snapshot, diagnostics));
	}

	async getFormattingEdits(snapshot: TextSnapshot, options: FormattingRequestOptions = {}): Promise<TextEdit[]> {
		const settings = await this.#init.getSettings(snapshot.uri);
		return formatGemtext(this.parse(snapshot), {
			maxBlankLines: settings.format.maxBlankLines,
			trimFinalNewlines: options.trimFinalNewlines,
			eol: options.eol,
			range: options.range,
			template: isTemplateFile(snapshot.uri),
			style: await this.#headingStyle(snapshot.uri),
		});
	}

	/** "Open Template", "Regenerate from Template" and "Insert Table of Contents". */
	async #authoringFixes(snapshot: TextSnapshot, diagnostic: DiagnosticRef): Promise<CodeAction[]> {
		const code = String(diagnostic.code ?? '');
		if (code === 'gemtexter.generated-file' || code === 'gemtexter.generated-stale') {
			const template = await this.#templateOf(snapshot.uri);
			if (!template) {
				return [];
			}
			const open: CodeAction = {
				title: 'Open Template',
				kind: 'quickfix',
				command: { title: 'Open Template', command: OPEN_TEMPLATE_COMMAND, arguments: [template.uri] },
				diagnostic,
			};
			const expansion = (await this.#expand(template, false)).expansion;
			if (code === 'gemtexter.generated-file' || !expansion.complete || expansion.text === snapshot.getText()) {
				return [open];
			}
			const doc = this.parse(snapshot);
			const last = doc.lineCount - 1;
			// After a final line break the document ends on an empty line.
			const end = doc.lines.length > last ? lineEndPosition(doc, last) : { line: last, character: 0 };
			const whole = { start: { line: 0, character: 0 }, end };
			return [
				{ title: 'Regenerate from Template', kind: 'quickfix', isPreferred: true, edit: { changes: { [snapshot.uri]: [{ range: whole, newText: expansion.text }] } }, diagnostic },
				open,
			];
		}
		if (code === 'gemtexter.toc-suggested') {
			const edit = await this.getTableOfContentsEdit(snapshot, this.#tocInsertPosition(snapshot));
			return edit ? [{ title: 'Insert Table of Contents', kind: 'quickfix', isPreferred: true, edit: { changes: { [snapshot.uri]: [edit] } }, diagnostic }] : [];
		}
		return [];
	}

	/** Where a suggested table of contents goes: before the first heading after the title (as Gemtexter posts have it), else at the end. */
	#tocInsertPosition(snapshot: TextSnapshot): Position {
		const doc = this.parse(snapshot);
		const second = doc.headings.find((h, i) => i > 0 && h.level > 0) ?? undefined;
		if (second) {
			return { line: second.line, character: 0 };
		}
		return { line: Math.max(0, doc.lineCount - 1), character: 0 };
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
				const snapshot = open ?? (await this.#readDocument(uri));
				return snapshot ? this.parse(snapshot) : undefined;
			},
			getHeadingIds: async (doc, uri) => {
				const lines = new Map([...getHeadingIds(doc, await this.#headingStyle(uri))].map(([id, line]) => [line, id]));
				return doc.headings.map((h) => lines.get(h.line) ?? '');
			},
			getHeadingStyle: (uri) => this.#headingStyle(uri),
			getWorkspaceFolders: () => this.#index.folders,
			getWorkspaceFiles: () => this.getWorkspaceFiles(),
			getIndexedLinks: (uri) => this.#index.getLinks(uri),
			getIndexedHeadingNames: (uri) => this.#index.getHeadingNames(uri),
		};
	}

	async getWorkspaceSymbols(query: string, token?: CancellationToken): Promise<WorkspaceSymbol[]> {
		await this.#index.build();
		await this.#index.whenIdle();
		return this.#index.getSymbols(query, token);
	}

	async renderHtml(snapshot: TextSnapshot, options: RenderRequestOptions = {}): Promise<RenderResult> {
		const view = await this.#view(snapshot);
		const doc = view.doc;
		const requested = options.style ?? (await this.#init.getSettings(snapshot.uri)).preview.style;
		const style = requested === 'auto' ? await this.resolveAutoStyle(snapshot.uri) : requested;
		const title = getDocumentTitle(doc);
		// In time slices: the preview of a 5 MB document renders for a few hundred milliseconds.
		const slicer = new TimeSlicer(this.#init.yieldNow);
		const template = view.map ? { sourceLine: templateLineOf(view.map), placeholderLines: new Set(view.expansion.placeholders.map((p) => p.outputLine)) } : {};
		// A page is written to disk and opened in a browser: no attribute a document could add.
		const renderOptions = { style, lineNumbers: options.lineNumbers, strictAttributes: options.page, ...template };
		const body = await renderHtmlPausing(doc, renderOptions, () => slicer.pause());
		const pageOptions = { ...renderOptions, stylesheets: options.stylesheets, inlineCss: options.inlineCss };
		if (options.gemtexterPage && style === 'gemtexter') {
			// A page written to disk gets the document's title and path escaped in the site's parts.
			const frame = await getGemtexterPageFrame(this.#siteEnv, snapshot.uri, getGemtexterTitle(doc), options.page);
			if (frame) {
				const framed = frame.header + body + frame.footer;
				return { html: options.page ? renderPage(doc, pageOptions, framed) : framed, style, title, stylesheets: frame.stylesheets, fonts: frame.fonts };
			}
		}
		return { html: options.page ? renderPage(doc, pageOptions, body) : body, style, title };
	}

	async getWordCount(snapshot: TextSnapshot): Promise<WordCount> {
		const view = await this.#view(snapshot);
		return countWords(view.map ? view.expansion.text : snapshot.getText());
	}

	async getTableOfContents(snapshot: TextSnapshot, style: PreviewStyle): Promise<TocEntry[]> {
		const view = await this.#view(snapshot);
		const entries = getTableOfContents(view.doc, style);
		const map = view.map;
		return map ? entries.map((e) => ({ ...e, line: map.toTemplatePosition({ line: e.line, character: 0 }).line })) : entries;
	}

	async expandTemplate(snapshot: TextSnapshot, options: ExpandTemplateOptions = {}): Promise<TemplateExpansionResult> {
		const { expansion } = await this.#expand(snapshot, options.run === true, options.token);
		return {
			text: expansion.text,
			complete: expansion.complete,
			hasCode: expansion.hasCode,
			notRun: expansion.placeholders.map(({ line, endLine, code }) => ({ line, endLine, code })),
			problems: expansion.problems,
		};
	}

	async getTableOfContentsEdit(snapshot: TextSnapshot, insertAt?: Position): Promise<TextEdit | undefined> {
		const doc = this.parse(snapshot);
		if (isTemplateFile(snapshot.uri)) {
			// The template keeps the helper call; Gemtexter writes the table on each run.
			if (!insertAt || doc.lines.some((l) => TOC_HELPER_LINE.test(l.text))) {
				return undefined;
			}
			return { range: { start: { line: insertAt.line, character: 0 }, end: { line: insertAt.line, character: 0 } }, newText: '<< template::inline::toc\n' };
		}
		const block = findTableOfContents(doc);
		const text = snapshot.getText();
		if (block) {
			const start = doc.lines[block.headingLine].start;
			const end = doc.lines[block.endLine].end;
			// The table lists the document's headings, not its own.
			const table = expandToc(text.slice(0, start) + text.slice(Math.min(text.length, end + 1))).replace(/\n$/, '');
			return table === text.slice(start, end) ? undefined : { range: { start: { line: block.headingLine, character: 0 }, end: lineEndPosition(doc, block.endLine) }, newText: table };
		}
		if (!insertAt) {
			return undefined;
		}
		return { range: { start: { line: insertAt.line, character: 0 }, end: { line: insertAt.line, character: 0 } }, newText: expandToc(text) };
	}

	/**
	 * The document features work on: the parse itself for a `.gmi`; for a template, the parse
	 * of its expansion with the map back to the template's lines.
	 */
	async #view(snapshot: TextSnapshot, token?: CancellationToken): Promise<DocumentView> {
		if (!isTemplateFile(snapshot.uri)) {
			return { doc: this.parse(snapshot) };
		}
		return this.#expand(snapshot, false, token);
	}

	/** Expands a template (cached for the same text and run choice). `forceRun`: run code whatever the setting. */
	async #expand(snapshot: TextSnapshot, forceRun: boolean, token?: CancellationToken): Promise<TemplateView> {
		const key = normalizeUri(snapshot.uri);
		const text = snapshot.getText();
		const runner = this.#init.templateRunner;
		const settings = (await this.#init.getSettings(snapshot.uri)).templates;
		const allowed = forceRun || settings.run === 'trusted';
		const run = runner !== undefined && allowed && runner.canRun?.() !== false;
		const notRunReason = !allowed
			? 'gemtext.templates.run is "never"'
			: runner
				? 'the workspace is not trusted'
				: 'this editor cannot run Bash';
		// Whether code runs, or why not: a change of either (setting, trust) expands anew.
		const mode = run ? 'run' : notRunReason;
		const hit = this.#expansions.get(key);
		if (hit && hit.text === text && hit.mode === mode) {
			return hit.view;
		}
		const name = generatedFileOf(key).slice(key.lastIndexOf('/') + 1);
		const view = expandTemplate(text, {
			uri: snapshot.uri,
			currentGmi: decodeURIComponent(name),
			folder: templateFolder(this.#init.fileSystem, snapshot.uri),
			runner: run ? runner : undefined,
			timeoutMs: settings.timeoutMs,
			notRunReason,
			token,
		}).then((expansion): TemplateView => ({ doc: parseGemtext(expansion.text), map: new TemplateSourceMap(expansion), expansion }));
		this.#expansions.set(key, { text, mode, view });
		if (this.#expansions.size > PARSE_CACHE_SIZE) {
			this.#expansions.delete(this.#expansions.keys().next().value as string);
		}
		// A failed or cancelled expansion is not kept.
		view.catch(() => this.#expansions.delete(key));
		return view;
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
			expandTemplate: async (uri, text) => (await this.#expand({ uri, version: -1, getText: () => text }, false)).expansion.text,
		};
	}

	async resolveAutoStyle(uri: string): Promise<PreviewStyle> {
		return (await this.#findGemtexterConfFolder(uri)) !== undefined ? 'gemtexter' : 'gemini';
	}

	async getCapsuleRoot(uri: string): Promise<string | undefined> {
		const setting = (await this.#init.getSettings(uri)).capsuleRoot;
		// The search for gemtexter.conf is answered per folder (a pass asks for every document).
		return findCapsuleRoot({ from: undefined, workspaceFolder: this.#workspaceFolderOf(uri), setting, search: () => this.#findGemtexterConfFolder(uri) }, this.#isConfFile);
	}

	async getRemoteLinkDiagnostics(snapshot: TextSnapshot, options: RemoteDiagnosticsOptions = {}): Promise<RemoteDiagnosticsResult> {
		const settings = await this.#remoteSettings(snapshot.uri, options.force === true);
		return getRemoteLinkDiagnostics(this.parse(snapshot), settings, () => options.batch ?? this.#getRemoteChecker(), options);
	}

	async countRemoteLinks(snapshots: readonly TextSnapshot[]): Promise<number> {
		const urls = new Set<string>();
		for (const s of snapshots) {
			collectRemoteLinks(this.parse(s), await this.#remoteSettings(s.uri, true)).forEach((l) => urls.add(l.url));
		}
		return urls.size;
	}

	createRemoteCheckBatch(onProgress: (answered: number, asked: number) => void): RemoteCheckBatch | undefined {
		const checker = this.#getRemoteChecker();
		return checker && new CountingChecker(checker, onProgress);
	}

	#getRemoteChecker(): IRemoteChecker | undefined {
		this.#remoteChecker ??= this.#init.createRemoteChecker?.();
		return this.#remoteChecker;
	}

	async #remoteSettings(uri: string, force: boolean): Promise<GemtextSettings> {
		const settings = await this.#init.getSettings(uri);
		return force ? { ...settings, validate: { ...settings.validate, remoteLinks: true } } : settings;
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
	#findGemtexterConfFolder(uri: string): Promise<string | undefined> {
		const workspaceFolder = this.#workspaceFolderOf(uri);
		// The documents of one folder share the answer: a pass over the capsule asks it for each.
		const slash = uri.lastIndexOf('/');
		const key = isCanonicalUri(uri) ? `${workspaceFolder ?? ''}\n${uri.slice(0, slash)}` : undefined;
		let found = key === undefined ? undefined : this.#confFolders.get(key);
		if (!found) {
			const start = folderOf(uri);
			found = start === undefined ? Promise.resolve(undefined) : findMarkedFolder(start, workspaceFolder, [GEMTEXTER_CONF], this.#isConfFile);
			if (key !== undefined) {
				const kept = found;
				this.#confFolders.set(key, kept);
				// A failed search is not kept.
				kept.catch(() => this.#confFolders.get(key) === kept && this.#confFolders.delete(key));
				if (this.#confFolders.size > CONF_FOLDERS) {
					this.#confFolders.delete(this.#confFolders.keys().next().value as string);
				}
			}
		}
		return found;
	}

	/** Whether a `gemtexter.conf` is a file, cached until the watcher reports a change to one. */
	readonly #isConfFile = (uri: string): Promise<boolean> => {
		let found = this.#confCache.get(uri);
		if (!found) {
			found = this.#init.fileSystem.stat(uri).then((s) => s?.type === 'file');
			this.#confCache.set(uri, found);
		}
		return found;
	};
}

/** Folders whose Gemtexter site `#findGemtexterConfFolder` keeps (a capsule has a few hundred). */
const CONF_FOLDERS = 10_000;

/** The client command that opens a template (its URI string as the argument). */
/** Titles read per request at most (a quick pick over a large capsule asks in pages). */
const MAX_TITLE_REQUESTS = 5000;
const TITLE_READ_CONCURRENCY = 16;

export const OPEN_TEMPLATE_COMMAND = 'gemtext.openTemplate';

/** Gemtexter's TOC suggester speaks up from this many headings on (`template::suggester::toc`). */
const TOC_SUGGESTION_HEADINGS = 7;

/** Lines Gemtexter's TOC suggester counts: `^#+ ` outside ``` ranges. */
function countTocHeadings(text: string): number {
	return [...gemtexterHeadingLines(text)].length;
}

/** A template line that calls the table-of-contents helper. */
const TOC_HELPER_LINE = /^<< +template::inline::toc\s*$/;

/** Whether Gemtexter's suggester would speak up for a template: enough headings in what it generates and no helper call. */
function suggestsTocForTemplate(templateText: string, generated: string): boolean {
	return !templateText.split('\n').some((line) => TOC_HELPER_LINE.test(line)) && countTocHeadings(generated) >= TOC_SUGGESTION_HEADINGS;
}

/** Whether Gemtexter's suggester would speak up for this `.gmi`: enough headings and no table of contents yet. */
function suggestsToc(text: string, doc: GemDocument): boolean {
	return countTocHeadings(text) >= TOC_SUGGESTION_HEADINGS && !findTableOfContents(doc);
}

/** What features run on: a parsed document, and for a template the map back to its lines. */
type DocumentView = { readonly doc: GemDocument; readonly map?: undefined } | TemplateView;

interface TemplateView {
	readonly doc: GemDocument;
	readonly map: TemplateSourceMap;
	readonly expansion: TemplateExpansion;
}

/** Generated line → template line, for `data-line` stamps (scroll sync works on the template). */
function templateLineOf(map: TemplateSourceMap): (line: number) => number {
	return (line) => map.toTemplatePosition({ line, character: 0 }).line;
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
export type { FeedCodeLens, FeedEntryInfo, GemfeedPreview, PageFont } from './gemtexterSite';
export type { FeedFields, GemfeedDiagnosticCode } from './gemfeed';
export { getDocumentTitle, getFoldingRanges, getOutline, getSelectionRanges, getTableOfContents, parseGemtext, renderPage };
export type { TocEntry };
export type { TextChange } from './document';
export { reparseGemtext } from './parser';
export { getDocumentLinks, findDirectoryIndex, resolveLinkTarget } from './links';
export type { LinkEnvironment, LinkTarget } from './links';
export { getSyntaxDiagnostics } from './diagnostics/syntax';
export { getLinkDiagnostics } from './diagnostics/links';
export { getGemtexterDiagnostics } from './diagnostics/gemtexter';
export type { GemtexterDiagnosticCode } from './diagnostics/gemtexter';
export type { LinkDiagnosticCode } from './diagnostics/links';
export type { LinkCheckEnvironment } from './linkTargets';
export type { CodeAction, DiagnosticRef } from './codeActions';
export { formatGemtext } from './format';
export type { FormatOptions } from './format';
export { applyTextEdits, SAFE_FIX_CODES } from './fixAll';
export type { FixAllResult } from './fixAll';
export type { CompletionItem } from './completion';
export type { Hover } from './hover';
export type { LinkWorkspaceEnvironment, Location } from './references';
export type { FileMove, RenameTarget } from './rename';
export { checkUrl } from './urls';
export { TimeSlicer, type YieldNow } from './schedule';
export { fuzzyContains, WorkspaceIndex } from './workspaceIndex';
export type { IndexProgress, LinkRef, WorkspaceSymbol } from './workspaceIndex';
export { isGemtextFile, normalizeUri } from './linkTargets';
export { GemLine, lineEndPosition, positionAt } from './document';
export type { GemDocument, LineType, Position, PreBlock, Range, TextSnapshot } from './document';
export type { CancellationToken, Diagnostic, DiagnosticSeverity, DocumentLink, FoldingKind, FoldingRange, OutlineSymbol, SelectionRange, TextEdit, WorkspaceEdit } from './types';
export { decodeText, DEFAULT_MAX_FILE_SIZE, defaultSettings, maxFileSize } from './workspace';
export { generatedFileOf, isTemplateFile, templateFileOf } from './templates';
export type { TemplateCode, TemplateRunner, TemplateRunRequest, TemplateRunResult } from './templates';
export { TOC_HEADING };
export { WORDS_PER_MINUTE } from './wordCount';
export type { WordCount } from './wordCount';
export type { FileStat, FileType, GemtextSettings, IFileSystem, ILogger, LogLevel, PreviewStyle, ReadFailure, SeveritySetting } from './workspace';
export { convertHtmlToGemtext, convertMarkdownToGemtext } from './convert';
export type { ConversionResult, ConversionWarning } from './convert';
export type { UrlPasteEdit } from './pasteLink';
export { findCapsuleRoot, GEMTEXTER_CONF } from './capsuleRoot';
export type { CapsuleRootInput } from './capsuleRoot';
export type { IRemoteChecker, RemoteCancellation, RemoteCheckOptions, RemoteDiagnosticsResult, RemoteLinkResult, RemoteLinkStatus } from './remote';
