// Paste, drop and link insertion over JSON-RPC to the real bundled server: gemtext/urlPasteEdit,
// gemtext/documentTitles, gemtext/convertToGemtext and completion items with titles.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, type CompletionItem } from 'vscode-languageserver-protocol';
import { ConvertToGemtextRequest, DocumentTitlesRequest, UrlPasteEditRequest } from '../../server/src/protocol';
import { createWorkspace, removeWorkspace, TestServer, uriOf } from './harness';

describe('LSP: paste, drop and link titles', () => {
	let dir: string;
	let server: TestServer;

	before(async () => {
		dir = createWorkspace({ 'about.gmi': '# About me\n\nText.\n', 'notitle.gmi': 'no heading\n', 'img/cat.png': 'png' });
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('turns a URL pasted over a selected line into a link line, and declines plain text or ``` blocks', async () => {
		const uri = uriOf(`${dir}/index.gmi`);
		await server.open(uri, 'Gemini home\n\n```\ncode\n```\n');
		const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });
		assert.deepEqual(await server.connection.sendRequest(UrlPasteEditRequest.type, { uri, range: range(0, 0, 11), text: 'gemini://geminiprotocol.net/' }), { text: '=> gemini://geminiprotocol.net/ Gemini home' });
		assert.deepEqual(await server.connection.sendRequest(UrlPasteEditRequest.type, { uri, range: range(1, 0, 0), text: 'https://e.org/' }), { text: '=> https://e.org/' });
		assert.equal(await server.connection.sendRequest(UrlPasteEditRequest.type, { uri, range: range(3, 0, 4), text: 'https://e.org/' }), null);
		assert.equal(await server.connection.sendRequest(UrlPasteEditRequest.type, { uri, range: range(0, 0, 6), text: 'just words' }), null);
	});

	it('answers the title of each file, null without a heading or for other files', async () => {
		const titles = await server.connection.sendRequest(DocumentTitlesRequest.type, { uris: [uriOf(`${dir}/about.gmi`), uriOf(`${dir}/notitle.gmi`), uriOf(`${dir}/img/cat.png`), uriOf(`${dir}/missing.gmi`)] });
		assert.deepEqual(titles, ['About me', null, null, null]);
	});

	it('converts Markdown and HTML to Gemtext with the warnings', async () => {
		const md = await server.connection.sendRequest(ConvertToGemtextRequest.type, { text: '## Hi\n\nA [link](https://e.org/).\n\n<div>x</div>\n', from: 'markdown' });
		assert.deepEqual(md, { text: '## Hi\n\nA link.\n=> https://e.org/ link\n', warnings: [{ message: 'HTML block dropped', line: 4 }] });
		const html = await server.connection.sendRequest(ConvertToGemtextRequest.type, { text: '<h1>T</h1><ul><li>a</li></ul>', from: 'html' });
		assert.deepEqual(html, { text: '# T\n\n* a\n', warnings: [] });
	});

	it('rejects malformed params instead of failing inside', async () => {
		await assert.rejects(server.connection.sendRequest(UrlPasteEditRequest.method, { uri: 1 }));
		await assert.rejects(server.connection.sendRequest(ConvertToGemtextRequest.method, { from: 'markdown' }));
	});

	it('completes link paths with the title as detail and as label at the end of the line', async () => {
		const uri = uriOf(`${dir}/new.gmi`);
		await server.open(uri, '=> ');
		const items = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 3 } })) as CompletionItem[];
		const about = items.find((i) => i.label === 'about.gmi');
		assert.equal(about?.detail, 'About me');
		assert.deepEqual(about?.textEdit && 'range' in about.textEdit ? about.textEdit.newText : undefined, 'about.gmi About me');
	});
});
