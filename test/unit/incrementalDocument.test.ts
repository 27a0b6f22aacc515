/**
 * The server's document store (issue 8, item 5): random edit sequences must leave exactly the
 * text that applying each edit to a fresh string leaves, with LSP's positions (UTF-16, `\n`,
 * `\r\n` and a lone `\r` as line breaks); the changes it reports must be true; and an
 * edit must cost about the same on a 4 MB document as on a small one.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument, type Position, type Range } from 'vscode-languageserver-textdocument';
import { IncrementalTextDocument, incrementalDocuments } from '../../server/src/incrementalDocument';
import { random, type Random } from './seededRandom';

/** Pieces that make line breaks of every kind, surrogate pairs and Gemtext markers likely. */
const PIECES = ['a', 'b', ' ', '\n', '\r\n', '\r', '\n\n', 'é', '😀', '```', '# ', '=> ', '* ', '> ', 'word ', '\t'];

function randomText(r: Random, maxPieces: number): string {
	let s = '';
	const n = r.int(maxPieces + 1);
	for (let i = 0; i < n; i++) s += r.pick(PIECES);
	return s;
}

/** A position in `reference`, sometimes past a line's end or past the last line (as clients may send). */
function randomPosition(r: Random, reference: TextDocument): Position {
	const line = r.next() < 0.05 ? reference.lineCount + r.int(3) : r.int(reference.lineCount);
	const lineText = reference.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
	const character = r.next() < 0.1 ? lineText.length + r.int(5) : r.int(lineText.length + 1);
	return { line, character };
}

/** What an edit does, computed on a fresh document of the whole text (no incremental bookkeeping). */
function applyNaively(text: string, range: Range, insert: string): string {
	const fresh = TextDocument.create('file:///ref.gmi', 'gemtext', 0, text);
	let start = fresh.offsetAt(range.start);
	let end = fresh.offsetAt(range.end);
	if (start > end) [start, end] = [end, start];
	return text.slice(0, start) + insert + text.slice(end);
}

function assertSame(doc: IncrementalTextDocument, text: string, r: Random, context: string): void {
	assert.equal(doc.getText(), text, context);
	const reference = TextDocument.create('file:///ref.gmi', 'gemtext', 0, text);
	assert.equal(doc.lineCount, reference.lineCount, `${context}: lineCount`);
	for (let k = 0; k < 5; k++) {
		const offset = r.int(text.length + 3) - 1;
		assert.deepEqual(doc.positionAt(offset), reference.positionAt(offset), `${context}: positionAt(${offset})`);
		const position = randomPosition(r, reference);
		assert.equal(doc.offsetAt(position), reference.offsetAt(position), `${context}: offsetAt(${JSON.stringify(position)})`);
		const range = { start: randomPosition(r, reference), end: randomPosition(r, reference) };
		if (reference.offsetAt(range.start) <= reference.offsetAt(range.end)) {
			assert.equal(doc.getText(range), reference.getText(range), `${context}: getText(${JSON.stringify(range)})`);
		}
	}
}

describe('IncrementalTextDocument', () => {
	it('equals applying each edit to a fresh string, over random edit sequences (small and chunked documents)', () => {
		for (let seed = 1; seed <= 60; seed++) {
			const r = random(seed);
			// Every third document is large enough for many chunks, with edits crossing their boundaries.
			let text = seed % 3 === 0 ? randomText(r, 30000) : randomText(r, 40);
			const doc = new IncrementalTextDocument('file:///a.gmi', 'gemtext', 1, text);
			for (let step = 0; step < 150; step++) {
				const changes = [];
				// Bursts: several changes in one notification, several notifications between reads.
				for (let c = 1 + r.int(3); c > 0; c--) {
					// Each change is relative to the text the previous one left.
					const reference = TextDocument.create('file:///ref.gmi', 'gemtext', 0, text);
					const big = r.next() < 0.05;
					const start = randomPosition(r, reference);
					const end = big ? randomPosition(r, reference) : r.next() < 0.5 ? start : { line: start.line + r.int(2), character: r.int(6) };
					const insert = big ? randomText(r, 3000) : randomText(r, 3);
					changes.push({ range: { start, end }, text: insert });
					text = applyNaively(text, { start, end }, insert);
				}
				if (r.next() < 0.02) {
					text = randomText(r, 50);
					changes.push({ text });
				}
				incrementalDocuments.update(doc, changes, step + 2);
				if (r.next() < 0.3 || step === 149) {
					assertSame(doc, text, r, `seed ${seed}, step ${step}`);
				}
			}
		}
	});

	it('keeps \\r\\n whole however edits split and join it', () => {
		const doc = new IncrementalTextDocument('file:///a.gmi', 'gemtext', 1, 'a\rb');
		assert.equal(doc.lineCount, 2);
		// A \n typed right after the lone \r joins them into one line break.
		doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }], 2);
		assert.equal(doc.getText(), 'a\r\nb');
		assert.equal(doc.lineCount, 2, 'one break');
		assert.deepEqual(doc.positionAt(3), { line: 1, character: 0 });
		assert.deepEqual(doc.positionAt(2), { line: 0, character: 1 }, 'between \\r and \\n: the end of line 0');
		// Deleting the \r splits nothing: a\nb; deleting the \n again leaves a lone \r break.
		doc.update([{ range: { start: { line: 0, character: 1 }, end: { line: 1, character: 0 } }, text: '\r' }], 3);
		assert.equal(doc.getText(), 'a\rb');
		assert.equal(doc.lineCount, 2);
		assert.equal(doc.offsetAt({ line: 0, character: 9 }), 1, 'past the end of line 0: before its break');
	});

	it('keeps \\r\\n whole where a long text is cut into chunks', () => {
		for (const at of [8190, 8191, 8192, 16383, 16384]) {
			const text = 'x'.repeat(at) + '\r\n' + 'y'.repeat(20000) + '\r\r\n';
			const doc = new IncrementalTextDocument('file:///a.gmi', 'gemtext', 1, text);
			assert.equal(doc.lineCount, 4, `a break at ${at}`);
			assert.equal(doc.offsetAt({ line: 1, character: 0 }), at + 2);
			// Typing around the break keeps it one break.
			doc.update([{ range: { start: { line: 0, character: at }, end: { line: 0, character: at } }, text: 'z' }], 2);
			doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }], 3);
			assert.equal(doc.getText(), 'x'.repeat(at) + 'z\r\n\n' + 'y'.repeat(20000) + '\r\r\n');
			assert.equal(doc.lineCount, 5);
			assert.equal(doc.offsetAt({ line: 2, character: 0 }), at + 4);
		}
	});

	it('reports what changed since any remembered version: the text between the changes is the same', () => {
		const r = random(7);
		let text = randomText(r, 3000);
		const doc = new IncrementalTextDocument('file:///a.gmi', 'gemtext', 10, text);
		const history = new Map<number, string>([[10, text]]);
		for (let version = 11; version < 300; version++) {
			const changes = [];
			for (let c = 1 + r.int(3); c > 0; c--) {
				const reference = TextDocument.create('file:///ref.gmi', 'gemtext', 0, text);
				const start = randomPosition(r, reference);
				// Mostly typing (a few characters at a place), sometimes a long selection replaced.
				const range = { start, end: r.next() < 0.05 ? randomPosition(r, reference) : { line: start.line, character: start.character + r.int(3) } };
				const insert = randomText(r, 4);
				text = applyNaively(text, range, insert);
				changes.push({ range, text: insert });
			}
			doc.update(changes, version);
			history.set(version, text);
		}
		assert.equal(doc.getText(), text);
		let scattered = 0;
		for (const [version, old] of history) {
			const changes = doc.changesSince(version);
			assert.ok(changes, `changes since ${version}`);
			let oldEnd = 0;
			let newEnd = 0;
			for (const c of changes) {
				assert.ok(c.oldStart >= oldEnd && c.oldEnd >= c.oldStart && c.newStart >= newEnd && c.newEnd >= c.newStart, `sorted and disjoint since ${version}`);
				assert.equal(old.slice(oldEnd, c.oldStart), text.slice(newEnd, c.newStart), `unchanged before a change since ${version}`);
				assert.equal(old.slice(c.oldStart, c.oldEnd).length, c.oldEnd - c.oldStart);
				oldEnd = c.oldEnd;
				newEnd = c.newEnd;
			}
			assert.equal(old.slice(oldEnd), text.slice(newEnd), `unchanged after the last change since ${version}`);
			if (changes.length > 1) scattered++;
		}
		assert.ok(scattered > 10, 'edits far apart are reported apart');
		assert.deepEqual(doc.changesSince(299), []);
		assert.equal(doc.changesSince(5), undefined, 'a version it never had');
		assert.equal(doc.changesSince(10.5), undefined);
	});

	it('costs about the same per edit on a 4 MB document as on a 40 KB one (the library: ~100× more)', () => {
		const line = '=> gemini://example.org/page.gmi A page of the capsule\r\n';
		const cost = (size: number): number => {
			const doc = incrementalDocuments.create('file:///big.gmi', 'gemtext', 1, line.repeat(Math.ceil(size / line.length)));
			const middle = Math.floor(doc.lineCount / 2);
			let best = Infinity;
			for (let run = 0; run < 5; run++) {
				const t0 = process.cpuUsage();
				for (let i = 0; i < 300; i++) {
					const at = { line: middle + (i % 7), character: 3 };
					incrementalDocuments.update(doc, [{ range: { start: at, end: at }, text: 'x' }], doc.version + 1);
				}
				const used = process.cpuUsage(t0);
				best = Math.min(best, used.user + used.system);
			}
			return Math.max(best, 1);
		};
		cost(40_000); // warm up
		const small = cost(40_000);
		const big = cost(4_000_000);
		assert.ok(big / small < 10, `an edit on 4 MB costs ${(big / small).toFixed(1)}× one on 40 KB (${big} µs vs ${small} µs per 300 edits)`);
	});
});
