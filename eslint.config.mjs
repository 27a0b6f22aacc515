// Lint enforces the layering of docs/architecture.md: imports point inward only (the `layers/imports` rule
// of scripts/eslint/layers.mjs; test/layers proves each boundary with a file in each forbidden place).
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint/layers.mjs';

// Every Node built-in, as Node itself lists them (`fs`, `timers/promises`, `querystring`…), so the
// ban on them in the service cannot miss one.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/** Every script file below a folder, whatever its flavour, so no file of a layer escapes its rules. */
const layerFiles = (folder) => [`${folder}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`];

export default tseslint.config(
	// Built JavaScript is not linted, but a .js file among the sources is, so it cannot slip past the layers.
	{ ignores: ['dist/**', 'out/**', 'tmp/**', 'node_modules/**', '.vscode-test/**', '**/*.js', '!server/src/**/*.js', '!client/src/**/*.js', '!client/webview/**/*.js'] },
	...tseslint.configs.recommended,
	{
		plugins: { layers },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		// A promise nobody awaits loses its errors: every one is awaited, returned, or marked `void`.
		files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'client/webview/**/*.ts'],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: { '@typescript-eslint/no-floating-promises': 'error' },
	},
	{
		// One namespace per custom message (method + RequestType), as docs/architecture.md asks.
		files: ['server/src/protocol.ts'],
		rules: { '@typescript-eslint/no-namespace': 'off' },
	},
	{
		// The pure core: no editor, no LSP library, no Node built-ins, and nothing outside server/src/service.
		files: layerFiles('server/src/service'),
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			// Nor Node's or VS Code's types, or another lib, through a triple-slash reference: the service's
			// tsconfig.json sets its globals (no Buffer, process or require).
			'@typescript-eslint/triple-slash-reference': ['error', { lib: 'never', path: 'never', types: 'never' }],
			'layers/imports': ['error', { bans: [
				{ modules: ['vscode'], message: 'The service is pure: no VS Code API.' },
				{ modules: nodeBuiltins, prefixes: ['node:'], message: 'The service is pure: inject the environment instead of importing Node built-ins.' },
				{ prefixes: ['vscode-languageserver', 'vscode-languageclient', 'vscode-jsonrpc'], message: 'The service is pure: no LSP library (convert in server/src/convert.ts).' },
				{ outside: 'server/src/service', message: 'The service must not import the adapter layer (or anything else outside server/src/service).' },
			] }],
		},
	},
	{
		// The LSP adapter, entry points, CLI and transports (every folder of server/src but the service):
		// never the VS Code API, never the client.
		files: layerFiles('server/src'),
		ignores: layerFiles('server/src/service'),
		rules: {
			'layers/imports': ['error', { bans: [
				{ modules: ['vscode'], message: 'The server runs outside VS Code: no VS Code API.' },
				{ inside: ['client'], message: 'The server must not import the client.' },
			] }],
		},
	},
	{
		// The client talks to the server only through protocol.ts.
		files: layerFiles('client/src'),
		rules: {
			'layers/imports': ['error', { bans: [
				{ inside: ['server'], except: ['server/src/protocol'], message: 'The client imports only server/src/protocol.ts; ask the server for everything else.' },
				{ modules: ['vscode-languageserver'], message: 'The client uses vscode-languageclient.' },
			] }],
		},
	},
	{
		// Webview code runs in a browser sandbox: no VS Code API, no server code, no extension code.
		files: layerFiles('client/webview'),
		rules: {
			'layers/imports': ['error', { bans: [
				{ modules: ['vscode'], message: 'Webview code has no VS Code API; post messages instead.' },
				{ inside: ['server', 'client/src'], except: ['server/src/protocol'], message: 'Webview code shares only message types.' },
			] }],
		},
	},
);
