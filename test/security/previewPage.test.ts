/**
 * The preview page itself under attack: raw hostile bodies (as a broken renderer might emit them)
 * loaded in headless Chromium with the preview's CSP, delivered both in the initial page and through
 * `updateContent`. The CSP and the webview's own handling must hold without the renderer's escaping.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { assertInert, clickEveryLink } from './assertions';
import { PreviewHarness } from './harness';
import { hostileBodies } from './hostileDocuments';

let harness: PreviewHarness;

before(async () => {
	harness = await PreviewHarness.start();
});

after(async () => {
	await harness?.close();
});

describe('preview page: a benign Gemtexter-style document', () => {
	it('renders with the script running, no CSP violation, no request leaving loopback', async () => {
		const body = [
			`<h1 style='display: inline' id='title' data-line="0">Title</h1><br />`,
			`<span data-line="1">Text with <span class='inlinecode'>code</span></span><br />`,
			`<a href='pic.png' data-line="2"><img alt='a picture' title='a picture' src='pic.png' /></a><br />`,
			`<pre data-line="3" data-lang="javascript">const x = 1; // comment</pre>`,
			`<a class='textlink' href='other.html' data-line="6">Other</a><br />`,
		].join('\n');
		const loaded = await harness.load(body, 'gemtexter');
		try {
			await assertInert(loaded, 'benign');
			assert.deepEqual(await loaded.violations(), [], 'a benign page violates its own policy');
			const facts = await loaded.page.evaluate(`({
				heading: getComputedStyle(document.querySelector('h1')).display,
				image: document.querySelector('img').naturalWidth,
				highlighted: document.querySelectorAll('pre.hljs .hljs-keyword').length,
				bodyClass: document.body.className,
			})`) as { heading: string; image: number; highlighted: number; bodyClass: string };
			assert.equal(facts.heading, 'inline', "Gemtexter's inline heading style is allowed by hash");
			assert.equal(facts.image, 1, 'a workspace image loads');
			assert.ok(facts.highlighted > 0, 'the code block is highlighted by its language');
			assert.match(facts.bodyClass, /gemtext-style-gemtexter/);
			const messages = (await loaded.posted()).map((m) => m.type);
			assert.deepEqual(messages.slice(0, 2), ['ready', 'didRender']);
			assert.deepEqual(await clickEveryLink(loaded, 'benign'), ['pic.png', 'other.html'], 'clicks become openLink messages with the raw href');
		} finally {
			await loaded.close();
		}
	});

	it('keeps the scroll position across updateContent (no page reload)', async () => {
		const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `<p data-line="${i}">${prefix} ${i}</p>`).join('\n');
		const loaded = await harness.load(lines(400, 'line'));
		try {
			await loaded.page.evaluate('window.scrollTo(0, 3000)');
			await loaded.update(lines(400, 'edited'), 2);
			const facts = await loaded.page.evaluate(`({ y: window.scrollY, text: document.querySelector('[data-line="5"]').textContent })`) as { y: number; text: string };
			assert.equal(facts.text, 'edited 5');
			assert.equal(facts.y, 3000);
			assert.deepEqual(loaded.observed.navigations, []);
		} finally {
			await loaded.close();
		}
	});
});

describe('preview page: hostile bodies in the initial page', () => {
	for (const [name, body] of Object.entries(hostileBodies)) {
		it(`${name}: nothing runs, loads or navigates; the CSP reports what it blocked`, async () => {
			const loaded = await harness.load(body);
			try {
				await assertInert(loaded, name);
				await clickEveryLink(loaded, name);
			} finally {
				await loaded.close();
			}
		});
	}

});

describe('preview page: the CSP alone (body parsed live, template and sanitiser bypassed)', () => {
	// Meta refresh is the one thing here a CSP cannot stop (it governs loads, not navigation); the
	// inert template and the sanitiser are what keep it out, as the tests above show.
	const bodies = Object.entries(hostileBodies).filter(([name]) => name !== 'navigation');
	for (const [name, body] of bodies) {
		it(`${name}: nothing runs or leaves loopback`, async () => {
			const loaded = await harness.load(body, 'gemini', { cspOnly: true });
			try {
				assert.deepEqual(await loaded.pwned(), [], 'document code ran');
				assert.deepEqual(loaded.observed.dialogs, []);
				assert.deepEqual(loaded.external(), [], 'requests reached the network');
				assert.deepEqual(loaded.observed.navigations, []);
				assert.ok((await loaded.violations()).length > 0, 'the CSP reported nothing');
			} finally {
				await loaded.close();
			}
		});
	}

	it('reports script, handler, style and image violations (the policy is live)', async () => {
		const loaded = await harness.load(bodies.map(([, body]) => body).join('\n'), 'gemini', { cspOnly: true });
		try {
			const directives = new Set((await loaded.violations()).map((v) => v.directive));
			for (const directive of ['script-src-elem', 'script-src-attr', 'style-src-attr', 'img-src']) {
				assert.ok(directives.has(directive), `no ${directive} violation reported (got ${[...directives].join(', ')})`);
			}
			assert.deepEqual(await loaded.pwned(), []);
		} finally {
			await loaded.close();
		}
	});
});

describe('preview page: hostile bodies through updateContent', () => {
	for (const [name, body] of Object.entries(hostileBodies)) {
		it(`${name}: sanitised before it goes live`, async () => {
			const loaded = await harness.load('<p data-line="0">start</p>');
			try {
				await loaded.update(body, 2);
				await assertInert(loaded, `${name} (update)`);
				await clickEveryLink(loaded, `${name} (update)`);
			} finally {
				await loaded.close();
			}
		});
	}
});

describe('preview page: link clicks', () => {
	it('never navigates; fragments scroll in place; everything else is posted to the extension', async () => {
		const body = [
			`<a id="frag" href="#target">to target</a>`,
			...Array.from({ length: 200 }, (_, i) => `<p>filler ${i}</p>`),
			`<h2 id="target" data-line="9">Target</h2>`,
			`<a id="rel" href="sub/other.gmi">relative</a>`,
			`<a id="ext" href="https://example.org/">external</a>`,
			`<a id="gem" href="gemini://example.org/">gemini</a>`,
			`<a id="js" href="javascript:window.__pwned='click'">js</a>`,
		].join('\n');
		const loaded = await harness.load(body);
		try {
			await loaded.page.click('#frag');
			const y = await loaded.page.evaluate('window.scrollY') as number;
			assert.ok(y > 2000, `the fragment link scrolled (scrollY ${y})`);
			for (const id of ['rel', 'ext', 'gem', 'js']) {
				await loaded.page.click(`#${id}`, { noWaitAfter: true });
			}
			await loaded.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
			const links = (await loaded.posted()).filter((m) => m.type === 'openLink').map((m) => m.href);
			// The webview strips the javascript: href at start-up, so clicking that link posts nothing.
			assert.deepEqual(links, ['sub/other.gmi', 'https://example.org/', 'gemini://example.org/']);
			await assertInert(loaded, 'clicks');
		} finally {
			await loaded.close();
		}
	});

	it('double-click reports the source line of the block', async () => {
		const loaded = await harness.load(`<p data-line="0">zero</p><p id="seven" data-line="7">seven</p>`);
		try {
			await loaded.page.dblclick('#seven');
			await loaded.page.waitForFunction(`window.__posted.some((m) => m.type === 'didDoubleClick')`, undefined, { polling: 'raf' });
			const message = (await loaded.posted()).find((m) => m.type === 'didDoubleClick');
			assert.deepEqual(message, { type: 'didDoubleClick', source: 'file:///workspace/doc.gmi', line: 7 });
		} finally {
			await loaded.close();
		}
	});
});

describe('preview page: the request monitor itself', () => {
	it('sees an https image (the one remote load the policy permits) and aborts it', async () => {
		const loaded = await harness.load(`<img src="https://203.0.113.7/allowed.png"><img src="http://203.0.113.7/blocked.png">`);
		try {
			assert.deepEqual(loaded.observed.leaks, ['https://203.0.113.7/allowed.png']);
			assert.deepEqual(loaded.observed.blockedByCsp, ['http://203.0.113.7/blocked.png']);
			assert.deepEqual((await loaded.violations()).map((v) => v.directive), ['img-src']);
		} finally {
			await loaded.close();
		}
	});
});
