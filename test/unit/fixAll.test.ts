import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createGemtextService, defaultSettings, type GemtextSettings, type TextSnapshot } from '../../server/src/service';
import type { CodeAction } from '../../server/src/service/codeActions';
import { applyTextEdits, mergeSafeFixes } from '../../server/src/service/fixAll';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

function setup(files: Record<string, string>, settings: Partial<GemtextSettings> = {}) {
	return createGemtextService({
		fileSystem: new MemoryFileSystem(files),
		logger: { log: () => undefined },
		getSettings: () => ({ ...defaultSettings, ...settings }),
		workspaceFolders: [uriOf('/ws')],
	});
}

async function fixAll(text: string, files: Record<string, string> = {}, settings: Partial<GemtextSettings> = {}) {
	const service = setup({ '/ws/gemtexter.conf': '', ...files, '/ws/index.gmi': text }, settings);
	const snapshot: TextSnapshot = { uri: uriOf('/ws/index.gmi'), version: 1, getText: () => text };
	const result = await service.getFixAllEdits(snapshot);
	return { text: applyTextEdits(text, result.edits), codes: result.fixed.map((f) => f.code) };
}

describe('fix-all', () => {
	it('adds the space after each marker Gemtexter needs, but not to ####x', async () => {
		const result = await fixAll('#A\n##\tB\n>q\n=>a.gmi A\n####x\n', { '/ws/a.gmi': '' });
		assert.equal(result.text, '# A\n## B\n> q\n=> a.gmi A\n####x\n');
		assert.deepEqual(result.codes, Array(4).fill('gemtexter.marker-without-space'));
	});

	it('fixes case, encoding and Markdown links; leaves a missing file and a heading guess alone', async () => {
		const text = '# Doc\n=> Img/Cat.PNG Cat\n=> my page.gmi Page\n=> gone.gmi Gone\n=> #intr Intro?\n[x](a.gmi)\n## Intro\n';
		const result = await fixAll(text, { '/ws/img/cat.png': '', '/ws/my page.gmi': '', '/ws/a.gmi': '' });
		assert.equal(result.text, '# Doc\n=> img/cat.png Cat\n=> my%20page.gmi Page\n=> gone.gmi Gone\n=> #intr Intro?\n=> a.gmi x\n## Intro\n');
		assert.deepEqual(result.codes.sort(), ['link.case-mismatch', 'link.unencoded-space', 'markdown.link']);
	});

	it('adds the final newline in Gemtexter style, and does nothing when validation is off', async () => {
		assert.equal((await fixAll('# A\nend')).text, '# A\nend\n');
		assert.deepEqual(await fixAll('#A\nend', {}, { validate: { ...defaultSettings.validate, enabled: false } }), { text: '#A\nend', codes: [] });
	});
});

describe('mergeSafeFixes', () => {
	const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
	const action = (code: string, line: number, newText: string, extra: Partial<CodeAction> = {}): CodeAction => ({
		title: code,
		kind: 'quickfix',
		diagnostic: { code, range: range(line, 0, 1) },
		edit: { changes: { u: [{ range: range(line, 0, 1), newText }] } },
		...extra,
	});

	it('takes a lone fix per safe diagnostic, never a choice, a file creation, another file or an unsafe code', () => {
		const shared = action('link.case-mismatch', 3, 'x');
		const result = mergeSafeFixes('u', [
			action('link.case-mismatch', 0, 'A'),
			shared,
			{ ...shared, title: 'second', diagnostic: shared.diagnostic },
			action('markdown.link', 1, 'B', { edit: { changes: {}, createFiles: [{ uri: 'v', content: '' }] } }),
			action('markdown.link', 2, 'C', { edit: { changes: { v: [{ range: range(2, 0, 1), newText: 'C' }] } } }),
			action('link.missing-file', 4, 'D'),
		]);
		assert.deepEqual(result.edits.map((e) => e.newText), ['A']);
	});

	it('drops a fix that overlaps one already taken', () => {
		const a = action('markdown.link', 0, 'A');
		const b: CodeAction = { ...action('gemtexter.marker-without-space', 0, 'B'), diagnostic: { code: 'gemtexter.marker-without-space', range: range(0, 0, 2) } };
		assert.equal(mergeSafeFixes('u', [a, b]).edits.length, 1);
	});
});
