// The foundation inside a real VS Code: language id, Outline, diagnostics, folding and links, each
// through the same `vscode` commands the workbench itself uses, against the fixture capsule in
// test/fixtures/e2e-workspace/ (copied fresh for every run by scripts/e2e/run.mjs).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, waitForDiagnostics as waitFor, workspaceUri } from './support';

/** Bound for waiting on the language server's diagnostics (an event, not a sleep). */
const DIAGNOSTICS_TIMEOUT_MS = 30_000;

async function open(...segments: string[]): Promise<vscode.TextDocument> {
	const doc = await vscode.workspace.openTextDocument(workspaceUri(...segments));
	await vscode.window.showTextDocument(doc);
	return doc;
}

type Span = [startLine: number, startCharacter: number, endLine: number, endCharacter: number];
const span = (r: vscode.Range): Span => [r.start.line, r.start.character, r.end.line, r.end.character];

interface OutlineNode {
	name: string;
	range: Span;
	selection: Span;
	children: OutlineNode[];
}

function toOutline(symbols: readonly vscode.DocumentSymbol[]): OutlineNode[] {
	return symbols.map((s) => ({ name: s.name, range: span(s.range), selection: span(s.selectionRange), children: toOutline(s.children ?? []) }));
}

/** The diagnostics of `uri` once `ready` accepts them. */
function waitForDiagnostics(uri: vscode.Uri, ready: (ds: readonly vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
	return waitFor(uri, ready, DIAGNOSTICS_TIMEOUT_MS);
}

suite('Foundation', () => {
	suiteSetup(async () => {
		// Resolves once the language client has started the server and initialized it.
		await activateExtension();
	});

	teardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('a .gmi file gets the gemtext language', async () => {
		const doc = await open('index.gmi');
		assert.equal(doc.languageId, 'gemtext');
		assert.equal(vscode.window.activeTextEditor?.document.languageId, 'gemtext');
	});

	test('the Outline is the heading tree, with section ranges, skipping "headings" inside ``` blocks', async () => {
		const doc = await open('gemfeed', '2025-01-15-post.gmi');
		const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
		assert.ok(Array.isArray(symbols), 'a document symbol provider answers for gemtext');
		assert.deepEqual(toOutline(symbols), [
			{
				name: 'Working with preformatted text',
				range: [0, 0, 31, 0],
				selection: [0, 2, 0, 32],
				children: [
					{
						name: 'Shell',
						range: [6, 0, 19, 0],
						selection: [6, 3, 6, 8],
						children: [{ name: 'Pipes', range: [14, 0, 19, 0], selection: [14, 4, 14, 9], children: [] }],
					},
					{ name: 'Lists and quotes', range: [20, 0, 26, 0], selection: [20, 3, 20, 19], children: [] },
					{ name: 'Links', range: [27, 0, 31, 0], selection: [27, 3, 27, 8], children: [] },
				],
			},
		]);
	});

	test('an unclosed ``` block shows a syntax.unclosed-preformat warning on its opening line', async () => {
		const uri = workspaceUri('broken', 'unclosed.gmi');
		const diagnostics = waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'syntax.unclosed-preformat'));
		await open('broken', 'unclosed.gmi');
		const unclosed = (await diagnostics).filter((d) => codeOf(d) === 'syntax.unclosed-preformat');
		assert.equal(unclosed.length, 1);
		assert.equal(unclosed[0].severity, vscode.DiagnosticSeverity.Warning);
		assert.deepEqual(span(unclosed[0].range), [4, 0, 4, 9]);
		assert.match(unclosed[0].message, /never closed/);
	});

	test('broken links and constructs are diagnosed with their stable codes', async () => {
		const uri = workspaceUri('broken', 'links.gmi');
		const expected = ['syntax.link-without-url@2', 'link.missing-file@3', 'syntax.heading-too-deep@4'];
		const key = (d: vscode.Diagnostic): string => `${codeOf(d)}@${d.range.start.line}`;
		const diagnostics = waitForDiagnostics(uri, (ds) => expected.every((e) => ds.some((d) => key(d) === e)));
		await open('broken', 'links.gmi');
		const keys = (await diagnostics).map(key);
		for (const e of expected) assert.ok(keys.includes(e), `expected ${e} in [${keys.join(', ')}]`);
	});

	test('diagnostics follow edits: a fix clears them', async () => {
		const uri = workspaceUri('gemfeed', '2025-01-15-post.gmi');
		const doc = await open('gemfeed', '2025-01-15-post.gmi');
		const editor = vscode.window.activeTextEditor;
		assert.ok(editor && editor.document === doc);
		const last = doc.lineCount - 1;
		const broken = waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'syntax.link-without-url' && d.range.start.line === last));
		assert.ok(await editor.edit((b) => b.insert(new vscode.Position(last, 0), '=>\n')));
		await broken;
		const cleared = waitForDiagnostics(uri, (ds) => ds.length === 0);
		assert.ok(await editor.edit((b) => b.delete(new vscode.Range(last, 0, last + 1, 0))));
		assert.deepEqual(await cleared, []);
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});

	test('folding ranges cover sections, ``` blocks and runs of list items and links', async () => {
		const doc = await open('gemfeed', '2025-01-15-post.gmi');
		const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
		assert.ok(Array.isArray(ranges), 'a folding range provider answers for gemtext');
		const pairs = ranges.map((r) => [r.start, r.end]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
		assert.deepEqual(pairs, [
			[0, 30], // # Working with preformatted text (trailing blank line left visible)
			[6, 18], // ## Shell
			[8, 12], // ```sh block
			[14, 18], // ### Pipes
			[16, 18], // ``` block
			[20, 25], // ## Lists and quotes
			[22, 23], // two list items
			[27, 30], // ## Links
			[29, 30], // two link lines
		]);
	});

	test('document links: relative links resolve to workspace files, directories to their index.gmi', async () => {
		const doc = await open('index.gmi');
		const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
		assert.ok(Array.isArray(links), 'a document link provider answers for gemtext');
		const actual = links
			.map((l) => ({ range: span(l.range), target: l.target?.toString() }))
			.sort((a, b) => a.range[0] - b.range[0]);
		assert.deepEqual(actual, [
			{ range: [6, 3, 6, 30], target: workspaceUri('gemfeed', '2025-01-15-post.gmi').toString() },
			{ range: [7, 3, 7, 11], target: workspaceUri('gemfeed', 'index.gmi').toString() },
			{ range: [11, 3, 11, 31], target: 'gemini://geminiprotocol.net/' },
			{ range: [12, 3, 12, 23], target: 'https://example.org/' },
		]);
		// The file link points at a file that exists, in the workspace.
		const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(actual[0].target as string));
		assert.equal(stat.type, vscode.FileType.File);
	});
});
