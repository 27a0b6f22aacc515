// Golden test of the Gemtexter preview style against real Gemtexter output.
//
//   npm run test:golden -- ../shared/golden/gemtexter
//
// Renders every `X.gmi` below the given directories with the `gemtexter` style and compares
// it with `X.body.html`, byte for byte. Uses `renderHtml` of the built dist/service.js
// (`npm run test:golden` builds first); without that bundle, bundles server/src/service/render
// in memory with esbuild.
//
// Encoding, the same as `gemtext render` (server/src/cli/render.ts): the renderer takes a
// JS string. Valid UTF-8 is decoded as UTF-8 (BOM kept) and the HTML encoded back as UTF-8,
// so the comparison is byte for byte and shows what the CLI prints. Gemtexter passes invalid
// bytes through untouched, so a file that is not valid UTF-8 is decoded as Latin-1 (one char
// per byte, lossless) and the HTML encoded back as Latin-1: again a byte-for-byte check.
// (UTF-8 with U+FFFD replacement would lose the bytes; Latin-1 for every file would
// mis-decode `⇢`, which Gemtexter's TOC lists test for.)
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dirs = process.argv.slice(2);
if (dirs.length === 0) {
	dirs.push(resolve(root, '../shared/golden/gemtexter'));
}

/** `render(text)`: Gemtexter-style body HTML of a Gemtext string. */
async function loadRenderer() {
	const options = { style: 'gemtexter' };
	const dist = join(root, 'dist/service.js');
	if (existsSync(dist)) {
		const mod = await import(dist);
		const api = mod.default ?? mod;
		// The library entry takes text; a document-taking renderHtml needs parseGemtext first.
		const candidates = [
			(text) => api.renderHtml(text, options),
			(text) => api.renderHtml(api.parseGemtext(text), options),
		];
		for (const render of candidates) {
			try {
				if (render('# t\n') === "<h1 style='display: inline' id='t'>t</h1><br />\n") {
					return { render, from: 'dist/service.js' };
				}
			} catch {
				// Not this signature.
			}
		}
	}
	const result = await esbuild.build({
		stdin: {
			contents: "export { parseGemtext } from './server/src/service/parser';\nexport { renderHtml } from './server/src/service/render/index';\n",
			resolveDir: root,
			loader: 'ts',
		},
		bundle: true,
		write: false,
		format: 'esm',
		platform: 'neutral',
		logLevel: 'warning',
	});
	const mod = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
	return { render: (text) => mod.renderHtml(mod.parseGemtext(text), options), from: 'server/src/service/render (bundled in memory)' };
}

function gmiFiles(dir) {
	return readdirSync(dir).sort().flatMap((name) => {
		const p = join(dir, name);
		return statSync(p).isDirectory() ? gmiFiles(p) : name.endsWith('.gmi') ? [p] : [];
	});
}

const lossy = new TextDecoder('utf-8', { ignoreBOM: true });
const strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

/** Decoded text and the way back to bytes, as the CLI does it. */
function decodeSource(bytes) {
	try {
		return { text: strict.decode(bytes), encode: (html) => Buffer.from(html, 'utf8'), latin1: false };
	} catch {
		// Chars above U+00FF can only come from the renderer itself; encode those as UTF-8.
		const encode = (html) => Buffer.concat(Array.from(html.matchAll(/[\u0000-\u00ff]+|[^\u0000-\u00ff]+/gu), ([run]) =>
			Buffer.from(run, run.charCodeAt(0) <= 0xff ? 'latin1' : 'utf8')));
		return { text: Buffer.from(bytes).toString('latin1'), encode, latin1: true };
	}
}

function firstDifference(expected, actual) {
	const e = expected.split('\n');
	const a = actual.split('\n');
	for (let i = 0; i < Math.max(e.length, a.length); i++) {
		if (e[i] !== a[i]) {
			return { line: i + 1, expected: e[i], actual: a[i] };
		}
	}
	return { line: 0, expected: '', actual: '' };
}

const { render, from } = await loadRenderer();
console.log(`renderer: ${from}`);

let passed = 0;
let failed = 0;
for (const dir of dirs) {
	for (const file of gmiFiles(resolve(dir))) {
		const expectedFile = file.replace(/\.gmi$/, '.body.html');
		const name = relative(process.cwd(), file);
		if (!existsSync(expectedFile)) {
			console.log(`FAIL ${name}: no ${relative(process.cwd(), expectedFile)}`);
			failed++;
			continue;
		}
		const input = readFileSync(file);
		const expectedBytes = readFileSync(expectedFile);
		const source = decodeSource(input);
		const actualBytes = source.encode(render(source.text));
		if (Buffer.compare(actualBytes, expectedBytes) === 0) {
			passed++;
			continue;
		}
		failed++;
		const d = firstDifference(lossy.decode(expectedBytes), lossy.decode(actualBytes));
		console.log(`FAIL ${name}${source.latin1 ? ' (not UTF-8: decoded as Latin-1)' : ''}`);
		console.log(`  line ${d.line}`);
		console.log(`  expected: ${JSON.stringify(d.expected)}`);
		console.log(`  actual:   ${JSON.stringify(d.actual)}`);
	}
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
