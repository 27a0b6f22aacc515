// Real-world check of `gemtext check` (not part of npm test): for each capsule of the
// shared corpus (default ../shared/corpus), rebuilds its files in a temporary folder from
// `.tree.txt` (every listed file created empty, the corpus's .gmi files copied in), runs
// `node dist/cli.js check --format json` from the capsule's root, and prints the problems
// by code with a sample of each.
//
//   node scripts/corpus-check.mjs [--corpus DIR] [--capsule NAME]... [--sample N] [--all]
//
// The capsule root is the shallowest folder holding an index.gmi (`capsule/`, `content/`…),
// as an author would set `gemtext.capsuleRoot`; the repository root when there is none.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(name);
	return i === -1 ? fallback : args[i + 1];
};
const corpus = resolve(option('--corpus', join(repo, '..', 'shared', 'corpus')));
const sample = Number(option('--sample', '3'));
const all = args.includes('--all');
const only = args.flatMap((a, i) => (args[i - 1] === '--capsule' ? [a] : []));
const cli = join(repo, 'dist', 'cli.js');
if (!existsSync(cli)) {
	console.error('dist/cli.js is missing: run npm run build first');
	process.exit(2);
}

/** Every regular file below `dir`, as paths relative to it. */
function filesBelow(dir, prefix = '') {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const rel = prefix + e.name;
		return e.isDirectory() ? filesBelow(join(dir, e.name), rel + '/') : e.isFile() ? [rel] : [];
	});
}

function rebuild(source) {
	const target = mkdtempSync(join(tmpdir(), 'gemtext-corpus-'));
	const listed = readFileSync(join(source, '.tree.txt'), 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l !== '');
	for (const rel of listed) {
		const path = join(target, rel);
		mkdirSync(dirname(path), { recursive: true });
		if (!existsSync(path)) writeFileSync(path, '');
	}
	for (const rel of filesBelow(source)) {
		if (rel === '.tree.txt' || rel === '.source') continue;
		const path = join(target, rel);
		mkdirSync(dirname(path), { recursive: true });
		copyFileSync(join(source, rel), path);
	}
	return target;
}

/** The shallowest folder with an index.gmi (or index.gemini). */
function capsuleRoot(dir) {
	let level = [dir];
	while (level.length > 0) {
		const hit = level.find((d) => existsSync(join(d, 'index.gmi')) || existsSync(join(d, 'index.gemini')));
		if (hit) return hit;
		level = level.flatMap((d) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== '.git').map((e) => join(d, e.name)));
	}
	return dir;
}

const totals = new Map();
let totalFiles = 0;
for (const name of readdirSync(corpus).sort()) {
	const source = join(corpus, name);
	if (!statSync(source).isDirectory() || !existsSync(join(source, '.tree.txt')) || (only.length && !only.includes(name))) continue;
	const tmp = rebuild(source);
	try {
		const root = capsuleRoot(tmp);
		const started = Date.now();
		const run = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '.'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
		const ms = Date.now() - started;
		let result;
		try {
			result = JSON.parse(run.stdout);
		} catch {
			console.log(`\n## ${name}: exit ${run.status}, no JSON\n${run.stderr}`);
			continue;
		}
		totalFiles += result.files;
		const byCode = new Map();
		for (const p of result.problems) {
			byCode.set(p.code, [...(byCode.get(p.code) ?? []), p]);
			totals.set(p.code, (totals.get(p.code) ?? 0) + 1);
		}
		const rootName = root === tmp ? '.' : root.slice(tmp.length + 1);
		console.log(`\n## ${name} (root ${rootName}): ${result.files} files, ${result.problems.length} problems (${result.errors} errors, ${result.warnings} warnings), exit ${run.status}, ${ms} ms`);
		if (run.stderr.trim()) console.log(run.stderr.trim().split('\n').map((l) => `   stderr: ${l}`).join('\n'));
		for (const [code, list] of [...byCode].sort((a, b) => b[1].length - a[1].length)) {
			console.log(`  ${String(list.length).padStart(5)}  ${code}`);
			for (const p of all ? list : list.slice(0, sample)) {
				const line = readFileSync(join(root, p.file), 'utf8').split('\n')[p.line - 1]?.replace(/\r$/, '') ?? '';
				console.log(`         ${p.file}:${p.line}:${p.column}  ${line.slice(0, 110)}\n           → ${p.message}`);
			}
		}
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}
console.log(`\n## Total: ${totalFiles} files`);
for (const [code, n] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${code}`);
