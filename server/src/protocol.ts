/**
 * Custom messages between the extension and the language server. This is the only
 * server file the client imports; each message is one namespace with its method
 * name and typed `RequestType`/`NotificationType`.
 */
import { NotificationType, ProgressType, RequestType, type Location, type ProgressToken, type TextEdit, type WorkDoneProgressParams, type WorkspaceEdit } from 'vscode-languageserver-protocol';

export type RenderStyleSetting = 'auto' | 'gemtexter' | 'gemini';
export type RenderStyle = 'gemtexter' | 'gemini';

/** Render a document (open or on disk) to HTML. */
export namespace RenderHtmlRequest {
	export const method = 'gemtext/renderHtml' as const;
	export interface Params {
		readonly uri: string;
		/** Overrides `gemtext.preview.style` for this request. */
		readonly style?: RenderStyleSetting;
		/** A complete standalone page (export) instead of the body only. */
		readonly page?: boolean;
		/** Stamp each rendered block with `data-line` (the preview's scroll sync). */
		readonly lineNumbers?: boolean;
		/** Gemtexter style: wrap the body in the site's header and footer (`gemtext.preview.gemtexterPage`); with `page`, inside the page's skeleton. */
		readonly gemtexterPage?: boolean;
		/**
		 * Send a big body in pieces: `$/progress` notifications of {@link partialResult} on this
		 * token, in order, before the reply, whose `html` is then the last piece (join them all).
		 * No single message is huge, and other requests are answered between the pieces.
		 */
		readonly partialResultToken?: ProgressToken;
	}
	/** One piece of a body sent in pieces (see `partialResultToken`). */
	export interface Piece {
		readonly html: string;
	}
	export const partialResult = new ProgressType<Piece>();
	export interface Result {
		/** The body, or with `partialResultToken` its last piece, after the pieces sent as progress. */
		readonly html: string;
		/** The style actually used (after resolving `auto`). */
		readonly style: RenderStyle;
		/** The document's title (its first heading), when it has one. */
		readonly title?: string;
		/** Version of the document that was rendered (-1 when read from disk). */
		readonly version: number;
		/** With `gemtexterPage`: the theme's style sheets (URIs) that exist, in cascade order. */
		readonly stylesheets?: readonly string[];
		/**
		 * With `gemtexterPage`: the web fonts Gemtexter copies beside the style sheet, by the name
		 * the style sheet loads them with (`text.ttf` …), and the file each is.
		 */
		readonly fonts?: readonly { readonly name: string; readonly uri: string }[];
	}
	export const type = new RequestType<Params, Result, void>(method);
}

/**
 * Link edits for files or folders about to move or be renamed (sent from the client's
 * `workspace.onWillRenameFiles`, while everything is still at its old place): links to
 * what moves, and relative links inside moved documents. `null` when nothing changes.
 */
export namespace FileMoveEditsRequest {
	export const method = 'gemtext/getFileMoveEdits' as const;
	export interface Params {
		readonly moves: readonly { readonly oldUri: string; readonly newUri: string }[];
	}
	export type Result = WorkspaceEdit | null;
	export const type = new RequestType<Params, Result, void>(method);
}

/** Every link across the workspace to a file or folder (Explorer: "Find File References"). */
export namespace FileReferencesRequest {
	export const method = 'gemtext/findFileReferences' as const;
	export interface Params {
		readonly uri: string;
	}
	export type Result = Location[];
	export const type = new RequestType<Params, Result, void>(method);
}

/**
 * Checks the remote links (`gemini://`, `http(s)://`) of documents now, whatever
 * `gemtext.validate.remoteLinks` says (the request is the user's consent), and publishes
 * the results with the documents' other diagnostics. `uris` defaults to the open documents.
 * Progress goes to the client's `workDoneToken` (begin, a report per URL answered, end);
 * cancelling the request stops the checks.
 */
export namespace CheckRemoteLinksRequest {
	export const method = 'gemtext/checkRemoteLinks' as const;
	export interface Params extends WorkDoneProgressParams {
		readonly uris?: readonly string[];
	}
	export interface Result {
		/** Documents whose links were checked. */
		readonly files: number;
		/** Distinct remote URLs checked. */
		readonly links: number;
		/** Remote-link diagnostics published (a URL linked twice counts twice). */
		readonly problems: number;
		/** The request was cancelled before every link was checked. */
		readonly cancelled: boolean;
	}
	export const type = new RequestType<Params, Result, void>(method);
}

/**
 * Validates every Gemtext file and template of the workspace now and publishes each one's
 * diagnostics (closed files included), with work-done progress on the client's token.
 */
export namespace CheckCapsuleRequest {
	export const method = 'gemtext/checkCapsule' as const;
	export type Params = WorkDoneProgressParams;
	export interface Result {
		/** Files validated. */
		readonly files: number;
		/** Diagnostics published, all files together. */
		readonly problems: number;
		/** Files with at least one diagnostic. */
		readonly filesWithProblems: number;
		/** The request was cancelled before every file was validated. */
		readonly cancelled: boolean;
	}
	export const type = new RequestType<Params, Result, void>(method);
}

/**
 * The edit that inserts or updates a document's table of contents (Gemtexter's
 * `template::inline::toc` block in a `.gmi`, the `<< template::inline::toc` line in a
 * template). Without `position` only an existing table is updated. `null`: nothing to do.
 */
export namespace TableOfContentsEditRequest {
	export const method = 'gemtext/tableOfContentsEdit' as const;
	export interface Params {
		readonly uri: string;
		/** Where a new table goes (the cursor); omitted, only an existing one is updated. */
		readonly position?: { readonly line: number; readonly character: number };
	}
	export type Result = { readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } }; readonly newText: string } | null;
	export const type = new RequestType<Params, Result, void>(method);
}

/** Words outside preformatted blocks, as Gemtexter counts them, and the reading time (status bar). */
export namespace WordCountRequest {
	export const method = 'gemtext/wordCount' as const;
	export interface Params {
		readonly uri: string;
	}
	/** `null` when the document is not open. */
	export type Result = { readonly words: number; readonly minutes: number; readonly wordsPerMinute: number } | null;
	export const type = new RequestType<Params, Result, void>(method);
}

/**
 * Whether the workspace is trusted, sent when VS Code grants trust (the initial state comes
 * in `initializationOptions.workspaceTrusted`). Template code runs only in a trusted workspace.
 */
export namespace WorkspaceTrustNotification {
	export const method = 'gemtext/didChangeWorkspaceTrust' as const;
	export interface Params {
		readonly trusted: boolean;
	}
	export const type = new NotificationType<Params>(method);
}

/**
 * The name and first lines of a new Gemtexter post for `title` at the server's local time
 * ("Gemtext: New Post"): `fileName` is free among `existing` (names in the gemfeed folder).
 * `problem` instead when the title cannot name a post.
 */
export namespace NewPostRequest {
	export const method = 'gemtext/newPost' as const;
	export interface Params {
		readonly title: string;
		readonly draft: boolean;
		readonly extension: '.gmi.tpl' | '.gmi';
		readonly existing?: readonly string[];
	}
	export type Result =
		| { readonly fileName: string; readonly text: string; readonly cursorLine: number; readonly problem?: undefined }
		| { readonly problem: string };
	export const type = new RequestType<Params, Result, void>(method);
}

/**
 * The edit that stamps an open post's `> Published at` line with the server's local time, and for
 * `publish`, the draft's published file name (`publishedName` absent when it is no draft).
 * `null` when the document is not open.
 */
export namespace PublishedDateRequest {
	export const method = 'gemtext/publishedDate' as const;
	export interface Params {
		readonly uri: string;
		readonly publish?: boolean;
	}
	export type Result = { readonly edit: TextEdit; readonly publishedName?: string } | null;
	export const type = new RequestType<Params, Result, void>(method);
}

/**
 * `gemfeed/index.gmi` and `atom.xml` as Gemtexter will generate them for the capsule of `uri`
 * (a post, or any document of the capsule), from the posts on disk and open in editors.
 * `null` when the capsule has no gemfeed folder.
 */
export namespace PreviewGemfeedRequest {
	export const method = 'gemtext/previewGemfeed' as const;
	export interface Params {
		readonly uri: string;
	}
	export type Result = {
		/** The gemfeed folder the two files belong in. */
		readonly gemfeedUri: string;
		readonly indexGmi: string;
		readonly atomXml: string;
		/** Posts listed. */
		readonly posts: number;
	} | null;
	export const type = new RequestType<Params, Result, void>(method);
}

/**
 * File access for a server that has no file system of its own (the web extension's worker): the
 * server asks the client, which reads through `vscode.workspace.fs` (any workspace scheme).
 */
export namespace FileStatRequest {
	export const method = 'gemtext/fs/stat' as const;
	export interface Params {
		readonly uri: string;
	}
	export type Result = { readonly type: 'file' | 'directory'; readonly size: number; readonly mtime: number } | null;
	export const type = new RequestType<Params, Result, void>(method);
}

/** Entries of a folder, `null` when it cannot be listed (see FileStatRequest). */
export namespace ReadDirectoryRequest {
	export const method = 'gemtext/fs/readDirectory' as const;
	export interface Params {
		readonly uri: string;
	}
	export type Result = (readonly [string, 'file' | 'directory'])[] | null;
	export const type = new RequestType<Params, Result, void>(method);
}

/** A file's bytes as base64, `null` when it cannot be read or is larger than `maxSize` (see FileStatRequest). */
export namespace ReadFileRequest {
	export const method = 'gemtext/fs/readFile' as const;
	export interface Params {
		readonly uri: string;
		readonly maxSize: number;
	}
	export type Result = { readonly base64: string } | null;
	export const type = new RequestType<Params, Result, void>(method);
}

/** What pasting a URL over `range` of an open document does: `=> url selection` (see the service's `getUrlPasteEdit`); `null` for a plain paste. */
export namespace UrlPasteEditRequest {
	export const method = 'gemtext/urlPasteEdit' as const;
	export interface Params {
		readonly uri: string;
		readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
		readonly text: string;
	}
	/** `text` replaces the selection; `lineAfter` is inserted as a line after the selection's line. */
	export type Result = { readonly text: string; readonly lineAfter?: string } | null;
	export const type = new RequestType<Params, Result, void>(method);
}

/** The title (first heading) of each file, `null` where there is none: link labels for drop, paste and Insert Link. */
export namespace DocumentTitlesRequest {
	export const method = 'gemtext/documentTitles' as const;
	export interface Params {
		readonly uris: readonly string[];
	}
	export type Result = (string | null)[];
	export const type = new RequestType<Params, Result, void>(method);
}

/** Markdown or HTML as Gemtext ("Paste as Gemtext", "Convert Markdown File"). */
export namespace ConvertToGemtextRequest {
	export const method = 'gemtext/convertToGemtext' as const;
	export interface Params {
		readonly text: string;
		readonly from: 'markdown' | 'html';
	}
	export type Result = { readonly text: string; readonly warnings: readonly { readonly message: string; readonly line?: number }[] };
	export const type = new RequestType<Params, Result, void>(method);
}
