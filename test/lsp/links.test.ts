import { strict as assert } from 'node:assert';
import { renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
	CodeActionRequest,
	CompletionRequest,
	DefinitionRequest,
	FileChangeType,
	HoverRequest,
	PrepareRenameRequest,
	ReferencesRequest,
	RenameRequest,
	type CodeAction,
	type CompletionItem,
	type CompletionList,
	type Hover,
	type Location,
	type MarkupContent,
	type PublishDiagnosticsParams,
	type TextDocumentEdit,
	type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { FileMoveEditsRequest, FileReferencesRequest } from '../../server/src/protocol';
import { createWorkspace, removeWorkspace, TestServer, uriOf, writeFile } from './harness';

const FILES = {
	'gemtexter.conf': '',
	'index.gmi': '# Home\n## Links\n=> about.gmi About\n=> about.gmi#team The team\n=> img/cat.png Cat\n=> #links\n',
	'about.gmi': '# About\n## Team\n=> index.gmi#home Home\n',
	'img/cat.png': 'PNG',
	'blog/index.gmi': '# Blog\n=> ../about.gmi#team Team\n',
};

function range(line: number, from: number, to: number) {
	return { start: { line, character: from }, end: { line, character: to } };
}

function codesOf(p: PublishDiagnosticsParams): string[] {
	return p.diagnostics.map((d) => String(d.code)).sort();
}

/** The text edits of a workspace edit by URI (documentChanges form). */
function editsByUri(edit: WorkspaceEdit | null): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	for (const change of edit?.documentChanges ?? []) {
		if ('textDocument' in change) {
			out[change.textDocument.uri] = (change as TextDocumentEdit).edits.map((e) => e.newText);
		}
	}
	return out;
}

describe('LSP: links', () => {
	let dir: string;
	let server: TestServer;
	const at = (path: string) => uriOf(join(dir, path));

	before(async () => {
		dir = createWorkspace(FILES);
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('a correct capsule has no link diagnostics', async () => {
		const uri = at('index.gmi');
		await server.open(uri, FILES['index.gmi']);
		const published = await server.waitForDiagnostics(uri, () => true);
		assert.deepEqual(published.diagnostics, []);
		await server.close(uri);
	});

	it('revalidates open documents when a linked file is deleted, created or renamed on disk', async () => {
		const uri = at('links.gmi');
		await server.open(uri, '# Links\n=> page.gmi Page\n=> img/cat.png\n');
		await server.waitForDiagnostics(uri, (p) => codesOf(p).join() === 'link.missing-file');

		let count = server.diagnostics.length;
		const page = writeFile(dir, 'page.gmi', '# Page\n');
		await server.filesChanged([{ uri: uriOf(page), type: FileChangeType.Created }]);
		await server.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, count);

		count = server.diagnostics.length;
		unlinkSync(join(dir, 'img', 'cat.png'));
		await server.filesChanged([{ uri: at('img/cat.png'), type: FileChangeType.Deleted }]);
		const deleted = await server.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1, count);
		assert.deepEqual(deleted.diagnostics[0].range, range(2, 3, 14));

		count = server.diagnostics.length;
		renameSync(join(dir, 'page.gmi'), join(dir, 'Page.gmi'));
		writeFile(dir, 'img/cat.png', 'PNG');
		await server.filesChanged([
			{ uri: uriOf(page), type: FileChangeType.Deleted },
			{ uri: at('Page.gmi'), type: FileChangeType.Created },
			{ uri: at('img/cat.png'), type: FileChangeType.Created },
		]);
		// page.gmi is now Page.gmi: the link works on a case-insensitive disk only.
		const renamed = await server.waitForDiagnostics(uri, (p) => codesOf(p).join() === 'link.case-mismatch', count);
		assert.deepEqual(renamed.diagnostics[0].range, range(1, 3, 11));
		await server.close(uri);
		renameSync(join(dir, 'Page.gmi'), join(dir, 'page.gmi'));
		await server.filesChanged([{ uri: at('Page.gmi'), type: FileChangeType.Deleted }, { uri: uriOf(page), type: FileChangeType.Created }]);
	});

	it('reports missing headings with the Gemtexter ids of the capsule', async () => {
		const uri = at('frag.gmi');
		await server.open(uri, '# Frag\n=> about.gmi#team\n=> about.gmi#teams\n=> #frag\n=> #nope\n');
		const p = await server.waitForDiagnostics(uri, () => true);
		assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line]), [['link.missing-heading-in-file', 2], ['link.missing-heading', 4]]);
		await server.close(uri);
	});

	it('offers quick fixes that create the file and change the link', async () => {
		const uri = at('fix.gmi');
		await server.open(uri, '=> abuot.gmi\n=> new-page.gmi New page\n');
		const p = await server.waitForDiagnostics(uri, (d) => d.diagnostics.length === 2);
		const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
			textDocument: { uri },
			range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
			context: { diagnostics: p.diagnostics },
		})) as CodeAction[];
		const titles = actions.map((a) => a.title);
		assert.ok(titles.includes('Change to about.gmi'), titles.join());
		const create = actions.find((a) => a.title === 'Create new-page.gmi')!;
		assert.equal(create.kind, 'quickfix');
		assert.deepEqual(create.diagnostics?.map((d) => d.code), ['link.missing-file']);
		assert.deepEqual(create.edit?.documentChanges?.[0], { kind: 'create', uri: at('new-page.gmi'), options: { ignoreIfExists: true } });
		assert.deepEqual(editsByUri(create.edit ?? null), { [at('new-page.gmi')]: ['# New page\n'] });
		await server.close(uri);
	});

	it('completes paths and heading ids', async () => {
		const uri = at('complete.gmi');
		await server.open(uri, '# Complete\n=> \n=> about.gmi#\n');
		const paths = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 3 } })) as CompletionItem[] | CompletionList;
		const labels = (Array.isArray(paths) ? paths : paths.items).map((i) => i.label);
		for (const label of ['about.gmi', 'img/', 'blog/', 'index.gmi']) {
			assert.ok(labels.includes(label), `${label} in ${labels.join()}`);
		}
		const ids = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 13 } })) as CompletionItem[];
		assert.deepEqual(ids.map((i) => i.label), ['about', 'team']);
		await server.close(uri);
	});

	it('hovers, goes to definition and finds references', async () => {
		const uri = at('index.gmi');
		await server.open(uri, FILES['index.gmi']);
		const hover = (await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 5 } })) as Hover;
		assert.match((hover.contents as MarkupContent).value, /\*\*About\*\*/);
		const image = (await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 5 } })) as Hover;
		assert.match((image.contents as MarkupContent).value, /!\[Cat\]\(file:/);

		const definition = await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 3, character: 5 } });
		assert.deepEqual(definition, [{ uri: at('about.gmi'), range: range(1, 0, 7) }]);

		const refs = (await server.connection.sendRequest(ReferencesRequest.type, {
			textDocument: { uri },
			position: { line: 3, character: 5 },
			context: { includeDeclaration: false },
		})) as Location[];
		assert.deepEqual(refs.map((r) => r.uri).sort(), [at('blog/index.gmi'), at('index.gmi')]);

		const fileRefs = await server.connection.sendRequest(FileReferencesRequest.type, { uri: at('about.gmi') });
		assert.deepEqual(fileRefs.map((r) => [r.uri, r.range.start.line]).sort(), [[at('blog/index.gmi'), 1], [at('index.gmi'), 2], [at('index.gmi'), 3]]);
		await server.close(uri);
	});

	it('renames a heading and the fragment links that use its id', async () => {
		const uri = at('about.gmi');
		await server.open(uri, FILES['about.gmi']);
		const prepared = await server.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 } });
		assert.deepEqual(prepared, { range: range(1, 3, 7), placeholder: 'Team' });
		const edit = await server.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 }, newName: 'Our people' });
		assert.deepEqual(editsByUri(edit), {
			[at('about.gmi')]: ['Our people'],
			[at('blog/index.gmi')]: ['our-people'],
			[at('index.gmi')]: ['our-people'],
		});
		await server.close(uri);
	});

	it('computes link edits for a file move', async () => {
		const edit = await server.connection.sendRequest(FileMoveEditsRequest.type, { moves: [{ oldUri: at('about.gmi'), newUri: at('pages/about.gmi') }] });
		assert.deepEqual(editsByUri(edit), {
			[at('about.gmi')]: ['../index.gmi#home'],
			[at('blog/index.gmi')]: ['../pages/about.gmi#team'],
			[at('index.gmi')]: ['pages/about.gmi', 'pages/about.gmi#team'],
		});
		const none = await server.connection.sendRequest(FileMoveEditsRequest.type, { moves: [{ oldUri: at('unlinked.txt'), newUri: at('x.txt') }] });
		assert.equal(none, null);
	});
});
