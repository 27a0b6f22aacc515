// How responsive the language server stays with a 5 MB document open:
//
//   npm run build && node scripts/bench/server-latency.mjs [--rounds N] [--mb 5] [--server dist/server.js]
//     [--node-args '--cpu-prof --cpu-prof-dir=tmp/prof']   (profile the server)
//
// Spawns the bundled server over stdio (as test/lsp/harness.ts does), opens a generated capsule
// page of about 5 MB (the bench corpus's documents concatenated) in a temp workspace where about
// half of its relative link targets exist, and a tiny document beside it. Then it measures:
//
// - documentSymbol on the big document right after didOpen (parse + outline, cold);
// - didChange → publishDiagnostics of the big document (includes the publisher's 300 ms debounce);
// - renderHtml of the big document in both styles;
// - the key number: latency of documentSymbol on the tiny document, sent every PING_MS while the big
//   document's diagnostics (or render) run. Its maximum is the longest stretch the server's event loop
//   was blocked, which is what an editor feels as a frozen outline, hover or completion;
// - whether a diagnostics run is dropped when a newer version arrives while it runs;
// - big previews: the largest message of a render as one reply, and in pieces (partialResultToken).
//
// The server's CPU time (user + system, from /proc) is printed beside wall times where it applies,
// since the machine may be shared. A dev script: no assertions, never part of the tests.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
	DidChangeTextDocumentNotification,
	DidOpenTextDocumentNotification,
	DocumentSymbolRequest,
	ExitNotification,
	ProgressType,
	PublishDiagnosticsNotification,
	ShutdownRequest,
} from 'vscode-languageserver-protocol/node.js';
import { concatenate, createRandom, generateCorpus } from './corpus.mjs';
import { initialize, option, SERVER, startServer } from './lsp.mjs';

/** `$/progress` pieces of `gemtext/renderHtml` (RenderHtmlRequest.partialResult). */
const RENDER_PIECE = new ProgressType();

const ROUNDS = Number(option('--rounds', 3));
const MB = Number(option('--mb', 5));
/** How often the tiny request is sent while the server is busy. */
const PING_MS = 5;

if (!existsSync(SERVER)) {
	console.error(`${SERVER} is missing: run npm run build first.`);
	process.exit(1);
}

// The workspace: the big page, a tiny page, and about half of the big page's relative link targets.
const dir = mkdtempSync(join(tmpdir(), 'gemtext-latency-'));
const big = concatenate(generateCorpus(), MB * 1000 * 1000);
const tiny = '# Tiny\n\n## A\n=> big.gmi Big\n## B\ntext\n';
const capsule = join(dir, 'capsule');
mkdirSync(capsule, { recursive: true });
const bigPath = join(capsule, 'big.gmi');
const tinyPath = join(capsule, 'tiny.gmi');
writeFileSync(bigPath, big);
writeFileSync(tinyPath, tiny);
const r = createRandom(42);
const targets = new Set();
for (const m of big.matchAll(/^=>[ \t]*([^ \t\r\n]+)/gm)) {
	const url = m[1];
	if (/^[a-z]+:/i.test(url) || url.startsWith('//')) continue;
	const path = url.replace(/[#?].*$/, '');
	if (path === '' || path.endsWith('/')) continue;
	targets.add(path.startsWith('/') ? path.slice(1) : path.replace(/^(\.\.\/)+/, ''));
}
let created = 0;
for (const t of targets) {
	if (r.chance(0.5)) {
		const full = join(capsule, t);
		mkdirSync(dirname(full), { recursive: true });
		writeFileSync(full, '# x\n');
		created++;
	}
}
const bigUri = pathToFileURL(bigPath).href;
const tinyUri = pathToFileURL(tinyPath).href;
const bigLinks = (big.match(/^=>/gm) ?? []).length;

console.log(`Node ${process.version}; server ${SERVER}`);
console.log(`Load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(
	`Big document: ${(Buffer.byteLength(big) / 1e6).toFixed(2)} MB, ${big.split('\n').length} lines, ${bigLinks} links ` +
		`(${targets.size} distinct relative targets, ${created} of them exist). ${ROUNDS} rounds; medians (max) printed.`,
);

const results = new Map();
const record = (name, value) => {
	if (!results.has(name)) results.set(name, []);
	results.get(name).push(value);
};

for (let round = 0; round < ROUNDS; round++) {
	await runRound(round);
}

console.log('');
console.log(`${'measurement'.padEnd(64)} ${'median'.padStart(9)} ${'max'.padStart(9)}`);
for (const [name, values] of results) {
	const sorted = [...values].sort((a, b) => a - b);
	const median = sorted[sorted.length >> 1];
	const unit = name.includes('stale') || name.includes('characters') ? '' : ' ms';
	console.log(`${name.padEnd(64)} ${(median.toFixed(0) + unit).padStart(9)} ${(sorted[sorted.length - 1].toFixed(0) + unit).padStart(9)}`);
}
console.log(`Load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
rmSync(dir, { recursive: true, force: true });

async function runRound(round) {
	const { child, connection } = startServer();
	const published = [];
	let onPublish = () => {};
	connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
		published.push({ ...p, at: performance.now() });
		onPublish();
	});
	connection.listen();
	const whenPublished = (version, from) => waitFor(() => published.slice(from).find((p) => p.uri === bigUri && p.version === version));
	const waitFor = (predicate) =>
		new Promise((done) => {
			const check = () => {
				const v = predicate();
				if (v) {
					onPublish = () => {};
					done(v);
				} else onPublish = check;
			};
			check();
		});
	await initialize(connection, capsule);
	await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: tinyUri, languageId: 'gemtext', version: 1, text: tiny } });
	const symbols = (uri) => connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
	await symbols(tinyUri);
	await waitFor(() => published.find((p) => p.uri === tinyUri));
	// Let the workspace index settle so its reads are not charged to what follows.
	await idle(connection, symbols, 1000);

	// didOpen → documentSymbol of the big document (text transfer, parse, outline).
	let cpu0 = serverCpuMs(child.pid);
	let t0 = performance.now();
	await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: bigUri, languageId: 'gemtext', version: 1, text: big } });
	await symbols(bigUri);
	record('didOpen → first documentSymbol (5 MB), wall', performance.now() - t0);
	record('didOpen → first documentSymbol (5 MB), server CPU', serverCpuMs(child.pid) - cpu0);
	await whenPublished(1, 0);
	await idle(connection, symbols, 500);

	// An edit → its diagnostics, with the tiny request pinging meanwhile.
	let from = published.length;
	// Incremental changes, as VS Code sends them: one line inserted at the top.
	const insertLine = (version, text) =>
		connection.sendNotification(DidChangeTextDocumentNotification.type, {
			textDocument: { uri: bigUri, version },
			contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text }],
		});
	cpu0 = serverCpuMs(child.pid);
	t0 = performance.now();
	await insertLine(2, '=> missing-after-edit.gmi\n');
	const pings = ping(symbols, tinyUri);
	const p2 = await whenPublished(2, from);
	const lat = await pings.stop();
	record('didChange → publishDiagnostics (5 MB, incl. 300 ms debounce)', p2.at - t0);
	record('  server CPU for it (diagnostics)', serverCpuMs(child.pid) - cpu0);
	record('  tiny documentSymbol meanwhile: p50', percentile(lat, 0.5));
	record('  tiny documentSymbol meanwhile: p95', percentile(lat, 0.95));
	record('  tiny documentSymbol meanwhile: max', percentile(lat, 1));
	await idle(connection, symbols, 300);

	// renderHtml in both styles, idle, then the gemini style again with pings.
	for (const style of ['gemini', 'gemtexter']) {
		cpu0 = serverCpuMs(child.pid);
		t0 = performance.now();
		const res = await connection.sendRequest('gemtext/renderHtml', { uri: bigUri, style, lineNumbers: true });
		record(`renderHtml ${style} (${(res.html.length / 1e6).toFixed(1)} MB of HTML), wall`, performance.now() - t0);
		if (style === 'gemtexter') record('  largest message of it, one reply (K characters)', res.html.length / 1000);
		record(`  server CPU for it (${style})`, serverCpuMs(child.pid) - cpu0);
	}
	{
		const pingsRender = ping(symbols, tinyUri);
		await connection.sendRequest('gemtext/renderHtml', { uri: bigUri, style: 'gemtexter', lineNumbers: true });
		const latRender = await pingsRender.stop();
		record('  tiny documentSymbol during renderHtml gemtexter: max', percentile(latRender, 1));
	}
	// Big previews (issue 8): the same render in pieces (partialResultToken), as the preview asks for it.
	// Largest message of the reply: one reply of the whole body, or the largest piece.
	{
		let largest = 0;
		const token = `bench-${round}`;
		const pieces = connection.onProgress(RENDER_PIECE, token, (piece) => (largest = Math.max(largest, piece.html.length)));
		const pingsPieces = ping(symbols, tinyUri);
		t0 = performance.now();
		const res = await connection.sendRequest('gemtext/renderHtml', { uri: bigUri, style: 'gemtexter', lineNumbers: true, partialResultToken: token });
		record('renderHtml gemtexter in pieces, wall', performance.now() - t0);
		const latPieces = await pingsPieces.stop();
		pieces.dispose();
		record('  largest message of it, in pieces (K characters)', Math.max(largest, res.html.length) / 1000);
		record('  tiny documentSymbol during renderHtml in pieces: max', percentile(latPieces, 1));
	}

	// A stale run: version 3, then version 4 while 3 is being validated. Only 4 may be published.
	from = published.length;
	await insertLine(3, '* another line\n');
	await new Promise((r) => setTimeout(r, 350)); // past the debounce: version 3's run has started
	t0 = performance.now();
	await insertLine(4, '* and another\n');
	const p4 = await whenPublished(4, from);
	record('newer edit during a run → its publishDiagnostics (incl. debounce)', p4.at - t0);
	record('stale version-3 publishes (should be 0)', published.slice(from).filter((p) => p.uri === bigUri && p.version === 3).length);

	await connection.sendRequest(ShutdownRequest.type);
	await connection.sendNotification(ExitNotification.type);
	// Let it exit by itself (a CPU profile is written on exit); kill it only if it hangs.
	const exited = new Promise((r) => child.once('exit', r));
	const timer = setTimeout(() => child.kill(), 10_000);
	await exited;
	clearTimeout(timer);
	connection.dispose();
}

/** Sends the tiny request every PING_MS (not waiting for answers); `stop` returns each one's latency. */
function ping(symbols, uri) {
	const latencies = [];
	const pending = [];
	const timer = setInterval(() => {
		const t = performance.now();
		pending.push(symbols(uri).then(() => latencies.push(performance.now() - t)));
	}, PING_MS);
	return {
		async stop() {
			clearInterval(timer);
			await Promise.all(pending);
			return latencies;
		},
	};
}

/** Waits until the server answers a tiny request quickly `ms` in a row (the index and GC have settled). */
async function idle(connection, symbols, ms) {
	const until = performance.now() + ms;
	while (performance.now() < until) {
		await symbols(tinyUri);
		await new Promise((r) => setTimeout(r, 20));
	}
}

function percentile(values, p) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** User + system CPU of a process in ms, from /proc (Linux); NaN elsewhere. */
function serverCpuMs(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
	} catch {
		return NaN;
	}
}
