/**
 * Gemtexter's template helpers, computed without running anything, byte for byte as
 * `template::inline::toc`, `template::inline::index` and `template::inline::rindex`
 * print them (docs/templates.md has the rules).
 */

/** The helpers the service expands itself. */
export type TemplateHelper = 'toc' | 'index' | 'rindex';

/** A call of a helper with its (shell-unquoted) arguments. */
export interface HelperCall {
	readonly helper: TemplateHelper;
	readonly args: readonly string[];
}

/** What the index helpers read: the template's folder. */
export interface TemplateFolder {
	/** Names in the folder as `ls` lists them (no dot files); `undefined` when it cannot be read. */
	list(): Promise<readonly string[] | undefined>;
	/** Text of a file of the folder; `undefined` when it cannot be read. */
	read(name: string): Promise<string | undefined>;
}

const HELPER_NAME = /^template::inline::(toc|index|rindex)$/;

/**
 * The helper call a `<< ` line makes, when the line is exactly a call with plain words as
 * arguments (unquoted, or in quotes without expansions); `undefined` for any other code,
 * which only Bash can evaluate.
 *
 * @example parseHelperCall(' template::inline::index bsd "book notes"') // {helper:'index', args:['bsd','book notes']}
 */
export function parseHelperCall(code: string): HelperCall | undefined {
	const words = shellWords(code);
	const match = words && words.length > 0 ? HELPER_NAME.exec(words[0]) : null;
	if (!match || !words) {
		return undefined;
	}
	// toc ignores arguments, as Gemtexter's does.
	return { helper: match[1] as TemplateHelper, args: words.slice(1) };
}

/**
 * Splits simple shell words: runs of safe characters, '…' and "…" without `$`, `` ` `` or
 * `\`. Anything that Bash would expand or treat as syntax gives `undefined`. Globs are
 * literal (Gemtexter runs with `set -f`). Only space and tab separate words (a CR does not).
 */
function shellWords(code: string): string[] | undefined {
	const words: string[] = [];
	let i = 0;
	while (i < code.length) {
		while (code[i] === ' ' || code[i] === '\t') i++;
		if (i >= code.length) break;
		if (code[i] === '#' || code[i] === '~') {
			return undefined;
		}
		let word = '';
		while (i < code.length && code[i] !== ' ' && code[i] !== '\t') {
			const c = code[i];
			if (c === "'" || c === '"') {
				const close = code.indexOf(c, i + 1);
				if (close < 0) return undefined;
				const inner = code.slice(i + 1, close);
				if (c === '"' && /[$`\\]/.test(inner)) return undefined;
				word += inner;
				i = close + 1;
			} else if (/[\\$`;&|<>(){}!=]/.test(c) || c === '\n') {
				return undefined;
			} else {
				word += c;
				i++;
			}
		}
		words.push(word);
	}
	return words;
}

/**
 * `template::inline::toc` over the raw template text: `## Table of Contents`, a blank
 * line, then each line matching `^#+ ` outside ``` ranges, its first `###`, `##` or `#`
 * turned into `* ⇢ ⇢ ⇢`, `* ⇢ ⇢` or `* ⇢`. A last line without LF stays without one, as
 * sed prints it.
 *
 * @example expandToc('# A\n## B\n') // '## Table of Contents\n\n* ⇢ A\n* ⇢ ⇢ B\n'
 */
export function expandToc(templateText: string): string {
	let out = '## Table of Contents\n\n';
	for (const { text: line, lineBreak } of gemtexterHeadingLines(templateText)) {
		const entry = line.startsWith('###') ? '* ⇢ ⇢ ⇢' + line.slice(3) : line.startsWith('##') ? '* ⇢ ⇢' + line.slice(2) : '* ⇢' + line.slice(1);
		out += entry + (lineBreak ? '\n' : '');
	}
	return out;
}

/**
 * The lines Gemtexter takes for headings in its table of contents and its TOC suggester: each line
 * matching `^#+ ` outside ``` ranges (sed's `/^```/,/^```/!`), in order. `lineBreak` is false only
 * for a last line without LF (sed prints it without one).
 */
export function* gemtexterHeadingLines(text: string): Generator<{ readonly text: string; readonly lineBreak: boolean }> {
	const lines = text.split('\n');
	const last = text.endsWith('\n') ? lines.length - 1 : lines.length;
	let inRange = false;
	for (let i = 0; i < last; i++) {
		const line = lines[i];
		if (line.startsWith('```')) {
			inRange = !inRange;
		} else if (!inRange && /^#+ /.test(line)) {
			yield { text: line, lineBreak: i < lines.length - 1 };
		}
	}
}

/**
 * `template::inline::index` (`reverse`: `rindex`): for each topic, every name in the
 * folder matching `grep -i "TOPIC.*\.gmi$"` and not containing `DRAFT`, as
 * `=> ./NAME DATE TITLE[ (You are currently reading this)]`, then `sort | uniq`
 * (`sort -r | uniq`) in byte order. No match: no output.
 */
export async function expandIndex(topics: readonly string[], folder: TemplateFolder, currentGmi: string, reverse: boolean): Promise<string> {
	const names = (await folder.list()) ?? [];
	const lines: string[] = [];
	for (const topic of topics) {
		const pattern = breToRegExp(`${topic}.*\\.gmi$`);
		if (!pattern) {
			continue; // grep reports the bad pattern and prints nothing
		}
		for (const name of names) {
			if (name.includes('\n') || !pattern.test(name) || name.includes('DRAFT')) {
				continue;
			}
			const date = name.split('-').slice(0, 3).join('-');
			const title = extractTitle((await folder.read(name)) ?? '');
			const current = name === currentGmi ? ' (You are currently reading this)' : '';
			lines.push(`=> ./${name} ${date} ${title}${current}`);
		}
	}
	lines.sort(compareCodePoints);
	if (reverse) {
		lines.reverse();
	}
	const unique = lines.filter((line, i) => i === 0 || line !== lines[i - 1]);
	return unique.map((line) => line + '\n').join('');
}

/**
 * `generate::extract_title`: the first line starting with `# `, minus that `# `, every `"`
 * turned into `'` ('' when there is none).
 */
export function extractTitle(text: string): string {
	const match = /^# (.*)$/m.exec(text);
	return match ? match[1].replace(/"/g, "'") : '';
}

/** Byte order of UTF-8 strings (what `sort` does under `LC_ALL=C.UTF-8`): code point order. */
function compareCodePoints(a: string, b: string): number {
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) {
		const x = a.codePointAt(i) ?? 0;
		const y = b.codePointAt(i) ?? 0;
		if (x !== y) {
			return x - y;
		}
	}
	return a.length - b.length;
}

/**
 * A POSIX basic regular expression (GNU grep flavour) as a case-insensitive JavaScript
 * RegExp: `\( \) \{ \} \| \+ \?` are operators, their bare forms literal; `*` first is
 * literal; bracket expressions are kept. `undefined` when grep would refuse the pattern.
 */
export function breToRegExp(bre: string): RegExp | undefined {
	let out = '';
	let i = 0;
	let atStart = true;
	while (i < bre.length) {
		const c = bre[i];
		if (c === '\\') {
			const n = bre[i + 1];
			if (n === undefined) return undefined;
			if ('(){}|+?'.includes(n)) out += n;
			else if (n === '<' || n === '>') out += '\\b';
			else if (/[wWsSbB]/.test(n)) out += '\\' + n;
			else if (/[1-9]/.test(n)) out += '\\' + n;
			else out += escapeChar(n);
			atStart = n === '(' || n === '|';
			i += 2;
			continue;
		}
		if (c === '[') {
			const close = bracketEnd(bre, i);
			if (close < 0) return undefined;
			out += bracketToJs(bre.slice(i, close + 1));
			i = close + 1;
			atStart = false;
			continue;
		}
		if (c === '*' && atStart) out += '\\*';
		else if (c === '^') out += atStart ? '^' : '\\^';
		else if (c === '$') out += i === bre.length - 1 || bre.startsWith('\\)', i + 1) || bre.startsWith('\\|', i + 1) ? '$' : '\\$';
		else if ('+?(){}|/'.includes(c)) out += '\\' + c;
		else out += c;
		atStart = c === '^' && atStart;
		i++;
	}
	try {
		return new RegExp(out, 'i');
	} catch {
		return undefined;
	}
}

function escapeChar(c: string): string {
	return /[.*+?^${}()|[\]\\/-]/.test(c) ? '\\' + c : c;
}

/** Index of the `]` closing the bracket expression at `start`, or -1. */
function bracketEnd(s: string, start: number): number {
	let i = start + 1;
	if (s[i] === '^') i++;
	if (s[i] === ']') i++;
	while (i < s.length) {
		if (s[i] === '[' && (s[i + 1] === ':' || s[i + 1] === '.' || s[i + 1] === '=')) {
			const end = s.indexOf(s[i + 1] + ']', i + 2);
			if (end < 0) return -1;
			i = end + 2;
			continue;
		}
		if (s[i] === ']') return i;
		i++;
	}
	return -1;
}

const CLASSES: Record<string, string> = {
	alpha: 'A-Za-z',
	digit: '0-9',
	alnum: 'A-Za-z0-9',
	upper: 'A-Z',
	lower: 'a-z',
	space: ' \\t\\n\\r\\f\\v',
	blank: ' \\t',
	punct: '!-\\/:-@\\[-`{-~',
	xdigit: '0-9A-Fa-f',
};

/** A POSIX bracket expression in JavaScript syntax (backslash is literal inside it). */
function bracketToJs(expr: string): string {
	let body = expr.slice(1, -1);
	let negate = '';
	if (body.startsWith('^')) {
		negate = '^';
		body = body.slice(1);
	}
	let out = '';
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (c === '[' && body[i + 1] === ':') {
			const end = body.indexOf(':]', i + 2);
			out += CLASSES[body.slice(i + 2, end)] ?? '';
			i = end + 1;
		} else if (c === '\\' || c === ']' || c === '[' || c === '^') {
			out += '\\' + c;
		} else {
			out += c;
		}
	}
	return `[${negate}${out}]`;
}
