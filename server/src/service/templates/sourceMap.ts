/**
 * Positions between a template and the document it generates. Features run on the
 * generated document; their results come back to the template's own lines through here.
 *
 * A generated line printed from one template line keeps its columns (escapes rewrite
 * characters in place). A line printed by code (a helper, a command, a block) maps to the
 * whole code: its template lines, from the start of the first to the end of the last.
 */
import type { Position, Range } from '../document';
import type { LineOrigin, TemplateExpansion } from './expand';

export class TemplateSourceMap {
	readonly #origins: readonly LineOrigin[];
	readonly #templateLines: readonly string[];
	/** Template line → the generated line printing it, for literal lines. */
	readonly #generatedOf = new Map<number, number>();

	constructor(expansion: Pick<TemplateExpansion, 'origins' | 'templateLines'>) {
		this.#origins = expansion.origins;
		this.#templateLines = expansion.templateLines;
		expansion.origins.forEach((o, line) => {
			if (o.literal) {
				this.#generatedOf.set(o.from, line);
			}
		});
	}

	/** Where a generated line comes from (`undefined` past the end). */
	originOf(generatedLine: number): LineOrigin | undefined {
		return this.#origins[generatedLine];
	}

	/** Whether a generated line is a template line printed as it is. */
	isLiteral(generatedLine: number): boolean {
		return this.#origins[generatedLine]?.literal === true;
	}

	/** The template position of a generated position; `end` picks the end of generated code's span. */
	toTemplatePosition(p: Position, end = false): Position {
		const o = this.#origins[p.line];
		if (!o) {
			const last = Math.max(0, this.#templateLines.length - 1);
			return { line: last, character: this.#templateLines[last]?.length ?? 0 };
		}
		if (o.literal) {
			return { line: o.from, character: Math.min(p.character, this.#templateLines[o.from]?.length ?? p.character) };
		}
		return end ? { line: o.to, character: this.#templateLines[o.to]?.length ?? 0 } : { line: o.from, character: 0 };
	}

	/** The template range of a generated range. */
	toTemplateRange(r: Range): Range {
		const start = this.toTemplatePosition(r.start);
		// An empty range at a line's start in generated code stays empty.
		const empty = r.start.line === r.end.line && r.start.character === r.end.character;
		return { start, end: empty && !this.isLiteral(r.start.line) ? start : this.toTemplatePosition(r.end, true) };
	}

	/** The generated position of a template position, when that line is printed as it is. */
	toGeneratedPosition(p: Position): Position | undefined {
		const line = this.#generatedOf.get(p.line);
		return line === undefined ? undefined : { line, character: p.character };
	}
}
