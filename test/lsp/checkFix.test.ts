/**
 * `gemtext check --fix` as CI runs it: the safe fixes written to the files, each reported,
 * the problems left printed after them, a second run with nothing to do.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWorkspace, removeWorkspace, runCliSync } from './harness';

const gemtext = runCliSync;

const INDEX = '#Welcome\n=> images/dog.png Dog\n=> missing.gmi Gone\nRead [the notes](notes.gmi) first.\n```\n#not a heading\n```\nBye';
const NOTES = '\uFEFF# Notes\n=> my page.gmi My page\n';

describe('gemtext check --fix', { timeout: 120_000 }, () => {
	let dir: string;

	before(() => {
		dir = createWorkspace({
			'gemtexter.conf': '',
			'index.gmi': INDEX,
			'notes.gmi': NOTES,
			'my page.gmi': '# Page\n',
			'images/Dog.png': '',
		});
	});

	after(() => removeWorkspace(dir));

	it('writes the safe fixes, reports each, then the problems left; a second run has nothing to fix', () => {
		const first = gemtext(dir, 'check', '--fix');
		assert.equal(first.stderr, '');
		assert.equal(first.stdout, [
			'index.gmi:1:1: fixed gemtexter.marker-without-space',
			'index.gmi:2:4: fixed link.case-mismatch',
			'index.gmi:4:6: fixed markdown.link',
			'index.gmi:8:1: fixed gemtexter.missing-final-newline',
			'notes.gmi:2:4: fixed link.unencoded-space',
			'Fixed 5 problems in 2 files.',
			'index.gmi:3:4: warning link.missing-file `missing.gmi` does not exist.',
			'1 problem (0 errors, 1 warning, 0 information) in 3 files.',
		].join('\n') + '\n');
		assert.equal(first.status, 0);
		assert.equal(readFileSync(join(dir, 'index.gmi'), 'utf8'),
			'# Welcome\n=> images/Dog.png Dog\n=> missing.gmi Gone\nRead the notes first.\n=> notes.gmi the notes\n```\n#not a heading\n```\nBye\n');
		// The byte order mark stays.
		assert.deepEqual([...readFileSync(join(dir, 'notes.gmi')).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
		assert.equal(readFileSync(join(dir, 'notes.gmi'), 'utf8'), '\uFEFF# Notes\n=> my%20page.gmi My page\n');

		const second = gemtext(dir, 'check', '--fix', '--format', 'json');
		const report = JSON.parse(second.stdout) as { fixed: unknown[]; problems: { code: string }[] };
		assert.deepEqual(report.fixed, []);
		assert.deepEqual(report.problems.map((p) => p.code), ['link.missing-file']);
	});

	it('leaves a code silenced with --severity CODE=ignore alone', () => {
		const other = createWorkspace({ 'gemtexter.conf': '', 'index.gmi': '#A\nend' });
		try {
			const run = gemtext(other, 'check', '--fix', '--severity', 'gemtexter.marker-without-space=ignore');
			assert.equal(run.stdout, 'index.gmi:2:1: fixed gemtexter.missing-final-newline\nFixed 1 problem in 1 file.\nNo problems in 1 file.\n');
			assert.equal(readFileSync(join(other, 'index.gmi'), 'utf8'), '#A\nend\n');
		} finally {
			removeWorkspace(other);
		}
	});

	it('changes nothing without --fix', () => {
		const other = createWorkspace({ 'gemtexter.conf': '', 'index.gmi': '#A\n' });
		try {
			const run = gemtext(other, 'check');
			assert.match(run.stdout, /gemtexter\.marker-without-space/);
			assert.equal(readFileSync(join(other, 'index.gmi'), 'utf8'), '#A\n');
		} finally {
			removeWorkspace(other);
		}
	});
});
