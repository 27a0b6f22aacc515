/**
 * The language client, and the only place that sends requests to the server: one typed
 * method per custom message of server/src/protocol.ts.
 */
import * as vscode from 'vscode';
import {
	type BaseLanguageClient,
	type CancellationToken,
	type DocumentSelector,
	type LanguageClientOptions,
	WorkDoneProgress,
	type WorkDoneProgressBegin,
	type WorkDoneProgressEnd,
	type WorkDoneProgressReport,
} from 'vscode-languageclient';
import {
	CheckCapsuleRequest,
	CheckRemoteLinksRequest,
	FileMoveEditsRequest,
	FileReferencesRequest,
	NewPostRequest,
	PreviewGemfeedRequest,
	PublishedDateRequest,
	RenderHtmlRequest,
	TableOfContentsEditRequest,
	WordCountRequest,
	WorkspaceTrustNotification,
} from '../../server/src/protocol';
import { ConvertToGemtextRequest, DocumentTitlesRequest, UrlPasteEditRequest } from '../../server/src/protocol';
import { LANGUAGE_IDS } from './languages';
import { formattingMiddleware } from './formatting';

/** Work-done progress tokens made by this client, numbered. */
let progressTokens = 0;

/** How a platform runs the server (a Node process, or a web worker) and which documents it can serve. */
export interface LanguageClientHost {
	/** Creates the client of a server with these options (not started). */
	create(options: LanguageClientOptions): BaseLanguageClient;
	/** URI schemes of the documents the server reads: `file` for Node's file system, any in a worker. */
	readonly schemes?: readonly string[];
	/** Answers what the server asks of the client beyond LSP (file access in a worker); before start, so no request goes unanswered. */
	wire?(client: BaseLanguageClient): vscode.Disposable;
}

/** The Gemtext language client; dispose to stop the server. */
export class GemtextClient implements vscode.Disposable {
	readonly #client: BaseLanguageClient;
	/** Renders asked for, to name each one's partial-result token. */
	#renders = 0;

	private constructor(client: BaseLanguageClient) {
		this.#client = client;
	}

	/** Starts the server through `host` and resolves once it is initialized. */
	static async start(context: vscode.ExtensionContext, host: LanguageClientHost): Promise<GemtextClient> {
		// Every file and folder, not only .gmi: a link to an image or a folder breaks or heals when it
		// is created, deleted or renamed, a deleted folder is reported only under its own name, and a
		// gemtexter.conf switches the render style and moves the capsule root.
		const watcher = vscode.workspace.createFileSystemWatcher('**/*');
		context.subscriptions.push(watcher);
		const documentSelector: DocumentSelector = host.schemes
			? LANGUAGE_IDS.flatMap((language) => [...host.schemes!, 'untitled'].map((scheme) => ({ language, scheme })))
			: LANGUAGE_IDS.map((language) => ({ language }));
		const clientOptions: LanguageClientOptions = {
			documentSelector,
			synchronize: { configurationSection: 'gemtext', fileEvents: watcher },
			// Template code runs only in a trusted workspace; the server starts untrusted.
			initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
			middleware: formattingMiddleware,
		};
		const client = host.create(clientOptions);
		const wrapper = new GemtextClient(client);
		if (host.wire) context.subscriptions.push(host.wire(client));
		context.subscriptions.push(wrapper);
		await client.start();
		context.subscriptions.push(
			vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(WorkspaceTrustNotification.type, { trusted: true })),
		);
		return wrapper;
	}

	/**
	 * The edit that inserts (at `position`) or updates the table of contents
	 * (`gemtext/tableOfContentsEdit`), as a VS Code edit; `undefined` when nothing changes.
	 */
	async getTableOfContentsEdit(document: vscode.TextDocument, position?: vscode.Position, token?: CancellationToken): Promise<vscode.TextEdit | undefined> {
		const params = { uri: document.uri.toString(), position: position ? { line: position.line, character: position.character } : undefined };
		const edit = await this.#client.sendRequest(TableOfContentsEditRequest.type, params, token);
		return edit ? this.#client.protocol2CodeConverter.asTextEdit(edit) : undefined;
	}

	/**
	 * HTML of a document (open or on disk), for the preview and export. A big body comes in
	 * pieces (progress on a partial-result token, then the last piece as the reply), so no
	 * message is huge and the server answers other requests in between; joined here.
	 */
	async renderHtml(params: RenderHtmlRequest.Params, token?: CancellationToken): Promise<RenderHtmlRequest.Result> {
		const partialResultToken = `gemtext-render-${++this.#renders}`;
		const pieces: string[] = [];
		const listener = this.#client.onProgress(RenderHtmlRequest.partialResult, partialResultToken, (piece) => pieces.push(piece.html));
		try {
			const result = await this.#client.sendRequest(RenderHtmlRequest.type, { ...params, partialResultToken }, token);
			return pieces.length === 0 ? result : { ...result, html: pieces.join('') + result.html };
		} finally {
			listener.dispose();
		}
	}

	/**
	 * Link edits that keep links working when files or folders move (`gemtext/getFileMoveEdits`),
	 * converted to a VS Code edit; `undefined` when no link changes.
	 */
	async getFileMoveEdits(params: FileMoveEditsRequest.Params, token?: CancellationToken): Promise<vscode.WorkspaceEdit | undefined> {
		const edit = await this.#client.sendRequest(FileMoveEditsRequest.type, params, token);
		return edit ? this.#client.protocol2CodeConverter.asWorkspaceEdit(edit, token) : undefined;
	}

	/** Every link to a file across the workspace (`gemtext/findFileReferences`), as VS Code locations. */
	async findFileReferences(params: FileReferencesRequest.Params, token?: CancellationToken): Promise<vscode.Location[]> {
		const locations = await this.#client.sendRequest(FileReferencesRequest.type, params, token);
		return locations.map((l) => this.#client.protocol2CodeConverter.asLocation(l));
	}

	/**
	 * Checks remote links now (`gemtext/checkRemoteLinks`); the server's work-done progress on a
	 * token made here arrives through `onProgress`.
	 */
	async checkRemoteLinks(uris: readonly string[] | undefined, onProgress: (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void, token?: CancellationToken): Promise<CheckRemoteLinksRequest.Result> {
		const workDoneToken = `gemtext/checkRemoteLinks/${++progressTokens}`;
		const listener = this.#client.onProgress(WorkDoneProgress.type, workDoneToken, onProgress);
		try {
			return await this.#client.sendRequest(CheckRemoteLinksRequest.type, { uris, workDoneToken }, token);
		} finally {
			listener.dispose();
		}
	}

	/**
	 * Validates every Gemtext file of the workspace now (`gemtext/checkCapsule`); progress arrives
	 * through `onProgress`, problems as diagnostics.
	 */
	async checkCapsule(onProgress: (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void, token?: CancellationToken): Promise<CheckCapsuleRequest.Result> {
		const workDoneToken = `gemtext/checkCapsule/${++progressTokens}`;
		const listener = this.#client.onProgress(WorkDoneProgress.type, workDoneToken, onProgress);
		try {
			return await this.#client.sendRequest(CheckCapsuleRequest.type, { workDoneToken }, token);
		} finally {
			listener.dispose();
		}
	}

	/** Word count and reading time of an open document (`gemtext/wordCount`). */
	wordCount(params: WordCountRequest.Params, token?: CancellationToken): Promise<WordCountRequest.Result> {
		return this.#client.sendRequest(WordCountRequest.type, params, token);
	}

	/** Name and first lines of a new post (`gemtext/newPost`). */
	newPost(params: NewPostRequest.Params, token?: CancellationToken): Promise<NewPostRequest.Result> {
		return this.#client.sendRequest(NewPostRequest.type, params, token);
	}

	/** The `> Published at` edit of an open post and a draft's published name (`gemtext/publishedDate`), converted for VS Code. */
	async publishedDate(params: PublishedDateRequest.Params, token?: CancellationToken): Promise<{ edit: vscode.TextEdit; publishedName?: string } | undefined> {
		const result = await this.#client.sendRequest(PublishedDateRequest.type, params, token);
		return result ? { edit: this.#client.protocol2CodeConverter.asTextEdit(result.edit), publishedName: result.publishedName } : undefined;
	}

	/** gemfeed/index.gmi and atom.xml as Gemtexter will generate them (`gemtext/previewGemfeed`). */
	previewGemfeed(params: PreviewGemfeedRequest.Params, token?: CancellationToken): Promise<PreviewGemfeedRequest.Result> {
		return this.#client.sendRequest(PreviewGemfeedRequest.type, params, token);
	}

	/** What pasting a URL over `range` does (`gemtext/urlPasteEdit`), `null` for a plain paste. */
	urlPasteEdit(params: UrlPasteEditRequest.Params, token?: CancellationToken): Promise<UrlPasteEditRequest.Result> {
		return this.#client.sendRequest(UrlPasteEditRequest.type, params, token);
	}

	/** The first heading of each file (`gemtext/documentTitles`), `null` where none. */
	documentTitles(params: DocumentTitlesRequest.Params, token?: CancellationToken): Promise<DocumentTitlesRequest.Result> {
		return this.#client.sendRequest(DocumentTitlesRequest.type, params, token);
	}

	/** Markdown or HTML as Gemtext (`gemtext/convertToGemtext`). */
	convertToGemtext(params: ConvertToGemtextRequest.Params, token?: CancellationToken): Promise<ConvertToGemtextRequest.Result> {
		return this.#client.sendRequest(ConvertToGemtextRequest.type, params, token);
	}

	/** Stops the server (VS Code awaits the returned promise on deactivation). */
	dispose(): Promise<void> {
		return this.#client.dispose();
	}
}
