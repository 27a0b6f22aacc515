/**
 * The script inside the preview webview. It never navigates and never evaluates anything from the
 * document: it swaps in server-rendered bodies, highlights code blocks, keeps scroll in sync with the
 * editor, and turns clicks into messages for the extension host, which decides what to open.
 */
import { highlightBlocks } from './highlight';
import { allowedInlineStyles, isExtensionMessage, type ExtensionToWebviewMessage, type PreviewSettings, type PreviewState, type WebviewToExtensionMessage } from './messages';
import { parseSanitized, sanitizeTree } from './sanitize';
import { getLineForOffset, getOffsetForLine, normalizeBlocks, type LineBlock } from './scrollSync';

interface VsCodeApi {
	postMessage(message: WebviewToExtensionMessage): void;
	getState(): unknown;
	setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function readSettings(): PreviewSettings {
	const data = document.getElementById('gemtext-preview-settings')?.getAttribute('data-settings');
	if (!data) {
		throw new Error('gemtext preview: settings missing from the page');
	}
	return JSON.parse(data) as PreviewSettings;
}

const settings = readSettings();
const allowedStyles = new Set(allowedInlineStyles);
let version = settings.version;
let state: PreviewState = restoreState();

function restoreState(): PreviewState {
	const saved = vscode.getState() as Partial<PreviewState> | undefined;
	// A reload of the same document keeps its scroll line; a different document starts from the settings.
	const line = saved?.resource === settings.source && typeof saved.line === 'number' ? saved.line : settings.line;
	return { resource: settings.source, locked: settings.locked, line, fragment: settings.fragment };
}

function saveState(update: Partial<PreviewState>): void {
	state = { ...state, ...update };
	vscode.setState(state);
}

function root(): HTMLElement {
	return document.getElementById('gemtext-preview-root') ?? document.body;
}

/** Measures every block stamped with its source line. */
function measureBlocks(): LineBlock[] {
	const scrollY = window.scrollY;
	const blocks: LineBlock[] = [];
	for (const el of Array.from(root().querySelectorAll('[data-line]'))) {
		const line = Number(el.getAttribute('data-line'));
		const rect = el.getBoundingClientRect();
		blocks.push({ line, top: rect.top + scrollY, height: rect.height });
	}
	return normalizeBlocks(blocks);
}

// Programmatic scrolls (from the editor, or a layout change after an update) must not echo back to
// the editor as if the user had scrolled the preview; scroll events fire on a later frame, hence a
// short time window rather than a flag.
let ignoreScrollUntil = 0;

function scrollToOffset(offset: number): void {
	ignoreScrollUntil = performance.now() + 100;
	window.scrollTo(0, Math.max(0, offset));
}

function scrollToLine(line: number): void {
	// The top of the source is the top of the page, as in Markdown's preview: what precedes the first
	// block (a Gemtexter page's header) stays in view.
	const offset = line <= 0 ? 0 : getOffsetForLine(measureBlocks(), line);
	if (offset !== undefined) {
		scrollToOffset(offset);
		saveState({ line, fragment: undefined });
	}
}

function scrollToFragment(fragment: string): boolean {
	let id = fragment;
	try {
		id = decodeURIComponent(fragment);
	} catch {
		// A malformed escape is looked up as written.
	}
	const target = document.getElementById(id);
	if (!target || !root().contains(target)) {
		return false;
	}
	ignoreScrollUntil = performance.now() + 100;
	target.scrollIntoView({ block: 'start' });
	saveState({ fragment: id });
	return true;
}

function acknowledge(): void {
	vscode.postMessage({ type: 'didRender', source: settings.source, version });
}

function updateContent(message: Extract<ExtensionToWebviewMessage, { type: 'updateContent' }>): void {
	if (message.source !== settings.source) {
		return;
	}
	const scrollY = window.scrollY;
	// The body is replaced in place: no page load, so the scroll position and the script survive.
	// The HTML is server output (escaped, URL-sanitised); it is still parsed inertly and sanitised
	// before it goes live, and the CSP blocks scripts and foreign loads should anything slip through.
	root().replaceChildren(parseSanitized(message.html, allowedStyles));
	document.body.classList.toggle('gemtext-style-gemtexter', message.style === 'gemtexter');
	document.body.classList.toggle('gemtext-style-gemini', message.style === 'gemini');
	highlightBlocks(root());
	if (window.scrollY !== scrollY) {
		scrollToOffset(scrollY);
	}
	ignoreScrollUntil = performance.now() + 100;
	version = message.version;
	acknowledge();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
	const message = event.data;
	if (!isExtensionMessage(message) || message.source !== settings.source) {
		return;
	}
	switch (message.type) {
		case 'updateContent':
			updateContent(message);
			break;
		case 'scrollToLine':
			if (settings.scrollPreviewWithEditor) {
				scrollToLine(message.line);
			}
			break;
		case 'scrollToFragment':
			scrollToFragment(message.fragment);
			break;
	}
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
	if (performance.now() < ignoreScrollUntil) {
		return;
	}
	// Throttled: one message per 50 ms is smooth for the editor and cheap for the host.
	scrollTimer ??= setTimeout(() => {
		scrollTimer = undefined;
		const line = getLineForOffset(measureBlocks(), window.scrollY);
		if (line === undefined) {
			return;
		}
		saveState({ line, fragment: undefined });
		if (settings.scrollEditorWithPreview) {
			vscode.postMessage({ type: 'revealLine', source: settings.source, line });
		}
	}, 50);
}, { passive: true });

/** The anchor element an event came through, if any (the click may land on an `img` inside it). */
function anchorOf(event: Event): HTMLAnchorElement | undefined {
	for (const node of event.composedPath()) {
		if (node instanceof HTMLAnchorElement) {
			return node;
		}
	}
	return undefined;
}

function onLinkActivation(event: MouseEvent): void {
	const anchor = anchorOf(event);
	if (!anchor) {
		return;
	}
	// The webview itself never navigates: every link activation is cancelled here, in the capture
	// phase, before VS Code's own webview link handling could act on it.
	event.preventDefault();
	event.stopImmediatePropagation();
	if (event.type !== 'click' || event.button !== 0) {
		return;
	}
	const href = anchor.getAttribute('href');
	if (!href) {
		return;
	}
	if (href.startsWith('#')) {
		scrollToFragment(href.slice(1));
		return;
	}
	vscode.postMessage({ type: 'openLink', source: settings.source, href });
}
document.addEventListener('click', onLinkActivation, true);
document.addEventListener('auxclick', onLinkActivation, true);

document.addEventListener('dblclick', (event) => {
	if (!settings.doubleClickToSwitchToEditor || anchorOf(event)) {
		return;
	}
	const target = event.target instanceof Element ? event.target.closest('[data-line]') : null;
	const line = target ? Number(target.getAttribute('data-line')) : getLineForOffset(measureBlocks(), event.pageY);
	if (line !== undefined && Number.isFinite(line)) {
		vscode.postMessage({ type: 'didDoubleClick', source: settings.source, line: Math.floor(line) });
	}
});

// Dropping a link or file on the page would navigate the webview; the host handles drops instead.
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => event.preventDefault());

/** Reveals the heading a link pointed to, else the remembered or requested line. */
function revealInitialPosition(): void {
	const revealed = state.fragment !== undefined && scrollToFragment(state.fragment);
	if (!revealed && state.line !== undefined) {
		scrollToLine(state.line);
	}
}

// `defer` scripts run with the body parsed but images possibly still loading, so the initial reveal
// is repeated once they have their sizes.
/** Makes the page's initial body live: it arrives inert in a template and is sanitised first. */
function adoptInitialBody(): void {
	const template = document.getElementById('gemtext-preview-body');
	if (template instanceof HTMLTemplateElement) {
		const body = template.content;
		sanitizeTree(body, allowedStyles);
		template.remove();
		root().replaceChildren(document.importNode(body, true));
	}
}

adoptInitialBody();
highlightBlocks(root());
saveState({});
revealInitialPosition();
window.addEventListener('load', revealInitialPosition, { once: true });
vscode.postMessage({ type: 'ready', source: settings.source, version });
acknowledge();
