// The ESLint rule behind the layering of docs/architecture.md (`layers/imports`, configured per layer in
// eslint.config.mjs). It sees every way a file names another module: import and export…from, `import()`,
// `import x = require()`, `require()`, and `import('x').T` types; and it resolves relative paths against
// the file, so `./../x`, `./a/../../x` and an import from any folder depth are judged by where they land.
// (no-restricted-imports matches the written string only, and skips dynamic imports and import types.)
import { dirname, relative, resolve, sep } from 'node:path';

/** The repository root: every folder in a ban is relative to it. */
const root = resolve(import.meta.dirname, '../..');

/**
 * One forbidden thing and why.
 * @typedef {object} Ban
 * @property {string} message
 * @property {string[]} [modules] package or built-in names, each with its subpaths (`fs` bans `fs/promises`)
 * @property {string[]} [prefixes] name prefixes (`node:`, `vscode-languageserver`)
 * @property {string[]} [inside] repository folders no relative import may reach into
 * @property {string[]} [except] repository files (without extension) inside those folders that may be imported
 * @property {string} [outside] the repository folder every relative import must stay in
 */

const SCRIPT_EXTENSION = /\.(?:[cm]?[jt]sx?|d\.[cm]?ts)$/;

/** `a/b` is `a/b` itself or below it (both repository-relative, forward slashes). */
function within(path, folder) {
	return path === folder || path.startsWith(`${folder}/`);
}

/** The message of the first ban the specifier breaks, if any. */
function broken(specifier, fromFile, bans) {
	const relativePath = specifier.startsWith('.') || specifier.startsWith('/');
	const target = relativePath ? relative(root, resolve(dirname(fromFile), specifier)).split(sep).join('/') : undefined;
	for (const ban of bans) {
		if (target === undefined) {
			if (ban.modules?.some((name) => specifier === name || specifier.startsWith(`${name}/`))) return ban.message;
			if (ban.prefixes?.some((prefix) => specifier.startsWith(prefix))) return ban.message;
			continue;
		}
		if (ban.outside !== undefined && !within(target, ban.outside)) return ban.message;
		if (ban.inside?.some((folder) => within(target, folder)) && !ban.except?.includes(target.replace(SCRIPT_EXTENSION, ''))) return ban.message;
	}
	return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const imports = {
	meta: {
		type: 'problem',
		docs: { description: 'Imports point inward only: each layer names only the modules its layer may use (docs/architecture.md).' },
		schema: [{
			type: 'object',
			properties: { bans: { type: 'array' } },
			required: ['bans'],
			additionalProperties: false,
		}],
		messages: {
			banned: "'{{specifier}}': {{message}}",
			computed: 'A computed module name cannot be checked against the layers: name the module literally.',
		},
	},
	create(context) {
		const { bans } = context.options[0];
		const check = (node) => {
			if (!node) return;
			if (node.type === 'TSLiteralType') node = node.literal;
			let specifier;
			if (node.type === 'Literal' && typeof node.value === 'string') specifier = node.value;
			else if (node.type === 'TemplateLiteral' && node.expressions.length === 0) specifier = node.quasis[0].value.cooked;
			if (specifier === undefined) {
				context.report({ node, messageId: 'computed' });
				return;
			}
			const message = broken(specifier, context.filename, bans);
			if (message) context.report({ node, messageId: 'banned', data: { specifier, message } });
		};
		return {
			ImportDeclaration: (node) => check(node.source),
			ExportAllDeclaration: (node) => check(node.source),
			ExportNamedDeclaration: (node) => node.source && check(node.source),
			ImportExpression: (node) => check(node.source),
			TSImportEqualsDeclaration: (node) => node.moduleReference.type === 'TSExternalModuleReference' && check(node.moduleReference.expression),
			TSImportType: (node) => check(node.argument),
			'CallExpression[callee.type="Identifier"][callee.name="require"]': (node) => check(node.arguments[0]),
		};
	},
};

export default { meta: { name: 'layers' }, rules: { imports } };
