/**
 * The one capsule-root rule (service/capsuleRoot.ts, docs/gemtext.md): as the editor asks it
 * (a document's folder, a workspace folder) and as `gemtext check` asks it (a checked folder, no
 * workspace folder, editor settings as a marker too).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createGemtextService, defaultSettings, findCapsuleRoot, GEMTEXTER_CONF, type CapsuleRootInput } from '../../server/src/service';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

const FILES = {
	'/gemtexter.conf': '',
	'/ws/site/gemtexter.conf': '',
	'/ws/site/gemfeed/2024-01-01-post.gmi': '# Post',
	'/ws/site/blog/deep/page.gmi': '',
	'/ws/site/inner/gemtexter.conf': '',
	'/ws/site/inner/notes/a.gmi': '',
	'/ws/plain/b.gmi': '',
	'/ws/gemtexter.conf/c.gmi': '',
	'/proj/.vscode/settings.json': '{}',
	'/proj/content/blog/p.gmi': '',
};

function root(input: Omit<CapsuleRootInput, 'from' | 'workspaceFolder'> & { from?: string; workspaceFolder?: string }, fs = new MemoryFileSystem(FILES)): Promise<string | undefined> {
	const isFile = async (uri: string): Promise<boolean> => (await fs.stat(uri))?.type === 'file';
	return findCapsuleRoot({ ...input, from: input.from && uriOf(input.from), workspaceFolder: input.workspaceFolder && uriOf(input.workspaceFolder) }, isFile);
}

describe('the capsule root', () => {
	it('is the nearest folder with gemtexter.conf: nested capsules have their own', async () => {
		assert.equal(await root({ from: '/ws/site/inner/notes', workspaceFolder: '/ws' }), uriOf('/ws/site/inner'));
		assert.equal(await root({ from: '/ws/site/inner', workspaceFolder: '/ws' }), uriOf('/ws/site/inner'));
		assert.equal(await root({ from: '/ws/site/blog/deep', workspaceFolder: '/ws' }), uriOf('/ws/site'));
	});

	it('of a post in gemfeed/ is the capsule above it', async () => {
		assert.equal(await root({ from: '/ws/site/gemfeed', workspaceFolder: '/ws' }), uriOf('/ws/site'));
	});

	it('without a marker up to the workspace folder is the workspace folder (a conf above it does not count)', async () => {
		assert.equal(await root({ from: '/ws/plain', workspaceFolder: '/ws' }), uriOf('/ws'));
		assert.equal(await root({ from: '/ws/gemtexter.conf', workspaceFolder: '/ws' }), uriOf('/ws'), 'a folder named gemtexter.conf is no marker');
	});

	it('outside any workspace folder is searched up to the file system root, else there is none', async () => {
		assert.equal(await root({ from: '/loose/x' }), uriOf('/'));
		const noConf = new MemoryFileSystem({ '/loose/x/a.gmi': '' });
		assert.equal(await root({ from: '/loose/x' }, noConf), undefined);
		assert.equal(await root({ from: undefined, workspaceFolder: '/ws' }), uriOf('/ws'), 'a document without a folder (untitled:) gets the workspace folder');
	});

	it('is gemtext.capsuleRoot when set: relative to the workspace folder, an absolute path or a URI', async () => {
		assert.equal(await root({ from: '/ws/site/inner/notes', workspaceFolder: '/ws', setting: 'public' }), uriOf('/ws/public'));
		assert.equal(await root({ from: '/ws/plain', workspaceFolder: '/ws', setting: '/srv/capsule' }), uriOf('/srv/capsule'));
		assert.equal(await root({ from: '/ws/plain', workspaceFolder: '/ws', setting: 'vscode-vfs://github/me/capsule' }), 'vscode-vfs://github/me/capsule');
		assert.equal(await root({ from: '/loose/x', setting: 'public' }), undefined, 'relative with no workspace folder to resolve against');
	});

	it('for gemtext check: from the checked folder (a file\'s folder), with editor settings as a marker too', async () => {
		const markers = [GEMTEXTER_CONF, '.vscode/settings.json'];
		// `gemtext check content/blog` and `gemtext check content/blog/p.gmi` both start in content/blog.
		assert.equal(await root({ from: '/proj/content/blog', markers }), uriOf('/proj'));
		assert.equal(await root({ from: '/proj/content/blog' }), uriOf('/'), 'without the settings marker the search goes on to the conf at /');
		assert.equal(await root({ from: '/ws/site/inner/notes', markers }), uriOf('/ws/site/inner'));
		const bare = new MemoryFileSystem({ '/tmp/capsule/index.gmi': '' });
		assert.equal(await root({ from: '/tmp/capsule', markers }, bare), undefined, 'nothing found: the CLI then takes the checked folder');
	});

	it('takes the caller\'s search when it has one (the service keeps answers per folder), the setting still first', async () => {
		const never = async (): Promise<boolean> => assert.fail('no file is looked at when the search is given');
		const search = async () => uriOf('/ws/found');
		assert.equal(await findCapsuleRoot({ from: uriOf('/ws/site'), workspaceFolder: uriOf('/ws'), search }, never), uriOf('/ws/found'));
		assert.equal(await findCapsuleRoot({ from: undefined, workspaceFolder: uriOf('/ws'), search: async () => undefined }, never), uriOf('/ws'), 'nothing found: the workspace folder');
		assert.equal(await findCapsuleRoot({ from: undefined, workspaceFolder: uriOf('/ws'), setting: 'public', search }, never), uriOf('/ws/public'));
	});

	it('is what the service answers, with the workspace folder and the setting it has', async () => {
		const make = (capsuleRoot = '') => createGemtextService({
			fileSystem: new MemoryFileSystem(FILES),
			logger: { log: () => undefined },
			getSettings: () => ({ ...defaultSettings, capsuleRoot }),
			workspaceFolders: [uriOf('/ws')],
		});
		const service = make();
		assert.equal(await service.getCapsuleRoot(uriOf('/ws/site/inner/notes/a.gmi')), uriOf('/ws/site/inner'));
		assert.equal(await service.getCapsuleRoot(uriOf('/ws/site/gemfeed/2024-01-01-post.gmi')), uriOf('/ws/site'));
		assert.equal(await service.getCapsuleRoot(uriOf('/ws/plain/b.gmi')), uriOf('/ws'));
		assert.equal(await service.getCapsuleRoot('untitled:Untitled-1'), undefined, 'in no workspace folder, and no folder to search');
		assert.equal(await make('public').getCapsuleRoot(uriOf('/ws/site/inner/notes/a.gmi')), uriOf('/ws/public'));
	});
});
