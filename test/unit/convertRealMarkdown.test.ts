// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- markdown-it ships no types: the service declares the part it uses.
/// <reference path="../../server/src/service/convert/markdownIt.d.ts" />
/**
 * The Markdown converter over real documents: the READMEs of the packages in this
 * repository's node_modules. Whatever they contain, every heading, link URL and code
 * block must survive, and no Markdown inline syntax may be left in the text.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { convertMarkdownToGemtext } from '../../server/src/service/convert';

const root = join(__dirname, '..', '..', '..', 'node_modules');
const MAX_SIZE = 256 * 1024;

function readmes(): string[] {
	const files: string[] = [];
	const add = (dir: string): void => {
		for (const name of ['README.md', 'readme.md', 'Readme.md', 'CHANGELOG.md']) {
			const path = join(dir, name);
			try {
				const stat = statSync(path);
				if (stat.isFile() && stat.size < MAX_SIZE) files.push(path);
			} catch {
				// Not there.
			}
		}
	};
	for (const name of readdirSync(root).sort()) {
		if (name.startsWith('@')) {
			for (const sub of readdirSync(join(root, name)).sort()) add(join(root, name, sub));
		} else {
			add(join(root, name));
		}
	}
	return files;
}

type Token = ReturnType<MarkdownIt['parse']>[number];

/** Headings, link URLs, code blocks and inline code of the input, as the same parser reads them. */
function inventory(markdown: string): { headings: string[]; urls: string[]; code: string[]; literals: string[] } {
	const tokens = new MarkdownIt('default', { html: true, linkify: true }).parse(markdown, {});
	const headings: string[] = [];
	const urls: string[] = [];
	const code: string[] = [];
	const literals: string[] = [];
	const text = (t: Token): string => (t.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
	tokens.forEach((t, i) => {
		if (t.type === 'heading_open') headings.push(text(tokens[i + 1]).replace(/\s+/g, ' ').trim());
		if (t.type === 'fence' || t.type === 'code_block') code.push(t.content);
		for (const c of t.children ?? []) {
			if (c.type === 'link_open') urls.push(c.attrGet('href') ?? '');
			if (c.type === 'image') urls.push(c.attrGet('src') ?? '');
			// Code spans, and text the input escaped (\_, &#96;, `<code>`), are literal: markers in them are text.
			if (c.type === 'code_inline' || (c.type === 'text' && /[*_`[\]~<>!]/.test(c.content))) literals.push(c.content);
		}
	});
	return { headings: headings.filter((h) => h !== ''), urls: urls.filter((u) => u !== ''), code, literals };
}

describe('convertMarkdownToGemtext on the READMEs in node_modules', () => {
	const files = readmes();

	it('finds enough real documents to mean something', () => {
		assert.ok(files.length >= 30, `only ${files.length} READMEs`);
	});

	for (const file of files) {
		it(file.slice(root.length + 1), () => {
			const markdown = readFileSync(file, 'utf8');
			const gemtext = convertMarkdownToGemtext(markdown).text;
			const lines = gemtext.split('\n');
			const { headings, urls, code, literals } = inventory(markdown);

			const headingLines = new Set(lines.filter((l) => /^#{1,3} /.test(l)).map((l) => l.replace(/^#+ /, '')));
			for (const heading of headings) {
				assert.ok(headingLines.has(heading), `heading ${JSON.stringify(heading)} missing`);
			}
			const linkUrls = new Set(lines.filter((l) => l.startsWith('=>')).map((l) => l.slice(2).trim().split(/\s/)[0]));
			for (const url of urls) {
				assert.ok(linkUrls.has(url), `link ${url} missing`);
			}
			for (const block of code) {
				const expected = block.replace(/\n$/, '').split('\n').map((l) => (l.startsWith('```') ? ' ' + l : l)).join('\n');
				assert.ok(gemtext.includes('\n' + expected + '\n```'), `code block ${JSON.stringify(block.slice(0, 60))} missing`);
			}

			// Text lines: no emphasis, link, image or code span left once the input's literal text is taken out.
			const inline = new MarkdownIt('default', { linkify: false });
			let pre = false;
			for (const line of lines) {
				if (line.startsWith('```')) pre = !pre;
				if (pre || line.startsWith('```') || line.startsWith('=>')) continue;
				let text = line;
				for (const literal of [...literals].sort((a, b) => b.length - a.length)) if (literal.length > 0) text = text.split(literal).join(' ');
				const found = (inline.parseInline(text, {})[0]?.children ?? []).filter((c) => ['em_open', 'strong_open', 's_open', 'link_open', 'image', 'code_inline'].includes(c.type));
				assert.deepEqual(found.map((c) => c.type), [], `Markdown left in ${JSON.stringify(line)}`);
			}
		});
	}
});
