/**
 * The long fuzz run (`npm run fuzz`): the properties of the unit suite's short run over a
 * million documents or more, split across worker threads. A third of the documents are
 * generated Gemtext, a third mutations of real documents (the project's fixtures, or a
 * corpus folder given with `--corpus`), a third generated Gemtexter templates.
 *
 *   node out/test/fuzz/longRun.js [--runs 1000000] [--seed N] [--workers 2] [--corpus DIR] [--path P]
 *
 * Each worker runs its share with seed `seed + worker`; a failure prints the document, the
 * broken invariants and the worker's seed and path. Replay it with
 * `--workers 1 --seed <worker's seed> --path <path>` (and the same `--corpus`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { gemtextDocument, mutatedDocument, templateDocument } from './arbitraries';
import { checkDocument, checkFormat, checkTemplate, fuzzService } from './properties';

/** Documents between two progress lines of a worker. */
const PROGRESS_EVERY = 50_000;

interface Job {
	readonly runs: number;
	readonly seed: number;
	readonly corpus?: string;
	/** fast-check's path of a failure, to replay it (with the failing worker's seed). */
	readonly path?: string;
}

/** `.gmi` and `.gmi.tpl` texts below `dir` (at most `limit`, each at most 256 KB). */
function readSeeds(dir: string, limit = 5000): string[] {
	const out: string[] = [];
	const walk = (d: string): void => {
		for (const name of readdirSync(d).sort()) {
			if (out.length >= limit) return;
			const path = join(d, name);
			const st = statSync(path);
			if (st.isDirectory()) walk(path);
			else if (st.isFile() && st.size <= 256 * 1024 && /\.(gmi|gemini)(\.tpl)?$/.test(name)) out.push(readFileSync(path, 'utf8'));
		}
	};
	walk(dir);
	return out;
}

async function runJob(job: Job): Promise<{ documents: number; failure?: string }> {
	const fixtures = resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
	const seeds = readSeeds(job.corpus ?? fixtures);
	const services = { gemini: fuzzService('gemini'), gemtexter: fuzzService('gemtexter'), auto: fuzzService('auto') };
	let documents = 0;
	const fail = (text: string, problems: readonly string[]): boolean => {
		if (problems.length) throw new Error(`${problems.slice(0, 5).join('\n')}\nin ${JSON.stringify(text.slice(0, 4000))}`);
		documents++;
		if (documents % PROGRESS_EVERY === 0) parentPort?.postMessage({ progress: PROGRESS_EVERY });
		return true;
	};
	const kinds = fc.oneof(
		gemtextDocument().map((text) => ({ kind: 'gmi' as const, text })),
		mutatedDocument(seeds).map((text) => ({ kind: 'mutated' as const, text })),
		templateDocument().map((text) => ({ kind: 'template' as const, text })),
	);
	let n = 0;
	const property = fc.asyncProperty(kinds, async ({ kind, text }) => {
		n++;
		if (kind === 'template') return fail(text, [...(await checkTemplate(services.gemtexter, text)), ...checkFormat(text, true)]);
		return fail(text, [...(await checkDocument(n % 2 ? services.gemini : kind === 'mutated' ? services.auto : services.gemtexter, text)), ...checkFormat(text)]);
	});
	const details = await fc.check(property, { seed: job.seed, numRuns: job.runs, path: job.path });
	for (const s of Object.values(services)) s.dispose();
	if (details.failed) {
		return { documents, failure: `${fc.defaultReportMessage(details)}\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}` };
	}
	return { documents };
}

function option(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const runs = Number(option('runs') ?? 1_000_000);
	const seed = Number(option('seed') ?? Date.now() % 2 ** 31);
	const workers = Math.max(1, Number(option('workers') ?? Math.min(2, availableParallelism())));
	const corpus = option('corpus');
	const path = option('path');
	console.log(`fuzz: ${runs} documents, seed ${seed}, ${workers} worker(s), seeds from ${corpus ?? 'test/fixtures'}`);
	const started = Date.now();
	let done = 0;
	const results = await Promise.all(
		Array.from({ length: workers }, (_, i) => {
			const job: Job = { runs: Math.ceil(runs / workers), seed: seed + i, corpus, path };
			return new Promise<{ documents: number; failure?: string }>((resolvePromise, reject) => {
				const worker = new Worker(__filename, { workerData: job });
				worker.on('message', (message: { progress?: number; documents?: number; failure?: string }) => {
					if (message.progress === undefined) {
						resolvePromise(message as { documents: number; failure?: string });
						return;
					}
					done += message.progress;
					console.log(`fuzz: ${done} documents, ${((Date.now() - started) / 1000).toFixed(0)} s`);
				});
				worker.once('error', reject);
			});
		}),
	);
	const documents = results.reduce((sum, r) => sum + r.documents, 0);
	const seconds = (Date.now() - started) / 1000;
	const failures = results.flatMap((r, i) => (r.failure ? [`worker ${i} (seed ${seed + i}):\n${r.failure}`] : []));
	console.log(`fuzz: ${documents} documents checked in ${seconds.toFixed(1)} s (${Math.round(documents / seconds)}/s), seed ${seed}, ${failures.length ? 'FAILED' : 'no invariant broken'}`);
	if (failures.length) {
		console.error(failures.join('\n\n'));
		process.exit(1);
	}
}

if (isMainThread) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
} else {
	runJob(workerData as Job).then(
		(result) => parentPort!.postMessage(result),
		(error: unknown) => parentPort!.postMessage({ documents: 0, failure: String(error) }),
	);
}
