/**
 * `gemtext check --fix`: every safe quick fix of each file (the editor's `source.fixAll.gemtext`),
 * written back before the check, so the problems printed are those left. A file is fixed in
 * at most a few passes (a fix can reveal another, as a converted Markdown link may hold a space).
 */
import { writeFile } from 'node:fs/promises';
import { URI } from 'vscode-uri';
import { applyTextEdits, type IGemtextService, type TextSnapshot } from '../service';

/** One fix made, 1-based as printed. */
export interface Fix {
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly code: string;
}

/** Passes per file at most: each pass fixes what the previous one revealed. */
const MAX_PASSES = 8;

const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/**
 * Fixes `snapshot` in place (the service sees the new text as open) and writes the file
 * when it changed. `hasBom`: the file started with a byte order mark, which decoding took
 * off and writing puts back. Codes in `skip` are not fixed. Returns the fixes, positions as in the pass that made them.
 */
export async function fixFile(service: IGemtextService, snapshot: TextSnapshot, hasBom: boolean, file: string, skip: ReadonlySet<string>): Promise<{ snapshot: TextSnapshot; fixes: Fix[] }> {
	const fixes: Fix[] = [];
	let current = snapshot;
	for (let pass = 0; pass < MAX_PASSES; pass++) {
		const { edits, fixed } = await service.getFixAllEdits(current, undefined, skip);
		if (edits.length === 0) {
			break;
		}
		const text = applyTextEdits(current.getText(), edits);
		current = { uri: current.uri, version: current.version + 1, getText: () => text };
		service.setOpenDocument(current);
		fixes.push(...fixed.map((f) => ({ file, line: f.range.start.line + 1, column: f.range.start.character + 1, code: f.code })));
	}
	if (current !== snapshot) {
		const bytes = new TextEncoder().encode(current.getText());
		await writeFile(URI.parse(current.uri).fsPath, hasBom ? Buffer.concat([UTF8_BOM, bytes]) : bytes);
	}
	return { snapshot: current, fixes };
}
