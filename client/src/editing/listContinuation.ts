/**
 * The decision behind Enter in a Gemtext editor, kept free of the VS Code API so that plain node
 * tests can run it. VS Code's onEnterRules (language-configuration.json) already continue `* ` and
 * `>` lines, and on an empty item they merely stop continuing; what they cannot do is take the
 * empty item's marker away, which is how Markdown All in One and word processors end a list.
 */

/** `endList`: replace the line with ''. `default`: let VS Code's own Enter run. */
export type EnterAction = 'endList' | 'default';

// The same text before and after the cursor for which language-configuration.json's rules end a
// list or quote instead of continuing it (no appendText); matching them exactly means Enter either
// continues a list or ends it, never something in between. Blanks after the marker count as empty,
// as they do there: `*  ` and `>  ` are empty items.
const EMPTY_LIST_ITEM_BEFORE = /^\* \s*$/;
const EMPTY_QUOTE_BEFORE = /^>\s*$/;
const BLANK = /^\s*$/;
const TOGGLE = '```';
const BOM = '\uFEFF';

/**
 * What Enter does with a single empty selection at `character` on a line with `lineText`.
 * `insidePreformatted` may be a function so that the scan of the document above only runs for an
 * empty item: Enter in the middle of ordinary text then costs one regex test.
 *
 * @example decideEnterAction('* ', 2, false) // 'endList'
 * @example decideEnterAction('* item', 6, false) // 'default' (onEnterRules continue the list)
 */
export function decideEnterAction(lineText: string, character: number, insidePreformatted: boolean | (() => boolean)): EnterAction {
	if (character < 0 || character > lineText.length) {
		return 'default';
	}
	const before = lineText.slice(0, character);
	if (!EMPTY_LIST_ITEM_BEFORE.test(before) && !EMPTY_QUOTE_BEFORE.test(before)) {
		return 'default';
	}
	if (!BLANK.test(lineText.slice(character))) {
		return 'default';
	}
	// A preformatted line is text to keep verbatim: a `* ` there is not a list item.
	const inside = typeof insidePreformatted === 'function' ? insidePreformatted() : insidePreformatted;
	return inside ? 'default' : 'endList';
}

/**
 * Whether line `line` lies inside a ``` block: an odd number of toggle lines above it. This mirrors
 * the parser's only state (a line starting with ``` flips it) because Enter must be answered at
 * once, without a round trip to the language server; it reads nothing but the first characters of
 * each line above.
 */
export function isInsidePreformatted(lineAt: (line: number) => string, line: number): boolean {
	let inside = false;
	for (let n = 0; n < line; n++) {
		const text = lineAt(n);
		// The parser skips a byte order mark on the first line before classifying it.
		if (text.startsWith(TOGGLE) || (n === 0 && text.startsWith(BOM + TOGGLE))) {
			inside = !inside;
		}
	}
	return inside;
}
