// Golden test of template expansion against real Gemtexter output.
//
//   npm run test:golden:templates [-- ../shared/golden/templates]
//
// For every pair in pairs.tsv, lays out the tree Gemtexter expanded it in (the template, and
// one stub `# <title>\n` file per line of gemfeed-posts.tsv in gemfeed/; see the pairs'
// README) in a temporary folder, runs `gemtext expand` from dist/cli.js on it (with `--run`
// only for templates that have code other than the helpers) and compares the output with
// the generated `.gmi`, byte for byte. Also renders the seed post's template and compares
// it with the body of the seed page when ../shared/seed is there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dir = resolve(process.argv[2] ?? join(root, '../shared/golden/templates'));
const cli = join(root, 'dist/cli.js');
if (!existsSync(cli)) {
	execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { stdio: 'inherit' });
}

const rows = (file) =>
	readFileSync(join(dir, file), 'utf8')
		.split('\n')
		.filter((l) => l && !l.startsWith('#'))
		.map((l) => l.split('\t'));
const posts = rows('gemfeed-posts.tsv');
const pairs = rows('pairs.tsv');

let passed = 0;
let failed = 0;
const failures = [];

function layout(template, bytes) {
	const tree = mkdtempSync(join(tmpdir(), 'gemtext-golden-'));
	mkdirSync(join(tree, 'gemfeed'), { recursive: true });
	for (const [name, title] of posts) {
		writeFileSync(join(tree, 'gemfeed', name), `# ${title}\n`);
	}
	const path = join(tree, template);
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, bytes);
	return { tree, path };
}

for (const [template, constructs] of pairs) {
	const bytes = readFileSync(join(dir, 'foo.zone', template));
	const expected = readFileSync(join(dir, 'foo.zone', template.replace(/\.tpl$/, '')));
	const { tree, path } = layout(template, bytes);
	try {
		const needsRun = constructs.split(/[ ,]+/).some((c) => !['toc', 'index', 'rindex'].includes(c));
		const args = [cli, 'expand', path, ...(needsRun ? ['--run'] : [])];
		const result = spawnSync(process.execPath, args, { cwd: tree, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
		if (result.status === 0 && Buffer.compare(result.stdout, expected) === 0) {
			passed++;
		} else {
			failed++;
			failures.push(`${template} (${constructs}): exit ${result.status}${result.stderr.length ? `, ${result.stderr.toString().trim().split('\n')[0]}` : ''}${result.status === 0 ? ', output differs' : ''}`);
		}
	} finally {
		rmSync(tree, { recursive: true, force: true });
	}
}

// The seed page: its template rendered equals the body Gemtexter published.
const seed = resolve(dir, '../../seed');
if (existsSync(seed)) {
	const name = '2025-01-15-working-with-an-sre-interview';
	const { tree, path } = layout(`gemfeed/${name}.gmi.tpl`, readFileSync(join(seed, `${name}.gmi.tpl`)));
	try {
		const html = spawnSync(process.execPath, [cli, 'render', '--style', 'gemtexter', path]).stdout.toString('utf8');
		const page = readFileSync(join(seed, `${name}.html`), 'utf8');
		if (html.length > 0 && page.includes(html)) {
			passed++;
		} else {
			failed++;
			failures.push(`seed page: the rendered template is not the published body`);
		}
	} finally {
		rmSync(tree, { recursive: true, force: true });
	}
}

for (const f of failures) console.log(`FAIL ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
