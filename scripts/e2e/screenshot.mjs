#!/usr/bin/env node
// `npm run screenshot`: the README pictures. Packages the extension, installs the .vsix into the pinned
// code-server, opens a copy of samples/capsule and opens a blog post from the Explorer like a person
// would. Then:
//   outline  expands the Outline and writes docs/images/outline.png. Checks that the editor says
//            "Gemtext", that the Outline lists the post's headings and that the code is highlighted.
//   preview  runs "Gemtext: Open Preview to the Side" from the Command Palette, waits until the webview
//            shows the rendered post (its first heading, a highlighted code block, the image loaded),
//            closes the side bar, scrolls to "Headings and links" and writes docs/images/preview.png
//            (1440x900). Fails if the preview's style sheet or image did not load.
//
//   page     (only with --only page) the same with gemtext.preview.gemtexterPage = page: waits for the
//            site's header, checks that the sample theme's style sheet applied, and writes
//            docs/images/preview-page.png.
//
//   node scripts/e2e/screenshot.mjs [--skip-package] [--only outline|preview|page] [--out FILE]
//
// Outline and preview by default; --out names the file when only one is made.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { launchChromium, makeSandbox, runCodeServerCli, startCodeServer } from './codeServer.mjs';
import { install } from './install.mjs';
import { repoRoot, testRoot } from './paths.mjs';
import { packageVsix, vsixPath } from './vsix.mjs';

const TAG = '[screenshot]';
const log = (m) => console.log(`${TAG} ${m}`);
const args = process.argv.slice(2);
const PICTURES = { outline: 'docs/images/outline.png', preview: 'docs/images/preview.png', page: 'docs/images/preview-page.png' };
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
if (onlyAt >= 0 && !Object.hasOwn(PICTURES, only ?? '')) usage(`--only takes ${Object.keys(PICTURES).join(' or ')}`);
const scenes = only ? [only] : ['outline', 'preview'];
const outAt = args.indexOf('--out');
if (outAt >= 0 && (!args[outAt + 1] || scenes.length !== 1)) usage('--out FILE needs --only outline|preview|page');
const outFiles = Object.fromEntries(scenes.map((name) => [name, resolve(repoRoot, outAt >= 0 ? args[outAt + 1] : PICTURES[name])]));
function usage(message) {
	console.error(`${TAG} ${message}\nusage: node scripts/e2e/screenshot.mjs [--skip-package] [--only outline|preview|page] [--out FILE]`);
	process.exit(2);
}
const POST = '2025-02-03-a-tour-of-gemtext.gmi';
/** The headings of that post, in order: what the Outline must show. */
const HEADINGS = ['A tour of Gemtext', 'Headings and links', 'Lists and quotes', 'Preformatted text', 'ASCII art', 'Wrap-up'];
const VIEWPORT = { width: 1280, height: 800 };
/** Editor and preview side by side need a little more room. */
const PREVIEW_VIEWPORT = { width: 1440, height: 900 };
const TIMEOUT_MS = 5 * 60_000;
const STEP_MS = 60_000;

/** A clean, reproducible look: default dark theme, nothing but Explorer, Outline and the editor. */
const SETTINGS = {
	'workbench.colorTheme': 'Default Dark Modern',
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	'workbench.layoutControl.enabled': false,
	'chat.disableAIFeatures': true,
	'chat.commandCenter.enabled': false,
	'window.commandCenter': false,
	'editor.minimap.enabled': false,
	'editor.stickyScroll.enabled': false,
	'editor.fontSize': 14,
	'editor.occurrencesHighlight': 'off',
	'editor.selectionHighlight': false,
	'outline.collapseItems': 'alwaysExpand',
	'breadcrumbs.enabled': true,
	'extensions.autoCheckUpdates': false,
	'extensions.ignoreRecommendations': true,
	'git.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.showReleaseNotes': false,
	...(only === 'page' ? { 'gemtext.preview.gemtexterPage': 'page' } : {}),
};

async function main() {
	if (!args.includes('--skip-package') || !existsSync(vsixPath)) packageVsix({ log });
	await install();

	sandbox = makeSandbox({ prefix: 'gemtext-screenshot-' });
	const userDataDir = join(sandbox.root, 'user-data');
	const extensionsDir = join(sandbox.root, 'extensions');
	mkdirSync(join(userDataDir, 'User'), { recursive: true });
	writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, '\t'));
	// A copy, so the window title says "capsule" and nothing touches the repository's samples.
	const workspace = join(sandbox.root, 'capsule');
	cpSync(join(repoRoot, 'samples', 'capsule'), workspace, { recursive: true });

	try {
		log('installing the .vsix into code-server');
		runCodeServerCli(['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsixPath, '--force'], { sandbox });
		server = await startCodeServer({ sandbox, userDataDir, extensionsDir });
		browser = await launchChromium({ sandbox });
		const page = await browser.newPage({ viewport: VIEWPORT });
		page.setDefaultTimeout(STEP_MS);
		log(`opening the workbench on ${server.origin}`);
		await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
		await page.locator('.monaco-workbench').waitFor();

		// Explorer: gemfeed/ → the post, clicked like a person would.
		const explorer = page.locator('.explorer-folders-view');
		await explorer.waitFor();
		log(`opening gemfeed/${POST} from the Explorer`);
		await explorer.getByRole('treeitem', { name: 'gemfeed', exact: true }).click();
		await explorer.getByRole('treeitem', { name: POST, exact: true }).click();
		const editor = page.locator('.editor-instance .monaco-editor').first();
		await editor.locator('.view-lines', { hasText: 'A tour of Gemtext' }).waitFor();

		// The status bar's language indicator says which language the editor picked.
		const mode = page.locator('[id="status.editor.mode"]');
		await mode.filter({ hasText: 'Gemtext' }).waitFor();
		log(`language mode: ${(await mode.innerText()).trim()}`);

		for (const scene of scenes) {
			log(`${scene} picture`);
			try {
				await ({ outline: outlineScene, preview: previewScene, page: pageScene })[scene](page, editor, outFiles[scene]);
			} catch (e) {
				// What the window showed when it went wrong, for the failure report.
				const failure = join(testRoot, `screenshot-${scene}-failed.png`);
				await page.screenshot({ path: failure }).then(() => log(`the window at the failure: ${failure}`), () => {});
				throw e;
			}
		}
	} finally {
		await cleanup();
	}
}

/** The Outline pane expanded beside the post, the cursor in its bash block. */
async function outlineScene(page, editor, outFile) {
	// Outline: expand its pane below the Explorer and wait for the language server's headings.
	const outlineHeader = page.locator('.pane-header', { hasText: /^Outline/i });
	if ((await outlineHeader.getAttribute('aria-expanded')) !== 'true') await outlineHeader.click();
	const outline = page.locator('.outline-pane');
	await outline.waitFor();
	for (const h of HEADINGS) await outline.getByRole('treeitem', { name: h }).first().waitFor();
	await growOutline(page, outlineHeader);
	log(`outline: ${(await outline.getByRole('treeitem').allInnerTexts()).map((t) => t.trim()).join(' | ')}`);

	// Put the cursor in the ``` bash block so the Outline highlights "Preformatted text".
	await editor.locator('.view-line', { hasText: 'Publish the capsule' }).click();
	await outline.locator('.monaco-list-row.focused, .monaco-list-row.selected', { hasText: 'Preformatted text' }).first().waitFor().catch(() => {});

	await waitForEditorHighlighting(page);
	await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
	await writeScreenshot(page, outFile);
}

/**
 * Runs "Gemtext: Open Preview to the Side" from the Command Palette at the preview viewport size,
 * as a person would; resolves to the webview's page and the preview's root element.
 */
async function openPreview(page, editor) {
	await page.setViewportSize(PREVIEW_VIEWPORT);
	// The command is offered while a Gemtext editor is active: focus it, cursor on the first line.
	await editor.locator('.view-line', { hasText: 'A tour of Gemtext' }).first().click();
	await page.keyboard.press('Control+Home');
	await runCommand(page, 'Gemtext: Open Preview to the Side');
	// Webviews are two nested iframes: the workbench's host frame (iframe.webview, "ready" once it has
	// loaded) and inside it the frame with the extension's page (iframe#active-frame).
	const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
	return { webview, root: webview.locator('#gemtext-preview-root') };
}

/**
 * The post on the left and its live preview on the right: the command run from the Command Palette as
 * a person would, the side bar closed to give both halves room.
 */
async function previewScene(page, editor, outFile) {
	const { webview, root } = await openPreview(page, editor);
	await root.locator('h1', { hasText: HEADINGS[0] }).waitFor();
	log('preview: first heading rendered');
	// highlight.js marks the block it highlighted with .hljs and its tokens with .hljs-* classes.
	const bash = root.locator('pre', { hasText: 'Publish the capsule' });
	await bash.locator('[class*="hljs-"]').first().waitFor();
	log(`preview: bash block highlighted (${await bash.locator('[class*="hljs-"]').count()} tokens)`);
	// preview.css (the look and the highlight colours) must have applied: a content security policy that
	// blocks the extension's own resources leaves the page in VS Code's bare webview defaults.
	const styled = await bash.evaluate((pre) => getComputedStyle(pre).backgroundColor !== 'rgba(0, 0, 0, 0)');
	if (!styled) {
		const csp = await webview.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
		throw new Error(`the preview's style sheet media/preview.css did not apply (content security policy: ${csp})`);
	}
	// The post links images/capsule-map.png, which Gemtexter shows inline: wait until it has loaded.
	const image = root.locator('img').first();
	await image.waitFor();
	await image.evaluate((img) => img.complete || new Promise((r) => img.addEventListener('load', r, { once: true })));
	const size = await image.evaluate((img) => `${img.naturalWidth}x${img.naturalHeight}`);
	if (size === '0x0') throw new Error(`the preview's image did not load (${await image.getAttribute('src')})`);
	log(`preview: image ${size}`);

	// Close the side bar (Explorer, Outline) so editor and preview share the window, from the editor.
	await editor.locator('.view-line', { hasText: 'A tour of Gemtext' }).first().click();
	await page.keyboard.press('Control+Home');
	const sidebar = page.locator('.part.sidebar');
	if (await sidebar.isVisible()) await page.keyboard.press('Control+B');
	await sidebar.waitFor({ state: 'hidden' });

	// Scroll the editor until "## Headings and links" is its top line (Ctrl+Down scrolls one line); the
	// preview follows it (scroll sync), so both halves show the links, the image, the list, the quote and
	// the highlighted bash block.
	const scrolled = () => webview.locator('html').evaluate(() => document.scrollingElement.scrollTop);
	const heading = editor.locator('.view-line', { hasText: HEADINGS[1] });
	for (let i = 0; i < 20 && (await heading.boundingBox()).y > (await editor.locator('.editor-scrollable').boundingBox()).y + 2; i++) {
		await page.keyboard.press('Control+ArrowDown');
		await page.waitForTimeout(50);
	}
	const deadline = Date.now() + 10_000;
	while ((await scrolled()) === 0 && Date.now() < deadline) await page.waitForTimeout(200);
	log(`preview: scrolled with the editor to ${await scrolled()} px`);

	await waitForEditorHighlighting(page);
	await page.mouse.move(PREVIEW_VIEWPORT.width - 5, PREVIEW_VIEWPORT.height - 5);
	// Let the webview settle after the layout change (it re-lays out and keeps its scroll position).
	await page.waitForTimeout(1_000);
	await writeScreenshot(page, outFile);
}

/**
 * The post in page mode: the sample capsule's header and footer around it, its theme's style sheet
 * applied; the side bar closed, the preview scrolled to the quote so header, body and quotes show.
 */
async function pageScene(page, editor, outFile) {
	const { webview, root } = await openPreview(page, editor);
	await root.locator('p.header').waitFor();
	await root.locator('p.footer').waitFor();
	log(`page: header "${(await root.locator('p.header').innerText()).trim()}"`);
	// The sample theme gives the body a light paper background: the theme's style sheet applied.
	const background = await webview.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
	if (background !== 'rgb(255, 253, 247)') throw new Error(`the theme's style sheet did not apply (body background ${background})`);
	if ((await root.locator('script').count()) > 0) throw new Error('a script from the page reached the rendered content');

	await editor.locator('.view-line', { hasText: 'A tour of Gemtext' }).first().click();
	const sidebar = page.locator('.part.sidebar');
	if (await sidebar.isVisible()) await page.keyboard.press('Control+B');
	await sidebar.waitFor({ state: 'hidden' });
	await waitForEditorHighlighting(page);
	await page.mouse.move(PREVIEW_VIEWPORT.width - 5, PREVIEW_VIEWPORT.height - 5);
	await page.waitForTimeout(1_000);
	await writeScreenshot(page, outFile);
}

/**
 * F1, the command's title, then that entry: the palette's fuzzy match may rank a longer title first
 * ("Open Locked Preview to the Side"), so move down to the entry whose label is exactly the title, Enter.
 */
async function runCommand(page, title) {
	log(`command palette: ${title}`);
	await page.keyboard.press('F1');
	const palette = page.locator('.quick-input-widget');
	const input = palette.locator('input');
	await input.waitFor();
	await input.pressSequentially(title, { delay: 10 });
	const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
	const entry = palette.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) });
	await entry.waitFor();
	for (let i = 0; i < 10 && !(await entry.evaluate((row) => row.classList.contains('focused'))); i++) {
		await page.keyboard.press('ArrowDown');
	}
	await palette.locator('.monaco-list-row.focused').filter({ has: page.locator('.label-name', { hasText: exact }) }).waitFor({ timeout: 5_000 });
	await page.keyboard.press('Enter');
	await palette.waitFor({ state: 'hidden' });
}

/** Highlighting: the grammar (and the embedded bash grammar) colour many tokens differently. */
async function waitForEditorHighlighting(page) {
	await page.waitForFunction(() => {
		const spans = document.querySelectorAll('.editor-instance .view-lines span[class*="mtk"]');
		return new Set([...spans].map((s) => s.className)).size >= 6;
	});
}

async function writeScreenshot(page, outFile) {
	mkdirSync(dirname(outFile), { recursive: true });
	await page.screenshot({ path: outFile });
	log(`wrote ${outFile}`);
}

/** Drags the sash above the Outline pane up, so the whole heading tree is visible. */
async function growOutline(page, outlineHeader) {
	const header = await outlineHeader.boundingBox();
	if (!header) return;
	const sashes = await page.locator('.part.sidebar .monaco-sash.horizontal').all();
	let best;
	for (const sash of sashes) {
		const box = await sash.boundingBox();
		if (box && box.width > 0 && (!best || Math.abs(box.y - header.y) < Math.abs(best.y - header.y))) best = box;
	}
	if (!best || Math.abs(best.y - header.y) > 10) return;
	const x = best.x + best.width / 2;
	const y = best.y + best.height / 2;
	await page.mouse.move(x, y);
	await page.mouse.down();
	await page.mouse.move(x, y - 160, { steps: 8 });
	await page.mouse.up();
}

let sandbox;
let server;
let browser;
async function cleanup() {
	await browser?.close().catch(() => {});
	await server?.stop();
	sandbox?.dispose();
	browser = server = sandbox = undefined;
}

let timer;
try {
	await Promise.race([
		main(),
		new Promise((_, reject) => {
			timer = setTimeout(() => reject(new Error(`did not finish within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
			timer.unref();
		}),
	]);
	clearTimeout(timer);
} catch (e) {
	console.error(`${TAG} FAILED: ${e?.message ?? e}`);
	await cleanup();
	process.exit(1);
}
