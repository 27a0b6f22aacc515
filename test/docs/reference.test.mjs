// docs/reference.md is generated from package.json: this fails when they drift (run `npm run docs`).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { REFERENCE, renderReference } from '../../scripts/reference.mjs';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('docs/reference.md', () => {
	it('is what package.json generates (npm run docs)', () => {
		assert.equal(readFileSync(REFERENCE, 'utf8'), renderReference(manifest));
	});

	it('names every setting, command and key binding of the manifest', () => {
		const text = readFileSync(REFERENCE, 'utf8');
		const settings = manifest.contributes.configuration.flatMap((s) => Object.keys(s.properties));
		for (const id of [...settings, ...manifest.contributes.commands.map((c) => c.command)]) {
			assert.ok(text.includes(`\`${id}\``), `${id} is missing`);
		}
		assert.ok(settings.length > 30);
	});

	it('every setting is explained in settings.md too', () => {
		const prose = readFileSync(join(root, 'docs', 'settings.md'), 'utf8');
		const missing = manifest.contributes.configuration.flatMap((s) => Object.keys(s.properties)).filter((id) => !prose.includes(id));
		assert.deepEqual(missing, []);
	});
});
