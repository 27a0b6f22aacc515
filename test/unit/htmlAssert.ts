// Helpers that read rendered HTML the way a browser does (parse5, the WHATWG parser) and
// assert on the resulting tree rather than on strings.
import { strict as assert } from 'node:assert';
import { parse, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';

export type Element = DefaultTreeAdapterTypes.Element;
type Node = DefaultTreeAdapterTypes.Node;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Every element below `node`, in document order. */
export function elements(node: Node): Element[] {
	const out: Element[] = [];
	const walk = (n: Node): void => {
		if ('tagName' in n) {
			out.push(n);
		}
		if ('childNodes' in n) {
			n.childNodes.forEach(walk);
		}
		if ('content' in n) {
			walk(n.content);
		}
	};
	walk(node);
	return out;
}

/** Concatenated text below `node`. */
export function textOf(node: Node): string {
	if (node.nodeName === '#text' && 'value' in node) {
		return node.value;
	}
	return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

export function attr(el: Element, name: string): string | undefined {
	return el.attrs.find((a) => a.name === name)?.value;
}

/** Parses a body fragment (or a whole page), failing on any parse error parse5 reports. */
export function parseStrict(html: string, page = false): DefaultTreeAdapterTypes.DocumentFragment | DefaultTreeAdapterTypes.Document {
	const errors: string[] = [];
	const options = { sourceCodeLocationInfo: true, onParseError: (e: { code: string; startOffset: number }) => errors.push(`${e.code} at ${e.startOffset}`) };
	const tree = page ? parse(html, options) : parseFragment(html, options);
	assert.deepEqual(errors, [], `parse errors in:\n${html}`);
	return tree;
}

/**
 * Asserts that `html` is well-formed as written: no parse errors, every non-void element
 * closed by its own end tag (none closed implicitly), and as many elements and end tags in
 * the tree as tags in the source (nothing dropped or invented by error recovery).
 */
export function assertWellFormed(html: string): Element[] {
	const all = elements(parseStrict(html));
	for (const el of all) {
		if (!VOID.has(el.tagName)) {
			assert.ok(el.sourceCodeLocation?.endTag, `<${el.tagName}> at ${el.sourceCodeLocation?.startOffset} is not closed by its own end tag in:\n${html}`);
		}
	}
	assert.equal(all.length, (html.match(/<[a-zA-Z]/g) ?? []).length, `element count differs from start tags in:\n${html}`);
	assert.equal(all.filter((el) => !VOID.has(el.tagName)).length, (html.match(/<\//g) ?? []).length, `end tags differ in:\n${html}`);
	return all;
}

/** Schemes that run code or reach local files (markdown-it's list and VS Code's own); `data:` images aside. */
const DANGEROUS_SCHEMES = new Set(['javascript', 'vbscript', 'file', 'data', 'command', 'vscode', 'vscode-insiders', 'vscode-webview', 'vscode-resource', 'vscode-webview-resource', 'vscode-file']);

function isSafeScheme(scheme: string, value: string): boolean {
	return scheme.length > 1 && (DANGEROUS_SCHEMES.has(scheme) ? scheme === 'data' && /^data:image\/(?:gif|png|jpeg|webp);/i.test(value.trim()) : true);
}
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'poster', 'data', 'background']);
const FORBIDDEN_TAGS = new Set(['script', 'iframe', 'object', 'embed', 'base', 'form', 'meta', 'link', 'style', 'svg', 'math', 'frame', 'template']);

/** The scheme a browser would see in a URL attribute value (it strips C0/space at the ends and tab/LF/CR anywhere). */
export function browserScheme(value: string): string | undefined {
	const url = value.replace(/[\t\n\r]/g, '').replace(/^[\0- ]+|[\0- ]+$/g, '');
	return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1].toLowerCase();
}

/**
 * Asserts that a browser would run nothing from `html` and follow no unsafe URL: no
 * script-capable elements, no event-handler attributes, no style except Gemtexter's own,
 * and every URL attribute either relative or of a scheme that is not dangerous.
 */
export function assertInert(html: string): void {
	for (const el of elements(parseFragment(html))) {
		assert.ok(!FORBIDDEN_TAGS.has(el.tagName), `<${el.tagName}> element in:\n${html}`);
		for (const { name, value } of el.attrs) {
			assert.ok(!name.startsWith('on'), `event handler ${name} in:\n${html}`);
			if (name === 'style') {
				assert.equal(value, 'display: inline', `style attribute in:\n${html}`);
			}
			if (URL_ATTRS.has(name)) {
				const scheme = browserScheme(value);
				assert.ok(scheme === undefined || isSafeScheme(scheme, value), `${name}="${value}" (scheme ${scheme}) in:\n${html}`);
			}
		}
	}
}
