// Start and stop the pinned code-server, isolated from the user's home, and open pages in headless
// chromium. Used by the test launcher, `npm start` and `npm run screenshot`.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnv } from './install.mjs';
import { CHROMIUM, CHROMIUM_ARGS, CODE_SERVER_FLAGS, repoRoot, toolchain } from './paths.mjs';

/** playwright-core is a devDependency of the project; resolve it from the repository root. */
export function loadPlaywright() {
	return createRequire(join(repoRoot, 'package.json'))('playwright-core');
}

/**
 * A folder for HOME, XDG dirs and TMPDIR, so code-server never reads or writes the user's own
 * configuration. Fresh under the system temp dir by default (`dispose()` removes it); with `root`, a
 * lasting one (for `npm start`, whose settings should survive a restart). `tc` (paths.mjs `toolchain()`,
 * default stable) is the VS Code flavour whose Node the environment puts first on PATH.
 */
export function makeSandbox({ prefix = 'gemtext-e2e-', root = mkdtempSync(join(tmpdir(), prefix)), tc = toolchain() } = {}) {
	const dirs = {
		root,
		home: join(root, 'home'),
		config: join(root, 'config'),
		data: join(root, 'data'),
		cache: join(root, 'cache'),
		tmp: join(root, 'tmp'),
	};
	for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
	return {
		...dirs,
		tc,
		env: nodeEnv(tc, {
			...process.env,
			HOME: dirs.home,
			XDG_CONFIG_HOME: dirs.config,
			XDG_DATA_HOME: dirs.data,
			XDG_CACHE_HOME: dirs.cache,
			TMPDIR: dirs.tmp,
		}),
		dispose: () => rmSync(root, { recursive: true, force: true, maxRetries: 3 }),
	};
}

/** Runs the sandbox's code-server once to completion (e.g. `--install-extension`), bounded in time. */
export function runCodeServerCli(args, { sandbox, timeoutMs = 120_000 }) {
	const { nodeBin, codeServerEntry } = sandbox.tc;
	const r = spawnSync(nodeBin, [codeServerEntry, ...args], { env: sandbox.env, encoding: 'utf8', timeout: timeoutMs });
	if (r.status !== 0) {
		throw new Error(`code-server ${args.join(' ')} failed (${r.error?.message ?? r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
	}
	return r.stdout;
}

/**
 * Starts the sandbox's code-server (its flavour's) on 127.0.0.1 with a free port (unless `port` is
 * given) and waits for its "HTTP server listening" line.
 * It runs in its own process group so `stop()` ends it and everything it spawned (extension host,
 * language server) together.
 */
export async function startCodeServer({ sandbox, userDataDir, extensionsDir, extraArgs = [], smokeTestDriver = false, host = '127.0.0.1', port = 0, startTimeoutMs = 90_000 }) {
	const logFile = join(sandbox.root, 'code-server.log');
	const logStream = createWriteStream(logFile);
	const { nodeBin, codeServerEntry } = sandbox.tc;
	// With `smokeTestDriver`, the workbench runs the extension tests named in the page's payload.
	const driver = smokeTestDriver ? sandbox.tc.smokeTestDriver : { nodeArgs: [], codeServerArgs: [] };
	const args = [
		...driver.nodeArgs,
		codeServerEntry,
		...driver.codeServerArgs,
		...CODE_SERVER_FLAGS,
		'--bind-addr', `${host}:${port}`,
		'--user-data-dir', userDataDir,
		'--extensions-dir', extensionsDir,
		...extraArgs,
	];
	const child = spawn(nodeBin, args, { env: sandbox.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	let exitInfo;
	exited.then((info) => (exitInfo = info));

	const listeningPort = await new Promise((resolve, reject) => {
		let buffer = '';
		const timer = setTimeout(() => done(new Error(`code-server did not report its port within ${startTimeoutMs / 1000} s (log: ${logFile})`)), startTimeoutMs);
		const onData = (chunk) => {
			logStream.write(chunk);
			buffer += chunk.toString();
			const m = /HTTP server listening on https?:\/\/[^:\s]+:(\d+)/.exec(buffer);
			if (m) done(null, Number(m[1]));
		};
		const onExit = ({ code, signal }) => done(new Error(`code-server exited before listening (${code ?? signal}):\n${buffer.slice(-4000)}`));
		function done(err, value) {
			clearTimeout(timer);
			child.stdout.off('data', onData);
			child.stderr.off('data', onData);
			if (err) reject(err);
			else resolve(value);
		}
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		exited.then(onExit);
	}).catch(async (e) => {
		await killGroup(child, exited);
		logStream.end();
		throw e;
	});
	// Keep recording its log after start-up (read on failure).
	child.stdout.on('data', (c) => logStream.write(c));
	child.stderr.on('data', (c) => logStream.write(c));

	return {
		port: listeningPort,
		origin: `http://${host}:${listeningPort}`,
		pid: child.pid,
		exited,
		get exitInfo() {
			return exitInfo;
		},
		logFile,
		readLog: () => {
			try {
				return readFileSync(logFile, 'utf8');
			} catch {
				return '';
			}
		},
		stop: async () => {
			await killGroup(child, exited);
			logStream.end();
		},
	};
}

/** SIGTERM to the whole process group, SIGKILL after a grace period; resolves when the leader exited. */
async function killGroup(child, exited, graceMs = 5_000) {
	const signalGroup = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {
			// The group is already gone.
		}
	};
	signalGroup('SIGTERM');
	let timer;
	await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
	clearTimeout(timer);
	// Children (extension host, language server) may outlive the leader: make sure the group is empty.
	signalGroup('SIGKILL');
	await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
	clearTimeout(timer);
}

/**
 * Headless chromium with the flags from docs/testing.md. With a sandbox, chromium's own profile
 * leftovers (crash reports, config) go there too instead of the user's home.
 */
export async function launchChromium({ sandbox, viewport } = {}) {
	const { chromium } = loadPlaywright();
	const args = viewport ? [...CHROMIUM_ARGS, `--window-size=${viewport.width},${viewport.height}`] : CHROMIUM_ARGS;
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args, timeout: 60_000, env: sandbox?.env });
}
