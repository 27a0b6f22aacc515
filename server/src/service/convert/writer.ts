/**
 * Writes converted blocks as Gemtext: one line per paragraph, links of a block collected
 * into `=> url label` lines after it, headings clamped to three levels, lists flat, code
 * and tables in preformatted blocks.
 */
import type { Block, Inline } from './blocks';

interface CollectedLink {
	readonly url: string;
	readonly label: string;
}

/** Gemtext for `blocks`, ending with one newline (empty for no blocks). */
export function writeGemtext(blocks: readonly Block[]): string {
	const chunks: string[] = [];
	for (const block of blocks) {
		const lines = writeBlock(block);
		if (lines.length > 0) {
			chunks.push(lines.join('\n'));
		}
	}
	return chunks.length === 0 ? '' : chunks.join('\n\n') + '\n';
}

function writeBlock(block: Block): string[] {
	switch (block.kind) {
		case 'heading': {
			const links: CollectedLink[] = [];
			const text = flatten(block.inlines, links);
			const level = Math.min(Math.max(block.level, 1), 3);
			const lines = text === '' ? [] : ['#'.repeat(level) + ' ' + text];
			return [...lines, ...linkLines(links)];
		}
		case 'paragraph': {
			const links: CollectedLink[] = [];
			const text = flatten(block.inlines, links);
			// A paragraph that is only links or images (a badge row, a bare URL) becomes just its link lines.
			const onlyLinks = block.inlines.every((i) => i.kind === 'image' || i.kind === 'link' || i.kind === 'break' || (i.kind === 'text' && i.text.trim() === ''));
			const lines = text === '' || (onlyLinks && links.length > 0) ? [] : [asTextLine(text)];
			return [...lines, ...linkLines(links)];
		}
		case 'list': {
			const links: CollectedLink[] = [];
			const lines: string[] = [];
			for (const item of block.items) {
				const text = flatten(item, links);
				if (text !== '') {
					lines.push('* ' + text);
				}
			}
			return [...lines, ...linkLines(links)];
		}
		case 'code':
			return preformatted(block.lang, block.text);
		case 'table': {
			const links: CollectedLink[] = [];
			const rows = block.rows.map((row) => row.map((cell) => flatten(cell, links)));
			return [...preformatted('table', formatTable(rows)), ...linkLines(links)];
		}
		case 'quote': {
			const links: CollectedLink[] = [];
			const lines: string[] = [];
			const after: string[][] = [];
			for (const inner of block.blocks) {
				if (inner.kind === 'code' || inner.kind === 'table') {
					// A quote line cannot hold preformatted text: the block follows the quote.
					after.push(writeBlock(inner));
				} else if (inner.kind === 'quote') {
					const nested = writeBlock(inner);
					lines.push(...nested.filter((l) => l.startsWith('>')));
					after.push(nested.filter((l) => !l.startsWith('>')));
				} else if (inner.kind === 'list') {
					for (const item of inner.items) {
						const text = flatten(item, links);
						if (text !== '') lines.push('> ' + text);
					}
				} else {
					const text = flatten(inner.inlines, links);
					if (text !== '') lines.push('> ' + text);
				}
			}
			const result = [...lines, ...linkLines(links)];
			for (const a of after) {
				if (a.length > 0) result.push('', ...a);
			}
			return result;
		}
	}
}

/** The text of inline content on one line, its links and images appended to `links`. */
function flatten(inlines: readonly Inline[], links: CollectedLink[]): string {
	// Each link's text is collected on its own, so a paragraph of many links stays linear.
	const collect = (list: readonly Inline[]): string => {
		const parts: string[] = [];
		for (const inline of list) {
			switch (inline.kind) {
				case 'text':
					parts.push(inline.text);
					break;
				case 'break':
					parts.push(' ');
					break;
				case 'image':
					if (inline.url !== '') links.push({ url: inline.url, label: oneLine(inline.alt) || 'Image' });
					break;
				case 'link': {
					const text = collect(inline.children);
					parts.push(text);
					// A linked image (a badge) has no text of its own: its alt text names the link.
					const image = inline.children.find((c) => c.kind === 'image');
					const label = oneLine(text) || (image?.kind === 'image' ? oneLine(image.alt) : '');
					if (inline.url !== '') links.push({ url: inline.url, label: label === inline.url ? '' : label });
					break;
				}
			}
		}
		return parts.join('');
	};
	return oneLine(collect(inlines));
}

/** Whitespace (hard wraps, tabs) collapsed: a Gemtext text line is one line. */
function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

function linkLines(links: readonly CollectedLink[]): string[] {
	const seen = new Set<string>();
	const lines: string[] = [];
	for (const { url, label } of links) {
		const line = label === '' ? `=> ${url}` : `=> ${url} ${label}`;
		if (!seen.has(line)) {
			seen.add(line);
			lines.push(line);
		}
	}
	return lines;
}

/** Text that would read as another line type (`# x`, `=> x`, `* x`, `> x`, a fence) gets a leading space, which Gemtext shows as text. */
function asTextLine(text: string): string {
	return /^(#|=>|\* |>|```)/.test(text) ? ' ' + text : text;
}

function preformatted(alt: string, text: string): string[] {
	const body = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
	// A line starting with ``` would close the block early: indent it by one space.
	const lines = body === '' ? [] : body.split('\n').map((l) => (l.startsWith('```') ? ' ' + l : l));
	return ['```' + oneLine(alt), ...lines, '```'];
}

function formatTable(rows: readonly (readonly string[])[]): string {
	const columns = Math.max(0, ...rows.map((r) => r.length));
	const widths: number[] = [];
	for (let c = 0; c < columns; c++) {
		widths.push(Math.max(0, ...rows.map((r) => [...(r[c] ?? '')].length)));
	}
	const line = (cells: readonly string[]): string => widths.map((w, c) => (cells[c] ?? '').padEnd(w + (cells[c]?.length ?? 0) - [...(cells[c] ?? '')].length)).join(' | ').trimEnd();
	const out: string[] = [];
	rows.forEach((row, i) => {
		out.push(line(row));
		if (i === 0 && rows.length > 1) {
			out.push(widths.map((w) => '-'.repeat(Math.max(w, 1))).join('-+-'));
		}
	});
	return out.join('\n');
}
