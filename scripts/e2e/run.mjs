#!/usr/bin/env node
// `npm run test:e2e`: build, install the pinned toolchain, then run test/e2e/ inside a real VS Code
// (code-server) through @vscode/test-electron's standard runTests(), with our launcher standing in for
// the desktop executable. Ends with a plain `N passed, N failed` line.
//
//   node scripts/e2e/run.mjs [--vscode stable|min] [--skip-build] [--grep PATTERN]
//
// --vscode picks the VS Code (paths.mjs): `stable`, the newest pinned (default), or `min`, the oldest
// that package.json's `engines.vscode` claims. The same test files run on both; a test that needs a
// newer VS Code skips itself on `min` and says why (test/e2e/support.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flavoursFromArgs, install } from './install.mjs';
import { FLAVOURS, repoRoot, toolchain } from './paths.mjs';

const TAG = '[e2e]';
const RESULT_PREFIX = 'gemtext-e2e-result ';
const launcher = join(repoRoot, 'scripts', 'e2e', 'code-server-launcher');
const extensionTestsPath = join(repoRoot, 'out', 'test', 'e2e', 'index.js');
const fixture = join(repoRoot, 'test', 'fixtures', 'e2e-workspace');

const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args[grepAt + 1] : undefined;
let tc;
try {
	const flavours = flavoursFromArgs(args);
	if (flavours.length !== 1) throw new Error('--vscode takes one flavour per run');
	tc = toolchain(flavours[0]);
} catch (e) {
	console.error(`${TAG} ${e.message}`);
	process.exit(2);
}
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function finish(passed, failed, code) {
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(code);
}

/**
 * The `min` flavour must be the VS Code that `engines.vscode` names (same major.minor), so the claim
 * in package.json is the version tested; raising one without the other fails here.
 */
function checkEngines() {
	const engines = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines?.vscode ?? '';
	const m = /^\^?(\d+)\.(\d+)\.\d+$/.exec(engines);
	const min = FLAVOURS.min.vscodeVersion.split('.');
	if (!m || m[1] !== min[0] || m[2] !== min[1]) {
		return `package.json's engines.vscode is ${JSON.stringify(engines)} but the oldest VS Code tested is ${FLAVOURS.min.vscodeVersion} (FLAVOURS.min in scripts/e2e/paths.mjs): make them agree`;
	}
	return undefined;
}

async function main() {
	const t0 = Date.now();
	console.log(`${TAG} ${tc.label}`);
	const enginesError = checkEngines();
	if (enginesError) {
		console.error(`${TAG} ${enginesError}`);
		return finish(0, 1, 1);
	}
	if (!args.includes('--skip-build')) {
		console.log(`${TAG} building (npm run build)`);
		const b = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit', timeout: 5 * 60_000 });
		if (b.status !== 0) {
			console.error(`${TAG} build failed (${b.error?.message ?? b.status ?? b.signal})`);
			return finish(0, 1, 1);
		}
	}
	const t1 = Date.now();
	try {
		await install({ flavours: [tc.flavour] });
	} catch (e) {
		console.error(`${TAG} install failed: ${e?.message ?? e}`);
		return finish(0, 1, 1);
	}
	const t2 = Date.now();
	if (!existsSync(extensionTestsPath)) {
		console.error(`${TAG} ${extensionTestsPath} is missing: does esbuild.mjs bundle test/e2e/index.ts?`);
		return finish(0, 1, 1);
	}

	// A fresh copy of the fixture capsule and fresh profile dirs for every run.
	const runDir = mkdtempSync(join(tmpdir(), 'gemtext-e2e-run-'));
	const workspace = join(runDir, 'workspace');
	cpSync(fixture, workspace, { recursive: true });

	// Tee stdout: mocha's output passes through, and the runner's tally line is picked out of it.
	let captured = '';
	const write = process.stdout.write.bind(process.stdout);
	process.stdout.write = (chunk, ...rest) => {
		captured += chunk.toString();
		if (captured.length > 1_000_000) captured = captured.slice(-100_000);
		return write(chunk, ...rest);
	};

	const { runTests } = createRequire(join(repoRoot, 'package.json'))('@vscode/test-electron');
	// The launcher (spawned by runTests with this environment) starts this flavour's code-server.
	// test/e2e/version.test.ts checks that the VS Code it runs in is this one.
	process.env.GEMTEXT_E2E_VSCODE = tc.flavour;
	process.env.GEMTEXT_E2E_VSCODE_VERSION = tc.vscodeVersion;
	let exitCode = 1;
	try {
		exitCode = await runTests({
			vscodeExecutablePath: launcher,
			extensionDevelopmentPath: repoRoot,
			extensionTestsPath,
			launchArgs: [`--user-data-dir=${join(runDir, 'user-data')}`, `--extensions-dir=${join(runDir, 'extensions')}`, workspace],
			extensionTestsEnv: grep ? { GEMTEXT_E2E_GREP: grep } : undefined,
		});
	} catch (e) {
		console.error(`${TAG} ${e?.message ?? e}`);
		exitCode = typeof e?.code === 'number' && e.code !== 0 ? e.code : 1;
	} finally {
		process.stdout.write = write;
		rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
	}
	const t3 = Date.now();
	console.log(`${TAG} VS Code ${tc.vscodeVersion}: build ${seconds(t1 - t0)}, install ${seconds(t2 - t1)}, tests ${seconds(t3 - t2)}`);

	const line = captured.split('\n').findLast((l) => l.includes(RESULT_PREFIX));
	if (!line) {
		console.error(`${TAG} the test runner reported no result (it never started or crashed): counting the run as one failure`);
		return finish(0, 1, exitCode || 1);
	}
	const { passed, failed, pending = 0 } = JSON.parse(line.slice(line.indexOf(RESULT_PREFIX) + RESULT_PREFIX.length));
	if (passed + failed === 0) console.error(`${TAG} no test ran`);
	// Skipped tests say why in their titles above (test/e2e/support.ts requireVSCode).
	if (pending > 0) console.log(`${TAG} ${pending} skipped on VS Code ${tc.vscodeVersion}`);
	return finish(passed, failed, failed > 0 || passed === 0 ? exitCode || 1 : exitCode);
}

await main();
