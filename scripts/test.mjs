// `npm test`: build, type-check, lint, install the test tools, then every suite (unit, LSP, security, grammar,
// other editors, end-to-end in a real VS Code: the newest pinned and the oldest engines.vscode claims), and
// one closing line `N passed, N failed` for CI.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Steps that must succeed before tests run; a failure stops the run. */
const gates = [
	['build', [npm, 'run', '--silent', 'build']],
	['type-check', [npm, 'run', '--silent', 'compile']],
	['lint', [npm, 'run', '--silent', 'lint']],
	// Chromium (security and end-to-end suites), and both pinned VS Codes: code-server 4.139.1 on Node 24
	// and code-server 4.100.3 on Node 20 (scripts/e2e/paths.mjs); idempotent.
	['install test tools', [process.execPath, 'scripts/e2e/install.mjs', '--vscode', 'all']],
];

/** Test suites; each runner's counts are read from its own closing lines. */
const suites = [
	['unit', [process.execPath, '--test', '--test-reporter=spec', 'out/test/unit'], 'out/test/unit'],
	['lsp', [process.execPath, '--test', '--test-reporter=spec', '--test-concurrency=1', 'out/test/lsp'], 'out/test/lsp'],
	['security', [process.execPath, '--test', '--test-reporter=spec', '--test-concurrency=1', 'out/test/security'], 'out/test/security'],
	// The remote link checker against real Gemini (TLS) and HTTP servers the tests start on loopback.
	['network', [process.execPath, '--test', '--test-reporter=spec', '--test-concurrency=1', 'out/test/network'], 'out/test/network'],
	['grammar', [npm, 'run', '--silent', 'test:grammar'], 'test/grammar'],
	// The architecture's layers: a forbidden import in each layer's folders fails lint (eslint.config.mjs).
	['layers', [process.execPath, '--test', '--test-reporter=spec', 'test/layers'], 'test/layers'],
	// docs/reference.md against package.json (regenerate with npm run docs).
	['docs', [process.execPath, '--test', '--test-reporter=spec', 'test/docs'], 'test/docs'],
	// Neovim and Emacs (Debian's, installed above) as real LSP clients of `gemtext lsp --stdio`.
	['editors', [process.execPath, '--test', '--test-reporter=spec', '--test-concurrency=1', 'test/editors'], 'test/editors'],
	// The npm package of the tools, packed and installed into a temporary folder.
	['package', [process.execPath, '--test', '--test-reporter=spec', 'test/package'], 'test/package'],
	// The build gate above has built everything the end-to-end run needs. The same tests run on the newest
	// pinned VS Code (1.139) and on the oldest package.json's engines.vscode claims (1.100), as
	// rust-analyzer tests its minimum and stable; a test needing a newer API skips itself on 1.100 and
	// says why.
	['e2e', [npm, 'run', '--silent', 'test:e2e', '--', '--skip-build', '--vscode', 'stable'], 'test/e2e'],
	['e2e-min', [npm, 'run', '--silent', 'test:e2e', '--', '--skip-build', '--vscode', 'min'], 'test/e2e'],
	// The web extension (a browser-only copy of the extension) in code-server's web worker extension host.
	['web', [process.execPath, '--test', '--test-reporter=spec', 'test/web'], 'test/web'],
	// Last: packaging the .vsix makes the production build of dist/. It is installed into code-server and
	// checked from the UI (status bar language, Outline).
	['vsix', [process.execPath, '--test', '--test-reporter=spec', 'test/vsix'], 'test/vsix'],
];

const only = process.argv.slice(2);

/** Runs a command, echoing its output, and resolves with exit code and output. */
function run(argv) {
	return new Promise((resolve) => {
		const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const forward = (stream, sink) => stream.on('data', (chunk) => {
			output += chunk;
			sink.write(chunk);
		});
		forward(child.stdout, process.stdout);
		forward(child.stderr, process.stderr);
		child.on('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
		child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
	});
}

/** Counts from a runner's summary: node:test (spec or TAP) or a plain `N passed, N failed` line. */
function countsOf(output) {
	const last = (re) => {
		const all = [...output.matchAll(re)];
		return all.length ? Number(all[all.length - 1][1]) : undefined;
	};
	const plainPassed = last(/^(?:\w+: )?(\d+) passed, \d+ failed/gm);
	const plainFailed = last(/^(?:\w+: )?\d+ passed, (\d+) failed/gm);
	if (plainPassed !== undefined) return { passed: plainPassed, failed: plainFailed ?? 0 };
	const passed = last(/^(?:ℹ|#) pass (\d+)$/gm);
	const failed = last(/^(?:ℹ|#) fail (\d+)$/gm);
	if (passed !== undefined) return { passed, failed: failed ?? 0 };
	return undefined;
}

let passed = 0;
let failed = 0;
const summary = [];

for (const [name, argv] of gates) {
	if (only.length && !only.includes(name)) continue;
	console.log(`\n=== ${name}`);
	const { code } = await run(argv);
	if (code !== 0) {
		failed++;
		summary.push(`${name}: FAILED (exit ${code})`);
		console.log(`\n${summary.join('\n')}\n${passed} passed, ${failed} failed`);
		process.exit(1);
	}
}

for (const [name, argv, folder] of suites) {
	if (only.length && !only.includes(name)) continue;
	if (!existsSync(folder)) {
		summary.push(`${name}: no tests in ${folder}`);
		continue;
	}
	console.log(`\n=== ${name}`);
	const { code, output } = await run(argv);
	const counts = countsOf(output);
	if (!counts) {
		// A runner that printed no counts is judged by its exit code alone.
		if (code === 0) passed++; else failed++;
		summary.push(`${name}: exit ${code}, no counts printed`);
		continue;
	}
	// A runner that failed without counting a failure (crash, timeout) still fails the run.
	const suiteFailed = counts.failed || (code !== 0 ? 1 : 0);
	passed += counts.passed;
	failed += suiteFailed;
	summary.push(`${name}: ${counts.passed} passed, ${suiteFailed} failed${code !== 0 ? ` (exit ${code})` : ''}`);
}

console.log(`\n=== summary\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
