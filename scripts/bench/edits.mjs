// What an edit costs, and how responsive the server stays while the user types fast:
//
//   node scripts/bench/edits.mjs [--sizes 1,4,10] [--edits 2000] [--storm-seconds 10] [--storm-mb 1,10]
//     [--server dist/server.js] [--node-args '--cpu-prof --cpu-prof-dir=tmp/prof']   (npm run bench runs it)
//
// 1. Per-edit CPU on 1, 4 and 10 MB documents, in this process: one character typed at a random
//    place, as a didChange brings it. Ours (IncrementalTextDocument, bundled from the working tree)
//    against the peer, vscode-languageserver-textdocument's TextDocument.update, which the server
//    used before; then the same edit followed by what an outline request does (the text, a re-parse
//    from the previous version's parse, the headings) against the peer's text plus a full parse.
// 2. The server (dist/server.js, over stdio) with a 1 MB (then a 10 MB) document open while a client sends 1,000
//    changes a second for a while: latency of documentSymbol on that document, sent every 100 ms
//    during the storm, and of the first one after it; whether the final text is right (the
//    outline equals the one computed here from the client's text); server CPU for the storm.
//
// Targets (printed PASS/FAIL; ratios to the peer are measured in the same run, so a busy machine
// moves both): per-edit CPU ≤ 0.1 ms at every size and ≥ 10× below the peer's on 1 MB; an edit plus
// an outline on 10 MB ≤ half the peer's; documentSymbol during the storm ≤ 250 ms at p95, and the
// server's final text the client's. Time is process CPU time where it says CPU. A dev script: no
// assertions, never part of the tests.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
	DidChangeTextDocumentNotification,
	DidOpenTextDocumentNotification,
	DocumentSymbolRequest,
	ExitNotification,
	PublishDiagnosticsNotification,
	ShutdownRequest,
} from 'vscode-languageserver-protocol/node.js';
import { concatenate, createRandom, generateCorpus } from './corpus.mjs';
import { initialize, option, ROOT, SERVER, startServer } from './lsp.mjs';

const SIZES = option('--sizes', '1,4,10').split(',').map(Number);
const EDITS = Number(option('--edits', 2000));
const STORM_SECONDS = Number(option('--storm-seconds', 10));
const STORM_MBS = option('--storm-mb', '1,10').split(',').map(Number);
const STORM_RATE = 1000; // changes a second
const PING_MS = 100;

const TARGET_EDIT_MS = 0.1;
const TARGET_EDIT_VS_PEER = 10;
const TARGET_OUTLINE_VS_PEER = 0.5;
const TARGET_STORM_P95_MS = 250;

const { IncrementalTextDocument, parseGemtext, reparseGemtext, getOutline, toDocumentSymbol } = await loadWorkingTree();
const corpus = generateCorpus();
let failed = false;
const verdict = (ok) => {
	failed ||= !ok;
	return ok ? 'PASS' : 'FAIL';
};

console.log(`Node ${process.version}; load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`\nPer-edit CPU, one character typed at a random place (${EDITS} edits per case; µs per edit, median of 5 runs):`);
console.log(`  ${'document'.padEnd(9)} ${'ours'.padStart(9)} ${'peer'.padStart(11)} ${'peer/ours'.padStart(10)}   ${'+ outline: ours'.padStart(16)} ${'peer'.padStart(11)}`);
const editRows = [];
for (const mb of SIZES) {
	const text = concatenate(corpus, mb * 1e6);
	const ours = perEdit(text, () => new IncrementalTextDocument('file:///b.gmi', 'gemtext', 1, text), (d, changes, v) => d.update(changes, v));
	const peer = perEdit(text, () => TextDocument.create('file:///b.gmi', 'gemtext', 1, text), (d, changes, v) => TextDocument.update(d, changes, v), Math.min(EDITS, Math.ceil(1000 / mb)));
	const oursOutline = perOutline(text, true);
	const peerOutline = perOutline(text, false);
	editRows.push({ mb, ours, peer, oursOutline, peerOutline });
	console.log(
		`  ${`${mb} MB`.padEnd(9)} ${ours.toFixed(1).padStart(9)} ${peer.toFixed(1).padStart(11)} ${(peer / ours).toFixed(0).padStart(9)}×   ` +
			`${(oursOutline / 1000).toFixed(2).padStart(13)} ms ${(peerOutline / 1000).toFixed(2).padStart(8)} ms`,
	);
}

const storms = [];
if (!existsSync(SERVER)) {
	console.error(`${SERVER} is missing: run npm run build first (the storm needs the server).`);
	failed = true;
} else {
	for (const mb of STORM_MBS) storms.push({ mb, ...(await runStorm(mb)) });
}

console.log('\nTargets:');
for (const r of editRows) {
	console.log(`  per-edit CPU on ${r.mb} MB: ${(r.ours / 1000).toFixed(3)} ms   target ≤ ${TARGET_EDIT_MS} ms   ${verdict(r.ours / 1000 <= TARGET_EDIT_MS)}`);
}
const smallest = editRows[0];
if (smallest) {
	const ratio = smallest.peer / smallest.ours;
	console.log(`  per-edit CPU on ${smallest.mb} MB, peer / ours: ${ratio.toFixed(0)}×   target ≥ ${TARGET_EDIT_VS_PEER}×   ${verdict(ratio >= TARGET_EDIT_VS_PEER)}`);
}
const biggest = editRows[editRows.length - 1];
if (biggest) {
	const ratio = biggest.oursOutline / biggest.peerOutline;
	console.log(`  edit + outline on ${biggest.mb} MB, ours / peer: ${ratio.toFixed(2)}×   target ≤ ${TARGET_OUTLINE_VS_PEER}×   ${verdict(ratio <= TARGET_OUTLINE_VS_PEER)}`);
}
for (const storm of storms) {
	// The latency target is the issue's 1 MB case; larger documents are reported (their outline alone is big).
	if (storm.mb <= 1) {
		console.log(`  documentSymbol during a ${STORM_RATE}/s storm on ${storm.mb} MB, p95: ${storm.p95.toFixed(0)} ms   target ≤ ${TARGET_STORM_P95_MS} ms   ${verdict(storm.p95 <= TARGET_STORM_P95_MS)}`);
	}
	console.log(`  the server's final text is the client's (${storm.mb} MB storm): ${verdict(storm.correct)}`);
}
console.log(`Load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(failed ? 'Some targets missed.' : 'All targets met.');
process.exitCode = 0;

/** A random single-character edit of `doc` (positions in lines that exist). */
function randomEdit(r, lineCount) {
	const at = { line: r.int(0, lineCount - 1), character: r.int(0, 39) };
	return r.chance(0.8) ? { range: { start: at, end: at }, text: r.pick(['a', ' ', 'e', '#', '\n']) } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
}

/** Median µs of CPU per edit over 5 runs of `edits` edits. */
function perEdit(text, create, update, edits = EDITS) {
	const results = [];
	for (let run = 0; run < 5; run++) {
		const doc = create();
		const r = createRandom(run + 1);
		const changes = Array.from({ length: edits }, () => [randomEdit(r, Math.max(1, doc.lineCount - 2))]);
		const c0 = process.cpuUsage();
		for (let i = 0; i < edits; i++) update(doc, changes[i], i + 2);
		const used = process.cpuUsage(c0);
		if (doc.getText().length < text.length - edits) throw new Error('edits lost');
		results.push((used.user + used.system) / edits);
	}
	return median(results);
}

/** Median µs of CPU for an edit followed by an outline: ours re-parse from the last parse, the peer parses all. */
function perOutline(text, incremental) {
	const rounds = 20;
	const doc = incremental ? new IncrementalTextDocument('file:///b.gmi', 'gemtext', 1, text) : TextDocument.create('file:///b.gmi', 'gemtext', 1, text);
	let parsed = parseGemtext(text);
	let parsedVersion = 1;
	const r = createRandom(7);
	const results = [];
	for (let i = 0; i < rounds; i++) {
		const change = [randomEdit(r, Math.max(1, doc.lineCount - 2))];
		const c0 = process.cpuUsage();
		if (incremental) {
			doc.update(change, i + 2);
			parsed = reparseGemtext(parsed, doc.getText(), doc.changesSince(parsedVersion));
		} else {
			TextDocument.update(doc, change, i + 2);
			parsed = parseGemtext(doc.getText());
		}
		parsedVersion = i + 2;
		const symbols = getOutline(parsed);
		const used = process.cpuUsage(c0);
		if (symbols.length === 0) throw new Error('no outline');
		results.push(used.user + used.system);
	}
	return median(results);
}

async function runStorm(stormMb) {
	const dir = mkdtempSync(join(tmpdir(), 'gemtext-edits-'));
	// Lone CRs would be line breaks the client's line model does not know: none in this document.
	const text = concatenate(corpus, stormMb * 1e6).replace(/\r(?!\n)/g, '');
	const path = join(dir, 'big.gmi');
	writeFileSync(path, text);
	const uri = pathToFileURL(path).href;
	const { child, connection } = startServer();
	const published = [];
	connection.onNotification(PublishDiagnosticsNotification.type, (p) => published.push(p));
	connection.listen();
	await initialize(connection, dir);
	await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'gemtext', version: 1, text } });
	const symbols = () => connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
	let t0 = performance.now();
	await symbols();
	const coldMs = performance.now() - t0;

	// The storm: 1,000 changes a second (sent every 10 ms, as many as are due) as a typist makes them: characters, line
	// breaks and backspaces at a cursor that jumps elsewhere every 200 changes or so; every 100 ms a
	// documentSymbol request. The client's model is an array of lines (split at \n; a line may end with \r).
	const lines = text.split('\n');
	const r = createRandom(11);
	const contentLength = (l) => (lines[l].endsWith('\r') ? lines[l].length - 1 : lines[l].length);
	let cursor = { line: 0, character: 0 };
	const typed = () => {
		if (r.chance(1 / 200)) {
			const line = r.int(0, lines.length - 1);
			cursor = { line, character: r.int(0, contentLength(line)) };
		}
		const { line, character } = cursor;
		const s = lines[line];
		const kind = r.next();
		if (kind < 0.85) {
			const ch = r.pick(['a', 'e', ' ', 't', '#', '=', '>']);
			lines[line] = s.slice(0, character) + ch + s.slice(character);
			cursor = { line, character: character + 1 };
			return { range: { start: { line, character }, end: { line, character } }, text: ch };
		}
		if (kind < 0.93 && character > 0) {
			lines[line] = s.slice(0, character - 1) + s.slice(character);
			cursor = { line, character: character - 1 };
			return { range: { start: { line, character: character - 1 }, end: { line, character } }, text: '' };
		}
		lines.splice(line, 1, s.slice(0, character), s.slice(character));
		cursor = { line: line + 1, character: 0 };
		return { range: { start: { line, character }, end: { line, character } }, text: '\n' };
	};
	let version = 1;
	const latencies = [];
	const pending = [];
	const cpu0 = serverCpuMs(child.pid);
	const start = performance.now();
	let lastPing = start;
	await new Promise((done) => {
		const timer = setInterval(() => {
			// As many changes as are due by now, so a late timer does not lower the rate.
			const now = performance.now();
			const due = Math.floor(((now - start) * STORM_RATE) / 1000);
			while (version - 1 < due) {
				void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: ++version }, contentChanges: [typed()] });
			}
			if (now - lastPing >= PING_MS) {
				lastPing = now;
				const sent = performance.now();
				pending.push(symbols().then(() => latencies.push(performance.now() - sent)));
			}
			if (now - start >= STORM_SECONDS * 1000) {
				clearInterval(timer);
				done();
			}
		}, 10);
	});
	const stormMs = performance.now() - start;
	t0 = performance.now();
	const finalSymbols = await symbols();
	const nextMs = performance.now() - t0;
	await Promise.all(pending);
	const stormCpu = serverCpuMs(child.pid) - cpu0;
	const expected = JSON.stringify(getOutline(parseGemtext(lines.join('\n'))).map(toDocumentSymbol));
	const correct = JSON.stringify(finalSymbols) === expected;
	const sorted = [...latencies].sort((a, b) => a - b);
	const p = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	console.log(
		`\nServer: ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB document, ${version - 1} changes in ${(stormMs / 1000).toFixed(1)} s ` +
			`(${((version - 1) / (stormMs / 1000)).toFixed(0)}/s), documentSymbol every ${PING_MS} ms meanwhile:`,
	);
	console.log(`  first documentSymbol after didOpen (full parse):    ${coldMs.toFixed(0)} ms`);
	console.log(`  documentSymbol during the storm: p50 ${p(0.5).toFixed(0)} ms, p95 ${p(0.95).toFixed(0)} ms, max ${p(1).toFixed(0)} ms (${sorted.length} requests)`);
	console.log(`  first documentSymbol after the storm:               ${nextMs.toFixed(0)} ms`);
	console.log(`  server CPU during the storm: ${stormCpu.toFixed(0)} ms (${((stormCpu / (version - 1)) * 1000).toFixed(0)} µs per change, requests included)`);
	console.log(`  final outline equals the client's text's: ${correct ? 'yes' : 'NO'}`);
	await connection.sendRequest(ShutdownRequest.type);
	await connection.sendNotification(ExitNotification.type);
	const exited = new Promise((done) => child.once('exit', done));
	const timer = setTimeout(() => child.kill(), 10_000);
	await exited;
	clearTimeout(timer);
	connection.dispose();
	rmSync(dir, { recursive: true, force: true });
	return { p95: p(0.95), correct };
}

/** The working tree's document store, parser and outline, bundled from source. */
async function loadWorkingTree() {
	const dir = join(ROOT, 'tmp', 'bench');
	mkdirSync(dir, { recursive: true });
	const entry = join(dir, 'edits-entry.ts');
	writeFileSync(
		entry,
		[
			`export { IncrementalTextDocument } from '${join(ROOT, 'server/src/incrementalDocument')}';`,
			`export { parseGemtext, reparseGemtext } from '${join(ROOT, 'server/src/service/parser')}';`,
			`export { getOutline } from '${join(ROOT, 'server/src/service/outline')}';`,
			`export { toDocumentSymbol } from '${join(ROOT, 'server/src/convert')}';`,
		].join('\n'),
	);
	const outfile = join(dir, 'edits.cjs');
	await esbuild.build({ entryPoints: [entry], outfile, bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' });
	return createRequire(import.meta.url)(outfile);
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const m = sorted.length >> 1;
	return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** User + system CPU of a process in ms, from /proc (Linux); NaN elsewhere. */
function serverCpuMs(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return NaN;
	}
}
