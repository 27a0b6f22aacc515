/**
 * "Gemtext: Export to HTML": a complete standalone page, rendered by the language server in the
 * preview's style, written next to the source (or wherever the user picks in the save dialog).
 * In Gemtexter page mode (`gemtext.preview.gemtexterPage: page`) the page is the site's: its header
 * and footer around the body, and its theme with the web fonts Gemtexter publishes beside it.
 */
import * as vscode from 'vscode';
import type { RenderHtmlRequest } from '../../server/src/protocol';
import { getPreviewConfig, resolveUserStyles } from './preview/config';
import { readThemeStyles, themeStyleSheets, type IHtmlRenderer } from './preview/preview';
import { EXPORT_CONTENT_SECURITY_POLICY, exportFileName, injectIntoHead, relativePath } from './preview/exportPage';
import { escapeHtml, styleText } from './preview/previewDocument';
import { Commands } from './commandIds';
import { commandTarget } from './files';

/**
 * The style markup of an exported page: the user's own style sheets as links (relative when local,
 * as Gemtexter pages load their style.css), else the bundled default look inline so the page stands alone.
 */
async function styleMarkup(extensionUri: vscode.Uri, resource: vscode.Uri, target: vscode.Uri): Promise<string> {
	const styles = resolveUserStyles(getPreviewConfig(resource).styles, resource);
	if (styles.local.length + styles.remote.length > 0) {
		return linkTags([...styles.local.map((u) => hrefFrom(target, u)), ...styles.remote]);
	}
	const css = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'gemtexter.css')));
	return inlineStyle(css);
}

/** CSS as a `<style>` element (see `styleText`). */
function inlineStyle(css: string): string {
	return `<style>\n${styleText(css)}</style>`;
}

/** A `<link rel="stylesheet">` for each of `hrefs`. */
function linkTags(hrefs: readonly string[]): string {
	return hrefs.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}" />`).join('\n');
}

/** Where `uri` is from the folder of the page written at `target`: a relative URL on the same file system. */
function hrefFrom(target: vscode.Uri, uri: vscode.Uri): string {
	if (uri.scheme !== target.scheme || uri.authority !== target.authority) {
		return uri.toString();
	}
	return relativePath(vscode.Uri.joinPath(target, '..').path, uri.path).split('/').map((s) => (s === '..' ? s : encodeURIComponent(s))).join('/');
}

/**
 * The theme of a page in Gemtexter page mode: its style sheets inline, their web fonts and other
 * `url()`s pointing at the files from where the page is written (as the preview does, readThemeStyles);
 * linked as they are when one cannot be read. Undefined when the theme has no style sheet in the workspace.
 */
async function themeMarkup(result: RenderHtmlRequest.Result, target: vscode.Uri): Promise<string | undefined> {
	const sheets = themeStyleSheets(result.stylesheets);
	if (sheets.length === 0) {
		return undefined;
	}
	const css = await readThemeStyles(sheets, result.fonts, (uri) => hrefFrom(target, uri));
	return css ? css.map(inlineStyle).join('\n') : linkTags(sheets.map((u) => hrefFrom(target, u)));
}

/**
 * Renders `resource` as a standalone page and writes it to `target` (asking with a save dialog,
 * defaulting to the sibling `<name>.preview.html`, when none is given). Resolves to the written file, or undefined
 * when the user cancelled.
 */
export async function exportToHtml(renderer: IHtmlRenderer, extensionUri: vscode.Uri, resource: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
	const config = getPreviewConfig(resource);
	const result = await renderer.renderHtml({ uri: resource.toString(), style: config.style, page: true, gemtexterPage: config.gemtexterPage === 'page' });
	const destination = target ?? await vscode.window.showSaveDialog({
		// Not `<post>.html`: that is the page Gemtexter generates, which an export must not overwrite.
		defaultUri: resource.scheme === 'untitled' ? undefined : vscode.Uri.joinPath(resource, '..', exportFileName(resource.path)),
		filters: { HTML: ['html', 'htm'] },
		saveLabel: 'Export',
		// The site's parts come back with the theme's style sheets (none may exist, but the list does).
		title: `Export ${resource.path.split('/').pop() ?? ''} to HTML (${result.stylesheets ? "the site's page" : `${result.style} style`})`,
	});
	if (!destination) {
		return undefined;
	}
	const style = (await themeMarkup(result, destination)) ?? (await styleMarkup(extensionUri, resource, destination));
	const page = injectIntoHead(result.html, `${EXPORT_CONTENT_SECURITY_POLICY}\n${style}`);
	await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(page));
	return destination;
}

/** Registers the command; `activeResource` supplies the document of a focused preview. */
export function registerExportCommand(renderer: IHtmlRenderer, extensionUri: vscode.Uri, activeResource: () => vscode.Uri | undefined): vscode.Disposable {
	return vscode.commands.registerCommand(Commands.exportHtml, async (arg?: unknown, targetArg?: unknown) => {
		const resource = commandTarget(arg, { fallback: activeResource });
		if (!resource) {
			void vscode.window.showInformationMessage('Open a Gemtext document to export it to HTML.');
			return undefined;
		}
		try {
			const written = await exportToHtml(renderer, extensionUri, resource, targetArg instanceof vscode.Uri ? targetArg : undefined);
			if (written && !(targetArg instanceof vscode.Uri)) {
				const open = written.scheme === 'file' ? 'Open in Browser' : undefined;
				void vscode.window.showInformationMessage(`Exported ${written.path.split('/').pop() ?? ''}`, ...(open ? [open] : [])).then((choice) => {
					if (choice === open && open) {
						void vscode.env.openExternal(written);
					}
				});
			}
			return written;
		} catch (error) {
			void vscode.window.showErrorMessage(`Export to HTML failed: ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		}
	});
}
