import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DocumentLinkRequest, DocumentSymbolRequest, type DocumentSymbol, type DocumentLink } from 'vscode-languageserver-protocol';
import { TableOfContentsEditRequest, WorkspaceTrustNotification } from '../../server/src/protocol';
import { createWorkspace, removeWorkspace, TestServer, uriOf } from './harness';

const TEMPLATE = [
	'# My post',
	'',
	'<< template::inline::toc',
	'',
	'## Older posts',
	'<< template::inline::index walk',
	'',
	'## Now',
	'<< touch ran-marker && echo "### Printed by Bash"',
	'',
].join('\n');

describe('LSP: Gemtexter templates', () => {
	let dir: string;
	let server: TestServer;
	const at = (path: string) => uriOf(join(dir, path));

	before(async () => {
		dir = createWorkspace({
			'gemtexter.conf': '',
			'gemfeed/2024-05-01-walk.gmi': '# A walk\n',
			'gemfeed/2025-01-15-post.gmi.tpl': TEMPLATE,
		});
		({ server } = await TestServer.start({ workspaceFolders: [dir] }));
	});

	after(async () => {
		await server.stop();
		removeWorkspace(dir);
	});

	it('outlines what the template generates, on the template lines, and runs nothing by default', async () => {
		const uri = at('gemfeed/2025-01-15-post.gmi.tpl');
		await server.open(uri, TEMPLATE);
		const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
		const names = (s: DocumentSymbol[]): string[] => s.flatMap((x) => [`${x.name}@${x.selectionRange.start.line}`, ...names(x.children ?? [])]);
		assert.deepEqual(names(symbols), [
			'My post@0',
			'Table of Contents@2',
			'Older posts@4',
			'Now@7',
			'Template output (not run): touch ran-marker && echo "### Printed by Bash"@8',
		]);
		const published = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'template.not-run'));
		assert.match(published.diagnostics.find((d) => d.code === 'template.not-run')?.message ?? '', /never/);
		assert.equal(existsSync(join(dir, 'gemfeed', 'ran-marker')), false);
	});

	it('makes the links an index helper prints clickable on its line', async () => {
		const uri = at('gemfeed/2025-01-15-post.gmi.tpl');
		const links = (await server.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })) as DocumentLink[];
		assert.deepEqual(links.map((l) => [l.range.start.line, l.target]), [[5, at('gemfeed/2024-05-01-walk.gmi')]]);
	});

	it('inserts the helper line for a table of contents in a template', async () => {
		const uri = at('gemfeed/2025-01-15-post.gmi.tpl');
		const edit = await server.connection.sendRequest(TableOfContentsEditRequest.type, { uri, position: { line: 1, character: 0 } });
		assert.equal(edit, null, 'the template has one already');
	});

	it('runs template code only when the setting allows it and the workspace is trusted', async () => {
		const uri = at('gemfeed/2025-01-15-post.gmi.tpl');
		const marker = join(dir, 'gemfeed', 'ran-marker');
		server.settings = { templates: { run: 'trusted' } };
		let count = server.diagnostics.length;
		await server.configurationChanged();
		const untrusted = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'template.not-run'), count);
		assert.match(untrusted.diagnostics.find((d) => d.code === 'template.not-run')?.message ?? '', /not trusted/);
		assert.equal(existsSync(marker), false);

		count = server.diagnostics.length;
		await server.connection.sendNotification(WorkspaceTrustNotification.type, { trusted: true });
		await server.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => String(d.code).startsWith('template.')), count);
		assert.equal(existsSync(marker), true);
		const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
		const now = symbols[0].children?.find((s) => s.name === 'Now');
		assert.deepEqual(now?.children?.map((c) => [c.name, c.selectionRange.start.line]), [['Printed by Bash', 8]]);
	});
});
