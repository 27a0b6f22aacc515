#!/usr/bin/env node
// `npm start`: build and package the extension, then open a real VS Code on the sample capsule.
//   - With a `code` command on PATH (desktop VS Code): install the .vsix there and open the folder.
//   - Otherwise: the pinned code-server (installed on first use into .vscode-test/), with the .vsix
//     installed in its own profile, on http://127.0.0.1:<free port>/ until Ctrl-C.
//
//   node scripts/start.mjs [--port N] [--code-server]     (--code-server: skip a local `code`)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, runCodeServerCli, startCodeServer } from './e2e/codeServer.mjs';
import { install } from './e2e/install.mjs';
import { CODE_SERVER_VERSION, repoRoot, testRoot } from './e2e/paths.mjs';
import { packageVsix } from './e2e/vsix.mjs';

const TAG = '[start]';
const log = (m) => console.log(`${TAG} ${m}`);
const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args[portAt + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`${TAG} --port needs a port number`);
	process.exit(2);
}
/**
 * The sample capsule, copied once into a scratch folder: edits made while trying the extension stay
 * out of the repository (and survive a restart). Delete .vscode-test/start/capsule to start afresh.
 */
const capsule = join(testRoot, 'start', 'capsule');

/** A quiet, roomy workbench for a first look: what a new user would otherwise switch off first. */
const PROFILE = {
	'chat.disableAIFeatures': true,
	'workbench.startupEditor': 'none',
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	'files.autoSave': 'off',
	'git.openRepositoryInParentFolders': 'never',
	'extensions.autoCheckUpdates': false,
	'telemetry.telemetryLevel': 'off',
};

function prepareCapsule() {
	if (!existsSync(capsule)) {
		cpSync(join(repoRoot, 'samples', 'capsule'), capsule, { recursive: true });
		log(`copied the sample capsule to ${capsule} (a scratch copy: the repository stays clean)`);
	}
}

/** A desktop VS Code `code` command, if there is one (code-server's own CLI does not count). */
function findDesktopCode() {
	if (args.includes('--code-server')) return undefined;
	const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
	if (which.status !== 0) return undefined;
	const code = which.stdout.trim();
	const v = spawnSync(code, ['--version'], { encoding: 'utf8', timeout: 30_000 });
	if (v.status !== 0 || /code-server/i.test(v.stdout + v.stderr)) return undefined;
	return code;
}

function runDesktop(code, vsix) {
	log(`installing the extension into ${code} (${spawnSync(code, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]})`);
	const i = spawnSync(code, ['--install-extension', vsix, '--force'], { stdio: 'inherit', timeout: 120_000 });
	if (i.status !== 0) throw new Error(`code --install-extension failed (${i.error?.message ?? i.status ?? i.signal})`);
	log(`opening ${capsule}`);
	const o = spawnSync(code, [capsule, join(capsule, 'index.gmi')], { stdio: 'inherit', timeout: 60_000 });
	if (o.status !== 0) throw new Error(`code ${capsule} failed (${o.error?.message ?? o.status ?? o.signal})`);
}

async function runCodeServer(vsix) {
	await install();
	// A lasting profile under .vscode-test/start/, so settings and state survive a restart.
	const root = join(testRoot, 'start');
	const sandbox = makeSandbox({ root });
	const userDataDir = join(root, 'user-data');
	const extensionsDir = join(root, 'extensions');
	mkdirSync(join(userDataDir, 'User'), { recursive: true });
	const settings = join(userDataDir, 'User', 'settings.json');
	// The profile's keys on top of what the user set in an earlier run (their other settings stay).
	let previous = {};
	try {
		previous = existsSync(settings) ? JSON.parse(readFileSync(settings, 'utf8')) : {};
	} catch {
		log(`${settings} is not plain JSON: rewriting it with the start profile`);
	}
	writeFileSync(settings, JSON.stringify({ ...previous, ...PROFILE }, null, '\t') + '\n');
	log(`installing ${vsix} into code-server ${CODE_SERVER_VERSION}`);
	runCodeServerCli(['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], { sandbox });

	const server = await startCodeServer({ sandbox, userDataDir, extensionsDir, port });
	const url = `${server.origin}/?folder=${encodeURIComponent(capsule)}`;
	console.log(`\n${TAG} VS Code (code-server ${CODE_SERVER_VERSION}) with the Gemtext extension is running:\n\n    ${url}\n\n${TAG} open it in a browser on this machine (it listens on loopback only; --port N picks the port); Ctrl-C stops it. (log: ${server.logFile})\n`);

	let stopping = false;
	const stop = async (why) => {
		if (stopping) return;
		stopping = true;
		log(`${why}: stopping code-server`);
		await server.stop();
		process.exit(0);
	};
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => stop(sig));
	const { code, signal } = await server.exited;
	if (!stopping) {
		console.error(`${TAG} code-server exited on its own (${code ?? signal}); last lines of its log:\n${server.readLog().split('\n').slice(-30).join('\n')}`);
		await server.stop();
		process.exit(1);
	}
}

try {
	const code = findDesktopCode();
	log(code
		? `building the extension, then installing it into your VS Code (${code}) and opening a scratch copy of the sample capsule`
		: `building the extension, then starting a real VS Code (code-server ${CODE_SERVER_VERSION}) in the browser. The first run installs it into .vscode-test/ (Debian packages as root, Node 24, code-server: about 3 minutes and 800 MB); later runs take seconds.`);
	prepareCapsule();
	const vsix = packageVsix({ log });
	if (code) runDesktop(code, vsix);
	else await runCodeServer(vsix);
} catch (e) {
	console.error(`${TAG} FAILED: ${e?.message ?? e}`);
	process.exit(1);
}
