/**
 * `gemtext check` as CI runs it: `node dist/cli.js check` over the fixture capsules
 * (exact output, JSON shape, exit codes), flags, awkward files, a 2,500-file capsule,
 * and `--remote` against loopback servers this test starts.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GeminiTestServer, HttpTestServer } from '../network/loopbackServers';
import { CLI, type CliRun, createWorkspace, removeWorkspace, ROOT, runCli } from './harness';

const gemtext = runCli;

const BROKEN = join(ROOT, 'test', 'fixtures', 'capsule-broken');
const OK = join(ROOT, 'test', 'fixtures', 'capsule-ok');

/** What a careful reading of the fixture finds, with its .vscode/settings.json (fileLinks: error, /drafts/** ignored). */
const BROKEN_LINES = [
	'about.gmi:5:4: error link.missing-file No folder `old/` in `./`, so `old/about.gmi` does not exist.',
	'blog/2024-01-01-hello.gmi:4:1: warning syntax.unclosed-preformat This preformatted block is never closed, so the rest of the file (1 line) is shown as preformatted text. Add a line starting with ``` where the block should end.',
	'blog/index.gmi:4:4: error link.missing-file `2024-02-01-missing.gmi` does not exist.',
	'index.gmi:4:4: error link.missing-file `missing.gmi` does not exist.',
	'index.gmi:6:4: information link.missing-folder-index The folder `photos/` has no index.gmi: most Gemini servers answer this link with "51 Not found" or a bare file listing.',
	'index.gmi:9:4: warning link.case-mismatch The link\'s letter case differs from the name on disk (`images/dog.png`): it works on a case-insensitive disk but not on most servers.',
	'index.gmi:11:14: warning link.missing-heading-in-file No heading in `about.gmi` has the id `phone`.',
	'index.gmi:12:5: warning link.missing-heading No heading in this file has the id `no-such-section`.',
	'index.gmi:15:4: warning link.unknown-scheme Unknown URL scheme `htps:`. Did you mean `https:`?',
	'index.gmi:16:1: warning syntax.link-without-url This link line has no URL, so it links nowhere. Write the URL after "=>", for example "=> gemini://example.org/ Example", or remove the line.',
	'index.gmi:17:1: warning syntax.heading-too-deep Gemtext has only three heading levels: this is a level-3 heading whose text starts with "#" ("#Too deep"). Use "###" for the deepest heading.',
	'notes/index.gmi:2:4: error link.missing-file `../images/cat.jpg/` is a file, not a folder: remove the trailing `/`.',
];
const BROKEN_SUMMARY = '12 problems (4 errors, 7 warnings, 1 information) in 6 files.';

describe('gemtext check', { timeout: 120_000 }, () => {
	it('prints every problem of the broken capsule, sorted, with a summary, and exits 1', async () => {
		const { status, stdout, stderr } = await gemtext(BROKEN, 'check');
		assert.equal(stderr, '');
		assert.equal(stdout, [...BROKEN_LINES, BROKEN_SUMMARY].join('\n') + '\n');
		assert.equal(status, 1);
	});

	it('prints paths relative to the current directory, with --root for the settings', async () => {
		const { status, stdout } = await gemtext(ROOT, 'check', 'test/fixtures/capsule-broken', '--root', 'test/fixtures/capsule-broken');
		assert.equal(stdout, [...BROKEN_LINES.map((l) => 'test/fixtures/capsule-broken/' + l), BROKEN_SUMMARY].join('\n') + '\n');
		assert.equal(status, 1);
	});

	it('--format github prints a workflow command per problem (an annotation on the pull request) and the summary', async () => {
		const { status, stdout } = await gemtext(BROKEN, 'check', '--format', 'github');
		assert.equal(status, 1);
		const lines = stdout.trimEnd().split('\n');
		assert.equal(lines.length, BROKEN_LINES.length + 1);
		assert.equal(lines[0], '::error file=about.gmi,line=5,endLine=5,col=4,endColumn=17,title=link.missing-file::No folder `old/` in `./`, so `old/about.gmi` does not exist.');
		assert.equal(lines[1].split('::')[1], 'warning file=blog/2024-01-01-hello.gmi,line=4,endLine=4,col=1,endColumn=4,title=syntax.unclosed-preformat');
		assert.match(lines[4], /^::notice file=index\.gmi,line=6,.*title=link\.missing-folder-index::The folder `photos\/` has no index\.gmi/);
		assert.deepEqual(lines.slice(0, -1).map((l) => /^::(\w+) /.exec(l)?.[1]), BROKEN_LINES.map((l) => ({ error: 'error', warning: 'warning', information: 'notice' })[l.split(' ')[1]]));
		assert.equal(lines.at(-1), BROKEN_SUMMARY);
	});

	it('--format json prints one object of the documented shape', async () => {
		const { status, stdout } = await gemtext(BROKEN, 'check', '--format', 'json');
		assert.equal(status, 1);
		assert.equal(stdout.trimEnd().split('\n').length, 1);
		const result = JSON.parse(stdout) as { problems: Record<string, unknown>[]; files: number; errors: number; warnings: number };
		assert.deepEqual(Object.keys(result), ['problems', 'files', 'errors', 'warnings']);
		assert.deepEqual([result.files, result.errors, result.warnings, result.problems.length], [6, 4, 7, 12]);
		assert.deepEqual(result.problems[0], {
			file: 'about.gmi', line: 5, column: 4, endLine: 5, endColumn: 17,
			severity: 'error', code: 'link.missing-file', message: 'No folder `old/` in `./`, so `old/about.gmi` does not exist.',
		});
		for (const p of result.problems) {
			assert.deepEqual(Object.keys(p), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
		}
		assert.deepEqual(result.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code} ${p.message}`), BROKEN_LINES);
	});

	it('finds nothing in the correct capsule and exits 0', async () => {
		const text = await gemtext(OK, 'check');
		assert.deepEqual(text, { status: 0, stdout: 'No problems in 5 files.\n', stderr: '' });
		const json = await gemtext(ROOT, 'check', '--format=json', 'test/fixtures/capsule-ok', '--root=test/fixtures/capsule-ok');
		assert.deepEqual(JSON.parse(json.stdout), { problems: [], files: 5, errors: 0, warnings: 0 });
		assert.equal(json.status, 0);
	});

	it('flags override the settings file: --severity (setting or code), --ignore, --quiet', async () => {
		const lowered = await gemtext(BROKEN, 'check', '--severity', 'fileLinks=warning');
		assert.equal(lowered.status, 0);
		assert.match(lowered.stdout, /^index\.gmi:4:4: warning link\.missing-file /m);
		assert.match(lowered.stdout, /^12 problems \(0 errors, 11 warnings, 1 information\) in 6 files\.$/m);

		const byCode = await gemtext(BROKEN, 'check', '--severity', 'link.case-mismatch=ignore', '--severity=link.missing-heading=error', '--ignore', 'missing.gmi', '--ignore', 'old/**');
		const lines = byCode.stdout.trimEnd().split('\n');
		assert.ok(!lines.some((l) => l.includes('link.case-mismatch') || l.includes('`missing.gmi`') || l.startsWith('about.gmi:5:')), byCode.stdout);
		assert.ok(lines.includes('index.gmi:12:5: error link.missing-heading No heading in this file has the id `no-such-section`.'));
		assert.equal(lines.at(-1), '9 problems (3 errors, 5 warnings, 1 information) in 6 files.');

		const quiet = await gemtext(BROKEN, 'check', '--quiet');
		assert.equal(quiet.stdout, BROKEN_LINES.filter((l) => l.includes(': error ')).join('\n') + '\n');
		assert.equal(quiet.status, 1);
	});

	it('takes the checked folder as the capsule root, or the nearest folder above with editor settings', async () => {
		const ok = await gemtext(ROOT, 'check', 'test/fixtures/capsule-ok');
		assert.equal(ok.status, 0);
		assert.equal(ok.stdout, 'No problems in 5 files.\n');
		const broken = await gemtext(ROOT, 'check', 'test/fixtures/capsule-broken/blog');
		assert.equal(broken.status, 1, 'capsule-broken/.vscode/settings.json makes missing files errors');
		assert.match(broken.stdout, /^test\/fixtures\/capsule-broken\/blog\/[^:]+:\d+:\d+: error link\.missing-file /m);
	});

	it('finds the capsule root by the service\'s rule, from a checked file as from its folder', async () => {
		const dir = createWorkspace({
			'site/gemtexter.conf': '',
			'site/about.gmi': '# About\n',
			'site/content/sub/page.gmi': '# Page\n=> /about.gmi About\n',
			'loose/page.gmi': '# Page\n=> /about.gmi About\n',
		});
		try {
			for (const [path, files] of [['site/content/sub/page.gmi', '1 file'], ['site/content/sub', '1 file'], ['site', '2 files']]) {
				assert.deepEqual(await gemtext(dir, 'check', path), { status: 0, stdout: `No problems in ${files}.\n`, stderr: '' }, path);
			}
			// No marker above loose/: the checked folder is the root, and /about.gmi is not there.
			const loose = await gemtext(dir, 'check', 'loose/page.gmi');
			assert.match(loose.stdout, /^loose\/page\.gmi:2:4: warning link\.missing-file /m);
		} finally {
			removeWorkspace(dir);
		}
	});

	it('checks single files given by path', async () => {
		const { status, stdout } = await gemtext(BROKEN, 'check', 'blog/index.gmi', 'notes/index.gmi');
		assert.equal(stdout, [BROKEN_LINES[2], BROKEN_LINES[11], '2 problems (2 errors, 0 warnings, 0 information) in 2 files.'].join('\n') + '\n');
		assert.equal(status, 1);
	});

	it('exits 2 on usage mistakes', async () => {
		for (const args of [['--format', 'xml'], ['--frobnicate'], ['--severity', 'fileLinks=loud'], ['--severity', 'nonsense=error'], ['no-such-folder'], ['--root']]) {
			const { status, stdout, stderr } = await gemtext(BROKEN, 'check', ...args);
			assert.equal(status, 2, `${args.join(' ')}: ${stderr}`);
			assert.equal(stdout, '');
			assert.notEqual(stderr, '');
		}
	});

	describe('awkward input', () => {
		let dir: string;
		before(() => {
			dir = createWorkspace({
				'.vscode/settings.json': '{ "gemtext.validate.fileLinks": "error", oops }',
				'index.gmi': '# Home\n=> latin1.gmi\n=> nowhere.gmi\n',
				'latin1.gmi': Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n=> index.gmi\n')]),
				'binary.gmi': Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]),
			});
		});
		after(() => removeWorkspace(dir));

		it('reports invalid UTF-8, binary files and a broken settings file clearly, and goes on', async () => {
			const { status, stdout, stderr } = await gemtext(dir, 'check');
			assert.equal(stdout, 'index.gmi:3:4: error link.missing-file `nowhere.gmi` does not exist.\n1 problem (1 error, 0 warnings, 0 information) in 2 files.\n');
			assert.equal(status, 1);
			assert.match(stderr, /^gemtext check: .*settings\.json:1:\d+: /m);
			assert.match(stderr, /^gemtext check: binary\.gmi: binary file \(NUL bytes\); not checked$/m);
			assert.match(stderr, /^gemtext check: latin1\.gmi: not valid UTF-8; checked with the invalid bytes read as U\+FFFD$/m);
		});
	});

	describe('a 2,500-file capsule', () => {
		let dir: string;
		const FILES = 2_500;
		before(() => {
			const files: Record<string, string> = {};
			for (let i = 0; i < FILES; i++) {
				const folder = `section${i % 50}`;
				const lines = [`# Page ${i}`, '## Notes', `=> /section${(i + 1) % 50}/page${i + 1 === FILES ? 0 : i + 1}.gmi Next`, '=> ../index.gmi Home', `=> /section0/page0.gmi#notes Notes of the first page`, '=> ../images/shared.png Shared image'];
				if (i % 100 === 0) lines.push(`=> gone${i}.gmi A missing page`);
				files[`${folder}/page${i}.gmi`] = lines.join('\n') + '\n';
			}
			files['index.gmi'] = '# Home\n=> section0/page0.gmi First\n';
			files['images/shared.png'] = '';
			dir = createWorkspace(files);
		});
		after(() => removeWorkspace(dir));

		it('is checked in seconds, every broken link found', async () => {
			// CPU time, measured inside the CLI's process: wall time on a busy CI machine says little.
			const cpuFile = join(dir, 'cpu.json');
			const probe = `process.argv = ${JSON.stringify([process.execPath, CLI, 'check', '--format', 'json'])};`
				+ `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify(process.cpuUsage())));`
				+ `require(${JSON.stringify(CLI)});`;
			const { status, stdout } = await new Promise<CliRun>((resolve, reject) => {
				const child = spawn(process.execPath, ['-e', probe], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
				let out = '';
				child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
				child.on('error', reject);
				child.on('close', (code) => resolve({ status: code, stdout: out, stderr: '' }));
			});
			const cpu = JSON.parse(readFileSync(cpuFile, 'utf8')) as { user: number; system: number };
			const cpuMs = (cpu.user + cpu.system) / 1000;
			const result = JSON.parse(stdout) as { problems: { file: string; code: string }[]; files: number };
			assert.equal(result.files, FILES + 1);
			assert.equal(result.problems.length, FILES / 100);
			assert.ok(result.problems.every((p) => p.code === 'link.missing-file'));
			assert.equal(status, 0, 'missing files are warnings by default');
			assert.ok(cpuMs < 8_000, `took ${cpuMs} ms of CPU`);
		});
	});

	describe('--remote', () => {
		let gemini: GeminiTestServer;
		let http: HttpTestServer;
		let dir: string;
		before(async () => {
			gemini = await GeminiTestServer.start((url) => (url.endsWith('/ok') ? '20 text/gemini\r\n' : '51 Not found\r\n'));
			http = await HttpTestServer.start((req, res) => void res.writeHead(req.url === '/ok' ? 200 : 404).end());
			dir = createWorkspace({
				'index.gmi': [
					'# Links',
					`=> ${gemini.url('/ok')} Works`,
					`=> ${gemini.url('/gone')} Broken`,
					`=> ${http.url('/ok')} Works`,
					`=> ${http.url('/missing')} Broken`,
					`=> ${gemini.url('/gone')} The same broken link again`,
				].join('\n') + '\n',
			});
		});
		after(async () => {
			removeWorkspace(dir);
			await gemini.close();
			await http.close();
		});

		it('checks nothing remote without --remote', async () => {
			const { status, stdout } = await gemtext(dir, 'check');
			assert.equal(stdout, 'No problems in 1 file.\n');
			assert.equal(status, 0);
			assert.equal(gemini.connections + http.connections, 0);
		});

		it('with --remote reports broken gemini:// and http:// links, each URL asked once', async () => {
			const { status, stdout } = await gemtext(dir, 'check', '--remote', '--remote-timeout', '5000', '--severity', 'remoteLinkSeverity=error');
			assert.equal(stdout, [
				`index.gmi:3:4: error link.remote-not-found Not found: the server answers 51 Not found.`,
				`index.gmi:5:4: error link.remote-not-found Not found: the server answers 404 Not Found.`,
				`index.gmi:6:4: error link.remote-not-found Not found: the server answers 51 Not found.`,
				'3 problems (3 errors, 0 warnings, 0 information) in 1 file.',
			].join('\n') + '\n');
			assert.equal(status, 1);
			assert.deepEqual(gemini.requests.sort(), [gemini.url('/gone'), gemini.url('/ok')]);
			assert.deepEqual(http.requests.sort(), ['GET /missing', 'HEAD /missing', 'HEAD /ok']);
		});
	});
});
