// Gemtexter templates and the table of contents in a real VS Code: a `.gmi.tpl` opens as its own
// language and shows the page it generates (Outline, preview body) without running its code; the
// Insert/Update Table of Contents command writes Gemtexter's block and updates it in one undo step; a
// stale generated `.gmi` offers Regenerate from Template. Files are written under templates-e2e/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GemtextExtensionApi } from '../../client/src/extension';
import { activateExtension, codeOf, exists, waitForDiagnostics, waitForText, workspaceUri, writeText } from './support';

/** Bounds waiting on the language server (an event, not a sleep). */
const TIMEOUT_MS = 60_000;

const TEMPLATE = [
	'# A post',
	'',
	'<< template::inline::toc',
	'',
	'## First',
	'<< touch ran-marker',
	'[[ shown literally',
	'## Second',
	'',
].join('\n');

/** What Gemtexter writes for TEMPLATE, with the placeholder for the code that is not run. */
const GENERATED = '# A post\n\n## Table of Contents\n\n* ⇢ A post\n* ⇢ ⇢ First\n* ⇢ ⇢ Second\n\n## First\n<< touch ran-marker\n<< shown literally\n## Second\n';


suite('Templates and tables of contents', () => {
	let api: GemtextExtensionApi;

	suiteSetup(async () => {
		api = await activateExtension<GemtextExtensionApi>();
	});

	test('a .gmi.tpl is a Gemtexter Template showing the page it generates, and nothing runs', async () => {
		const uri = workspaceUri('templates-e2e', 'post.gmi.tpl');
		await writeText(uri, TEMPLATE);
		const document = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(document);
		assert.equal(document.languageId, 'gemtexter-template');

		const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'template.not-run'), TIMEOUT_MS);
		assert.deepEqual(diagnostics.filter((d) => codeOf(d) === 'template.not-run').map((d) => d.range.start.line), [5]);

		const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
		const flat = (s: vscode.DocumentSymbol[]): string[] => s.flatMap((x) => [`${x.name}@${x.selectionRange.start.line}`, ...flat(x.children)]);
		assert.deepEqual(flat(symbols), ['A post@0', 'Table of Contents@2', 'First@4', 'Template output (not run): touch ran-marker@5', 'Second@7']);

		const { html } = await api.client.renderHtml({ uri: uri.toString(), style: 'gemtexter' });
		const expected = await api.client.renderHtml({ uri: workspaceUri('templates-e2e', 'expected.gmi').toString(), style: 'gemtexter' }).catch(() => undefined);
		assert.equal(expected, undefined, 'no expected.gmi on disk yet');
		await writeText(workspaceUri('templates-e2e', 'expected.gmi'), GENERATED);
		const reference = await api.client.renderHtml({ uri: workspaceUri('templates-e2e', 'expected.gmi').toString(), style: 'gemtexter' });
		// The same page, but the code's line is a marked placeholder in the template's preview.
		assert.equal(html.replace(" class='template-output'", ''), reference.html);
		assert.match(html, /<span class='template-output'>&lt;&lt; touch ran-marker<\/span>/);
		assert.equal(await exists(workspaceUri('templates-e2e', 'ran-marker')), false);
	});

	test('Insert/Update Table of Contents writes the block and updates it as one undo step', async () => {
		const uri = workspaceUri('templates-e2e', 'toc.gmi');
		await writeText(uri, '# Title\n\nIntro.\n\n## One\n### Two\n');
		const document = await vscode.workspace.openTextDocument(uri);
		const editor = await vscode.window.showTextDocument(document);
		editor.selection = new vscode.Selection(3, 0, 3, 0);
		await vscode.commands.executeCommand('gemtext.insertTableOfContents');
		await waitForText(document, (t) => t.includes('## Table of Contents'));
		assert.equal(document.getText(), '# Title\n\nIntro.\n## Table of Contents\n\n* ⇢ Title\n* ⇢ ⇢ One\n* ⇢ ⇢ ⇢ Two\n\n## One\n### Two\n');

		await editor.edit((b) => b.replace(new vscode.Range(10, 4, 10, 7), 'Three'));
		const beforeUpdate = document.getText();
		await vscode.commands.executeCommand('gemtext.insertTableOfContents');
		await waitForText(document, (t) => t.includes('* ⇢ ⇢ ⇢ Three'));
		assert.equal(document.getText(), beforeUpdate.replace('* ⇢ ⇢ ⇢ Two', '* ⇢ ⇢ ⇢ Three'));
		await vscode.commands.executeCommand('undo');
		await waitForText(document, (t) => t === beforeUpdate);
	});

	test('gemtext.toc.updateOnSave updates an existing table when the document is saved, and adds none', async () => {
		const config = vscode.workspace.getConfiguration('gemtext');
		await config.update('toc.updateOnSave', true, vscode.ConfigurationTarget.Workspace);
		try {
			const withToc = workspaceUri('templates-e2e', 'save.gmi');
			await writeText(withToc, '# S\n\n## Table of Contents\n\n* ⇢ S\n* ⇢ ⇢ Old\n\n## New\n');
			const document = await vscode.workspace.openTextDocument(withToc);
			const editor = await vscode.window.showTextDocument(document);
			await editor.edit((b) => b.insert(new vscode.Position(8, 0), 'text\n'));
			assert.equal(await document.save(), true);
			assert.equal(document.getText(), '# S\n\n## Table of Contents\n\n* ⇢ S\n* ⇢ ⇢ New\n\n## New\ntext\n');

			const without = workspaceUri('templates-e2e', 'save-none.gmi');
			await writeText(without, '# S\n## A\n');
			const plain = await vscode.workspace.openTextDocument(without);
			const plainEditor = await vscode.window.showTextDocument(plain);
			await plainEditor.edit((b) => b.insert(new vscode.Position(2, 0), 'x\n'));
			assert.equal(await plain.save(), true);
			assert.equal(plain.getText(), '# S\n## A\nx\n');
		} finally {
			await config.update('toc.updateOnSave', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});

	test('a stale generated .gmi offers Regenerate from Template, which writes the expansion', async () => {
		await writeText(workspaceUri('templates-e2e', 'gen.gmi.tpl'), '# Gen\n\n<< template::inline::toc\n\n## Part\n');
		const uri = workspaceUri('templates-e2e', 'gen.gmi');
		await writeText(uri, '# Gen\n\nold text\n');
		const document = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(document);
		const [stale] = (await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'gemtexter.generated-stale'), TIMEOUT_MS)).filter(
			(d) => codeOf(d) === 'gemtexter.generated-stale',
		);
		const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, stale.range)) ?? [];
		const regenerate = actions.find((a) => a.title === 'Regenerate from Template');
		assert.ok(regenerate?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
		assert.ok(actions.some((a) => a.title === 'Open Template'));
		await vscode.workspace.applyEdit(regenerate.edit);
		assert.equal(document.getText(), '# Gen\n\n## Table of Contents\n\n* ⇢ Gen\n* ⇢ ⇢ Part\n\n## Part\n');
		await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'gemtexter.generated-file'), TIMEOUT_MS);
	});
});
