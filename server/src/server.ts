/**
 * The LSP adapter: capabilities and handlers, delegation only. Each handler gets the
 * document, calls the service and converts; anything longer belongs in the service.
 */
import {
	CodeActionKind,
	type Connection,
	type FileEvent,
	FileChangeType,
	ErrorCodes,
	LSPErrorCodes,
	ResponseError,
	TextDocuments,
	TextDocumentSyncKind,
	type InitializeResult,
	type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { CapsuleDiagnostics } from './capsuleDiagnostics';
import { releaseMemorySoon } from './releaseMemory';
import { SettingsCache } from './configuration';
import * as convert from './convert';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { incrementalDocuments } from './incrementalDocument';
import { registerCheckRemoteLinks } from './remoteLinks';
import { ConvertToGemtextRequest, DocumentTitlesRequest, UrlPasteEditRequest } from './protocol';
import { splitHtml } from './renderPieces';
import { FileMoveEditsRequest, FileReferencesRequest, NewPostRequest, PreviewGemfeedRequest, PublishedDateRequest, RenderHtmlRequest, TableOfContentsEditRequest, WordCountRequest, WorkspaceTrustNotification } from './protocol';
import { localTimeOf, newPostFileName, newPostText, publishedAtEdit, publishedNameOfDraft, titleProblem } from './service/posts';
import { convertHtmlToGemtext, convertMarkdownToGemtext } from './service';
import { createGemtextService, type FileChange, type IFileSystem, type IGemtextService, type ILogger, type IRemoteChecker, type TemplateRunner, WORDS_PER_MINUTE } from './service';

/** Creates the file system the service reads through (Node `fs`, or the client's in a browser). */
export type FileSystemFactory = (connection: Connection) => IFileSystem;

/** Creates what runs template code; it must refuse while `isTrusted()` is false. Hosts that never run code give none. */
export type TemplateRunnerFactory = (isTrusted: () => boolean) => TemplateRunner;

/** Creates the host's remote link checker (Node: `RemoteChecker`); absent where there is no network access (browser). */
export type RemoteCheckerFactory = () => IRemoteChecker;

/** Wires the service to `connection` and starts listening. */
export function startServer(
	connection: Connection,
	createFileSystem: FileSystemFactory,
	createRemoteChecker?: RemoteCheckerFactory,
	createTemplateRunner?: TemplateRunnerFactory,
): void {
	const logger = createLogger(connection);
	// Edits cost time in proportion to the edit, not the document (see incrementalDocument.ts).
	const documents = new TextDocuments(incrementalDocuments);
	const settings = new SettingsCache(connection, logger);
	// Untrusted until the client says otherwise: template code never runs on a guess.
	let trusted = false;
	const templateRunner = createTemplateRunner?.(() => trusted);
	// A closed file has its workspace folder's settings: one request per folder, not per file of the capsule.
	const settingsScope = (uri: string): string => (documents.get(uri) ? uri : (folderOf(service.getWorkspaceFolders(), uri) ?? uri));
	const service = createGemtextService({ fileSystem: createFileSystem(connection), logger, getSettings: (uri) => settings.get(settingsScope(uri)), yieldNow, templateRunner, createRemoteChecker });
	const diagnostics = new DiagnosticsPublisher(connection, documents, service, logger);
	registerCheckRemoteLinks(connection, documents, service);
	const capsule = new CapsuleDiagnostics(connection, documents, service, (uri) => settings.get(uri), diagnostics, logger, yieldNow);
	let progressSupported = false;
	let foldersSupported = false;

	connection.onInitialize((params): InitializeResult => {
		settings.setPullSupported(params.capabilities.workspace?.configuration === true);
		progressSupported = params.capabilities.window?.workDoneProgress === true;
		foldersSupported = params.capabilities.workspace?.workspaceFolders === true;
		trusted = (params.initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted === true;
		void service.setWorkspaceFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
		return { capabilities: serverCapabilities(), serverInfo: { name: 'gemtext-language-server' } };
	});

	connection.onInitialized(() => {
		if (foldersSupported) {
			connection.workspace.onDidChangeWorkspaceFolders(() => {
				void connection.workspace.getWorkspaceFolders().then((folders) => service.setWorkspaceFolders(folders?.map((f) => f.uri) ?? []));
			});
		}
		void buildIndexWithProgress(connection, service, progressSupported).then(() => capsule.indexed(), () => undefined);
	});

	documents.onDidChangeContent(({ document }) => {
		service.setOpenDocument(document);
		diagnostics.schedule(document.uri);
		capsule.changed(document.uri);
	});
	documents.onDidClose(({ document }) => {
		service.forget(document.uri);
		settings.delete(document.uri);
		void capsule.closed(document.uri);
	});

	connection.onDidChangeConfiguration(() => {
		settings.clear();
		diagnostics.scheduleAll();
		void capsule.configurationChanged();
	});
	connection.onDidChangeWatchedFiles(({ changes }) => {
		const fileChanges = changes.map(toFileChange);
		void service.applyFileChanges(fileChanges).then(() => {
			diagnostics.scheduleAll();
			return capsule.filesChanged(fileChanges);
		});
	});

	connection.onDocumentSymbol(async ({ textDocument }) => {
		const doc = documents.get(textDocument.uri);
		return doc ? (await service.getOutline(doc)).map(convert.toDocumentSymbol) : null;
	});
	connection.onFoldingRanges(async ({ textDocument }) => {
		const doc = documents.get(textDocument.uri);
		return doc ? (await service.getFoldingRanges(doc)).map(convert.toFoldingRange) : null;
	});
	connection.onSelectionRanges(async ({ textDocument, positions }) => {
		const doc = documents.get(textDocument.uri);
		return doc ? (await service.getSelectionRanges(doc, positions)).map(convert.toSelectionRange) : null;
	});
	connection.onDocumentLinks(async ({ textDocument }, token) => {
		const doc = documents.get(textDocument.uri);
		return doc ? (await service.getDocumentLinks(doc, token)).map(convert.toDocumentLink) : null;
	});
	connection.onWorkspaceSymbol(async ({ query }, token) => {
		return (await service.getWorkspaceSymbols(query, token)).map(convert.toWorkspaceSymbol);
	});
	connection.onRequest(RenderHtmlRequest.type, async (params, token): Promise<RenderHtmlRequest.Result> => {
		const doc = documents.get(params.uri) ?? (await service.readDocument(params.uri));
		if (!doc) {
			throw new ResponseError(ErrorCodes.InvalidParams, `Cannot read ${params.uri}: ${await service.describeReadFailure(params.uri)}`);
		}
		const result = { ...(await service.renderHtml(doc, params)), version: doc.version };
		if (params.partialResultToken === undefined) {
			return result;
		}
		// A big body in pieces, yielding between them: other answers go out in between.
		const pieces = splitHtml(result.html);
		for (const html of pieces.slice(0, -1)) {
			if (token.isCancellationRequested) {
				// A newer render replaces this one: send no more of it.
				throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The render was cancelled');
			}
			await connection.sendProgress(RenderHtmlRequest.partialResult, params.partialResultToken, { html });
			await (yieldNow ? yieldNow() : new Promise<void>((resolve) => setTimeout(resolve, 0)));
		}
		return { ...result, html: pieces[pieces.length - 1] };
	});

	connection.onCompletion(async ({ textDocument, position }) => {
		const doc = documents.get(textDocument.uri);
		return doc ? (await service.getCompletions(doc, position)).map(convert.toCompletionItem) : null;
	});
	connection.onHover(async ({ textDocument, position }) => {
		const doc = documents.get(textDocument.uri);
		const hover = doc ? await service.getHover(doc, position) : undefined;
		return hover ? convert.toHover(hover) : null;
	});
	connection.onDefinition(async ({ textDocument, position }) => {
		const doc = documents.get(textDocument.uri);
		return doc ? service.getDefinition(doc, position) : null;
	});
	connection.onReferences(async ({ textDocument, position, context }, token) => {
		const doc = documents.get(textDocument.uri);
		return doc ? service.getReferences(doc, position, context.includeDeclaration, token) : null;
	});
	connection.onPrepareRename(({ textDocument, position }) => {
		const doc = documents.get(textDocument.uri);
		return (doc && service.prepareRename(doc, position)) ?? null;
	});
	connection.onRenameRequest(async ({ textDocument, position, newName }, token) => {
		const doc = documents.get(textDocument.uri);
		const edit = doc ? await service.getRenameEdits(doc, position, newName, token) : undefined;
		return edit ? convert.toWorkspaceEdit(edit) : null;
	});
	connection.onCodeAction(async ({ textDocument, context }, token) => {
		const doc = documents.get(textDocument.uri);
		if (doc && convert.wantsFixAll(context.only)) {
			return convert.toFixAllActions(await service.getFixAllEdits(doc, token), doc.uri);
		}
		return doc ? (await service.getCodeActions(doc, context.diagnostics)).map((a) => convert.toCodeAction(a, context.diagnostics)) : null;
	});
	connection.onDocumentFormatting(async ({ textDocument, options }) => {
		const doc = documents.get(textDocument.uri);
		return doc ? service.getFormattingEdits(doc, { trimFinalNewlines: options.trimFinalNewlines === true }) : null;
	});
	connection.onDocumentRangeFormatting(async ({ textDocument, options, range }) => {
		const doc = documents.get(textDocument.uri);
		return doc ? service.getFormattingEdits(doc, { range, trimFinalNewlines: options.trimFinalNewlines === true }) : null;
	});
	connection.onRequest(FileMoveEditsRequest.type, async ({ moves }, token) => {
		const edit = await service.getFileMoveEdits(moves, token);
		return Object.keys(edit.changes).length > 0 ? convert.toWorkspaceEdit(edit) : null;
	});
	connection.onRequest(FileReferencesRequest.type, ({ uri }, token) => service.getFileReferences(uri, token));
	connection.onRequest(TableOfContentsEditRequest.type, async ({ uri, position }) => {
		const doc = documents.get(uri);
		return (doc && (await service.getTableOfContentsEdit(doc, position))) ?? null;
	});
	connection.onNotification(WorkspaceTrustNotification.type, (params) => {
		trusted = params.trusted === true;
		diagnostics.scheduleAll();
	});
	// Authoring: word count (status bar), new posts and the `> Published at` stamp, at this process's local time.
	connection.onRequest(WordCountRequest.type, async ({ uri }) => {
		const doc = documents.get(uri);
		return doc ? { ...(await service.getWordCount(doc)), wordsPerMinute: WORDS_PER_MINUTE } : null;
	});
	connection.onRequest(NewPostRequest.type, ({ title, draft, extension, existing }) => {
		const time = localTimeOf(new Date());
		const problem = titleProblem(title);
		return problem ? { problem } : { fileName: newPostFileName({ title, time, draft, extension, existing }), ...newPostText(title, time) };
	});
	connection.onRequest(PublishedDateRequest.type, ({ uri, publish }) => {
		const doc = documents.get(uri);
		const time = localTimeOf(new Date());
		const publishedName = publish ? publishedNameOfDraft(decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)), time) : undefined;
		return doc ? { edit: publishedAtEdit(doc.getText(), time), publishedName } : null;
	});
	connection.onRequest(PreviewGemfeedRequest.type, async ({ uri }) => (await service.getGemfeedPreview(uri)) ?? null);
	// Paste and drop: URL links, link titles, Markdown and HTML to Gemtext.
	connection.onRequest(UrlPasteEditRequest.type, ({ uri, range, text }) => {
		const doc = documents.get(uri);
		return (doc && service.getUrlPasteEdit(doc, range, text)) ?? null;
	});
	connection.onRequest(DocumentTitlesRequest.type, async ({ uris }) => (await service.getDocumentTitles(uris)).map((t) => t ?? null));
	connection.onRequest(ConvertToGemtextRequest.type, ({ text, from }) => (from === 'html' ? convertHtmlToGemtext(text) : convertMarkdownToGemtext(text)));
	connection.onCodeLens(async ({ textDocument }) => {
		const doc = documents.get(textDocument.uri);
		return doc ? (await service.getFeedCodeLenses(doc)).map(convert.toCodeLens) : null;
	});

	connection.onShutdown(() => {
		diagnostics.dispose();
		capsule.dispose();
		service.dispose();
	});

	documents.listen(connection);
	connection.listen();
}

/**
 * Where long service runs pause: Node's check phase comes right after polling for I/O, with none
 * of a timer's clamping. Two hops: the connection dispatches a message it has read with a
 * `setImmediate` of its own, queued behind the run's first hop, so the run resumes only after the
 * requests that arrived meanwhile were answered (with one hop, a request waited for a whole
 * further slice). Elsewhere (a web worker) the service's timeout default applies.
 */
const yieldNow = typeof setImmediate === 'function' ? (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve))) : undefined;

function serverCapabilities(): InitializeResult['capabilities'] {
	return {
		textDocumentSync: TextDocumentSyncKind.Incremental,
		documentSymbolProvider: true,
		foldingRangeProvider: true,
		selectionRangeProvider: true,
		documentLinkProvider: { resolveProvider: false },
		workspaceSymbolProvider: true,
		completionProvider: { triggerCharacters: ['/', '#', ' '] },
		hoverProvider: true,
		definitionProvider: true,
		referencesProvider: true,
		renameProvider: { prepareProvider: true },
		codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, convert.FIX_ALL_KIND] },
		documentFormattingProvider: true,
		documentRangeFormattingProvider: true,
		codeLensProvider: { resolveProvider: false },
		workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
	};
}

/**
 * Builds the workspace index once, showing "Indexing Gemtext files" with a percentage when
 * the client supports server-initiated progress. Reports only when the percentage moves,
 * so a big workspace does not flood the client.
 */
async function buildIndexWithProgress(connection: Connection, service: IGemtextService, supported: boolean): Promise<void> {
	let progress: WorkDoneProgressServerReporter | undefined;
	try {
		progress = supported ? await connection.window.createWorkDoneProgress() : undefined;
	} catch {
		progress = undefined;
	}
	progress?.begin('Indexing Gemtext files', 0, undefined, false);
	let last = -1;
	await service.buildWorkspaceIndex((done, total) => {
		const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
		if (percent !== last) {
			last = percent;
			progress?.report(percent, `${done}/${total}`);
		}
	});
	progress?.done();
	releaseMemorySoon();
}

/** The innermost workspace folder holding `uri`. */
function folderOf(folders: readonly string[], uri: string): string | undefined {
	let best: string | undefined;
	for (const folder of folders) {
		if (uri.startsWith(folder.endsWith('/') ? folder : folder + '/') && (!best || folder.length > best.length)) {
			best = folder;
		}
	}
	return best;
}

function toFileChange(event: FileEvent): FileChange {
	const type = event.type === FileChangeType.Created ? 'created' : event.type === FileChangeType.Deleted ? 'deleted' : 'changed';
	return { uri: event.uri, type };
}

/** Routes service logs to the client's output channel. */
function createLogger(connection: Connection): ILogger {
	return {
		log(level, message) {
			switch (level) {
				case 'error': connection.console.error(message); break;
				case 'warn': connection.console.warn(message); break;
				case 'info': connection.console.info(message); break;
				default: connection.console.log(message); break;
			}
		},
	};
}
