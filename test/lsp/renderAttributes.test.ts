/**
 * `gemtext render` and Gemtexter attribute injection (issue 8, item 6): the Gemtexter-style
 * body is what Gemtexter publishes, byte for byte; a page (`--page`) carries no attribute
 * the document could add.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'parse5';
import { elements } from '../unit/htmlAssert';
import { CLI, createWorkspace, removeWorkspace } from './harness';

describe('gemtext render: attribute injection', () => {
	let dir: string;
	before(() => {
		dir = createWorkspace({ 'page.gmi': "# Page\n=> a'/onerror/'.png\n=> x`onclick`.png\n" });
	});
	after(() => removeWorkspace(dir));

	const render = (...args: string[]): string => {
		const run = spawnSync(process.execPath, [CLI, 'render', join(dir, 'page.gmi'), ...args], { encoding: 'utf8' });
		assert.equal(run.status, 0, run.stderr);
		return run.stdout;
	};

	it('keeps the Gemtexter-style body faithful to Gemtexter', () => {
		assert.match(render('--style', 'gemtexter'), /^<a href='a'\/onerror\/'\.png'><img src='a'\/onerror\/'\.png' \/><\/a><br \/>$/m);
	});

	it('writes pages whose elements hold only the attributes the renderer wrote', () => {
		const allowed = new Set(['a href', 'img src', 'a class', 'p class', 'h1 style', 'h1 id', 'main class', 'html xmlns', 'html lang', 'html xml:lang', 'meta http-equiv', 'meta content', 'meta charset', 'meta name']);
		for (const style of ['gemtexter', 'gemini']) {
			const page = render('--style', style, '--page');
			const found = elements(parse(page)).flatMap((e) => e.attrs.map((a) => `${e.tagName} ${a.name}`));
			assert.deepEqual(found.filter((a) => !allowed.has(a)), [], style);
			assert.ok(found.includes('img src') || found.includes('a href'));
		}
	});
});
