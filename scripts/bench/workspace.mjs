// Workspace scale: the language server on a 20,000-file capsule.
//
//   npm run build && node scripts/bench/workspace.mjs [--files 20000] [--keep]
//     [--node-args '--cpu-prof --cpu-prof-dir=tmp/prof']   (profile the server)
//
// Generates a deterministic capsule in a temp folder (40 topic folders of posts with headings,
// paragraphs, lists, quotes and ``` blocks, each post linking to other posts, some with a
// `#fragment`, to images and to the web; about 3% of file links and 2% of fragments broken),
// then measures, in one run:
//
// - the peer: walking the capsule and reading every file (8 reads at a time, as the index does;
//   the median of three runs);
// - the real server (dist/server.js over stdio): the first index (its progress from begin to end),
//   then `gemtext/checkCapsule`, which validates every link of every file; the total against
//   the peer is the target ratio (≤ 2×);
// - the server's resident memory (VmRSS, sampled every 20 ms; peak and at the end; ≤ 150 MB);
// - the latency of documentSymbol on a small open document, sent every 10 ms during the index and
//   the check (the index yields: ≤ 50 ms);
// - incremental work: an edit of one post (its headings change) revalidates that post and the files
//   that link to it, counted by the server's log; references and file-move edits answered from the
//   index's links, timed.
//
// The server's CPU time (user + system, /proc) is printed beside wall times: the machine may be
// shared. A dev script: no assertions, never part of the tests.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
	ConfigurationRequest,
	DidChangeTextDocumentNotification,
	DidOpenTextDocumentNotification,
	DocumentSymbolRequest,
	ExitNotification,
	InitializedNotification,
	ReferencesRequest,
	ShutdownRequest,
	WorkDoneProgress,
	WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node.js';
import { createRandom } from './corpus.mjs';
import { flag, initialize, option, SERVER, startServer } from './lsp.mjs';

const FILES = Number(option('--files', 20000));
const KEEP = flag('--keep');
const FOLDERS = 40;
const IMAGES = 200;
const PING_MS = 10;
const TARGET_RATIO = 2;
const TARGET_RSS_MB = 150;
const TARGET_LATENCY_MS = 50;

if (!existsSync(SERVER)) {
	console.error(`${SERVER} is missing: run npm run build first.`);
	process.exit(1);
}

// ---- The capsule ------------------------------------------------------------------------------

const WORDS = ('the of and to in is that for it as was with be by on not this are or from at which but have an they you ' +
	'capsule gemini protocol server client certificate request response document line link heading quote list text ' +
	'editor browser small internet simple privacy plain markup writing garden bicycle morning coffee weather mountain ' +
	'river winter summer library project release version terminal keyboard compiler kernel memory network packet').split(' ');

const r = createRandom(20000);
const sentence = (min, max) => {
	const n = r.int(min, max);
	const words = [];
	for (let i = 0; i < n; i++) words.push(r.pick(WORDS));
	const s = words.join(' ');
	return s[0].toUpperCase() + s.slice(1) + '.';
};
const paragraph = () => Array.from({ length: r.int(2, 6) }, () => sentence(8, 24)).join(' ');
const slug = (title) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const perFolder = Math.ceil(FILES / FOLDERS);
const postPath = (i) => `topic-${String(Math.floor(i / perFolder)).padStart(2, '0')}/post-${String(i).padStart(5, '0')}.gmi`;
// Headings of each post, decided first so links can name them.
const headings = Array.from({ length: FILES }, () => Array.from({ length: r.int(2, 5) }, () => sentence(2, 5).slice(0, -1)));
const titles = Array.from({ length: FILES }, () => sentence(3, 7).slice(0, -1));

function relativeTo(from, to) {
	const a = from.split('/').slice(0, -1);
	const b = to.split('/');
	let k = 0;
	while (k < a.length && a[k] === b[k]) k++;
	return [...a.slice(k).map(() => '..'), ...b.slice(k)].join('/');
}

function post(i) {
	const self = postPath(i);
	const out = [`# ${titles[i]}`, '', `> Published at 2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`, ''];
	for (const h of headings[i]) {
		out.push(`## ${h}`, '', paragraph(), '');
		if (r.chance(0.5)) out.push(...Array.from({ length: r.int(2, 5) }, () => `* ${sentence(3, 10)}`), '');
		if (r.chance(0.3)) out.push(`> ${sentence(8, 20)}`, '');
		if (r.chance(0.2)) out.push('```sh', 'for f in *.gmi; do echo "$f"; done', '```', '');
		out.push(paragraph(), '');
		// Links to other posts: nearby ones (same topic) mostly, some far away; some with fragments.
		for (let k = 0; k < r.int(1, 3); k++) {
			const j = r.chance(0.7) ? Math.min(FILES - 1, Math.max(0, i + r.int(-50, 50))) : r.int(0, FILES - 1);
			let url = relativeTo(self, postPath(j));
			if (r.chance(0.03)) url = url.replace('.gmi', '-draft.gmi');
			else if (r.chance(0.3)) url += '#' + (r.chance(0.06) ? 'no-such-heading' : slug(r.pick(headings[j])));
			out.push(`=> ${url} ${titles[j]}`);
		}
		out.push('');
	}
	const image = r.int(0, IMAGES + 5);
	out.push(`=> ${relativeTo(self, `images/img-${image}.png`)} A picture`);
	out.push(`=> gemini://${r.pick(['example.org', 'tilde.team', 'geminiprotocol.net'])}/${r.pick(WORDS)}.gmi Elsewhere`);
	out.push(`=> https://example.com/${r.pick(WORDS)} On the web`, '', `=> ../index.gmi Home`, '');
	return out.join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'gemtext-workspace-'));
const capsule = join(dir, 'capsule');
let bytes = 0;
const t0 = performance.now();
mkdirSync(join(capsule, 'images'), { recursive: true });
for (let k = 0; k < IMAGES; k++) writeFileSync(join(capsule, 'images', `img-${k}.png`), 'PNG');
for (let f = 0; f < FOLDERS; f++) mkdirSync(join(capsule, `topic-${String(f).padStart(2, '0')}`), { recursive: true });
const home = ['# The capsule', ''];
for (let i = 0; i < FILES; i++) {
	const text = post(i);
	bytes += Buffer.byteLength(text);
	writeFileSync(join(capsule, postPath(i)), text);
	if (i % perFolder === 0) home.push(`=> ${postPath(i)} ${titles[i]}`);
}
writeFileSync(join(capsule, 'index.gmi'), home.join('\n') + '\n');
writeFileSync(join(capsule, 'small.gmi'), '# Small\n\n## A\n=> index.gmi Home\n## B\ntext\n');
console.log(`Capsule: ${FILES + 2} Gemtext files, ${(bytes / 1e6).toFixed(1)} MB, ${IMAGES} images, in ${dir} (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`Machine: ${loadavg()[0].toFixed(2)} load average, node ${process.version}`);

// ---- The peer: walk and read every file --------------------------------------------------------

async function readAll() {
	const files = [];
	const stack = [capsule];
	while (stack.length > 0) {
		const d = stack.pop();
		for (const e of readdirSync(d, { withFileTypes: true })) {
			if (e.isDirectory()) stack.push(join(d, e.name));
			else if (e.name.endsWith('.gmi')) files.push(join(d, e.name));
		}
	}
	let next = 0;
	let total = 0;
	const worker = async () => {
		while (next < files.length) total += (await readFile(files[next++])).length;
	};
	await Promise.all(Array.from({ length: 8 }, worker));
	return total;
}
await readAll(); // warm the page cache, as the server will find it
// The median of three: on a shared two-core machine one read varies from 550 to 870 ms.
const reads = [];
for (let i = 0; i < 3; i++) {
	const tRead = performance.now();
	await readAll();
	reads.push(performance.now() - tRead);
}
const readMs = [...reads].sort((a, b) => a - b)[1];
console.log(`Peer: walk + read every file: ${readMs.toFixed(0)} ms (median of ${reads.map((r) => r.toFixed(0)).join(', ')})`);

// ---- The server --------------------------------------------------------------------------------

const { child, connection } = startServer({ cwd: dir });
const cpuMs = () => {
	const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
const rssMb = () => {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
	return m ? Number(m[1]) / 1024 : 0;
};
let peakRss = 0;
/** The peak of the phase under way (index, check, incremental work), reset between phases. */
let phasePeak = 0;
const rssTimer = setInterval(() => {
	const rss = rssMb();
	peakRss = Math.max(peakRss, rss);
	phasePeak = Math.max(phasePeak, rss);
}, 20);
let settings = {};
connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings));
const progressEnded = new Map();
connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
	connection.onProgress(WorkDoneProgress.type, token, (v) => {
		if (v.kind === 'end') progressEnded.get('index')?.();
	});
	return null;
});
const logs = [];
connection.onNotification('window/logMessage', (p) => logs.push(p.message));
const published = [];
connection.onNotification('textDocument/publishDiagnostics', (p) => published.push({ uri: p.uri, at: performance.now(), count: p.diagnostics.length }));
connection.listen();

const uri = (path) => pathToFileURL(join(capsule, path)).toString();
await initialize(connection, capsule, { workDoneProgress: true, initialized: false });
const small = uri('small.gmi');
await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: small, languageId: 'gemtext', version: 1, text: readFileSync(join(capsule, 'small.gmi'), 'utf8') } });

/** Sends documentSymbol every PING_MS until `done` settles; returns the latencies. */
async function pingWhile(done) {
	const latencies = [];
	let finished = false;
	void done.then(() => (finished = true));
	while (!finished) {
		const t = performance.now();
		await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: small } });
		latencies.push(performance.now() - t);
		await new Promise((res) => setTimeout(res, PING_MS));
	}
	return latencies;
}
const stats = (l) => {
	const s = [...l].sort((a, b) => a - b);
	return s.length === 0 ? 'no requests' : `${s.length} requests, median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, p99 ${s[Math.floor(s.length * 0.99)].toFixed(1)} ms, max ${s.at(-1).toFixed(1)} ms`;
};

const indexDone = new Promise((res) => progressEnded.set('index', res));
const cpu0 = cpuMs();
const tIndex = performance.now();
await connection.sendNotification(InitializedNotification.type, {});
const indexLatencies = await pingWhile(indexDone);
const indexMs = performance.now() - tIndex;
const indexCpu = cpuMs() - cpu0;
const rssAfterIndex = rssMb();
const peakIndex = Math.max(phasePeak, rssAfterIndex);
phasePeak = 0;

const cpu1 = cpuMs();
const tCheck = performance.now();
const check = connection.sendRequest('gemtext/checkCapsule', {});
const checkLatencies = await pingWhile(check);
const result = await check;
const checkMs = performance.now() - tCheck;
const checkCpu = cpuMs() - cpu1;
const rssAfterCheck = rssMb();
const peakCheck = Math.max(phasePeak, rssAfterCheck);
phasePeak = 0;

// ---- Incremental work --------------------------------------------------------------------------

const edited = postPath(Math.floor(FILES / 2));
const editedUri = uri(edited);
const text = readFileSync(join(capsule, edited), 'utf8');
await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: editedUri, languageId: 'gemtext', version: 1, text } });
// The heading of the post that other posts link to most often.
const lines = text.split('\n');
const headingLines = lines.map((l, i) => (l.startsWith('## ') ? i : -1)).filter((i) => i >= 0);
let refs = [];
let refsMs = 0;
for (const line of headingLines) {
	const t = performance.now();
	const found = await connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: editedUri }, position: { line, character: 4 }, context: { includeDeclaration: false } });
	refsMs = Math.max(refsMs, performance.now() - t);
	if ((found?.length ?? 0) >= refs.length) refs = found ?? [];
}
const tRefs2 = performance.now();
const fileRefs = await connection.sendRequest('gemtext/findFileReferences', { uri: editedUri });
const fileRefsMs = performance.now() - tRefs2;
const tMove = performance.now();
const move = await connection.sendRequest('gemtext/getFileMoveEdits', { moves: [{ oldUri: editedUri, newUri: uri('moved/' + edited) }] });
const moveMs = performance.now() - tMove;
const movedFiles = move?.documentChanges?.length ?? Object.keys(move?.changes ?? {}).length;

const logsBefore = logs.length;
const tEdit = performance.now();
await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: editedUri, version: 2 }, contentChanges: [{ text: text.replace(/^## /gm, '## Renamed ') }] });
const editLog = await new Promise((res) => {
	const poll = setInterval(() => {
		const line = logs.slice(logsBefore).find((l) => l.includes('dependent(s) revalidated'));
		if (line) {
			clearInterval(poll);
			res(line);
		}
	}, 5);
});
const editMs = performance.now() - tEdit;

clearInterval(rssTimer);
await connection.sendRequest(ShutdownRequest.type);
await connection.sendNotification(ExitNotification.type);
connection.dispose();
if (!KEEP) rmSync(dir, { recursive: true, force: true });

// ---- Report ------------------------------------------------------------------------------------

const total = indexMs + checkMs;
const ratio = total / readMs;
const maxLatency = Math.max(...indexLatencies, ...checkLatencies);
const mark = (ok) => (ok ? 'ok' : 'MISSED');
console.log('');
console.log(`First index:          ${indexMs.toFixed(0)} ms wall, ${indexCpu.toFixed(0)} ms server CPU`);
console.log(`Check Capsule:        ${checkMs.toFixed(0)} ms wall, ${checkCpu.toFixed(0)} ms server CPU (${result.files} files, ${result.problems} problems in ${result.filesWithProblems} files)`);
console.log(`Index + validation:   ${total.toFixed(0)} ms = ${ratio.toFixed(2)}× the peer's read   [target ≤ ${TARGET_RATIO}×: ${mark(ratio <= TARGET_RATIO)}]`);
console.log(`Server memory (RSS):  ${rssAfterIndex.toFixed(0)} MB after index, ${rssAfterCheck.toFixed(0)} MB after check, peak ${peakRss.toFixed(0)} MB   [target ≤ ${TARGET_RSS_MB} MB: ${mark(peakRss <= TARGET_RSS_MB)}]`);
console.log(`  peak by phase:      ${peakIndex.toFixed(0)} MB index, ${peakCheck.toFixed(0)} MB check, ${phasePeak.toFixed(0)} MB edit, references and file moves`);
console.log(`documentSymbol during index:  ${stats(indexLatencies)}`);
console.log(`documentSymbol during check:  ${stats(checkLatencies)}   [target ≤ ${TARGET_LATENCY_MS} ms: ${mark(maxLatency <= TARGET_LATENCY_MS)}]`);
console.log(`Edit of one post (headings renamed): ${editLog.replace(/^.*Gemtext: /, '')} of ${FILES + 2} files, ${editMs.toFixed(0)} ms to find them (incl. 300 ms debounce)`);
console.log(`From the index, no file read: references of a heading ${refs.length} (slowest of ${headingLines.length} headings ${refsMs.toFixed(0)} ms); file references ${fileRefs.length} in ${fileRefsMs.toFixed(0)} ms; file-move edits in ${movedFiles} files in ${moveMs.toFixed(0)} ms`);
