/**
 * Owns every preview panel: the commands that open them, the serializer that restores them after a
 * reload, following the active editor (unlocked previews) and editor → preview scroll sync.
 */
import * as vscode from 'vscode';
import { isPreviewState, previewViewType, type WebviewToExtensionMessage } from './messages';
import { GemtextPreview, getWebviewOptions, type IHtmlRenderer, type PreviewHost, type PreviewPosition, type PreviewRenderEvent } from './preview';
import { isGemtextDocument } from '../languages';

export interface ShowPreviewOptions {
	/** Open beside the active editor (and keep the focus in the editor). */
	readonly sideBySide: boolean;
	/** A locked preview keeps showing its document instead of following the active editor. */
	readonly locked: boolean;
}

/** Set while a preview has focus: enables Show Source and the lock/refresh commands. */
const focusContextKey = 'gemtextPreviewFocus';

export class PreviewManager implements vscode.Disposable, PreviewHost {
	readonly extensionUri: vscode.Uri;
	readonly renderer: IHtmlRenderer;
	readonly #previews = new Set<GemtextPreview>();
	readonly #disposables: vscode.Disposable[] = [];
	readonly #onDidRender = new vscode.EventEmitter<PreviewRenderEvent>();
	/** Fires when a webview reports that it shows a rendered version of its document. */
	readonly onDidRender = this.#onDidRender.event;
	#active: GemtextPreview | undefined;

	constructor(extensionUri: vscode.Uri, renderer: IHtmlRenderer) {
		this.extensionUri = extensionUri;
		this.renderer = renderer;
		this.#disposables.push(
			this.#onDidRender,
			vscode.window.registerWebviewPanelSerializer(previewViewType, {
				deserializeWebviewPanel: (panel, state: unknown) => this.#restore(panel, state),
			}),
			vscode.window.onDidChangeActiveTextEditor((editor) => this.#followEditor(editor)),
			vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.#onEditorScrolled(e.textEditor)),
		);
	}

	/** Open previews (for tests and commands). */
	get previews(): readonly GemtextPreview[] {
		return [...this.#previews];
	}

	/** The preview that has, or last had, focus. */
	get activePreview(): GemtextPreview | undefined {
		return this.#active;
	}

	async showPreview(resource: vscode.Uri, options: ShowPreviewOptions): Promise<GemtextPreview> {
		const column = options.sideBySide ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
		const existing = [...this.#previews].find((p) => options.locked ? p.locked && p.isPreviewOf(resource) : !p.locked);
		if (existing) {
			// Showing the same document again only reveals the panel; rebuilding it would lose its scroll.
			if (!existing.isPreviewOf(resource)) {
				existing.show(resource, this.#editorPosition(resource));
			}
			existing.panel.reveal(existing.panel.viewColumn, options.sideBySide);
			this.#active = existing;
			return existing;
		}
		const panel = vscode.window.createWebviewPanel(previewViewType, 'Preview', { viewColumn: column, preserveFocus: options.sideBySide }, {
			...getWebviewOptions(this.extensionUri, resource),
			enableFindWidget: true,
		});
		return this.#add(new GemtextPreview(panel, resource, options.locked, this, this.#editorPosition(resource)));
	}

	/** Runs a webview message through the same path a real one takes (e2e tests: the webview DOM is out of reach). */
	async handleMessageForTest(resource: vscode.Uri, message: WebviewToExtensionMessage): Promise<void> {
		const preview = [...this.#previews].find((p) => p.isPreviewOf(resource));
		if (!preview) {
			throw new Error(`No preview of ${resource.toString()}`);
		}
		await preview.handleMessage(message);
	}

	/** Ties `disposables` (the preview commands) to this manager's lifetime. */
	track(...disposables: vscode.Disposable[]): void {
		this.#disposables.push(...disposables);
	}

	didRender(event: PreviewRenderEvent): void {
		this.#onDidRender.fire(event);
	}

	didChangeViewState(preview: GemtextPreview): void {
		if (preview.panel.active) {
			this.#active = preview;
		}
		const focused = [...this.#previews].some((p) => p.panel.active);
		void vscode.commands.executeCommand('setContext', focusContextKey, focused);
	}

	dispose(): void {
		for (const preview of [...this.#previews]) {
			preview.dispose();
		}
		for (const d of this.#disposables.splice(0)) {
			d.dispose();
		}
	}

	#add(preview: GemtextPreview): GemtextPreview {
		this.#previews.add(preview);
		this.#active = preview;
		const subscription = preview.onDidDispose(() => {
			this.#previews.delete(preview);
			if (this.#active === preview) {
				this.#active = undefined;
			}
			subscription.dispose();
			void vscode.commands.executeCommand('setContext', focusContextKey, [...this.#previews].some((p) => p.panel.active));
		});
		return preview;
	}

	/** Where a new preview of `resource` starts: at the editor's first visible line, when one shows it. */
	#editorPosition(resource: vscode.Uri): PreviewPosition {
		const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === resource.toString());
		const line = editor?.visibleRanges[0]?.start.line;
		return line !== undefined ? { line } : {};
	}

	async #restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
		if (!isPreviewState(state)) {
			// Nothing trustworthy to restore from; close rather than show an empty panel.
			panel.dispose();
			return;
		}
		const resource = vscode.Uri.parse(state.resource);
		panel.webview.options = getWebviewOptions(this.extensionUri, resource);
		this.#add(new GemtextPreview(panel, resource, state.locked, this, { line: state.line, fragment: state.fragment }));
	}

	#followEditor(editor: vscode.TextEditor | undefined): void {
		if (!editor || !isGemtextDocument(editor.document)) {
			return;
		}
		for (const preview of this.#previews) {
			if (!preview.locked && !preview.isPreviewOf(editor.document.uri)) {
				preview.show(editor.document.uri, this.#editorPosition(editor.document.uri));
			}
		}
	}

	#onEditorScrolled(editor: vscode.TextEditor): void {
		const first = editor.visibleRanges[0];
		if (!first) {
			return;
		}
		// A partly scrolled-away first line counts fractionally, as in Markdown's preview.
		const text = editor.document.lineAt(first.start.line).text;
		const line = first.start.line + first.start.character / (text.length + 2);
		for (const preview of this.#previews) {
			if (preview.isPreviewOf(editor.document.uri)) {
				preview.scrollToEditorLine(line);
			}
		}
	}
}
