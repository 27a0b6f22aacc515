// The extension as users get it: the packaged .vsix installed into the pinned code-server (a real
// VS Code), a capsule opened in the browser and driven from the UI like a person would with
// playwright-core: a post opened from the Explorer says "Gemtext" in the status bar and its headings
// appear in the Outline; a template says "Gemtexter Template". Runs after the other suites: packaging
// makes the production build of dist/.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium, makeSandbox, runCodeServerCli, startCodeServer } from '../../scripts/e2e/codeServer.mjs';
import { install } from '../../scripts/e2e/install.mjs';
import { packageVsix, vsixPath } from '../../scripts/e2e/vsix.mjs';

const STEP_MS = 60_000;

describe('the installed .vsix in a real VS Code', { timeout: 10 * 60_000 }, () => {
	let sandbox;
	let server;
	let browser;
	let page;

	before(async () => {
		packageVsix({ log: () => undefined });
		await install();
		sandbox = makeSandbox({ prefix: 'gemtext-vsix-' });
		const userDataDir = join(sandbox.root, 'user-data');
		const extensionsDir = join(sandbox.root, 'extensions');
		mkdirSync(join(userDataDir, 'User'), { recursive: true });
		writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'outline.collapseItems': 'alwaysExpand', 'telemetry.telemetryLevel': 'off', 'git.enabled': false }));
		const workspace = join(sandbox.root, 'capsule');
		mkdirSync(join(workspace, 'gemfeed'), { recursive: true });
		writeFileSync(join(workspace, 'gemfeed', 'post.gmi'), '# First heading\n\nText.\n\n## Second heading\n\n### Third heading\n');
		writeFileSync(join(workspace, 'gemfeed', 'draft.gmi.tpl'), '# A template\n\n<< template::inline::toc\n\n## Part\n');
		runCodeServerCli(['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsixPath, '--force'], { sandbox });
		server = await startCodeServer({ sandbox, userDataDir, extensionsDir });
		browser = await launchChromium({ sandbox });
		page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		page.setDefaultTimeout(STEP_MS);
		await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
		await page.locator('.monaco-workbench').waitFor();
		await page.locator('.explorer-folders-view').getByRole('treeitem', { name: 'gemfeed', exact: true }).click();
	});

	after(async () => {
		await browser?.close();
		await server?.stop();
		sandbox?.dispose();
	});

	it('a .gmi opened from the Explorer is Gemtext, with its headings in the Outline', async () => {
		await page.locator('.explorer-folders-view').getByRole('treeitem', { name: 'post.gmi', exact: true }).click();
		await page.locator('.editor-instance .view-lines', { hasText: 'First heading' }).waitFor();
		const mode = page.locator('[id="status.editor.mode"]');
		await mode.filter({ hasText: /^Gemtext$/ }).waitFor();
		assert.equal((await mode.innerText()).trim(), 'Gemtext');
		const header = page.locator('.pane-header', { hasText: /^Outline/i });
		if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
		const outline = page.locator('.outline-pane');
		for (const h of ['First heading', 'Second heading', 'Third heading']) {
			await outline.getByRole('treeitem', { name: h }).first().waitFor();
		}
		const items = (await outline.getByRole('treeitem').allInnerTexts()).map((t) => t.trim());
		assert.deepEqual(items.slice(0, 3).map((t) => t.replace(/#+$/, '').trim()), ['First heading', 'Second heading', 'Third heading']);
	});

	it('a .gmi.tpl is a Gemtexter Template, outlined as the page it generates', async () => {
		await page.locator('.explorer-folders-view').getByRole('treeitem', { name: 'draft.gmi.tpl', exact: true }).click();
		await page.locator('.editor-instance .view-lines', { hasText: 'A template' }).waitFor();
		await page.locator('[id="status.editor.mode"]').filter({ hasText: /^Gemtexter Template$/ }).waitFor();
		await page.locator('.outline-pane').getByRole('treeitem', { name: /Table of Contents/ }).first().waitFor();
	});
});
