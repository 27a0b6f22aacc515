/**
 * Problems of the whole capsule, not only of open documents:
 *
 * - `gemtext/checkCapsule` ("Gemtext: Check Capsule") validates every Gemtext file and
 *   template of the workspace once, with progress and cancellation, and publishes each one's
 *   diagnostics, closed files included (as markdownlint's "lint workspace" does);
 * - with `gemtext.validate.scope` set to `workspace`, every file's problems are published once
 *   the index is built and kept up to date: a closed file keeps its problems, a file changed on
 *   disk is validated again, a deleted file loses them.
 *
 * Either way an edit or a change on disk revalidates the files that link to the changed file
 * (its dependents, from the workspace index), since their link diagnostics depend on it.
 * Open documents stay with the `DiagnosticsPublisher`; this class publishes closed files only,
 * read from disk, and never over an open document's diagnostics.
 */
import { CancellationTokenSource, type CancellationToken, type Connection, type TextDocuments, type WorkDoneProgressReporter } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './convert';
import { DIAGNOSTICS_DELAY_MS, type DiagnosticsPublisher } from './diagnosticsPublisher';
import { CheckCapsuleRequest } from './protocol';
import { releaseMemorySoon } from './releaseMemory';
import { normalizeUri, TimeSlicer, type DiagnosticsBatch, type FileChange, type GemtextSettings, type IGemtextService, type ILogger, type YieldNow } from './service';

/** Files validated at once: reads overlap, and each run still yields between its slices. */
const CONCURRENCY = 4;

/** What a pass over files found. */
interface PassResult {
	readonly files: number;
	readonly problems: number;
	readonly filesWithProblems: number;
}

export class CapsuleDiagnostics {
	readonly #connection: Connection;
	readonly #documents: TextDocuments<TextDocument>;
	readonly #service: IGemtextService;
	readonly #getSettings: (uri: string) => Promise<GemtextSettings>;
	readonly #publisher: DiagnosticsPublisher;
	readonly #logger: ILogger;
	readonly #yieldNow: YieldNow | undefined;
	/** Closed files whose problems the editor shows (normalized URIs): cleared when they go. */
	readonly #published = new Set<string>();
	/** The background pass of the `workspace` scope, cancelled by the next one. */
	#pass: CancellationTokenSource | undefined;
	/** Headings of each open document when last seen: its dependents care about nothing else. */
	readonly #headings = new Map<string, string>();
	/** Edited documents whose dependents wait to be revalidated (debounced like diagnostics). */
	readonly #dependentTimers = new Map<string, ReturnType<typeof setTimeout>>();

	constructor(connection: Connection, documents: TextDocuments<TextDocument>, service: IGemtextService, getSettings: (uri: string) => Promise<GemtextSettings>, publisher: DiagnosticsPublisher, logger: ILogger, yieldNow?: YieldNow) {
		this.#connection = connection;
		this.#documents = documents;
		this.#service = service;
		this.#getSettings = getSettings;
		this.#publisher = publisher;
		this.#logger = logger;
		this.#yieldNow = yieldNow;
		connection.onRequest(CheckCapsuleRequest.type, (params, token) => this.#checkCapsule(params, token));
	}

	/** Whether `gemtext.validate.scope` is `workspace` (read in the first workspace folder's scope). */
	async isWorkspaceScope(): Promise<boolean> {
		const folder = this.#service.getWorkspaceFolders()[0];
		return folder !== undefined && (await this.#getSettings(folder)).validate.scope === 'workspace';
	}

	/** The first index is built: in the `workspace` scope, publish every closed file's problems. */
	indexed(): Promise<void> {
		return this.#guard(() => this.#indexed());
	}

	/** Settings changed: publish every file's problems (`workspace`), or take back closed files' (`openFiles`). */
	configurationChanged(): Promise<void> {
		return this.#guard(() => this.#configurationChanged());
	}

	/** A document closed: its problems stay (from its disk content) in the `workspace` scope, else they go. */
	closed(uri: string): Promise<void> {
		return this.#guard(() => this.#closed(uri));
	}

	/**
	 * Files changed on disk (the index has already applied the changes): deleted files lose
	 * their problems, changed closed files are validated again where their problems are shown,
	 * and so are the dependents of every changed file.
	 */
	filesChanged(changes: readonly FileChange[]): Promise<void> {
		return this.#guard(() => this.#filesChanged(changes));
	}

	/**
	 * Background work never rejects: its promises are not awaited by anyone, and the client may
	 * have gone (stdin closed) while a pass was under way.
	 */
	async #guard(work: () => Promise<void>): Promise<void> {
		try {
			await work();
		} catch (e) {
			try {
				this.#logger.log('error', `Gemtext capsule diagnostics: ${e instanceof Error ? e.message : String(e)}`);
			} catch {
				// The connection is gone: nobody to tell.
			}
		}
	}

	async #indexed(): Promise<void> {
		if (await this.isWorkspaceScope()) {
			await this.#runPass();
		}
	}

	async #configurationChanged(): Promise<void> {
		if (await this.isWorkspaceScope()) {
			await this.#runPass();
			return;
		}
		this.#pass?.cancel();
		for (const uri of [...this.#published]) {
			this.#unpublish(uri);
		}
	}

	async #closed(uri: string): Promise<void> {
		// The disk's headings count again (the editor may have had unsaved ones).
		if (this.#headings.delete(uri)) {
			await this.#revalidateDependents([uri]);
		}
		if (await this.isWorkspaceScope()) {
			await this.#validateClosed([uri], undefined);
		} else {
			this.#published.delete(normalizeUri(uri));
			this.#publisher.clear(uri);
		}
	}

	/**
	 * An open document changed: once typing pauses, and only if its headings changed (links
	 * elsewhere see nothing else of it), revalidate the files that link to it.
	 */
	changed(uri: string): void {
		if (!this.#headings.has(uri)) {
			// Just opened: what its dependents were validated against (its text on disk, as a rule).
			const doc = this.#documents.get(uri);
			this.#headings.set(uri, doc ? this.#headingsOf(doc) : '');
			return;
		}
		const timer = this.#dependentTimers.get(uri);
		if (timer !== undefined) {
			clearTimeout(timer);
		}
		this.#dependentTimers.set(uri, setTimeout(() => {
			this.#dependentTimers.delete(uri);
			const doc = this.#documents.get(uri);
			if (!doc) {
				return;
			}
			const headings = this.#headingsOf(doc);
			const before = this.#headings.get(uri);
			this.#headings.set(uri, headings);
			if (before !== headings) {
				void this.#guard(() => this.#revalidateDependents([uri]));
			}
		}, DIAGNOSTICS_DELAY_MS));
	}

	async #filesChanged(changes: readonly FileChange[]): Promise<void> {
		const workspace = await this.isWorkspaceScope();
		const again: string[] = [];
		for (const change of changes) {
			const key = normalizeUri(change.uri);
			if (change.type === 'deleted') {
				const prefix = key.endsWith('/') ? key : key + '/';
				for (const uri of [...this.#published]) {
					if (uri === key || uri.startsWith(prefix)) {
						this.#unpublish(uri);
					}
				}
			} else if (!this.#isOpen(key) && (workspace || this.#published.has(key))) {
				again.push(key);
			}
		}
		const files = new Set(await this.#service.getWorkspaceFiles());
		await this.#validateClosed(again.filter((u) => files.has(u)), undefined);
		await this.#revalidateDependents(changes.map((c) => c.uri));
	}

	#headingsOf(doc: TextDocument): string {
		return this.#service.parse(doc).headings.map((h) => `${h.level} ${h.content}`).join('\n');
	}

	dispose(): void {
		this.#pass?.cancel();
		for (const timer of this.#dependentTimers.values()) {
			clearTimeout(timer);
		}
		this.#dependentTimers.clear();
	}

	async #checkCapsule(params: CheckCapsuleRequest.Params, token: CancellationToken): Promise<CheckCapsuleRequest.Result> {
		const progress = await this.#connection.window.attachWorkDoneProgress(params.workDoneToken);
		progress.begin('Checking the capsule', 0, 'Indexing', true);
		try {
			const files = await this.#service.getWorkspaceFiles();
			const result = await this.#validate(files, token, progress);
			releaseMemorySoon();
			return { ...result, cancelled: token.isCancellationRequested };
		} finally {
			progress.done();
		}
	}

	async #runPass(): Promise<void> {
		this.#pass?.cancel();
		const source = new CancellationTokenSource();
		this.#pass = source;
		try {
			const files = await this.#service.getWorkspaceFiles();
			await this.#validateClosed(files, source.token);
			releaseMemorySoon();
		} finally {
			if (this.#pass === source) {
				this.#pass = undefined;
			}
			source.dispose();
		}
	}

	async #revalidateDependents(uris: readonly string[]): Promise<void> {
		const workspace = await this.isWorkspaceScope();
		const dependents = new Set<string>();
		for (const uri of uris) {
			for (const d of await this.#service.getDependents(uri)) {
				dependents.add(normalizeUri(d));
			}
		}
		const closed: string[] = [];
		for (const uri of dependents) {
			const open = this.#documents.get(uri);
			if (open) {
				this.#publisher.schedule(open.uri);
			} else if (workspace || this.#published.has(uri)) {
				closed.push(uri);
			}
		}
		this.#logger.log('debug', `Gemtext: ${uris.length} changed file(s), ${dependents.size} dependent(s) revalidated`);
		await this.#validateClosed(closed, undefined);
	}

	/** Validates the closed ones of `uris` from disk and publishes their problems. */
	#validateClosed(uris: readonly string[], token: CancellationToken | undefined): Promise<PassResult> {
		return this.#validate(uris.filter((u) => !this.#isOpen(u)), token, undefined);
	}

	/**
	 * Validates `uris` (open documents as the editor has them, others from disk), a few at a
	 * time, publishing each file's problems as soon as they are known. Stops when cancelled.
	 */
	async #validate(uris: readonly string[], token: CancellationToken | undefined, progress: WorkDoneProgressReporter | undefined): Promise<PassResult> {
		let next = 0;
		let done = 0;
		let problems = 0;
		let filesWithProblems = 0;
		let lastPercent = -1;
		const batch = this.#service.createDiagnosticsBatch();
		// Reads from a local disk come back without waiting: the pass yields its time slices itself.
		const slicer = new TimeSlicer(this.#yieldNow);
		const worker = async (): Promise<void> => {
			while (next < uris.length && !token?.isCancellationRequested) {
				const uri = uris[next++];
				const count = await this.#validateOne(uri, token, batch);
				done++;
				problems += count;
				filesWithProblems += count > 0 ? 1 : 0;
				const percent = Math.floor((done * 100) / uris.length);
				if (progress && percent !== lastPercent) {
					lastPercent = percent;
					progress.report(percent, `${done}/${uris.length} files`);
				}
				await slicer.pause();
			}
		};
		await Promise.all(Array.from({ length: Math.min(CONCURRENCY, uris.length) }, worker));
		return { files: done, problems, filesWithProblems };
	}

	/** Publishes the problems of one file; returns how many. */
	async #validateOne(uri: string, token: CancellationToken | undefined, batch: DiagnosticsBatch): Promise<number> {
		try {
			const open = this.#documents.get(uri);
			const snapshot = open ?? (await this.#service.readDocument(uri));
			if (!snapshot) {
				this.#unpublish(normalizeUri(uri));
				return 0;
			}
			const diagnostics = await this.#service.getDiagnostics(snapshot, token, batch);
			if (token?.isCancellationRequested) {
				return 0;
			}
			const current = this.#documents.get(uri);
			if (open ? current?.version !== open.version : current !== undefined) {
				// The editor moved on (or opened the file): the publisher has its own, newer run.
				return diagnostics.length;
			}
			if (!open) {
				const key = normalizeUri(uri);
				if (diagnostics.length === 0 && !this.#published.has(key)) {
					// Nothing shown, nothing to show: no message for each of thousands of clean files.
					return 0;
				}
				if (diagnostics.length > 0) {
					this.#published.add(key);
				} else {
					this.#published.delete(key);
				}
			}
			await this.#connection.sendDiagnostics({ uri: snapshot.uri, version: open?.version, diagnostics: diagnostics.map(toDiagnostic) });
			return diagnostics.length;
		} catch (e) {
			this.#logger.log('error', `Validating ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
			return 0;
		}
	}

	#unpublish(uri: string): void {
		if (this.#published.delete(uri) && !this.#isOpen(uri)) {
			this.#connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
		}
	}

	#isOpen(uri: string): boolean {
		return this.#documents.get(uri) !== undefined;
	}
}
