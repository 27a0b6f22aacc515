/** The `gemtext` command line, run as users run it: `node dist/cli.js …`. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderHtml } from '../../server/src/service';
import { CLI, createWorkspace, removeWorkspace, ROOT, TestServer } from './harness';

function gemtext(...args: string[]) {
	const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'buffer' });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

const PAGE = '# Hello, world\n\nSome `code` & <tags>.\n=> other.gmi Other\n* one\n* two\n\n```\npre\n```\n';

describe('gemtext CLI', { timeout: 60_000 }, () => {
	let dir: string;

	before(() => {
		dir = createWorkspace({
			'page.gmi': PAGE,
			// Latin-1 bytes: not UTF-8. Gemtexter copies them through unchanged.
			'latin1.gmi': Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\nd\xe9j\xe0 vu\n', 'latin1')]),
			'conf/gemtexter.conf': 'declare -xr DOMAIN=example.org\n',
			'conf/post.gmi': '# Post\n',
		});
	});

	after(() => removeWorkspace(dir));

	it('render prints the body of the requested style, as the service renders it', () => {
		for (const style of ['gemtexter', 'gemini'] as const) {
			const { status, stdout, stderr } = gemtext('render', join(dir, 'page.gmi'), '--style', style);
			assert.equal(stderr, '');
			assert.equal(status, 0);
			assert.equal(stdout.toString('utf8'), renderHtml(PAGE, { style }));
		}
		const { stdout } = gemtext('render', join(dir, 'page.gmi'), '--style=gemtexter');
		assert.match(stdout.toString('utf8'), /<h1 style='display: inline' id='hello-world'>Hello, world<\/h1><br \/>/);
	});

	it('render keeps the bytes of a file that is not UTF-8', () => {
		const { status, stdout } = gemtext('render', join(dir, 'latin1.gmi'), '--style', 'gemtexter');
		assert.equal(status, 0);
		const html = stdout.toString('latin1');
		assert.ok(html.includes('Caf\xe9'), html);
		assert.ok(html.includes('d\xe9j\xe0 vu'), html);
		assert.ok(!stdout.includes(Buffer.from('\uFFFD', 'utf8')), 'no replacement characters');
	});

	it('render picks Gemtexter style by itself next to a gemtexter.conf', () => {
		const { status, stdout } = gemtext('render', join(dir, 'conf', 'post.gmi'));
		assert.equal(status, 0);
		assert.equal(stdout.toString('utf8'), renderHtml('# Post\n', { style: 'gemtexter' }));
	});

	it('render --page prints a whole page', () => {
		const { status, stdout } = gemtext('render', join(dir, 'page.gmi'), '--page', '--style', 'gemini');
		assert.equal(status, 0);
		assert.match(stdout.toString('utf8'), /<html[\s\S]*Hello, world[\s\S]*<\/html>/i);
	});

	it('reports usage errors with exit code 2 and failures with 1', () => {
		assert.equal(gemtext().status, 2);
		assert.equal(gemtext('frobnicate').status, 2);
		const noFile = gemtext('render');
		assert.equal(noFile.status, 2);
		assert.match(noFile.stderr, /missing FILE/);
		assert.match(noFile.stderr, /Usage: gemtext render/);
		assert.equal(gemtext('render', join(dir, 'page.gmi'), '--style', 'fancy').status, 2);
		assert.equal(gemtext('lsp').status, 2);
		const missing = gemtext('render', join(dir, 'nope.gmi'));
		assert.equal(missing.status, 1);
		assert.match(missing.stderr, /nope\.gmi/);
	});

	it('prints help and the package version', () => {
		const help = gemtext('--help');
		assert.equal(help.status, 0);
		assert.match(help.stdout.toString(), /render[\s\S]*lsp/);
		const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
		const version = gemtext('--version');
		assert.equal(version.status, 0);
		assert.equal(version.stdout.toString().trim(), manifest.version);
	});

	it('lsp --stdio answers initialize and shuts down cleanly', async () => {
		const { server, result } = await TestServer.start({ workspaceFolders: [dir], command: [process.execPath, CLI, 'lsp', '--stdio'] });
		assert.equal(result.capabilities.documentSymbolProvider, true);
		assert.equal(result.serverInfo?.name, 'gemtext-language-server');
		assert.equal(await server.stop(), 0);
	});
});
