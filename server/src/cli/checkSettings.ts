/**
 * Settings of `gemtext check`: the editor's `gemtext.*` settings from the capsule's
 * `.vscode/settings.json` (JSON with comments and trailing commas, as VS Code writes
 * it), then the command-line flags on top.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// The ESM build: the package's UMD main loads its parts with a dynamic `require` a bundle cannot follow.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { mergeSettings } from '../configuration';
import { defaultSettings, type GemtextSettings, type SeveritySetting } from '../service';
import { UsageError } from './command';

export const SEVERITY_LEVELS: readonly SeveritySetting[] = ['ignore', 'hint', 'information', 'warning', 'error'];

/** `gemtext.validate.*` keys that hold a severity (what `--severity NAME=LEVEL` may name besides a code). */
export const SEVERITY_SETTINGS = Object.entries(defaultSettings.validate)
	.filter(([, value]) => SEVERITY_LEVELS.includes(value as SeveritySetting))
	.map(([key]) => key as keyof GemtextSettings['validate']);

export interface LoadedSettings {
	readonly settings: GemtextSettings;
	/** Where they came from, when a file was read. */
	readonly file?: string;
	/** Problems in the file (syntax errors, the file's position is given); the rest of it still applies. */
	readonly warnings: readonly string[];
}

/**
 * `gemtext.*` settings of `root/.vscode/settings.json` over the defaults. Flat keys
 * (`"gemtext.validate.fileLinks": "error"`) and nested objects (`"gemtext": {…}`) both count;
 * language blocks such as `"[gemtext]"` hold editor settings only and are skipped.
 */
/** Settings files larger than this are not read (a real one is a few KB). */
const MAX_SETTINGS_SIZE = 4 * 1024 * 1024;

/**
 * The text of a settings file: a regular file of at most `MAX_SETTINGS_SIZE` bytes, opened
 * non-blocking so that a FIFO in its place cannot hang the check. Throws an error with a
 * `code` (ENOENT, EACCES, or `not a regular file` / `larger than 4 MB`) otherwise.
 */
function readSettingsFile(file: string): string {
	const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile()) {
			throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
		}
		if (stat.size > MAX_SETTINGS_SIZE) {
			throw Object.assign(new Error('too large'), { code: 'larger than 4 MB' });
		}
		return readFileSync(fd, 'utf8');
	} finally {
		closeSync(fd);
	}
}

export function loadWorkspaceSettings(root: string): LoadedSettings {
	const file = join(root, '.vscode', 'settings.json');
	let text: string;
	try {
		text = readSettingsFile(file);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		return code === 'ENOENT' || code === 'ENOTDIR'
			? { settings: defaultSettings, warnings: [] }
			: { settings: defaultSettings, warnings: [`${file}: cannot read (${code ?? String(e)}); using the default settings`] };
	}
	const errors: ParseError[] = [];
	const raw: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
	const warnings = errors.map((e) => {
		const { line, column } = positionOf(text, e.offset);
		return `${file}:${line}:${column}: ${printParseErrorCode(e.error)}`;
	});
	return { settings: mergeSettings(defaultSettings, gemtextSection(raw)), file, warnings };
}

/** The `gemtext` section as one nested object, from dotted keys and nested objects alike. */
export function gemtextSection(raw: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (!isObject(raw)) {
		return out;
	}
	for (const [key, value] of Object.entries(raw)) {
		if (key === 'gemtext') {
			deepAssign(out, value);
		} else if (key.startsWith('gemtext.')) {
			const path = key.slice('gemtext.'.length).split('.');
			let target = out;
			for (const segment of path.slice(0, -1)) {
				const next = target[segment];
				target = isObject(next) ? next : (target[segment] = {});
			}
			const last = path[path.length - 1];
			if (isObject(value) && isObject(target[last])) {
				deepAssign(target[last] as Record<string, unknown>, value);
			} else {
				target[last] = value;
			}
		}
	}
	return out;
}

function deepAssign(target: Record<string, unknown>, source: unknown): void {
	if (!isObject(source)) {
		return;
	}
	for (const [key, value] of Object.entries(source)) {
		const existing = target[key];
		if (isObject(value) && isObject(existing)) {
			deepAssign(existing, value);
		} else {
			target[key] = value;
		}
	}
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positionOf(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let start = 0;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
		line++;
		start = i + 1;
	}
	return { line, column: offset - start + 1 };
}

/** Command-line changes to the settings. */
export interface SettingsOverrides {
	readonly ignore: readonly string[];
	/** `--severity NAME=LEVEL` where NAME is a `gemtext.validate.*` severity setting. */
	readonly families: ReadonlyMap<string, SeveritySetting>;
	readonly remote?: boolean;
	readonly remoteTimeoutMs?: number;
}

export function applyOverrides(settings: GemtextSettings, o: SettingsOverrides): GemtextSettings {
	const validate: Record<string, unknown> = { ...settings.validate };
	for (const [name, level] of o.families) {
		validate[name] = level;
	}
	validate.ignoredLinks = [...settings.validate.ignoredLinks, ...o.ignore];
	if (o.remote !== undefined) {
		validate.remoteLinks = o.remote;
	}
	if (o.remoteTimeoutMs !== undefined) {
		validate.remoteTimeoutMs = o.remoteTimeoutMs;
	}
	return { ...settings, validate: validate as unknown as GemtextSettings['validate'] };
}

/** Parses `NAME=LEVEL` of `--severity`. */
export function parseSeverityFlag(value: string): { readonly name: string; readonly level: SeveritySetting } {
	const eq = value.lastIndexOf('=');
	const name = value.slice(0, eq);
	const level = value.slice(eq + 1) as SeveritySetting;
	if (eq <= 0 || !SEVERITY_LEVELS.includes(level)) {
		throw new UsageError(`--severity takes NAME=LEVEL with LEVEL one of ${SEVERITY_LEVELS.join(', ')} (got ${JSON.stringify(value)})`);
	}
	if (!name.includes('.') && !SEVERITY_SETTINGS.includes(name as keyof GemtextSettings['validate'])) {
		throw new UsageError(`--severity: ${name} is neither a diagnostic code (such as link.missing-file) nor one of ${SEVERITY_SETTINGS.join(', ')}`);
	}
	return { name, level };
}
