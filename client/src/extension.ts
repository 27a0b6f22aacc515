/**
 * Extension entry: compose the pieces, push every disposable, return a small API
 * for the tests. Features register here with one line each.
 */
import type * as vscode from 'vscode';
import { registerPostCommands } from './authoring/posts';
import { registerWordCount, type WordCountStatus } from './authoring/wordCount';
import { GemtextClient } from './client';
import { registerCheckCapsule } from './checkCapsule';
import { registerOnEnter } from './editing/onEnter';
import { registerGemfeedPreview } from './gemfeed';
import { registerLinkFeatures } from './links';
import { registerPreview, type PreviewManager } from './preview';
import { registerCheckRemoteLinks } from './remoteLinks';
import { registerTemplateFeatures } from './templates';

/** What `activate` returns (used by the end-to-end tests). */
export interface GemtextExtensionApi {
	readonly client: GemtextClient;
	readonly preview: PreviewManager;
	readonly wordCount: WordCountStatus;
}

/** Kept for `deactivate`, whose promise VS Code awaits so the server can shut down cleanly. */
let activeClient: GemtextClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<GemtextExtensionApi> {
	// Before the server starts: editing needs no server, and Enter must work while it starts.
	context.subscriptions.push(registerOnEnter());
	const client = await GemtextClient.start(context);
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
	return { client, preview, wordCount };
}

export function deactivate(): Promise<void> | undefined {
	const client = activeClient;
	activeClient = undefined;
	return client?.dispose();
}
