import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decideEnterAction, isInsidePreformatted } from '../../client/src/editing/listContinuation';

/** Decision with the cursor at the end of the line, outside any ``` block. */
const atEnd = (line: string): string => decideEnterAction(line, line.length, false);

describe('decideEnterAction: Enter at the end of an empty item ends the list or quote', () => {
	it('ends an empty list item `* `', () => {
		assert.equal(atEnd('* '), 'endList');
	});

	it('ends an empty quote, with or without the space', () => {
		assert.equal(atEnd('>'), 'endList');
		assert.equal(atEnd('> '), 'endList');
	});

	it('treats blanks after the marker as empty, as the onEnterRules do (`*  `, `* \\t`, `>   `)', () => {
		assert.equal(atEnd('*  '), 'endList');
		assert.equal(atEnd('* \t'), 'endList');
		assert.equal(atEnd('>   '), 'endList');
	});

	it('leaves items with text to the onEnterRules (they continue them)', () => {
		assert.equal(atEnd('* x'), 'default');
		assert.equal(atEnd('* item'), 'default');
		assert.equal(atEnd('> quote'), 'default');
		assert.equal(atEnd('>x'), 'default');
	});

	it('does not read lines that are not list items or quotes', () => {
		assert.equal(atEnd('*'), 'default');
		assert.equal(atEnd('*x'), 'default');
		assert.equal(atEnd(' * '), 'default');
		assert.equal(atEnd(' >'), 'default');
		assert.equal(atEnd('=> '), 'default');
		assert.equal(atEnd('# '), 'default');
		assert.equal(atEnd(''), 'default');
	});

	it('acts only with the cursor after the marker', () => {
		assert.equal(decideEnterAction('* ', 0, false), 'default');
		assert.equal(decideEnterAction('* ', 1, false), 'default');
		assert.equal(decideEnterAction('> ', 0, false), 'default');
		// After the marker, before trailing blanks: still an empty item.
		assert.equal(decideEnterAction('> ', 1, false), 'endList');
		assert.equal(decideEnterAction('*  ', 2, false), 'endList');
		// Text after the cursor is content: Enter splits it as usual.
		assert.equal(decideEnterAction('* x', 2, false), 'default');
		assert.equal(decideEnterAction('>x', 1, false), 'default');
	});

	it('answers default for a cursor outside the line', () => {
		assert.equal(decideEnterAction('* ', 3, false), 'default');
		assert.equal(decideEnterAction('* ', -1, false), 'default');
	});

	it('never alters a line inside a preformatted block', () => {
		assert.equal(decideEnterAction('* ', 2, true), 'default');
		assert.equal(decideEnterAction('>', 1, true), 'default');
		assert.equal(decideEnterAction('* ', 2, () => true), 'default');
		assert.equal(decideEnterAction('* ', 2, () => false), 'endList');
	});

	it('scans for the block only when the line is an empty item', () => {
		let scans = 0;
		const scan = (): boolean => {
			scans++;
			return false;
		};
		decideEnterAction('* item', 6, scan);
		decideEnterAction('text', 4, scan);
		assert.equal(scans, 0);
		decideEnterAction('* ', 2, scan);
		assert.equal(scans, 1);
	});
});

describe('isInsidePreformatted: counts ``` toggle lines above', () => {
	const inside = (text: string, line: number): boolean => {
		const lines = text.split('\n');
		return isInsidePreformatted((n) => lines[n], line);
	};
	const doc = ['* a', '```', '* ', '```', '* ', '```sh', '> ', ' ```', '>'].join('\n');

	it('is outside before the first toggle and after a closing one', () => {
		assert.equal(inside(doc, 0), false);
		assert.equal(inside(doc, 4), false);
	});

	it('is inside between an opening and a closing toggle, alt text or not', () => {
		assert.equal(inside(doc, 2), true);
		assert.equal(inside(doc, 6), true);
	});

	it('counts only lines that start with ``` (an indented one is preformatted text)', () => {
		assert.equal(inside(doc, 8), true);
	});

	it('reads a toggle after a byte order mark on the first line, as the parser does', () => {
		assert.equal(inside('\uFEFF```\n* ', 1), true);
	});

	it('combined with the decision: an empty item in an unclosed block is left alone', () => {
		const lines = doc.split('\n');
		assert.equal(decideEnterAction(lines[8], 1, () => isInsidePreformatted((n) => lines[n], 8)), 'default');
		assert.equal(decideEnterAction(lines[4], 2, () => isInsidePreformatted((n) => lines[n], 4)), 'endList');
	});
});

describe('package.json: the Enter binding and its setting', () => {
	const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
		contributes: {
			keybindings: { command: string; key: string; when?: string }[];
			configuration: { title: string; properties: Record<string, { type: string; default: unknown }> }[];
		};
	};

	it('binds Enter to gemtext.onEnterKey only in a writable Gemtext editor at an empty item, outside Vim normal mode', () => {
		const binding = manifest.contributes.keybindings.find((k) => k.command === 'gemtext.onEnterKey');
		assert.ok(binding, 'a keybinding for gemtext.onEnterKey');
		assert.equal(binding.key, 'enter');
		const when = (binding.when ?? '').split(' && ');
		for (const clause of ['editorTextFocus', 'editorLangId =~ /^(gemtext|gemtexter-template)$/', 'gemtext.cursorAtEmptyItem', '!editorReadonly', '!suggestWidgetVisible',
			'!editorHasMultipleSelections', '!inlineSuggestionVisible', '!inSnippetMode', "vim.mode != 'Normal'", 'neovim.mode != normal']) {
			assert.ok(when.includes(clause), `when clause has ${clause}`);
		}
	});

	it('contributes gemtext.editing.endListOnEmptyEnter (boolean, on) in the Gemtext section', () => {
		const first = manifest.contributes.configuration[0];
		assert.equal(first.title, 'Gemtext');
		const setting = first.properties['gemtext.editing.endListOnEmptyEnter'];
		assert.equal(setting?.type, 'boolean');
		assert.equal(setting?.default, true);
	});
});
