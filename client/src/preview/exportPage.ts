/**
 * Pure helpers of the HTML export (no `vscode` import, so they are unit-tested under plain Node).
 */

/** `to` relative to the folder `fromDir` (both POSIX paths), for links that survive publishing. */
export function relativePath(fromDir: string, to: string): string {
	const from = fromDir.split('/').filter(Boolean);
	const target = to.split('/').filter(Boolean);
	let common = 0;
	while (common < from.length && common < target.length - 1 && from[common] === target[common]) {
		common++;
	}
	return [...from.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}

/**
 * The content security policy of every exported page: nothing in it may run (no script, not even
 * from the site's header or footer, no plugin), nor point the page or its forms elsewhere. Style
 * sheets, fonts and images load as the page says.
 */
export const EXPORT_CONTENT_SECURITY_POLICY = `<meta http-equiv="Content-Security-Policy" content="script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'" />`;

/** Puts `markup` at the end of the page's head (or at the start when it has none). */
export function injectIntoHead(page: string, markup: string): string {
	const close = page.search(/<\/head\s*>/i);
	return close >= 0 ? `${page.slice(0, close)}${markup}\n${page.slice(close)}` : `${markup}\n${page}`;
}

/**
 * The file name the export proposes for a source path: `post.gmi` → `post.preview.html`, never
 * `post.html`, which is the page Gemtexter publishes (and may already have written beside it).
 */
export function exportFileName(sourcePath: string): string {
	const base = sourcePath.slice(sourcePath.lastIndexOf('/') + 1).replace(/\.(gmi(\.tpl)?|gemini)$/i, '');
	return `${base || 'page'}.preview.html`;
}
