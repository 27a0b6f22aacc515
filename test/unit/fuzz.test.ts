/**
 * The fuzz suite's short, seeded run (issue 8, "Fuzzing in CI"): generated Gemtext documents,
 * generated Gemtexter templates and mutations of the project's own fixtures, each checked
 * against the invariants of test/fuzz/properties.ts. `npm run fuzz` runs the same properties
 * over a million documents.
 *
 * Replay a failure: fast-check prints `seed` and `path`; run with
 * `GEMTEXT_FUZZ_SEED=<seed> GEMTEXT_FUZZ_PATH=<path> node --test out/test/unit/fuzz.test.js`.
 * `GEMTEXT_FUZZ_RUNS` changes the number of documents per property.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { gemtextDocument, mutatedDocument, templateDocument } from '../fuzz/arbitraries';
import { checkDiagnostics, checkDocument, checkFolding, checkFormat, checkHtml, checkOutline, checkParse, checkRender, checkTemplate, fuzzService, specLineTypes } from '../fuzz/properties';

const SEED = Number(process.env.GEMTEXT_FUZZ_SEED ?? 20261130);
const PATH = process.env.GEMTEXT_FUZZ_PATH;
const RUNS = Number(process.env.GEMTEXT_FUZZ_RUNS ?? 200);

/** fast-check's parameters for every property here: seeded, replayable, the seed in every failure. */
function params(runs = RUNS): fc.Parameters<unknown> {
	return { seed: SEED, path: PATH, numRuns: runs };
}

/** The project's own Gemtext fixtures (test/fixtures), the seeds of the mutations. */
function fixtureTexts(): string[] {
	const root = resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
	const out: string[] = [];
	const walk = (dir: string): void => {
		for (const name of readdirSync(dir).sort()) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (/\.gmi(\.tpl)?$/.test(name)) out.push(readFileSync(path, 'utf8'));
		}
	};
	walk(root);
	return out;
}

function report(text: string, problems: readonly string[]): boolean {
	if (problems.length > 0) {
		// fast-check shrinks, then throws with the seed and path; the problems say what broke.
		throw new Error(`${problems.slice(0, 5).join('\n')}\nin ${JSON.stringify(text.length > 2000 ? text.slice(0, 2000) + '…' : text)}`);
	}
	return true;
}

describe(`fuzz (seed ${SEED}, ${RUNS} runs a property)`, { timeout: 120_000 }, () => {
	it('parses generated documents into one spec type per protocol line', () => {
		fc.assert(fc.property(gemtextDocument(), (text) => report(text, checkParse(text))), params(RUNS * 3));
	});

	it('formats generated documents, mutated fixtures and templates idempotently and losslessly', () => {
		fc.assert(fc.property(gemtextDocument(), (text) => report(text, checkFormat(text))), params());
		fc.assert(fc.property(mutatedDocument(fixtureTexts()), (text) => report(text, checkFormat(text))), params());
		fc.assert(fc.property(templateDocument(), (text) => report(text, checkFormat(text, true))), params());
	});

	it('renders generated documents deterministically, inside the allow-lists, in both styles', () => {
		fc.assert(fc.property(gemtextDocument(), (text) => report(text, checkRender(text))), params());
	});

	for (const style of ['gemini', 'gemtexter'] as const) {
		it(`keeps every feature of generated documents inside the document (${style} style)`, async () => {
			const service = fuzzService(style);
			await fc.assert(fc.asyncProperty(gemtextDocument(), async (text) => report(text, await checkDocument(service, text))), params());
			service.dispose();
		});
	}

	it('keeps every feature of mutated fixtures inside the document', async () => {
		const seeds = fixtureTexts();
		assert.ok(seeds.length >= 10, `${seeds.length} fixtures`);
		const service = fuzzService('auto');
		await fc.assert(fc.asyncProperty(mutatedDocument(seeds), async (text) => report(text, await checkDocument(service, text))), params());
		service.dispose();
	});

	it('expands generated templates without running anything, every mapped result on the template', async () => {
		const service = fuzzService('gemtexter');
		await fc.assert(fc.asyncProperty(templateDocument(), async (text) => report(text, await checkTemplate(service, text))), params());
		service.dispose();
	});

	it('the checks catch what they claim to: broken invariants are reported', () => {
		const lines = ['# A', 'b'];
		const at = (line: number, character: number) => ({ line, character });
		assert.equal(checkDiagnostics(lines, [{ range: { start: at(0, 2), end: at(0, 4) }, severity: 'warning', code: 'x', message: 'm' }]).length, 1);
		assert.equal(checkDiagnostics(lines, [{ range: { start: at(1, 0), end: at(0, 1) }, severity: 'warning', code: 'x', message: 'm' }]).length, 1);
		assert.deepEqual(checkDiagnostics(lines, [{ range: { start: at(0, 0), end: at(1, 1) }, severity: 'warning', code: 'x', message: 'm' }]), []);
		const child = { name: 'c', level: 2 as const, range: { start: at(1, 0), end: at(1, 1) }, selectionRange: { start: at(1, 0), end: at(1, 1) }, children: [] };
		const parent = { name: 'p', level: 1 as const, range: { start: at(0, 0), end: at(0, 3) }, selectionRange: { start: at(0, 0), end: at(0, 3) }, children: [child] };
		assert.match(checkOutline(lines, [parent]).join(), /outside its parent/);
		assert.match(checkOutline(lines, [{ ...parent, level: 2, range: { start: at(0, 0), end: at(1, 1) } }]).join(), /under level/);
		assert.equal(checkFolding(lines, [{ startLine: 1, endLine: 1 }]).length, 1);
		assert.equal(checkFolding(lines, [{ startLine: 0, endLine: 2 }]).length, 1);
		assert.match(checkHtml('x', '<p><img src=a onerror=b></p>', { attributes: true }).join(), /attribute onerror/);
		assert.match(checkHtml('x', '<script>1</script>', { attributes: false }).join(), /element <script>/);
		assert.match(checkHtml('x', '<p>a<p>b</p>', { attributes: true, wellFormed: true }).join(), /not closed by its own end tag/);
		assert.match(checkHtml('x', '<p>a</p></li>', { attributes: true, wellFormed: true }).join(), /not well formed/);
		assert.deepEqual(checkHtml('x', '<p>a\u0000\ufffe</p><br>', { attributes: true, wellFormed: true }), []);
		assert.match(checkHtml('x', '<a href=" javascript:x">a</a>', { attributes: true }).join(), /scheme javascript/);
		assert.deepEqual(specLineTypes('\ufeff```\r# x\r\n```\n=>a\n* b\n*c\n>'), ['preToggle', 'preText', 'preToggle', 'link', 'list', 'text', 'quote']);
	});
});
