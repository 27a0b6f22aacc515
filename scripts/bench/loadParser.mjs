// Our parser, bundled from source with esbuild's JS API, so the bench measures the current
// parser.ts (not a possibly stale dist/) and needs nobody else's build step.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
const tmpDir = join(repoRoot, 'tmp', 'bench'); // git-ignored

/** Bundles `entry` (a .ts path) to an ES module in tmp/bench and imports it. */
async function bundleAndImport(entry, name) {
	mkdirSync(tmpDir, { recursive: true });
	const outfile = join(tmpDir, `${name}.mjs`);
	await esbuild.build({
		entryPoints: [entry],
		outfile,
		bundle: true,
		format: 'esm',
		platform: 'neutral',
		target: 'node20',
		logLevel: 'warning',
	});
	// A query string defeats the module cache if the same file is bundled twice in one process.
	return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

/** `parseGemtext` from the working tree. */
export async function loadWorkingParser() {
	const mod = await bundleAndImport(join(repoRoot, 'server/src/service/parser.ts'), 'parser');
	return mod.parseGemtext;
}

/** `parseGemtext` as it was at a git revision (the whole service folder, so its imports come along). */
export async function loadParserAt(rev) {
	const dir = join(tmpDir, 'rev');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const tar = execFileSync('git', ['archive', rev, 'server/src/service'], { cwd: repoRoot, maxBuffer: 1 << 28 });
	execFileSync('tar', ['-x', '-C', dir], { input: tar });
	const mod = await bundleAndImport(join(dir, 'server/src/service/parser.ts'), 'parser-rev');
	return mod.parseGemtext;
}
