/**
 * NodeFileSystem's bounded reads (issue 8, items 4 and 10): only regular files, never more
 * than the limit, and a reason when a read fails.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { NodeFileSystem } from '../../server/src/node/fileSystem';

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
});
