import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseGemtext } from '../../server/src/service/parser';
import { getTableOfContents } from '../../server/src/service/toc';

describe('getTableOfContents', () => {
	it('gemtexter: lines matching ^#+ outside ``` ranges, with Gemtexter ids (duplicates collide)', () => {
		const doc = parseGemtext("# Title\n#x not one\n## Preamble \n```\n## in pre\n```\n### It's\n## Title\r\n#### Deep\n* a\n## After list\n## Last");
		assert.deepEqual(getTableOfContents(doc, 'gemtexter'), [
			{ level: 1, text: 'Title', id: 'title', line: 0 },
			{ level: 2, text: 'Preamble ', id: 'preamble-', line: 2 },
			{ level: 3, text: "It's", id: 'it-s', line: 6 },
			{ level: 2, text: 'Title', id: 'title', line: 7 },
			{ level: 3, text: '# Deep', id: '-deep', line: 8 },
			{ level: 2, text: 'After list', id: 'after-list', line: 10 },
			{ level: 2, text: 'Last', id: 'last', line: 11 },
		]);
	});

	it('gemini: every spec heading, trimmed, with unique ids', () => {
		const doc = parseGemtext('#Title\n```\n# in pre\n```\n##  Title  \n###x\n');
		assert.deepEqual(getTableOfContents(doc, 'gemini'), [
			{ level: 1, text: 'Title', id: 'title', line: 0 },
			{ level: 2, text: 'Title', id: 'title-1', line: 4 },
			{ level: 3, text: 'x', id: 'x', line: 5 },
		]);
	});

	it('is empty without headings', () => {
		assert.deepEqual(getTableOfContents(parseGemtext('text\n'), 'gemtexter'), []);
		assert.deepEqual(getTableOfContents(parseGemtext(''), 'gemini'), []);
	});
});
