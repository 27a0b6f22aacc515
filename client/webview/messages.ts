/**
 * The messages between the extension host and the preview webview, as discriminated unions.
 *
 * This file is imported by both sides (client/src/preview and client/webview), so it holds types
 * and tiny pure guards only: no DOM, no VS Code API. The webview is treated as less trusted than
 * the extension host (it displays document content), so the host checks every message it receives
 * with `isWebviewMessage` instead of trusting its shape.
 */
import type { RenderStyle } from '../../server/src/protocol';

/** The webview panel's view type; also the `onWebviewPanel:` activation event and the serializer key. */
export const previewViewType = 'gemtext.preview';

/**
 * The only inline `style` attribute values a rendered body may carry (Gemtexter writes
 * `<h1 style='display: inline'>`). The page's CSP allows exactly these by hash and the webview's
 * sanitiser drops every other inline style.
 */
export const allowedInlineStyles: readonly string[] = ['display: inline'];

/** Embedded in the page (a `data-settings` attribute) so the script knows its options before any message. */
export interface PreviewSettings {
	/** The previewed document's URI (string form). */
	readonly source: string;
	/** The document version the page's body was rendered from. */
	readonly version: number;
	readonly locked: boolean;
	/** A source line to reveal once the page has loaded (restored state or the editor's position). */
	readonly line?: number;
	/** A heading id to reveal once the page has loaded (a link such as `other.gmi#section`). */
	readonly fragment?: string;
	readonly scrollPreviewWithEditor: boolean;
	readonly scrollEditorWithPreview: boolean;
	readonly doubleClickToSwitchToEditor: boolean;
}

/** What the webview keeps with `vscode.setState`, and what the panel serializer restores from. */
export interface PreviewState {
	readonly resource: string;
	readonly locked: boolean;
	readonly line?: number;
	readonly fragment?: string;
}

/** Extension host → webview. */
export type ExtensionToWebviewMessage =
	| {
		/** Replace the body in place (the page is not reloaded, so the scroll position survives). */
		readonly type: 'updateContent';
		readonly source: string;
		readonly version: number;
		readonly style: RenderStyle;
		/** Rendered by the language server: already escaped and URL-sanitised. */
		readonly html: string;
	}
	| {
		/** The editor scrolled: show this (fractional, 0-based) source line at the top. */
		readonly type: 'scrollToLine';
		readonly source: string;
		readonly line: number;
	}
	| {
		/** Reveal a heading by its id (links such as `other.gmi#section` opened in the preview). */
		readonly type: 'scrollToFragment';
		readonly source: string;
		readonly fragment: string;
	};

/** Webview → extension host. */
export type WebviewToExtensionMessage =
	| {
		/** The script started (first load or a reload after the panel was hidden); carries the version it shows. */
		readonly type: 'ready';
		readonly source: string;
		readonly version: number;
	}
	| {
		/** The page now shows this version (acknowledges the initial page and each `updateContent`). */
		readonly type: 'didRender';
		readonly source: string;
		readonly version: number;
	}
	| {
		/** The preview was scrolled by the user: reveal this (fractional, 0-based) line in the editor. */
		readonly type: 'revealLine';
		readonly source: string;
		readonly line: number;
	}
	| {
		/** A double-click on a block: switch to the editor at this 0-based line. */
		readonly type: 'didDoubleClick';
		readonly source: string;
		readonly line: number;
	}
	| {
		/** A link was clicked; the webview never navigates, the host decides what to open. */
		readonly type: 'openLink';
		readonly source: string;
		/** The raw `href` attribute as rendered (relative links unresolved). */
		readonly href: string;
	};

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function isLine(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Validates a message posted by the webview (never trust its shape). */
export function isWebviewMessage(value: unknown): value is WebviewToExtensionMessage {
	if (!isRecord(value) || typeof value.source !== 'string') {
		return false;
	}
	switch (value.type) {
		case 'ready':
		case 'didRender':
			return typeof value.version === 'number' && Number.isInteger(value.version);
		case 'revealLine':
		case 'didDoubleClick':
			return isLine(value.line);
		case 'openLink':
			return typeof value.href === 'string' && value.href.length <= 8192;
		default:
			return false;
	}
}

/** Validates a message received by the webview. */
export function isExtensionMessage(value: unknown): value is ExtensionToWebviewMessage {
	if (!isRecord(value) || typeof value.source !== 'string') {
		return false;
	}
	switch (value.type) {
		case 'updateContent':
			return typeof value.html === 'string' && typeof value.version === 'number' && (value.style === 'gemini' || value.style === 'gemtexter');
		case 'scrollToLine':
			return isLine(value.line);
		case 'scrollToFragment':
			return typeof value.fragment === 'string';
		default:
			return false;
	}
}

/** Validates state restored by the panel serializer (it was written by the webview). */
export function isPreviewState(value: unknown): value is PreviewState {
	return isRecord(value)
		&& typeof value.resource === 'string'
		&& typeof value.locked === 'boolean'
		&& (value.line === undefined || isLine(value.line))
		&& (value.fragment === undefined || typeof value.fragment === 'string');
}
