/**
 * Expansion of a Gemtexter template into the `.gmi` Gemtexter would write, with a map from
 * each generated line back to the template lines it comes from.
 *
 * Nothing runs here. The helpers (`toc`, `index`, `rindex`) are computed in process; any
 * other code goes to the host's {@link TemplateRunner} when it gives one (Bash, behind the
 * user's consent), else its output is a marked placeholder line.
 */
import type { CancellationToken } from '../types';
import { expandIndex, expandToc, parseHelperCall, type HelperCall, type TemplateFolder } from './helpers';
import { echoLine, scanTemplate, unescapeOutputLines, type TemplateSegment } from './scan';

/** Code of a template that only Bash can evaluate: a `<< ` line or a `<<<` block. */
export interface TemplateCode {
	/** First template line (`<< ` or `<<<`). */
	readonly line: number;
	/** Last template line (the `>>>` of a block, else `line`). */
	readonly endLine: number;
	readonly code: string;
}

export interface TemplateRunRequest {
	/** The template's URI. */
	readonly uri: string;
	/** The template's text (what Gemtexter reads). */
	readonly text: string;
	/** The code to evaluate, in file order, in one shell (variables and `cd` carry over). */
	readonly pieces: readonly TemplateCode[];
	/** How long the run may take (`gemtext.templates.timeoutMs`). */
	readonly timeoutMs?: number;
}

export interface TemplateRunResult {
	/** The standard output of each piece, in order; shorter when the run stopped early. */
	readonly outputs: readonly string[];
	/** Pieces whose code failed: Gemtexter logs an error and keeps what they printed. */
	readonly failures: readonly { readonly index: number; readonly message: string }[];
	/** Set when the run stopped (an unset variable, `exit`, a timeout): Gemtexter writes no `.gmi` then. */
	readonly aborted?: { readonly index: number; readonly message: string };
}

/** Runs template code (host-provided: only where the user allows it). */
export interface TemplateRunner {
	run(request: TemplateRunRequest, token?: CancellationToken): Promise<TemplateRunResult>;
	/** Whether the runner may run code now (e.g. the workspace is trusted); missing means yes. */
	canRun?(): boolean;
	/** Forgets cached results (files the code may read have changed). */
	clear?(): void;
}

/** Where a generated line comes from. */
export interface LineOrigin {
	/** First template line. */
	readonly from: number;
	/** Last template line. */
	readonly to: number;
	/** The line is a template line printed as it is (escapes keep columns): characters map one to one. */
	readonly literal: boolean;
}

/** A generated line standing for code that was not run. */
export interface TemplatePlaceholder extends TemplateCode {
	/** The generated line that stands for its output. */
	readonly outputLine: number;
}

export type TemplateProblemCode =
	| 'template.not-run'
	| 'template.run-failed'
	| 'template.run-aborted'
	| 'template.unclosed-block'
	| 'template.no-final-newline';

export interface TemplateProblem {
	readonly code: TemplateProblemCode;
	readonly line: number;
	readonly endLine: number;
	readonly message: string;
}

export interface TemplateExpansion {
	/** The generated Gemtext (placeholders included when code was not run). */
	readonly text: string;
	/**
	 * One per generated line (a last empty piece excluded). Every line number here, of the output and of
	 * the template, counts the editor's lines: LF, CRLF and a lone CR each end one (Bash reads lines at LF
	 * only, so a Bash line with lone CRs is several).
	 */
	readonly origins: readonly LineOrigin[];
	/** Template lines as the editor has them, without their line breaks. */
	readonly templateLines: readonly string[];
	readonly placeholders: readonly TemplatePlaceholder[];
	readonly problems: readonly TemplateProblem[];
	/** The template has code other than the helpers. */
	readonly hasCode: boolean;
	/** `text` is exactly what Gemtexter writes (every piece of code ran, nothing aborted). */
	readonly complete: boolean;
}

export interface ExpandOptions {
	/** The template's URI (for the runner). */
	readonly uri: string;
	/** The `.gmi` being written (`CURRENT_GMI`): the template's name minus `.tpl`. */
	readonly currentGmi: string;
	/** The template's folder, read by the index helpers. */
	readonly folder: TemplateFolder;
	/** Runs code other than the helpers; omitted, such code becomes a placeholder. */
	readonly runner?: TemplateRunner;
	/** Time limit handed to the runner. */
	readonly timeoutMs?: number;
	/** Why code is not run when there is no runner (shown with each placeholder). */
	readonly notRunReason?: string;
	readonly token?: CancellationToken;
}

/**
 * Expands `text`, a `.gmi.tpl`, as Gemtexter's `--template` step does.
 *
 * @example await expandTemplate('# A\n<< template::inline::toc\n', opts) // text '# A\n## Table of Contents\n\n* ⇢ A\n'
 */
export async function expandTemplate(text: string, options: ExpandOptions): Promise<TemplateExpansion> {
	const { segments, lines } = scanTemplate(text);
	const templateLines = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
	const problems: TemplateProblem[] = [];

	// Code only Bash can evaluate, in order; helper calls are computed here, unless code runs before
	// them: it may `cd` elsewhere (the index helpers list the shell's folder) or redefine them, so with
	// a runner they run in the same shell as Gemtexter's do.
	const pieces: TemplateCode[] = [];
	/** Per code segment: the helper call computed here, or the index of its piece of code for Bash. */
	const plans = segments.map((s): HelperCall | number | undefined => {
		if (s.kind !== 'block' && s.kind !== 'command') {
			return undefined;
		}
		const helper = s.kind === 'command' ? parseHelperCall(s.code) : undefined;
		if (helper && !(options.runner && pieces.length > 0)) {
			return helper;
		}
		pieces.push({ line: s.line, endLine: s.kind === 'block' ? s.endLine : s.line, code: s.code });
		return pieces.length - 1;
	});
	const run = pieces.length > 0 && options.runner ? await options.runner.run({ uri: options.uri, text, pieces, timeoutMs: options.timeoutMs }, options.token) : undefined;
	if (run) {
		for (const f of run.failures) {
			const p = pieces[f.index];
			problems.push({ code: 'template.run-failed', line: p.line, endLine: p.endLine, message: f.message });
		}
		if (run.aborted) {
			const p = pieces[Math.min(run.aborted.index, pieces.length - 1)];
			problems.push({ code: 'template.run-aborted', line: p.line, endLine: p.endLine, message: run.aborted.message });
		}
	}

	const out = new OutputBuilder();
	const placeholders: TemplatePlaceholder[] = [];
	for (const [segmentIndex, s] of segments.entries()) {
		switch (s.kind) {
			case 'text':
				out.add(echoLine(s.text), s.line, s.line, true);
				break;
			case 'command':
			case 'block': {
				const plan = plans[segmentIndex];
				const endLine = s.kind === 'block' ? s.endLine : s.line;
				if (typeof plan !== 'number') {
					// A helper call that no code ran before: computed here.
					if (plan) {
						const generated = plan.helper === 'toc' ? expandToc(text) : await expandIndex(plan.args, options.folder, options.currentGmi, plan.helper === 'rindex');
						out.add(generated, s.line, endLine, false);
					}
					break;
				}
				const index = plan;
				const output = run && (!run.aborted || index < run.aborted.index) ? run.outputs[index] : undefined;
				if (output !== undefined) {
					out.add(output, s.line, endLine, false);
				} else {
					placeholders.push({ line: s.line, endLine, code: s.code, outputLine: out.placeholder(placeholderText(s, lines), s.line, endLine) });
					if (!run) {
						problems.push({
							code: 'template.not-run',
							line: s.line,
							endLine,
							message: `This template code is not run (${options.notRunReason ?? 'no runner'}): the outline and preview show a placeholder for its output.`,
						});
					}
				}
				break;
			}
			case 'dropped':
				problems.push({
					code: s.reason === 'unclosed-block' ? 'template.unclosed-block' : 'template.no-final-newline',
					line: s.line,
					endLine: s.endLine,
					message:
						s.reason === 'unclosed-block'
							? 'This <<< block is never closed by a line ">>>": Gemtexter drops it and the rest of the template.'
							: 'The last line has no line break: Gemtexter drops it from the generated file.',
				});
				break;
		}
	}
	const { lines: outLines, origins } = out.finish();
	unescapeOutputLines(outLines);
	return inEditorLines({
		text: outLines.length === 0 ? '' : outLines.join('\n') + (out.endsWithNewline ? '\n' : ''),
		origins,
		templateLines,
		placeholders,
		problems,
		hasCode: pieces.length > 0,
		complete: placeholders.length === 0 && !run?.aborted,
	}, outLines);
}

/**
 * An expansion whose line numbers count Bash's lines (LF only, `bashLines` of the output) in the
 * editor's lines, which also break at a lone CR (as LSP positions and the parser count them).
 * Each Bash line of the template or the output is as many editor lines as it has lone CRs, plus one.
 * Unchanged when neither side has a lone CR.
 */
function inEditorLines(e: TemplateExpansion, bashLines: readonly string[]): TemplateExpansion {
	// In `templateLines` a CR before LF is gone; in output lines one at the end stands before LF.
	const template = e.templateLines.map((l) => l.split('\r').length);
	const output = bashLines.map((l, i) => l.replace(i < bashLines.length - 1 || e.text.endsWith('\n') ? /\r$/ : /$/, '').split('\r').length);
	if (template.every((n) => n === 1) && output.every((n) => n === 1)) {
		return e;
	}
	const starts = (counts: readonly number[]): number[] => {
		const out: number[] = [];
		let line = 0;
		for (const n of counts) {
			out.push(line);
			line += n;
		}
		return out;
	};
	const templateStart = starts(template);
	const outputStart = starts(output);
	const lastOf = (line: number): number => templateStart[line] + template[line] - 1;
	const origins: LineOrigin[] = [];
	e.origins.forEach((o, g) => {
		for (let j = 0; j < output[g]; j++) {
			// A line printed as it is has its template line's lone CRs in the same places.
			origins.push(o.literal && o.from === o.to && template[o.from] === output[g]
				? { from: templateStart[o.from] + j, to: templateStart[o.from] + j, literal: true }
				: { from: templateStart[o.from], to: lastOf(o.to), literal: false });
		}
	});
	return {
		...e,
		origins,
		templateLines: e.templateLines.flatMap((l) => l.split('\r')),
		placeholders: e.placeholders.map((p) => ({ ...p, line: templateStart[p.line], endLine: lastOf(p.endLine), outputLine: outputStart[p.outputLine] })),
		problems: e.problems.map((p) => ({ ...p, line: templateStart[p.line], endLine: lastOf(p.endLine) })),
	};
}

/**
 * The line standing for code that was not run: the code itself, so the author sees what is missing.
 * One line in the editor's terms too: a lone CR in the code (which Bash reads as part of the line) is a space.
 */
function placeholderText(s: TemplateSegment, lines: readonly string[]): string {
	if (s.kind === 'block') {
		const body = s.endLine - s.line - 1;
		return `${lines[s.line].replace(/\r$/, '').replace(/\r/g, ' ')} … >>> (${body} line${body === 1 ? '' : 's'} of Bash)`;
	}
	return `<< ${s.kind === 'command' ? s.code.replace(/\r$/, '').replace(/\r/g, ' ') : ''}`;
}

/** Collects output chunks into lines, remembering each line's origin. */
class OutputBuilder {
	readonly #lines: string[] = [];
	readonly #origins: LineOrigin[] = [];
	#partial = '';
	#origin: LineOrigin | undefined;
	endsWithNewline = true;

	add(text: string, from: number, to: number, literal: boolean): void {
		if (text === '') {
			return;
		}
		let start = 0;
		for (;;) {
			const nl = text.indexOf('\n', start);
			const piece = nl < 0 ? text.slice(start) : text.slice(start, nl);
			if (piece !== '' || nl >= 0) {
				this.#touch(from, to, literal);
				this.#partial += piece;
			}
			if (nl < 0) {
				break;
			}
			this.#flush();
			start = nl + 1;
			if (start === text.length) {
				break;
			}
		}
		this.endsWithNewline = text.endsWith('\n');
	}

	/** Adds a placeholder line of its own and returns its line number. */
	placeholder(text: string, from: number, to: number): number {
		if (this.#origin) {
			this.#flush();
		}
		const line = this.#lines.length;
		this.add(text + '\n', from, to, false);
		return line;
	}

	finish(): { lines: string[]; origins: LineOrigin[] } {
		if (this.#origin) {
			this.#flush();
			this.endsWithNewline = false;
		}
		return { lines: this.#lines, origins: this.#origins };
	}

	#touch(from: number, to: number, literal: boolean): void {
		const o = this.#origin;
		if (!o) {
			this.#origin = { from, to, literal };
		} else if (o.from !== from || o.to !== to) {
			this.#origin = { from: Math.min(o.from, from), to: Math.max(o.to, to), literal: false };
		}
	}

	#flush(): void {
		this.#lines.push(this.#partial);
		this.#origins.push(this.#origin ?? { from: 0, to: 0, literal: false });
		this.#partial = '';
		this.#origin = undefined;
	}
}
