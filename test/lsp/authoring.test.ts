// The authoring messages over JSON-RPC to the real bundled server: gemtext/wordCount,
// gemtext/newPost and gemtext/publishedDate, for a Gemtext document and a Gemtexter template.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { NewPostRequest, PublishedDateRequest, WordCountRequest } from '../../server/src/protocol';
import { createWorkspace, removeWorkspace, TestServer, uriOf } from './harness';

const STAMP = /^> Published at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe('LSP: authoring requests', () => {
	let dir: string;
	let server: TestServer;

	before(async () => {
		dir = createWorkspace({ 'gemfeed/.keep': '' });
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('counts the words of an open template outside ``` blocks, and answers null for a closed one', async () => {
		const uri = uriOf(`${dir}/gemfeed/DRAFT-x.gmi.tpl`);
		await server.open(uri, '# Title here\n\n```\nnot these\n```\n<< echo hi\n');
		const result = await server.connection.sendRequest(WordCountRequest.type, { uri });
		assert.deepEqual(result, { words: 6, minutes: 1, wordsPerMinute: 238 });
		assert.equal(await server.connection.sendRequest(WordCountRequest.type, { uri: uriOf(`${dir}/closed.gmi`) }), null);
	});

	it('names a new post at the local date, free among the existing names, or says why it cannot', async () => {
		const result = await server.connection.sendRequest(NewPostRequest.type, { title: 'Hello World', draft: false, extension: '.gmi.tpl', existing: [] });
		assert.ok(result.problem === undefined);
		const date = /^(\d{4}-\d{2}-\d{2})-hello-world\.gmi\.tpl$/.exec(result.fileName)?.[1];
		assert.ok(date, result.fileName);
		const lines = result.text.split('\n');
		assert.deepEqual([lines[0], lines[1], lines[3], lines[4], lines.length, result.cursorLine], ['# Hello World', '', '', '', 5, 4]);
		assert.match(lines[2], STAMP);
		assert.equal(lines[2].slice('> Published at '.length, '> Published at '.length + 10), date);

		const taken = await server.connection.sendRequest(NewPostRequest.type, { title: 'Hello World', draft: false, extension: '.gmi', existing: [`${date}-hello-world.gmi.tpl`] });
		assert.equal(taken.problem === undefined && taken.fileName, `${date}-hello-world-2.gmi`);
		const draft = await server.connection.sendRequest(NewPostRequest.type, { title: 'Hello World', draft: true, extension: '.gmi', existing: [] });
		assert.equal(draft.problem === undefined && draft.fileName, 'DRAFT-hello-world.gmi');
		assert.deepEqual(await server.connection.sendRequest(NewPostRequest.type, { title: '   ', draft: false, extension: '.gmi' }), { problem: 'The post needs a title.' });
	});

	it('stamps an open post and names a draft for publishing', async () => {
		const uri = uriOf(`${dir}/gemfeed/DRAFT-my-post.gmi`);
		await server.open(uri, '# My post\n\nBody\n');
		const result = await server.connection.sendRequest(PublishedDateRequest.type, { uri, publish: true });
		assert.ok(result);
		assert.deepEqual(result.edit.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } });
		assert.match(result.edit.newText.slice(2), STAMP);
		assert.equal(result.edit.newText.slice(0, 2), '\n\n');
		assert.match(result.publishedName ?? '', /^\d{4}-\d{2}-\d{2}-my-post\.gmi$/);

		const post = uriOf(`${dir}/gemfeed/2025-01-15-post.gmi`);
		await server.open(post, '# Post\n\n> Published at 2025-01-15T00:16:04+02:00\n');
		const restamp = await server.connection.sendRequest(PublishedDateRequest.type, { uri: post });
		assert.ok(restamp);
		assert.equal(restamp.publishedName, undefined);
		assert.deepEqual(restamp.edit.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 40 } });
		assert.match(restamp.edit.newText, STAMP);
	});
});
