/**
 * The invariants every loaded preview page must satisfy, whatever document it shows.
 */
import { strict as assert } from 'node:assert';
import type { LoadedPage } from './harness';

/**
 * Schemes a link or image in the live DOM must never carry: those that run code or reach local
 * files (markdown-it's list and VS Code's own), and `data:` other than a GIF/PNG/JPEG/WebP image.
 * Any other scheme stays a link, as Gemtexter publishes it; clicks are the host's to decide.
 */
const dangerousSchemes = /^(javascript|vbscript|file|command|vscode|vscode-insiders|vscode-webview|vscode-resource|vscode-webview-resource|vscode-file|[a-z]):/i;
const dataUrl = /^data:/i;
const dataImage = /^data:image\/(?:gif|png|jpeg|webp);/i;

/** Nothing ran, nothing navigated, nothing left loopback, nothing dangerous stayed in the DOM. */
export async function assertInert(loaded: LoadedPage, label: string): Promise<void> {
	assert.deepEqual(await loaded.pwned(), [], `${label}: document code ran`);
	assert.deepEqual(loaded.observed.dialogs, [], `${label}: a dialog opened`);
	assert.deepEqual(loaded.external(), [], `${label}: requests left loopback`);
	assert.deepEqual(loaded.observed.navigations, [], `${label}: the page navigated`);
	assert.equal(loaded.observed.popups, 0, `${label}: a popup opened`);
	assert.equal(loaded.frames(), 0, `${label}: a frame exists`);
	assert.deepEqual(loaded.observed.console.filter((m) => /pwned/i.test(m) && !/Content Security Policy/i.test(m)), [], `${label}: document code logged`);
	assert.deepEqual(loaded.observed.pageErrors, [], `${label}: page errors`);
	const dom = await loaded.page.evaluate(`(() => {
		const root = document.getElementById('gemtext-preview-root');
		const scripts = document.querySelectorAll('script');
		return {
			scripts: Array.from(scripts).map((s) => s.src),
			dangerous: Array.from(root.querySelectorAll('script, iframe, frame, object, embed, meta, base, link, style, form, svg, video, audio')).map((e) => e.tagName),
			handlers: Array.from(root.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => e.tagName + ' ' + a.name)),
			urls: Array.from(root.querySelectorAll('[href], [src]')).map((e) => e.getAttribute('href') ?? e.getAttribute('src')),
			location: location.href,
		};
	})()`) as { scripts: string[]; dangerous: string[]; handlers: string[]; urls: string[]; location: string };
	assert.deepEqual(dom.scripts, [`${loaded.origin}/dist/preview.js`], `${label}: only the preview script is on the page`);
	assert.deepEqual(dom.dangerous, [], `${label}: dangerous elements in the live DOM`);
	assert.deepEqual(dom.handlers, [], `${label}: event handler attributes in the live DOM`);
	for (const url of dom.urls) {
		const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
		const safe = scheme === undefined || (!dangerousSchemes.test(`${scheme}:`) && (!dataUrl.test(`${scheme}:`) || dataImage.test(url.trim())));
		assert.ok(safe, `${label}: unsafe URL in the DOM: ${url.slice(0, 120)}`);
	}
	assert.ok(dom.location.startsWith(`${loaded.origin}/page/`), `${label}: the page is no longer the preview (${dom.location})`);
}

/**
 * Clicks (and middle-clicks) every link on the page: none may navigate or run code; each ordinary
 * click becomes an `openLink` message for the extension or an in-page scroll for fragments.
 */
export async function clickEveryLink(loaded: LoadedPage, label: string): Promise<string[]> {
	const before = (await loaded.posted()).length;
	const anchors = await loaded.page.$$('#gemtext-preview-root a');
	for (const anchor of anchors.slice(0, 40)) {
		await anchor.dispatchEvent('click', { button: 0 });
		await anchor.dispatchEvent('auxclick', { button: 1 });
	}
	await loaded.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
	await assertInert(loaded, `${label} (after clicks)`);
	const posted = (await loaded.posted()).slice(before);
	return posted.filter((m) => m.type === 'openLink').map((m) => String(m.href));
}
