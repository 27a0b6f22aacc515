// Lint enforces the layers of docs/architecture.md (eslint.config.mjs, rule `layers/imports`): this lints small
// sources as if they sat in each layer's folders, through ESLint's own API and the repository's own config,
// and checks that every forbidden import is an error there and that an allowed one lints clean.
//
// Typed linting (no-floating-promises) needs a file its TypeScript project contains, and lintText does not
// create the file it is told about: so the probes in existing folders borrow the path of a real source file
// there (its text is replaced, never read or written). Probes for folders and file kinds that do not exist
// yet run through a second ESLint with the project service off (import rules need no types).
import { strict as assert } from 'node:assert';
import { builtinModules } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const LAYERS = 'layers/imports';
const FLOATING = '@typescript-eslint/no-floating-promises';

/** @type {ESLint} */
let typed;
/** @type {ESLint} */
let untyped;

before(() => {
	typed = new ESLint({ cwd: root });
	untyped = new ESLint({
		cwd: root,
		overrideConfig: { languageOptions: { parserOptions: { projectService: false } }, rules: { [FLOATING]: 'off' } },
	});
});

/** A real TypeScript source in `folder` (the first by name), whose path a probe borrows. */
function sourceIn(folder) {
	const name = readdirSync(join(root, folder)).sort().find((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'));
	assert.ok(name, `no TypeScript source in ${folder}`);
	return `${folder}/${name}`;
}

/** The specifier that reaches repository path `target` from the file `from` (both repository-relative). */
function relativeTo(from, target) {
	const path = posix.relative(posix.dirname(from), target);
	return path.startsWith('.') ? path : `./${path}`;
}

const show = (m) => `${m.line}:${m.ruleId ?? 'fatal'}:${m.message}`;

async function lint(filePath, code, eslint = typed) {
	const [result] = await eslint.lintText(code, { filePath });
	return result.messages;
}

/** `code` at `filePath` is an error of `ruleId` (and nothing fails to parse). */
async function assertFires(filePath, code, ruleId, eslint = typed) {
	const messages = await lint(filePath, code, eslint);
	assert.ok(!messages.some((m) => m.fatal), `${filePath} did not parse: ${messages.map(show).join('; ')}`);
	assert.ok(
		messages.some((m) => m.ruleId === ruleId && m.severity === 2),
		`${filePath}: expected ${ruleId} to fail\n${code}\ngot: ${messages.map(show).join('; ') || 'nothing'}`,
	);
	return messages;
}

/** `code` at `filePath` lints without a single message. */
async function assertClean(filePath, code, eslint = typed) {
	assert.deepEqual((await lint(filePath, code, eslint)).map(show), [], `${filePath}\n${code}`);
}

/** A source that imports each specifier on its own line (line i + 1) and uses them all. */
const importing = (...specifiers) =>
	specifiers.map((s, i) => `import * as probe${i} from '${s}';\n`).join('') + `export const used = [${specifiers.map((_, i) => `probe${i}`).join(', ')}];\n`;

/** Each specifier, written on line i + 1 of `code`, is an error of `layers/imports` naming it (typed lint unless told). */
async function assertEachFires(filePath, specifiers, code = importing(...specifiers), eslint = typed) {
	const messages = await assertFires(filePath, code, LAYERS, eslint);
	const missed = specifiers.filter((s, i) => !messages.some((m) => m.ruleId === LAYERS && m.severity === 2 && m.line === i + 1 && m.message.includes(`'${s}'`)));
	assert.deepEqual(missed, [], `${filePath}: these imports lint clean\n${code}`);
}

/** The ways a file can name another module, each on one line; each must be checked. */
const forms = {
	'import': (s, i) => `import * as probe${i} from '${s}'; export const used${i} = probe${i};`,
	'import type': (s, i) => `import type * as probe${i} from '${s}'; export type Used${i} = typeof probe${i};`,
	'side-effect import': (s) => `import '${s}';`,
	'export * from': (s) => `export * from '${s}';`,
	'export { } from': (s, i) => `export { default as probe${i} } from '${s}';`,
	'dynamic import()': (s, i) => `export const probe${i} = async (): Promise<unknown> => import('${s}');`,
	'import = require()': (s, i) => `import probe${i} = require('${s}'); export const used${i} = probe${i};`,
	'import() type': (s, i) => `export type Used${i} = typeof import('${s}');`,
	'require()': (s, i) => `export const probe${i}: unknown = require('${s}');`,
};

const floating = 'async function work(): Promise<void> {}\nwork();\n';
const awaited = 'async function work(): Promise<void> {}\nvoid work();\n';

/** Each layer: where its files live, what they must not import (repository paths for relative imports), and what they may. */
const layers = [
	{
		name: 'service (server/src/service/**)',
		folders: ['server/src/service', ...readdirSync(join(root, 'server/src/service')).filter((n) => statSync(join(root, 'server/src/service', n)).isDirectory()).map((n) => `server/src/service/${n}`)],
		unborn: ['server/src/service/a/b/c/__probe__.ts', 'server/src/service/__probe__.mts', 'server/src/service/templates/__probe__.js'],
		modules: ['node:fs', 'fs', 'fs/promises', 'querystring', 'timers/promises', 'node:test', 'path', 'node:path/posix', 'vscode', 'vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageserver-textdocument', 'vscode-languageserver-protocol', 'vscode-languageclient/node', 'vscode-jsonrpc'],
		paths: ['server/src/server', 'server/src/convert', 'server/src/protocol', 'server/src/node/fileSystem', 'server/src/remote/checker', 'client/src/extension', 'test/unit/memoryFileSystem', 'package.json'],
		allowedModules: ['vscode-uri', 'picomatch/posix'],
		allowedPaths: ['server/src/service/types', 'server/src/service/templates/index', 'server/src/service/render/html'],
	},
	{
		name: 'LSP adapter (server/src/**, but the service)',
		folders: ['server/src', 'server/src/cli', 'server/src/remote', 'server/src/node', 'server/src/browser'],
		unborn: ['server/src/transport/__probe__.ts', 'server/src/cli/more/__probe__.ts', 'server/src/__probe__.mjs'],
		modules: ['vscode'],
		paths: ['client/src/extension', 'client/src/client', 'client/webview/messages'],
		allowedModules: ['vscode-languageserver/node', 'node:fs'],
		allowedPaths: ['server/src/service/index', 'server/src/protocol', 'server/src/convert'],
	},
	{
		name: 'client (client/src/**)',
		folders: ['client/src', 'client/src/preview', 'client/src/browser'],
		unborn: ['client/src/feature/deeper/__probe__.ts', 'client/src/__probe__.js'],
		modules: ['vscode-languageserver', 'vscode-languageserver/node'],
		paths: ['server/src/server', 'server/src/convert', 'server/src/protocolGuard', 'server/src/service/index', 'server/src/service/render/html', 'server/src/node/main', 'server/src/cli/check'],
		allowedModules: ['vscode', 'vscode-languageclient/node'],
		allowedPaths: ['server/src/protocol', 'client/webview/messages'],
	},
	{
		name: 'webview (client/webview/**)',
		folders: ['client/webview'],
		unborn: ['client/webview/parts/__probe__.ts', 'client/webview/__probe__.js'],
		modules: ['vscode'],
		paths: ['client/src/extension', 'client/src/preview/messages', 'server/src/service/index', 'server/src/convert'],
		allowedModules: ['highlight.js/lib/core'],
		allowedPaths: ['server/src/protocol', 'client/webview/sanitize'],
	},
];

for (const layer of layers) {
	describe(layer.name, () => {
		for (const folder of layer.folders) {
			describe(folder, () => {
				const file = sourceIn(folder);
				it(`may not import ${[...layer.modules, ...layer.paths].join(', ')}`, () =>
					assertEachFires(file, [...layer.modules, ...layer.paths.map((target) => relativeTo(file, target))]));
				it(`may import ${[...layer.allowedModules, ...layer.allowedPaths].join(', ')}`, () =>
					assertClean(file, importing(...layer.allowedModules, ...layer.allowedPaths.map((target) => relativeTo(file, target)))));
				it('may not leave a promise floating', () => assertFires(file, floating, FLOATING));
				it('may mark a promise it does not await with void', () => assertClean(file, awaited));
			});
		}
		describe('files and folders that do not exist yet', () => {
			for (const file of layer.unborn) {
				it(`${file} gets the layer's rules`, async () => {
					const forbidden = [...layer.modules, ...layer.paths.map((target) => relativeTo(file, target))];
					await assertEachFires(file, forbidden, importing(...forbidden), untyped);
					await assertClean(file, importing(...layer.allowedModules, ...layer.allowedPaths.map((target) => relativeTo(file, target))), untyped);
				});
			}
		});
	});
}

describe('service: no way around the ban', () => {
	const file = sourceIn('server/src/service');
	const nested = sourceIn('server/src/service/templates');

	it('every Node built-in, bare and with node:, is an error', async () => {
		const names = builtinModules.filter((n) => !n.startsWith('_'));
		assert.ok(names.length > 50, `builtinModules lists ${names.length}`);
		await assertEachFires(file, [...names, ...names.map((n) => `node:${n}`), 'node:test', 'node:sqlite', 'node:sea']);
	});

	for (const [form, write] of Object.entries(forms)) {
		it(`${form}: a built-in, vscode, an LSP library, or a file outside the service is an error`, async () => {
			const specifiers = ['fs', 'node:fs', 'vscode', 'vscode-languageserver', '../server'];
			await assertEachFires(file, specifiers, specifiers.map((s, i) => write(s, i)).join('\n') + '\n');
			await assertEachFires(nested, ['../../convert'], write('../../convert', 0) + '\n');
		});
	}

	it('relative paths are judged by where they land, however they are spelled', async () => {
		await assertEachFires(file, ['./../server', './templates/../../server', '.././service/../convert', '../service/../server', '/work/elsewhere/x', `./${'../'.repeat(8)}etc/passwd`]);
		await assertClean(file, importing('./templates/../types', '../service/types', './render/../slug'));
		await assertEachFires(nested, ['.././../server', '../../convert', './../../service/../cli']);
		await assertClean(nested, importing('.././types', '../render/html'));
	});

	it('a triple-slash reference to Node or VS Code types, a lib, or a file is an error', async () => {
		for (const reference of ['types="node"', 'types="vscode"', 'lib="dom"', 'path="../server.ts"']) {
			await assertFires(file, `/// <reference ${reference} />\nexport const used = 1;\n`, '@typescript-eslint/triple-slash-reference');
		}
	});

	it('a module name that is computed cannot be checked, so it is an error', () =>
		assertFires(file, "export async function probe(name: string): Promise<unknown> {\n\treturn import(name);\n}\n", LAYERS));
});

describe('every source file of a layer is linted with its layer rule', () => {
	/** Every file below `folder`, repository-relative. */
	const walk = (folder) => readdirSync(join(root, folder)).flatMap((name) => {
		const path = `${folder}/${name}`;
		return statSync(join(root, path)).isDirectory() ? walk(path) : [path];
	});
	for (const folder of ['server/src', 'client/src', 'client/webview']) {
		it(folder, async () => {
			const scripts = walk(folder).filter((p) => /\.[cm]?[jt]sx?$/.test(p));
			assert.ok(scripts.length > 3);
			for (const path of scripts) {
				assert.equal(await typed.isPathIgnored(path), false, `${path} is ignored by lint`);
				const config = await typed.calculateConfigForFile(path);
				assert.equal(config.rules?.[LAYERS]?.[0], 2, `${path} is not checked by ${LAYERS}`);
			}
		});
	}
});
