/**
 * The environment the service runs in, injected by the host (LSP server, CLI, tests).
 * Nothing here touches Node or VS Code: hosts implement these contracts.
 */
import type { DiagnosticSeverity } from './types';

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
	/**
	 * Raw bytes of a regular file, `undefined` when it does not exist, cannot be read, is no
	 * regular file (a FIFO, a device) or is larger than `maxSize` bytes (when given): every
	 * read is bounded.
	 */
	readFile(uri: string, maxSize?: number): Promise<Uint8Array | undefined>;
	/**
	 * The file as text (UTF-8, invalid sequences as U+FFFD, a BOM dropped: `decodeText` of what
	 * `readFile` gives), `undefined` when `readFile` would give nothing. Optional: a host that reads
	 * many files can reuse its read buffers (a pass over a capsule reads every file).
	 */
	readText?(uri: string, maxSize?: number): Promise<string | undefined>;
	/**
	 * Why `stat` or `readFile` of `uri` came back empty, so that a message need not say
	 * "does not exist" of a file it cannot read. Optional: without it, all count as missing.
	 */
	explainFailure?(uri: string): Promise<ReadFailure>;
}

/** Why a file could not be read: absent, refused (permissions), or not a regular file. */
export type ReadFailure = 'missing' | 'unreadable' | 'not-a-file';

/** `gemtext.files.maxSizeMB`'s default, in bytes: files above it are not read. */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface ILogger {
	log(level: LogLevel, message: string): void;
}

/** How a diagnostic family is reported; `ignore` turns it off. */
export type SeveritySetting = 'ignore' | 'hint' | 'information' | 'warning' | 'error';

/** The diagnostic severity a family's setting asks for; `undefined` when it is `ignore`. */
export function toSeverity(setting: SeveritySetting): DiagnosticSeverity | undefined {
	return setting === 'ignore' ? undefined : setting;
}

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
		/** `gemtexter.*`: lines whose Gemtexter HTML differs from what Gemtext means (Gemtexter style only) */
		readonly gemtexterCompat: SeveritySetting;
		/** `link.missing-file`: a relative or absolute-path link to nothing on disk */
		readonly fileLinks: SeveritySetting;
		/** `link.missing-folder-index`: a folder link whose folder has no `index.gmi` */
		readonly folderIndex: SeveritySetting;
		/** `link.case-mismatch`: works on a case-insensitive disk, breaks on the server */
		readonly caseMismatch: SeveritySetting;
		/** `link.missing-heading`, `link.missing-heading-in-file`: `#fragment` naming no heading id */
		readonly fragmentLinks: SeveritySetting;
		/** `link.invalid-character`, `link.bad-percent-encoding`, `link.unknown-scheme`, `link.missing-host`, `link.unencoded-space` */
		readonly malformedUrls: SeveritySetting;
		/** Globs (picomatch) of link URLs never checked, e.g. `/drafts/**` or `*.pdf`. */
		readonly ignoredLinks: readonly string[];
		/** Check `gemini://` and `http(s)://` links over the network (opt-in: no traffic while `false`). */
		readonly remoteLinks: boolean;
		/** `link.remote-*`: broken remote links; transient failures (timeouts, 4x) are capped at `information`. */
		readonly remoteLinkSeverity: SeveritySetting;
		/** Time allowed for each remote request (each redirect hop), in milliseconds. */
		readonly remoteTimeoutMs: number;
		/**
		 * Whose problems the editor shows: `openFiles` (a closed file's problems go away), or
		 * `workspace` (every Gemtext file's, kept up to date as files change on disk).
		 */
		readonly scope: 'openFiles' | 'workspace';
	};
	/**
	 * Folder that absolute-path links (`/foo.gmi`) resolve against, absolute or relative to the
	 * workspace folder; `''` means the folder holding `gemtexter.conf`, else the workspace folder.
	 */
	readonly capsuleRoot: string;
	readonly links: {
		/** What to do with links when `.gmi` files or folders move in the Explorer. */
		readonly updateOnFileMove: 'prompt' | 'always' | 'never';
	};
	readonly preview: {
		readonly style: 'auto' | PreviewStyle;
	};
	readonly templates: {
		/**
		 * Whether template code other than Gemtexter's helpers runs (Bash, in the template's
		 * folder): `never`, or `trusted` (only in a trusted workspace, where the host can run it).
		 */
		readonly run: 'never' | 'trusted';
		/** How long one template's code may run, in milliseconds. */
		readonly timeoutMs: number;
	};
	readonly format: {
		/** The longest run of blank lines the formatter keeps. */
		readonly maxBlankLines: number;
	};
	readonly files: {
		/** Files larger than this (in MB, 2^20 bytes) are not read: not rendered, not checked, not searched. */
		readonly maxSizeMB: number;
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
		gemtexterCompat: 'warning',
		fileLinks: 'warning',
		folderIndex: 'information',
		caseMismatch: 'warning',
		fragmentLinks: 'warning',
		malformedUrls: 'warning',
		ignoredLinks: [],
		remoteLinks: false,
		remoteLinkSeverity: 'warning',
		remoteTimeoutMs: 10_000,
		scope: 'openFiles',
	},
	capsuleRoot: '',
	links: {
		updateOnFileMove: 'prompt',
	},
	preview: {
		style: 'auto',
	},
	templates: {
		run: 'never',
		timeoutMs: 10_000,
	},
	format: {
		maxBlankLines: 2,
	},
	files: {
		maxSizeMB: DEFAULT_MAX_FILE_SIZE / (1024 * 1024),
	},
};

/** The read limit of `settings` in bytes (at least one byte; not a number: the default). */
export function maxFileSize(settings: GemtextSettings): number {
	const mb = settings.files.maxSizeMB;
	return Number.isFinite(mb) && mb > 0 ? Math.ceil(mb * 1024 * 1024) : DEFAULT_MAX_FILE_SIZE;
}

/**
 * Decodes file bytes as UTF-8 without ever throwing: invalid sequences become U+FFFD
 * (as VS Code shows them) and a BOM is dropped (as VS Code drops it from the text model).
 */
export function decodeText(bytes: Uint8Array): string {
	return utf8.decode(bytes);
}

/** One decoder for every file: a call without `stream` keeps no state for the next. */
const utf8 = new TextDecoder('utf-8');
