// Same results, old parser vs new: `node scripts/bench/equivalence.mjs [--rev REV] [folder…]`.
// Parses the generated corpus, every .gmi below the given folders and a set of edge cases with the
// parser at git revision REV (default HEAD) and with the working tree's, and compares every field
// and getter of every line and every document field. Exits 1 on the first difference.
import { generateCorpus, loadCorpus } from './corpus.mjs';
import { loadParserAt, loadWorkingParser } from './loadParser.mjs';

const args = process.argv.slice(2);
const revAt = args.indexOf('--rev');
const rev = revAt === -1 ? 'HEAD' : args.splice(revAt, 2)[1];

const EDGE_CASES = [
	'',
	'\n',
	'\r\n',
	'\r',
	'\ufeff',
	'\ufeff# Title\r\n',
	'\ufeff```',
	'#',
	'##',
	'###',
	'####x',
	'#Title',
	'#\t \tT',
	'=>',
	'=> ',
	'=>\t',
	'=>url',
	'=> url',
	'=>\turl\tlabel',
	'=> url  label with  runs  ',
	'=> url\r\n=>u l\n',
	'=>a\tb c',
	'=>a b\tc',
	'=> a',
	'=> \t a',
	'=>url-without-space-to-the-end',
	'*',
	'* ',
	'*x',
	'*\tx',
	'** x',
	'>',
	'>x',
	'> \tx',
	' # x',
	' => x',
	' * x',
	'``',
	'```',
	'````',
	'```lang  \n# in\n```closing text\n# out',
	'``` \t alt text \t\n=> not a link\n',
	'```\r\n```\r\n',
	'text\rlone CR\r\n\rCR then LF\n\r\n',
	'a\r\rb',
	'line\n\n\nend',
	'no final break',
	'=> a\tb\n=> c d\n=>\te\tf\t\n',
	'=>x\n=>y\n=>z',
	'日本語\n# Überschrift\n=> ü.gmi ü\n> «q»\n* 🙂\n',
];

const before = await loadParserAt(rev);
const after = await loadWorkingParser();
const inputs = [
	...EDGE_CASES.map((text, i) => ({ name: `edge case ${i}: ${JSON.stringify(text)}`, text })),
	...generateCorpus(),
	...args.flatMap((dir) => loadCorpus(dir)),
];

const LINE_KEYS = ['type', 'line', 'start', 'end', 'contentStart', 'urlEnd', 'labelStart', 'level', 'opening', 'text', 'content', 'url', 'label', 'alt', 'hasCR'];

function describe(doc) {
	return {
		text: doc.text,
		hasBom: doc.hasBom,
		lineCount: doc.lineCount,
		blocks: doc.blocks.map((b) => ({ ...b })),
		headings: doc.headings.map((l) => l.line),
		links: doc.links.map((l) => l.line),
		lines: doc.lines.map((l) => [...LINE_KEYS.map((k) => l[k]), l.range, l.source === doc.text, l instanceof doc.lines[0].constructor]),
	};
}

let lines = 0;
for (const { name, text } of inputs) {
	const a = JSON.stringify(describe(before(text)));
	const b = JSON.stringify(describe(after(text)));
	if (a !== b) {
		let i = 0;
		while (a[i] === b[i]) i++;
		console.error(`DIFFERENT: ${name}\n  ${rev}:    …${a.slice(Math.max(0, i - 80), i + 120)}\n  working: …${b.slice(Math.max(0, i - 80), i + 120)}`);
		process.exit(1);
	}
	lines += after(text).lines.length;
}
console.log(`Same results as ${rev} on ${inputs.length} documents (${lines} lines).`);
