// The VS Code the suite runs in is the one scripts/e2e/run.mjs was asked for (`--vscode stable|min`),
// and package.json's `engines.vscode` admits it; on `min` it is the oldest VS Code that claim names,
// so the claim is what is tested.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, versionAtLeast } from './support';

suite('VS Code version', () => {
	test('runs in the VS Code the run asked for, which engines.vscode admits', function () {
		const expected = process.env.GEMTEXT_E2E_VSCODE_VERSION;
		if (!expected) {
			if (this.test) this.test.title += ' [skipped: not started by scripts/e2e/run.mjs, which names the VS Code version]';
			this.skip();
		}
		assert.equal(vscode.version, expected);
		const engines: unknown = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON?.engines?.vscode;
		assert.equal(typeof engines, 'string', 'package.json has engines.vscode');
		const m = /^\^(\d+\.\d+\.\d+)$/.exec(engines as string);
		assert.ok(m, `engines.vscode is a caret range: ${String(engines)}`);
		const minimum = m[1];
		assert.ok(versionAtLeast(vscode.version, minimum), `VS Code ${vscode.version} satisfies engines.vscode ${String(engines)}`);
		if (process.env.GEMTEXT_E2E_VSCODE === 'min') {
			// The oldest claimed: same major.minor as the minimum (a patch release at most above it).
			assert.deepEqual(vscode.version.split('.').slice(0, 2), minimum.split('.').slice(0, 2), 'the `min` run is the oldest VS Code engines.vscode claims');
		}
	});
});
