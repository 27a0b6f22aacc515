// `gemtext render --style gemtexter` writes links with any scheme Gemtexter publishes as links,
// and the dangerous ones (script, local files, VS Code commands) as text.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, createWorkspace, removeWorkspace } from './harness';

describe('gemtext render: link schemes', () => {
	let dir: string;

	before(() => {
		dir = createWorkspace({
			'page.gmi': '=> ipns://docs.ipfs.tech/ IPFS docs\n=> xmpp:me@example.org Chat\n=> javascript:alert(1) Run\n=> file:///etc/passwd Local\n=> command:workbench.action.terminal.new Terminal\n',
		});
	});

	after(() => removeWorkspace(dir));

	it('keeps unknown schemes as links, as Gemtexter does, and refuses the dangerous ones', () => {
		const run = spawnSync(process.execPath, [CLI, 'render', join(dir, 'page.gmi'), '--style', 'gemtexter'], { encoding: 'utf8', timeout: 60_000 });
		assert.equal(run.status, 0, run.stderr);
		const lines = run.stdout.trimEnd().split('\n');
		assert.equal(lines[0], "<a class='textlink' href='ipns://docs.ipfs.tech/'>IPFS docs</a><br />");
		assert.equal(lines[1], "<a class='textlink' href='xmpp:me@example.org'>Chat</a><br />");
		for (const line of lines.slice(2)) {
			assert.doesNotMatch(line, /href=/, line);
		}
		assert.match(lines[2], /Run/);
	});
});
