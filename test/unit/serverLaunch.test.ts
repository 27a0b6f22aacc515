/** The benchmarks start the server as the extension does: the same Node options in both places. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SERVER_EXEC_ARGV } from '../../client/src/serverLaunch';

const ROOT = join(__dirname, '..', '..', '..');

describe('server launch options', () => {
	it('are the same in the extension and in the server benchmarks', () => {
		const bench = readFileSync(join(ROOT, 'scripts', 'bench', 'lsp.mjs'), 'utf8');
		const declared = /export const CLIENT_NODE_ARGS = (\[[^\]]*\]);/.exec(bench);
		assert.ok(declared, 'scripts/bench/lsp.mjs declares CLIENT_NODE_ARGS');
		assert.deepEqual(JSON.parse(declared[1].replace(/'/g, '"')), [...SERVER_EXEC_ARGV]);
		assert.ok(SERVER_EXEC_ARGV.every((a) => /^--[a-z-]+(=\S+)?$/.test(a)), 'plain Node options');
	});
});
