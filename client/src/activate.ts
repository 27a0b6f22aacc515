/**
 * The extension, composed: every feature registers here with one line, on either platform (the
 * Node entry extension.ts, the web entry browser/extension.ts, which differ only in how the server
 * runs). Pushes every disposable and returns a small API for the tests.
 */
import type * as vscode from 'vscode';
import { registerPostCommands } from './authoring/posts';
import { registerWordCount, type WordCountStatus } from './authoring/wordCount';
import { registerCheckCapsule } from './checkCapsule';
import { GemtextClient, type LanguageClientHost } from './client';
import { registerOnEnter } from './editing/onEnter';
import { registerGemfeedPreview } from './gemfeed';
import { registerLinkFeatures } from './links';
import { registerPasteAndDrop, type GemtextDropProvider, type GemtextPasteProvider } from './paste';
import { registerPasteCommands } from './paste/commands';
import { registerPreview, type PreviewManager } from './preview';
import { registerCheckRemoteLinks } from './remoteLinks';
import { registerTemplateFeatures } from './templates';

/** What `activate` returns (used by the end-to-end tests). */
export interface GemtextExtensionApi {
	readonly client: GemtextClient;
	readonly preview: PreviewManager;
	readonly wordCount: WordCountStatus;
	/** The document paste and drop edit providers (VS Code has no command to run them). */
	readonly pasteAndDrop: { readonly paste: GemtextPasteProvider; readonly drop: GemtextDropProvider };
}

/** Kept for `deactivate`, whose promise VS Code awaits so the server can shut down cleanly. */
let activeClient: GemtextClient | undefined;

export async function activateWith(context: vscode.ExtensionContext, host: LanguageClientHost): Promise<GemtextExtensionApi> {
	// Before the server starts: editing needs no server, and Enter must work while it starts.
	context.subscriptions.push(registerOnEnter());
	const client = await GemtextClient.start(context, host);
	activeClient = client;
	context.subscriptions.push(registerLinkFeatures(client));
	context.subscriptions.push(registerCheckRemoteLinks(client));
	context.subscriptions.push(registerCheckCapsule(client));
	context.subscriptions.push(registerTemplateFeatures(client));
	context.subscriptions.push(registerGemfeedPreview(client));
	const preview = registerPreview(context, client);
	context.subscriptions.push(preview);
	context.subscriptions.push(registerPostCommands(client));
	const wordCount = registerWordCount(client);
	context.subscriptions.push(wordCount);
	const pasteAndDrop = registerPasteAndDrop(client);
	context.subscriptions.push(pasteAndDrop, registerPasteCommands(client));
	return { client, preview, wordCount, pasteAndDrop };
}

export function deactivate(): Promise<void> | undefined {
	const client = activeClient;
	activeClient = undefined;
	return client?.dispose();
}
