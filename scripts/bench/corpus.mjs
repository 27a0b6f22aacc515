// Deterministic Gemtext corpus for `npm run bench`, and the loader for a folder of .gmi files.
//
// The generator mimics what capsules look like (real capsules, e.g. the corpus `npm run check:corpus` reads, look the same): paragraphs
// written as one long line each, blank lines between blocks, headings (a few without the space),
// link lists with absolute and relative URLs, list items, quotes, ``` blocks with code, some CRLF
// files and some non-ASCII prose. Same seed, same bytes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** mulberry32: a tiny seeded PRNG, good enough for test data. */
export function createRandom(seed) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
		pick: (items) => items[Math.floor(next() * items.length)],
		chance: (p) => next() < p,
	};
}

const WORDS = (
	'the of and to in is that for it as was with be by on not he this are or his from at which but have an ' +
	'they you were her she there been one all we their has would when if so no will more about what out up ' +
	'capsule gemini protocol server client certificate request response status header document line link ' +
	'heading quote list preformatted text editor browser small internet simple privacy plain markup writing ' +
	'garden bicycle morning coffee weather mountain river winter summer library project release version ' +
	'terminal keyboard compiler kernel memory network packet latency bandwidth reader author page archive'
).split(' ');
const NON_ASCII_WORDS = (
	'über straße café naïve résumé déjà vu Ångström smørrebrød žluťoučký пример текст привет ' +
	'日本語 文章 東京 こんにちは 世界 中文 测试 한국어 안녕하세요 ελληνικά λόγος 🙂 🚀 ✨ — … « » “ ”'
).split(' ');
const LANGS = ['', '', 'sh', 'bash', 'python', 'js', 'c', 'go', 'rust', 'lisp', 'ascii art of a cat', 'text'];
const CODE = [
	'for i in $(seq 1 10); do echo "$i"; done',
	'def parse(text):\n\treturn [line for line in text.splitlines()]',
	'const lines = text.split("\\n").map((l) => l.trimEnd());',
	'#include <stdio.h>\nint main(void) { puts("hello, gemini"); return 0; }',
	'  /\\_/\\\n ( o.o )\n  > ^ <',
	'$ openssl req -x509 -newkey rsa:4096 -keyout key.pem -out cert.pem -days 365 -nodes',
	'* not a list item inside a block',
	'=> not/a/link.gmi inside a block',
	'# not a heading inside a block',
];
const HOSTS = ['example.org', 'gemini.circumlunar.space', 'geminiprotocol.net', 'tilde.team', 'rawtext.club', 'flounder.online'];
const TLDS = ['gmi', 'gmi', 'gmi', 'txt', 'png', 'jpg', 'html', ''];

function sentence(r, nonAscii) {
	const n = r.int(6, 22);
	const words = [];
	for (let i = 0; i < n; i++) {
		words.push(nonAscii && r.chance(0.25) ? r.pick(NON_ASCII_WORDS) : r.pick(WORDS));
	}
	const s = words.join(' ');
	return s[0].toUpperCase() + s.slice(1) + r.pick(['.', '.', '.', '?', '!', ':']);
}

function paragraph(r, nonAscii) {
	const n = r.int(1, 9);
	const parts = [];
	for (let i = 0; i < n; i++) parts.push(sentence(r, nonAscii));
	let p = parts.join(' ');
	if (r.chance(0.1)) p = p.replace(' the ', ' `the` ');
	return p;
}

function title(r, nonAscii) {
	const s = sentence(r, nonAscii).slice(0, -1);
	return s.length > 60 ? s.slice(0, s.lastIndexOf(' ', 60) + 1 || 60).trimEnd() : s;
}

function url(r) {
	const path = `${r.pick(WORDS)}/${r.pick(WORDS)}-${r.int(1, 999)}${(() => { const t = r.pick(TLDS); return t ? '.' + t : '/'; })()}`;
	switch (r.int(0, 5)) {
		case 0: return `gemini://${r.pick(HOSTS)}/${path}`;
		case 1: return `https://${r.pick(HOSTS)}/${path}`;
		case 2: return `/${path}`;
		case 3: return `../${path}`;
		default: return path;
	}
}

function linkLine(r, nonAscii) {
	const u = url(r);
	const sep = r.chance(0.9) ? ' ' : r.pick(['', '\t', '  ']);
	if (r.chance(0.1)) return `=>${sep}${u}`;
	const label = r.chance(0.3) ? `${2000 + r.int(0, 25)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')} - ${title(r, nonAscii)}` : title(r, nonAscii);
	return `=>${sep || ' '}${u}${r.chance(0.9) ? ' ' : '\t'}${label}`;
}

/** One document of about `target` UTF-16 code units. */
export function generateDocument(r, target) {
	const nonAscii = r.chance(0.2);
	const eol = r.chance(0.15) ? '\r\n' : '\n';
	const out = [];
	let size = 0;
	const push = (line) => {
		out.push(line);
		size += line.length + 1;
	};
	push((r.chance(0.05) ? '\ufeff# ' : '# ') + title(r, nonAscii));
	push('');
	while (size < target) {
		const k = r.next();
		if (k < 0.42) {
			push(paragraph(r, nonAscii));
			push('');
		} else if (k < 0.52) {
			const level = r.int(2, 3);
			push('#'.repeat(level) + (r.chance(0.9) ? ' ' : '') + title(r, nonAscii));
			push('');
		} else if (k < 0.66) {
			const n = r.int(2, 15);
			for (let i = 0; i < n; i++) push(linkLine(r, nonAscii));
			push('');
		} else if (k < 0.78) {
			const n = r.int(2, 8);
			for (let i = 0; i < n; i++) push('* ' + (r.chance(0.5) ? title(r, nonAscii) : sentence(r, nonAscii)));
			push('');
		} else if (k < 0.86) {
			const n = r.int(1, 4);
			for (let i = 0; i < n; i++) push((r.chance(0.85) ? '> ' : '>') + paragraph(r, nonAscii));
			push('');
		} else if (k < 0.93) {
			push('```' + r.pick(LANGS));
			const n = r.int(1, 6);
			for (let i = 0; i < n; i++) {
				for (const l of r.pick(CODE).split('\n')) push(l);
			}
			push(r.chance(0.95) ? '```' : '````');
			push('');
		} else {
			// Lines that look like markup but are text by the spec's rules.
			push(r.pick([' # indented', ' => indented', '*not a list', '**bold?**', '*\ttab', '', '---']));
		}
	}
	return out.join(eol) + (r.chance(0.9) ? eol : '');
}

/**
 * A corpus of `count` documents, about `totalBytes` in all. Sizes are log-normal-ish
 * (most pages a few KB, a few long ones), like real capsules.
 * @returns {{ name: string, text: string }[]}
 */
export function generateCorpus({ seed = 0x6e6d69, totalBytes = 16 * 1024 * 1024 } = {}) {
	const r = createRandom(seed);
	const docs = [];
	let size = 0;
	for (let i = 0; size < totalBytes; i++) {
		const target = Math.min(Math.round(Math.exp(7 + r.next() * 5)), 400_000);
		const text = generateDocument(r, target);
		docs.push({ name: `generated/${String(i).padStart(4, '0')}.gmi`, text });
		size += text.length;
	}
	return docs;
}

/** Every .gmi / .gemini file below `dir`, sorted by path so runs are comparable. */
export function loadCorpus(dir) {
	const files = [];
	const walk = (d) => {
		for (const name of readdirSync(d).sort()) {
			const p = join(d, name);
			const st = statSync(p);
			if (st.isDirectory()) walk(p);
			else if (/\.(gmi|gemini)$/i.test(name)) files.push(p);
		}
	};
	walk(dir);
	return files.map((p) => ({ name: relative(dir, p), text: readFileSync(p, 'utf8') }));
}

/**
 * One document of at least `bytes` UTF-8 bytes, made of the corpus's own documents one after
 * another (each cut at a line break), so its mix of lines is the corpus's.
 */
export function concatenate(docs, bytes) {
	const parts = [];
	let size = 0;
	for (let i = 0; size < bytes; i++) {
		const t = docs[i % docs.length].text.replace(/^\ufeff/, '');
		const text = t.endsWith('\n') ? t : t + '\n';
		parts.push(text);
		size += Buffer.byteLength(text, 'utf8');
	}
	return parts.join('');
}
