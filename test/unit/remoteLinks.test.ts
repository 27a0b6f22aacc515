/**
 * Remote link checks through the facade (`getRemoteLinkDiagnostics`, `countRemoteLinks`,
 * `createRemoteCheckBatch`), with an in-memory checker injected where the host's network
 * checker goes: which URLs are asked for, when the checker is created at all, ignore globs,
 * cancellation, and how results become diagnostics.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createGemtextService, defaultSettings, type GemtextSettings, type IRemoteChecker, type RemoteCancellation, type RemoteCheckOptions, type RemoteLinkResult, type RemoteLinkStatus, type TextSnapshot } from '../../server/src/service';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

/** Answers from a table (unlisted URLs work), remembers every call; `hold` keeps answers back until released or cancelled. */
class FakeChecker implements IRemoteChecker {
	readonly checked: string[] = [];
	readonly peeked: string[] = [];
	readonly options: RemoteCheckOptions[] = [];
	readonly cache = new Map<string, RemoteLinkResult>();
	hold = false;

	constructor(readonly answers: Readonly<Record<string, Partial<RemoteLinkResult> & { status: RemoteLinkStatus }>> = {}) {}

	peek(url: string): RemoteLinkResult | undefined {
		this.peeked.push(url);
		return this.cache.get(url);
	}

	async check(url: string, options: RemoteCheckOptions): Promise<RemoteLinkResult> {
		this.checked.push(url);
		this.options.push(options);
		const result: RemoteLinkResult = { url, redirects: 0, ...(this.answers[url] ?? { status: 'ok' }) };
		if (!this.hold) {
			this.cache.set(url, result);
			return result;
		}
		return new Promise((resolve) => {
			options.token?.onCancellationRequested?.(() => resolve({ url, status: 'cancelled', redirects: 0 }));
		});
	}
}

class TokenSource {
	readonly #listeners: (() => void)[] = [];
	readonly token: RemoteCancellation & { isCancellationRequested: boolean } = {
		isCancellationRequested: false,
		onCancellationRequested: (listener) => {
			this.#listeners.push(listener);
			return { dispose: () => undefined };
		},
	};

	cancel(): void {
		this.token.isCancellationRequested = true;
		this.#listeners.forEach((l) => l());
	}
}

type Validate = Partial<GemtextSettings['validate']>;

/** `checker: null` is a host that gives none (a browser). */
function setup(validate: Validate = {}, checker: FakeChecker | null = new FakeChecker()) {
	let created = 0;
	const service = createGemtextService({
		fileSystem: new MemoryFileSystem({}),
		logger: { log: () => undefined },
		getSettings: () => ({ ...defaultSettings, validate: { ...defaultSettings.validate, ...validate } }),
		workspaceFolders: [uriOf('/ws')],
		createRemoteChecker: checker ? () => (created++, checker) : undefined,
	});
	return { service, checker: checker ?? new FakeChecker(), created: () => created };
}

function doc(text: string, path = '/ws/index.gmi'): TextSnapshot {
	return { uri: uriOf(path), version: 1, getText: () => text };
}

const LINKS = [
	'# Links',
	'=> gemini://example.org/a#part A gemini page',
	'=> //example.org/b Scheme-relative',
	'=> https://example.com/c HTTPS',
	'=> http://example.com/d HTTP',
	'=> local.gmi Local',
	'=> mailto:me@example.org Mail',
	'=> gopher://example.org/ Gopher',
	'=> gemini:// No host',
].join('\n');

describe('remote links through the service', () => {
	it('checks nothing, and never creates the checker, while remote checks are off (the default)', async () => {
		const { service, checker, created } = setup();
		assert.deepEqual(await service.getRemoteLinkDiagnostics(doc(LINKS)), { diagnostics: [], complete: true });
		assert.deepEqual(await service.getRemoteLinkDiagnostics(doc(LINKS), { cachedOnly: true }), { diagnostics: [], complete: true });
		const off = setup({ remoteLinks: true, enabled: false });
		await off.service.getRemoteLinkDiagnostics(doc(LINKS));
		const ignored = setup({ remoteLinks: true, remoteLinkSeverity: 'ignore' });
		await ignored.service.getRemoteLinkDiagnostics(doc(LINKS));
		assert.deepEqual([created(), off.created(), ignored.created()], [0, 0, 0]);
		assert.deepEqual([...checker.checked, ...off.checker.checked, ...ignored.checker.checked], []);
	});

	it('asks for each gemini, http and https URL without its fragment, with the timeout setting', async () => {
		const { service, checker, created } = setup({ remoteLinks: true, remoteTimeoutMs: 1234 });
		const result = await service.getRemoteLinkDiagnostics(doc(LINKS));
		assert.deepEqual(result, { diagnostics: [], complete: true });
		assert.deepEqual(checker.checked, ['gemini://example.org/a', 'gemini://example.org/b', 'https://example.com/c', 'http://example.com/d']);
		assert.deepEqual(checker.options.map((o) => o.timeoutMs), [1234, 1234, 1234, 1234]);
		assert.equal(created(), 1);
		await service.getRemoteLinkDiagnostics(doc(LINKS));
		assert.equal(created(), 1, 'one checker for the life of the service');
		assert.equal(checker.checked.length, 4, 'the second run answered from the checker\'s cache');
	});

	it('an explicit check (force) runs with the setting off', async () => {
		const { service, checker } = setup({}, new FakeChecker({ 'gemini://example.org/a': { status: 'not-found', code: 51, detail: 'Not found' } }));
		const result = await service.getRemoteLinkDiagnostics(doc(LINKS), { force: true });
		assert.deepEqual(result.diagnostics.map((d) => [d.range.start.line, d.code]), [[1, 'link.remote-not-found']]);
		assert.equal(checker.checked.length, 4);
	});

	it('honours gemtext.validate.ignoredLinks (a `//host/*` glob matches the host under any scheme)', async () => {
		const byUrl = setup({ remoteLinks: true, ignoredLinks: ['https://example.com/**', '//example.org/b'] });
		await byUrl.service.getRemoteLinkDiagnostics(doc(LINKS));
		assert.deepEqual(byUrl.checker.checked, ['gemini://example.org/a', 'http://example.com/d']);
		assert.equal(await byUrl.service.countRemoteLinks([doc(LINKS)]), 2);
		const byHost = setup({ remoteLinks: true, ignoredLinks: ['//example.org/*'] });
		await byHost.service.getRemoteLinkDiagnostics(doc(LINKS));
		assert.deepEqual(byHost.checker.checked, ['https://example.com/c', 'http://example.com/d']);
	});

	it('maps results to link.remote-* diagnostics on the URL, transient failures at most information', async () => {
		const checker = new FakeChecker({
			'gemini://example.org/a': { status: 'gone', code: 52, detail: 'Gone' },
			'gemini://example.org/b': { status: 'timeout' },
			'https://example.com/c': { status: 'not-found', code: 404, detail: 'Not Found', finalUrl: 'https://example.com/c2', redirects: 1 },
			'http://example.com/d': { status: 'temporary', code: 503, detail: 'Service Unavailable' },
		});
		const { service } = setup({ remoteLinks: true, remoteLinkSeverity: 'error' }, checker);
		const { diagnostics } = await service.getRemoteLinkDiagnostics(doc(LINKS));
		assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity, d.code, d.message]), [
			[1, 3, 30, 'error', 'link.remote-gone', 'Gone: the server answers 52 Gone; the page was removed for good.'],
			[2, 3, 18, 'information', 'link.remote-timeout', 'No answer in time.'],
			[3, 3, 24, 'error', 'link.remote-not-found', 'Not found: the server answers 404 Not Found (after redirects to https://example.com/c2).'],
			[4, 3, 23, 'information', 'link.remote-temporary-failure', 'The server answers 503 Service Unavailable: it may work again later.'],
		]);
	});

	it('cachedOnly answers from the checker\'s cache without traffic and says what is missing', async () => {
		const checker = new FakeChecker();
		checker.cache.set('https://example.com/c', { url: 'https://example.com/c', status: 'not-found', code: 404, redirects: 0 });
		const { service } = setup({ remoteLinks: true }, checker);
		const result = await service.getRemoteLinkDiagnostics(doc(LINKS), { cachedOnly: true });
		assert.deepEqual(result.diagnostics.map((d) => d.code), ['link.remote-not-found']);
		assert.equal(result.complete, false);
		assert.deepEqual(checker.checked, []);
		assert.equal(checker.peeked.length, 4);
	});

	it('a cancelled check reports nothing and is incomplete; the checker got the token', async () => {
		const checker = new FakeChecker({ 'gemini://example.org/a': { status: 'not-found', code: 51 } });
		checker.hold = true;
		const { service } = setup({ remoteLinks: true }, checker);
		const source = new TokenSource();
		const pending = service.getRemoteLinkDiagnostics(doc(LINKS), { token: source.token });
		await new Promise<void>((resolve) => setImmediate(resolve));
		assert.equal(checker.checked.length, 4, 'every link is being checked');
		source.cancel();
		assert.deepEqual(await pending, { diagnostics: [], complete: false });
		assert.ok(checker.options.every((o) => o.token === source.token));
	});

	it('a batch counts distinct URLs asked and answered over many documents, cached ones too', async () => {
		const checker = new FakeChecker();
		checker.cache.set('gemini://example.org/a', { url: 'gemini://example.org/a', status: 'ok', redirects: 0 });
		const { service } = setup({}, checker);
		const docs = [doc(LINKS), doc('=> https://example.com/c\n=> gemini://example.org/e\n', '/ws/other.gmi')];
		assert.equal(await service.countRemoteLinks(docs), 5);
		const reports: [number, number][] = [];
		const batch = service.createRemoteCheckBatch((answered, asked) => reports.push([answered, asked]));
		assert.ok(batch);
		await Promise.all(docs.map((d) => service.getRemoteLinkDiagnostics(d, { force: true, batch })));
		assert.deepEqual(reports.at(-1), [5, 5]);
		assert.equal(reports.length, 5, 'each distinct URL once');
		assert.deepEqual([...new Set(checker.checked)].sort(), ['gemini://example.org/b', 'gemini://example.org/e', 'http://example.com/d', 'https://example.com/c']);
	});

	it('without an injected checker (a browser host) there is no batch and no diagnostics', async () => {
		const { service } = setup({ remoteLinks: true }, null);
		assert.equal(service.createRemoteCheckBatch(() => undefined), undefined);
		assert.deepEqual(await service.getRemoteLinkDiagnostics(doc(LINKS), { force: true }), { diagnostics: [], complete: true });
	});
});
