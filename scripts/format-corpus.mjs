// Property check of the formatter over real documents (not part of npm test): for every
// .gmi and .gmi.tpl below a folder (default ../shared/corpus), in both heading-id styles,
// format(format(x)) must equal format(x), only spaces, tabs and line breaks may change,
// and no preformatted line may change. Prints a summary; exit 1 on any failure.
//
//   npm run check:format -- [DIR] [--show N]
//
// The service is bundled from source with esbuild (in memory), so no build step is needed.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const showAt = args.indexOf('--show');
const show = showAt === -1 ? 5 : Number(args[showAt + 1]);
const dir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--show') ?? join(repo, '..', 'shared', 'corpus'));

const bundle = await build({
	stdin: { contents: "export { formatGemtext } from './server/src/service/format'; export { parseGemtext } from './server/src/service/parser';", resolveDir: repo, loader: 'ts' },
	bundle: true, format: 'esm', platform: 'neutral', write: false, mainFields: ['module', 'main'], logLevel: 'error',
});
const { formatGemtext, parseGemtext } = await import('data:text/javascript;base64,' + Buffer.from(bundle.outputFiles[0].text).toString('base64'));

/** Applies sorted, non-overlapping LSP-shaped edits; throws on overlap. */
function applyEdits(text, edits) {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
	}
	const offset = (p) => (p.line < starts.length ? starts[p.line] + p.character : text.length);
	let out = '';
	let pos = 0;
	for (const e of edits) {
		const from = offset(e.range.start);
		if (from < pos) throw new Error(`overlapping edits at ${JSON.stringify(e.range)}`);
		out += text.slice(pos, from) + e.newText;
		pos = offset(e.range.end);
	}
	return out + text.slice(pos);
}

function* filesBelow(folder) {
	for (const e of readdirSync(folder, { withFileTypes: true })) {
		const p = join(folder, e.name);
		if (e.isDirectory()) yield* filesBelow(p);
		else if (e.isFile() && (e.name.endsWith('.gmi') || e.name.endsWith('.gmi.tpl'))) yield p;
	}
}

const strip = (s) => s.replace(/[ \t\r\n]/g, '');
const preLines = (s) => parseGemtext(s).lines.filter((l) => l.type === 'preText').map((l) => l.text);
let files = 0;
let changed = 0;
let edits = 0;
const failures = [];
for (const file of filesBelow(dir)) {
	files++;
	const text = readFileSync(file, 'utf8');
	for (const style of ['gemini', 'gemtexter']) {
		const options = { maxBlankLines: 2, style, template: file.endsWith('.gmi.tpl') };
		try {
			const first = formatGemtext(parseGemtext(text), options);
			const once = applyEdits(text, first);
			const twice = applyEdits(once, formatGemtext(parseGemtext(once), options));
			if (style === 'gemini') {
				edits += first.length;
				changed += first.length > 0 ? 1 : 0;
			}
			const problem = twice !== once ? 'not idempotent'
				: strip(once) !== strip(text) ? 'non-whitespace content changed'
				: preLines(once).join('\n') !== preLines(text).join('\n') ? 'a preformatted line changed'
				: undefined;
			if (problem) failures.push(`${relative(dir, file)} (${style}): ${problem}`);
		} catch (e) {
			failures.push(`${relative(dir, file)} (${style}): ${e instanceof Error ? e.message : String(e)}`);
		}
	}
}
console.log(`${files} files checked in ${dir}: ${changed} would change (${edits} edits); ${failures.length} failures`);
for (const f of failures.slice(0, show)) console.log('  ' + f);
process.exit(failures.length > 0 ? 1 : 0);
