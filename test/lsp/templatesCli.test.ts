/** `gemtext expand`, `render` and `check` on Gemtexter templates, run as users run them. */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWorkspace, removeWorkspace, runCliSync } from './harness';

const gemtext = runCliSync;

const HELPERS_ONLY = '# Notes\n\n<< template::inline::toc\n\n## Reading\n<< template::inline::rindex book\n';
const WITH_CODE = '# Now\n<< printf "%s\\n" "$CURRENT_GMI" && touch ran\n<<<\nfor i in 1 2; do echo "* item $i"; done\n>>>\n[[ literal\n';

describe('gemtext expand / render / check on templates', { timeout: 60_000 }, () => {
	let dir: string;

	before(() => {
		dir = createWorkspace({
			'gemtexter.conf': '',
			'gemfeed/2024-01-01-book-a.gmi': '# Book "A"\n',
			'gemfeed/2024-02-01-book-b.gmi': '# Book B\n',
			'gemfeed/DRAFT-book-c.gmi': '# C\n',
			'gemfeed/notes.gmi.tpl': HELPERS_ONLY,
			'gemfeed/notes.gmi': 'stale\n',
			'now.gmi.tpl': WITH_CODE,
			'elsewhere.gmi.tpl': '# Elsewhere\n<< cd gemfeed\n<< template::inline::rindex book\n',
		});
	});

	after(() => removeWorkspace(dir));

	it('expands the helpers without --run, byte for byte', () => {
		const { status, stdout, stderr } = gemtext(dir, 'expand', 'gemfeed/notes.gmi.tpl');
		assert.equal(stderr, '');
		assert.equal(status, 0);
		assert.equal(
			stdout,
			"# Notes\n\n## Table of Contents\n\n* ⇢ Notes\n* ⇢ ⇢ Reading\n\n## Reading\n=> ./2024-02-01-book-b.gmi 2024-02-01 Book B\n=> ./2024-01-01-book-a.gmi 2024-01-01 Book 'A'\n",
		);
	});

	it('refuses other code without --run, naming its line, and runs nothing', () => {
		const { status, stdout, stderr } = gemtext(dir, 'expand', 'now.gmi.tpl');
		assert.equal(status, 1);
		assert.equal(stdout, '');
		assert.match(stderr, /now\.gmi\.tpl:2: error template\.not-run .*--run/);
		assert.match(stderr, /now\.gmi\.tpl:3: error template\.not-run/);
		assert.equal(existsSync(join(dir, 'ran')), false);
	});

	it('runs the code with --run in the template folder, with CURRENT_GMI, and applies the escapes', () => {
		const { status, stdout } = gemtext(dir, 'expand', 'now.gmi.tpl', '--run');
		assert.equal(status, 0);
		assert.equal(stdout, '# Now\nnow.gmi\n* item 1\n* item 2\n<< literal\n');
		assert.equal(existsSync(join(dir, 'ran')), true);
	});

	it('runs helper calls after code in the same shell with --run: an index after a `cd` lists that folder', () => {
		const { status, stdout, stderr } = gemtext(dir, 'expand', 'elsewhere.gmi.tpl', '--run');
		assert.equal(stderr, '');
		assert.equal(status, 0);
		assert.equal(stdout, "# Elsewhere\n=> ./2024-02-01-book-b.gmi 2024-02-01 Book B\n=> ./2024-01-01-book-a.gmi 2024-01-01 Book 'A'\n");
	});

	it('renders what a template generates', () => {
		const { status, stdout } = gemtext(dir, 'render', '--style', 'gemtexter', 'gemfeed/notes.gmi.tpl');
		assert.equal(status, 0);
		assert.match(stdout, /<li>⇢ <a href='#reading'>Reading<\/a><\/li>/);
		assert.match(stdout, /<a class='textlink' href='\.\/2024-02-01-book-b\.html'>2024-02-01 Book B<\/a>/);
	});

	it('checks templates and leaves out the .gmi they generate, unless --generated', () => {
		const plain = gemtext(dir, 'check', '--format', 'json', 'gemfeed');
		const result = JSON.parse(plain.stdout) as { files: number; problems: { file: string; code: string }[] };
		assert.equal(result.files, 4, 'three posts and the template, not notes.gmi');
		assert.ok(!result.problems.some((p) => p.file.endsWith('notes.gmi')));
		const all = JSON.parse(gemtext(dir, 'check', '--format', 'json', '--generated', 'gemfeed').stdout) as { files: number; problems: { file: string; code: string }[] };
		assert.equal(all.files, 5);
		assert.ok(all.problems.some((p) => p.file.endsWith('notes.gmi') && p.code === 'gemtexter.generated-stale'));
	});
});
