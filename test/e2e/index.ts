// The mocha runner VS Code loads as `extensionTestsPath`: runs every compiled `*.test.js` beside it
// inside the extension host. The extension host's console reaches the launcher mixed with the
// workbench's own log, so the reporter's lines carry a marker the launcher keeps (and strips), and
// the run ends with a machine-readable tally that scripts/e2e/run.mjs turns into `N passed, N failed`.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/** Must match OUTPUT_MARK in scripts/e2e/launcher.mjs. */
const OUTPUT_MARK = '\u2063e2e\u2063';
/** Must match RESULT_PREFIX in scripts/e2e/run.mjs. */
const RESULT_PREFIX = 'gemtext-e2e-result ';

export function run(): Promise<void> {
	const mocha = new Mocha({
		ui: 'tdd',
		// Output goes through the workbench's log to a terminal or a CI log: no ANSI colours.
		color: false,
		// Generous per test: the first test also waits for the extension and its language server.
		timeout: 60_000,
		grep: process.env.GEMTEXT_E2E_GREP || undefined,
	});
	const files = readdirSync(__dirname)
		.filter((f) => f.endsWith('.test.js'))
		.sort();
	for (const f of files) mocha.addFile(join(__dirname, f));

	const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
	const consoleLog = base.consoleLog;
	base.consoleLog = (...args: unknown[]) => consoleLog(OUTPUT_MARK + format(...args));

	return new Promise((resolve, reject) => {
		try {
			const runner = mocha.run((failures) => {
				base.consoleLog = consoleLog;
				const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
				console.log(OUTPUT_MARK + RESULT_PREFIX + JSON.stringify({ passed: passes, failed, pending }));
				if (failures > 0) reject(new Error(`${failures} e2e test(s) failed.`));
				else resolve();
			});
		} catch (err) {
			base.consoleLog = consoleLog;
			console.error(OUTPUT_MARK + format(err));
			reject(err);
		}
	});
}
