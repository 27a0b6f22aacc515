// One script, every bundle. `node esbuild.mjs [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
	bundle: true,
	sourcemap: !production,
	minify: production,
	logLevel: 'warning',
	target: 'node20',
	platform: 'node',
	format: 'cjs',
};

/** Every `*.test.ts` below `dir`, recursively. */
function testFiles(dir) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		return statSync(p).isDirectory() ? testFiles(p) : name.endsWith('.test.ts') ? [p] : [];
	});
}

const builds = [
	// The extension (VS Code API is provided by the host).
	{ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
	// The language server, started by the client over IPC or by `gemtext lsp --stdio`.
	{ ...common, entryPoints: { server: 'server/src/node/main.ts' }, outdir: 'dist' },
	// The command line: `gemtext check|render|lsp`.
	{ ...common, entryPoints: { cli: 'server/src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
	// The pure service as a CommonJS library for other tools.
	{ ...common, entryPoints: { service: 'server/src/service/index.ts' }, outdir: 'dist', platform: 'neutral', mainFields: ['module', 'main'] },
	// The web extension (vscode.dev): the client in the browser extension host, the server in a web worker.
	{ ...common, entryPoints: { client: 'client/src/browser/extension.ts' }, outdir: 'dist/web', platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'] },
	{ ...common, entryPoints: { server: 'server/src/browser/main.ts' }, outdir: 'dist/web', platform: 'browser', format: 'iife', target: 'es2022' },
	// Code that runs inside the preview webview.
	{ ...common, entryPoints: { preview: 'client/webview/preview.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'es2022' },
	// Tests: one bundle per test file, dependencies left to node_modules.
	{
		...common,
		entryPoints: [...testFiles('test/unit'), ...testFiles('test/lsp'), ...testFiles('test/e2e'), ...testFiles('test/security'), ...testFiles('test/network'), 'test/e2e/index.ts', 'test/fuzz/longRun.ts'],
		outdir: 'out/test',
		outbase: 'test',
		packages: 'external',
		external: ['vscode'],
	},
];

if (watch) {
	const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
	await Promise.all(contexts.map((c) => c.watch()));
	console.log('[esbuild] watching');
} else {
	await Promise.all(builds.map((b) => esbuild.build(b)));
}
