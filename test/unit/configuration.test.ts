import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { mergeSettings } from '../../server/src/configuration';
import { defaultSettings } from '../../server/src/service/workspace';

describe('mergeSettings', () => {
	it('gives the defaults for nothing', () => {
		assert.deepEqual(mergeSettings(defaultSettings, undefined), defaultSettings);
		assert.deepEqual(mergeSettings(defaultSettings, null), defaultSettings);
		assert.deepEqual(mergeSettings(defaultSettings, {}), defaultSettings);
	});

	it('takes valid values key by key and keeps defaults for invalid ones', () => {
		const merged = mergeSettings(defaultSettings, {
			validate: { enabled: false, headingLevel: 'error', emptyLink: 'loud', markdownSyntax: 3, ignoredLinks: ['/drafts/**'] },
			preview: 'gemini',
			unknown: true,
		});
		assert.equal(merged.validate.enabled, false);
		assert.equal(merged.validate.headingLevel, 'error');
		assert.equal(merged.validate.emptyLink, defaultSettings.validate.emptyLink);
		assert.equal(merged.validate.markdownSyntax, defaultSettings.validate.markdownSyntax);
		assert.deepEqual(merged.validate.ignoredLinks, ['/drafts/**']);
		assert.deepEqual(merged.preview, defaultSettings.preview);
		assert.equal('unknown' in merged, false);
	});

	it('rejects arrays holding non-strings', () => {
		assert.deepEqual(mergeSettings(defaultSettings, { validate: { ignoredLinks: [1, 2] } }).validate.ignoredLinks, []);
	});
});
