import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { expandTemplate, TemplateSourceMap } from '../../../server/src/service/templates';

async function mapOf(text: string) {
	const expansion = await expandTemplate(text, {
		uri: 'file:///ws/a.gmi.tpl',
		currentGmi: 'a.gmi',
		folder: { list: () => Promise.resolve([]), read: () => Promise.resolve(undefined) },
	});
	return { expansion, map: new TemplateSourceMap(expansion) };
}

describe('TemplateSourceMap', () => {
	const template = '# T\n-n\n<< template::inline::toc\n## A\r\ntext\n';

	it('maps printed lines one to one and generated lines to their code line', async () => {
		const { expansion, map } = await mapOf(template);
		assert.equal(expansion.text, '# T\n## Table of Contents\n\n* ⇢ T\n* ⇢ ⇢ A\r\n## A\r\ntext\n');
		assert.deepEqual(map.toTemplatePosition({ line: 0, character: 2 }), { line: 0, character: 2 });
		assert.deepEqual(map.toTemplatePosition({ line: 3, character: 4 }), { line: 2, character: 0 });
		assert.deepEqual(map.toTemplatePosition({ line: 3, character: 4 }, true), { line: 2, character: 24 });
		assert.deepEqual(map.toTemplatePosition({ line: 5, character: 3 }), { line: 3, character: 3 });
		// The CR is not part of the line's length in the editor.
		assert.deepEqual(map.toTemplatePosition({ line: 5, character: 9 }), { line: 3, character: 4 });
	});

	it('maps template positions to printed lines, not into code', async () => {
		const { map } = await mapOf(template);
		assert.deepEqual(map.toGeneratedPosition({ line: 4, character: 1 }), { line: 6, character: 1 });
		assert.equal(map.toGeneratedPosition({ line: 2, character: 3 }), undefined);
		assert.equal(map.toGeneratedPosition({ line: 1, character: 0 }), undefined);
	});
});
