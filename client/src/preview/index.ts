/**
 * Registers the preview: its manager (panels, serializer, editor following, scroll sync), the
 * preview commands and the export command. One call from activate().
 */
import * as vscode from 'vscode';
import { registerExportCommand } from '../commands';
import { PreviewManager } from './previewManager';
import type { IHtmlRenderer } from './preview';
import { isGemtextDocument } from '../languages';
import { Commands } from '../commandIds';

export { PreviewManager } from './previewManager';
export type { PreviewRenderEvent } from './preview';

/** The document a command acts on: its argument (Explorer, editor title), else the active editor or preview. */
function targetResource(manager: PreviewManager, arg: unknown): vscode.Uri | undefined {
	if (arg instanceof vscode.Uri) {
		return arg;
	}
	const editor = vscode.window.activeTextEditor;
	if (editor && isGemtextDocument(editor.document)) {
		return editor.document.uri;
	}
	return manager.activePreview?.resource;
}

/** Creates the preview manager and its commands; dispose the result to remove them all. */
export function registerPreview(context: vscode.ExtensionContext, renderer: IHtmlRenderer): PreviewManager {
	const manager = new PreviewManager(context.extensionUri, renderer);
	const show = (sideBySide: boolean, locked: boolean) => async (arg?: unknown) => {
		const resource = targetResource(manager, arg);
		if (resource) {
			await manager.showPreview(resource, { sideBySide, locked });
		}
	};
	manager.track(
		vscode.commands.registerCommand(Commands.showPreview, show(false, false)),
		vscode.commands.registerCommand(Commands.showPreviewToSide, show(true, false)),
		vscode.commands.registerCommand(Commands.showLockedPreviewToSide, show(true, true)),
		vscode.commands.registerCommand(Commands.showSource, async () => {
			await manager.activePreview?.showSource();
		}),
		vscode.commands.registerCommand(Commands.togglePreviewLock, () => manager.activePreview?.toggleLock()),
		vscode.commands.registerCommand(Commands.refreshPreview, () => {
			for (const preview of manager.previews) {
				preview.refresh();
			}
		}),
		registerExportCommand(renderer, context.extensionUri, () => manager.activePreview?.resource),
	);
	return manager;
}
