import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
	createGemtextService,
	defaultSettings,
	type GemtextSettings,
	type TemplateRunner,
	type TemplateRunRequest,
	type TextSnapshot,
} from '../../../server/src/service';
import { MemoryFileSystem, uriOf } from '../memoryFileSystem';

function snapshot(path: string, text: string, version = 1): TextSnapshot {
	return { uri: uriOf(path), version, getText: () => text };
}

/** A runner that records every request and prints `out:<code>` for each piece. */
function recordingRunner(): TemplateRunner & { requests: TemplateRunRequest[] } {
	const requests: TemplateRunRequest[] = [];
	return {
		requests,
		run(request) {
			requests.push(request);
			return Promise.resolve({ outputs: request.pieces.map((p) => `# out:${p.code.trim()}\n`), failures: [] });
		},
	};
}

function setup(files: Record<string, string>, run: GemtextSettings['templates']['run'] = 'never', runner = recordingRunner()) {
	const fs = new MemoryFileSystem({ '/ws/gemtexter.conf': '', ...files });
	const settings: GemtextSettings = { ...defaultSettings, templates: { ...defaultSettings.templates, run } };
	const service = createGemtextService({
		fileSystem: fs,
		logger: { log: () => undefined },
		getSettings: () => settings,
		workspaceFolders: [uriOf('/ws')],
		templateRunner: runner,
	});
	return { fs, service, runner };
}

const POST = [
	'# Post title',
	'',
	'> Published at 2025-01-15T00:16:04+02:00',
	'',
	'<< template::inline::toc',
	'',
	'## First',
	'',
	'=> ./missing.gmi Broken',
	'<< template::inline::rindex older',
	'',
	'## Second',
	'<< cat ../notes/x.gmi',
	'end',
	'',
].join('\n');

const FILES = {
	'/ws/gemfeed/2024-01-01-older-one.gmi': '# Older one\n',
	'/ws/gemfeed/2023-01-01-older-gone.gmi': '# Gone\n',
};

describe('templates in the service', () => {
	it('runs nothing with the default setting, even with a runner at hand', async () => {
		const { service, runner } = setup(FILES);
		const snap = snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', POST);
		await service.getOutline(snap);
		await service.getDiagnostics(snap);
		await service.renderHtml(snap, { style: 'gemtexter' });
		const expansion = await service.expandTemplate(snap);
		assert.equal(runner.requests.length, 0);
		assert.equal(expansion.complete, false);
		assert.deepEqual(expansion.notRun.map((n) => n.line), [12]);
	});

	it('runs the code through the runner once when the setting allows it, and uses its output', async () => {
		const { service, runner } = setup(FILES, 'trusted');
		const snap = snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', POST);
		const outline = await service.getOutline(snap);
		await service.getDiagnostics(snap);
		assert.equal(runner.requests.length, 1, 'cached for the same text');
		assert.deepEqual(runner.requests[0].pieces.map((p) => p.code), ['cat ../notes/x.gmi']);
		assert.ok(JSON.stringify(outline).includes('out:cat ../notes/x.gmi'));
	});

	it('outlines the generated page on template lines: the TOC as one symbol, a placeholder for code not run', async () => {
		const { service } = setup(FILES);
		const outline = await service.getOutline(snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', POST));
		const flat = (s: typeof outline): [string, number, string | undefined][] => s.flatMap((x) => [[x.name, x.range.start.line, x.kind] as [string, number, string | undefined], ...flat(x.children)]);
		assert.deepEqual(flat(outline), [
			['Post title', 0, undefined],
			['Table of Contents', 4, 'toc'],
			['First', 6, undefined],
			['Second', 11, undefined],
			['Template output (not run): cat ../notes/x.gmi', 12, 'template-output'],
		]);
		const toc = outline[0].children[0];
		assert.equal(toc.detail, '3 entries');
		// The TOC's lines are all printed by line 4: its symbol spans that line.
		assert.deepEqual([toc.range.start.line, toc.range.end.line], [4, 4]);
	});

	it('reports link problems on template lines, those in helper output on the helper line', async () => {
		const { service } = setup({ ...FILES, '/ws/gemfeed/2024-02-02-older-broken.gmi': '# B\n=> nowhere.gmi\n' });
		const diagnostics = await service.getDiagnostics(snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', POST));
		const missing = diagnostics.filter((d) => d.code === 'link.missing-file');
		assert.deepEqual(missing.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), [[8, 3, 16]]);
		assert.ok(diagnostics.some((d) => d.code === 'template.not-run' && d.range.start.line === 12 && d.severity === 'information'));
	});

	it('counts a lone CR as a line break in positions, as the editor does, while Bash reads lines at LF only', async () => {
		// The editor's lines of POST, with the blank line after the title ended by a lone CR: Gemtexter reads
		// `\r> Published …` as one line, and every later line one line earlier than the editor shows it.
		const text = POST.replace('# Post title\n\n', '# Post title\n\r');
		assert.equal(text.split(/\r\n|\r|\n/).length, POST.split('\n').length);
		const { service } = setup({ ...FILES, '/ws/gemfeed/2024-02-02-older-broken.gmi': '# B\n=> nowhere.gmi\n' });
		const doc = snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', text);
		const diagnostics = await service.getDiagnostics(doc);
		assert.deepEqual(diagnostics.filter((d) => d.code === 'link.missing-file').map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), [[8, 3, 16]]);
		assert.ok(diagnostics.some((d) => d.code === 'template.not-run' && d.range.start.line === 12), 'a template problem on the editor\'s line');
		const outline = await service.getOutline(doc);
		const flat = (s: typeof outline): [string, number][] => s.flatMap((x) => [[x.name, x.range.start.line] as [string, number], ...flat(x.children)]);
		assert.deepEqual(flat(outline), [['Post title', 0], ['Table of Contents', 4], ['First', 6], ['Second', 11], ['Template output (not run): cat ../notes/x.gmi', 12]]);
		const lines = text.split(/\r\n|\r|\n/);
		for (const d of diagnostics) {
			assert.ok(d.range.end.line < lines.length && d.range.start.character <= lines[d.range.start.line].length && d.range.end.character <= lines[d.range.end.line].length, `${d.code} inside its line`);
		}
		const html = (await service.renderHtml(doc, { lineNumbers: true })).html;
		assert.match(html, /data-line="6"[^>]*>First</, 'scroll sync on the editor\'s lines');
	});

	it('links inside an index helper are clickable on the helper line', async () => {
		const { service } = setup(FILES);
		const links = await service.getDocumentLinks(snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', POST));
		const onHelper = links.filter((l) => l.range.start.line === 9);
		assert.deepEqual(onHelper.map((l) => l.target).sort(), [uriOf('/ws/gemfeed/2023-01-01-older-gone.gmi'), uriOf('/ws/gemfeed/2024-01-01-older-one.gmi')]);
	});

	it('renders the generated page with data-line of the template and a marked placeholder', async () => {
		const { service } = setup(FILES);
		const { html } = await service.renderHtml(snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', POST), { style: 'gemtexter', lineNumbers: true });
		assert.match(html, /<h2 data-line="4" style='display: inline' id='table-of-contents'>Table of Contents<\/h2>/);
		assert.match(html, /<h2 data-line="11" style='display: inline' id='second'>/);
		assert.match(html, /<span data-line="12" class='template-output'>&lt;&lt; cat \.\.\/notes\/x\.gmi<\/span>/);
		const exact = await service.renderHtml(snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', POST), { style: 'gemtexter' });
		assert.doesNotMatch(exact.html, /data-line/);
	});

	it('folds and selects on template lines', async () => {
		const { service } = setup(FILES);
		const snap = snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', POST);
		const folds = await service.getFoldingRanges(snap);
		assert.ok(folds.some((f) => f.startLine === 6 && f.endLine === 9), JSON.stringify(folds));
		assert.ok(folds.every((f) => f.endLine < POST.split('\n').length));
		const [sel] = await service.getSelectionRanges(snap, [{ line: 8, character: 5 }]);
		assert.equal(sel.range.start.line, 8);
	});

	it('renames a heading in a template on the template line', async () => {
		const { service } = setup(FILES);
		const snap = snapshot('/ws/gemfeed/2025-01-15-post.gmi.tpl', POST);
		const edit = await service.getRenameEdits(snap, { line: 6, character: 4 }, 'Premier');
		assert.deepEqual(edit?.changes[snap.uri]?.map((e) => [e.range.start.line, e.newText]), [[6, 'Premier']]);
	});
});

describe('links to pages a template generates', () => {
	it('accepts a link to x.gmi when only x.gmi.tpl exists, and checks fragments against the template', async () => {
		const { service } = setup({ '/ws/new.gmi.tpl': '# New\n\n## Part one\n' });
		const text = '=> new.gmi New\n=> new.gmi#part-one Part\n=> new.gmi#nope Nope\n=> gone.gmi Gone\n';
		const diagnostics = await service.getDiagnostics(snapshot('/ws/index.gmi', text));
		assert.deepEqual(
			diagnostics.filter((d) => d.code.startsWith('link.')).map((d) => [d.code, d.range.start.line]),
			[['link.missing-heading-in-file', 2], ['link.missing-file', 3]],
		);
	});
});

describe('generated files and tables of contents', () => {
	it('marks a .gmi beside its template as generated, and stale with a Regenerate fix', async () => {
		const template = '# T\n\n<< template::inline::toc\n\n## A\n';
		const generated = '# T\n\n## Table of Contents\n\n* ⇢ T\n* ⇢ ⇢ A\n\n## A\n';
		const { service } = setup({ '/ws/a.gmi.tpl': template });
		const fresh = await service.getDiagnostics(snapshot('/ws/a.gmi', generated));
		assert.deepEqual(fresh.filter((d) => d.code.startsWith('gemtexter.generated')).map((d) => [d.code, d.severity, d.range.start.line]), [['gemtexter.generated-file', 'information', 0]]);

		const stale = snapshot('/ws/a.gmi', generated.replace('## A', '## Old'));
		const diagnostics = await service.getDiagnostics(stale);
		const notice = diagnostics.find((d) => d.code === 'gemtexter.generated-stale');
		assert.ok(notice);
		const actions = await service.getCodeActions(stale, [notice]);
		assert.deepEqual(actions.map((a) => a.title), ['Regenerate from Template', 'Open Template']);
		assert.deepEqual(Object.values(actions[0].edit?.changes ?? {}).flat().map((e) => e.newText), [generated]);
		assert.deepEqual(actions[1].command?.arguments, [uriOf('/ws/a.gmi.tpl')]);
	});

	it('does not call a template with code stale unless its code may run', async () => {
		const { service } = setup({ '/ws/a.gmi.tpl': '# T\n<< date\n' });
		const diagnostics = await service.getDiagnostics(snapshot('/ws/a.gmi', '# T\nMonday\n'));
		assert.deepEqual(diagnostics.filter((d) => d.code.startsWith('gemtexter.generated')).map((d) => d.code), ['gemtexter.generated-file']);
	});

	it('inserts and updates the table of contents exactly as template::inline::toc prints it', async () => {
		const { service } = setup({});
		const text = '# Title\n\nintro\n\n## One\n### Two\n```\n# no\n```\n';
		const insert = await service.getTableOfContentsEdit(snapshot('/ws/p.gmi', text), { line: 3, character: 0 });
		assert.equal(insert?.newText, '## Table of Contents\n\n* ⇢ Title\n* ⇢ ⇢ One\n* ⇢ ⇢ ⇢ Two\n');
		const withToc = '# Title\n\n## Table of Contents\n\n* ⇢ Title\n* ⇢ ⇢ Old\n\n## One\n### Two\n';
		const update = await service.getTableOfContentsEdit(snapshot('/ws/p.gmi', withToc, 2));
		assert.deepEqual(update, { range: { start: { line: 2, character: 0 }, end: { line: 5, character: 9 } }, newText: '## Table of Contents\n\n* ⇢ Title\n* ⇢ ⇢ One\n* ⇢ ⇢ ⇢ Two' });
		const upToDate = withToc.replace('* ⇢ ⇢ Old\n', '* ⇢ ⇢ One\n* ⇢ ⇢ ⇢ Two\n');
		assert.equal(await service.getTableOfContentsEdit(snapshot('/ws/p.gmi', upToDate, 3)), undefined);
		assert.equal(await service.getTableOfContentsEdit(snapshot('/ws/p.gmi', text, 4)), undefined, 'no position, no table: nothing to insert');
	});

	it('inserts the helper line in a template, once', async () => {
		const { service } = setup({});
		const edit = await service.getTableOfContentsEdit(snapshot('/ws/p.gmi.tpl', '# T\n\n## A\n'), { line: 2, character: 0 });
		assert.deepEqual(edit, { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '<< template::inline::toc\n' });
		assert.equal(await service.getTableOfContentsEdit(snapshot('/ws/p.gmi.tpl', '# T\n<< template::inline::toc\n', 2), { line: 1, character: 0 }), undefined);
	});

	it('suggests a table of contents from seven headings on, as Gemtexter does, with a fix', async () => {
		const { service } = setup({});
		const six = '# T\n' + ['a', 'b', 'c', 'd', 'e'].map((h) => `## ${h}\n`).join('');
		assert.equal((await service.getDiagnostics(snapshot('/ws/p.gmi', six))).filter((d) => d.code === 'gemtexter.toc-suggested').length, 0);
		const seven = snapshot('/ws/p.gmi', six + '## f\n');
		const suggestion = (await service.getDiagnostics(seven)).find((d) => d.code === 'gemtexter.toc-suggested');
		assert.ok(suggestion);
		const [fix] = await service.getCodeActions(seven, [suggestion]);
		assert.equal(fix.title, 'Insert Table of Contents');
		assert.deepEqual(Object.values(fix.edit?.changes ?? {}).flat().map((e) => [e.range.start.line, e.newText.split('\n')[0]]), [[1, '## Table of Contents']]);
		const template = snapshot('/ws/q.gmi.tpl', six + '## f\n<< template::inline::toc\n');
		assert.equal((await service.getDiagnostics(template)).filter((d) => d.code === 'gemtexter.toc-suggested').length, 0);
	});
});
