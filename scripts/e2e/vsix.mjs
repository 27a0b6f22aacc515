// Packages the extension as .vscode-test/gemtext.vsix with the project's pinned @vscode/vsce.
// vsce runs the manifest's `vscode:prepublish` (the production build) first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, testRoot } from './paths.mjs';

export const vsixPath = join(testRoot, 'gemtext.vsix');

export function packageVsix({ log = console.log } = {}) {
	mkdirSync(testRoot, { recursive: true });
	const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
	if (!existsSync(vsce)) throw new Error('@vscode/vsce is not installed: run npm ci');
	log(`packaging ${vsixPath} (vsce package --no-dependencies; runs the production build)`);
	const started = Date.now();
	// No stdin: vsce asks y/N questions on some manifest gaps; fail instead of waiting for an answer.
	// Its output (the whole file tree) is shown only when it fails.
	const r = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsixPath], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
		timeout: 5 * 60_000,
	});
	if (r.status !== 0) throw new Error(`vsce package failed (${r.error?.message ?? r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
	const done = r.stdout.split('\n').find((l) => /DONE/.test(l));
	if (done) log(done.replace(/^\s*DONE\s*/, '').trim());
	log(`packaged in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return vsixPath;
}
