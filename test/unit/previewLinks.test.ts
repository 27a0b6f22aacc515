import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { classifyHref, gemtextSourceCandidates } from '../../client/src/preview/linkTarget';
import { injectIntoHead, relativePath } from '../../client/src/preview/exportPage';
import { isExtensionMessage, isPreviewState, isWebviewMessage } from '../../client/webview/messages';

describe('preview links: classifyHref', () => {
	it('opens http(s), gemini, gopher and mailto externally', () => {
		for (const href of ['https://a.org/x', 'http://a.org', 'gemini://g.org/', 'gopher://h.org/1/', 'mailto:me@x.org', 'HTTPS://A.ORG']) {
			assert.deepEqual(classifyHref(href), { kind: 'external', href });
		}
	});

	it('blocks every other scheme, including ones hidden by whitespace and control characters', () => {
		for (const href of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\nscript:alert(1)', 'java\tscript:x', '\u0001javascript:x', 'data:text/html,<script>', 'vbscript:x', 'command:workbench.action.terminal.new', 'vscode:extension/x', 'file:///etc/passwd']) {
			assert.equal(classifyHref(href).kind, 'blocked', JSON.stringify(href));
		}
	});

	it('blocks empty and scheme-relative links', () => {
		assert.equal(classifyHref('').kind, 'blocked');
		assert.equal(classifyHref('   ').kind, 'blocked');
		assert.equal(classifyHref('//evil.org/x').kind, 'blocked');
	});

	it('scrolls for fragments', () => {
		assert.deepEqual(classifyHref('#intro'), { kind: 'fragment', fragment: 'intro' });
		assert.deepEqual(classifyHref('#caf%C3%A9'), { kind: 'fragment', fragment: 'café' });
	});

	it('resolves relative paths with a decoded path, dropping the query', () => {
		assert.deepEqual(classifyHref('sub/a%20b.gmi'), { kind: 'local', path: 'sub/a b.gmi', fragment: undefined });
		assert.deepEqual(classifyHref('../x.gmi?q=1#top'), { kind: 'local', path: '../x.gmi', fragment: 'top' });
		assert.deepEqual(classifyHref('/root.gmi'), { kind: 'local', path: '/root.gmi', fragment: undefined });
		assert.deepEqual(classifyHref('bad%zz.gmi'), { kind: 'local', path: 'bad%zz.gmi', fragment: undefined });
	});

	it('maps Gemtexter .html links back to their .gmi source first', () => {
		assert.deepEqual(gemtextSourceCandidates('a/b.html'), ['a/b.gmi', 'a/b.html']);
		assert.deepEqual(gemtextSourceCandidates('a/b.gmi'), ['a/b.gmi']);
	});
});

describe('preview messages: guards', () => {
	it('accepts well-formed webview messages and rejects the rest', () => {
		assert.ok(isWebviewMessage({ type: 'openLink', source: 's', href: 'x.gmi' }));
		assert.ok(isWebviewMessage({ type: 'revealLine', source: 's', line: 3.5 }));
		assert.ok(isWebviewMessage({ type: 'didRender', source: 's', version: 2 }));
		assert.ok(!isWebviewMessage({ type: 'revealLine', source: 's', line: -1 }));
		assert.ok(!isWebviewMessage({ type: 'revealLine', source: 's', line: Number.NaN }));
		assert.ok(!isWebviewMessage({ type: 'openLink', source: 's', href: 'x'.repeat(9000) }));
		assert.ok(!isWebviewMessage({ type: 'runCommand', source: 's' }));
		assert.ok(!isWebviewMessage({ type: 'ready', version: 1 }));
		assert.ok(!isWebviewMessage(null));
	});

	it('checks messages to the webview', () => {
		assert.ok(isExtensionMessage({ type: 'updateContent', source: 's', version: 1, style: 'gemini', html: '' }));
		assert.ok(!isExtensionMessage({ type: 'updateContent', source: 's', version: 1, style: 'other', html: '' }));
		assert.ok(isExtensionMessage({ type: 'scrollToLine', source: 's', line: 0 }));
	});

	it('checks restored panel state', () => {
		assert.ok(isPreviewState({ resource: 'file:///a.gmi', locked: true, line: 4 }));
		assert.ok(!isPreviewState({ resource: 'file:///a.gmi' }));
		assert.ok(!isPreviewState({ resource: 1, locked: false }));
	});
});

describe('export helpers', () => {
	it('links style sheets relative to the exported page', () => {
		assert.equal(relativePath('/site/gemfeed', '/site/style.css'), '../style.css');
		assert.equal(relativePath('/site', '/site/style.css'), 'style.css');
		assert.equal(relativePath('/a/b', '/c/d.css'), '../../c/d.css');
	});

	it('injects into the head, or at the start when there is none', () => {
		assert.equal(injectIntoHead('<html><head><title>x</title></head><body></body></html>', '<style></style>'), '<html><head><title>x</title><style></style>\n</head><body></body></html>');
		assert.equal(injectIntoHead('<p>x</p>', '<style></style>'), '<style></style>\n<p>x</p>');
	});
});
