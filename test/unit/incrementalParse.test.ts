/**
 * Incremental re-parsing (issue 8, item 5): after any sequence of edits, the document the
 * service re-parses from the previous one and the changes must equal a full parse of the
 * new text, line by line, including edits that open or close ``` blocks (which change every
 * later line's type), CR/LF joins and splits, and a byte order mark; and re-parsing after a
 * one-character edit must cost a small fraction of a full parse.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { GemDocument, TextChange } from '../../server/src/service/document';
import { parseGemtext, reparseGemtext } from '../../server/src/service/parser';
import { createGemtextService } from '../../server/src/service';
import { defaultSettings } from '../../server/src/service/workspace';
import { IncrementalTextDocument } from '../../server/src/incrementalDocument';
import { MemoryFileSystem } from './memoryFileSystem';
import { random, type Random } from './seededRandom';

const PIECES = ['a', ' ', '\n', '\n', '\r\n', '\r', '```', '```x\n', '# ', '## ', '### ', '=> ', '=>', '* ', '*', '> ', '\t', 'url', ' label', '\ufeff', '`', '#', '=', '😀'];

function text_(r: Random, pieces: number): string {
	let s = '';
	const n = r.int(pieces + 1);
	for (let i = 0; i < n; i++) s += r.pick(PIECES);
	return s;
}

/** Everything a feature can read of a parsed document, as plain data. */
function shape(doc: GemDocument): unknown {
	// Single lines first: a re-parsed document answers them without building `lines`.
	const probes = [0, doc.lineCount >> 1, doc.lineCount - 2, doc.lineCount - 1, doc.lineCount].map((i) => {
		const l = doc.lineAt(i);
		return l && [l.line, l.type, l.start, l.end, l.contentStart];
	});
	return {
		probes,
		text: doc.text,
		hasBom: doc.hasBom,
		lineCount: doc.lineCount,
		lines: doc.lines.map((l) => [l.line, l.type, l.start, l.end, l.contentStart, l.urlEnd, l.labelStart, l.level, l.opening, l.markerStart, l.url, l.label, l.alt, l.hasCR]),
		headings: doc.headings.map((l) => l.line),
		links: doc.links.map((l) => l.line),
		blocks: doc.blocks,
	};
}

/** Random edits of `old` at one to four places (as several cursors or a Replace All make them). */
function edit(r: Random, old: string): { text: string; changes: TextChange[] } {
	const places = r.next() < 0.6 ? 1 : 2 + r.int(3);
	const cuts = Array.from({ length: places * 2 }, () => r.int(old.length + 1)).sort((a, b) => a - b);
	const changes: TextChange[] = [];
	let text = '';
	let at = 0;
	for (let i = 0; i < places; i++) {
		const from = cuts[2 * i];
		const to = r.next() < 0.4 ? from : Math.min(cuts[2 * i + 1], from + (r.next() < 0.1 ? 400 : 6));
		const insert = r.next() < 0.3 ? '' : text_(r, r.next() < 0.1 ? 60 : 3);
		text += old.slice(at, from);
		changes.push({ oldStart: from, oldEnd: to, newStart: text.length, newEnd: text.length + insert.length });
		text += insert;
		at = to;
	}
	return { text: text + old.slice(at), changes };
}

describe('reparseGemtext', () => {
	it('equals a full parse after every edit of random edit sequences, chained', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const r = random(seed);
			let current = text_(r, seed % 10 === 0 ? 2000 : 60);
			let doc = parseGemtext(current);
			for (let step = 0; step < 40; step++) {
				const next = edit(r, current);
				const incremental = reparseGemtext(doc, next.text, next.changes);
				assert.deepEqual(shape(incremental), shape(parseGemtext(next.text)), `seed ${seed}, step ${step}: ${JSON.stringify(next.changes)} of ${JSON.stringify(current)}`);
				// Read only the headings sometimes before the lines: they must stay the same objects as in `lines`.
				if (r.next() < 0.5) {
					const headings = incremental.headings;
					assert.ok(headings.every((h) => incremental.lines[h.line] === h));
				}
				current = next.text;
				doc = incremental;
			}
		}
	});

	it('opens and closes a ``` block: every later line changes type', () => {
		const body = '# Title\n=> a.gmi A\n* item\n> quote\ntext\n## End\n';
		const doc = parseGemtext(body + body);
		const opened = '```\n' + body + body;
		const afterOpen = reparseGemtext(doc, opened, [{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 4 }]);
		assert.deepEqual(shape(afterOpen), shape(parseGemtext(opened)));
		assert.deepEqual(afterOpen.headings, [], 'all headings are preformatted now');
		assert.deepEqual(afterOpen.blocks, [{ openLine: 0, closeLine: -1, alt: '' }]);
		const closed = reparseGemtext(afterOpen, body + body, [{ oldStart: 0, oldEnd: 4, newStart: 0, newEnd: 0 }]);
		assert.deepEqual(shape(closed), shape(doc));
		// Typing the third backtick of a toggle in the middle.
		const half = body + '``\n' + body;
		const toggled = reparseGemtext(parseGemtext(half), body + '```\n' + body, [{ oldStart: body.length + 2, oldEnd: body.length + 2, newStart: body.length + 2, newEnd: body.length + 3 }]);
		assert.deepEqual(shape(toggled), shape(parseGemtext(body + '```\n' + body)));
	});

	it('joins and splits \\r\\n, and adds or removes a byte order mark', () => {
		const cases: [string, TextChange[], string][] = [
			['# a\r=> b\n', [{ oldStart: 4, oldEnd: 4, newStart: 4, newEnd: 5 }], '# a\r\n=> b\n'],
			['# a\r\n=> b\n', [{ oldStart: 4, oldEnd: 5, newStart: 4, newEnd: 4 }], '# a\r=> b\n'],
			['# a\r\n=> b\n', [{ oldStart: 3, oldEnd: 4, newStart: 3, newEnd: 3 }], '# a\n=> b\n'],
			['# a\n', [{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 1 }], '\ufeff# a\n'],
			['\ufeff# a\n', [{ oldStart: 0, oldEnd: 1, newStart: 0, newEnd: 0 }], '# a\n'],
			['x\n\ufeff# a\n', [{ oldStart: 0, oldEnd: 2, newStart: 0, newEnd: 0 }], '\ufeff# a\n'],
		];
		for (const [before, changes, after] of cases) {
			assert.deepEqual(shape(reparseGemtext(parseGemtext(before), after, changes)), shape(parseGemtext(after)), JSON.stringify(after));
		}
	});

	it('falls back to a full parse when the changes do not fit the texts', () => {
		const doc = parseGemtext('# a\n');
		assert.deepEqual(shape(reparseGemtext(doc, '# b\n## c\n', [{ oldStart: 2, oldEnd: 3, newStart: 2, newEnd: 3 }])), shape(parseGemtext('# b\n## c\n')));
	});

	it('re-parses a one-character edit of a 4 MB document in under a third of a full parse', () => {
		const section = '## Section\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n=> gemini://example.org/a.gmi A link\n* item\n\n';
		let big = section.repeat(Math.ceil(4_000_000 / section.length));
		let doc = parseGemtext(big);
		let full = Infinity;
		let incremental = Infinity;
		for (let run = 0; run < 5; run++) {
			let t0 = process.cpuUsage();
			assert.ok(parseGemtext(big).lines.length > 0);
			let used = process.cpuUsage(t0);
			full = Math.min(full, used.user + used.system);
			// The next text, flat (as the document store's joined text is), with one character typed mid-document.
			const at = big.length >> 1;
			const next = big.slice(0, at) + 'x' + big.slice(at);
			assert.equal(next.charCodeAt(at), 120);
			t0 = process.cpuUsage();
			doc = reparseGemtext(doc, next, [{ oldStart: at, oldEnd: at, newStart: at, newEnd: at + 1 }]);
			assert.ok(doc.links.length > 0);
			used = process.cpuUsage(t0);
			incremental = Math.min(incremental, used.user + used.system);
			big = next;
		}
		incremental = Math.max(incremental, 1);
		assert.ok(full / incremental > 3, `a re-parse costs ${((incremental / full) * 100).toFixed(0)}% of a full parse (${incremental} µs vs ${full} µs)`);
		assert.deepEqual(shape(doc), shape(parseGemtext(big)));
	});
});

describe('the service with documents that report their changes', () => {
	it('re-parses from the previous version and gets the same outline as a full parse', async () => {
		const service = createGemtextService({ fileSystem: new MemoryFileSystem({}), logger: { log() {} }, getSettings: () => defaultSettings });
		const r = random(99);
		let current = '# Top\n' + text_(r, 500);
		const document = new IncrementalTextDocument('file:///w/a.gmi', 'gemtext', 1, current);
		const asked: number[] = [];
		const snapshot = {
			uri: document.uri,
			get version() {
				return document.version;
			},
			getText: () => document.getText(),
			changesSince: (version: number) => {
				asked.push(version);
				return document.changesSince(version);
			},
		};
		service.parse(snapshot);
		for (let version = 2; version < 60; version++) {
			// Offsets between \r and \n are no positions in LSP: edit elsewhere.
			const inBreak = (offset: number): boolean => current.charCodeAt(offset - 1) === 13 && current.charCodeAt(offset) === 10;
			// One change per update here, applied through LSP positions.
			const pick = (): { text: string; from: number; to: number; insert: string } => {
				const from = r.int(current.length + 1);
				const to = r.next() < 0.5 ? from : Math.min(current.length, from + r.int(5));
				const insert = r.next() < 0.3 ? '' : text_(r, 3);
				return { text: current.slice(0, from) + insert + current.slice(to), from, to, insert };
			};
			let next = pick();
			while (inBreak(next.from) || inBreak(next.to)) {
				next = pick();
			}
			const start = document.positionAt(next.from);
			const end = document.positionAt(next.to);
			document.update([{ range: { start, end }, text: next.insert }], version);
			current = next.text;
			assert.equal(document.getText(), current);
			if (version % 3 === 0) {
				assert.deepEqual(shape(service.parse(snapshot)), shape(parseGemtext(current)), `version ${version}`);
				assert.equal(asked[asked.length - 1], version === 3 ? 1 : version - 3, 'asked for the changes since the version parsed last');
			}
		}
	});
});
