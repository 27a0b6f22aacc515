import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Range } from '../../server/src/service/document';
import { formatGemtext, type FormatOptions } from '../../server/src/service/format';
import { parseGemtext } from '../../server/src/service/parser';
import { applyEdits } from './applyEdits';

const GEMINI: FormatOptions = { maxBlankLines: 2, style: 'gemini' };

function format(text: string, options: Partial<FormatOptions> = {}): string {
	return applyEdits(text, formatGemtext(parseGemtext(text), { ...GEMINI, ...options }));
}

describe('formatGemtext: rules', () => {
	it('puts one space after => and between URL and label', () => {
		assert.equal(format('=>a.gmi\n'), '=> a.gmi\n');
		assert.equal(format('=>\ta.gmi\tAbout  me\n'), '=> a.gmi About  me\n');
		assert.equal(format('=>   a.gmi    About\n'), '=> a.gmi About\n');
		assert.equal(format('=> a.gmi About\n'), '=> a.gmi About\n');
	});

	it('leaves a bare => alone and keeps the URL and label text', () => {
		assert.equal(format('=>\n'), '=>\n');
		assert.equal(format('=>gemini://x.org/a%20b?q=1\tLabel\twith\ttabs\n'), '=> gemini://x.org/a%20b?q=1 Label\twith\ttabs\n');
	});

	it('puts a space after heading and quote markers, a tab becoming the space', () => {
		assert.equal(format('#Title\n##Sub\n###Third\n'), '# Title\n## Sub\n### Third\n');
		assert.equal(format('#\tTitle\n>\tquoted\n>x\n'), '# Title\n> quoted\n> x\n');
	});

	it('leaves ####x, a marker alone and list-like text alone', () => {
		assert.equal(format('####x\n#\n>\n*x\n'), '####x\n#\n>\n*x\n');
	});

	it('removes trailing whitespace outside preformatted blocks only', () => {
		assert.equal(format('text  \n* item\t\n```  \n  code  \n```\t\n'), 'text\n* item\n```\n  code  \n```\n');
	});

	it('caps runs of blank lines at the setting', () => {
		assert.equal(format('a\n\n\n\n\nb\n'), 'a\n\n\nb\n');
		assert.equal(format('a\n\n\n\n\nb\n', { maxBlankLines: 1 }), 'a\n\nb\n');
		assert.equal(format('a\n \n\t\n  \nb\n', { maxBlankLines: 1 }), 'a\n\nb\n');
	});

	it('never collapses blank lines inside a preformatted block, closed or not', () => {
		const text = '```\n\n\n\n\n```\n```\n\n\n\n';
		assert.equal(format(text, { maxBlankLines: 1 }), text);
	});

	it('adds a final line break in the document\'s own style, not to an empty document', () => {
		assert.equal(format('# A'), '# A\n');
		assert.equal(format('# A\r\nb'), '# A\r\nb\r\n');
		assert.equal(format(''), '');
		assert.equal(format('x  '), 'x\n');
	});

	it('trims every final blank line only when asked (files.trimFinalNewlines)', () => {
		assert.equal(format('a\n\n\n'), 'a\n\n\n');
		assert.equal(format('a\n\n\n', { trimFinalNewlines: true }), 'a\n');
		assert.equal(format('```\na\n\n\n', { trimFinalNewlines: true }), '```\na\n\n\n');
	});

	it('writes the eol it is given', () => {
		assert.equal(format('a\r\nb\nc', { eol: '\n' }), 'a\nb\nc\n');
		assert.equal(format('a\nb\n', { eol: '\r\n' }), 'a\r\nb\r\n');
		assert.equal(format('a\n\n\n\nb\n', { eol: '\r\n', maxBlankLines: 1 }), 'a\r\n\r\nb\r\n');
	});

	it('keeps the trailing spaces of a Gemtexter heading, which are part of its id', () => {
		assert.equal(format('# Preamble \n', { style: 'gemtexter' }), '# Preamble \n');
		assert.equal(format('# Preamble \n', { style: 'gemini' }), '# Preamble\n');
		// A tab is not part of a Gemtexter id: it goes.
		assert.equal(format('# Preamble\t\n', { style: 'gemtexter' }), '# Preamble\n');
	});

	it('keeps the space of an empty Gemtexter heading, without which it is no heading (and stays idempotent)', () => {
		assert.equal(format('# \n', { style: 'gemtexter' }), '# \n');
		assert.equal(format('# \n', { style: 'gemini' }), '#\n');
		// Found by the fuzz long run: the empty heading kept, `#{` is never formatted into its id's owner.
		const once = format('#{\n# \n<<<', { style: 'gemtexter' });
		assert.equal(format(once, { style: 'gemtexter' }), once);
	});

	it('does not make #x a Gemtexter heading whose id would take over a later heading\'s links', () => {
		assert.equal(format('#Intro\n# Intro\n', { style: 'gemtexter' }), '#Intro\n# Intro\n');
		assert.equal(format('# Intro\n#Intro\n', { style: 'gemtexter' }), '# Intro\n# Intro\n');
		assert.equal(format('#Intro\n# Intro\n', { style: 'gemini' }), '# Intro\n# Intro\n');
	});

	it('makes minimal edits: one per change, never the whole document', () => {
		const edits = formatGemtext(parseGemtext('# A\n=>b.gmi B\ntext \n'), GEMINI);
		assert.deepEqual(edits, [
			{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } }, newText: ' ' },
			{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 5 } }, newText: '' },
		]);
		assert.deepEqual(formatGemtext(parseGemtext('# A\n=> b.gmi B\n'), GEMINI), []);
	});

	it('formats a large document where every line changes (no recursion, no quadratic scan)', () => {
		const text = '#x  \r\n\r\n\r\n\r\n'.repeat(50_000);
		const out = format(text, { eol: '\n', maxBlankLines: 1 });
		assert.equal(out, '# x\n\n'.repeat(50_000));
	});

	it('formats only the lines of a range', () => {
		const text = '#a \n#b \n#c \n';
		const range: Range = { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } };
		assert.equal(format(text, { range }), '#a \n# b\n#c \n');
	});
});

describe('formatGemtext: templates', () => {
	const TEMPLATE: Partial<FormatOptions> = { template: true };

	it('formats printed lines and never template code', () => {
		const text = '#Title  \n<< echo  "x"  \n<<<\n  #y  \n\n\n\n>>>\n=>a.gmi\tA\n';
		assert.equal(format(text, TEMPLATE), '# Title\n<< echo  "x"  \n<<<\n  #y  \n\n\n\n>>>\n=> a.gmi A\n');
	});

	it('keeps a trailing space that stops echo from reading the line as an option', () => {
		assert.equal(format('-n \n-e \nx \n', TEMPLATE), '-n \n-e \nx\n');
	});

	it('leaves a template with lone CRs alone (Bash numbers its lines differently)', () => {
		assert.equal(format('#a\rb \n', TEMPLATE), '#a\rb \n');
	});
});

/** A deterministic generator of Gemtext-ish text from a seed (no randomness between runs). */
function* generated(count: number): Generator<string> {
	const pieces = ['#', '##', '###', '####', '=>', '> ', '>', '* ', '*', '```', 'a.gmi', 'x', ' ', '  ', '\t', '\n', '\n', '\n', '\r\n', '\r', 'Über', '\u00a0', '\uFEFF', '-n', '<< ', '<<<', '>>>', ' #'];
	let seed = 1;
	const next = (): number => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed;
	};
	for (let i = 0; i < count; i++) {
		let text = '';
		const n = next() % 40;
		for (let j = 0; j < n; j++) text += pieces[next() % pieces.length];
		yield text;
	}
}

const FIXTURES = [
	'# Title\n\n=>a.gmi\tA\n#b  \n\n\n\n\n```sh\n  x  \n\n\n\n```\n> q  \n* i \n',
	'\uFEFF#x\r\n=>u\r\n\r\n\r\n\r\n',
	'```\nunclosed  \n\n\n\n',
	'=>\t\t\n#\t\n>\t\n',
];

describe('formatGemtext: properties', () => {
	const variants: Partial<FormatOptions>[] = [{}, { style: 'gemtexter' }, { template: true }, { trimFinalNewlines: true, maxBlankLines: 1 }, { eol: '\r\n' }];
	const texts = [...FIXTURES, ...generated(400)];
	const strip = (s: string): string => s.replace(/[ \t\r\n]/g, '');

	it('is idempotent: format(format(x)) = format(x)', () => {
		for (const options of variants) {
			for (const text of texts) {
				const once = format(text, options);
				assert.equal(format(once, options), once, `not idempotent for ${JSON.stringify(text)} with ${JSON.stringify(options)}`);
			}
		}
	});

	it('is lossless: only spaces, tabs and line breaks change', () => {
		for (const options of variants) {
			for (const text of texts) {
				assert.equal(strip(format(text, options)), strip(text), `lost content of ${JSON.stringify(text)} with ${JSON.stringify(options)}`);
			}
		}
	});

	it('never changes a preformatted line', () => {
		for (const text of texts) {
			const before = parseGemtext(text).lines.filter((l) => l.type === 'preText').map((l) => l.text);
			const after = parseGemtext(format(text)).lines.filter((l) => l.type === 'preText').map((l) => l.text);
			assert.deepEqual(after, before, JSON.stringify(text));
		}
	});
});
