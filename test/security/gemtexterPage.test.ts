/**
 * The preview's page mode (`gemtext.preview.gemtexterPage`) under attack: a capsule whose header and
 * footer parts carry scripts, event handlers, frames, style and remote loads. The service wraps the
 * body in them exactly as it does for the preview; the page loaded in headless Chromium must stay
 * inert while the site's own header and footer show.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { createGemtextService, defaultSettings } from '../../server/src/service';
import { MemoryFileSystem, uriOf } from '../unit/memoryFileSystem';
import { assertInert } from './assertions';
import { PreviewHarness } from './harness';

const HEADER = [
	'<html><head><script>window.__pwned="head script"</script></head>',
	'<body onload="window.__pwned=\'body onload\'">',
	'<p class="header"><a href="https://%%DOMAIN%%">Home</a><img src="x" onerror="window.__pwned=\'onerror\'" />',
	'<script>window.__pwned="header script"</script><iframe src="https://evil.example/"></iframe>',
	'<link rel="stylesheet" href="https://evil.example/x.css" /><style>body { background: url(https://evil.example/bg.png); }</style>',
	'<a href="javascript:window.__pwned=\'link\'">click</a> <meta http-equiv="refresh" content="0;url=https://evil.example/"></p>',
	'',
].join('\n');
const FOOTER = '<p class="footer">Footer of %%DOMAIN%%<svg><script>window.__pwned="svg"</script></svg><form action="https://evil.example/"><button>go</button></form></p>\n</body></html>\n';

let harness: PreviewHarness;

before(async () => {
	harness = await PreviewHarness.start();
});

after(async () => {
	await harness?.close();
});

async function renderPageMode(header: string, footer: string): Promise<string> {
	const fs = new MemoryFileSystem({
		'/ws/gemtexter.conf': 'declare -xr DOMAIN=site.example\ndeclare -xr HTML_HEADER=./header.html.part\ndeclare -xr HTML_FOOTER=./footer.html.part\n',
		'/ws/header.html.part': header,
		'/ws/footer.html.part': footer,
	});
	const service = createGemtextService({ fileSystem: fs, logger: { log: () => undefined }, getSettings: () => defaultSettings, workspaceFolders: [uriOf('/ws')] });
	const text = '# Post\n\n> One\n> Two\n';
	const result = await service.renderHtml({ uri: uriOf('/ws/gemfeed/2025-01-15-post.gmi'), version: 1, getText: () => text }, { lineNumbers: true, gemtexterPage: true });
	return result.html;
}

describe('preview page mode: hostile header and footer parts', () => {
	it('shows the header and footer, and nothing in them runs, loads or navigates', async () => {
		const body = await renderPageMode(HEADER, FOOTER);
		assert.match(body, /^<p class="header">/, 'the service wrapped the body');
		const loaded = await harness.load(body, 'gemtexter');
		try {
			await assertInert(loaded, 'hostile header');
			const facts = await loaded.page.evaluate(`({
				header: document.querySelector('#gemtext-preview-root > p.header a').textContent,
				footer: document.querySelector('#gemtext-preview-root > p.footer').textContent,
				quotes: document.querySelectorAll('#gemtext-preview-root .quote').length,
			})`) as { header: string; footer: string; quotes: number };
			assert.equal(facts.header, 'Home');
			assert.match(facts.footer, /^Footer of site\.example/);
			assert.equal(facts.quotes, 2);
		} finally {
			await loaded.close();
		}
	});

	it('lays consecutive quote lines out as one block in body mode', async () => {
		const loaded = await harness.load("<span data-line=\"0\" class='quote'>One</span><br />\n<span data-line=\"1\" class='quote'>A longer second line</span><br />\n", 'gemtexter');
		try {
			const boxes = await loaded.page.evaluate(`Array.from(document.querySelectorAll('.quote')).map((q) => { const r = q.getBoundingClientRect(); return [r.left, r.width, r.top, r.bottom]; })`) as number[][];
			assert.equal(boxes.length, 2);
			assert.equal(boxes[0][0], boxes[1][0], 'same left edge');
			assert.equal(boxes[0][1], boxes[1][1], 'same width: no ragged right edge');
			assert.ok(Math.abs(boxes[0][3] - boxes[1][2]) < 0.5, `the second line starts where the first ends (${boxes[0][3]} vs ${boxes[1][2]})`);
		} finally {
			await loaded.close();
		}
	});
});
