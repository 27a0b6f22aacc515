// Check Capsule inside a real VS Code: a file that is never opened gets its problems in the Problems
// panel (vscode.languages.getDiagnostics) once "Gemtext: Check Capsule" has run. The file is part of
// the fixture workspace (test/fixtures/e2e-workspace/capsule/closed.gmi), so the index has it from
// the start.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, waitForDiagnostics, workspaceUri } from './support';

const TIMEOUT_MS = 30_000;

suite('Check Capsule', () => {
	suiteSetup(async () => {
		await activateExtension();
	});

	test('shows the problems of a closed file in the Problems panel', async () => {
		const closed = workspaceUri('capsule', 'closed.gmi');
		assert.equal(vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()), false, 'the file is not open');
		assert.deepEqual(vscode.languages.getDiagnostics(closed), [], 'no problems before the check (scope: open files)');

		const result = await vscode.commands.executeCommand<{ files: number; problems: number; cancelled: boolean }>('gemtext.checkCapsule');
		assert.equal(result.cancelled, false);
		assert.ok(result.files >= 5, `checked ${result.files} files`);
		assert.ok(result.problems >= 1, `found ${result.problems} problems`);

		const diagnostics = await waitForDiagnostics(closed, (ds) => ds.some((d) => codeOf(d) === 'link.missing-file'), TIMEOUT_MS);
		const broken = diagnostics.find((d) => codeOf(d) === 'link.missing-file');
		assert.equal(broken?.range.start.line, 4);
		assert.equal(vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()), false, 'still not open');
	});
});
