/**
 * Defence in depth for rendered bodies. The language server already escapes every value and lets only
 * safe URL schemes become hrefs, and the page's CSP blocks scripts and foreign loads; this pass makes a
 * renderer bug harmless in the webview as well, by dropping anything that could run, navigate, submit
 * or load from elsewhere before the body goes live.
 */

/** Elements Gemtext rendering never produces that can execute, navigate, embed or restyle the page. */
const forbiddenElements = 'script, iframe, frame, frameset, object, embed, applet, meta, base, link, style, form, input, button, select, textarea, portal, template, noscript, svg, math, video, audio, source, track';

/** Attributes that carry URLs (checked against the allow-list of schemes). */
const urlAttributes = ['href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'background', 'ping', 'srcset'];

/**
 * Schemes a rendered link or image may never use (the server's rule: markdown-it's list and VS Code's
 * own); any other scheme stays, as the site generator writes it. What a click opens is decided by the host.
 */
const dangerousSchemes = new Set(['javascript', 'vbscript', 'file', 'data', 'command', 'vscode', 'vscode-insiders', 'vscode-webview', 'vscode-resource', 'vscode-webview-resource', 'vscode-file']);

/** `data:` images that may stay (no SVG). */
const dataImage = /^data:image\/(?:gif|png|jpeg|webp);/i;

/** True when `value` is relative or uses a scheme that is not dangerous (see `dangerousSchemes`). */
export function isSafeUrl(value: string): boolean {
	// Browsers ignore leading C0 controls/spaces and tabs/newlines anywhere when reading a scheme.
	const url = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
	if (scheme === undefined) {
		return !url.startsWith('//');
	}
	if (scheme === 'data') {
		return dataImage.test(url);
	}
	// A one-letter scheme is a Windows drive (`c:\x`): a file path in disguise.
	return scheme.length > 1 && !dangerousSchemes.has(scheme);
}

/** Removes forbidden elements, event-handler attributes, inline styles other than the allowed ones, and unsafe URLs. */
export function sanitizeTree(root: ParentNode, allowedStyles: ReadonlySet<string>): void {
	for (const el of Array.from(root.querySelectorAll(forbiddenElements))) {
		el.remove();
	}
	for (const el of Array.from(root.querySelectorAll('*'))) {
		for (const attr of Array.from(el.attributes)) {
			const name = attr.name.toLowerCase();
			if (name.startsWith('on')
				|| name === 'srcdoc'
				|| name === 'formaction'
				|| name === 'http-equiv'
				|| (name === 'style' && !allowedStyles.has(attr.value))
				|| (urlAttributes.includes(name) && (name === 'srcset' || !isSafeUrl(attr.value)))) {
				el.removeAttribute(attr.name);
			}
		}
	}
}

/** Parses `html` inertly (nothing loads or runs while parsing), sanitises it and returns its nodes. */
export function parseSanitized(html: string, allowedStyles: ReadonlySet<string>): DocumentFragment {
	const doc = new DOMParser().parseFromString(`<!DOCTYPE html><body>${html}`, 'text/html');
	sanitizeTree(doc.body, allowedStyles);
	const fragment = document.createDocumentFragment();
	fragment.append(...Array.from(doc.body.childNodes).map((n) => document.adoptNode(n)));
	return fragment;
}
