// Parse throughput of our Gemtext parser against the npm Gemtext parsers and a bare newline scan.
//
//   npm run bench                          generated corpus (deterministic, ~17 MB)
//                                          then scripts/bench/edits.mjs (per-edit cost, typing storm)
//   npm run bench -- /path/to/corpus       every .gmi/.gemini below a folder
//   options: --runs N (timed runs, default 11)  --warmup N (default 3)  --only a,b (peer name substrings)
//
// Method. A pass parses every document of a case once; a run repeats passes until it lasts
// ≥ 100 ms, so short passes are measurable. Each contender gets a gc(), its warm-up runs, then its
// timed runs back to back (no forced gc in between: GC work its allocations cause is charged to it,
// as in a long-running language server, where the young generation is already grown). The last
// result stays alive until the next pass replaces it, as an editor keeps its open documents' parses.
// Time is process CPU time (user + system), so other processes on a shared machine don't inflate it;
// wall-clock medians are printed beside it. MB = 10^6 UTF-8 bytes of input.
// A dev script: no assertions, never part of the tests.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { concatenate, generateCorpus, loadCorpus } from './bench/corpus.mjs';
import { loadWorkingParser } from './bench/loadParser.mjs';
import { contenders, newlineScan } from './bench/peers.mjs';

if (typeof globalThis.gc !== 'function') {
	// Clean starts and heap figures need gc(); re-run ourselves with it.
	const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
	process.exit(r.status ?? 1);
}

const TARGET_VS_PEER = 3;
const TARGET_VS_SCAN = 0.4;
const SINGLE_DOC_BYTES = 5 * 1000 * 1000;
const MIN_RUN_MS = 100;

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(name);
	if (i === -1) return fallback;
	const v = args[i + 1];
	args.splice(i, 2);
	return v;
};
const runs = Number(option('--runs', 11));
const warmup = Number(option('--warmup', 3));
const only = option('--only', '')
	.split(',')
	.filter(Boolean);
const dir = args[0];

const docs = dir ? loadCorpus(dir) : generateCorpus();
if (docs.length === 0) {
	console.error(`No .gmi files below ${dir}`);
	process.exit(1);
}
const parseGemtext = await loadWorkingParser();
const all = contenders(parseGemtext).filter((c) => c.ours || c.baseline || only.length === 0 || only.some((o) => c.name.includes(o)));

const bytesOf = (texts) => texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
const corpusTexts = docs.map((d) => d.text);
const corpusBytes = bytesOf(corpusTexts);
const corpusLines = corpusTexts.reduce((n, t) => n + parseGemtext(t).lines.length, 0);
const single = concatenate(docs, SINGLE_DOC_BYTES);
const crlf = corpusTexts.filter((t) => t.includes('\r\n')).length;
const nonAscii = corpusTexts.filter((t) => /[^\x00-\x7f]/.test(t)).length;

console.log(`Node ${process.version} ${process.arch}; ${runs} timed runs (≥ ${MIN_RUN_MS} ms each) after ${warmup} warm-up runs.`);
console.log(`Load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(
	`Corpus: ${dir ?? 'generated (seeded)'}: ${docs.length} documents, ${mb(corpusBytes)} MB, ${corpusLines} lines ` +
		`(${(corpusBytes / corpusLines).toFixed(0)} bytes/line), ${crlf} with CRLF, ${nonAscii} with non-ASCII; ` +
		`largest ${mb(Math.max(...corpusTexts.map((t) => Buffer.byteLength(t))))} MB.`,
);
console.log('Peers are timed on their parse step only (each separates parsing from rendering):');
for (const c of all) console.log(`  ${c.name.padEnd(22)} ${c.note}`);

const results = [];
results.push(benchCase(`Corpus, ${docs.length} documents`, corpusTexts));
results.push(benchCase('Single document (the corpus documents concatenated)', [single]));

console.log(`\nHeap retained by the parse result of the ${mb(bytesOf([single]))} MB document (heapUsed after gc, result alive):`);
const inputBytes = bytesOf([single]);
for (const c of all) {
	if (c.baseline) continue;
	const bytes = retainedBy(c.parse, single);
	console.log(`  ${c.name.padEnd(22)} ${mb(bytes).padStart(7)} MB  (${(bytes / inputBytes).toFixed(2)}× the input)`);
}

console.log('\nTargets (CPU-time medians):');
let failed = false;
for (const r of results) {
	const peers = r.rows.filter((x) => !x.ours && !x.baseline);
	const ours = r.rows.find((x) => x.ours);
	const scan = r.rows.find((x) => x.baseline);
	console.log(`  ${r.title}`);
	if (peers.length > 0) {
		const fastest = peers.reduce((a, b) => (b.median > a.median ? b : a));
		const vsPeer = ours.median / fastest.median;
		const pass = vsPeer >= TARGET_VS_PEER;
		failed ||= !pass;
		console.log(`    ours / fastest peer (${fastest.name}) = ${vsPeer.toFixed(2)}×   target ≥ ${TARGET_VS_PEER}×   ${pass ? 'PASS' : 'FAIL'}`);
	}
	const vsScan = ours.median / scan.median;
	const pass = vsScan >= TARGET_VS_SCAN;
	failed ||= !pass;
	console.log(`    ours / bare newline scan = ${vsScan.toFixed(2)}×   target ≥ ${TARGET_VS_SCAN}×   ${pass ? 'PASS' : 'FAIL'}`);
}
console.log(`Load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(failed ? 'Some targets missed.' : 'All targets met.');

// Edits: per-edit cost on 1/4/10 MB against vscode-languageserver-textdocument, and the server's
// answers during a 1,000 changes/s typing storm (its own targets; needs dist/server.js).
console.log('\n== Incremental edits (scripts/bench/edits.mjs) ==');
spawnSync(process.execPath, [new URL('./bench/edits.mjs', import.meta.url).pathname], { stdio: 'inherit' });

function benchCase(title, texts) {
	const bytes = bytesOf(texts);
	const lineBreaks = texts.reduce((n, t) => n + newlineScan(t), 0);
	const rows = [];
	for (const c of all) {
		const pass = () => {
			let sink = 0;
			for (let i = 0; i < texts.length; i++) {
				c.kept = c.parse(texts[i]);
				sink += c.size(c.kept);
			}
			if (sink < 0 || (c.baseline && sink !== lineBreaks)) throw new Error(`${c.name}: bad checksum`);
		};
		globalThis.gc();
		pass();
		const t0 = performance.now();
		pass();
		const reps = Math.max(1, Math.ceil(MIN_RUN_MS / Math.max(performance.now() - t0, 0.01)));
		const cpu = [];
		const wall = [];
		for (let i = 0; i < warmup + runs; i++) {
			const w0 = performance.now();
			const c0 = process.cpuUsage();
			for (let k = 0; k < reps; k++) pass();
			const used = process.cpuUsage(c0);
			const w = (performance.now() - w0) / reps;
			if (i >= warmup) {
				cpu.push((used.user + used.system) / 1000 / reps);
				wall.push(w);
			}
		}
		c.kept = undefined;
		cpu.sort((a, b) => a - b);
		wall.sort((a, b) => a - b);
		const mbps = (ms) => bytes / 1e6 / (ms / 1000);
		rows.push({
			name: c.name,
			ours: !!c.ours,
			baseline: !!c.baseline,
			median: mbps(median(cpu)),
			best: mbps(cpu[0]),
			worst: mbps(cpu[cpu.length - 1]),
			ms: median(cpu),
			wall: mbps(median(wall)),
		});
	}
	const ours = rows.find((r) => r.ours);
	console.log(`\n${title}: ${texts.length} × avg ${mb(bytes / texts.length)} MB = ${mb(bytes)} MB`);
	console.log(
		`  ${'contender'.padEnd(22)} ${'MB/s'.padStart(8)} ${'(min–max)'.padStart(13)}  ${'ms/pass'.padStart(8)}  ${'wall MB/s'.padStart(9)}  ${'vs ours'.padStart(7)}`,
	);
	for (const r of rows) {
		console.log(
			`  ${r.name.padEnd(22)} ${r.median.toFixed(1).padStart(8)} ${`(${r.worst.toFixed(0)}–${r.best.toFixed(0)})`.padStart(13)}  ` +
				`${r.ms.toFixed(2).padStart(8)}  ${r.wall.toFixed(1).padStart(9)}  ${(r.median / ours.median).toFixed(2).padStart(6)}×`,
		);
	}
	return { title, rows };
}

function retainedBy(fn, text) {
	globalThis.gc();
	globalThis.gc();
	const before = process.memoryUsage().heapUsed;
	let result = fn(text);
	globalThis.gc();
	globalThis.gc();
	const after = process.memoryUsage().heapUsed;
	if (result == null) throw new Error('no result');
	result = null;
	return Math.max(0, after - before);
}

function median(sorted) {
	const m = sorted.length >> 1;
	return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

function mb(bytes) {
	return (bytes / 1e6).toFixed(2);
}
