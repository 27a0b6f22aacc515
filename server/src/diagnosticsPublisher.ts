/**
 * Push diagnostics: each change (re)starts a short timer per document, a new run
 * cancels the stale one, and results of a cancelled run are never published, so the
 * editor only ever sees diagnostics of the latest text.
 */
import { CancellationTokenSource, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './convert';
import type { IGemtextService, ILogger } from './service';

/** Typing pauses shorter than this do not validate: the user is mid-word. */
export const DIAGNOSTICS_DELAY_MS = 300;

export class DiagnosticsPublisher {
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
	readonly #running = new Map<string, CancellationTokenSource>();

	readonly #connection: Connection;
	readonly #documents: TextDocuments<TextDocument>;
	readonly #service: IGemtextService;
	readonly #logger: ILogger;

	constructor(connection: Connection, documents: TextDocuments<TextDocument>, service: IGemtextService, logger: ILogger) {
		this.#connection = connection;
		this.#documents = documents;
		this.#service = service;
		this.#logger = logger;
	}

	/** Validates `uri` after `delay` ms, replacing any pending or running validation. */
	schedule(uri: string, delay = DIAGNOSTICS_DELAY_MS): void {
		this.#cancel(uri);
		this.#timers.set(uri, setTimeout(() => {
			this.#timers.delete(uri);
			void this.#run(uri);
		}, delay));
	}

	/** Settings or files changed: every open document again. */
	scheduleAll(): void {
		for (const doc of this.#documents.all()) {
			this.schedule(doc.uri);
		}
	}

	/** The document closed: stop work and clear what the editor shows for it. */
	clear(uri: string): void {
		this.#cancel(uri);
		void this.#connection.sendDiagnostics({ uri, diagnostics: [] });
	}

	dispose(): void {
		for (const uri of [...this.#timers.keys(), ...this.#running.keys()]) {
			this.#cancel(uri);
		}
	}

	#cancel(uri: string): void {
		const timer = this.#timers.get(uri);
		if (timer !== undefined) {
			clearTimeout(timer);
			this.#timers.delete(uri);
		}
		this.#running.get(uri)?.cancel();
	}

	async #run(uri: string): Promise<void> {
		const doc = this.#documents.get(uri);
		if (!doc) {
			return;
		}
		const source = new CancellationTokenSource();
		this.#running.set(uri, source);
		try {
			const diagnostics = await this.#service.getDiagnostics(doc, source.token);
			// Remote-link results the checker holds come at once, the rest when the network answers. Those
			// checks get no token: an edit drops their result here but lets them finish into the cache.
			const cached = await this.#service.getRemoteLinkDiagnostics(doc, { cachedOnly: true });
			const current = (): boolean => !source.token.isCancellationRequested && this.#documents.get(uri)?.version === doc.version;
			if (current()) {
				await this.#connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [...diagnostics, ...cached.diagnostics].map(toDiagnostic) });
			}
			if (!cached.complete && current()) {
				const remote = await this.#service.getRemoteLinkDiagnostics(doc);
				if (current()) {
					await this.#connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [...diagnostics, ...remote.diagnostics].map(toDiagnostic) });
				}
			}
		} catch (e) {
			this.#logger.log('error', `Validating ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
		} finally {
			if (this.#running.get(uri) === source) {
				this.#running.delete(uri);
			}
			source.dispose();
		}
	}
}
