/**
 * Loads preview pages, built exactly as the extension builds them (buildPreviewPage with the real
 * dist/preview.js and media/preview.css), in headless Debian Chromium served from a loopback HTTP
 * server, and records everything a hostile document might achieve: requests, navigations, frames,
 * dialogs, console output, CSP violations, and writes to the `window.__pwned` trap.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildPreviewPage, createNonce } from '../../client/src/preview/previewDocument';
import type { PreviewSettings } from '../../client/webview/messages';

/** The repository root (tests run from out/test/security). */
export const repoRoot = resolve(__dirname, '..', '..', '..');

const chromiumPath = '/usr/bin/chromium';
const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** A 1×1 transparent PNG, served as a workspace image. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** Runs in every document before its own scripts: the trap, the message stub, the violation log. */
const initScript = `
	window.__pwnedLog = [];
	Object.defineProperty(window, '__pwned', { configurable: false, get() { return undefined; }, set(v) { window.__pwnedLog.push(String(v)); } });
	window.__posted = [];
	window.__violations = [];
	window.__state = undefined;
	window.acquireVsCodeApi = () => ({
		postMessage: (m) => { window.__posted.push(m); },
		getState: () => window.__state,
		setState: (s) => { window.__state = s; },
	});
	window.addEventListener('securitypolicyviolation', (e) => {
		window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
	}, true);
`;

export interface Violation {
	readonly directive: string;
	readonly blocked: string;
	readonly sample: string;
}

export interface Observed {
	/** Every request the page started, as URLs (including those the CSP then blocked). */
	readonly requests: string[];
	/** Requests that reached the network layer for a non-loopback URL (aborted by the harness). */
	readonly leaks: string[];
	/** Requests Chromium refused because of the page's CSP. */
	readonly blockedByCsp: string[];
	/** Main-frame navigations after the initial load. */
	readonly navigations: string[];
	readonly dialogs: string[];
	readonly console: string[];
	readonly pageErrors: string[];
	popups: number;
}

export interface LoadedPage {
	readonly page: Page;
	readonly origin: string;
	readonly observed: Observed;
	/** Non-loopback requests that were not stopped by the CSP: they reached (or may reach) the network. */
	external(): string[];
	pwned(): Promise<string[]>;
	posted(): Promise<Record<string, unknown>[]>;
	violations(): Promise<Violation[]>;
	/** Number of frames besides the main one. */
	frames(): number;
	/** Waits until the webview script acknowledged `version` (event-driven: polls on animation frames). */
	waitForRender(version: number): Promise<void>;
	/** Posts an `updateContent` to the page as the extension would, and waits for its acknowledgement. */
	update(html: string, version: number, style?: 'gemini' | 'gemtexter'): Promise<void>;
	close(): Promise<void>;
}

export const source = 'file:///workspace/doc.gmi';

export class PreviewHarness {
	readonly #browser: Browser;
	readonly #server: Server;
	/** Pages by path, served by the loopback server. */
	readonly #pages: Map<string, string>;
	readonly origin: string;
	#next = 0;

	private constructor(browser: Browser, server: Server, origin: string, pages: Map<string, string>) {
		this.#browser = browser;
		this.#server = server;
		this.origin = origin;
		this.#pages = pages;
	}

	static async start(): Promise<PreviewHarness> {
		const script = join(repoRoot, 'dist', 'preview.js');
		if (!existsSync(script)) {
			throw new Error('dist/preview.js is missing: run `npm run build` first');
		}
		if (!existsSync(chromiumPath)) {
			throw new Error(`${chromiumPath} is missing: apt-get install -y chromium`);
		}
		const pages = new Map<string, string>();
		const server = createServer((req, res) => {
			const path = (req.url ?? '/').split('?')[0];
			const page = pages.get(path);
			if (page !== undefined) {
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
				res.end(page);
			} else if (path === '/dist/preview.js') {
				res.writeHead(200, { 'content-type': 'text/javascript' });
				res.end(readFileSync(script));
			} else if (path === '/media/preview.css') {
				res.writeHead(200, { 'content-type': 'text/css' });
				res.end(readFileSync(join(repoRoot, 'media', 'preview.css')));
			} else if (path.startsWith('/workspace/') && path.endsWith('.png')) {
				res.writeHead(200, { 'content-type': 'image/png' });
				res.end(png);
			} else {
				res.writeHead(404, { 'content-type': 'text/plain' });
				res.end('not found');
			}
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		const { port } = server.address() as AddressInfo;
		const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: launchArgs });
		const harness = new PreviewHarness(browser, server, `http://127.0.0.1:${port}`, pages);
		return harness;
	}

	/** Builds the preview page around `bodyHtml` exactly as the extension does. */
	buildPage(bodyHtml: string, style: 'gemini' | 'gemtexter', version = 1): string {
		const settings: PreviewSettings = {
			source,
			version,
			locked: false,
			scrollPreviewWithEditor: true,
			scrollEditorWithPreview: true,
			doubleClickToSwitchToEditor: true,
		};
		return buildPreviewPage({
			bodyHtml,
			nonce: createNonce(),
			cspSource: this.origin,
			scriptUri: `${this.origin}/dist/preview.js`,
			styleUris: [`${this.origin}/media/preview.css`],
			baseUri: `${this.origin}/workspace/`,
			settings,
			style,
			title: 'doc.gmi',
		});
	}

	/** Serves the page for `bodyHtml`, opens it in a fresh context and waits for the first render. */
	async load(bodyHtml: string, style: 'gemini' | 'gemtexter' = 'gemini', options: { cspOnly?: boolean } = {}): Promise<LoadedPage> {
		const path = `/page/${++this.#next}.html`;
		let page = this.buildPage(bodyHtml, style);
		if (options.cspOnly) {
			// Layer test: the body parsed live, straight into the root, bypassing the inert template
			// and the webview's sanitiser, so only the page's CSP stands between it and the browser.
			const start = page.indexOf('<template id="gemtext-preview-body">');
			const end = page.lastIndexOf('</template>') + '</template>'.length;
			page = page.slice(0, start) + page.slice(end);
			page = page.replace('<main id="gemtext-preview-root"></main>', () => `<main id="gemtext-preview-root">${bodyHtml}</main>`);
		}
		this.#pages.set(path, page);
		const context = await this.#browser.newContext({ javaScriptEnabled: true });
		const origin = this.origin;
		const observed: Observed = { requests: [], leaks: [], blockedByCsp: [], navigations: [], dialogs: [], console: [], pageErrors: [], popups: 0 };
		// Nothing may leave loopback; what tries is recorded (request event) and then aborted.
		// Requests the page's CSP blocks are reported by Chromium as failed with 'csp' and never reach
		// the network; anything that does reach it is routed here, recorded as a leak, and aborted.
		await context.route('**/*', (route) => {
			const url = route.request().url();
			if (url.startsWith(`${origin}/`)) {
				return route.continue();
			}
			observed.leaks.push(url);
			return route.abort();
		});
		await context.addInitScript({ content: initScript });
		const tab = await context.newPage();
		tab.on('request', (r) => observed.requests.push(r.url()));
		tab.on('requestfailed', (r) => {
			if (r.failure()?.errorText === 'csp') {
				observed.blockedByCsp.push(r.url());
			}
		});
		tab.on('dialog', (d) => {
			observed.dialogs.push(`${d.type()}: ${d.message()}`);
			void d.dismiss();
		});
		tab.on('console', (m) => observed.console.push(`${m.type()}: ${m.text()}`));
		tab.on('pageerror', (e) => observed.pageErrors.push(String(e)));
		tab.on('popup', () => observed.popups++);
		let loaded = false;
		tab.on('framenavigated', (frame) => {
			if (frame === tab.mainFrame() && loaded) {
				observed.navigations.push(frame.url());
			}
		});
		await tab.goto(`${origin}${path}`, { waitUntil: 'load' });
		loaded = true;
		const loadedPage: LoadedPage = {
			page: tab,
			origin,
			observed,
			external: () => [...new Set([...observed.leaks, ...observed.requests.filter((u) => !u.startsWith(`${origin}/`) && !observed.blockedByCsp.includes(u))])],
			pwned: () => tab.evaluate('window.__pwnedLog') as Promise<string[]>,
			posted: () => tab.evaluate('window.__posted') as Promise<Record<string, unknown>[]>,
			violations: () => tab.evaluate('window.__violations') as Promise<Violation[]>,
			frames: () => tab.frames().length - 1,
			waitForRender: async (version: number) => {
				await tab.waitForFunction(`window.__posted.some((m) => m.type === 'didRender' && m.version === ${version})`, undefined, { polling: 'raf', timeout: 20_000 });
				// Two more frames: queued tasks (image errors, toggles, refresh timers of 0 s) get their turn.
				await tab.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
			},
			update: async (html: string, version: number, style: 'gemini' | 'gemtexter' = 'gemini') => {
				await tab.evaluate(`window.postMessage(${JSON.stringify({ type: 'updateContent', source, version, style, html })}, '*')`);
				await loadedPage.waitForRender(version);
			},
			close: () => context.close(),
		};
		await loadedPage.waitForRender(1);
		return loadedPage;
	}

	async close(): Promise<void> {
		await this.#browser.close();
		await new Promise<void>((done) => this.#server.close(() => done()));
	}
}
