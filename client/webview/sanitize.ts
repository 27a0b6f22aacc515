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

/** The schemes a rendered link or image may use; anything else with a scheme is dropped. */
const safeSchemes = new Set(['http', 'https', 'gemini', 'gopher', 'mailto']);

/** True when `value` is relative or uses a scheme the preview may link to or load images from. */
export function isSafeUrl(value: string): boolean {
	// Browsers ignore leading C0 controls/spaces and tabs/newlines anywhere when reading a scheme.
	const url = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
	return scheme === undefined ? !url.startsWith('//') : safeSchemes.has(scheme.toLowerCase());
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
