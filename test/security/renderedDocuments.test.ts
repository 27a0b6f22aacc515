/**
 * Hostile Gemtext documents through the real renderer (both styles, with the preview's `data-line`
 * stamps), loaded as the preview loads them: nothing may run, load from outside or navigate, and the
 * renderer's own output must not trip the page's CSP.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { renderHtml } from '../../server/src/service/index';
import { classifyHref } from '../../client/src/preview/linkTarget';
import { assertInert, clickEveryLink } from './assertions';
import { PreviewHarness } from './harness';
import { hostileGemtext } from './hostileDocuments';

let harness: PreviewHarness;

before(async () => {
	harness = await PreviewHarness.start();
});

after(async () => {
	await harness?.close();
});

for (const style of ['gemini', 'gemtexter'] as const) {
	describe(`rendered hostile documents: ${style} style`, () => {
		for (const [name, text] of Object.entries(hostileGemtext)) {
			it(`${name}: inert in the initial page and after updateContent; clicks only post safe links`, async () => {
				const html = renderHtml(text, { style, lineNumbers: true });
				const loaded = await harness.load(html, style);
				try {
					await assertInert(loaded, name);
					// Escaped output needs no policy exception: any violation means markup got through.
					const violations = (await loaded.violations()).filter((v) => v.directive !== 'img-src');
					assert.deepEqual(violations, [], `${name}: the rendered page violated its CSP`);
					for (const href of await clickEveryLink(loaded, name)) {
						const target = classifyHref(href);
						assert.ok(target.kind !== 'external' || /^(https?|gemini|gopher|mailto):/i.test(href), `${name}: ${href}`);
					}
					await loaded.update(renderHtml(`${text}\nedited`, { style, lineNumbers: true }), 2, style);
					await assertInert(loaded, `${name} (update)`);
				} finally {
					await loaded.close();
				}
			});
		}
	});
}
