import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeText } from '../../server/src/service/workspace';

describe('decodeText', () => {
	it('replaces invalid UTF-8 and drops a BOM', () => {
		assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xc3, 0xa9, 0xc3])), 'A\u00e9\uFFFD');
	});
});
