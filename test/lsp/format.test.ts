// Formatting and fix-all over JSON-RPC to the real bundled server: textDocument/formatting,
// textDocument/rangeFormatting (with the FormattingOptions VS Code sends) and the
// source.fixAll.gemtext code action that editor.codeActionsOnSave asks for.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, DocumentFormattingRequest, DocumentRangeFormattingRequest, type TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../unit/applyEdits';
import { createWorkspace, removeWorkspace, TestServer, uriOf } from './harness';

const OPTIONS = { tabSize: 4, insertSpaces: false };

describe('LSP: formatting and fix-all', () => {
	let dir: string;
	let server: TestServer;
	let capabilities: Awaited<ReturnType<typeof TestServer.start>>['result']['capabilities'];

	before(async () => {
		dir = createWorkspace({ 'images/Dog.png': '', 'gemtexter.conf': '' });
		({ server, result: { capabilities } } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('announces document and range formatting and the fix-all kind', () => {
		assert.equal(capabilities.documentFormattingProvider, true);
		assert.equal(capabilities.documentRangeFormattingProvider, true);
		const kinds = typeof capabilities.codeActionProvider === 'object' ? capabilities.codeActionProvider.codeActionKinds : [];
		assert.ok(kinds?.includes('source.fixAll.gemtext'), JSON.stringify(kinds));
		// With quick suggestions off for prose, completion after `=> ` comes from the space trigger.
		assert.ok(capabilities.completionProvider?.triggerCharacters?.includes(' '));
	});

	it('formats a document with minimal edits, leaving preformatted text and the Gemtexter id alone', async () => {
		const uri = uriOf(`${dir}/post.gmi`);
		const text = '#Title\n=>a.gmi\tA\n\n\n\n\n```\n  keep  \n```\n# Preamble \nend  ';
		await server.open(uri, text);
		const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: OPTIONS });
		assert.ok(edits);
		assert.equal(applyEdits(text, edits), '# Title\n=> a.gmi A\n\n\n```\n  keep  \n```\n# Preamble \nend\n');
		assert.ok(edits.every((e: TextEdit) => e.range.start.line === e.range.end.line || e.newText === ''), 'edits are line-local');
	});

	it('follows gemtext.format.maxBlankLines and files.trimFinalNewlines', async () => {
		const uri = uriOf(`${dir}/blank.gmi`);
		const text = 'a\n\n\n\nb\n\n\n';
		await server.open(uri, text);
		server.settings = { format: { maxBlankLines: 1 } };
		await server.configurationChanged();
		try {
			const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { ...OPTIONS, trimFinalNewlines: true } });
			assert.equal(applyEdits(text, edits ?? []), 'a\n\nb\n');
		} finally {
			server.settings = {};
			await server.configurationChanged();
		}
	});

	it('formats a template\'s printed lines and never its code', async () => {
		const uri = uriOf(`${dir}/page.gmi.tpl`);
		const text = '#Title  \n<< echo  "x"  \n<<<\n  #y  \n>>>\n';
		await server.open(uri, text);
		const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: OPTIONS });
		assert.equal(applyEdits(text, edits ?? []), '# Title\n<< echo  "x"  \n<<<\n  #y  \n>>>\n');
	});

	it('formats only the lines of a range', async () => {
		const uri = uriOf(`${dir}/range.gmi`);
		const text = '#a\n#b\n#c\n';
		await server.open(uri, text);
		const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } };
		const edits = await server.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri }, range, options: OPTIONS });
		assert.equal(applyEdits(text, edits ?? []), '#a\n# b\n#c\n');
	});

	it('fixes every safe problem at once, and leaves guesses (a missing file) alone', async () => {
		const uri = uriOf(`${dir}/fix.gmi`);
		const text = '#Title\n=> images/dog.png Dog\n=> missing.gmi Gone\nSee [the docs](docs.gmi) too.\n>quote\nend';
		await server.open(uri, text);
		const range = { start: { line: 0, character: 0 }, end: { line: 5, character: 3 } };
		const actions = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
		assert.equal(actions?.length, 1);
		const action = actions[0];
		assert.ok('kind' in action && action.kind === 'source.fixAll.gemtext');
		const edits = action.edit?.changes?.[uri];
		assert.ok(edits);
		assert.equal(applyEdits(text, edits), '# Title\n=> images/Dog.png Dog\n=> missing.gmi Gone\nSee the docs too.\n=> docs.gmi the docs\n> quote\nend\n');
	});

	it('offers no fix-all when nothing is safe to fix, and none unasked', async () => {
		const uri = uriOf(`${dir}/clean.gmi`);
		await server.open(uri, '# Clean\n=> missing.gmi Gone\n');
		const range = { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } };
		assert.deepEqual(await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll.gemtext'] } }), []);
		const unasked = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [] } });
		assert.ok(unasked?.every((a) => !('kind' in a) || a.kind !== 'source.fixAll.gemtext'));
	});
});
