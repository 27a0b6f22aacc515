import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createGemtextService, defaultSettings, type GemtextSettings, type TextSnapshot } from '../../server/src/service';
import { feedFileName, getGemfeedDiagnostics, isFeedPostName, isRfc3339, readFeedFields, xmlText } from '../../server/src/service/gemfeed';
import { parseGemtexterConf, readGemtexterVersion } from '../../server/src/service/gemtexterConf';
import { formatIsoSeconds } from '../../server/src/service/gemtexterSite';
import type { Diagnostic } from '../../server/src/service/types';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

const CONF = [
	'declare -xr DOMAIN=example.org',
	"declare -xr SUBTITLE='Notes from the lab'",
	"declare -xr AUTHOR='Ada Lovelace'",
	"declare -xr EMAIL='ada@example.org'",
	"declare -xr IMAGE_PATTERN='\\.(jpg|png|gif|webp|svg)$'",
	'declare -xr ATOM_MAX_ENTRIES=2',
	'declare -xr HTML_THEME_DIR=./extras/html/themes/simple',
	'',
].join('\n');

/** The fixture capsule: three posts, a draft and a page that is not a post. */
const POSTS: Record<string, string> = {
	'/ws/gemfeed/2025-01-15-first.gmi': '# First post\n\n> Published at 2025-01-15T00:16:04+02:00\n\nHello "world" & friends.\n\n=> ./2025-02-01-second.gmi Next\n=> ../ Go back to the main site\n',
	'/ws/gemfeed/2025-02-01-second.gmi': '# Second "post"\n\n> Published at 2025-02-01T10:00:00+01:00; updated later\n\n> Only a quote here\n\n```\ncode\n```\n',
	'/ws/gemfeed/DRAFT-2025-03-01-draft.gmi': '# Draft\n\nNot yet.\n',
	'/ws/gemfeed/notes.gmi': '# Notes\n\nSome notes.\n',
	'/ws/gemfeed/2025-03-01-third.gmi': '# Third\n\n> Published at 2025-03-01T08:00:00Z\n\nThird text.\n',
};

/**
 * What Gemtexter 3.0.1 (`./gemtexter --feed`) wrote for exactly this capsule (CONTENT_BASE_DIR
 * holding the files above), atom.xml without its third line: the generation time, which Gemtexter's
 * own comparison leaves out too (`sed 3d`).
 */
const GEMTEXTER_INDEX = '# Gemfeed of example.org\n\n## Notes from the lab\n\n=> ./2025-03-01-third.gmi 2025-03-01 - Third\n=> ./2025-02-01-second.gmi 2025-02-01 - Second \'post\'\n=> ./2025-01-15-first.gmi 2025-01-15 - First post\n';
const GEMTEXTER_ATOM = [
	'<?xml version="1.0" encoding="utf-8"?>',
	'<feed xmlns="http://www.w3.org/2005/Atom">',
	'    <title>example.org feed</title>',
	'    <subtitle>Notes from the lab</subtitle>',
	'    <link href="gemini://example.org/gemfeed/atom.xml" rel="self" />',
	'    <link href="gemini://example.org/" />',
	'    <id>gemini://example.org/</id>',
	'    <entry>',
	'        <title>Third</title>',
	'        <link href="gemini://example.org/gemfeed/2025-03-01-third.gmi" />',
	'        <id>gemini://example.org/gemfeed/2025-03-01-third.gmi</id>',
	'        <updated>2025-03-01T08:00:00Z</updated>',
	'        <author>',
	'            <name>Ada Lovelace</name>',
	'            <email>ada@example.org</email>',
	'        </author>',
	'        <summary>Third text.</summary>',
	'        <content type="xhtml">',
	'            <div xmlns="http://www.w3.org/1999/xhtml">',
	"                <h1 style='display: inline' id='third'>Third</h1><br />",
	'<br />',
	"<span class='quote'>Published at 2025-03-01T08:00:00Z</span><br />",
	'<br />',
	'<span>Third text.</span><br />',
	'            </div>',
	'        </content>',
	'    </entry>',
	'    <entry>',
	"        <title>Second 'post'</title>",
	'        <link href="gemini://example.org/gemfeed/2025-02-01-second.gmi" />',
	'        <id>gemini://example.org/gemfeed/2025-02-01-second.gmi</id>',
	'        <updated>2025-02-01T10:00:00+01:00</updated>',
	'        <author>',
	'            <name>Ada Lovelace</name>',
	'            <email>ada@example.org</email>',
	'        </author>',
	'        <summary>Published at 2025-02-01T10:00:00+01:00; updated later</summary>',
	'        <content type="xhtml">',
	'            <div xmlns="http://www.w3.org/1999/xhtml">',
	"                <h1 style='display: inline' id='second-post'>Second \"post\"</h1><br />",
	'<br />',
	"<span class='quote'>Published at 2025-02-01T10:00:00+01:00; updated later</span><br />",
	'<br />',
	"<span class='quote'>Only a quote here</span><br />",
	'<br />',
	'<pre>',
	'code',
	'</pre>',
	'            </div>',
	'        </content>',
	'    </entry>',
	'</feed>',
	'',
].join('\n');

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

function service(files: Record<string, string>, settings: Partial<GemtextSettings> = {}) {
	const fs = new MemoryFileSystem(files);
	const svc = createGemtextService({
		fileSystem: fs,
		logger: { log: () => undefined },
		getSettings: () => ({ ...defaultSettings, ...settings }),
		workspaceFolders: [uriOf('/ws')],
	});
	return { fs, svc };
}

function snap(path: string, text: string, version = 1): TextSnapshot {
	return { uri: uriOf(path), version, getText: () => text };
}

function withoutLine3(xml: string): string {
	return xml.split('\n').filter((_l, i) => i !== 2).join('\n');
}

describe('gemfeed: which files are posts', () => {
	it('takes YYYY-MM-DD-*.gmi names, as grep -E does, and a template as the .gmi it generates', () => {
		for (const name of ['2025-01-15-x.gmi', '2025-01-15-.gmi', '0000-99-99-odd.gmi', '2025-01-15-x.gmi.tpl', '2025-01-15-a-b-c.gmi']) {
			assert.equal(isFeedPostName(name), true, name);
		}
		assert.equal(feedFileName('2025-01-15-x.gmi.tpl'), '2025-01-15-x.gmi');
	});

	it('leaves out drafts (DRAFT- anywhere), the index, other extensions and other names', () => {
		for (const name of ['DRAFT-2025-01-15-x.gmi', '2025-01-15-DRAFT-x.gmi', 'index.gmi', 'atom.xml', '2025-1-15-x.gmi', '2025-01-15.gmi', '2025-01-15-x.gemini', '2025-01-15-x.gmi~', 'x-2025-01-15-x.gmi', '2025-01-15-x.GMI']) {
			assert.equal(isFeedPostName(name), false, name);
		}
	});
});

describe('gemfeed: what a post gives the feed', () => {
	it('takes the first "# " line as the title, anywhere, with " turned into \'', () => {
		const f = readFeedFields('Intro\n## Not this\n#Not this\n# The "real" one\n# Second\n');
		assert.equal(f.title, "The 'real' one");
		assert.equal(f.titleLine, 3);
		assert.equal(readFeedFields('## Only level two\n').title, '');
		assert.equal(readFeedFields('## Only level two\n').titleLine, undefined);
	});

	it('takes the first line starting with A-Z as the summary, even inside a ``` block', () => {
		const f = readFeedFields('# T\n\n> Published at 2025-01-15T00:00:00Z\n\nlower case first\n```\nCode Line\n```\nLater Text\n');
		assert.equal(f.summary, 'Code Line');
		assert.equal(f.summaryLine, 6);
		assert.equal(f.summaryFromQuote, false);
	});

	it('falls back to the first quote line, minus ">" and spaces (often the date line itself)', () => {
		const f = readFeedFields('# T\n\n>   Published at 2025-01-15T00:00:00Z\n\n> "Quoted"\n');
		assert.equal(f.summary, 'Published at 2025-01-15T00:00:00Z');
		assert.equal(f.summaryFromQuote, true);
		assert.equal(readFeedFields('# T\n\n>  \n> Text\n').summary, '', 'the first quote wins even when empty');
	});

	it('reads the date from "> Published at " lines of the first ten lines: after the last "Published at ", before ";"', () => {
		assert.equal(readFeedFields('# T\n\n> Published at 2025-01-15T00:16:04+02:00\n').published, '2025-01-15T00:16:04+02:00');
		assert.equal(readFeedFields('# T\n> Published at x Published at 2025-01-15T00:16:04+02:00; by me\n').published, '2025-01-15T00:16:04+02:00');
		const late = '# T\n' + '\n'.repeat(9) + '> Published at 2025-01-15T00:16:04+02:00\n';
		assert.equal(readFeedFields(late).published, '', 'line 11 is not read');
		assert.equal(readFeedFields('# T\n>Published at 2025-01-15T00:16:04+02:00\n').published, '');
		assert.equal(readFeedFields('# T\n> Published at a\n> Published at b\n').published, 'a\nb');
		assert.equal(readFeedFields('# T\n> Published at ;x\n').published, '');
	});

	it('drops the CR of CRLF lines', () => {
		const f = readFeedFields('# T\r\n\r\n> Published at 2025-01-15T00:16:04+02:00\r\n\r\nText\r\n');
		assert.deepEqual([f.title, f.published, f.summary], ['T', '2025-01-15T00:16:04+02:00', 'Text']);
	});

	it('accepts RFC 3339 date-times only', () => {
		for (const ok of ['2025-01-15T00:16:04+02:00', '2025-01-15T00:16:04Z', '2025-01-15T00:16:04.5-05:30']) assert.equal(isRfc3339(ok), true, ok);
		for (const bad of ['2025-01-15', '2025-01-15 00:16:04+02:00', '15.01.2025', '2025-13-15T00:16:04Z', '2025-01-15T25:00:00Z', '2025-01-15T00:16:04+0200', 'a\nb']) assert.equal(isRfc3339(bad), false, bad);
	});
});

describe('gemfeed: gemfeed/index.gmi and atom.xml', () => {
	it('writes what Gemtexter wrote for the fixture capsule', async () => {
		const { svc } = service({ '/ws/gemtexter.conf': CONF, ...POSTS });
		const preview = await svc.getGemfeedPreview(uriOf('/ws/gemfeed/2025-01-15-first.gmi'), NOW);
		assert.ok(preview);
		assert.equal(preview.gemfeedUri, uriOf('/ws/gemfeed'));
		assert.equal(preview.indexGmi, GEMTEXTER_INDEX);
		assert.equal(withoutLine3(preview.atomXml), GEMTEXTER_ATOM);
		assert.equal(preview.atomXml.split('\n')[2], `    <updated>${formatIsoSeconds(NOW)}</updated>`);
	});

	it('is found from any document of the capsule', async () => {
		const { svc } = service({ '/ws/gemtexter.conf': CONF, '/ws/index.gmi': '# Home\n', ...POSTS });
		assert.equal((await svc.getGemfeedPreview(uriOf('/ws/index.gmi'), NOW))?.indexGmi, GEMTEXTER_INDEX);
		assert.equal(await service({ '/ws/gemtexter.conf': CONF, '/ws/index.gmi': '' }).svc.getGemfeedPreview(uriOf('/ws/index.gmi'), NOW), undefined);
	});

	it('is well formed XML whose entries carry each post, even where Gemtexter would write broken XML', async () => {
		const files = {
			'/ws/gemtexter.conf': CONF.replace('ATOM_MAX_ENTRIES=2', 'ATOM_MAX_ENTRIES=10').replace("'Notes from the lab'", "'Notes & <more>'"),
			...POSTS,
			'/ws/gemfeed/2025-04-01-hostile.gmi': '# A <b>bold</b> & ]]> title\u0001\n\n> Published at 2025-04-01T00:00:00Z\n\nSummary with &amp; and &nope; and <tag>\n\n=> ./a&b.png Pic\n',
		};
		const { svc } = service(files);
		const preview = await svc.getGemfeedPreview(uriOf('/ws/gemfeed/x.gmi'), NOW);
		assert.ok(preview);
		assert.equal(XMLValidator.validate(preview.atomXml), true);
		const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', stopNodes: ['feed.entry.content'] }).parse(preview.atomXml).feed;
		assert.equal(feed.subtitle, 'Notes & <more>');
		const entries = feed.entry as { title: string; id: string; updated: string; summary: string; link: { '@href': string } }[];
		assert.deepEqual(entries.map((e) => e.id), ['2025-04-01-hostile', '2025-03-01-third', '2025-02-01-second', '2025-01-15-first'].map((n) => `gemini://example.org/gemfeed/${n}.gmi`));
		assert.deepEqual(entries.map((e) => e.updated), ['2025-04-01T00:00:00Z', '2025-03-01T08:00:00Z', '2025-02-01T10:00:00+01:00', '2025-01-15T00:16:04+02:00']);
		assert.equal(entries[0].title, 'A <b>bold</b> & ]]> title\ufffd');
		assert.equal(entries[0].summary, 'Summary with & and &nope; and <tag>');
		assert.equal(entries[3].summary, "Hello 'world' & friends.");
		assert.equal(entries[3].link['@href'], 'gemini://example.org/gemfeed/2025-01-15-first.gmi');
		assert.ok(!preview.atomXml.includes('Go back to the main site'), 'Gemtexter drops those lines from the content');
	});

	it('keeps the references Gemtexter writes and escapes only what would break the XML', () => {
		assert.equal(xmlText('a &amp; b &#39; c'), 'a &amp; b &#39; c');
		assert.equal(xmlText('a & b &nope; &#0;'), 'a &amp; b &amp;nope; &amp;#0;');
		assert.equal(xmlText('x < y > z ]]>'), 'x &lt; y > z ]]&gt;');
	});

	it('reads a post\'s template in place of its .gmi, and the open editor in place of the disk', async () => {
		const { svc } = service({
			'/ws/gemtexter.conf': CONF,
			'/ws/gemfeed/2025-05-01-tpl.gmi.tpl': '# From the template\n\n> Published at 2025-05-01T00:00:00Z\n\n<< echo "# Not seen"\nTemplate text.\n',
			'/ws/gemfeed/2025-05-01-tpl.gmi': '# From the old generated file\n',
			'/ws/gemfeed/2025-06-01-open.gmi': '# On disk\n',
		});
		svc.setOpenDocument(snap('/ws/gemfeed/2025-06-01-open.gmi', '# In the editor\n\n> Published at 2025-06-01T00:00:00Z\n\nText.\n'));
		const preview = await svc.getGemfeedPreview(uriOf('/ws/gemfeed/2025-05-01-tpl.gmi.tpl'), NOW);
		assert.ok(preview);
		assert.deepEqual(preview.indexGmi.split('\n').filter((l) => l.startsWith('=>')), [
			'=> ./2025-06-01-open.gmi 2025-06-01 - In the editor',
			'=> ./2025-05-01-tpl.gmi 2025-05-01 - From the template',
		]);
		assert.equal(preview.posts, 2);
	});

	it('feeds what a template generates: its helpers expanded, its other code never run', async () => {
		const { svc } = service({
			'/ws/gemtexter.conf': CONF,
			'/ws/gemfeed/2025-05-01-tpl.gmi.tpl': '# Post\n\n> Published at 2025-05-01T00:00:00Z\n\n<< template::inline::toc\n\n## Part\n<< echo secret\n',
		});
		const xml = (await svc.getGemfeedPreview(uriOf('/ws/gemfeed/2025-05-01-tpl.gmi.tpl'), NOW))?.atomXml ?? '';
		assert.match(xml, /Table of Contents/);
		assert.doesNotMatch(xml, /template::inline::toc/);
		// The code is not run: its line stands there as a placeholder, not as its output.
		assert.match(xml, /&lt;&lt; echo secret/);
	});

	it('dates a post without a date by its modification time, as Gemtexter does', async () => {
		const { svc } = service({ '/ws/gemtexter.conf': CONF, '/ws/gemfeed/2025-01-01-undated.gmi': '# U\n\nText.\n' });
		const xml = (await svc.getGemfeedPreview(uriOf('/ws/gemfeed/2025-01-01-undated.gmi'), NOW))?.atomXml ?? '';
		// The in-memory file system knows no modification time: the generation time stands in.
		assert.match(xml, new RegExp(`<updated>${formatIsoSeconds(NOW).replace(/[+]/g, '\\+')}</updated>\\n        <author>`));
	});
});

describe('gemfeed diagnostics', () => {
	const ctx = (name: string) => ({ uri: uriOf(`/ws/gemfeed/${name}`), name, severity: 'warning' as const });
	const brief = (text: string, name = '2025-01-15-post.gmi') =>
		getGemfeedDiagnostics(text, ctx(name)).map((d: Diagnostic) => `${d.code.replace('gemtexter.', '')}@${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`);
	const good = '# Title\n\n> Published at 2025-01-15T00:16:04+02:00\n\nText.\n';

	it('reports nothing for a post the feed reads as meant, a draft or the index', () => {
		assert.deepEqual(brief(good), []);
		assert.deepEqual(brief('', 'DRAFT-2025-01-15-x.gmi'), []);
		assert.deepEqual(brief('', 'index.gmi'), []);
		assert.deepEqual(brief('', 'picture.png'), []);
	});

	it('feed-file-name: a page the feed never lists, with a name to rename it to', () => {
		assert.deepEqual(brief(good, 'post.gmi'), ['feed-file-name@0:0-7']);
		const [d] = getGemfeedDiagnostics(good, ctx('post.gmi.tpl'));
		assert.match(d.message, /"post\.gmi" will be in neither/);
		assert.match(d.message, /"2025-01-15-post\.gmi\.tpl"/);
		assert.deepEqual(brief(good, '2025-1-15-x.gmi'), ['feed-file-name@0:0-7']);
		assert.deepEqual(brief(good, '2025-01-15-x.GMI'), ['feed-file-name@0:0-7'], 'the pattern is case-sensitive');
	});

	it('published-missing: none, misspelt, or beyond the tenth line', () => {
		assert.deepEqual(brief('# Title\n\nText.\n'), ['published-missing@0:0-7']);
		const [misspelt] = getGemfeedDiagnostics('# Title\n\n>Published at 2025-01-15T00:16:04+02:00\n\nText.\n', ctx('2025-01-15-post.gmi'));
		assert.equal(misspelt.code, 'gemtexter.published-missing');
		assert.match(misspelt.message, /line 3 is not spelled exactly/);
		assert.equal(misspelt.related?.[0].range.start.line, 2);
		const [late] = getGemfeedDiagnostics('# Title\n' + 'Text.\n'.repeat(10) + '> Published at 2025-01-15T00:16:04+02:00\n', ctx('2025-01-15-post.gmi'));
		assert.match(late.message, /line 12, and Gemtexter reads only the first 10 lines/);
		assert.deepEqual(brief('# Title\n> Published at ;x\nText.\n'), ['published-missing@1:0-17']);
	});

	it('published-malformed: a date Atom does not take, or two dates', () => {
		assert.deepEqual(brief('# Title\n\n> Published at 15.01.2025\n\nText.\n'), ['published-malformed@2:15-25']);
		assert.deepEqual(brief('# Title\n\n> Published at 2025-01-15T00:16:04+02:00\n> Published at 2025-01-16T00:16:04+02:00\nText.\n'), ['published-malformed@3:0-40']);
		assert.deepEqual(brief('# Title\n\n> Published at 2025-01-15T00:16:04+02:00; updated 2025-02-01\n\nText.\n'), []);
	});

	it('feed-no-title and feed-no-summary: what stops the Atom feed', () => {
		assert.deepEqual(brief('## Sub\n\n> Published at 2025-01-15T00:16:04+02:00\n\nText.\n'), ['feed-no-title@0:0-6']);
		assert.deepEqual(brief('# Title\n\n=> x.gmi link\nlower case only\n'), ['feed-no-summary@0:0-7', 'published-missing@0:0-7']);
		assert.deepEqual(brief('# Title\n\n>\n\nlower\n'), ['feed-no-summary@2:0-1', 'published-missing@0:0-7']);
	});

	it('feed-xml-unsafe: title or summary that Gemtexter copies raw into atom.xml', () => {
		assert.deepEqual(brief('# Cats & dogs\n\n> Published at 2025-01-15T00:16:04+02:00\n\nText.\n'), ['feed-xml-unsafe@0:2-13']);
		assert.deepEqual(brief('# Title\n\n> Published at 2025-01-15T00:16:04+02:00\n\nUse <br> here.\n'), ['feed-xml-unsafe@4:0-14']);
		assert.deepEqual(brief('# AT&amp;T\n\n> Published at 2025-01-15T00:16:04+02:00\n\nText.\n'), []);
	});

	describe('in the service', () => {
		const codes = async (files: Record<string, string>, path: string, text: string, settings: Partial<GemtextSettings> = {}) =>
			(await service(files, settings).svc.getDiagnostics(snap(path, text))).map((d) => d.code).filter((c) => /feed|published/.test(c));

		it('checks posts in gemfeed/ of a Gemtexter capsule under gemtext.validate.gemtexterCompat', async () => {
			assert.deepEqual(await codes({ '/ws/gemtexter.conf': '' }, '/ws/gemfeed/2025-01-15-a.gmi', '# A\n\nText.\n'), ['gemtexter.published-missing']);
			assert.deepEqual(await codes({ '/ws/gemtexter.conf': '' }, '/ws/gemfeed/2025-01-15-a.gmi.tpl', '# A\n\nText.\n'), ['gemtexter.published-missing']);
			const off = { validate: { ...defaultSettings.validate, gemtexterCompat: 'ignore' as const } };
			assert.deepEqual(await codes({ '/ws/gemtexter.conf': '' }, '/ws/gemfeed/2025-01-15-a.gmi', '# A\n\nText.\n', off), []);
		});

		it('leaves out Gemini-style documents, other folders, and a .gmi generated from a template beside it', async () => {
			assert.deepEqual(await codes({}, '/ws/gemfeed/2025-01-15-a.gmi', '# A\n'), []);
			assert.deepEqual(await codes({ '/ws/gemtexter.conf': '' }, '/ws/notes/2025-01-15-a.gmi', '# A\n'), []);
			assert.deepEqual(await codes({ '/ws/gemtexter.conf': '', '/ws/gemfeed/2025-01-15-a.gmi.tpl': '# A\n' }, '/ws/gemfeed/2025-01-15-a.gmi', '# A\n'), []);
		});
	});
});

describe('gemfeed code lenses', () => {
	it('show the index line and the summary on the title', async () => {
		const { svc } = service({ '/ws/gemtexter.conf': CONF });
		const lenses = await svc.getFeedCodeLenses(snap('/ws/gemfeed/2025-01-15-x.gmi.tpl', '\n# My "Post"\n\n> Published at 2025-01-15T00:16:04+02:00\n\nFirst words.\n'));
		assert.deepEqual(lenses.map((l) => [l.range.start.line, l.title, l.command]), [
			[1, "Gemfeed: => ./2025-01-15-x.gmi 2025-01-15 - My 'Post'", 'gemtext.previewGemfeed'],
			[1, 'Feed summary: First words.', 'gemtext.previewGemfeed'],
		]);
		assert.deepEqual(lenses[0].arguments, [uriOf('/ws/gemfeed/2025-01-15-x.gmi.tpl')]);
	});

	it('say when the summary comes from the first quote', async () => {
		const { svc } = service({ '/ws/gemtexter.conf': CONF });
		const lenses = await svc.getFeedCodeLenses(snap('/ws/gemfeed/2025-01-15-x.gmi', '# T\n\n> Published at 2025-01-15T00:16:04+02:00\n\nlower case only.\n'));
		assert.equal(lenses[1].title, 'Feed summary (the first quote: no line starts with A–Z): Published at 2025-01-15T00:16:04+02:00');
	});

	it('say when the feed does not list the file, and stay away elsewhere', async () => {
		const { svc } = service({ '/ws/gemtexter.conf': CONF });
		assert.deepEqual((await svc.getFeedCodeLenses(snap('/ws/gemfeed/DRAFT-x.gmi', '# D\n'))).map((l) => l.title), ['Gemfeed: not listed (a draft)']);
		assert.deepEqual((await svc.getFeedCodeLenses(snap('/ws/gemfeed/x.gmi', '# D\n'))).map((l) => l.title), ['Gemfeed: not listed (not named YYYY-MM-DD-….gmi)']);
		assert.deepEqual(await svc.getFeedCodeLenses(snap('/ws/gemfeed/index.gmi', '# D\n')), []);
		assert.deepEqual(await svc.getFeedCodeLenses(snap('/ws/2025-01-15-x.gmi', '# D\n')), []);
		assert.deepEqual(await service({}).svc.getFeedCodeLenses(snap('/ws/gemfeed/2025-01-15-x.gmi', '# D\n')), []);
	});
});

describe('gemtexter.conf, read as Gemtexter sources it', () => {
	it('reads assignments with declare/export, quotes and expansions, and never a substitution', () => {
		const vars = parseGemtexterConf([
			'# a comment',
			'declare -xr DOMAIN=foo.zone',
			"declare -xr SUBTITLE='To be in the .zone!'",
			'export AUTHOR="Paul $DOMAIN"',
			'HTML_THEME_DIR=./extras/html/themes/default',
			'declare -xr HTML_CSS_STYLE=$HTML_THEME_DIR/style.css',
			'declare -xr FALLBACK=${UNSET:-dflt}',
			'declare -xr RUN=$(rm -rf /)',
			'declare -xr TICK=`id`',
			'echo NOT=assignment',
			'declare -xr SPACED=a\\ b # comment',
		].join('\n'));
		assert.equal(vars.get('DOMAIN'), 'foo.zone');
		assert.equal(vars.get('SUBTITLE'), 'To be in the .zone!');
		assert.equal(vars.get('AUTHOR'), 'Paul foo.zone');
		assert.equal(vars.get('HTML_CSS_STYLE'), './extras/html/themes/default/style.css');
		assert.equal(vars.get('FALLBACK'), 'dflt');
		assert.equal(vars.has('RUN'), false);
		assert.equal(vars.has('TICK'), false);
		assert.equal(vars.has('NOT'), false);
		assert.equal(vars.get('SPACED'), 'a b');
	});

	it('reads the version the gemtexter script declares', () => {
		assert.equal(readGemtexterVersion("#!/usr/bin/env bash\ndeclare -r VERSION=3.0.1\ndeclare -r VERSION_DESCR='develop'\n"), 'Gemtexter 3.0.1-develop');
		assert.equal(readGemtexterVersion('echo hi\n'), undefined);
	});
});
