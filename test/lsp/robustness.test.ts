/**
 * Bad input never takes the server down or stalls it: a 5 MB document, binary and
 * invalid UTF-8 files, an unreadable folder.
 */
import { strict as assert } from 'node:assert';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DocumentSymbolRequest, FoldingRangeRequest, WorkspaceSymbolRequest, type SymbolInformation } from 'vscode-languageserver-protocol/node';
import { createWorkspace, removeWorkspace, TestServer, uriOf } from './harness';

/** About 5 MB of Gemtext: one `#` heading over thousands of `##` sections of text, links and lists. */
function bigDocument(): { text: string; sections: number } {
	const parts: string[] = ['# Big\n'];
	const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.\n';
	let size = 0;
	let sections = 0;
	while (size < 5 * 1024 * 1024) {
		const section = `## Section ${sections}\n${paragraph.repeat(8)}=> page${sections}.gmi Page ${sections}\n* item\n* item\n\n`;
		parts.push(section);
		size += section.length;
		sections++;
	}
	return { text: parts.join(''), sections };
}

describe('robustness', { timeout: 120_000 }, () => {
	let dir: string;
	let server: TestServer;

	before(async () => {
		dir = createWorkspace({
			'small.gmi': '# Small\n',
			'random.gmi': Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 256),
			'invalid.gmi': new Uint8Array([0xc3, 0x28, 0xa0, 0xa1, 10, 0x23, 0x20, 0xe2, 0x82, 10, 0xf0, 0x28, 0x8c, 0xbc]),
			'locked/secret.gmi': '# Secret\n',
		});
		// An unreadable folder (EACCES), unless the tests run as root, who reads everything anyway.
		chmodSync(join(dir, 'locked'), 0o000);
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		const code = await server.stop();
		chmodSync(join(dir, 'locked'), 0o755);
		removeWorkspace(dir);
		assert.equal(code, 0);
	});

	it('answers documentSymbol for a 5 MB document, and a request right behind it completes too', async () => {
		const { text, sections } = bigDocument();
		const bigUri = uriOf(join(dir, 'big.gmi'));
		const smallUri = uriOf(join(dir, 'small.gmi'));
		await server.open(bigUri, text);
		await server.open(smallUri, '# Small\n## Part\n');

		const done: string[] = [];
		const big = server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: bigUri } }).then((r) => {
			done.push('big');
			return r;
		});
		const small = server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: smallUri } }).then((r) => {
			done.push('small');
			return r;
		});
		const [bigSymbols, smallSymbols] = await Promise.all([big, small]);
		assert.equal(bigSymbols?.length, 1);
		assert.equal((bigSymbols?.[0] as { children: unknown[] }).children.length, sections);
		assert.deepEqual(smallSymbols?.map((s) => s.name), ['Small']);
		// Requests are answered in order: the big one did not starve the small one behind it.
		assert.deepEqual(done, ['big', 'small']);

		const folding = await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: bigUri } });
		assert.ok((folding?.length ?? 0) > sections);
		await server.close(bigUri);
		await server.close(smallUri);
	});

	it('indexes binary and invalid UTF-8 files without crashing, and keeps answering', async () => {
		const symbols = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as SymbolInformation[];
		assert.ok(symbols.some((s) => s.name === 'Small'));
		assert.ok(symbols.some((s) => s.location.uri.endsWith('/invalid.gmi') && s.name === '\uFFFD'), JSON.stringify(symbols.map((s) => s.name)));
		assert.ok(server.running);

		const uri = uriOf(join(dir, 'random.gmi'));
		await server.open(uri, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
		const result = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
		assert.ok(Array.isArray(result));
		await server.close(uri);
		assert.ok(server.running);
	});
});
