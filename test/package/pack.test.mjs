// The npm package of the tools: `npm pack` gives a tarball that installs on its own (no dependencies
// to fetch: every bundle inlines them) and whose `gemtext` bin runs each subcommand without VS Code.
// Packs the bundles the build gate of `npm test` made (`--ignore-scripts`: the real `prepack`
// makes a production build, which would replace them under the other suites).
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('npm package of the tools', { timeout: 120_000 }, () => {
	let dir;
	let bin;
	let capsule;

	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'gemtext-pack-'));
		// The outer npm's npm_* variables (npm test) must not steer the inner commands.
		const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
		const packed = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, env, encoding: 'utf8' }));
		const tarball = join(dir, packed[0].filename);
		const prefix = join(dir, 'install');
		mkdirSync(prefix);
		execFileSync(npm, ['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { env, encoding: 'utf8' });
		bin = join(prefix, 'node_modules', '.bin', 'gemtext');
		capsule = join(dir, 'capsule');
		mkdirSync(join(capsule, 'gemfeed'), { recursive: true });
		writeFileSync(join(capsule, 'index.gmi'), '# Home\n=> gemfeed/post.gmi Post\n=> missing.gmi Gone\n');
		writeFileSync(join(capsule, 'gemfeed', 'post.gmi.tpl'), '# Post\n\n<< template::inline::toc\n\n## Part\n');
	});

	after(() => rmSync(dir, { recursive: true, force: true }));

	it('installs alone: the package and nothing else', () => {
		assert.deepEqual(readdirSync(join(dir, 'install', 'node_modules')).filter((n) => !n.startsWith('.')), [manifest.name]);
		const files = readdirSync(join(dir, 'install', 'node_modules', manifest.name, 'dist')).sort();
		assert.deepEqual(files, ['cli.js', 'server.js', 'service.js']);
	});

	it('gemtext --version and --help', () => {
		assert.equal(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim(), manifest.version);
		assert.match(execFileSync(bin, ['--help'], { encoding: 'utf8' }), /check[\s\S]*render[\s\S]*expand[\s\S]*lsp/);
	});

	it('gemtext check reports a broken link: a warning by default, exit 1 as an error', () => {
		const warned = spawnSync(bin, ['check', capsule], { encoding: 'utf8' });
		assert.equal(warned.status, 0);
		assert.match(warned.stdout, /index\.gmi:3:4: warning link\.missing-file/);
		const failed = spawnSync(bin, ['check', '--severity', 'fileLinks=error', capsule], { encoding: 'utf8' });
		assert.equal(failed.status, 1);
		assert.match(failed.stdout, /index\.gmi:3:4: error link\.missing-file/);
	});

	it('gemtext render and expand', () => {
		const html = execFileSync(bin, ['render', '--style', 'gemtexter', join(capsule, 'index.gmi')], { encoding: 'utf8' });
		assert.match(html, /<h1 style='display: inline' id='home'>Home<\/h1>/);
		const gmi = execFileSync(bin, ['expand', join(capsule, 'gemfeed', 'post.gmi.tpl')], { encoding: 'utf8' });
		assert.equal(gmi, '# Post\n\n## Table of Contents\n\n* ⇢ Post\n* ⇢ ⇢ Part\n\n## Part\n');
	});

	it('gemtext lsp --stdio answers initialize and exits on exit', async () => {
		const child = spawn(bin, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
		const send = (message) => {
			const body = JSON.stringify({ jsonrpc: '2.0', ...message });
			child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
		};
		// Reads Content-Length frames until the answer to request 1 arrives.
		const answered = new Promise((resolveAnswer) => {
			let buffer = Buffer.alloc(0);
			child.stdout.on('data', (chunk) => {
				buffer = Buffer.concat([buffer, chunk]);
				for (;;) {
					const headerEnd = buffer.indexOf('\r\n\r\n');
					const length = headerEnd < 0 ? NaN : Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
					if (!(buffer.length >= headerEnd + 4 + length)) return;
					const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
					buffer = buffer.subarray(headerEnd + 4 + length);
					if (message.id === 1) resolveAnswer(message);
				}
			});
		});
		const exited = new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code)));
		send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
		const answer = await answered;
		assert.equal(answer.result.serverInfo.name, 'gemtext-language-server');
		send({ id: 2, method: 'shutdown' });
		send({ method: 'exit' });
		assert.equal(await exited, 0);
	});
});
