// Other editors, proven with their real LSP clients against `gemtext lsp --stdio` (dist/cli.js):
// Debian's Neovim (built-in vim.lsp, headless) and Emacs (Eglot, batch). Each opens a .gmi with a
// broken link, and must show the server's link diagnostic and its document symbols. The editor
// setups are the ones docs/editors.md gives users.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const CLI = resolve(here, '../../dist/cli.js');
const POST = '# Title\n\n## Section\n=> missing.gmi Broken\n';

/** Runs an editor with the test's environment and returns what its script wrote. */
function runEditor(argv, dir) {
	const result = join(dir, `result-${argv[0]}.json`);
	const run = spawnSync(argv[0], argv.slice(1), {
		cwd: dir,
		encoding: 'utf8',
		timeout: 90_000,
		env: { ...process.env, HOME: dir, GEMTEXT_CLI: CLI, GEMTEXT_NODE: process.execPath, GEMTEXT_FILE: join(dir, 'post.gmi'), GEMTEXT_ROOT: dir, GEMTEXT_RESULT: result },
	});
	assert.ok(!run.error, `${argv[0]} could not run (${run.error?.message}): scripts/e2e/install.mjs installs it`);
	let text;
	try {
		text = readFileSync(result, 'utf8');
	} catch {
		assert.fail(`${argv[0]} wrote no result (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
	}
	return JSON.parse(text);
}

const names = (symbols) => symbols.flatMap((s) => [s.name, ...names(s.children ?? [])]);

describe('other editors against gemtext lsp --stdio', { timeout: 120_000 }, () => {
	let dir;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'gemtext-editors-'));
		writeFileSync(join(dir, 'post.gmi'), POST);
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('Neovim (built-in LSP client, headless): filetype, link diagnostic, document symbols', () => {
		const r = runEditor(['nvim', '--headless', '-n', '-i', 'NONE', '--clean', '-u', join(here, 'neovim.lua')], dir);
		assert.equal(r.error, undefined);
		assert.equal(r.filetype, 'gemtext');
		assert.deepEqual(r.diagnostics.map((d) => [d.line, d.col, d.code]), [[3, 3, 'link.missing-file']]);
		assert.deepEqual(names(r.symbols), ['Title', 'Section']);
	});

	it('Emacs (Eglot, batch): major mode, link diagnostic, document symbols', () => {
		const r = runEditor(['emacs', '--batch', '-q', '-l', join(here, 'eglot.el')], dir);
		assert.equal(r.mode, 'gemtext-mode');
		assert.equal(r.server, 'gemtext-language-server');
		assert.deepEqual(r.diagnostics.map((d) => [d.line, /link\.missing-file/.test(d.message)]), [[3, true]]);
		assert.deepEqual(names(r.symbols), ['Title', 'Section']);
	});
});
