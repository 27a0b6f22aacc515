/**
 * "Gemtext: Preview Gemfeed": gemfeed/index.gmi and atom.xml as Gemtexter will generate them, shown
 * side by side as read-only virtual documents (the language server builds both). They follow saves
 * of the capsule's documents while open, and the next run of the command.
 */
import * as vscode from 'vscode';
import type { PreviewGemfeedRequest } from '../../server/src/protocol';
import { Commands } from './commandIds';
import { commandTarget } from './files';

/** The scheme of the virtual documents: `gemtext-gemfeed:/…/gemfeed/index.gmi`. */
export const gemfeedScheme = 'gemtext-gemfeed';

/** The part of the language client this feature uses (GemtextClient satisfies it). */
export interface IGemfeedSource {
	previewGemfeed(params: PreviewGemfeedRequest.Params): Promise<PreviewGemfeedRequest.Result>;
}

/** What the command resolves to (the e2e tests read it). */
export interface GemfeedPreviewDocuments {
	readonly index: vscode.Uri;
	readonly atom: vscode.Uri;
}

class GemfeedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
	readonly #contents = new Map<string, string>();
	readonly #onDidChange = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.#onDidChange.event;

	set(uri: vscode.Uri, content: string): void {
		const key = uri.toString();
		if (this.#contents.get(key) !== content) {
			this.#contents.set(key, content);
			this.#onDidChange.fire(uri);
		}
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.#contents.get(uri.toString()) ?? '';
	}

	dispose(): void {
		this.#onDidChange.dispose();
	}
}

/** The virtual document for a file of the gemfeed folder `folder` (a URI string from the server). */
function virtualUri(folder: string, name: string): vscode.Uri {
	const real = vscode.Uri.parse(folder);
	return vscode.Uri.from({ scheme: gemfeedScheme, path: `${real.path.replace(/\/$/, '')}/${name}`, query: real.toString() });
}

/** Registers the content provider and the command; dispose the result to remove both. */
export function registerGemfeedPreview(source: IGemfeedSource): vscode.Disposable {
	const provider = new GemfeedContentProvider();
	/** The capsule document the open previews were made for. */
	let last: vscode.Uri | undefined;

	const update = async (resource: vscode.Uri): Promise<GemfeedPreviewDocuments | undefined> => {
		const result = await source.previewGemfeed({ uri: resource.toString() });
		if (!result) {
			return undefined;
		}
		const docs = { index: virtualUri(result.gemfeedUri, 'index.gmi'), atom: virtualUri(result.gemfeedUri, 'atom.xml') };
		provider.set(docs.index, result.indexGmi);
		provider.set(docs.atom, result.atomXml);
		last = resource;
		return docs;
	};

	const command = vscode.commands.registerCommand(Commands.previewGemfeed, async (arg?: unknown): Promise<GemfeedPreviewDocuments | undefined> => {
		const resource = commandTarget(arg, { accept: (d) => d.languageId === 'gemtext' && d.uri.scheme !== gemfeedScheme });
		if (!resource) {
			void vscode.window.showInformationMessage('Open a document of a Gemtexter capsule to preview its Gemfeed.');
			return undefined;
		}
		let docs: GemfeedPreviewDocuments | undefined;
		try {
			docs = await update(resource);
		} catch (error) {
			void vscode.window.showErrorMessage(`Preview Gemfeed failed: ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		}
		if (!docs) {
			void vscode.window.showInformationMessage('No gemfeed folder found for this document: Gemtexter writes its feed from the posts in gemfeed/.');
			return undefined;
		}
		const index = await vscode.workspace.openTextDocument(docs.index);
		await vscode.window.showTextDocument(index, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: false });
		let atom = await vscode.workspace.openTextDocument(docs.atom);
		if (atom.languageId !== 'xml' && (await vscode.languages.getLanguages()).includes('xml')) {
			atom = await vscode.languages.setTextDocumentLanguage(atom, 'xml');
		}
		await vscode.window.showTextDocument(atom, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
		return docs;
	});

	// While a preview is open, a saved post shows up in it.
	const onSave = vscode.workspace.onDidSaveTextDocument((doc) => {
		const open = vscode.workspace.textDocuments.some((d) => d.uri.scheme === gemfeedScheme && !d.isClosed);
		if (last && open && doc.languageId === 'gemtext') {
			void update(last).catch(() => undefined);
		}
	});

	return vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(gemfeedScheme, provider), provider, command, onSave);
}
