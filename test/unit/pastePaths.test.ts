import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { distinctLinkTargets, labelOfFileName, relativeLink, resolveDestination, uniquePath } from '../../client/src/paste/paths';

const now = new Date('2024-05-06T07:08:09.000Z');
const context = { documentPath: '/ws/gemfeed/2024-05-06-post.gmi', workspaceFolderPath: '/ws', fileName: 'cat.png', now };

describe('resolveDestination (gemtext.copyFiles.destination)', () => {
	it('defaults to the document folder', () => {
		assert.equal(resolveDestination({}, context), '/ws/gemfeed/cat.png');
	});

	it('fills the variables of markdown.copyFiles.destination for the first matching glob', () => {
		assert.equal(resolveDestination({ '**/*.md': 'nope/', 'gemfeed/**': '${documentWorkspaceFolder}/images/${documentBaseName}/' }, context), '/ws/images/2024-05-06-post/cat.png');
		assert.equal(resolveDestination({ '**/*': 'img/${unixTime}.${fileExtName}' }, context), `/ws/gemfeed/img/${now.getTime()}.png`);
		assert.equal(resolveDestination({ '**/*': '../${documentRelativeDirName}-${documentExtName}/${fileName}' }, context), '/ws/gemfeed-gmi/cat.png');
		assert.equal(resolveDestination({ '/gemfeed/*.gmi': '${documentDirName}/a/' }, context), '/ws/gemfeed/a/cat.png');
	});

	it('keeps escaped and unknown variables literally, and skips values that are not strings', () => {
		assert.equal(resolveDestination({ '**': 'x/\\${fileName}-${nope}/' }, context), '/ws/gemfeed/x/${fileName}-${nope}/cat.png');
		assert.equal(resolveDestination({ '**': 42, 'gemfeed/*': 'b/' } as Record<string, unknown>, context), '/ws/gemfeed/b/cat.png');
	});
});

describe('uniquePath', () => {
	it('numbers a taken name instead of overwriting', async () => {
		const taken = new Set(['/ws/cat.png', '/ws/cat-1.png']);
		assert.equal(await uniquePath('/ws/cat.png', async (p) => taken.has(p)), '/ws/cat-2.png');
		assert.equal(await uniquePath('/ws/dog.png', async (p) => taken.has(p)), '/ws/dog.png');
		assert.equal(await uniquePath('/ws/p.gmi.tpl', async (p) => p === '/ws/p.gmi.tpl'), '/ws/p-1.gmi.tpl');
	});
});

describe('relativeLink and labelOfFileName', () => {
	it('links relative to the document folder, encoded per segment', () => {
		assert.equal(relativeLink('/ws/gemfeed/post.gmi', '/ws/gemfeed/cat.png'), 'cat.png');
		assert.equal(relativeLink('/ws/gemfeed/post.gmi', '/ws/images/my cat.png'), '../images/my%20cat.png');
		assert.equal(relativeLink('/ws/post.gmi', '/ws/a/b/c#d.png'), 'a/b/c%23d.png');
		assert.equal(relativeLink('/ws/index.gmi', '/ws/gemfeed/2024-01-01-post.gmi.tpl'), 'gemfeed/2024-01-01-post.gmi', 'a template is linked by the page it generates');
	});

	it('labels a file by its name without extension, separators as spaces', () => {
		assert.equal(labelOfFileName('my-holiday_photo.jpg'), 'my holiday photo');
		assert.equal(labelOfFileName('.hidden'), '.hidden');
		assert.equal(labelOfFileName('post.gmi.tpl'), 'post');
	});
});

describe('distinctLinkTargets', () => {
	const paths = (files: string[], doc: string): string[] => distinctLinkTargets(files, (p) => p, doc);

	it('lists a Gemtexter template and the page it generates once, by the template', () => {
		assert.deepEqual(
			paths(['/ws/gemfeed/a.gmi', '/ws/gemfeed/a.gmi.tpl', '/ws/b.gmi', '/ws/c.gmi.tpl', '/ws/img/x.png'], '/ws/index.gmi'),
			['/ws/gemfeed/a.gmi.tpl', '/ws/b.gmi', '/ws/c.gmi.tpl', '/ws/img/x.png'],
		);
		assert.equal(relativeLink('/ws/index.gmi', '/ws/gemfeed/a.gmi.tpl'), 'gemfeed/a.gmi');
	});

	it('leaves out the document itself and its own page, from the template or from the page', () => {
		const files = ['/ws/a.gmi', '/ws/a.gmi.tpl', '/ws/b.gmi'];
		assert.deepEqual(paths(files, '/ws/a.gmi.tpl'), ['/ws/b.gmi']);
		assert.deepEqual(paths(files, '/ws/a.gmi'), ['/ws/b.gmi']);
		assert.deepEqual(paths(files, '/ws/b.gmi'), ['/ws/a.gmi.tpl']);
	});
});
