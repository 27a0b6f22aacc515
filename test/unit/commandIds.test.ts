import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Commands } from '../../client/src/commandIds';
import { OPEN_TEMPLATE_COMMAND } from '../../server/src/service';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
	contributes: { commands: { command: string }[]; keybindings: { command: string }[] };
};

describe('command ids', () => {
	it('the client registers exactly the commands package.json contributes (and the Enter key binding)', () => {
		const contributed = new Set([...manifest.contributes.commands.map((c) => c.command), ...manifest.contributes.keybindings.map((k) => k.command)]);
		assert.deepEqual([...new Set(Object.values(Commands))].sort(), [...contributed].sort());
	});

	it('the server names the client\'s Open Template command in its quick fixes', () => {
		assert.equal(OPEN_TEMPLATE_COMMAND, Commands.openTemplate);
	});
});
