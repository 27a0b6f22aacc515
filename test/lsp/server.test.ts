/**
 * The bundled server (dist/server.js --stdio) against a fixture workspace on disk:
 * every feature through real JSON-RPC.
 */
import { strict as assert } from 'node:assert';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
	DocumentLinkRequest,
	DocumentSymbolRequest,
	FileChangeType,
	FoldingRangeRequest,
	type InitializeResult,
	SelectionRangeRequest,
	type SymbolInformation,
	WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { RenderHtmlRequest } from '../../server/src/protocol';
import { getFoldingRanges } from '../../server/src/service/folding';
import { parseGemtext } from '../../server/src/service/parser';
import { getSelectionRanges } from '../../server/src/service/selection';
import { createWorkspace, removeWorkspace, TestServer, uriOf, writeFile } from './harness';

const INDEX = [
	'# Home', // 0
	'', // 1
	'Welcome.', // 2
	'', // 3
	'## Links', // 4
	'=> about.gmi About', // 5
	'=> sub/ Sub', // 6
	'=> gemini://example.org Ext', // 7
	'=> https://example.org/x Web', // 8
	'=> /abs.gmi Abs', // 9
	'=> about.gmi#Team About team', // 10
	'=>', // 11
	'', // 12
	'## Code', // 13
	'```sh', // 14
	'echo hi', // 15
	'```', // 16
	'', // 17: after the final line break
].join('\n');

function range(sl: number, sc: number, el: number, ec: number) {
	return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

describe('language server over stdio', { timeout: 60_000 }, () => {
	let dir: string;
	let server: TestServer;
	let init: InitializeResult;
	let indexUri: string;

	before(async () => {
		dir = createWorkspace({
			'index.gmi': INDEX,
			'about.gmi': '# About\n## Team\n',
			'sub/index.gmi': '# Sub index\n',
			'abs.gmi': '# Absolute\n',
			'notes/unopened.gmi': 'intro\n# Unopened heading\n## Deeper unopened\n',
			'node_modules/pkg/hidden.gmi': '# Hidden dependency\n',
			'binary.gmi': new Uint8Array([0, 1, 2, 3, 0xff, 0xfe, 0x00, 10, 0x23, 0x23, 0x20, 0x42, 0x69, 0x6e, 10, 0x89, 0x50, 0x4e, 0x47]),
			'invalid.gmi': new Uint8Array([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 10, 0xc3, 0x28, 10]),
		});
		indexUri = uriOf(join(dir, 'index.gmi'));
		({ server, result: init } = await TestServer.start({ workspaceFolders: [dir] }));
		await server.open(indexUri, INDEX);
	});

	after(async () => {
		const code = await server.stop();
		removeWorkspace(dir);
		assert.equal(code, 0);
	});

	it('announces its capabilities', () => {
		const caps = init.capabilities;
		assert.equal(caps.documentSymbolProvider, true);
		assert.equal(caps.foldingRangeProvider, true);
		assert.equal(caps.selectionRangeProvider, true);
		assert.deepEqual(caps.documentLinkProvider, { resolveProvider: false });
		assert.equal(caps.workspaceSymbolProvider, true);
		assert.deepEqual(caps.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
	});

	it('reports progress while building the first workspace index', async () => {
		const end = await server.waitFor(() => server.progress.find((p) => p.kind === 'end'));
		assert.equal(end.kind, 'end');
		assert.equal(server.progress[0].kind, 'begin');
		assert.match((server.progress[0] as { title: string }).title, /Indexing Gemtext files/);
	});

	it('answers documentSymbol with the heading tree and section ranges', async () => {
		const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: indexUri } });
		assert.deepEqual(symbols, [
			{
				name: 'Home', detail: '#', kind: 15, range: range(0, 0, 17, 0), selectionRange: range(0, 2, 0, 6),
				children: [
					{ name: 'Links', detail: '##', kind: 15, range: range(4, 0, 12, 0), selectionRange: range(4, 3, 4, 8), children: [] },
					{ name: 'Code', detail: '##', kind: 15, range: range(13, 0, 17, 0), selectionRange: range(13, 3, 13, 7), children: [] },
				],
			},
		]);
	});

	it('answers foldingRange exactly as the service computes it', async () => {
		const ranges = await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: indexUri } });
		const expected = getFoldingRanges(parseGemtext(INDEX)).map((r) => (r.kind ? { ...r } : { startLine: r.startLine, endLine: r.endLine }));
		assert.deepEqual(ranges, expected);
		assert.ok(ranges?.some((r) => r.startLine === 0), 'the Home section folds');
		assert.ok(ranges?.some((r) => r.startLine === 14 && r.endLine === 16), 'the ``` block folds');
	});

	it('answers selectionRange with a chain per position, as the service computes it', async () => {
		const positions = [{ line: 5, character: 5 }, { line: 15, character: 2 }];
		const result = await server.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri: indexUri }, positions });
		const expected = JSON.parse(JSON.stringify(getSelectionRanges(parseGemtext(INDEX), positions)));
		assert.deepEqual(JSON.parse(JSON.stringify(result)), expected);
		assert.equal(result?.length, 2);
		assert.ok(result![0].parent, 'a chain, not a single range');
	});

	it('answers documentLink: relative, dir/ → dir/index.gmi, absolute path, fragment, external schemes', async () => {
		const links = await server.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: indexUri } });
		assert.deepEqual(links?.map((l) => ({ range: l.range, target: l.target })), [
			{ range: range(5, 3, 5, 12), target: uriOf(join(dir, 'about.gmi')) },
			{ range: range(6, 3, 6, 7), target: uriOf(join(dir, 'sub', 'index.gmi')) },
			{ range: range(7, 3, 7, 23), target: 'gemini://example.org' },
			{ range: range(8, 3, 8, 24), target: 'https://example.org/x' },
			{ range: range(9, 3, 9, 11), target: uriOf(join(dir, 'abs.gmi')) },
			{ range: range(10, 3, 10, 17), target: uriOf(join(dir, 'about.gmi')) + '#Team' },
		]);
	});

	it('answers workspaceSymbol with headings of unopened files, skipping node_modules', async () => {
		const symbols = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as SymbolInformation[];
		const names = symbols.map((s) => s.name).sort();
		for (const name of ['About', 'Absolute', 'Bin', 'Code', 'Deeper unopened', 'Home', 'Links', 'Sub index', 'Team', 'Unopened heading']) {
			assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
		}
		assert.ok(!names.includes('Hidden dependency'));
		const unopened = symbols.find((s) => s.name === 'Unopened heading')!;
		assert.deepEqual(unopened.location, { uri: uriOf(join(dir, 'notes', 'unopened.gmi')), range: range(1, 0, 1, 18) });
		const fuzzy = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'dpun' })) as SymbolInformation[];
		assert.deepEqual(fuzzy.map((s) => s.name), ['Deeper unopened']);
	});

	it('follows didChangeWatchedFiles in workspaceSymbol', async () => {
		const path = writeFile(dir, 'notes/new.gmi', '# Brand new page\n');
		await server.filesChanged([{ uri: uriOf(path), type: FileChangeType.Created }]);
		const added = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'brand' })) as SymbolInformation[];
		assert.deepEqual(added.map((s) => s.name), ['Brand new page']);

		unlinkSync(path);
		await server.filesChanged([{ uri: uriOf(path), type: FileChangeType.Deleted }]);
		const removed = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'brand' })) as SymbolInformation[];
		assert.deepEqual(removed, []);
	});

	it('prefers an open document over its file on disk in workspaceSymbol', async () => {
		const aboutUri = uriOf(join(dir, 'about.gmi'));
		await server.open(aboutUri, '# About (edited)\n');
		const inAbout = (symbols: SymbolInformation[]) => symbols.filter((s) => s.location.uri === aboutUri).map((s) => s.name);
		const edited = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as SymbolInformation[];
		assert.deepEqual(inAbout(edited), ['About (edited)']);
		await server.close(aboutUri);
		const disk = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as SymbolInformation[];
		assert.deepEqual(inAbout(disk), ['About', 'Team']);
	});

	it('publishes diagnostics, clears them after a fix, and obeys a severity of ignore', async () => {
		const uri = uriOf(join(dir, 'bad.gmi'));
		const code = 'syntax.unclosed-preformat';
		const has = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.some((d) => d.code === code);

		await server.open(uri, '# Bad\n```\nnever closed\n');
		const first = await server.waitForDiagnostics(uri, has);
		const diagnostic = first.diagnostics.find((d) => d.code === code)!;
		assert.equal(diagnostic.source, 'gemtext');
		assert.equal(diagnostic.severity, 2);
		assert.ok(server.configurationRequests.some((item) => item.scopeUri === uri && item.section === 'gemtext'), 'settings pulled in the document scope');

		await server.change(uri, '# Bad\n```\nclosed\n```\n', 2);
		const fixed = await server.waitForDiagnostics(uri, (p) => p.version === 2);
		assert.equal(has(fixed), false);

		await server.change(uri, '# Bad\n```\nopen again\n', 3);
		await server.waitForDiagnostics(uri, (p) => p.version === 3 && has(p));
		const published = server.diagnostics.length;
		server.settings = { validate: { unclosedPreformat: 'ignore' } };
		await server.configurationChanged();
		const ignored = await server.waitForDiagnostics(uri, (p) => p.version === 3, published);
		assert.equal(has(ignored), false);

		server.settings = {};
		await server.close(uri);
		const cleared = await server.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === undefined, published);
		assert.deepEqual(cleared.diagnostics, []);
	});

	it('only publishes diagnostics of the latest version when edits come fast', async () => {
		const uri = uriOf(join(dir, 'fast.gmi'));
		await server.open(uri, '```\n', 1);
		for (let v = 2; v <= 10; v++) {
			await server.change(uri, v % 2 === 0 ? '```\nx\n```\n' : '```\n', v);
		}
		const last = await server.waitForDiagnostics(uri, (p) => p.version === 10);
		assert.deepEqual(last.diagnostics, []);
		// Stale runs are cancelled, never published late: versions only go up.
		const versions = server.diagnostics.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
		assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
		await server.close(uri);
	});

	it('renders an open document and a file on disk with gemtext/renderHtml', async () => {
		const open = await server.connection.sendRequest(RenderHtmlRequest.type, { uri: indexUri, style: 'gemini' });
		assert.equal(open.style, 'gemini');
		assert.equal(open.version, 1);
		assert.equal(open.title, 'Home');
		assert.match(open.html, /Home/);
		assert.match(open.html, /echo hi/);

		const aboutUri = uriOf(join(dir, 'about.gmi'));
		const disk = await server.connection.sendRequest(RenderHtmlRequest.type, { uri: aboutUri, style: 'gemtexter' });
		assert.equal(disk.version, -1);
		assert.equal(disk.style, 'gemtexter');
		assert.match(disk.html, /<h1 style='display: inline' id='about'>About<\/h1><br \/>/);

		const page = await server.connection.sendRequest(RenderHtmlRequest.type, { uri: aboutUri, style: 'gemini', page: true });
		assert.match(page.html, /<html/i);
		assert.match(page.html, /<title>[^<]*About/);

		await assert.rejects(server.connection.sendRequest(RenderHtmlRequest.type, { uri: uriOf(join(dir, 'missing.gmi')) }), /Cannot read/);
	});

	it('resolves style auto by gemtexter.conf, following the file watcher', async () => {
		const auto = await server.connection.sendRequest(RenderHtmlRequest.type, { uri: indexUri, style: 'auto' });
		assert.equal(auto.style, 'gemini');
		const conf = writeFile(dir, 'gemtexter.conf', 'declare -xr DOMAIN=example.org\n');
		await server.filesChanged([{ uri: uriOf(conf), type: FileChangeType.Created }]);
		const withConf = await server.connection.sendRequest(RenderHtmlRequest.type, { uri: indexUri });
		assert.equal(withConf.style, 'gemtexter');
		unlinkSync(conf);
		await server.filesChanged([{ uri: uriOf(conf), type: FileChangeType.Deleted }]);
		const without = await server.connection.sendRequest(RenderHtmlRequest.type, { uri: indexUri });
		assert.equal(without.style, 'gemini');
	});

	it('survives binary and invalid UTF-8 documents', async () => {
		const binaryUri = uriOf(join(dir, 'binary.gmi'));
		await server.open(binaryUri, '\u0000\u0001\u0002\u0003\uFFFD\uFFFD\u0000\n## Bin\n\uFFFDPNG');
		const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: binaryUri } });
		assert.deepEqual(symbols?.map((s) => s.name), ['Bin']);
		const invalid = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'caf' })) as SymbolInformation[];
		assert.deepEqual(invalid.map((s) => s.name), ['Caf\uFFFD']);
		await server.close(binaryUri);
		assert.ok(server.running);
	});

	it('answers nothing (not an error) for a document that is not open', async () => {
		const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uriOf(join(dir, 'abs.gmi')) } });
		assert.equal(symbols, null);
	});
});
