// Authoring inside a real VS Code: a `.gmi.tpl` is a Gemtexter template served like Gemtext, the word
// count shows in the status bar, New Post creates a dated post, and Publish Draft renames a draft and
// updates the links to it. Files the tests create are removed again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, exists, waitForDiagnostics, waitForEvent, workspaceUri, writeText } from './support';

/** Bounds waiting on events (server answers, diagnostics, edits); a failing run reports what it saw. */
const TIMEOUT_MS = 30_000;

interface Api {
	readonly preview: { readonly onDidRender: vscode.Event<{ readonly uri: string; readonly html: string }> };
	readonly wordCount: { readonly item: vscode.StatusBarItem; readonly onDidUpdate: vscode.Event<string> };
}


/** A `> Published at` stamp as `date --iso-8601=seconds` prints it, within a minute of now. */
function assertFreshStamp(stamp: string): void {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/.exec(stamp);
	assert.ok(m, `a date --iso-8601=seconds stamp: ${stamp}`);
	const when = Date.parse(stamp);
	assert.ok(Math.abs(Date.now() - when) < 60_000, `${stamp} is now`);
	const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
	assert.equal(offset, 0 - new Date(when).getTimezoneOffset(), 'the local UTC offset');
}

suite('Authoring', () => {
	let api: Api;
	const created: vscode.Uri[] = [];

	suiteSetup(async () => {
		api = await activateExtension<Api>();
	});

	teardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		for (const uri of created.splice(0)) {
			await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
		}
	});

	test('a .gmi.tpl is a Gemtexter template, served by the language server', async () => {
		const doc = await vscode.workspace.openTextDocument(workspaceUri('authoring', 'page.gmi.tpl'));
		await vscode.window.showTextDocument(doc);
		assert.equal(doc.languageId, 'gemtexter-template');
		const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
		assert.ok(symbols?.some((s) => s.name === 'A template page'), `the Outline has the title: ${JSON.stringify(symbols?.map((s) => s.name))}`);
		const plain = await vscode.workspace.openTextDocument(workspaceUri('index.gmi'));
		assert.equal(plain.languageId, 'gemtext');
	});

	test('the preview follows an active template editor', async () => {
		const uri = workspaceUri('authoring', 'page.gmi.tpl');
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc);
		let html = '';
		// Subscribed first, so that `html` is current when waitFor's own listener checks it.
		const subscription = api.preview.onDidRender((e) => {
			if (e.uri === uri.toString()) html = e.html;
		});
		const rendered = waitForEvent(api.preview.onDidRender, () => (html.includes('A template page') ? true : undefined), () => `a render of page.gmi.tpl with its title, got: ${html.slice(0, 300)}`);
		try {
			// No argument: the command takes the active editor, which must count as Gemtext.
			await vscode.commands.executeCommand('gemtext.showPreviewToSide');
			await rendered;
		} finally {
			subscription.dispose();
		}
	});

	test('the status bar shows the word count outside preformatted blocks, and follows edits', async () => {
		const item = api.wordCount.item;
		const doc = await vscode.workspace.openTextDocument(workspaceUri('authoring', 'page.gmi.tpl'));
		const editor = await vscode.window.showTextDocument(doc);
		// Gemtexter counts the generated page: # A template page (4), ## Table of Contents (4),
		// * ⇢ A template page (5), * ⇢ ⇢ Section (4), ## Section (2), Some words here. (3); not the ``` block.
		await waitForEvent(api.wordCount.onDidUpdate, () => (item.text.includes('22 words') ? true : undefined), () => `"22 words", the item says "${item.text}"`);
		assert.equal(item.text, '$(book) 22 words, 1 min');
		assert.match(String(item.tooltip), /238 words per minute/);
		await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount - 1, 0), 'one two\tthree\n'));
		await waitForEvent(api.wordCount.onDidUpdate, () => (item.text.includes('25 words') ? true : undefined), () => `"25 words", the item says "${item.text}"`);
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});

	test('New Post creates a dated post with the title, the stamp and the cursor below, never overwriting', async () => {
		const first = await vscode.commands.executeCommand<vscode.Uri | undefined>('gemtext.newPost', { title: 'Héllo, Wörld! E2E' });
		assert.ok(first, 'the command resolves to the new file');
		created.push(first);
		const name = first.path.slice(first.path.lastIndexOf('/') + 1);
		const m = /^(\d{4}-\d{2}-\d{2})-hello-world-e2e\.gmi\.tpl$/.exec(name);
		assert.ok(m, name);
		assert.equal(first.toString(), workspaceUri('gemfeed', name).toString());

		const editor = vscode.window.activeTextEditor;
		assert.equal(editor?.document.uri.toString(), first.toString(), 'the new post is open');
		assert.equal(editor.document.languageId, 'gemtexter-template');
		const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(first));
		const stamp = /^# Héllo, Wörld! E2E\n\n> Published at (\S+)\n\n$/.exec(text);
		assert.ok(stamp, JSON.stringify(text));
		assertFreshStamp(stamp[1]);
		assert.equal(stamp[1].slice(0, 10), m[1], 'the file name carries the stamp\'s date');
		assert.deepEqual([editor.selection.active.line, editor.selection.active.character, editor.selection.isEmpty], [4, 0, true]);

		const second = await vscode.commands.executeCommand<vscode.Uri | undefined>('gemtext.newPost', { title: 'Hello World E2E' });
		assert.ok(second);
		created.push(second);
		assert.equal(second.path.slice(second.path.lastIndexOf('/') + 1), `${m[1]}-hello-world-e2e-2.gmi.tpl`);
		assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(first)), text, 'the first post is untouched');

		const draft = await vscode.commands.executeCommand<vscode.Uri | undefined>('gemtext.newDraft', 'Draft E2E');
		assert.ok(draft);
		created.push(draft);
		assert.equal(draft.toString(), workspaceUri('gemfeed', 'DRAFT-draft-e2e.gmi.tpl').toString());
	});

	test('Publish Draft renames a template draft together with the page it generated, and links to the page follow', async () => {
		const config = vscode.workspace.getConfiguration('gemtext.links');
		await config.update('updateOnFileMove', 'always', vscode.ConfigurationTarget.Workspace);
		const folder = workspaceUri('authoring-tpl-e2e');
		created.push(folder);
		try {
			const home = vscode.Uri.joinPath(folder, 'home.gmi');
			const template = vscode.Uri.joinPath(folder, 'gemfeed', 'DRAFT-tpl-post.gmi.tpl');
			const page = vscode.Uri.joinPath(folder, 'gemfeed', 'DRAFT-tpl-post.gmi');
			await writeText(template, '# Template post\n\n<< template::inline::toc\n');
			await writeText(page, '# Template post\n\n## Table of Contents\n\n* ⇢ Template post\n');
			await writeText(home, '# Home\n=> gemfeed/DRAFT-tpl-post.gmi Template post\n');
			const doc = await vscode.workspace.openTextDocument(home);
			await vscode.window.showTextDocument(doc);
			await waitForDiagnostics(home, (ds) => ds.length === 0, TIMEOUT_MS);

			// From the Explorer: the command gets the template's URI.
			const published = await vscode.commands.executeCommand<vscode.Uri | undefined>('gemtext.publishDraft', template);
			assert.ok(published);
			const name = published.path.slice(published.path.lastIndexOf('/') + 1);
			assert.match(name, /^\d{4}-\d{2}-\d{2}-tpl-post\.gmi\.tpl$/);
			const pageName = name.replace(/\.tpl$/, '');
			assert.deepEqual([await exists(template), await exists(page)], [false, false], 'both drafts are gone');
			assert.equal(await exists(vscode.Uri.joinPath(folder, 'gemfeed', pageName)), true, 'the generated page moved with its template');
			const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(published));
			assert.match(text, /^# Template post\n\n> Published at \S+\n\n<< template::inline::toc\n$/);
			await waitForEvent(vscode.workspace.onDidChangeTextDocument, () => (doc.getText().includes(pageName) ? true : undefined), () => `the link to ${pageName}; home.gmi is:\n${doc.getText()}`);
			assert.equal(doc.getText(), `# Home\n=> gemfeed/${pageName} Template post\n`);
			await vscode.workspace.saveAll(false);
		} finally {
			await config.update('updateOnFileMove', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});

	test('New Post from a folder in the Explorer creates the post in its gemfeed folder; a title without letters is refused', async () => {
		const capsule = workspaceUri('authoring-capsule-e2e');
		created.push(capsule);
		await vscode.workspace.fs.createDirectory(capsule);
		const post = await vscode.commands.executeCommand<vscode.Uri | undefined>('gemtext.newPost', { title: 'Into the capsule', folder: capsule });
		assert.ok(post);
		assert.equal(vscode.Uri.joinPath(post, '..').toString(), vscode.Uri.joinPath(capsule, 'gemfeed').toString());
		assert.match(post.path.slice(post.path.lastIndexOf('/') + 1), /^\d{4}-\d{2}-\d{2}-into-the-capsule\.gmi\.tpl$/);
		assert.equal(await vscode.commands.executeCommand('gemtext.newPost', { title: '!!!', folder: capsule }), undefined);
		assert.deepEqual((await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(capsule, 'gemfeed'))).map(([n]) => n), [post.path.slice(post.path.lastIndexOf('/') + 1)]);
	});

	test('Publish Draft stamps the draft, renames it to today\'s name and updates the links to it', async () => {
		const config = vscode.workspace.getConfiguration('gemtext.links');
		await config.update('updateOnFileMove', 'always', vscode.ConfigurationTarget.Workspace);
		const folder = workspaceUri('authoring-e2e');
		created.push(folder);
		try {
			const home = vscode.Uri.joinPath(folder, 'home.gmi');
			const draft = vscode.Uri.joinPath(folder, 'gemfeed', 'DRAFT-first-steps.gmi');
			await writeText(home, '# Home\n=> gemfeed/DRAFT-first-steps.gmi First steps\n');
			const doc = await vscode.workspace.openTextDocument(home);
			await vscode.window.showTextDocument(doc);
			// The server sees the link, then the draft appear: it knows both before the move.
			await waitForDiagnostics(home, (ds) => ds.some((d) => codeOf(d) === 'link.missing-file'), TIMEOUT_MS);
			const healed = waitForDiagnostics(home, (ds) => ds.length === 0, TIMEOUT_MS);
			await writeText(draft, '# First steps\n\nNot yet published.\n');
			await healed;

			const published = await vscode.commands.executeCommand<vscode.Uri | undefined>('gemtext.publishDraft', draft);
			assert.ok(published, 'the command resolves to the published file');
			const name = published.path.slice(published.path.lastIndexOf('/') + 1);
			const date = /^(\d{4}-\d{2}-\d{2})-first-steps\.gmi$/.exec(name);
			assert.ok(date, name);
			assert.equal(await exists(draft), false, 'the draft is gone');

			const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(published));
			const stamp = /^# First steps\n\n> Published at (\S+)\n\nNot yet published\.\n$/.exec(text);
			assert.ok(stamp, JSON.stringify(text));
			assertFreshStamp(stamp[1]);
			assert.equal(stamp[1].slice(0, 10), date[1]);

			await waitForEvent(vscode.workspace.onDidChangeTextDocument, () => (doc.getText().includes(name) ? true : undefined), () => `the link to ${name}; home.gmi is:\n${doc.getText()}`);
			assert.equal(doc.getText(), `# Home\n=> gemfeed/${name} First steps\n`);
			await vscode.workspace.saveAll(false);

			// Update Published Date restamps the line in place.
			const post = await vscode.workspace.openTextDocument(published);
			await vscode.window.showTextDocument(post);
			const before = post.lineAt(2).text;
			assert.equal(await vscode.commands.executeCommand('gemtext.updatePublishedDate'), true);
			assert.equal(post.lineCount, text.split('\n').length, 'no line added');
			assert.match(post.lineAt(2).text, /^> Published at \S+$/);
			assertFreshStamp(post.lineAt(2).text.slice('> Published at '.length));
			assert.ok(post.lineAt(2).text >= before);
			await vscode.commands.executeCommand('workbench.action.files.revert');
		} finally {
			await config.update('updateOnFileMove', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});
});
