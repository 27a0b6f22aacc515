/**
 * NodeFileSystem's bounded reads (issue 8, items 4 and 10): only regular files, never more
 * than the limit, and a reason when a read fails.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeFs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { isLocalFileSystemType, NodeFileSystem } from '../../server/src/node/fileSystem';
import { afterRead, CALLS_PER_LOOK, DiskWaitDetector } from '../../server/src/node/readSync';

describe('NodeFileSystem', () => {
	let dir: string;
	const fs = new NodeFileSystem();
	const uri = (name: string): string => URI.file(join(dir, name)).toString();

	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'gemtext-nodefs-'));
		writeFileSync(join(dir, 'ten.gmi'), '0123456789');
		execFileSync('mkfifo', [join(dir, 'fifo.gmi')]);
	});

	after(() => rmSync(dir, { recursive: true, force: true }));

	it('reads a regular file whole, up to and including the limit', async () => {
		assert.equal(new TextDecoder().decode(await fs.readFile(uri('ten.gmi'))), '0123456789');
		assert.equal((await fs.readFile(uri('ten.gmi'), 10))?.length, 10);
		assert.equal(await fs.readFile(uri('ten.gmi'), 9), undefined);
	});

	it('refuses a device and a FIFO without blocking, and says why', async () => {
		assert.equal(await fs.readFile('file:///dev/zero'), undefined);
		assert.equal(await fs.readFile(uri('fifo.gmi')), undefined);
		assert.equal(await fs.explainFailure('file:///dev/zero'), 'not-a-file');
		assert.equal(await fs.explainFailure(uri('fifo.gmi')), 'not-a-file');
		assert.equal(await fs.explainFailure(uri('none.gmi')), 'missing');
		assert.equal(await fs.explainFailure('untitled:Untitled-1'), 'missing');
	});

	for (const [mode, fs] of [['synchronous on a local disk', new NodeFileSystem()], ['through the thread pool', new NodeFileSystem({ syncLocalReads: false })]] as const) {
		it(`stat ${mode}: files and folders, symbolic links followed, nothing else`, async () => {
			const at = (name: string): string => join(dir, `stat-${mode.length}-${name}`);
			mkdirSync(at('folder'));
			writeFileSync(at('file.gmi'), '12345');
			symlinkSync(at('file.gmi'), at('to-file'));
			symlinkSync(at('folder'), at('to-folder'));
			symlinkSync(at('nowhere'), at('dangling'));
			symlinkSync(at('loop'), at('loop'));
			const st = async (name: string) => {
				const s = await fs.stat(URI.file(at(name)).toString());
				return s && [s.type, s.type === 'file' ? s.size : 0, s.mtime > 0];
			};
			assert.deepEqual(await st('file.gmi'), ['file', 5, true]);
			assert.deepEqual(await st('folder'), ['directory', 0, true]);
			assert.deepEqual(await st('to-file'), ['file', 5, true]);
			assert.deepEqual(await st('to-folder'), ['directory', 0, true]);
			assert.equal(await st('dangling'), undefined);
			assert.equal(await st('loop'), undefined);
			assert.equal(await st('none'), undefined);
			assert.equal(await st('file.gmi/below'), undefined);
			assert.equal(await fs.stat(uri('fifo.gmi')), undefined);
			assert.equal(await fs.stat('file:///dev/null'), undefined);
			assert.equal(await fs.stat('untitled:Untitled-1'), undefined);
		});
	}

	for (const [mode, reader] of [['synchronous on a local disk', fs], ['through the thread pool', new NodeFileSystem({ syncLocalReads: false })]] as const) {
		it(`readText ${mode}: readFile decoded (BOM dropped, invalid UTF-8 as U+FFFD), the same limits, reused buffers never mixing files`, async () => {
			const fs = reader;
			const files = Array.from({ length: 40 }, (_, i) => ({ name: `t${i}.gmi`, text: `# File ${i}\n` + 'é'.repeat(i * 37) + (i % 2 ? '\n' : '') }));
			for (const f of files) writeFileSync(join(dir, f.name), f.text);
			writeFileSync(join(dir, 'bom.gmi'), Buffer.from([0xef, 0xbb, 0xbf, 0x23, 0x20, 0x41, 0xff, 0x0a]));
			writeFileSync(join(dir, 'large.gmi'), 'x'.repeat(100 * 1024));
			// Many reads at once (more than the buffers kept), long and short, then again: each gives its own file.
			for (let round = 0; round < 2; round++) {
				const texts = await Promise.all(files.map((f) => fs.readText(uri(f.name))));
				assert.deepEqual(texts, files.map((f) => f.text));
			}
			assert.equal(await fs.readText(uri('bom.gmi')), '# A\uFFFD\n');
			assert.equal(await fs.readText(uri('large.gmi')), 'x'.repeat(100 * 1024));
			assert.equal(await fs.readText(uri('ten.gmi'), 10), '0123456789');
			assert.equal(await fs.readText(uri('ten.gmi'), 9), undefined);
			assert.equal(await fs.readText(uri('fifo.gmi')), undefined);
			assert.equal(await fs.readText('file:///dev/zero'), undefined);
			assert.equal(await fs.readText(uri('none.gmi')), undefined);
			assert.equal(await fs.readText('untitled:Untitled-1'), undefined);
			assert.equal(await fs.readText(uri('t3.gmi')), files[3].text, 'a short file after a long one: no bytes of the earlier read');
			// A symbolic link may lead anywhere (a network mount): it is read through the thread pool, which cannot hang the server's thread.
			symlinkSync(join(dir, 't5.gmi'), join(dir, `link-${mode.length}.gmi`));
			symlinkSync(join(dir, `loop-${mode.length}.gmi`), join(dir, `loop-${mode.length}.gmi`));
			assert.equal(await fs.readText(uri(`link-${mode.length}.gmi`)), files[5].text);
			assert.equal(await fs.readText(uri(`loop-${mode.length}.gmi`)), undefined);
		});
	}

	it('a bounded read stops when what fstat measured is in, refuses a file that grew past the limit, and reads on otherwise', () => {
		// (length, size, capacity, maxSize): capacity is the size (or the limit) plus one byte.
		assert.equal(afterRead(10, 10, 11, 64), 'done', 'all of it');
		assert.equal(afterRead(4, 10, 11, 64), 'more', 'a short read');
		assert.equal(afterRead(11, 10, 11, 10), 'refuse', 'it grew past the limit while read');
		assert.equal(afterRead(11, 10, 11, 64), 'done', 'it grew, within the limit: what fits');
		assert.equal(afterRead(1, 0, 1, 64), 'done', 'a file that says it is empty (procfs) gives what it has');
	});

	it('reads synchronously only on file systems known to be local', () => {
		const local = { ext4: 0xef53, xfs: 0x58465342, btrfs: 0x9123683e, tmpfs: 0x01021994, overlayfs: 0x794c7630 };
		const other = { nfs: 0x6969, smb2: 0xfe534d42, cifs: 0xff534d42, fuse: 0x65735546, '9p': 0x01021997, ceph: 0x00c36400, unknown: 0x12345678 };
		for (const [name, type] of Object.entries(local)) assert.equal(isLocalFileSystemType(type), true, name);
		for (const [name, type] of Object.entries(other)) assert.equal(isLocalFileSystemType(type), false, name);
	});

	it('finds the disk cold when synchronous calls make it read, from the process\'s block input count', () => {
		let blocks = 1000;
		const detector = new DiskWaitDetector(() => blocks);
		const look = (blocksEach: number): boolean[] => Array.from({ length: CALLS_PER_LOOK }, () => {
			blocks += blocksEach;
			return detector.record();
		});
		const judged = (cold: boolean): boolean[] => [...Array(CALLS_PER_LOOK - 1).fill(false), cold];
		// Files from the page cache: the count stands still, however long the calls took.
		assert.deepEqual(look(0), judged(false));
		// Files the disk delivers: 8 blocks each; judged once per CALLS_PER_LOOK calls.
		assert.deepEqual(look(8), judged(true));
		// Another thread's lone reads of a few blocks are not a cold cache.
		blocks += 40;
		assert.deepEqual(look(0), judged(false));
		// After calls went elsewhere (the thread pool, whose reads the count includes), counting starts over.
		blocks += 5000;
		detector.reset();
		assert.deepEqual(look(0), judged(false));
	});

	it('reads through the thread pool where statfs names no local file system, and asks a folder again after a minute', async (t) => {
		const statfsCalls: string[] = [];
		let type = 0x6969; // NFS
		t.mock.method(nodeFs, 'statfs', (path: string, callback: (error: null, stats: { type: number }) => void) => {
			statfsCalls.push(path);
			callback(null, { type });
		});
		const openSync = t.mock.method(nodeFs, 'openSync');
		t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
		const fresh = new NodeFileSystem();
		assert.equal(await fresh.readText(uri('ten.gmi')), '0123456789');
		assert.equal(await fresh.readText(uri('t1.gmi')), '# File 1\n' + 'é'.repeat(37) + '\n');
		assert.equal(openSync.mock.callCount(), 0, 'a network mount is never read synchronously');
		assert.equal(statfsCalls.length, 1, 'asked once for the folder');
		type = 0xef53; // ext4: mounted over meanwhile, say
		t.mock.timers.tick(30_000);
		await fresh.readText(uri('ten.gmi'));
		assert.equal(openSync.mock.callCount(), 0, 'still remembered');
		t.mock.timers.tick(31_000);
		assert.equal(await fresh.readText(uri('ten.gmi')), '0123456789');
		assert.equal(statfsCalls.length, 2, 'asked again after a minute');
		assert.equal(openSync.mock.callCount(), 1, 'now read synchronously');
	});
});
