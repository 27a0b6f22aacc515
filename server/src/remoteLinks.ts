/**
 * Remote links in the language server: diagnostics for `gemini://` and `http(s)://` links
 * while `gemtext.validate.remoteLinks` is on, and the `gemtext/checkRemoteLinks` request.
 * The checker (the only thing that opens connections) is created on first use, so with
 * the setting off and the request never sent, the server makes no network traffic at all.
 */
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './convert';
import { CheckRemoteLinksRequest } from './protocol';
import { CountingChecker } from './remote/counting';
import type { GemtextSettings, IGemtextService, TextSnapshot } from './service';
import { collectRemoteLinks, getRemoteLinkDiagnostics, type IRemoteChecker, type RemoteCancellation, type RemoteDiagnosticsResult } from './service/remote';

/** Creates the host's checker (Node: `RemoteChecker`); absent where there is no network access (browser). */
export type RemoteCheckerFactory = () => IRemoteChecker;

export interface RemoteDiagnosticsOptions {
	readonly token?: RemoteCancellation;
	/** Use only cached results (no traffic); `complete` says whether anything is missing. */
	readonly cachedOnly?: boolean;
	/** Check even when `gemtext.validate.remoteLinks` is off (an explicit request). */
	readonly force?: boolean;
	/** Checker to go through instead of the shared one (wrapped for progress). */
	readonly checker?: IRemoteChecker;
}

export class RemoteLinkDiagnostics {
	readonly #service: IGemtextService;
	readonly #getSettings: (uri: string) => Promise<GemtextSettings>;
	readonly #createChecker: RemoteCheckerFactory | undefined;
	#checker: IRemoteChecker | undefined;

	constructor(service: IGemtextService, getSettings: (uri: string) => Promise<GemtextSettings>, createChecker: RemoteCheckerFactory | undefined) {
		this.#service = service;
		this.#getSettings = getSettings;
		this.#createChecker = createChecker;
	}

	/** Whether this host can check remote links at all. */
	get available(): boolean {
		return this.#createChecker !== undefined;
	}

	/** The shared checker, created on first use. */
	get checker(): IRemoteChecker | undefined {
		this.#checker ??= this.#createChecker?.();
		return this.#checker;
	}

	/** Remote-link diagnostics of `doc` (none, without traffic, while remote checks are off). */
	async get(doc: TextSnapshot, options: RemoteDiagnosticsOptions = {}): Promise<RemoteDiagnosticsResult> {
		const settings = await this.settingsFor(doc.uri, options.force === true);
		return getRemoteLinkDiagnostics(this.#service.parse(doc), settings, () => options.checker ?? this.checker, options);
	}

	async settingsFor(uri: string, force: boolean): Promise<GemtextSettings> {
		const settings = await this.#getSettings(uri);
		return force ? { ...settings, validate: { ...settings.validate, remoteLinks: true } } : settings;
	}
}

/**
 * Handles `gemtext/checkRemoteLinks`: checks every remote link of the documents, publishes
 * each document's diagnostics (local and remote), and reports progress on the client's token.
 */
export function registerCheckRemoteLinks(connection: Connection, documents: TextDocuments<TextDocument>, service: IGemtextService, remote: RemoteLinkDiagnostics): void {
	connection.onRequest(CheckRemoteLinksRequest.type, async (params, token): Promise<CheckRemoteLinksRequest.Result> => {
		const uris = params.uris ?? documents.all().map((d) => d.uri);
		const snapshots = (await Promise.all(uris.map(async (uri) => documents.get(uri) ?? (await service.readDocument(uri))))).filter((s): s is TextSnapshot => s !== undefined);
		const urls = new Set<string>();
		for (const s of snapshots) {
			const settings = await remote.settingsFor(s.uri, true);
			collectRemoteLinks(service.parse(s), settings).forEach((l) => urls.add(l.url));
		}
		const progress = await connection.window.attachWorkDoneProgress(params.workDoneToken);
		progress.begin('Checking remote links', 0, `0/${urls.size}`, true);
		const inner = remote.checker;
		if (!inner) {
			progress.done();
			return { files: 0, links: 0, problems: 0, cancelled: false };
		}
		const checker = new CountingChecker(inner, (answered) => progress.report(Math.floor((answered * 100) / Math.max(urls.size, 1)), `${answered}/${urls.size}`));
		let problems = 0;
		try {
			await Promise.all(snapshots.map((s) => publish(connection, service, remote, s, checker, token).then((n) => (problems += n))));
		} finally {
			progress.done();
		}
		return { files: snapshots.length, links: urls.size, problems, cancelled: token.isCancellationRequested };
	});
}

async function publish(connection: Connection, service: IGemtextService, remote: RemoteLinkDiagnostics, doc: TextSnapshot, checker: IRemoteChecker, token: CancellationToken): Promise<number> {
	const [local, result] = await Promise.all([service.getDiagnostics(doc, token), remote.get(doc, { token, force: true, checker })]);
	if (token.isCancellationRequested) {
		return 0;
	}
	const version = doc.version >= 0 ? doc.version : undefined;
	await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: [...local, ...result.diagnostics].map(toDiagnostic) });
	return result.diagnostics.length;
}
