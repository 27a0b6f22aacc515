/**
 * The `gemtext/checkRemoteLinks` request: checks every remote link of the documents through
 * the service (`getRemoteLinkDiagnostics`, whatever `gemtext.validate.remoteLinks` says: the
 * request is the user's consent), publishes each document's diagnostics (local and remote),
 * and reports progress on the client's token. The checker itself is the host's, injected
 * into the service (server/src/remote/ on Node).
 */
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './convert';
import { CheckRemoteLinksRequest } from './protocol';
import type { IGemtextService, RemoteCheckBatch, TextSnapshot } from './service';

export function registerCheckRemoteLinks(connection: Connection, documents: TextDocuments<TextDocument>, service: IGemtextService): void {
	connection.onRequest(CheckRemoteLinksRequest.type, async (params, token): Promise<CheckRemoteLinksRequest.Result> => {
		const uris = params.uris ?? documents.all().map((d) => d.uri);
		const snapshots = (await Promise.all(uris.map(async (uri) => documents.get(uri) ?? (await service.readDocument(uri))))).filter((s): s is TextSnapshot => s !== undefined);
		const links = await service.countRemoteLinks(snapshots);
		const progress = await connection.window.attachWorkDoneProgress(params.workDoneToken);
		progress.begin('Checking remote links', 0, `0/${links}`, true);
		const batch = service.createRemoteCheckBatch((answered) => progress.report(Math.floor((answered * 100) / Math.max(links, 1)), `${answered}/${links}`));
		if (!batch) {
			progress.done();
			return { files: 0, links: 0, problems: 0, cancelled: false };
		}
		let problems = 0;
		try {
			await Promise.all(snapshots.map((s) => publish(connection, service, s, batch, token).then((n) => (problems += n))));
		} finally {
			progress.done();
		}
		return { files: snapshots.length, links, problems, cancelled: token.isCancellationRequested };
	});
}

async function publish(connection: Connection, service: IGemtextService, doc: TextSnapshot, batch: RemoteCheckBatch, token: CancellationToken): Promise<number> {
	const [local, result] = await Promise.all([service.getDiagnostics(doc, token), service.getRemoteLinkDiagnostics(doc, { token, force: true, batch })]);
	if (token.isCancellationRequested) {
		return 0;
	}
	const version = doc.version >= 0 ? doc.version : undefined;
	await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: [...local, ...result.diagnostics].map(toDiagnostic) });
	return result.diagnostics.length;
}
