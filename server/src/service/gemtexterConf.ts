/**
 * Reading `gemtexter.conf` (and a theme's `theme.conf`) the way Gemtexter sources them, without
 * running anything: only assignment lines (`KEY=value`, `declare -xr KEY=value`, `export KEY=value`)
 * are read; their values are unquoted as Bash would and `$NAME`/`${NAME}` expanded from the
 * assignments read so far. Any other line (commands, substitutions, conditionals) is ignored.
 */

/** Variables read from configuration files, in assignment order (later assignments win). */
export type GemtexterVariables = ReadonlyMap<string, string>;

const ASSIGNMENT = /^[ \t]*(?:(?:declare|typeset|export|readonly)(?:[ \t]+-[A-Za-z]+)*[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Longest configuration text read (a real gemtexter.conf is well under a kilobyte). */
export const MAX_CONF_SIZE = 256 * 1024;

/**
 * The variables assigned in `text`, on top of `inherited` (a theme.conf sees gemtexter.conf's).
 *
 * @example parseGemtexterConf("declare -xr DOMAIN=foo.zone\nSUBTITLE='To be in the .zone!'\n").get('SUBTITLE') // 'To be in the .zone!'
 */
export function parseGemtexterConf(text: string, inherited: GemtexterVariables = new Map()): Map<string, string> {
	const vars = new Map(inherited);
	for (const line of text.slice(0, MAX_CONF_SIZE).split('\n')) {
		const m = ASSIGNMENT.exec(line.replace(/\r$/, ''));
		if (m) {
			const value = parseWord(m[2], vars);
			if (value !== undefined) {
				vars.set(m[1], value);
			}
		}
	}
	return vars;
}

/**
 * One shell word: quoted and unquoted parts up to the first unquoted blank or `;`. `undefined`
 * when it holds a command or arithmetic substitution (never run) or an unterminated quote.
 */
function parseWord(src: string, vars: GemtexterVariables): string | undefined {
	let out = '';
	let i = 0;
	while (i < src.length) {
		const c = src[i];
		if (c === ' ' || c === '\t' || c === ';' || c === '&' || c === '|') {
			break;
		}
		if (c === "'") {
			const end = src.indexOf("'", i + 1);
			if (end < 0) return undefined;
			out += src.slice(i + 1, end);
			i = end + 1;
		} else if (c === '"') {
			let j = i + 1;
			for (; j < src.length && src[j] !== '"'; j++) {
				if (src[j] === '\\' && j + 1 < src.length && '"\\$`'.includes(src[j + 1])) {
					out += src[++j];
				} else if (src[j] === '$') {
					const r = expand(src, j, vars);
					if (r === undefined) return undefined;
					out += r.value;
					j = r.end - 1;
				} else if (src[j] === '`') {
					return undefined;
				} else {
					out += src[j];
				}
			}
			if (j >= src.length) return undefined;
			i = j + 1;
		} else if (c === '\\') {
			out += src[i + 1] ?? '';
			i += 2;
		} else if (c === '$') {
			const r = expand(src, i, vars);
			if (r === undefined) return undefined;
			out += r.value;
			i = r.end;
		} else if (c === '`' || c === '(' || c === ')') {
			return undefined;
		} else {
			out += c;
			i++;
		}
	}
	return out;
}

/** `$NAME`, `${NAME}` or `${NAME:-default}` at `i`; unset names expand to ''. */
function expand(src: string, i: number, vars: GemtexterVariables): { value: string; end: number } | undefined {
	if (src[i + 1] === '(') {
		return undefined;
	}
	if (src[i + 1] === '{') {
		const close = src.indexOf('}', i + 2);
		if (close < 0) return undefined;
		const inner = src.slice(i + 2, close);
		const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::?-(.*))?$/.exec(inner);
		if (!m) return undefined;
		const value = vars.get(m[1]);
		return { value: value === undefined || (value === '' && inner.includes(':-')) ? (m[2] ?? '') : value, end: close + 1 };
	}
	let j = i + 1;
	while (j < src.length && NAME_CHAR.test(src[j])) j++;
	if (j === i + 1) {
		return { value: '$', end: j };
	}
	return { value: vars.get(src.slice(i + 1, j)) ?? '', end: j };
}

/** `GEMTEXTER` as Gemtexter defines it (`Gemtexter $VERSION-$VERSION_DESCR`), from its main script's text. */
export function readGemtexterVersion(script: string): string | undefined {
	const head = script.slice(0, 64 * 1024);
	const version = /^declare -r VERSION=(\S+)/m.exec(head)?.[1];
	const descr = /^declare -r VERSION_DESCR=(\S+)/m.exec(head)?.[1];
	if (!version) {
		return undefined;
	}
	const vars = parseGemtexterConf(`VERSION=${version}\nVERSION_DESCR=${descr ?? ''}\n`);
	return `Gemtexter ${vars.get('VERSION') ?? ''}-${vars.get('VERSION_DESCR') ?? ''}`;
}
