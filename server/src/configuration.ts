/**
 * `gemtext.*` settings pulled from the client per document scope (workspace/configuration),
 * cached per document and dropped on didChangeConfiguration. Nothing global and mutable:
 * each document gets the settings of its own folder.
 */
import type { Connection } from 'vscode-languageserver';
import { defaultSettings, type GemtextSettings, type ILogger } from './service';

const SEVERITIES: ReadonlySet<unknown> = new Set(['ignore', 'hint', 'information', 'warning', 'error']);

/**
 * Overlays what the user wrote on the defaults, key by key: a value of the wrong
 * type (or a severity outside the enum) keeps the default, so a typo in settings.json
 * degrades one setting instead of breaking validation.
 */
export function mergeSettings<T>(defaults: T, raw: unknown): T {
	if (raw === undefined || raw === null) {
		return defaults;
	}
	if (Array.isArray(defaults)) {
		return (Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? raw : defaults) as T;
	}
	if (typeof defaults === 'object' && defaults !== null) {
		if (typeof raw !== 'object' || Array.isArray(raw)) {
			return defaults;
		}
		const result: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(defaults)) {
			result[key] = mergeSettings(value, (raw as Record<string, unknown>)[key]);
		}
		return result as T;
	}
	if (typeof raw !== typeof defaults) {
		return defaults;
	}
	if (SEVERITIES.has(defaults) && !SEVERITIES.has(raw)) {
		return defaults;
	}
	return raw as T;
}

export class SettingsCache {
	readonly #connection: Connection;
	readonly #logger: ILogger;
	readonly #cache = new Map<string, Promise<GemtextSettings>>();
	/** Whether the client answers workspace/configuration; without it, defaults apply. */
	#pull = false;

	constructor(connection: Connection, logger: ILogger) {
		this.#connection = connection;
		this.#logger = logger;
	}

	setPullSupported(supported: boolean): void {
		this.#pull = supported;
	}

	get(uri: string): Promise<GemtextSettings> {
		let settings = this.#cache.get(uri);
		if (!settings) {
			settings = this.#fetch(uri);
			this.#cache.set(uri, settings);
		}
		return settings;
	}

	/** The document closed: its scope need not be remembered. */
	delete(uri: string): void {
		this.#cache.delete(uri);
	}

	clear(): void {
		this.#cache.clear();
	}

	async #fetch(uri: string): Promise<GemtextSettings> {
		if (!this.#pull) {
			return defaultSettings;
		}
		try {
			const raw: unknown = await this.#connection.workspace.getConfiguration({ scopeUri: uri, section: 'gemtext' });
			return mergeSettings(defaultSettings, raw);
		} catch (e) {
			// Not cached: the next request asks again.
			this.#cache.delete(uri);
			this.#logger.log('warn', `Cannot read gemtext settings for ${uri}: ${e instanceof Error ? e.message : String(e)}`);
			return defaultSettings;
		}
	}
}
