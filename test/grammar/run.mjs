// `npm run test:grammar`: the TextMate grammar tests (test/grammar/*.test.gmi) on real oniguruma
// through vscode-tmgrammar-test, plus checks of language-configuration.json and of the grammar's
// `embeddedLanguages` map in package.json. Closes with one line `grammar: N passed, N failed`.
//
// The grammars of embedded languages come from the tm-grammars package (the VS Code built-in
// grammars, among others); only those reachable from syntaxes/gemtext.tmLanguage.json and
// syntaxes/gemtexter-template.tmLanguage.json are loaded. Template tests are `*.test.gmi.tpl`.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = relative(root, dirname(fileURLToPath(import.meta.url))) || '.';
const require = createRequire(import.meta.url);
const TIMEOUT_MS = 120_000;

const results = [];
const record = (name, ok, detail = '') => {
	results.push({ name, ok });
	console.log(`${ok ? '✓' : '✖'} ${name}${ok || !detail ? '' : `\n    ${detail}`}`);
};

/** Scopes a grammar includes from other grammars (`source.js`, `text.html.basic#tags` → `text.html.basic`). */
function externalScopes(json) {
	const scopes = new Set();
	const walk = (node) => {
		if (Array.isArray(node)) node.forEach(walk);
		else if (node && typeof node === 'object') {
			for (const [key, value] of Object.entries(node)) {
				if (key === 'include' && typeof value === 'string' && !value.startsWith('#') && !value.startsWith('$')) {
					scopes.add(value.split('#')[0]);
				} else walk(value);
			}
		}
	};
	walk(json);
	return scopes;
}

/** Paths of the tm-grammars files reachable from our grammar, and the scopes nobody provides. */
function embeddedGrammarFiles(...ours) {
	const dir = dirname(require.resolve('tm-grammars/grammars/json.json'));
	const byScope = new Map();
	for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
		const scope = JSON.parse(readFileSync(join(dir, name), 'utf8')).scopeName;
		if (!byScope.has(scope)) byScope.set(scope, join(dir, name));
	}
	const files = [];
	const missing = new Set();
	const seen = new Set(ours.map((g) => g.scopeName));
	const queue = ours.flatMap((g) => [...externalScopes(g)]);
	while (queue.length) {
		const scope = queue.shift();
		if (seen.has(scope)) continue;
		seen.add(scope);
		const file = byScope.get(scope);
		if (!file) {
			missing.add(scope);
			continue;
		}
		files.push(file);
		queue.push(...externalScopes(JSON.parse(readFileSync(file, 'utf8'))));
	}
	return { files, missing };
}

function runTool(args) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code: code ?? 1, signal, stdout, stderr });
		});
	});
}

// 1. Grammar tests.
const grammarPath = join(root, 'syntaxes', 'gemtext.tmLanguage.json');
const grammar = JSON.parse(readFileSync(grammarPath, 'utf8'));
const templateGrammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'gemtexter-template.tmLanguage.json'), 'utf8'));
const { files, missing } = embeddedGrammarFiles(grammar, templateGrammar);
const testFiles = readdirSync(join(root, here)).filter((f) => f.endsWith('.test.gmi') || f.endsWith('.test.gmi.tpl')).sort();
/**
 * Assertion lines the tool would silently skip or choke on: its parser drops a left-arrow line it
 * cannot read, and backtracks for ever on long lines with more than one " - ". Also flags carets
 * that point past the end of the line under test.
 */
function lintAssertions(text) {
	const lines = text.split(/\r?\n/);
	const token = lines[0].split(/\s/)[0];
	const problems = [];
	let count = 0;
	let source = '';
	lines.slice(1).forEach((line, i) => {
		const rest = line.slice(token.length);
		if (!(line.startsWith(token) && /^\s*(\^|<~*-+)/.test(rest))) {
			source = line;
			return;
		}
		count++;
		const where = `line ${i + 2}`;
		const m = /^(\s*)(?:(\^[\^\s]*)|<(~*)(-+))\s(.*)$/.exec(rest);
		if (!m) return problems.push(`${where}: not an assertion the tool can read`);
		const words = m[5].trim().split(/\s+/).filter(Boolean);
		if (words.filter((w) => w === '-').length > 1) problems.push(`${where}: more than one " - " (put all excluded scopes after one "-")`);
		if (!words.some((w) => w !== '-')) problems.push(`${where}: no scopes`);
		if (words.some((w) => w !== '-' && !/^\w[-\w.]*$/.test(w))) problems.push(`${where}: a scope the tool cannot read`);
		const end = m[2] !== undefined ? token.length + m[1].length + m[2].trimEnd().length : m[3].length + m[4].length;
		if (end > source.length) problems.push(`${where}: points past the end of the line (${end} > ${source.length})`);
	});
	return { count, problems };
}
const lint = new Map(testFiles.map((f) => [f, lintAssertions(readFileSync(join(root, here, f), 'utf8'))]));
const assertionCount = [...lint.values()].reduce((a, l) => a + l.count, 0);
console.log(`grammar tests: ${testFiles.length} files, ${assertionCount} assertion lines, ${files.length} embedded grammars from tm-grammars`);

const tool = join(dirname(require.resolve('vscode-tmgrammar-test/package.json')), 'dist', 'unit.js');
const run = await runTool([tool, ...files.flatMap((f) => ['-g', relative(root, f)]), `${here}/*.test.gmi`, `${here}/*.test.gmi.tpl`]);
// Each file gets its own line below; the tool's own lines are kept for failures and errors.
const toolOutput = run.stdout.split('\n').filter((l) => !/ run successfuly\.$/.test(l)).join('\n').trim();
if (toolOutput) console.log(toolOutput);
const otherErrors = run.stderr.split('\n').filter((l) => l.trim() && !/^grammar not found for "/.test(l));
if (otherErrors.length) console.error(otherErrors.join('\n'));
if (missing.size) {
	console.log(`(${missing.size} scopes that those grammars include are not in tm-grammars; they stay plain in these tests)`);
}
if (run.signal) {
	console.log(`vscode-tmgrammar-test was stopped after ${TIMEOUT_MS / 1000} s. An assertion line with more than one ` +
		'" - " makes its parser backtrack for ever: put every excluded scope after a single "-".');
}
for (const file of testFiles) {
	const name = `${here}/${file}`;
	const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const ok = new RegExp(`^✓ ${escaped} run successfuly\\.$`, 'm').test(run.stdout);
	const { problems } = lint.get(file);
	record(name, ok && problems.length === 0, [...(ok ? [] : ['see the output above']), ...problems].join('\n    '));
}
if (run.code !== 0 && results.every((r) => r.ok)) {
	record('vscode-tmgrammar-test exit code', false, `exit ${run.code}${run.signal ? ` (${run.signal})` : ''}`);
}

// 2. package.json maps every embedded block to a language id.
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entry = (manifest.contributes?.grammars ?? []).find((g) => g.scopeName === 'text.gemtext') ?? {};
const contentNames = new Set(JSON.stringify(grammar).match(/meta\.embedded\.block\.[\w-]+/g) ?? []);
const unmapped = [...contentNames].filter((n) => !entry.embeddedLanguages?.[n]);
record('package.json embeddedLanguages covers every embedded block', unmapped.length === 0, `unmapped: ${unmapped.join(', ')}`);
// The template grammar includes the Gemtext grammar, so its entry must map the same blocks and its own.
const templateEntry = (manifest.contributes?.grammars ?? []).find((g) => g.scopeName === 'text.gemtext.template') ?? {};
const templateNames = new Set([...contentNames, ...(JSON.stringify(templateGrammar).match(/meta\.embedded\.block\.[\w-]+/g) ?? [])]);
const templateUnmapped = [...templateNames].filter((n) => !templateEntry.embeddedLanguages?.[n]);
record('package.json embeddedLanguages of the template grammar covers every embedded block', templateEntry.language === 'gemtexter-template' && templateUnmapped.length === 0, `language ${templateEntry.language}, unmapped: ${templateUnmapped.join(', ')}`);
// `.gmi.tpl` resolves to the template language only: VS Code picks the longest matching extension or pattern.
const languages = manifest.contributes?.languages ?? [];
const claiming = languages.filter((l) => (l.extensions ?? []).some((e) => 'post.gmi.tpl'.endsWith(e)) || (l.filenamePatterns ?? []).some((p) => p === '*.gmi.tpl'));
record('only gemtexter-template claims *.gmi.tpl', claiming.length === 1 && claiming[0].id === 'gemtexter-template', `claimed by ${claiming.map((l) => l.id).join(', ')}`);

// 3. language-configuration.json: Enter continues and ends lists and quotes, pairs, word pattern.
const config = JSON.parse(readFileSync(join(root, 'language-configuration.json'), 'utf8'));
const toRegExp = (r) => (typeof r === 'string' ? new RegExp(r) : new RegExp(r.pattern, r.flags ?? ''));
/** VS Code's OnEnterSupport: the first rule whose regexes all match decides. */
function onEnter(before, after = '') {
	for (const rule of config.onEnterRules ?? []) {
		if (!toRegExp(rule.beforeText).test(before)) continue;
		if (rule.afterText && !toRegExp(rule.afterText).test(after)) continue;
		return rule.action;
	}
	return undefined;
}
const enterCases = [
	['* item', '', '* '],
	['* ite', 'm', '* '],
	['* ', 'item', '* '],
	['* ', '', ''],
	['> quote', '', '> '],
	['>quote', '', '> '],
	['> ', '', ''],
	['>', '', ''],
	['*x', '', undefined],
	['**bold', '', undefined],
	[' * indented', '', undefined],
	['=> gemini://example.org/', '', undefined],
	['# Heading', '', undefined],
	['text', '', undefined],
];
for (const [before, after, append] of enterCases) {
	const action = onEnter(before, after);
	const got = action === undefined ? undefined : (action.appendText ?? '');
	const okIndent = action === undefined || action.indent === 'none';
	record(`Enter after ${JSON.stringify(before)}${after ? ` before ${JSON.stringify(after)}` : ''} → ${append === undefined ? 'no rule' : JSON.stringify(append)}`,
		got === append && okIndent, `got ${JSON.stringify(action)}`);
}
const fence = (config.autoClosingPairs ?? []).find((p) => p.open === '```');
record('``` auto-closes, but not inside a preformatted block (string) or ignored text (comment)',
	fence?.close === '```' && ['string', 'comment'].every((t) => fence.notIn?.includes(t)), JSON.stringify(fence));
record('no comment configuration (Gemtext has no comments)', config.comments === undefined);
const words = (s) => s.match(new RegExp(config.wordPattern.pattern, `${config.wordPattern.flags ?? ''}g`));
const wordCases = [
	['See gemini://example.org/a_(b).gmi, now.', ['See', 'gemini://example.org/a_(b).gmi', 'now']],
	['Don’t stop: well-known café 1.2.3 index.gmi.', ['Don’t', 'stop', 'well-known', 'café', '1.2.3', 'index.gmi']],
];
for (const [text, expected] of wordCases) {
	const got = words(text);
	record(`word pattern splits ${JSON.stringify(text)}`, JSON.stringify(got) === JSON.stringify(expected), `got ${JSON.stringify(got)}`);
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`grammar: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
