/**
 * The `gemtext.preview.*` settings, read per resource (a multi-root workspace may differ per folder).
 */
import * as vscode from 'vscode';
import type { RenderStyleSetting } from '../../../server/src/protocol';

export type OpenLinksIn = 'preview' | 'editor';

export interface PreviewConfig {
	readonly style: RenderStyleSetting;
	readonly scrollPreviewWithEditor: boolean;
	readonly scrollEditorWithPreview: boolean;
	readonly doubleClickToSwitchToEditor: boolean;
	readonly openLinksIn: OpenLinksIn;
	/** The user's style sheets (paths or https URLs), in order. */
	readonly styles: readonly string[];
	readonly fontSize?: number;
	readonly debounceMs: number;
	/** `gemtext.preview.gemtexterPage`: the body only, or the whole page with the site's header, footer and theme. */
	readonly gemtexterPage: 'body' | 'page';
}

export const previewSection = 'gemtext.preview';

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return allowed.find((a) => a === value) ?? fallback;
}

export function getPreviewConfig(resource: vscode.Uri | undefined): PreviewConfig {
	const config = vscode.workspace.getConfiguration(previewSection, resource);
	const fontSize = config.get<number>('fontSize');
	const debounceMs = config.get<number>('debounceMs', 200);
	return {
		style: oneOf(config.get('style'), ['auto', 'gemtexter', 'gemini'] as const, 'auto'),
		scrollPreviewWithEditor: config.get<boolean>('scrollPreviewWithEditor', true),
		scrollEditorWithPreview: config.get<boolean>('scrollEditorWithPreview', true),
		doubleClickToSwitchToEditor: config.get<boolean>('doubleClickToSwitchToEditor', true),
		openLinksIn: oneOf(config.get('openLinksIn'), ['preview', 'editor'] as const, 'preview'),
		styles: getUserStyles(config),
		fontSize: typeof fontSize === 'number' && fontSize > 0 ? fontSize : undefined,
		debounceMs: typeof debounceMs === 'number' && debounceMs >= 0 ? Math.min(debounceMs, 5000) : 200,
		gemtexterPage: oneOf(config.get('gemtexterPage'), ['body', 'page'] as const, 'body'),
	};
}

/**
 * User style sheets. The setting is `restricted` in the manifest, so VS Code ignores workspace values
 * in an untrusted workspace; reading only the user's own value there as well keeps that true even if
 * the manifest flag were lost (a hostile repository must not style, and so probe, the preview).
 */
function getUserStyles(config: vscode.WorkspaceConfiguration): readonly string[] {
	const value = vscode.workspace.isTrusted ? config.get<unknown>('styles') : config.inspect<unknown>('styles')?.globalValue;
	return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [];
}

export interface ResolvedStyles {
	/** Local style sheets (workspace-relative paths resolved against the document's workspace folder). */
	readonly local: readonly vscode.Uri[];
	/** Remote style sheets: https only (plain http would be blocked by the policy anyway). */
	readonly remote: readonly string[];
}

/**
 * Resolves `gemtext.preview.styles` the way Markdown resolves `markdown.styles`: URLs as they are,
 * absolute paths as files, relative paths against the workspace folder of the document (or its own
 * folder when it has none).
 */
export function resolveUserStyles(styles: readonly string[], resource: vscode.Uri): ResolvedStyles {
	const local: vscode.Uri[] = [];
	const remote: string[] = [];
	for (const raw of styles) {
		const style = raw.trim();
		if (/^https:\/\//i.test(style)) {
			remote.push(style);
		} else if (/^[a-z][a-z0-9+.-]+:/i.test(style) && !/^[a-z]:[\\/]/i.test(style)) {
			// Other schemes (http:, data:, javascript:, file: URLs…) are not loaded.
			continue;
		} else if (style.startsWith('/') || /^[a-z]:[\\/]/i.test(style) || style.startsWith('\\\\')) {
			local.push(vscode.Uri.file(style));
		} else {
			const folder = vscode.workspace.getWorkspaceFolder(resource)?.uri ?? vscode.Uri.joinPath(resource, '..');
			local.push(vscode.Uri.joinPath(folder, style));
		}
	}
	return { local, remote };
}
