// Link features inside a real VS Code: a broken link is diagnosed, the quick fix creates the file and
// the diagnostic goes away, and renaming a file in the workspace rewrites the links to it. The test
// writes its own files under links-e2e/ in the fresh copy of the fixture workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, waitForDiagnostics as waitFor, waitForText, workspaceUri, writeText as write } from './support';

/** Bounds waiting on events (diagnostics, file operations); a failing run reports what it saw. */
const TIMEOUT_MS = 30_000;

/** The diagnostics of `uri` once `ready` accepts them. */
function waitForDiagnostics(uri: vscode.Uri, ready: (ds: readonly vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
	return waitFor(uri, ready, TIMEOUT_MS);
}

suite('Links', () => {
	suiteSetup(async () => {
		await activateExtension();
	});

	teardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('a broken link is diagnosed; the quick fix creates the file and the diagnostic goes away', async () => {
		const start = workspaceUri('links-e2e', 'start.gmi');
		await write(start, '# Start\n=> new-page.gmi A new page\n');
		const doc = await vscode.workspace.openTextDocument(start);
		await vscode.window.showTextDocument(doc);

		const [broken] = await waitForDiagnostics(start, (ds) => ds.some((d) => codeOf(d) === 'link.missing-file'));
		assert.equal(broken.range.start.line, 1);

		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', start, broken.range);
		const create = actions.find((a) => a.title === 'Create new-page.gmi');
		assert.ok(create?.edit, `a "Create" quick fix among: ${actions.map((a) => a.title).join(', ')}`);
		const healed = waitForDiagnostics(start, (ds) => !ds.some((d) => codeOf(d) === 'link.missing-file'));
		assert.equal(await vscode.workspace.applyEdit(create.edit), true);
		await healed;

		const created = await vscode.workspace.openTextDocument(workspaceUri('links-e2e', 'new-page.gmi'));
		assert.equal(created.getText(), '# A new page\n');
		await vscode.workspace.saveAll(false);
	});

	test('renaming a file in the workspace rewrites the links to it and inside it', async () => {
		const config = vscode.workspace.getConfiguration('gemtext.links');
		await config.update('updateOnFileMove', 'always', vscode.ConfigurationTarget.Workspace);
		try {
			const home = workspaceUri('links-e2e', 'home.gmi');
			const page = workspaceUri('links-e2e', 'page.gmi');
			await write(home, '# Home\n=> page.gmi The page\n=> page.gmi#details Details\n');
			await write(page, '# Page\n## Details\n=> home.gmi Back\n');
			const doc = await vscode.workspace.openTextDocument(home);
			await vscode.window.showTextDocument(doc);
			await waitForDiagnostics(home, (ds) => ds.length === 0);

			const moved = workspaceUri('links-e2e', 'pages', 'the page.gmi');
			const edit = new vscode.WorkspaceEdit();
			edit.renameFile(page, moved);
			assert.equal(await vscode.workspace.applyEdit(edit), true);

			await waitForText(doc, (t) => t.includes('pages/the%20page.gmi'));
			assert.equal(doc.getText(), '# Home\n=> pages/the%20page.gmi The page\n=> pages/the%20page.gmi#details Details\n');
			const inside = await vscode.workspace.openTextDocument(moved);
			assert.equal(inside.getText(), '# Page\n## Details\n=> ../home.gmi Back\n');
			await vscode.workspace.saveAll(false);
			await waitForDiagnostics(home, (ds) => ds.length === 0);
		} finally {
			await config.update('updateOnFileMove', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});
});
