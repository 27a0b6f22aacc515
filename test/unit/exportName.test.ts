import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { exportFileName } from '../../client/src/preview/exportPage';

describe('exportFileName', () => {
	it('never proposes the .html Gemtexter publishes beside the source', () => {
		assert.equal(exportFileName('/site/gemfeed/2024-01-01-post.gmi'), '2024-01-01-post.preview.html');
		assert.equal(exportFileName('/site/index.gmi.tpl'), 'index.preview.html');
		assert.equal(exportFileName('/site/notes.GEMINI'), 'notes.preview.html');
		assert.equal(exportFileName('/site/readme.txt'), 'readme.txt.preview.html');
		assert.equal(exportFileName('/site/.gmi'), 'page.preview.html');
	});
});
