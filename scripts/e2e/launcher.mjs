// Behaves like a desktop VS Code executable for @vscode/test-electron (run through the
// `code-server-launcher` wrapper): takes its flags, runs the extension tests in code-server, shows the
// workbench to headless chromium, forwards mocha's output and exits with the test runner's verdict.
//
//   code-server-launcher --extensionDevelopmentPath=DIR --extensionTestsPath=FILE
//                        [--user-data-dir=DIR] [--extensions-dir=DIR] [WORKSPACE]
//
// Environment: GEMTEXT_E2E_VSCODE (the VS Code flavour of paths.mjs: `stable`, the default, or `min`),
// GEMTEXT_E2E_TIMEOUT_MS (overall bound, default 10 minutes), GEMTEXT_E2E_VERBOSE=1 (also print the
// page's console and code-server's log).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium, makeSandbox, startCodeServer } from './codeServer.mjs';
import { DEFAULT_FLAVOUR, toolchain } from './paths.mjs';

const TAG = '[code-server-launcher]';
/** Marks the mocha runner's lines in the workbench log; must match OUTPUT_MARK in test/e2e/index.ts. */
const OUTPUT_MARK = '\u2063e2e\u2063';
/**
 * Settings for a quiet, offline test profile (only written when the profile has none): no AI chat
 * set-up, no gallery or update checks, no git scanning of the fixture workspace.
 */
const TEST_SETTINGS = {
	'chat.disableAIFeatures': true,
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'git.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
};
const tc = toolchain(process.env.GEMTEXT_E2E_VSCODE || DEFAULT_FLAVOUR);
const timeoutMs = Number(process.env.GEMTEXT_E2E_TIMEOUT_MS) || 10 * 60_000;
const verbose = process.env.GEMTEXT_E2E_VERBOSE === '1';

/** Desktop-style flags: `--name=value` or `--name value`; the last bare argument is the workspace. */
export function parseArgs(argv) {
	const valued = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir']);
	const out = { extensionDevelopmentPath: [], positionals: [] };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
		if (!m) {
			out.positionals.push(a);
			continue;
		}
		const [, name, inline] = m;
		if (!valued.has(name)) continue; // --no-sandbox, --disable-updates, … mean nothing here.
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`${TAG} --${name} needs a value`);
		if (name === 'extensionDevelopmentPath') out.extensionDevelopmentPath.push(resolve(value));
		else out[name] = resolve(value);
	}
	out.workspace = out.positionals.length ? resolve(out.positionals.at(-1)) : undefined;
	return out;
}

function payloadUrl(origin, { extensionDevelopmentPath, extensionTestsPath, workspace }) {
	const remote = (p) => `vscode-remote://${new URL(origin).host}${p}`;
	const payload = [
		...extensionDevelopmentPath.map((p) => ['extensionDevelopmentPath', remote(p)]),
		['extensionTestsPath', remote(extensionTestsPath)],
		['skipWelcome', 'true'],
	];
	const query = new URLSearchParams();
	if (workspace) query.set('folder', workspace);
	query.set('payload', JSON.stringify(payload));
	return `${origin}/?${query}`;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (!opts.extensionTestsPath) throw new Error(`${TAG} --extensionTestsPath is required`);
	if (!existsSync(tc.codeServerEntry)) throw new Error(`${TAG} ${tc.label} is not installed: run node scripts/e2e/install.mjs --vscode ${tc.flavour}`);
	for (const p of [...opts.extensionDevelopmentPath, opts.workspace].filter(Boolean)) {
		if (!existsSync(p)) throw new Error(`${TAG} no such path: ${p}`);
	}

	const sandbox = makeSandbox({ tc });
	const userDataDir = opts['user-data-dir'] ?? join(sandbox.root, 'user-data');
	const extensionsDir = opts['extensions-dir'] ?? join(sandbox.root, 'extensions');
	mkdirSync(userDataDir, { recursive: true });
	mkdirSync(extensionsDir, { recursive: true });
	const settingsFile = join(userDataDir, 'User', 'settings.json');
	if (!existsSync(settingsFile)) {
		mkdirSync(dirname(settingsFile), { recursive: true });
		writeFileSync(settingsFile, JSON.stringify(TEST_SETTINGS, null, '\t') + '\n');
	}

	let server;
	let browser;
	let cleaning;
	const cleanup = () =>
		(cleaning ??= (async () => {
			await browser?.close().catch(() => {});
			await server?.stop();
			sandbox.dispose();
		})());

	// Ctrl-C / test-electron's SIGINT / a TERM from a CI: stop everything before leaving.
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(sig, () => {
			console.error(`${TAG} ${sig}: stopping code-server and chromium`);
			cleanup().finally(() => process.exit(130));
		});
	}

	// The workbench's own log (not the tests'): kept quiet, shown when something went wrong.
	// Once mocha has spoken, its report says what failed and the workbench log is only noise.
	const workbenchLog = [];
	let sawTestOutput = false;
	const printWorkbenchLog = () => {
		if (workbenchLog.length && !sawTestOutput) console.error(`${TAG} last lines of the workbench log:\n${workbenchLog.join('\n')}`);
	};

	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${TAG} TIMEOUT: the tests did not finish within ${timeoutMs / 1000} s (set GEMTEXT_E2E_TIMEOUT_MS to change)`)), timeoutMs);
	});

	const session = (async () => {
		const started = Date.now();
		server = await startCodeServer({ sandbox, userDataDir, extensionsDir, smokeTestDriver: true });
		console.log(`${TAG} ${tc.label} on ${server.origin} (pid ${server.pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

		const stamp = (what) => verbose && console.log(`${TAG} ${((Date.now() - started) / 1000).toFixed(1)}s ${what}`);
		browser = await launchChromium({ sandbox });
		stamp('chromium launched');
		const page = await browser.newPage();
		let resolveExit;
		const verdict = new Promise((r) => (resolveExit = r));
		// The workbench calls these when the smoke-test driver is on: the extension host's console
		// (mocha's reporter) arrives in codeAutomationLog, the runner's exit code in codeAutomationExit.
		await page.exposeFunction('codeAutomationLog', (type, args) => {
			const text = format(...(Array.isArray(args) ? args : [args]));
			const at = text.indexOf(OUTPUT_MARK);
			if (at >= 0) {
				// A line of the mocha runner (test/e2e/index.ts): the test report itself.
				sawTestOutput = true;
				process.stdout.write(text.slice(at + OUTPUT_MARK.length) + '\n');
			} else if (verbose) {
				console.error(`[${((Date.now() - started) / 1000).toFixed(1)}s ${type}] ${text}`);
			} else {
				workbenchLog.push(`[${type}] ${text}`);
				if (workbenchLog.length > 80) workbenchLog.shift();
			}
		});
		await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code) || 0));
		if (verbose) page.on('console', (m) => console.error(`[page ${m.type()}] ${m.text()}`));
		page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));

		const url = payloadUrl(server.origin, opts);
		if (verbose) console.log(`${TAG} opening ${url}`);
		await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
		stamp('page loaded');

		const serverDied = server.exited.then(({ code, signal }) => {
			throw new Error(`${TAG} code-server exited during the run (${code ?? signal})`);
		});
		const code = await Promise.race([verdict, serverDied]);
		console.log(`${TAG} test runner exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
		if (code !== 0) printWorkbenchLog();
		return code;
	})();

	try {
		return await Promise.race([session, timeout]);
	} catch (e) {
		console.error(e?.message ?? e);
		sawTestOutput = false;
		printWorkbenchLog();
		const log = server?.readLog() ?? '';
		if (log) console.error(`${TAG} last lines of code-server's log:\n${log.split('\n').slice(-40).join('\n')}`);
		return 1;
	} finally {
		clearTimeout(timer);
		session.catch(() => {}); // Its late failure after a timeout is already reported.
		await cleanup();
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(e?.message ?? e);
		process.exit(1);
	},
);
