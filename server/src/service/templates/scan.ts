/**
 * The line structure of a Gemtexter template (`*.gmi.tpl`), read the way Gemtexter's
 * `template::_generate` reads it (see docs/templates.md):
 *
 * - lines are split on LF only (`while IFS='' read -r line`): a CR stays part of its line,
 *   and a last line without a final LF is dropped (neither printed nor run);
 * - `<< CMD` (`<<` and a space at column 0) is one line of Bash whose output replaces it;
 * - a line starting with `<<<` opens a block that the next line exactly `>>>` closes; the
 *   lines between are Bash run once; a block never closed drops itself and the rest;
 * - any other line is printed by `echo "$line"`.
 */

/** Template files end in `.gmi.tpl` (as Gemtexter finds them: `find -name '*.gmi.tpl'`). */
export function isTemplateFile(name: string): boolean {
	return name.endsWith('.gmi.tpl');
}

/** One piece of a template, in file order. Line numbers are 0-based template lines. */
export type TemplateSegment =
	| {
			readonly kind: 'text';
			readonly line: number;
			/** The line without its LF (a CR, if any, is kept: Bash keeps it). */
			readonly text: string;
	  }
	| {
			readonly kind: 'command';
			readonly line: number;
			/** The Bash code: the line minus its first `<< `. */
			readonly code: string;
	  }
	| {
			readonly kind: 'block';
			/** The `<<<` line. */
			readonly line: number;
			/** The closing `>>>` line. */
			readonly endLine: number;
			/** The code Gemtexter evals: `\n` + each body line. */
			readonly code: string;
	  }
	| {
			readonly kind: 'dropped';
			readonly line: number;
			/** Last template line the drop covers. */
			readonly endLine: number;
			readonly reason: 'no-final-newline' | 'unclosed-block';
	  };

/** A scanned template: its segments and its lines as Bash reads them. */
export interface ScannedTemplate {
	readonly segments: readonly TemplateSegment[];
	/** Every template line, LF removed (the last one too, even when Bash drops it). */
	readonly lines: readonly string[];
}

/**
 * Splits a template into segments.
 *
 * @example scanTemplate('# A\n<< echo b\n').segments // [{kind:'text',line:0,text:'# A'},{kind:'command',line:1,code:'echo b'}]
 */
export function scanTemplate(text: string): ScannedTemplate {
	const lines = text.split('\n');
	// The piece after the last LF is either empty or a line `read` never returns (no LF).
	const complete = lines.length - 1;
	const segments: TemplateSegment[] = [];
	let blockStart = -1;
	let block = '';
	for (let i = 0; i < complete; i++) {
		const line = lines[i];
		if (blockStart >= 0) {
			if (line === '>>>') {
				segments.push({ kind: 'block', line: blockStart, endLine: i, code: block });
				blockStart = -1;
				block = '';
			} else {
				block += '\n' + line;
			}
			continue;
		}
		if (line.startsWith('<< ')) {
			segments.push({ kind: 'command', line: i, code: line.slice(3) });
		} else if (line.startsWith('<<<')) {
			blockStart = i;
		} else {
			segments.push({ kind: 'text', line: i, text: line });
		}
	}
	const last = text.endsWith('\n') ? lines.length - 2 : lines.length - 1;
	if (blockStart >= 0) {
		segments.push({ kind: 'dropped', line: blockStart, endLine: Math.max(blockStart, last), reason: 'unclosed-block' });
	} else if (!text.endsWith('\n') && text.length > 0) {
		segments.push({ kind: 'dropped', line: lines.length - 1, endLine: lines.length - 1, reason: 'no-final-newline' });
	}
	return { segments, lines: text.endsWith('\n') ? lines.slice(0, -1) : lines };
}

/**
 * What `echo "$line"` prints for one line: the line and LF, except for a line made only of
 * echo options (`-n`, `-e`, `-E`, `-neE`…): with `n` nothing at all, else an empty line.
 */
export function echoLine(line: string): string {
	if (/^-[neE]+$/.test(line)) {
		return line.includes('n') ? '' : '\n';
	}
	return line + '\n';
}

/**
 * Gemtexter's escape pass, applied to the output lines outside ``` ranges (a range runs
 * from a line starting with ``` to the next such line, both included; unclosed, to the
 * end): the first of `[[[`→`<<<`, `]]]`→`>>>`, `[[`→`<<`, `]`→`>` at the line's start.
 * Every rewrite keeps the line's length, so columns map one to one.
 */
export function unescapeOutputLines(lines: string[]): void {
	let inRange = false;
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (line.startsWith('```')) {
			inRange = !inRange;
			continue;
		}
		if (!inRange) {
			lines[i] = unescapeLine(line);
		}
	}
}

/** One line's escape, or the line unchanged. */
export function unescapeLine(line: string): string {
	if (line.startsWith('[[[')) return '<<<' + line.slice(3);
	if (line.startsWith(']]]')) return '>>>' + line.slice(3);
	if (line.startsWith('[[')) return '<<' + line.slice(2);
	if (line.startsWith(']')) return '>' + line.slice(1);
	return line;
}
