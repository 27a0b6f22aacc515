/**
 * The language client, and the only place that sends requests to the server: one typed
 * method per custom message of server/src/protocol.ts.
 */
import * as vscode from 'vscode';
import {
	type CancellationToken,
	type LanguageClientOptions,
	LanguageClient,
	type ServerOptions,
	TransportKind,
	WorkDoneProgress,
	type WorkDoneProgressBegin,
	type WorkDoneProgressEnd,
	type WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import {
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
import { LANGUAGE_IDS } from './languages';

/** Work-done progress tokens made by this client, numbered. */
let progressTokens = 0;

/** The Gemtext language client; dispose to stop the server. */
export class GemtextClient implements vscode.Disposable {
	readonly #client: LanguageClient;
	/** Renders asked for, to name each one's partial-result token. */
	#renders = 0;

	private constructor(client: LanguageClient) {
		this.#client = client;
	}

	/**
	 * Starts dist/server.js over IPC (with `--inspect` when the extension is debugged) and
	 * resolves once the server is initialized.
	 */
	static async start(context: vscode.ExtensionContext): Promise<GemtextClient> {
		const module = context.asAbsolutePath('dist/server.js');
		const serverOptions: ServerOptions = {
			run: { module, transport: TransportKind.ipc },
			debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
		};
		// Every file and folder, not only .gmi: a link to an image or a folder breaks or heals when it
		// is created, deleted or renamed, a deleted folder is reported only under its own name, and a
		// gemtexter.conf switches the render style and moves the capsule root.
		const watcher = vscode.workspace.createFileSystemWatcher('**/*');
		context.subscriptions.push(watcher);
		const clientOptions: LanguageClientOptions = {
			documentSelector: LANGUAGE_IDS.flatMap((language) => [
				{ language, scheme: 'file' },
				{ language, scheme: 'untitled' },
			]),
			synchronize: { configurationSection: 'gemtext', fileEvents: watcher },
			// Template code runs only in a trusted workspace; the server starts untrusted.
			initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
		};
		const client = new LanguageClient('gemtext', 'Gemtext Language Server', serverOptions, clientOptions);
		const wrapper = new GemtextClient(client);
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

	/** Stops the server (VS Code awaits the returned promise on deactivation). */
	dispose(): Promise<void> {
		return this.#client.dispose();
	}
}
