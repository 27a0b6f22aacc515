import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createGemtextService, type TextSnapshot } from '../../../server/src/service';
import { getCodeActions } from '../../../server/src/service/codeActions';
import { getGemtexterDiagnostics } from '../../../server/src/service/diagnostics/gemtexter';
import { parseGemtext } from '../../../server/src/service/parser';
import type { Diagnostic } from '../../../server/src/service/types';
import { defaultSettings, type GemtextSettings } from '../../../server/src/service/workspace';
import { createTestEnv } from '../linkTestEnv';
import { MemoryFileSystem, uriOf } from '../memoryFileSystem';

type Validate = GemtextSettings['validate'];
const URI = 'file:///ws/a.gmi';

function diagnose(text: string, overrides: Partial<Validate> = {}): Diagnostic[] {
	return getGemtexterDiagnostics(parseGemtext(text), { ...defaultSettings.validate, ...overrides }, URI);
}

/** `code@line:start-end` (end line only when it differs) for compact, exact comparison. */
function brief(text: string): string[] {
	return diagnose(text).map((d) => `${d.code.replace('gemtexter.', '')}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line === d.range.start.line ? '' : `${d.range.end.line}:`}${d.range.end.character}`);
}

describe('gemtexter diagnostics: settings', () => {
	it('reports nothing for a document Gemtexter renders as meant', () => {
		const clean = '# Title\n\nText with #hash and >arrow inside.\n> Quote\n=> a.gmi A page\n=> pic.jpg A picture\n* one\n* two\n\n```sh\ncode\n\n```\n## Next\n### Last\n';
		assert.deepEqual(diagnose(clean), []);
	});

	it('honours the severity, `ignore` and the master switch', () => {
		assert.equal(diagnose('#x\n')[0].severity, 'warning');
		assert.equal(diagnose('#x\n', { gemtexterCompat: 'error' })[0].severity, 'error');
		assert.equal(diagnose('#x\n', { gemtexterCompat: 'hint' })[0].severity, 'hint');
		assert.deepEqual(diagnose('#x\n', { gemtexterCompat: 'ignore' }), []);
		assert.deepEqual(diagnose('#x\n', { enabled: false }), []);
	});

	it('reports nothing for an empty document', () => {
		assert.deepEqual(diagnose(''), []);
	});
});

describe('gemtexter.marker-without-space', () => {
	it('flags the marker of headings, quotes and links without a space', () => {
		assert.deepEqual(brief('#x\n##y\n###z\n>x\n>\n>> nested\n=>https://a.org A\n'), [
			'marker-without-space@0:0-1',
			'marker-without-space@1:0-2',
			'marker-without-space@2:0-3',
			'marker-without-space@3:0-1',
			'marker-without-space@4:0-1',
			'marker-without-space@5:0-1',
			'marker-without-space@6:0-2',
		]);
	});

	it('says what Gemtexter does and how to write it', () => {
		const [heading, quote, link] = diagnose('##y\n>x\n=>a.gmi\n');
		assert.match(heading.message, /Gemtexter needs a space after "##": it will show this line as plain text, not as a heading\. Write "## "/);
		assert.match(quote.message, /not as a quote/);
		assert.match(link.message, /after "=>".*not as a link/);
	});

	it('names a tab after the marker, and headings of four or more #', () => {
		assert.deepEqual(brief('#\tTitle\n=>\thttps://a.org\n#### four\n####x\n'), [
			'marker-without-space@0:0-1',
			'marker-without-space@1:0-2',
			'marker-without-space@2:0-4',
			'marker-without-space@3:0-4',
		]);
		const [tab, , four] = diagnose('#\tTitle\n=>\thttps://a.org\n#### four\n');
		assert.match(tab.message, /a space, not a tab, after "#".*Replace the tab/);
		assert.match(four.message, /only the heading markers "# ", "## " and "### "/);
	});

	it('flags a lone "#" (Gemtexter prints it), not a bare "=>" (a link to nowhere in any style)', () => {
		assert.deepEqual(brief('#\n=>\n=>\t\n'), ['marker-without-space@0:0-1']);
	});

	it('stays quiet for markers with a space, in ``` blocks, and for lines that are text in both readings', () => {
		assert.deepEqual(brief('# a\n## b\n### c\n> x\n=> a.gmi\n* x\n\n```\n#x\n>x\n=>a\n```\n #x\n*x\n'), []);
	});
});

describe('gemtexter.byte-order-mark', () => {
	it('flags a first line whose marker the BOM hides from Gemtexter', () => {
		assert.deepEqual(brief('\uFEFF# Title\nText\n'), ['byte-order-mark@0:0-8']);
		assert.deepEqual(brief('\uFEFF* item\n'), ['byte-order-mark@0:0-7']);
		assert.match(diagnose('\uFEFF=> a.gmi\n')[0].message, /byte order mark.*plain text, not as a link/);
	});

	it('stays quiet for a BOM before plain text', () => {
		assert.deepEqual(brief('\uFEFFJust text\n# Title\n'), []);
	});
});

describe('gemtexter.tab-separated-link', () => {
	it('flags the URL token that swallows the tab and the word after it', () => {
		assert.deepEqual(brief('=> https://a.org\tLabel words\n'), ['tab-separated-link@0:3-22']);
		const [d] = diagnose('=> https://a.org\tLabel words\n');
		assert.match(d.message, /only at a space, not at a tab: it will use "https:\/\/a\.org\\tLabel" as the URL and "words" as the label\. Put a space/);
		assert.match(diagnose('=> https://a.org\tLabel\n')[0].message, /as the URL and show it as the link text/);
	});

	it('stays quiet when a space separates them or the tab only trails', () => {
		assert.deepEqual(brief('=> https://a.org \tLabel\n=> https://a.org\t\n=> https://a.org Label\twith tab\n'), []);
	});
});

describe('gemtexter.image-extension-case', () => {
	it('flags image extensions Gemtexter does not recognise, on the extension', () => {
		assert.deepEqual(brief('=> a.JPG\n=> b.jpeg Photo\n=> c.PNG\n=> https://x.org/d.Svg Logo\n'), [
			'image-extension-case@0:4-8',
			'image-extension-case@1:4-9',
			'image-extension-case@2:4-8',
			'image-extension-case@3:18-22',
		]);
		assert.match(diagnose('=> b.jpeg Photo\n')[0].message, /lower case: this "\.jpeg" link will be a text link\. Rename the file to "\.jpg"/);
		assert.match(diagnose('=> c.PNG\n')[0].message, /"\.png"/);
	});

	it('stays quiet for the extensions Gemtexter shows inline, and for other links', () => {
		assert.deepEqual(brief('=> a.jpg\n=> b.png B\n=> c.gif\n=> d.webp\n=> e.svg\n=> f.png?w=1\n=> g.txt\n=> h.JPG.txt\n'), []);
	});
});

describe('gemtexter.line-after-list-dropped', () => {
	it('flags a non-blank line right after a list', () => {
		assert.deepEqual(brief('* a\n* b\nText\n\n* c\n## Heading\nkept\n'), ['line-after-list-dropped@2:0-4', 'line-after-list-dropped@5:0-10']);
		assert.match(diagnose('* a\nText\n')[0].message, /drops the first line after a list \(it writes "<\/ul><br \/>" in its place\): this line will be missing.*Insert a blank line after the list/);
	});

	it('explains a swallowed ``` that turns the rest inside out', () => {
		assert.deepEqual(brief('* a\n```\ncode\n```\nafter\n'), ['line-after-list-dropped@1:0-3', 'unclosed-preformat-dropped@3:0-3']);
		assert.match(diagnose('* a\n```\ncode\n```\n')[0].message, /neither open nor close a preformatted block/);
	});

	it('stays quiet for a blank line after a list (CRLF and whitespace-only too) and a list at the end', () => {
		assert.deepEqual(brief('* a\n\nText\n* b\r\n\r\nText\r\n* c\n   \nText\n* d\n* e\n'), []);
	});
});

describe('gemtexter.unclosed-preformat-dropped', () => {
	it('flags a block open at the end of the file', () => {
		assert.deepEqual(brief('Intro\n```sh\ncode\n'), ['unclosed-preformat-dropped@1:0-5']);
		assert.match(diagnose('Intro\n```sh\ncode\n')[0].message, /drops this preformatted block and the rest of the file \(1 line\).*Add a line starting with ```/);
	});

	it('names a closing ``` that Gemtexter never reads, next to the missing newline', () => {
		assert.deepEqual(brief('```\ncode\n```'), ['unclosed-preformat-dropped@0:0-3', 'missing-final-newline@2:0-3']);
		assert.match(diagnose('```\ncode\n```')[0].message, /closing ``` is on the last line, which has no line break/);
	});

	it('stays quiet for closed blocks and for open blocks with nothing to lose', () => {
		assert.deepEqual(brief('```\ncode\n```\n'), []);
		assert.deepEqual(brief('Text\n```\n\n'), []);
		assert.deepEqual(brief('Text\n```'), []);
		assert.deepEqual(brief('```\n\n```'), []);
	});
});

describe('gemtexter.missing-final-newline', () => {
	it('flags a non-blank last line without a line break', () => {
		assert.deepEqual(brief('# T\nlast'), ['missing-final-newline@1:0-4']);
		assert.match(diagnose('last')[0].message, /never reads a last line that has no line break.*End the file with a line break/);
	});

	it('stays quiet with a final line break or a blank last line', () => {
		assert.deepEqual(brief('# T\nlast\n'), []);
		assert.deepEqual(brief('# T\r\nlast\r\n'), []);
		assert.deepEqual(brief('# T\n  \t'), []);
	});

	it('offers "Add final newline" in the document\'s line break style', async () => {
		const env = createTestEnv({});
		for (const [text, eol, at] of [['# T\nlast', '\n', { line: 1, character: 4 }], ['# T\r\nlast', '\r\n', { line: 1, character: 4 }]] as const) {
			const doc = parseGemtext(text);
			const actions = await getCodeActions(doc, URI, getGemtexterDiagnostics(doc, defaultSettings.validate, URI), env);
			assert.deepEqual(actions.map((a) => [a.title, a.isPreferred, a.edit?.changes[URI]]), [['Add final newline', true, [{ range: { start: at, end: at }, newText: eol }]]]);
		}
	});
});

describe('gemtexter.heading-id-lost', () => {
	it('flags non-ASCII letters deleted from the id, on the heading text', () => {
		assert.deepEqual(brief('## Über uns\n# Café ☕\n'), ['heading-id-lost@0:3-11', 'heading-id-lost@1:2-8']);
		assert.match(diagnose('## Über uns\n')[0].message, /id will be "ber-uns", without "Ü"\. Links to it must use "#ber-uns"/);
	});

	it('flags an empty id', () => {
		assert.deepEqual(brief('# 日本語\n## ???\n'), ['heading-id-lost@0:2-5', 'heading-id-lost@1:3-6']);
		assert.match(diagnose('# 日本語\n')[0].message, /an empty id.*no link can point at it/);
	});

	it('stays quiet for ASCII headings, symbols both styles drop, and blank headings', () => {
		assert.deepEqual(brief("# Hello, World!\n## I can't\n### ★ Stars → here\n# \n"), []);
	});
});

describe('gemtexter.duplicate-heading-id', () => {
	it('flags each later heading with the id of an earlier one, related to the first', () => {
		assert.deepEqual(brief('# A\n## a\n### Hello World\n### hello-world\n## A\n'), [
			'duplicate-heading-id@1:3-4',
			'duplicate-heading-id@3:4-15',
			'duplicate-heading-id@4:3-4',
		]);
		const [d] = diagnose('# Intro\n\n## Intro\n');
		assert.match(d.message, /same id as the heading on line 1 \("intro"\), so every link to "#intro" leads to the first one/);
		assert.deepEqual(d.related, [{ uri: URI, range: { start: { line: 0, character: 2 }, end: { line: 0, character: 7 } }, message: 'The first heading with the id "intro"' }]);
	});

	it('counts only the headings Gemtexter writes', () => {
		assert.deepEqual(brief('# A\n#A\n```\n# A\n```\n'), ['marker-without-space@1:0-1']);
		assert.deepEqual(brief('* x\n# A\n# A\n'), ['line-after-list-dropped@1:0-3']);
		assert.deepEqual(brief('# A\n# B\n# \n# \n'), []);
	});
});

describe('gemtexter.leading-blank-in-pre', () => {
	it('flags a block that starts with empty lines, on its opening toggle', () => {
		assert.deepEqual(brief('```\n\n\ncode\n```\n'), ['leading-blank-in-pre@0:0-3']);
		assert.match(diagnose('```\n\n\ncode\n```\n')[0].message, /drops the empty lines at the start of this preformatted block \(lines 2–3\).*Put a space on those lines/);
		assert.deepEqual(brief('Text\n```sh\n\ncode\n```\n'), ['leading-blank-in-pre@1:0-5']);
		assert.match(diagnose('```sh\n\ncode\n```\n')[0].message, /the empty line at the start of this preformatted block \(line 2\)/);
	});

	it('stays quiet for inner blank lines, CRLF and space-only lines (kept), and all-blank blocks', () => {
		assert.deepEqual(brief('```\ncode\n\n```\n'), []);
		assert.deepEqual(brief('```\r\n\r\ncode\r\n```\r\n'), []);
		assert.deepEqual(brief('```\n \ncode\n```\n'), []);
		assert.deepEqual(brief('```\n\n```\n'), []);
	});
});

describe('gemtexter diagnostics in the service', () => {
	const text = '#Title\n';
	const snap = (path: string): TextSnapshot => ({ uri: uriOf(path), version: 1, getText: () => text });
	function service(files: Record<string, string>, style: GemtextSettings['preview']['style']) {
		return createGemtextService({
			fileSystem: new MemoryFileSystem(files),
			logger: { log: () => undefined },
			getSettings: () => ({ ...defaultSettings, preview: { style } }),
			workspaceFolders: [uriOf('/ws')],
		});
	}
	const codes = async (files: Record<string, string>, style: GemtextSettings['preview']['style'], path = '/ws/site/a.gmi') =>
		(await service(files, style).getDiagnostics(snap(path))).map((d) => d.code).filter((c) => c.startsWith('gemtexter.'));

	it('reports them where a gemtexter.conf makes the style Gemtexter', async () => {
		assert.deepEqual(await codes({ '/ws/gemtexter.conf': '' }, 'auto'), ['gemtexter.marker-without-space']);
	});

	it('reports none in Gemini style: no gemtexter.conf, or the style forced', async () => {
		assert.deepEqual(await codes({}, 'auto'), []);
		assert.deepEqual(await codes({ '/ws/gemtexter.conf': '' }, 'gemini'), []);
	});

	it('reports them when the style is forced to Gemtexter', async () => {
		assert.deepEqual(await codes({}, 'gemtexter'), ['gemtexter.marker-without-space']);
	});
});
