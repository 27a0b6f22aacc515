/**
 * The environment the service runs in, injected by the host (LSP server, CLI, tests).
 * Nothing here touches Node or VS Code: hosts implement these contracts.
 */

export type FileType = 'file' | 'directory';

export interface FileStat {
	readonly type: FileType;
	readonly size: number;
	/** Modification time in ms since the epoch (0 when unknown). */
	readonly mtime: number;
}

/** Read access to files by URI string (`file:///…`). Every method resolves; absent files give `undefined`. */
export interface IFileSystem {
	stat(uri: string): Promise<FileStat | undefined>;
	/** Entries of a directory as `[name, type]`, `undefined` when it does not exist or cannot be read. */
	readDirectory(uri: string): Promise<readonly (readonly [string, FileType])[] | undefined>;
	/** Raw bytes of a file, `undefined` when it does not exist or cannot be read. */
	readFile(uri: string): Promise<Uint8Array | undefined>;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface ILogger {
	log(level: LogLevel, message: string): void;
}

/** How a diagnostic family is reported; `ignore` turns it off. */
export type SeveritySetting = 'ignore' | 'hint' | 'information' | 'warning' | 'error';

export type PreviewStyle = 'gemtexter' | 'gemini';

/** `gemtext.*` settings as the service sees them (one object per document's scope). */
export interface GemtextSettings {
	readonly validate: {
		readonly enabled: boolean;
		/** `syntax.unclosed-preformat` */
		readonly unclosedPreformat: SeveritySetting;
		/** `syntax.heading-too-deep` (`####x`) */
		readonly headingLevel: SeveritySetting;
		/** `syntax.link-without-url` (bare `=>`) */
		readonly emptyLink: SeveritySetting;
		/** `syntax.marker-after-whitespace` (` # x` is text) */
		readonly leadingWhitespace: SeveritySetting;
		/** `markdown.*`: Markdown habits that are plain text in Gemtext */
		readonly markdownSyntax: SeveritySetting;
	};
	readonly preview: {
		readonly style: 'auto' | PreviewStyle;
	};
}

export const defaultSettings: GemtextSettings = {
	validate: {
		enabled: true,
		unclosedPreformat: 'warning',
		headingLevel: 'warning',
		emptyLink: 'warning',
		leadingWhitespace: 'information',
		markdownSyntax: 'hint',
	},
	preview: {
		style: 'auto',
	},
};
