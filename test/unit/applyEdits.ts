import { strict as assert } from 'node:assert';
import type { TextEdit } from '../../server/src/service/types';

/** Applies LSP-shaped edits (sorted, non-overlapping) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
	}
	const offset = (p: { line: number; character: number }): number => (p.line < starts.length ? starts[p.line] + p.character : text.length);
	let out = '';
	let pos = 0;
	for (const e of edits) {
		const from = offset(e.range.start);
		const to = offset(e.range.end);
		if (from < pos) {
			assert.fail(`edits overlap or are out of order at ${JSON.stringify(e.range)}`);
		}
		out += text.slice(pos, from) + e.newText;
		pos = to;
	}
	return out + text.slice(pos);
}
