/**
 * Every diagnostic range lies inside its line, with lines counted as LSP counts them: `\n`,
 * `\r\n` and a lone `\r` all end a line (issue 8, item 7). Gemtexter ends lines only at LF,
 * so its warnings must be mapped back to the protocol's lines.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createGemtextService, type TextSnapshot } from '../../server/src/service';
import type { Diagnostic } from '../../server/src/service/types';
import { defaultSettings, type GemtextSettings } from '../../server/src/service/workspace';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

/** The document's lines as LSP counts them (`TextDocument` splits the same way). */
function protocolLines(text: string): string[] {
	return text.split(/\r\n|\r|\n/);
}

/** Documents where Gemtext's, Gemtexter's and the protocol's idea of a line differ. */
const TRICKY: readonly string[] = [
	'=> a\tb\r\n',
	'=> a\rb.PNG\n',
	'=> a\rb\tc.JPG\r\n',
	'# a\r#b\r\n## Über\r\n',
	'* item\r\ntext after list\r\n',
	'* item\rtext\n\n',
	'```\r\n\r\n\rcode\r\n```\r\n',
	'```\rnever closed\r\n',
	'\uFEFF# BOM heading\r\n',
	'#x\r=>y\r>z\r',
	'=>\ta.gmi\r\n=>\r\n=> \r\n',
	'# Same\r# Same\n# Same\r\n',
	'last line without newline\r',
	'=> a.gmi\r\r\r\n=> b.PNG',
	'=> missing.gmi\r=> ../nowhere/x.png\r\n',
	'=> a\u0000b.PNG\n',
	'```\n=> a\r\n',
	'\r\r\n\n\r',
	'=> my page.gmi label\r\n',
	'**bold**\r- item\r\n[a](b)\r',
	'   # indented\r\n\t=> x\r',
	'####x\r\n',
];

function service(style: GemtextSettings['preview']['style']) {
	return createGemtextService({
		fileSystem: new MemoryFileSystem({ '/ws/index.gmi': '# Home\n', '/ws/a.gmi': '# A\n' }),
		logger: { log: () => undefined },
		getSettings: () => ({ ...defaultSettings, preview: { style }, validate: { ...defaultSettings.validate, markdownSyntax: 'warning', leadingWhitespace: 'warning' } }),
		workspaceFolders: [uriOf('/ws')],
	});
}

function outOfLine(text: string, diagnostics: readonly Diagnostic[]): string[] {
	const lines = protocolLines(text);
	const problems: string[] = [];
	for (const d of diagnostics) {
		const { start, end } = d.range;
		const inside = (p: { line: number; character: number }): boolean => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
		const ordered = start.line < end.line || (start.line === end.line && start.character <= end.character);
		if (!inside(start) || !inside(end) || !ordered) {
			problems.push(`${d.code} ${JSON.stringify(d.range)} in ${JSON.stringify(text)} (line lengths ${lines.map((l) => l.length).join(',')})`);
		}
	}
	return problems;
}

describe('diagnostic ranges lie inside their lines', () => {
	for (const style of ['gemtexter', 'gemini'] as const) {
		it(`for every tricky document, in ${style} style`, async () => {
			const svc = service(style);
			const problems: string[] = [];
			let count = 0;
			for (const [i, text] of TRICKY.entries()) {
				const snapshot: TextSnapshot = { uri: uriOf(`/ws/t${i}.gmi`), version: 1, getText: () => text };
				const diagnostics = await svc.getDiagnostics(snapshot);
				count += diagnostics.length;
				problems.push(...outOfLine(text, diagnostics));
			}
			assert.deepEqual(problems, []);
			// The documents do raise diagnostics: the invariant is not vacuous.
			assert.ok(count > 10, `${count} diagnostics`);
		});
	}

	it('places the two examples of the issue on the protocol line, over the offending text', async () => {
		const svc = service('gemtexter');
		let n = 0;
		const at = async (text: string, code: string) => {
			const d = (await svc.getDiagnostics({ uri: uriOf(`/ws/x${n++}.gmi`), version: 1, getText: () => text })).find((x) => x.code === code);
			assert.ok(d, `${code} for ${JSON.stringify(text)}`);
			return d.range;
		};
		assert.deepEqual(await at('=> a\tb\r\n', 'gemtexter.tab-separated-link'), { start: { line: 0, character: 3 }, end: { line: 0, character: 6 } });
		assert.deepEqual(await at('=> a\rb.PNG\n', 'gemtexter.image-extension-case'), { start: { line: 1, character: 1 }, end: { line: 1, character: 5 } });
	});
});
