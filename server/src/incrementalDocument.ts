/**
 * The server's open documents: text kept in chunks, so an edit costs time in proportion to
 * the edit, not to the document.
 *
 * Why: `vscode-languageserver-textdocument` rebuilds the whole string per content change
 * (V8 flattens the previous concatenation before slicing it) and shifts every later line
 * offset, about 10 ms per keystroke on 1 MB. A typing burst of 1,000 changes a second then
 * queues work faster than it is done, and every request waits behind it.
 *
 * Design: a rope of depth one. The text is an array of chunks of at most {@link MAX_CHUNK}
 * UTF-16 code units, each with its number of line breaks. An edit finds its chunks by walking
 * that array (a few thousand additions for 10 MB), rebuilds only the chunks it touches and
 * recounts their breaks: O(edit + chunk size + number of chunks), microseconds. The whole text
 * is joined only when someone asks for it (`getText()`), once per version asked for, so a
 * burst of edits with a request at its end costs one join. Line starts for `positionAt` are
 * computed from that joined text, also once per version asked for.
 *
 * Lines follow LSP exactly: `\n`, `\r\n` and a lone `\r` end a line, characters are UTF-16
 * code units, a position past the end of its line means the line's end. To keep every `\r\n`
 * inside one chunk, no chunk but the last ends with `\r`.
 *
 * Each update also records the offsets it changed ({@link IncrementalTextDocument.changesSince}),
 * so the service re-parses only the lines the edits touched.
 */
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextChange } from './service';

/** Chunks longer than this are split (to about {@link TARGET_CHUNK} each). */
const MAX_CHUNK = 16 * 1024;
const TARGET_CHUNK = 8 * 1024;
/** A rebuilt chunk shorter than this is merged with its neighbour, so deletions do not leave a trail of tiny chunks. */
const MIN_CHUNK = 2 * 1024;
/** Edits remembered for {@link IncrementalTextDocument.changesSince}; older versions get `undefined` (a full parse). */
const MAX_LOG = 4096;
/** Changed stretches reported at most; more are reported as one (from the first to the last). */
const MAX_CHANGES = 64;

const LF = 10;
const CR = 13;

/** One content change: offsets [from, to) of the text before it became `length` characters, in update `version`. */
interface LogEntry {
	readonly version: number;
	readonly from: number;
	readonly to: number;
	readonly length: number;
}

export class IncrementalTextDocument implements TextDocument {
	#version: number;
	#chunks: string[] = [];
	/** Line breaks in each chunk (`\r\n` counts once). */
	#breaks: number[] = [];
	#length = 0;
	#lineBreaks = 0;
	/** The joined text of the current version, once asked for. */
	#text: string | undefined;
	/** Offsets of line starts in {@link #text}, once asked for. */
	#lineStarts: Int32Array | undefined;
	/** The version the log starts from, then one entry per update. */
	#logBase: number;
	#log: LogEntry[] = [];

	constructor(
		readonly uri: string,
		readonly languageId: string,
		version: number,
		content: string,
	) {
		this.#version = version;
		this.#logBase = version;
		this.#setContent(content);
	}

	get version(): number {
		return this.#version;
	}

	get lineCount(): number {
		return this.#lineBreaks + 1;
	}

	getText(range?: Range): string {
		if (this.#text === undefined) {
			this.#text = this.#chunks.length === 1 ? this.#chunks[0] : this.#chunks.join('');
		}
		if (range) {
			return this.#text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
		}
		return this.#text;
	}

	positionAt(offset: number): Position {
		const text = this.getText();
		offset = Math.max(0, Math.min(offset, text.length));
		const starts = (this.#lineStarts ??= computeLineStarts(text));
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >>> 1;
			if (starts[mid] <= offset) {
				lo = mid;
			} else {
				hi = mid - 1;
			}
		}
		// An offset between `\r` and `\n` means the end of the line, as in vscode-languageserver-textdocument.
		const start = starts[lo];
		while (offset > start && isEOL(text.charCodeAt(offset - 1))) {
			offset--;
		}
		return { line: lo, character: offset - start };
	}

	offsetAt(position: Position): number {
		if (position.line < 0) {
			return 0;
		}
		if (position.line > this.#lineBreaks) {
			return this.#length;
		}
		const lineStart = this.#lineStart(position.line);
		if (position.character <= 0) {
			return lineStart;
		}
		return this.#lineContentEnd(lineStart, lineStart + position.character);
	}

	/**
	 * What changed since `version`: sorted, disjoint stretches, each the old text from `oldStart`
	 * to `oldEnd` that became the current text from `newStart` to `newEnd`; the text between them
	 * is unchanged. `undefined` when this document does not know that version (too old, or never its own).
	 */
	changesSince(version: number): TextChange[] | undefined {
		if (version === this.#version) {
			return [];
		}
		// The log's states are its base version, then each update's; the edits after `version`'s state compose.
		let i = this.#logBase === version ? 0 : -1;
		for (let k = 0; i === -1 && k < this.#log.length; k++) {
			if (this.#log[k].version === version && this.#log[k + 1]?.version !== version) {
				i = k + 1;
			}
		}
		if (i === -1 || i >= this.#log.length) {
			return undefined;
		}
		const changes: { oldStart: number; oldEnd: number; newStart: number; newEnd: number }[] = [];
		for (let k = i; k < this.#log.length; k++) {
			const { from, to, length } = this.#log[k];
			const delta = length - (to - from);
			// The changes the edit overlaps or touches (in current offsets) merge with it.
			let a = 0;
			while (a < changes.length && changes[a].newEnd < from) a++;
			let b = a;
			while (b < changes.length && changes[b].newStart <= to) b++;
			let merged;
			if (a === b) {
				const before = a > 0 ? changes[a - 1].newEnd - changes[a - 1].oldEnd : 0;
				merged = { oldStart: from - before, oldEnd: to - before, newStart: from, newEnd: to + delta };
			} else {
				const newStart = Math.min(from, changes[a].newStart);
				const newEnd = Math.max(to, changes[b - 1].newEnd);
				merged = {
					oldStart: changes[a].oldStart - (changes[a].newStart - newStart),
					oldEnd: changes[b - 1].oldEnd + (newEnd - changes[b - 1].newEnd),
					newStart,
					newEnd: newEnd + delta,
				};
			}
			for (let c = b; c < changes.length; c++) {
				changes[c].newStart += delta;
				changes[c].newEnd += delta;
			}
			changes.splice(a, b - a, merged);
			if (changes.length > MAX_CHANGES) {
				const all = { oldStart: changes[0].oldStart, oldEnd: changes[changes.length - 1].oldEnd, newStart: changes[0].newStart, newEnd: changes[changes.length - 1].newEnd };
				changes.length = 0;
				changes.push(all);
			}
		}
		return changes;
	}

	/** Applies content changes in order (each relative to the text the previous one left), then sets `version`. */
	update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
		// Versions must grow; when they do not, forget what changed before.
		const logged = version > this.#version;
		if (!logged) {
			this.#logBase = version;
			this.#log = [];
		}
		for (const change of changes) {
			let from = 0;
			let to = this.#length;
			if ('range' in change && change.range) {
				const range = wellFormed(change.range);
				from = this.offsetAt(range.start);
				to = Math.max(from, this.offsetAt(range.end));
				this.#replace(from, to, change.text);
			} else {
				this.#setContent(change.text);
			}
			if (logged) {
				this.#log.push({ version, from, to, length: change.text.length });
			}
		}
		this.#text = undefined;
		this.#lineStarts = undefined;
		if (this.#log.length > MAX_LOG) {
			// Drop the older half, whole updates only.
			let drop = MAX_LOG >> 1;
			while (drop < this.#log.length && this.#log[drop].version === this.#log[drop - 1].version) drop++;
			this.#logBase = this.#log[drop - 1].version;
			this.#log.splice(0, drop);
		}
		this.#version = version;
	}

	#setContent(text: string): void {
		this.#chunks = [];
		this.#breaks = [];
		this.#length = text.length;
		this.#lineBreaks = 0;
		this.#insertChunks(0, text);
		this.#text = text;
		this.#lineStarts = undefined;
	}

	/** Replaces offsets [from, to) with `text`, rebuilding only the chunks they touch. */
	#replace(from: number, to: number, text: string): void {
		if (this.#chunks.length === 0) {
			this.#length = text.length;
			this.#insertChunks(0, text);
			return;
		}
		// First chunk: the one holding `from` (the last one when `from` is the end).
		let first = 0;
		let firstStart = 0;
		while (first < this.#chunks.length - 1 && from >= firstStart + this.#chunks[first].length) {
			firstStart += this.#chunks[first].length;
			first++;
		}
		// Last chunk: the one holding the character before `to` (the first one for an insertion).
		let last = first;
		let lastStart = firstStart;
		while (last < this.#chunks.length - 1 && to > lastStart + this.#chunks[last].length) {
			lastStart += this.#chunks[last].length;
			last++;
		}
		let joined = this.#chunks[first].slice(0, from - firstStart) + text + this.#chunks[last].slice(to - lastStart);
		// Keep `\r\n` within a chunk: a piece ending with `\r` takes in the next chunk.
		while (joined.charCodeAt(joined.length - 1) === CR && last < this.#chunks.length - 1) {
			last++;
			joined += this.#chunks[last];
		}
		// Merge a small result with the chunk before it (which never ends with `\r`).
		if (joined.length < MIN_CHUNK && first > 0 && this.#chunks[first - 1].length + joined.length <= MAX_CHUNK) {
			first--;
			joined = this.#chunks[first] + joined;
		}
		let removedBreaks = 0;
		for (let i = first; i <= last; i++) {
			removedBreaks += this.#breaks[i];
		}
		this.#chunks.splice(first, last - first + 1);
		this.#breaks.splice(first, last - first + 1);
		this.#lineBreaks -= removedBreaks;
		this.#length += text.length - (to - from);
		this.#insertChunks(first, joined);
	}

	/** Inserts `text` as chunks at index `at`, cut so that no chunk ends with `\r` unless it is the text's end. */
	#insertChunks(at: number, text: string): void {
		const pieces: string[] = [];
		const counts: number[] = [];
		let pos = 0;
		while (pos < text.length) {
			let end = text.length - pos <= MAX_CHUNK ? text.length : pos + TARGET_CHUNK;
			while (end < text.length && text.charCodeAt(end - 1) === CR) {
				end++;
			}
			const piece = text.slice(pos, end);
			const count = countBreaks(piece);
			pieces.push(piece);
			counts.push(count);
			this.#lineBreaks += count;
			pos = end;
		}
		if (pieces.length === 1) {
			this.#chunks.splice(at, 0, pieces[0]);
			this.#breaks.splice(at, 0, counts[0]);
		} else if (pieces.length > 0) {
			this.#chunks.splice(at, 0, ...pieces);
			this.#breaks.splice(at, 0, ...counts);
		}
	}

	/** Offset where line `line` (1 ≤ line ≤ line breaks, or 0) starts. */
	#lineStart(line: number): number {
		if (line === 0) {
			return 0;
		}
		let seen = 0;
		let offset = 0;
		for (let i = 0; i < this.#chunks.length; i++) {
			const chunk = this.#chunks[i];
			if (seen + this.#breaks[i] >= line) {
				// The (line - seen)-th break of this chunk; the line starts after it.
				let wanted = line - seen;
				for (let p = 0; p < chunk.length; p++) {
					const c = chunk.charCodeAt(p);
					if (c === LF || c === CR) {
						if (c === CR && chunk.charCodeAt(p + 1) === LF) {
							p++;
						}
						if (--wanted === 0) {
							return offset + p + 1;
						}
					}
				}
			}
			seen += this.#breaks[i];
			offset += chunk.length;
		}
		return this.#length;
	}

	/** `limit`, or where the line starting at `lineStart` ends (before its break) when that comes first. */
	#lineContentEnd(lineStart: number, limit: number): number {
		limit = Math.min(limit, this.#length);
		let chunkStart = 0;
		let i = 0;
		while (i < this.#chunks.length && chunkStart + this.#chunks[i].length <= lineStart) {
			chunkStart += this.#chunks[i].length;
			i++;
		}
		for (; i < this.#chunks.length && chunkStart < limit; i++) {
			const chunk = this.#chunks[i];
			const from = Math.max(0, lineStart - chunkStart);
			const to = Math.min(chunk.length, limit - chunkStart);
			const lf = chunk.indexOf('\n', from);
			const cr = chunk.indexOf('\r', from);
			const eol = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
			if (eol !== -1 && eol < to) {
				return chunkStart + eol;
			}
			chunkStart += chunk.length;
		}
		return limit;
	}
}

/** Creates and updates {@link IncrementalTextDocument}s for `TextDocuments`. */
export const incrementalDocuments: TextDocumentsConfiguration<IncrementalTextDocument> = {
	create: (uri, languageId, version, content) => new IncrementalTextDocument(uri, languageId, version, content),
	update: (document, changes, version) => {
		document.update(changes, version);
		return document;
	},
};

function isEOL(c: number): boolean {
	return c === LF || c === CR;
}

/** Line breaks in `s`: each `\n`, each `\r\n`, each lone `\r`. */
function countBreaks(s: string): number {
	let n = 0;
	for (let p = s.indexOf('\n'); p !== -1; p = s.indexOf('\n', p + 1)) {
		n++;
	}
	for (let p = s.indexOf('\r'); p !== -1; p = s.indexOf('\r', p + 1)) {
		if (s.charCodeAt(p + 1) !== LF) {
			n++;
		}
	}
	return n;
}

/** Offsets where each line starts (the first is 0). */
function computeLineStarts(text: string): Int32Array {
	const starts: number[] = [0];
	for (let p = 0; p < text.length; p++) {
		const c = text.charCodeAt(p);
		if (c === LF || c === CR) {
			if (c === CR && text.charCodeAt(p + 1) === LF) {
				p++;
			}
			starts.push(p + 1);
		}
	}
	return Int32Array.from(starts);
}

/** The range with its start before its end. */
function wellFormed(range: Range): Range {
	const { start, end } = range;
	return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}
