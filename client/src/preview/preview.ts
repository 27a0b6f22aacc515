/**
 * One preview panel showing one Gemtext document. The language server renders; this class asks for
 * HTML, sets the page once per document and afterwards posts `updateContent` so the webview keeps its
 * scroll position, and answers the webview's messages (scroll, double-click, link clicks).
 */
import * as vscode from 'vscode';
import type { RenderHtmlRequest } from '../../../server/src/protocol';
import { getPreviewConfig, previewSection, resolveUserStyles, type PreviewConfig } from './config';
import { classifyHref, gemtextSourceCandidates } from './linkTarget';
import { isWebviewMessage, type ExtensionToWebviewMessage, type PreviewSettings, type WebviewToExtensionMessage } from './messages';
import { buildPreviewPage, createNonce, escapeHtml, rewriteCssUrls } from './previewDocument';

/** The part of the language client the preview uses (GemtextClient satisfies it). */
export interface IHtmlRenderer {
	renderHtml(params: RenderHtmlRequest.Params): Promise<RenderHtmlRequest.Result>;
}

/** Fired when the webview acknowledges that it shows a rendered version (the e2e tests wait on it). */
export interface PreviewRenderEvent {
	readonly uri: string;
	readonly version: number;
	readonly html: string;
}

/** What a preview needs from its manager. */
export interface PreviewHost {
	readonly extensionUri: vscode.Uri;
	readonly renderer: IHtmlRenderer;
	didRender(event: PreviewRenderEvent): void;
	didChangeViewState(preview: GemtextPreview): void;
}

export const gemtextExtensions = /\.(gmi|gemini)$/i;

/** Where the preview starts showing a document. */
export interface PreviewPosition {
	readonly line?: number;
	readonly fragment?: string;
}

/** Webview options: scripts for our bundle only, no forms, no command links, resources from the extension and workspace. */
export function getWebviewOptions(extensionUri: vscode.Uri, resource: vscode.Uri, extraRoots: readonly vscode.Uri[] = []): vscode.WebviewOptions {
	const roots = [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')];
	const folders = vscode.workspace.workspaceFolders ?? [];
	roots.push(...folders.map((f) => f.uri));
	if (resource.scheme !== 'untitled' && !vscode.workspace.getWorkspaceFolder(resource)) {
		// A lone file (no folder open) may still show the images next to it, as Markdown's preview does.
		roots.push(vscode.Uri.joinPath(resource, '..'));
	}
	roots.push(...extraRoots);
	return { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: roots };
}

/**
 * The Gemtexter theme's style sheets the server found (page mode), kept only when they are files of
 * an open workspace folder: a configuration must not make the preview load from anywhere else.
 */
export function themeStyleSheets(uris: readonly string[] | undefined): vscode.Uri[] {
	return (uris ?? []).map(workspaceFileUri).filter((u): u is vscode.Uri => u !== undefined);
}

/** `raw` as a URI when it names something inside an open workspace folder (no `..`), else undefined. */
function workspaceFileUri(raw: string): vscode.Uri | undefined {
	let uri: vscode.Uri;
	try {
		uri = vscode.Uri.parse(raw, true);
	} catch {
		return undefined;
	}
	const folder = vscode.workspace.getWorkspaceFolder(uri);
	return folder && uri.path.startsWith(folder.uri.path.replace(/\/?$/, '/')) && !uri.path.split('/').includes('..') ? uri : undefined;
}

/** Theme style sheets above this size are linked as they are (their web fonts then do not load). */
const MAX_THEME_CSS_BYTES = 1024 * 1024;

/**
 * The theme's style sheets as text for page mode, their `url()`s rewritten. When Gemtexter publishes,
 * it copies the theme's web fonts beside style.css (`text.ttf` …, see the server's `PageFont`), and
 * the sheet loads them by those names, which are not files of the theme's folder: each becomes the
 * font file it is. Other relative URLs point where the sheet's own place says, as a linked sheet's
 * would. `toHref` says how the page refers to a file (a webview URI in the preview, a relative URL in
 * an exported page). `undefined` when a sheet cannot be read: the caller links the sheets then.
 */
export async function readThemeStyles(sheets: readonly vscode.Uri[], fonts: RenderHtmlRequest.Result['fonts'], toHref: (uri: vscode.Uri) => string): Promise<string[] | undefined> {
	const fontFiles = new Map<string, vscode.Uri>();
	for (const font of fonts ?? []) {
		const uri = workspaceFileUri(font.uri);
		if (uri) {
			fontFiles.set(font.name, uri);
		}
	}
	const out: string[] = [];
	for (const sheet of sheets) {
		let css: string;
		try {
			if ((await vscode.workspace.fs.stat(sheet)).size > MAX_THEME_CSS_BYTES) {
				return undefined;
			}
			css = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(sheet));
		} catch {
			return undefined;
		}
		const folder = vscode.Uri.joinPath(sheet, '..');
		out.push(rewriteCssUrls(css, (reference) => {
			if (reference === '' || reference.startsWith('#') || reference.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(reference)) {
				return undefined;
			}
			const target = vscode.Uri.joinPath(folder, reference.replace(/[?#].*$/, ''));
			const beside = vscode.Uri.joinPath(target, '..').path === folder.path;
			const name = target.path.slice(target.path.lastIndexOf('/') + 1);
			return toHref((beside && fontFiles.get(name)) || target);
		}));
	}
	return out;
}

export class GemtextPreview implements vscode.Disposable {
	readonly #panel: vscode.WebviewPanel;
	readonly #host: PreviewHost;
	readonly #disposables: vscode.Disposable[] = [];
	readonly #onDidDispose = new vscode.EventEmitter<void>();
	/** Fires once, when the panel is closed or the preview disposed. */
	readonly onDidDispose = this.#onDidDispose.event;

	#resource: vscode.Uri;
	#locked: boolean;
	#disposed = false;
	/** Every render request gets a number; a response is used only if no newer request was made. */
	#requestSeq = 0;
	/** True once `webview.html` holds a page for the current resource (later renders are posted). */
	#hasPage = false;
	#position: PreviewPosition;
	#throttle: ReturnType<typeof setTimeout> | undefined;
	/** The latest rendered body, by version, until the webview acknowledges it. */
	readonly #sent = new Map<number, string>();
	#latest: { version: number; html: string; style: RenderHtmlRequest.Result['style'] } | undefined;
	/** The editor line this preview last revealed, so the editor's resulting scroll does not echo back. */
	#revealedEditorLine: number | undefined;

	constructor(panel: vscode.WebviewPanel, resource: vscode.Uri, locked: boolean, host: PreviewHost, position: PreviewPosition = {}) {
		this.#panel = panel;
		this.#host = host;
		this.#resource = resource;
		this.#locked = locked;
		this.#position = position;
		this.#disposables.push(
			this.#onDidDispose,
			panel.onDidDispose(() => this.dispose()),
			panel.onDidChangeViewState(() => host.didChangeViewState(this)),
			panel.webview.onDidReceiveMessage((message: unknown) => {
				if (isWebviewMessage(message)) {
					void this.handleMessage(message);
				}
			}),
			vscode.workspace.onDidChangeTextDocument((e) => {
				if (this.isPreviewOf(e.document.uri) && e.contentChanges.length > 0) {
					this.#scheduleUpdate();
				}
			}),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration(previewSection, this.#resource)) {
					this.refresh();
				}
			}),
			// Trust makes workspace style sheets eligible; re-read them.
			vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
		);
		this.#updateTitle();
		void this.#render();
	}

	get resource(): vscode.Uri {
		return this.#resource;
	}

	get locked(): boolean {
		return this.#locked;
	}

	get panel(): vscode.WebviewPanel {
		return this.#panel;
	}

	isPreviewOf(uri: vscode.Uri): boolean {
		return uri.toString() === this.#resource.toString();
	}

	/** Shows another document (following the active editor, or a clicked link); a new page is built. */
	show(resource: vscode.Uri, position: PreviewPosition = {}): void {
		if (this.isPreviewOf(resource) && position.line === undefined && position.fragment === undefined) {
			return;
		}
		if (this.isPreviewOf(resource) && position.fragment !== undefined && this.#hasPage) {
			this.#post({ type: 'scrollToFragment', source: this.#resource.toString(), fragment: position.fragment });
			return;
		}
		this.#resource = resource;
		this.#position = position;
		this.#hasPage = false;
		this.#updateTitle();
		void this.#render();
	}

	toggleLock(): void {
		this.#locked = !this.#locked;
		this.#updateTitle();
		this.refresh();
	}

	/** Rebuilds the page (settings, trust or style sheets changed), keeping the scroll line via webview state. */
	refresh(): void {
		this.#hasPage = false;
		this.#position = {};
		void this.#render();
	}

	/** The editor scrolled to `line` (0-based, fractional). */
	scrollToEditorLine(line: number): void {
		const revealed = this.#revealedEditorLine;
		this.#revealedEditorLine = undefined;
		if (revealed !== undefined && Math.floor(line) === revealed) {
			return;
		}
		if (this.#config().scrollPreviewWithEditor) {
			this.#post({ type: 'scrollToLine', source: this.#resource.toString(), line });
		}
	}

	/** Handles a message from the webview; public so the e2e tests can drive the same path a click takes. */
	async handleMessage(message: WebviewToExtensionMessage): Promise<void> {
		if (this.#disposed || message.source !== this.#resource.toString()) {
			// A message from a page showing a previous document.
			return;
		}
		switch (message.type) {
			case 'ready':
				// The page (re)loaded, e.g. after the panel was hidden; bring it up to date.
				if (this.#latest && this.#latest.version !== message.version) {
					this.#postContent(this.#latest.version, this.#latest.html, this.#latest.style);
				}
				break;
			case 'didRender': {
				const html = this.#sent.get(message.version) ?? (this.#latest?.version === message.version ? this.#latest.html : undefined);
				for (const version of [...this.#sent.keys()]) {
					if (version <= message.version) {
						this.#sent.delete(version);
					}
				}
				if (html !== undefined) {
					this.#host.didRender({ uri: message.source, version: message.version, html });
				}
				break;
			}
			case 'revealLine':
				if (this.#config().scrollEditorWithPreview) {
					this.#revealInEditors(message.line);
				}
				break;
			case 'didDoubleClick':
				if (this.#config().doubleClickToSwitchToEditor) {
					await this.showSource(message.line);
				}
				break;
			case 'openLink':
				await this.#openLink(message.href);
				break;
		}
	}

	/** Shows the previewed document in an editor, at `line` when given. */
	async showSource(line?: number): Promise<vscode.TextEditor> {
		const visible = vscode.window.visibleTextEditors.find((e) => this.isPreviewOf(e.document.uri));
		const document = visible?.document ?? await vscode.workspace.openTextDocument(this.#resource);
		const column = visible?.viewColumn ?? (this.#panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
		const selection = line !== undefined ? new vscode.Range(Math.min(line, document.lineCount - 1), 0, Math.min(line, document.lineCount - 1), 0) : undefined;
		return vscode.window.showTextDocument(document, { viewColumn: column, selection });
	}

	dispose(): void {
		if (this.#disposed) {
			return;
		}
		this.#disposed = true;
		clearTimeout(this.#throttle);
		this.#onDidDispose.fire();
		this.#panel.dispose();
		for (const d of this.#disposables.splice(0)) {
			d.dispose();
		}
	}

	#config(): PreviewConfig {
		return getPreviewConfig(this.#resource);
	}

	#updateTitle(): void {
		const name = this.#resource.path.split('/').pop() || this.#resource.toString();
		this.#panel.title = this.#locked ? `[Preview] ${name}` : `Preview ${name}`;
	}

	/**
	 * Edits arrive per keystroke; render at most once per `debounceMs` while typing (a throttle, not a
	 * pure debounce, so the preview keeps up during long bursts) and never queue more than one render.
	 */
	#scheduleUpdate(): void {
		if (this.#throttle !== undefined) {
			return;
		}
		this.#throttle = setTimeout(() => {
			this.#throttle = undefined;
			void this.#render();
		}, this.#config().debounceMs);
	}

	async #render(): Promise<void> {
		const seq = ++this.#requestSeq;
		const resource = this.#resource;
		const config = this.#config();
		let result: RenderHtmlRequest.Result;
		try {
			result = await this.#host.renderer.renderHtml({ uri: resource.toString(), style: config.style, lineNumbers: true, gemtexterPage: config.gemtexterPage === 'page' });
		} catch (error) {
			if (seq === this.#requestSeq && !this.#disposed) {
				const message = error instanceof Error ? error.message : String(error);
				const html = `<p class="gemtext-preview-error">Could not render ${escapeHtml(resource.path.split('/').pop() ?? '')}: ${escapeHtml(message)}</p>`;
				this.#show({ html, style: 'gemini', version: this.#latest?.version ?? -1 }, config);
			}
			return;
		}
		if (seq !== this.#requestSeq || this.#disposed) {
			return;
		}
		// A new page carries the theme's style sheets as text, so that their web fonts load (readThemeStyles).
		const sheets = this.#hasPage ? [] : themeStyleSheets(result.stylesheets);
		const themeCss = sheets.length > 0 ? await readThemeStyles(sheets, result.fonts, (u) => this.#panel.webview.asWebviewUri(u).toString()) : undefined;
		if (seq !== this.#requestSeq || this.#disposed) {
			return;
		}
		this.#show(result, config, themeCss);
	}

	#show(result: Pick<RenderHtmlRequest.Result, 'html' | 'style' | 'version' | 'stylesheets'> & { title?: string }, config: PreviewConfig, themeCss?: readonly string[]): void {
		this.#latest = { version: result.version, html: result.html, style: result.style };
		if (this.#hasPage) {
			this.#postContent(result.version, result.html, result.style);
			return;
		}
		this.#hasPage = true;
		this.#remember(result.version, result.html);
		this.#panel.webview.html = this.#buildPage(result, config, themeCss);
	}

	#postContent(version: number, html: string, style: RenderHtmlRequest.Result['style']): void {
		this.#remember(version, html);
		this.#post({ type: 'updateContent', source: this.#resource.toString(), version, html, style });
	}

	/** Keeps what was sent until acknowledged; a hidden webview drops messages, so keep only a few. */
	#remember(version: number, html: string): void {
		this.#sent.delete(version);
		this.#sent.set(version, html);
		for (const oldest of this.#sent.keys()) {
			if (this.#sent.size <= 8) {
				break;
			}
			this.#sent.delete(oldest);
		}
	}

	#post(message: ExtensionToWebviewMessage): void {
		if (!this.#disposed) {
			void this.#panel.webview.postMessage(message);
		}
	}

	#buildPage(result: Pick<RenderHtmlRequest.Result, 'html' | 'style' | 'version' | 'stylesheets'> & { title?: string }, config: PreviewConfig, themeCss: readonly string[] | undefined): string {
		const webview = this.#panel.webview;
		const resource = this.#resource;
		const styles = resolveUserStyles(config.styles, resource);
		webview.options = getWebviewOptions(this.#host.extensionUri, resource, styles.local);
		const editor = vscode.window.visibleTextEditors.find((e) => this.isPreviewOf(e.document.uri));
		const settings: PreviewSettings = {
			source: resource.toString(),
			version: result.version,
			locked: this.#locked,
			line: this.#position.line ?? (editor && config.scrollPreviewWithEditor ? editor.visibleRanges[0]?.start.line : undefined),
			fragment: this.#position.fragment,
			scrollPreviewWithEditor: config.scrollPreviewWithEditor,
			scrollEditorWithPreview: config.scrollEditorWithPreview,
			doubleClickToSwitchToEditor: config.doubleClickToSwitchToEditor,
		};
		const media = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.#host.extensionUri, 'media', name)).toString();
		const theme = themeStyleSheets(result.stylesheets);
		return buildPreviewPage({
			bodyHtml: result.html,
			nonce: createNonce(),
			cspSource: webview.cspSource,
			scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.#host.extensionUri, 'dist', 'preview.js')).toString(),
			styleUris: [media('preview.css'), ...(themeCss ? [] : theme.map((u) => webview.asWebviewUri(u).toString())), ...styles.local.map((u) => webview.asWebviewUri(u).toString()), ...styles.remote],
			inlineStyles: themeCss,
			gemtexterTheme: theme.length > 0,
			remoteStyleUris: styles.remote,
			// Relative image sources resolve against the document's folder, through the webview's resource loader.
			baseUri: resource.scheme === 'untitled' ? undefined : `${webview.asWebviewUri(vscode.Uri.joinPath(resource, '..')).toString().replace(/\/?$/, '/')}`,
			settings,
			style: result.style,
			title: result.title ?? resource.path.split('/').pop() ?? 'Preview',
			fontSize: config.fontSize,
		});
	}

	#revealInEditors(line: number): void {
		for (const editor of vscode.window.visibleTextEditors) {
			if (!this.isPreviewOf(editor.document.uri)) {
				continue;
			}
			const document = editor.document;
			const sourceLine = Math.min(Math.floor(line), document.lineCount - 1);
			// The fraction becomes a character offset so long wrapped lines scroll smoothly too.
			const fraction = line - Math.floor(line);
			const start = Math.floor(fraction * document.lineAt(sourceLine).text.length);
			this.#revealedEditorLine = sourceLine;
			editor.revealRange(new vscode.Range(sourceLine, start, sourceLine + 1, 0), vscode.TextEditorRevealType.AtTop);
		}
	}

	async #openLink(href: string): Promise<void> {
		const target = classifyHref(href);
		switch (target.kind) {
			case 'blocked':
				return;
			case 'external': {
				let uri: vscode.Uri;
				try {
					uri = vscode.Uri.parse(target.href, true);
				} catch {
					return;
				}
				await vscode.env.openExternal(uri);
				return;
			}
			case 'fragment':
				this.#post({ type: 'scrollToFragment', source: this.#resource.toString(), fragment: target.fragment });
				return;
			case 'local': {
				const uri = await this.#resolveLocal(target.path);
				if (!uri) {
					void vscode.window.showWarningMessage(`Gemtext preview: ${target.path} does not exist.`);
					return;
				}
				if (!gemtextExtensions.test(uri.path)) {
					await vscode.commands.executeCommand('vscode.open', uri);
				} else if (this.#config().openLinksIn === 'preview') {
					this.show(uri, { fragment: target.fragment });
				} else {
					const document = await vscode.workspace.openTextDocument(uri);
					await vscode.window.showTextDocument(document, { viewColumn: this.#editorColumn() });
				}
				return;
			}
		}
	}

	/** The column of the editor showing this document, else the first one: links open beside the preview. */
	#editorColumn(): vscode.ViewColumn {
		return vscode.window.visibleTextEditors.find((e) => this.isPreviewOf(e.document.uri))?.viewColumn ?? vscode.ViewColumn.One;
	}

	async #resolveLocal(path: string): Promise<vscode.Uri | undefined> {
		const base = path.startsWith('/')
			? vscode.workspace.getWorkspaceFolder(this.#resource)?.uri
			: vscode.Uri.joinPath(this.#resource, '..');
		if (!base) {
			return undefined;
		}
		for (const candidate of gemtextSourceCandidates(path.replace(/^\/+/, ''))) {
			const uri = vscode.Uri.joinPath(base, candidate);
			try {
				const stat = await vscode.workspace.fs.stat(uri);
				if (stat.type & vscode.FileType.File) {
					return uri;
				}
			} catch {
				// Not there; try the next candidate.
			}
		}
		return undefined;
	}
}
