/**
 * A document cannot add attributes to the pages we write (issue 8, item 6). Gemtexter writes
 * an image URL raw between single quotes and marks inline code on whole output lines, so
 * `=> a'/onerror/'.png` gives `<img onerror>` in its HTML; the Gemtexter-style body stays
 * faithful to that, but pages (Export, `render --page`) and the Gemini style carry only the
 * attributes the renderer wrote, and a `gemtexter.broken-link-markup` warning with a fix
 * tells the author.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parse, parseFragment } from 'parse5';
import { getCodeActions } from '../../server/src/service/codeActions';
import { getGemtexterDiagnostics } from '../../server/src/service/diagnostics/gemtexter';
import { parseGemtext } from '../../server/src/service/parser';
import { renderHtml, renderPage } from '../../server/src/service/render/index';
import { defaultSettings } from '../../server/src/service/workspace';
import { elements } from './htmlAssert';
import { createTestEnv } from './linkTestEnv';
import { uriOf } from './memoryFileSystem';

/** Every attribute each element may carry, as the renderers write them. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
	html: ['xmlns', 'lang', 'xml:lang'],
	meta: ['http-equiv', 'content', 'charset', 'name'],
	a: ['href', 'class', 'rel', 'data-line'],
	img: ['src', 'alt', 'title'],
	span: ['class', 'data-line'],
	h1: ['style', 'id', 'data-line'],
	h2: ['style', 'id', 'data-line'],
	h3: ['style', 'id', 'data-line'],
	p: ['class', 'data-line'],
	pre: ['data-line', 'data-lang', 'aria-label', 'class'],
	ul: ['data-line'],
	li: ['data-line'],
	blockquote: ['data-line'],
	main: ['class'],
};

const HOSTILE = [
	"=> a'/onerror/'.png",
	"=> a'\tonerror\t'.png",
	"=> it's.png It's me",
	'=> x`onclick`.png',
	'=> a`b`.gmi label',
	'=> a`.png x`y',
	'=> pic.png a `code` label',
	"=> a'onmouseover'.gmi",
	'# Heading `code`',
	'* ⇢ `toc`',
].join('\n') + '\n';

function foreignAttributes(html: string, page: boolean): string[] {
	const tree = page ? parse(html) : parseFragment(html);
	const found: string[] = [];
	for (const el of elements(tree)) {
		for (const { name } of el.attrs) {
			if (!(ALLOWED[el.tagName] ?? []).includes(name)) {
				found.push(`<${el.tagName} ${name}>`);
			}
		}
	}
	return found;
}

describe('Gemtexter attribute injection', () => {
	it('keeps the Gemtexter-style body byte-faithful, broken markup included', () => {
		const body = renderHtml(parseGemtext("=> a'/onerror/'.png\n=> a`b`.gmi label\n"), { style: 'gemtexter' });
		assert.equal(body, "<a href='a'/onerror/'.png'><img src='a'/onerror/'.png' /></a><br />\n"
			+ "<a class='textlink' href='a<span class='inlinecode'>b</span>.html'>label</a><br />\n");
		// This is the defect pages must not have: the browser sees attributes nobody wrote.
		assert.ok(foreignAttributes(body, false).includes('<img onerror>'));
	});

	for (const style of ['gemtexter', 'gemini'] as const) {
		it(`writes pages in ${style} style with only the renderer's attributes`, () => {
			const doc = parseGemtext(HOSTILE);
			assert.deepEqual(foreignAttributes(renderPage(doc, { style }), true), []);
			assert.deepEqual(foreignAttributes(renderPage(doc, { style, lineNumbers: true }), true), []);
		});
	}

	it('renders the Gemini-style body with only the renderer\'s attributes', () => {
		assert.deepEqual(foreignAttributes(renderHtml(parseGemtext(HOSTILE), { style: 'gemini' }), false), []);
	});

	it('keeps what the author meant in strict pages: the URL as written, inline code in text', () => {
		const page = renderPage(parseGemtext("=> it's.png It's me\n=> a`b`.gmi a `c` d\n"), { style: 'gemtexter' });
		const links = elements(parse(page)).filter((e) => e.tagName === 'a' || e.tagName === 'img');
		assert.deepEqual(links.map((e) => e.attrs.map((a) => `${a.name}=${a.value}`)), [
			["href=it's.png"],
			["alt=It's me", "title=It's me", "src=it's.png"],
			['class=textlink', 'href=a`b`.html'],
		]);
		assert.match(page, /<a class='textlink' href='a`b`\.html'>a <span class='inlinecode'>c<\/span> d<\/a>/);
	});

	it('is identical to Gemtexter for ordinary links', () => {
		const doc = parseGemtext('=> a.png\n=> b.gmi `code` label\n=> https://x.org/it%27s.png\n');
		assert.equal(renderPage(doc, { style: 'gemtexter' }), renderPage(doc, { style: 'gemtexter' }, renderHtml(doc, { style: 'gemtexter' })));
	});
});

describe('gemtexter.broken-link-markup', () => {
	const uri = uriOf('/ws/a.gmi');
	const diagnose = (text: string) => getGemtexterDiagnostics(parseGemtext(text), defaultSettings.validate, uri).filter((d) => d.code === 'gemtexter.broken-link-markup');

	it('warns exactly where Gemtexter publishes broken attributes', () => {
		const hits = diagnose(HOSTILE);
		assert.deepEqual(hits.map((d) => d.range.start.line), [0, 1, 2, 3, 4, 5, 6]);
		assert.match(hits[0].message, /"'" ends the attribute early.*Percent-encode "'" as "%27"/);
		assert.match(hits[3].message, /Percent-encode "`" as "%60"/);
		assert.match(hits[6].message, /Remove the backticks from the label/);
		assert.deepEqual(hits[0].range, { start: { line: 0, character: 3 }, end: { line: 0, character: 19 } });
		assert.deepEqual(diagnose("=> a.png\n=> it%27s.png\n=> b.gmi `x` y\n=> it's.gmi\n# `h`\n"), []);
	});

	it('offers to percent-encode the URL, which makes the warning go away', async () => {
		const text = "=> a'/onerror/'.png\n=> x`y`.gmi label\n";
		const doc = parseGemtext(text);
		const hits = diagnose(text);
		const actions = await getCodeActions(doc, uri, hits, createTestEnv({}));
		assert.deepEqual(actions.map((a) => [a.title, a.edit?.changes[uri]?.[0].newText]), [
			['Percent-encode the URL: a%27/onerror/%27.png', 'a%27/onerror/%27.png'],
			['Percent-encode the URL: x%60y%60.gmi', 'x%60y%60.gmi'],
		]);
		assert.deepEqual(diagnose('=> a%27/onerror/%27.png\n=> x%60y%60.gmi label\n'), []);
	});
});
