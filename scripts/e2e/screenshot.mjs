#!/usr/bin/env node
// `npm run screenshot`: the README picture. Packages the extension, installs the .vsix into the pinned
// code-server, opens a copy of samples/capsule, opens a blog post from the Explorer like a person
// would, expands the Outline and writes docs/images/outline.png. Checks on the way that the editor
// says "Gemtext", that the Outline lists the post's headings and that the code is highlighted.
//
//   node scripts/e2e/screenshot.mjs [--skip-package] [--out FILE]
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { launchChromium, makeSandbox, runCodeServerCli, startCodeServer } from './codeServer.mjs';
import { install } from './install.mjs';
import { repoRoot } from './paths.mjs';
import { packageVsix, vsixPath } from './vsix.mjs';

const TAG = '[screenshot]';
const log = (m) => console.log(`${TAG} ${m}`);
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outFile = resolve(repoRoot, outAt >= 0 ? args[outAt + 1] : 'docs/images/outline.png');
const POST = '2025-02-03-a-tour-of-gemtext.gmi';
/** The headings of that post, in order: what the Outline must show. */
const HEADINGS = ['A tour of Gemtext', 'Headings and links', 'Lists and quotes', 'Preformatted text', 'ASCII art', 'Wrap-up'];
const VIEWPORT = { width: 1280, height: 800 };
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

		// Highlighting: the grammar (and the embedded bash grammar) colour many tokens differently.
		await page.waitForFunction(() => {
			const spans = document.querySelectorAll('.editor-instance .view-lines span[class*="mtk"]');
			return new Set([...spans].map((s) => s.className)).size >= 6;
		});
		await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);

		mkdirSync(dirname(outFile), { recursive: true });
		await page.screenshot({ path: outFile });
		log(`wrote ${outFile}`);
	} finally {
		await cleanup();
	}
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
