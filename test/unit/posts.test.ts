import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
	formatPostDate,
	formatPublishedAt,
	isDraftName,
	localTimeOf,
	MAX_SLUG_LENGTH,
	newPostFileName,
	newPostText,
	publishedAtEdit,
	publishedNameOfDraft,
	slugify,
	titleProblem,
	type LocalTime,
} from '../../server/src/service/posts';
import type { TextEdit } from '../../server/src/service/types';

const time: LocalTime = { year: 2025, month: 1, day: 15, hour: 0, minute: 16, second: 4, offsetMinutes: 120 };

/** `text` with `edit` applied (lines split on \n, characters as UTF-16 offsets). */
function apply(text: string, edit: TextEdit): string {
	const lines = text.split('\n');
	const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
	return text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
}

describe('posts: dates', () => {
	it('formats the stamp as date --iso-8601=seconds does', () => {
		assert.equal(formatPublishedAt(time), '2025-01-15T00:16:04+02:00');
		assert.equal(formatPublishedAt({ ...time, offsetMinutes: 0 }), '2025-01-15T00:16:04+00:00');
		assert.equal(formatPublishedAt({ ...time, offsetMinutes: -570 }), '2025-01-15T00:16:04-09:30');
		assert.equal(formatPublishedAt({ ...time, offsetMinutes: 345, hour: 23, minute: 5, second: 9, month: 12, day: 3 }), '2025-12-03T23:05:09+05:45');
		assert.equal(formatPostDate(time), '2025-01-15');
	});

	it('reads the local time and offset of a Date', () => {
		const date = new Date(2024, 1, 29, 13, 4, 5);
		const local = localTimeOf(date);
		assert.deepEqual({ ...local, offsetMinutes: 0 }, { year: 2024, month: 2, day: 29, hour: 13, minute: 4, second: 5, offsetMinutes: 0 });
		assert.equal(local.offsetMinutes, 0 - date.getTimezoneOffset());
	});
});

describe('posts: slugs as foo.zone names its posts', () => {
	it('matches real post names', () => {
		// Title → name pairs from foo.zone's gemfeed (../shared/golden/templates).
		const pairs: [string, string][] = [
			['Perl Poetry', 'perl-poetry'],
			['Perl Daemon (Service Framework)', 'perl-daemon-service-framework'],
			["After a bad night's sleep", 'after-a-bad-nights-sleep'],
			["Gemtexter 1.1.0 - Let's Gemtext again", 'gemtexter-1.1.0-lets-gemtext-again'],
			['"The Stoic Challenge" book notes', 'the-stoic-challenge-book-notes'],
			['Welcome to the foo.zone', 'welcome-to-the-foo.zone'],
			['Random Weird Things - Part Ⅱ', 'random-weird-things-part-ii'],
			["'A Monk's Guide to Happiness' book notes", 'a-monks-guide-to-happiness-book-notes'],
			['How to stay sane as a DevOps person ', 'how-to-stay-sane-as-a-devops-person'],
		];
		for (const [title, slug] of pairs) {
			assert.equal(slugify(title), slug, title);
		}
	});

	it('transliterates accents and letters without decomposition', () => {
		assert.equal(slugify('Café Crème à Zürich'), 'cafe-creme-a-zurich');
		assert.equal(slugify('Straße, Ærø og Łódź'), 'strasse-aero-og-lodz');
		assert.equal(slugify('Ｆｕｌｌ　ｗｉｄｔｈ'), 'full-width');
		assert.equal(slugify('Don’t panic'), 'dont-panic');
	});

	it('keeps a dot only between letters or digits', () => {
		assert.equal(slugify('Version 2.0. Done.'), 'version-2.0-done');
		assert.equal(slugify('...dots...'), 'dots');
	});

	it('is empty when nothing maps to ASCII, and cut at a word boundary when long', () => {
		assert.equal(slugify('日本語'), '');
		assert.equal(slugify('!!!'), '');
		const long = slugify('word '.repeat(40));
		assert.ok(long.length <= MAX_SLUG_LENGTH && long.length > MAX_SLUG_LENGTH - 5, long);
		assert.match(long, /^(word-)+word$/);
	});

	it('explains titles that cannot name a post', () => {
		assert.equal(titleProblem('  '), 'The post needs a title.');
		assert.match(titleProblem('日本語') ?? '', /letter or a digit/);
		assert.match(titleProblem('a\nb') ?? '', /one line/);
		assert.equal(titleProblem('Hello'), undefined);
	});
});

describe('posts: file names', () => {
	it('names a post by date and slug, a draft with DRAFT-', () => {
		assert.equal(newPostFileName({ title: 'Hello World', time, draft: false, extension: '.gmi.tpl' }), '2025-01-15-hello-world.gmi.tpl');
		assert.equal(newPostFileName({ title: 'Hello World', time, draft: false, extension: '.gmi' }), '2025-01-15-hello-world.gmi');
		assert.equal(newPostFileName({ title: 'Hello World', time, draft: true, extension: '.gmi.tpl' }), 'DRAFT-hello-world.gmi.tpl');
	});

	it('numbers the slug instead of overwriting, counting a template and its page as one name', () => {
		const existing = ['2025-01-15-hello-world.gmi', '2025-01-15-hello-world-2.gmi.tpl', 'index.gmi'];
		assert.equal(newPostFileName({ title: 'Hello World', time, draft: false, extension: '.gmi.tpl', existing }), '2025-01-15-hello-world-3.gmi.tpl');
		assert.equal(newPostFileName({ title: 'Hello', time, draft: false, extension: '.gmi', existing }), '2025-01-15-hello.gmi');
		assert.equal(newPostFileName({ title: 'x', time, draft: true, extension: '.gmi', existing: ['DRAFT-X.gmi.tpl'] }), 'DRAFT-x-2.gmi');
	});

	it('writes the title, a blank line, the stamp and a blank line, with the cursor after them', () => {
		const { text, cursorLine } = newPostText('  Hello World ', time);
		assert.equal(text, '# Hello World\n\n> Published at 2025-01-15T00:16:04+02:00\n\n');
		assert.equal(text.split('\n').length - 1, cursorLine);
	});
});

describe('posts: drafts', () => {
	it('knows a draft by DRAFT- anywhere in the name, as the feed does', () => {
		assert.equal(isDraftName('DRAFT-x.gmi'), true);
		assert.equal(isDraftName('2025-01-15-DRAFT-x.gmi'), true);
		assert.equal(isDraftName('DRAFT.gmi'), false);
		assert.equal(isDraftName('2025-01-15-x.gmi'), false);
	});

	it('publishes a draft under the publishing date', () => {
		assert.equal(publishedNameOfDraft('DRAFT-hello-world.gmi.tpl', time), '2025-01-15-hello-world.gmi.tpl');
		assert.equal(publishedNameOfDraft('DRAFT-hello-world.gmi', time), '2025-01-15-hello-world.gmi');
		assert.equal(publishedNameOfDraft('DRAFT-2024-12-01-old-date.gmi', time), '2025-01-15-old-date.gmi');
		assert.equal(publishedNameOfDraft('2024-12-01-DRAFT-late.gmi', time), '2025-01-15-late.gmi');
		assert.equal(publishedNameOfDraft('hello.gmi', time), undefined);
		assert.equal(publishedNameOfDraft('DRAFT-.gmi', time), undefined);
	});
});

describe('posts: the Published at stamp', () => {
	const stamp = '> Published at 2025-01-15T00:16:04+02:00';

	it('replaces the stamp Gemtexter reads', () => {
		const text = '# T\n\n> Published at 2020-01-01T00:00:00+00:00\n\nBody\n';
		assert.equal(apply(text, publishedAtEdit(text, time)), `# T\n\n${stamp}\n\nBody\n`);
		const crlf = '# T\r\n\r\n> Published at old\r\n\r\nBody\r\n';
		assert.equal(apply(crlf, publishedAtEdit(crlf, time)), `# T\r\n\r\n${stamp}\r\n\r\nBody\r\n`);
	});

	it('inserts a missing stamp after the first line starting with #, as Gemtexter does', () => {
		const text = 'intro\n# T\n\nBody\n';
		assert.equal(apply(text, publishedAtEdit(text, time)), `intro\n# T\n\n${stamp}\n\nBody\n`);
		const crlf = '# T\r\nBody\r\n';
		assert.equal(apply(crlf, publishedAtEdit(crlf, time)), `# T\r\n\r\n${stamp}\r\nBody\r\n`);
	});

	it('inserts one when the only stamp is below the 10 lines Gemtexter reads', () => {
		const text = `# T\n${'x\n'.repeat(10)}> Published at old\n`;
		assert.equal(apply(text, publishedAtEdit(text, time)), `# T\n\n${stamp}\n${'x\n'.repeat(10)}> Published at old\n`);
	});

	it('appends the stamp to a document without a heading', () => {
		assert.equal(apply('body\n', publishedAtEdit('body\n', time)), `body\n\n${stamp}\n`);
		assert.equal(apply('body', publishedAtEdit('body', time)), `body\n\n${stamp}\n`);
		assert.equal(apply('', publishedAtEdit('', time)), `${stamp}\n`);
	});
});
