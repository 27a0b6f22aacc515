// Lint enforces the layering of docs/architecture.md: imports point inward only.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Every Node built-in, as Node itself lists them (`fs`, `timers/promises`, `querystring`…), so the
// ban on them in the service cannot miss one.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'tmp/**', 'node_modules/**', '.vscode-test/**', '**/*.js'] },
	...tseslint.configs.recommended,
	{
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
	// The pure core: no editor, no LSP library, no Node built-ins, and no relative import
	// that climbs out of server/src/service (one block per folder depth, since a relative
	// path's meaning depends on where the importing file sits).
	...[1, 2, 3].map((depth) => ({
		files: [`server/src/service/${'*/'.repeat(depth - 1)}*.ts`],
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'no-restricted-imports': ['error', {
				paths: [{ name: 'vscode', message: 'The service is pure: no VS Code API.' }, ...nodeBuiltins.map((name) => ({ name, message: 'The service is pure: inject the environment instead of importing Node built-ins.' }))],
				patterns: [
					{ group: ['node:*'], message: 'The service is pure: inject the environment instead of importing Node built-ins.' },
					{ group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'], message: 'The service is pure: no LSP library (convert in server/src/convert.ts).' },
					{ group: [`${'../'.repeat(depth)}*`], message: 'The service must not import the adapter layer.' },
				],
			}],
		},
	})),
	{
		// The LSP adapter, entry points and CLI: never the VS Code API, never the client.
		files: ['server/src/*.ts', 'server/src/node/**/*.ts', 'server/src/browser/**/*.ts', 'server/src/cli/**/*.ts', 'server/src/remote/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				paths: [{ name: 'vscode', message: 'The server runs outside VS Code: no VS Code API.' }],
				patterns: [{ group: ['**/client/**'], message: 'The server must not import the client.' }],
			}],
		},
	},
	{
		// The client talks to the server only through protocol.ts.
		files: ['client/src/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				patterns: [
					{ group: ['**/server/src/*', '!**/server/src/protocol', '**/server/src/service/**'], message: 'The client imports only server/src/protocol.ts; ask the server for everything else.' },
					{ group: ['vscode-languageserver', 'vscode-languageserver/*'], message: 'The client uses vscode-languageclient.' },
				],
			}],
		},
	},
	{
		// Webview code runs in a browser sandbox: no VS Code API, no server code.
		files: ['client/webview/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				paths: [{ name: 'vscode', message: 'Webview code has no VS Code API; post messages instead.' }],
				patterns: [{ group: ['**/server/src/*', '!**/server/src/protocol', '**/server/src/service/**', '**/client/src/**'], message: 'Webview code shares only message types.' }],
			}],
		},
	},
);
