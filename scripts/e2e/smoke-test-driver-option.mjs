// Preloaded (`node --import`) into code-server releases whose command line has no `--vscode-option`
// (code-server 4.100.3, the `min` flavour of paths.mjs): adds VS Code's own server flag
// `--enable-smoke-test-driver` to code-server's option table. code-server refuses options it does not
// know, and hands the options it parsed to VS Code's server as they are; VS Code's web client server
// then turns the flag into `developmentOptions.enableSmokeTestDriver`, without which the workbench
// ignores the extension tests in the page's payload (docs/testing.md). Nothing is patched on
// disk. The preload reaches code-server's inner process too (it is forked with the same Node options),
// where it only finds the entry already there.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const entry = process.argv[1] ?? '';
if (/[\\/]code-server[\\/]out[\\/]node[\\/]entry(?:\.js)?$/.test(entry)) {
	// The same CommonJS module (and module cache) entry.js loads.
	const load = createRequire(entry);
	const { options } = load(join(dirname(entry), 'cli.js'));
	if (options && typeof options === 'object' && !options['enable-smoke-test-driver']) {
		options['enable-smoke-test-driver'] = {
			type: 'boolean',
			description: "VS Code's smoke-test driver: run the extension tests named in the page's payload.",
		};
	}
}
