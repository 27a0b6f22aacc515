// The web extension (vscode.dev, github.dev): the extension as a `browser`-only extension (no `main`),
// which the workbench can only run in its web worker extension host, with the language server in a web worker
// reading files through the client. Loaded into the pinned code-server as the extension under
// development (a copy of the manifest without `main`, and dist/web/), driven from the UI with
// playwright-core: the language, the Outline, a problem found through the worker's file access
// (a broken link next to a working one) and the preview.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium, makeSandbox, startCodeServer } from '../../scripts/e2e/codeServer.mjs';
import { install } from '../../scripts/e2e/install.mjs';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const STEP_MS = 60_000;

/** The extension as a web-only extension: the manifest without its Node entry, and what the web build needs. */
function webOnlyExtension(dir) {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	delete manifest.main;
	delete manifest.scripts;
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, '\t'));
	mkdirSync(join(dir, 'dist'), { recursive: true });
	cpSync(join(root, 'dist', 'web'), join(dir, 'dist', 'web'), { recursive: true });
	cpSync(join(root, 'dist', 'preview.js'), join(dir, 'dist', 'preview.js'));
	for (const part of ['syntaxes', 'media', 'language-configuration.json', 'README.md', 'LICENSE']) {
		cpSync(join(root, part), join(dir, part), { recursive: true });
	}
}

describe('the web extension in a web worker extension host', { timeout: 10 * 60_000 }, () => {
	let sandbox;
	let server;
	let browser;
	let page;

	before(async () => {
		await install();
		sandbox = makeSandbox({ prefix: 'gemtext-web-' });
		const extension = join(sandbox.root, 'gemtext-web');
		webOnlyExtension(extension);
		const userDataDir = join(sandbox.root, 'user-data');
		mkdirSync(join(userDataDir, 'User'), { recursive: true });
		writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'git.enabled': false }));
		const workspace = join(sandbox.root, 'capsule');
		mkdirSync(join(workspace, 'notes'), { recursive: true });
		writeFileSync(join(workspace, 'index.gmi'), '# Web home\n\n## Links\n=> notes/kept.gmi Kept\n=> notes/gone.gmi Gone\n');
		writeFileSync(join(workspace, 'notes', 'kept.gmi'), '# Kept\n');
		server = await startCodeServer({ sandbox, userDataDir, extensionsDir: join(sandbox.root, 'extensions'), extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
		browser = await launchChromium({ sandbox });
		page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		page.setDefaultTimeout(STEP_MS);
		const host = new URL(server.origin).host;
		const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${host}${extension}`], ['skipWelcome', 'true']]);
		await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`, { waitUntil: 'domcontentloaded' });
		await page.locator('.monaco-workbench').waitFor();
		await page.locator('.explorer-folders-view').getByRole('treeitem', { name: 'index.gmi', exact: true }).click();
		await page.locator('.editor-instance .view-lines', { hasText: 'Web home' }).waitFor();
	});

	after(async () => {
		await browser?.close();
		await server?.stop();
		sandbox?.dispose();
	});

	it('the language, the Outline and a problem found through the client file system', async () => {
		await page.locator('.explorer-folders-view').getByRole('treeitem', { name: 'index.gmi', exact: true }).click();
		await page.locator('[id="status.editor.mode"]').filter({ hasText: /^Gemtext$/ }).waitFor();
		const header = page.locator('.pane-header', { hasText: /^Outline/i });
		if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
		await page.locator('.outline-pane').getByRole('treeitem', { name: 'Links' }).first().waitFor();
		// One warning: gone.gmi is missing; kept.gmi was found by a stat through the client.
		await page.keyboard.press('Control+Shift+M');
		const problems = page.locator('.markers-panel');
		await problems.getByText('`notes/gone.gmi` does not exist.', { exact: false }).first().waitFor();
		assert.equal(await problems.getByText('kept.gmi', { exact: false }).count(), 0);
	});

	it('folding and completion of a path, read through the client file system', async () => {
		await page.locator('.explorer-folders-view').getByRole('treeitem', { name: 'index.gmi', exact: true }).click();
		const editor = page.locator('.editor-instance .monaco-editor').first();
		// The section "## Links" folds: VS Code draws a folding control in the gutter for it.
		await editor.locator('.margin-view-overlays .codicon-folding-expanded, .margin-view-overlays .codicon-folding-collapsed').first().waitFor({ state: 'attached' });
		// A new link line: completion after `=> ` lists the folder the worker found through the client.
		await editor.locator('.view-line', { hasText: 'Gone' }).click();
		await page.keyboard.press('End');
		await page.keyboard.press('Enter');
		await page.keyboard.type('=> no');
		await page.keyboard.press('Control+Space');
		await page.locator('.suggest-widget .monaco-list-row', { hasText: 'notes' }).first().waitFor();
		await page.keyboard.press('Escape');
		await page.keyboard.press('Control+Z');
	});

	it('the preview renders in the web', async () => {
		await page.locator('.editor-instance .view-lines', { hasText: 'Web home' }).first().click();
		await page.keyboard.press('Control+Shift+P');
		await page.keyboard.type('Gemtext: Open Preview to the Side');
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Gemtext: Open Preview to the Side' }).first().waitFor();
		await page.keyboard.press('Enter');
		const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
		await webview.locator('#gemtext-preview-root').locator('text=Web home').first().waitFor();
	});
});
