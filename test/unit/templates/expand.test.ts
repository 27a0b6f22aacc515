import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { expandTemplate, type TemplateRunner, type TemplateRunRequest } from '../../../server/src/service/templates';
import type { TemplateFolder } from '../../../server/src/service/templates/helpers';

/** A folder of `name → text` files, listed as `ls` would (dot files hidden by the caller's rule). */
function folder(files: Record<string, string> = {}): TemplateFolder {
	return {
		list: () => Promise.resolve(Object.keys(files)),
		read: (name) => Promise.resolve(files[name]),
	};
}

function expand(text: string, files: Record<string, string> = {}, runner?: TemplateRunner, currentGmi = 'post.gmi') {
	return expandTemplate(text, { uri: 'file:///ws/gemfeed/post.gmi.tpl', currentGmi, folder: folder(files), runner });
}

/** A runner that answers each piece from a table and records what it was asked. */
function fakeRunner(outputs: (code: string) => string): TemplateRunner & { requests: TemplateRunRequest[] } {
	const requests: TemplateRunRequest[] = [];
	return {
		requests,
		run(request) {
			requests.push(request);
			return Promise.resolve({ outputs: request.pieces.map((p) => outputs(p.code)), failures: [] });
		},
	};
}

describe('expandTemplate: lines as Gemtexter reads them', () => {
	it('prints text lines as they are, CR and backslashes included', async () => {
		const e = await expand('# A\r\nx \\n y\n\n');
		assert.equal(e.text, '# A\r\nx \\n y\n\n');
		assert.deepEqual(e.origins.map((o) => [o.from, o.literal]), [[0, true], [1, true], [2, true]]);
		assert.equal(e.complete, true);
		assert.equal(e.hasCode, false);
	});

	it('drops a last line without a line break, and says so', async () => {
		const e = await expand('# A\ntail');
		assert.equal(e.text, '# A\n');
		assert.deepEqual(e.problems.map((p) => [p.code, p.line]), [['template.no-final-newline', 1]]);
	});

	it('prints nothing for a line of echo options with n, an empty line for -e and -E', async () => {
		const e = await expand('a\n-n\n-nE\n-e\n-E\n-n foo\n-x\n');
		assert.equal(e.text, 'a\n\n\n-n foo\n-x\n');
	});

	it('applies the escapes once per line, only at the start and outside ``` ranges', async () => {
		const e = await expand('[[ echo x\n[[[\n]]]\n] quote\n]] x\n[x\n<<x\n ```\n```\n[[ kept\n```\n] after\n');
		assert.equal(e.text, '<< echo x\n<<<\n>>>\n> quote\n>] x\n[x\n<<x\n ```\n```\n[[ kept\n```\n> after\n');
		// Escapes keep columns: the lines still map one to one.
		assert.ok(e.origins.every((o) => o.literal));
	});

	it('treats ``` printed by a command as a range boundary for the escapes', async () => {
		const runner = fakeRunner(() => '```\n');
		const e = await expand('<< printf "\\x60\\x60\\x60\\n"\n] inside\n', {}, runner);
		assert.equal(e.text, '```\n] inside\n');
	});

	it('expands the table of contents from the raw template, without its own heading', async () => {
		const template = '# Title\n\n<< template::inline::toc\n\n## One \n### Two "q" `c`\n#### Deep\n#x\n```\n# not\n```\n<<<\n# in block\n>>>\n';
		const runner = fakeRunner(() => '');
		const e = await expand(template, {}, runner);
		assert.equal(
			e.text,
			'# Title\n\n## Table of Contents\n\n* ⇢ Title\n* ⇢ ⇢ One \n* ⇢ ⇢ ⇢ Two "q" `c`\n* ⇢ ⇢ ⇢# Deep\n* ⇢ in block\n\n## One \n### Two "q" `c`\n#### Deep\n#x\n```\n# not\n```\n',
		);
		// The generated lines all map to the helper's line.
		assert.deepEqual(
			e.origins.slice(2, 9).map((o) => [o.from, o.literal]),
			Array.from({ length: 7 }, () => [2, false]),
		);
	});

	it('expands index and rindex from the folder: sorted, unique, drafts left out, the current post marked', async () => {
		const files = {
			'2024-01-02-b.gmi': '# B "quoted"\n',
			'2023-05-06-a.gmi': 'intro\n# A title\n# second\n',
			'2024-03-04-DRAFT-c.gmi': '# C\n',
			'2024-01-02-b.gmi.tpl': '# B\n',
			'post.gmi': '# Current\n',
			'notes.txt': '',
			'2022-01-01-none.gmi': 'no title\n',
		};
		const index = await expand('<< template::inline::index a b\n', files);
		assert.equal(index.text, '=> ./2023-05-06-a.gmi 2023-05-06 A title\n=> ./2024-01-02-b.gmi 2024-01-02 B \'quoted\'\n');
		const rindex = await expand("<< template::inline::rindex '.*' \n", files);
		assert.equal(
			rindex.text,
			"=> ./post.gmi post.gmi Current (You are currently reading this)\n=> ./2024-01-02-b.gmi 2024-01-02 B 'quoted'\n=> ./2023-05-06-a.gmi 2023-05-06 A title\n=> ./2022-01-01-none.gmi 2022-01-01 \n",
		);
		const none = await expand('x\n<< template::inline::index nomatch\ny\n', files);
		assert.equal(none.text, 'x\ny\n');
	});

	it('matches index topics as grep does: case-insensitive basic regular expressions', async () => {
		const files = { '2020-01-01-FreeBSD-jails.gmi': '# J\n', '2020-02-02-linux.gmi': '# L\n', '2020-03-03-a+b.gmi': '# P\n' };
		assert.equal((await expand('<< template::inline::index freebsd\n', files)).text, '=> ./2020-01-01-FreeBSD-jails.gmi 2020-01-01 J\n');
		// A backslash outside single quotes is shell syntax: only Bash may read it (not run here).
		assert.equal((await expand('<< template::inline::index free\\|linux\n', files)).placeholders.length, 1);
		assert.equal((await expand('<< template::inline::index "free\\|linux"\n', files)).placeholders.length, 1);
		assert.equal((await expand("<< template::inline::index 'free\\|linux'\n", files)).text.split('\n').length - 1, 2);
		assert.equal((await expand("<< template::inline::index 'a+b'\n", files)).text, '=> ./2020-03-03-a+b.gmi 2020-03-03 P\n');
	});
});

describe('expandTemplate: code other than the helpers', () => {
	it('never runs code without a runner: a marked placeholder and a not-run problem instead', async () => {
		const e = await expand('# A\n<< cat ../x.gmi\n<<<\necho hi\necho there\n>>>\nend\n');
		assert.equal(e.text, '# A\n<< cat ../x.gmi\n<<< … >>> (2 lines of Bash)\nend\n');
		assert.deepEqual(e.placeholders.map((p) => [p.line, p.endLine, p.outputLine]), [[1, 1, 1], [2, 5, 2]]);
		assert.deepEqual(e.problems.map((p) => p.code), ['template.not-run', 'template.not-run']);
		assert.equal(e.complete, false);
		assert.equal(e.hasCode, true);
	});

	it('hands every piece to the runner in order, once, and splices the outputs in place', async () => {
		const runner = fakeRunner((code) => (code.includes('-n') ? 'a' : `[${code.trim()}]\n`));
		const e = await expand('<< echo -n a\nb\n<<< bash\n  echo x\n>>>\n', {}, runner);
		assert.equal(runner.requests.length, 1);
		assert.deepEqual(runner.requests[0].pieces.map((p) => [p.line, p.endLine, p.code]), [[0, 0, 'echo -n a'], [2, 4, '\n  echo x']]);
		assert.equal(e.text, 'ab\n[echo x]\n');
		// `ab` mixes a command and a text line: it maps to both, and is not literal.
		assert.deepEqual(e.origins[0], { from: 0, to: 1, literal: false });
		assert.equal(e.complete, true);
	});

	it('computes helper calls itself until code has run, then leaves them to the same shell (a `cd` carries over)', async () => {
		const files = { '2024-01-01-bsd.gmi': '# BSD\n' };
		const runner = fakeRunner((code) => `[${code.trim()}]\n`);
		const e = await expand('# T\n<< template::inline::index bsd\n<< cd ../other\n<< template::inline::index bsd\n<< template::inline::toc\n', files, runner);
		assert.deepEqual(runner.requests[0].pieces.map((p) => [p.line, p.code]), [[2, 'cd ../other'], [3, 'template::inline::index bsd'], [4, 'template::inline::toc']]);
		assert.equal(e.text, '# T\n=> ./2024-01-01-bsd.gmi 2024-01-01 BSD\n[cd ../other]\n[template::inline::index bsd]\n[template::inline::toc]\n');
		assert.equal(e.placeholders.length, 0);
		// Without a runner the code is a placeholder, and the helpers after it are still computed here.
		const shown = await expand('<< cd ../other\n<< template::inline::index bsd\n', files);
		assert.equal(shown.placeholders.length, 1);
		assert.match(shown.text, /=> \.\/2024-01-01-bsd\.gmi 2024-01-01 BSD\n$/);
	});

	it('keeps what ran before an abort, as placeholders after it, and is not complete', async () => {
		const runner: TemplateRunner = {
			run: () => Promise.resolve({ outputs: ["one\n"], failures: [], aborted: { index: 1, message: 'unbound variable' } }),
		};
		const e = await expand('<< echo one\n<< echo $x\n<< echo three\n', {}, runner);
		assert.equal(e.text, 'one\n<< echo $x\n<< echo three\n');
		assert.equal(e.complete, false);
		assert.deepEqual(e.problems.map((p) => [p.code, p.line]), [['template.run-aborted', 1]]);
	});

	it('drops an unclosed block and everything after it', async () => {
		const runner = fakeRunner(() => 'never');
		const e = await expand('a\n<<<\necho x\nb\n', {}, runner);
		assert.equal(e.text, 'a\n');
		assert.equal(runner.requests.length, 0);
		assert.deepEqual(e.problems.map((p) => [p.code, p.line, p.endLine]), [['template.unclosed-block', 1, 3]]);
	});

	it('does not close a block on " >>>", ">>> " or ">>>\\r"', async () => {
		const runner = fakeRunner(() => 'X\n');
		const e = await expand('<<<\n >>>\n>>> \n>>>\r\n>>>\nafter\n', {}, runner);
		assert.equal(e.text, 'X\nafter\n');
		assert.equal(runner.requests[0].pieces[0].code, '\n >>>\n>>> \n>>>\r');
	});

	it('takes `<<x` and ` << x` as text, and a helper call with shell syntax as code', async () => {
		const runner = fakeRunner(() => 'ran\n');
		const e = await expand('<<x\n << x\n<< template::inline::index $TOPIC\n<< template::inline::toc; echo\n', {}, runner);
		assert.equal(e.text, '<<x\n << x\nran\nran\n');
		assert.equal(runner.requests[0].pieces.length, 2);
	});
});
