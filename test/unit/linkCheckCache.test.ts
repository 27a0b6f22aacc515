/**
 * What one pass of link checks asks of the file system: each folder listed once, each
 * missing target stat'ed once, however many links name it; and nothing more once cancelled.
 * Also the time slicer and sliced syntax checks the facade uses on large documents.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLinkDiagnostics, LinkCheckBatch } from '../../server/src/service/diagnostics/links';
import { getSyntaxDiagnostics } from '../../server/src/service/diagnostics/syntax';
import { parseGemtext } from '../../server/src/service/parser';
import { TimeSlicer } from '../../server/src/service/schedule';
import { defaultSettings } from '../../server/src/service/workspace';
import { uriOf } from './memoryFileSystem';
import { createTestEnv, settingsWith } from './linkTestEnv';

const FILES = { '/ws/index.gmi': '# Home\n', '/ws/a.gmi': '# A\n', '/ws/sub/b.gmi': '# B\n' };

function count(calls: readonly string[], prefix: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const c of calls.filter((c) => c.startsWith(prefix))) counts.set(c, (counts.get(c) ?? 0) + 1);
	return counts;
}

describe('link check caches', () => {
	it('lists each folder and stats each missing target once per pass, and still reports every link', async () => {
		const env = createTestEnv(FILES);
		const text = [
			...Array.from({ length: 300 }, () => '=> missing.gmi'),
			...Array.from({ length: 300 }, () => '=> sub/b.gmi'),
			...Array.from({ length: 300 }, () => '=> ./missing.gmi#x'),
			'=> /missing.gmi',
		].join('\n');
		const diags = await getLinkDiagnostics(parseGemtext(text), uriOf('/ws/index.gmi'), settingsWith(), env);

		assert.equal(diags.filter((d) => d.code === 'link.missing-file').length, 601);
		assert.deepEqual(diags.map((d) => d.range.start.line).slice(0, 3), [0, 1, 2], 'sorted by line');
		const stats = count(env.fs.calls, 'stat ');
		assert.ok(stats.size > 0 && [...stats.values()].every((n) => n === 1), `each stat once: ${JSON.stringify([...stats])}`);
		const listings = count(env.fs.calls, 'readDirectory ');
		assert.ok([...listings.values()].every((n) => n === 1), `each listing once: ${JSON.stringify([...listings])}`);
	});

	it('in a pass, reads a #fragment target once (1,500 targets, each linked from two pages), and not at all when the index has its headings', async () => {
		const targets = 1500;
		const files: Record<string, string> = {};
		for (let i = 0; i < targets; i++) files[`/ws/t/${i}.gmi`] = `# Title ${i}\n## Part\n`;
		const pages = [0, 1].map((p) => Array.from({ length: targets }, (_, i) => `=> t/${i}.gmi#${(i + p) % 7 === 0 ? 'nope' : 'part'}`).join('\n'));
		const run = async (env: ReturnType<typeof createTestEnv>): Promise<number[]> => {
			const batch = new LinkCheckBatch(env.fileSystem);
			const found: number[] = [];
			for (const [p, text] of pages.entries()) {
				const diags = await getLinkDiagnostics(parseGemtext(text), uriOf(`/ws/page${p}.gmi`), settingsWith(), { ...env, batch });
				found.push(diags.filter((d) => d.code === 'link.missing-heading-in-file').length);
			}
			return found;
		};
		const expected = [0, 1].map((p) => Array.from({ length: targets }, (_, i) => (i + p) % 7 === 0).filter(Boolean).length);

		const reading = createTestEnv(files);
		assert.deepEqual(await run(reading), expected);
		const reads = count(reading.fs.calls, 'readFile ');
		assert.equal(reads.size, targets);
		assert.ok([...reads.values()].every((n) => n === 1), 'each target read once, though more targets than the index-backed cache holds');

		const names = (uri: string): readonly string[] | undefined => (/\/t\/\d+\.gmi$/.test(uri) ? [`Title ${uri.match(/(\d+)\.gmi$/)![1]}`, 'Part'] : undefined);
		const indexed = { ...createTestEnv(files), getHeadingStyle: async () => 'gemini' as const, getIndexedHeadingNames: names };
		assert.deepEqual(await run(indexed), expected);
		assert.equal(count(indexed.fs.calls, 'readFile ').size, 0);
	});

	it('in a pass, gives each folder the lookup of its own anchor, and lists each folder once', async () => {
		// `img/a.png` from /ws spells a folder of the link's own: its case is checked (case mismatch);
		// `a.png` from /ws/img (a folder only the open document is in) names the same resource but
		// spells only the file, so no listing above it applies (missing).
		const files = { '/ws/Img/a.png': '', '/ws/Img/b.png': '', '/ws/sub/c.gmi': '' };
		const pages: [string, string][] = [
			['/ws/index.gmi', '=> img/a.png\n=> Img/a.png\n=> sub/c.gmi\n=> /sub/c.gmi'],
			['/ws/img/x.gmi', '=> a.png\n=> b.png\n=> ../sub/c.gmi'],
			['/ws/sub/y.gmi', '=> ../img/a.png\n=> c.gmi\n=> /Img/a.png\n=> /img/b.png'],
		];
		const check = async (order: readonly [string, string][], batch: LinkCheckBatch | undefined, env: ReturnType<typeof createTestEnv>): Promise<string[]> => {
			const out: string[] = [];
			for (const [path, text] of order) {
				const diags = await getLinkDiagnostics(parseGemtext(text), uriOf(path), settingsWith(), batch ? { ...env, batch } : env);
				out.push(`${path}: ${diags.map((d) => `${d.range.start.line} ${d.code}`).join(', ')}`);
			}
			return out.sort();
		};
		const alone = await check(pages, undefined, createTestEnv(files));
		assert.deepEqual(alone, [
			'/ws/img/x.gmi: 0 link.missing-file, 1 link.missing-file',
			'/ws/index.gmi: 0 link.case-mismatch',
			'/ws/sub/y.gmi: 0 link.case-mismatch, 3 link.case-mismatch',
		]);
		for (const order of [pages, [...pages].reverse(), [pages[1], pages[0], pages[2]]]) {
			const env = createTestEnv(files);
			const batch = new LinkCheckBatch(env.fileSystem);
			assert.deepEqual(await check(order, batch, env), alone);
			// Once per pass: the second document linking sub/c.gmi from /ws lists nothing again.
			assert.ok([...count(env.fs.calls, 'readDirectory ').values()].every((n) => n === 1));
		}
	});

	it('stops asking the file system once the token is cancelled', async () => {
		const env = createTestEnv(FILES);
		const text = Array.from({ length: 2000 }, (_, i) => `=> gone/${i}.gmi`).join('\n');
		const token = {
			get isCancellationRequested() {
				return env.fs.calls.length > 0;
			},
		};
		await getLinkDiagnostics(parseGemtext(text), uriOf('/ws/index.gmi'), settingsWith(), env, token);
		const stats = env.fs.calls.filter((c) => c.startsWith('stat ')).length;
		assert.ok(stats < 2000 / 4, `the first batch only, not all 2000 links: ${stats} stats`);
	});
});

describe('TimeSlicer', () => {
	it('yields through the injected hook once a slice is used up, and not before', async () => {
		let yields = 0;
		const yieldNow = async (): Promise<void> => {
			yields++;
		};
		const always = new TimeSlicer(yieldNow, 0);
		await always.pause();
		await always.pause();
		assert.equal(yields, 2);
		const never = new TimeSlicer(yieldNow, Number.POSITIVE_INFINITY);
		await never.pause();
		assert.equal(yields, 2);
	});

	it('gives loops that share it one yield and one new slice, not one each', async () => {
		let yields = 0;
		let release!: () => void;
		const yieldNow = (): Promise<void> => {
			yields++;
			return new Promise((resolve) => (release = resolve));
		};
		// Eight loops of one pass reach their pause while the slice is used up.
		const slicer = new TimeSlicer(yieldNow, 0);
		const loops = Promise.all(Array.from({ length: 8 }, () => slicer.pause()));
		assert.equal(yields, 1, 'one yield for all eight');
		release();
		await loops;
		assert.equal(yields, 1);
		const later = slicer.pause();
		assert.equal(yields, 2, 'a later pause yields again');
		release();
		await later;
	});
});

describe('sliced syntax diagnostics', () => {
	it('equal one whole pass when the slices are concatenated in order', () => {
		const text = ['# T', ' # indented', '**bold**', '=>', '#### deep', '- item', '```', 'in block', '=>', ...Array.from({ length: 50 }, (_, i) => (i % 3 ? `[x](y${i})` : `* _it_ ${i}`)), '```closes', '```opens, never closed', 'tail'].join('\n');
		const doc = parseGemtext(text);
		const whole = getSyntaxDiagnostics(doc, defaultSettings.validate);
		for (const step of [1, 2, 7, 1000]) {
			const sliced = [];
			for (let from = 0; from < doc.lines.length; from += step) {
				sliced.push(...getSyntaxDiagnostics(doc, defaultSettings.validate, { from, to: from + step }));
			}
			assert.deepEqual(sliced, whole, `step ${step}`);
		}
		assert.ok(whole.some((d) => d.code === 'syntax.unclosed-preformat'));
	});
});
