// docs/reference.md, generated from package.json: every setting, command and key binding the
// extension contributes, so the reference can never drift from the manifest (test/docs checks it).
//
//   npm run docs        rewrite docs/reference.md
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
export const REFERENCE = join(root, 'docs', 'reference.md');

/** A table cell: one line, pipes escaped, `#setting#` links as VS Code shows them (the name in code). */
function cell(text) {
	return String(text ?? '')
		.replace(/#(gemtext\.[\w.]+)#/g, '`$1`')
		.replace(/\s*\n\s*/g, ' ')
		.replace(/\|/g, '\\|')
		.trim();
}

function typeOf(p) {
	if (p.enum) return p.enum.map((v) => `\`${v}\``).join(', ');
	return [p.type].flat().join(' or ');
}

function defaultOf(p) {
	return p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
}

/** The reference page for a manifest object. */
export function renderReference(manifest) {
	const c = manifest.contributes;
	const titles = Object.fromEntries(c.commands.map((cmd) => [cmd.command, `${cmd.category ? `${cmd.category}: ` : ''}${cmd.title}`]));
	const hidden = new Set((c.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
	const lines = [
		'# Reference',
		'',
		'<!-- Generated from package.json by `npm run docs`; test/docs fails when it drifts. -->',
		'',
		'Every setting, command and key binding the extension contributes. The settings are explained with',
		'their features in [settings.md](settings.md).',
		'',
		'## Settings',
	];
	for (const section of c.configuration) {
		lines.push('', `### ${section.title}`, '', '| Setting | Type | Default | Description |', '|---|---|---|---|');
		for (const [key, p] of Object.entries(section.properties)) {
			lines.push(`| \`${key}\` | ${cell(typeOf(p))} | ${cell(defaultOf(p))} | ${cell(p.markdownDescription ?? p.description)}${p.restricted ? ' *Ignored in the workspace settings of an untrusted folder.*' : ''} |`);
		}
	}
	lines.push('', '## Commands', '', '| Command | Id |', '|---|---|');
	for (const cmd of c.commands) {
		lines.push(`| ${cell(titles[cmd.command])}${hidden.has(cmd.command) ? ' (not in the Command Palette: used by quick fixes)' : ''} | \`${cmd.command}\` |`);
	}
	lines.push('', '## Key bindings', '', '| Keys | macOS | Command | When |', '|---|---|---|---|');
	for (const k of c.keybindings ?? []) {
		lines.push(`| \`${k.key}\` | \`${k.mac ?? k.key}\` | ${cell(titles[k.command] ?? k.command)} | ${cell(k.when && k.when.length > 120 ? `${k.when.slice(0, 117)}…` : k.when)} |`);
	}
	return lines.join('\n') + '\n';
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	writeFileSync(REFERENCE, renderReference(manifest));
	console.log(`wrote ${REFERENCE}`);
}
