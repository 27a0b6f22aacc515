import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getLinkDiagnostics, isPlainUrl, LinkCheckBatch } from '../../../server/src/service/diagnostics/links';
import { parseGemtext } from '../../../server/src/service/parser';
import { checkUrl, suggestScheme } from '../../../server/src/service/urls';
import { uriOf } from '../memoryFileSystem';
import { createTestEnv, settingsWith, type TestEnv } from '../linkTestEnv';

/** A small but complete capsule: every link in index.gmi is correct. */
const CAPSULE: Record<string, string> = {
	'/ws/gemtexter.conf': '',
	'/ws/index.gmi': '# Home\n## Links\n',
	'/ws/about.gmi': '# About me\n## I can\'t believe it!\n',
	'/ws/my notes.gmi': '# Notes\n',
	'/ws/über.gmi': '# Über\n',
	'/ws/img/photo.jpg': 'JPEG',
	'/ws/img/Diagram.PNG': 'PNG',
	'/ws/files/readme.txt': 'text',
	'/ws/blog/index.gmi': '# Blog\n=> ../about.gmi About\n=> ../index.gmi#links Home\n=> /about.gmi#about-me Me\n',
	'/ws/blog/2024-01-01-hello.gmi': '# Hello\n',
	'/ws/docs/index.gemini': '# Docs\n',
};

const GOOD_INDEX = [
	'# Home',
	'## Links',
	'=> about.gmi About',
	'=> ./about.gmi',
	'=> about.gmi#about-me About me',
	'=> about.gmi#i-can-t-believe-it Quote',
	'=> #links This page',
	'=> #',
	'=> ?query',
	'=> about.gmi?lang=en',
	'=> my%20notes.gmi Notes',
	'=> %C3%BCber.gmi Über (encoded)',
	'=> über.gmi Über (IRI)',
	'=> img/photo.jpg A photo',
	'=> img/Diagram.PNG Diagram',
	'=> files/readme.txt',
	'=> files/ Files (no index, but ignored below)',
	'=> blog/ Blog',
	'=> blog Blog without slash',
	'=> blog/../about.gmi',
	'=> docs/',
	'=> .',
	'=> ./',
	'=> /about.gmi',
	'=> /blog/',
	'=> gemini://example.org/ Elsewhere',
	'=> gemini://my.capsule.org/about.gmi Own host',
	'=> //example.org/x.gmi',
	'=> https://example.org/a%20b?x=1#top',
	'=> mailto:me@example.org',
	'=> gopher://example.org:70/1/',
	'=>about.gmi',
	'=>\tabout.gmi\tTab separated',
	'```',
	'=> missing.gmi inside a preformatted block is not a link',
	'=> htps://broken',
	'```',
	'=>',
	'',
].join('\n');

async function check(env: TestEnv, path: string, text: string, validate = {}) {
	return getLinkDiagnostics(parseGemtext(text), uriOf(path), settingsWith(validate), env);
}

function codes(diags: readonly { code: string }[]): string[] {
	return diags.map((d) => d.code);
}

describe('link diagnostics: no false positives', () => {
	it('a correct capsule gives no link diagnostics', async () => {
		const env = createTestEnv(CAPSULE);
		const diags = await check(env, '/ws/index.gmi', GOOD_INDEX, { ignoredLinks: ['files/'] });
		assert.deepEqual(diags, []);
		assert.deepEqual(await check(env, '/ws/blog/index.gmi', CAPSULE['/ws/blog/index.gmi'] + '## Links\n'), []);
	});

	it('CRLF line breaks and a BOM change nothing', async () => {
		const env = createTestEnv(CAPSULE);
		assert.deepEqual(await check(env, '/ws/index.gmi', '\ufeff' + GOOD_INDEX.replace(/\n/g, '\r\n'), { ignoredLinks: ['files/'] }), []);
	});
});

describe('link diagnostics: files', () => {
	it('reports a missing relative file on its path only', async () => {
		const env = createTestEnv(CAPSULE);
		const diags = await check(env, '/ws/index.gmi', '=> abuot.gmi#x About\n');
		assert.deepEqual(codes(diags), ['link.missing-file']);
		assert.deepEqual(diags[0].range, { start: { line: 0, character: 3 }, end: { line: 0, character: 12 } });
		assert.equal(diags[0].severity, 'warning');
		assert.match(diags[0].message, /abuot\.gmi/);
	});

	it('names the missing folder on the way', async () => {
		const env = createTestEnv(CAPSULE);
		const [d] = await check(env, '/ws/index.gmi', '=> posts/x.gmi\n');
		assert.equal(d.code, 'link.missing-file');
		assert.match(d.message, /No folder `posts\/`/);
	});

	it('resolves absolute paths against the capsule root', async () => {
		const env = createTestEnv(CAPSULE);
		assert.deepEqual(await check(env, '/ws/blog/x.gmi', '=> /about.gmi\n=> /blog/index.gmi\n'), []);
		assert.deepEqual(codes(await check(env, '/ws/blog/x.gmi', '=> /nope.gmi\n')), ['link.missing-file']);
	});

	it('finds `..` beyond the capsule, percent-encoded and Unicode names', async () => {
		const env = createTestEnv(CAPSULE);
		assert.deepEqual(codes(await check(env, '/ws/index.gmi', '=> ../outside.gmi\n=> my%20note.gmi\n=> uber.gmi\n')), [
			'link.missing-file', 'link.missing-file', 'link.missing-file',
		]);
	});

	it('a file linked as a folder is reported', async () => {
		const env = createTestEnv(CAPSULE);
		const [d] = await check(env, '/ws/index.gmi', '=> about.gmi/\n');
		assert.equal(d.code, 'link.missing-file');
		assert.match(d.message, /is a file, not a folder/);
	});

	it('says when a folder has no index.gmi', async () => {
		const env = createTestEnv(CAPSULE);
		const diags = await check(env, '/ws/index.gmi', '=> files/\n=> img\n');
		assert.deepEqual(codes(diags), ['link.missing-folder-index', 'link.missing-folder-index']);
		assert.equal(diags[0].severity, 'information');
	});

	it('honours the severity settings, ignore included', async () => {
		const env = createTestEnv(CAPSULE);
		const text = '=> nope.gmi\n=> files/\n';
		assert.deepEqual(await check(env, '/ws/index.gmi', text, { fileLinks: 'ignore', folderIndex: 'ignore' }), []);
		const diags = await check(env, '/ws/index.gmi', text, { fileLinks: 'error', folderIndex: 'hint' });
		assert.deepEqual(diags.map((d) => d.severity), ['error', 'hint']);
		assert.deepEqual(await check(env, '/ws/index.gmi', text, { enabled: false }), []);
	});

	it('skips links matching ignoredLinks globs', async () => {
		const env = createTestEnv(CAPSULE);
		const text = '=> drafts/a.gmi\n=> /private/x.gmi\n=> nope.pdf\n=> nope.gmi#x\n=> keep.gmi\n';
		const diags = await check(env, '/ws/index.gmi', text, { ignoredLinks: ['drafts/**', '/private/**', '*.pdf', 'nope.gmi'] });
		assert.deepEqual(diags.map((d) => d.range.start.line), [4]);
	});

	it('without a capsule root, absolute paths resolve against the document folder', async () => {
		const env = createTestEnv(CAPSULE, null);
		assert.deepEqual(await check(env, '/ws/index.gmi', '=> /about.gmi\n'), []);
	});
});

describe('link diagnostics: case', () => {
	it('finds a letter-case difference with the name on disk, in any segment', async () => {
		const env = createTestEnv(CAPSULE);
		const diags = await check(env, '/ws/index.gmi', '=> About.gmi\n=> IMG/photo.jpg\n=> img/diagram.png\n=> /Blog/\n');
		assert.deepEqual(codes(diags), ['link.case-mismatch', 'link.case-mismatch', 'link.case-mismatch', 'link.case-mismatch']);
		assert.match(diags[0].message, /about\.gmi/);
	});

	it('only checks the segments the link spells', async () => {
		const env = createTestEnv({ '/ws/Blog/a.gmi': '', '/ws/Blog/b.gmi': '' });
		assert.deepEqual(await check(env, '/ws/Blog/a.gmi', '=> b.gmi\n=> ../Blog/b.gmi\n'), []);
		assert.deepEqual(codes(await check(env, '/ws/Blog/a.gmi', '=> ../blog/b.gmi\n')), ['link.case-mismatch']);
	});

	it('treats NFC and NFD spellings as the same name', async () => {
		const env = createTestEnv({ '/ws/cafe\u0301.gmi': '' });
		assert.deepEqual(await check(env, '/ws/index.gmi', '=> caf\u00e9.gmi\n'), []);
	});

	it('can be turned off', async () => {
		const env = createTestEnv(CAPSULE);
		assert.deepEqual(await check(env, '/ws/index.gmi', '=> About.gmi\n', { caseMismatch: 'ignore' }), []);
	});
});

describe('link diagnostics: fragments', () => {
	it('reports a missing heading in this file', async () => {
		const env = createTestEnv(CAPSULE);
		const diags = await check(env, '/ws/index.gmi', '# Home\n=> #home\n=> #nowhere\n');
		assert.deepEqual(codes(diags), ['link.missing-heading']);
		assert.deepEqual(diags[0].range, { start: { line: 2, character: 4 }, end: { line: 2, character: 11 } });
	});

	it('reports a missing heading in another file, through folder indexes too', async () => {
		const env = createTestEnv(CAPSULE);
		const diags = await check(env, '/ws/index.gmi', '=> about.gmi#about\n=> blog/#blog\n=> blog/#nope\n=> docs/#docs\n');
		assert.deepEqual(diags.map((d) => [d.code, d.range.start.line]), [['link.missing-heading-in-file', 0], ['link.missing-heading-in-file', 2]]);
		assert.match(diags[0].message, /about\.gmi/);
	});

	it('in Gemini style, accepts a site\'s own id spelling of an existing heading, not a missing one', async () => {
		const env: TestEnv = { ...createTestEnv({ '/ws/api.gmi': '# API\n## B_GET_DEVICE_SIZE\n' }), getHeadingStyle: async () => 'gemini' };
		const diags = await check(env, '/ws/index.gmi', '=> api.gmi#b-get-device-size\n=> api.gmi#B_GET_DEVICE_SIZE\n=> api.gmi#b-get-device-name\n');
		assert.deepEqual(diags.map((d) => [d.code, d.range.start.line]), [['link.missing-heading-in-file', 2]]);
	});

	it('uses heading ids of the document as written, not headings in ``` blocks', async () => {
		const env = createTestEnv(CAPSULE);
		assert.deepEqual(codes(await check(env, '/ws/index.gmi', '```\n# Fake\n```\n=> #fake\n')), ['link.missing-heading']);
	});

	it('ignores fragments on files that are not Gemtext', async () => {
		const env = createTestEnv(CAPSULE);
		assert.deepEqual(await check(env, '/ws/index.gmi', '=> img/photo.jpg#x\n=> files/readme.txt#L3\n'), []);
	});

	it('reports the file, not the fragment, when the file is missing', async () => {
		const env = createTestEnv(CAPSULE);
		assert.deepEqual(codes(await check(env, '/ws/index.gmi', '=> gone.gmi#x\n')), ['link.missing-file']);
	});

	it('can be turned off', async () => {
		const env = createTestEnv(CAPSULE);
		assert.deepEqual(await check(env, '/ws/index.gmi', '=> #x\n', { fragmentLinks: 'ignore' }), []);
	});
});

describe('link diagnostics: malformed URLs', () => {
	it('finds misspelled and unknown schemes, and gemini:/x', async () => {
		const env = createTestEnv(CAPSULE);
		const diags = await check(env, '/ws/index.gmi', '=> htps://example.org\n=> gemini:/x\n=> gemini:x\n=> https:///x\n=> zzzq:stuff\n');
		assert.deepEqual(codes(diags), ['link.unknown-scheme', 'link.missing-host', 'link.missing-host', 'link.missing-host', 'link.unknown-scheme']);
		assert.match(diags[0].message, /Did you mean `https:`/);
		assert.doesNotMatch(diags[4].message, /Did you mean/);
	});

	it('finds bad percent-encoding and invalid characters', async () => {
		const env = createTestEnv(CAPSULE);
		const diags = await check(env, '/ws/index.gmi', '=> 100%.gmi\n=> a%zzb.gmi\n=> img\\photo.jpg\n=> a\u00a0b.gmi\n=> %FF.gmi\n');
		assert.deepEqual(codes(diags), ['link.bad-percent-encoding', 'link.bad-percent-encoding', 'link.invalid-character', 'link.invalid-character', 'link.bad-percent-encoding']);
	});

	it('recognises an unencoded space when the spaced name exists', async () => {
		const env = createTestEnv(CAPSULE);
		const diags = await check(env, '/ws/index.gmi', '=> my notes.gmi My notes\n');
		assert.deepEqual(codes(diags), ['link.unencoded-space']);
		assert.deepEqual(diags[0].range, { start: { line: 0, character: 3 }, end: { line: 0, character: 15 } });
	});

	it('finds a spaced name beside the URL\'s, in a folder of the link\'s own, or after `..`, and only there, in a pass too', async () => {
		// The folder of the second document holds no spaced name: its guesses are settled from the listing alone.
		const files = { '/ws/my page.gmi': '', '/ws/a/b c/d.gmi': '', '/ws/x/p.gmi': '', '/ws/x/q r.png': '', '/ws/z/p.gmi': '', '/ws/z/my%20y%.gmi': '' };
		const texts: [string, string][] = [
			['/ws/index.gmi', '=> my page.gmi\n=> a/b c/d.gmi\n=> x/q r.png\n=> my page.gmi#top\n=> my 50% page.gmi'],
			['/ws/x/index.gmi', '=> my page.gmi\n=> ../my page.gmi\n=> /my page.gmi\n=> q r.png\n=> p.gmi x\n=> my page.gmi/\n=> .. my page.gmi'],
			// No name in z holds a blank, yet guesses that add a segment or an escape can name its files.
			['/ws/z/index.gmi', '=> my page.gmi\n=> my x/../p.gmi\n=> my y%.gmi\n=> ../my page.gmi'],
		];
		const expected = [
			['0 link.unencoded-space', '1 link.unencoded-space', '2 link.unencoded-space', '3 link.missing-file', '4 link.missing-file'],
			['0 link.missing-file', '1 link.unencoded-space', '2 link.unencoded-space', '3 link.unencoded-space', '5 link.missing-file', '6 link.missing-folder-index'],
			['0 link.missing-file', '1 link.unencoded-space', '2 link.unencoded-space', '3 link.unencoded-space'],
		];
		const env = createTestEnv(files);
		const batch = new LinkCheckBatch(env.fileSystem);
		for (const shared of [undefined, batch, batch]) {
			for (const [i, [path, text]] of texts.entries()) {
				const diags = await getLinkDiagnostics(parseGemtext(text), uriOf(path), settingsWith(), shared ? { ...env, batch: shared } : env);
				assert.deepEqual(diags.map((d) => `${d.range.start.line} ${d.code}`), expected[i], path);
			}
		}
	});

	it('reports an unencoded space exactly when the URL joined with the first words of its label names an existing file or folder', async () => {
		const names = ['p.gmi', 'my page.gmi', 'my page two.gmi', 'x y.gmi', 'b c/d.gmi', 'my\tpage.gmi'];
		const folders = ['', 'a/', 'my dir/'];
		const urls = ['my', 'x', 'p.gmi', 'nope', 'b', '../my', 'a/my', 'my dir/x', '/my', '/a/x', 'my%20page', 'a/../my'];
		const labels = ['page.gmi', 'page two.gmi', 'y.gmi', 'label', 'c/d.gmi', 'x/../p.gmi', 'page.gmi more words', '50% y.gmi', 'dir/p.gmi', '\tpage.gmi', 'page two.gmi#x'];
		let reported = 0;
		await fc.assert(fc.asyncProperty(fc.subarray(folders.flatMap((f) => names.map((n) => f + n))), fc.constantFrom(...folders), fc.array(fc.tuple(fc.constantFrom(...urls), fc.constantFrom(...labels)), { minLength: 1, maxLength: 8 }), async (tree, docFolder, links) => {
			const files: Record<string, string> = { '/ws/index.gmi': '' };
			for (const f of tree) files['/ws/' + f] = '';
			const exists = (path: string): boolean => Object.keys(files).some((f) => f === path || f.startsWith(path + '/'));
			const env = createTestEnv(files);
			const doc = '/ws/' + docFolder + 'doc.gmi';
			const text = links.map(([u, l]) => `=> ${u} ${l}`).join('\n');
			const diags = await getLinkDiagnostics(parseGemtext(text), uriOf(doc), settingsWith(), { ...env, batch: new LinkCheckBatch(env.fileSystem) });
			const got = diags.filter((d) => d.code === 'link.unencoded-space').map((d) => `${d.range.start.line}:${d.range.end.character}`);
			// The rule by hand: the URL is missing, and a candidate (URL and first words, up to 5) without `#` or `?` exists.
			const want: string[] = [];
			for (const [i, [u, l]] of links.entries()) {
				const resolve = (p: string): string => {
					const parts = (p.startsWith('/') ? p.slice(1) : docFolder + p).split('/');
					const out: string[] = [];
					for (const part of parts) {
						if (part === '..') out.pop();
						else out.push(part);
					}
					return '/ws/' + out.join('/');
				};
				const decoded = decodeURIComponent(u);
				if (exists(resolve(decoded)) || exists(resolve(decoded) + '.tpl')) continue;
				const rest = `${u} ${l}`;
				const ends = [...rest.matchAll(/[^ \t]+/g)].map((m) => m.index + m[0].length);
				for (let k = 1; k < Math.min(ends.length, 6); k++) {
					const end = ends[k];
					const candidate = rest.slice(0, end);
					if (/[#?]/.test(candidate)) break;
					if (exists(resolve(candidate.replace(/%20/g, ' ')))) {
						want.push(`${i}:${3 + end}`);
						break;
					}
				}
			}
			assert.deepEqual(got, want, text);
			reported += got.length;
		}), { seed: 20261130, numRuns: 300 });
		assert.ok(reported > 50, `${reported} unencoded spaces`);
	});

	it('can be turned off', async () => {
		const env = createTestEnv(CAPSULE);
		assert.deepEqual(await check(env, '/ws/index.gmi', '=> htps://x\n', { malformedUrls: 'ignore' }), []);
	});
});

describe('checkUrl', () => {
	it('accepts well-formed URLs of every common kind', () => {
		for (const url of ['gemini://example.org/', 'gemini://[::1]:1965/x', 'https://u@example.org:8443/a?b#c', 'mailto:a@b.c', 'about.gmi', '/a/b%20c.gmi', 'ü.gmi', 'web+ap:x', 'tel:+123', 'data:text/plain,hi', 'file:///etc/x']) {
			assert.deepEqual(checkUrl(url), [], url);
		}
	});

	it('proposes fixes', () => {
		assert.equal(checkUrl('htps://example.org')[0].fix, 'https://example.org');
		assert.equal(checkUrl('gemini:/example.org/x')[0].fix, 'gemini://example.org/x');
		assert.equal(checkUrl('50%.gmi')[0].fix, '50%25.gmi');
		assert.equal(checkUrl('gemini://host:abc/')[0].code, 'link.missing-host');
	});

	it('has nothing to say about a URL the link check tells plain at a glance (it skips checkUrl for those)', () => {
		const chars = [...'aZ09-._~/#?=&+,;!$\'()*@', ':', '%', ' ', '\t', '\\', '<', '>', '"', '\u0000', '\u0085', '\u00a0', '\u2028', '\u00e9', '[', ']', '|'];
		let plain = 0;
		fc.assert(fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((cs) => cs.join('')), (url) => {
			if (isPlainUrl(url)) {
				plain++;
				assert.deepEqual(checkUrl(url), [], url);
			}
		}), { seed: 20261130, numRuns: 3000 });
		assert.ok(plain > 100, `${plain} plain URLs`);
		assert.ok(isPlainUrl('../topic-14/post-07401.gmi#or-which-keyboard') && !isPlainUrl('gemini://x/') && !isPlainUrl('a%20b') && !isPlainUrl('a b'));
	});

	it('suggests only close schemes', () => {
		assert.equal(suggestScheme('gemeni'), 'gemini');
		assert.equal(suggestScheme('htp'), 'http');
		assert.equal(suggestScheme('qwertyuiop'), undefined);
	});
});

describe('link diagnostics: unreadable folders (issue 8, item 10)', () => {
	it('a link into a folder that cannot be read says so, not that the file does not exist', async () => {
		const env = createTestEnv({ ...CAPSULE, '/ws/locked/secret.gmi': '# Secret\n', '/ws/locked/deep/x.gmi': '' });
		env.fs.makeUnreadable('/ws/locked');
		const diags = await check(env, '/ws/index.gmi', '=> locked/secret.gmi\n=> locked/deep/x.gmi\n=> /locked/secret.gmi\n=> gone/secret.gmi\n');
		assert.deepEqual(diags.map((d) => [d.range.start.line, d.message]), [
			[0, '`locked/secret.gmi` cannot be read: permission denied on `locked`.'],
			[1, '`locked/deep/x.gmi` cannot be read: permission denied on `locked`.'],
			[2, '`/locked/secret.gmi` cannot be read: permission denied on `locked`.'],
			[3, 'No folder `gone/` in `./`, so `gone/secret.gmi` does not exist.'],
		]);
	});

	it('when the folder to look in cannot be listed, stat and explainFailure tell an unreadable file from a missing one', async () => {
		const env = createTestEnv({ ...CAPSULE, '/ws/locked/page.gmi': '', '/ws/locked/secret.gmi': '# Secret\n' });
		env.fs.makeUnreadable('/ws/locked');
		const diags = await check(env, '/ws/locked/page.gmi', '=> secret.gmi\n=> ../none.gmi\n');
		assert.deepEqual(diags.map((d) => d.message), ['`secret.gmi` cannot be read: permission denied on `secret.gmi`.', '`../none.gmi` does not exist.']);
	});
});
