/**
 * The remote-link checker against servers this test starts on 127.0.0.1: a Gemini server
 * on node:tls with a self-signed certificate, and an HTTP server. No other network.
 */
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HostLimiter, RemoteChecker } from '../../server/src/remote/checker';
import type { TransportResult } from '../../server/src/remote/transport';
import { parseGemtext } from '../../server/src/service/parser';
import { collectRemoteLinks, getRemoteLinkDiagnostics, type IRemoteChecker, remoteUrlOf } from '../../server/src/service/remote';
import { defaultSettings, type GemtextSettings } from '../../server/src/service/workspace';
import { GeminiTestServer, HttpTestServer } from './loopbackServers';

const TIMEOUT = { timeoutMs: 5_000 };

function settings(validate: Partial<GemtextSettings['validate']>): GemtextSettings {
	return { ...defaultSettings, validate: { ...defaultSettings.validate, ...validate } };
}

/** A cancellation token whose `cancel()` fires its listeners, like an LSP token source's. */
function tokenSource() {
	const listeners: (() => void)[] = [];
	const token = {
		isCancellationRequested: false,
		onCancellationRequested(listener: () => void) {
			listeners.push(listener);
			return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
		},
	};
	return { token, cancel: () => { token.isCancellationRequested = true; [...listeners].forEach((l) => l()); } };
}

/** Releasable answers: `hold()` gives a promise the test resolves later with `release*()`. */
class Gate {
	readonly #pending: ((text: string) => void)[] = [];
	hold(): Promise<string> {
		return new Promise((resolve) => this.#pending.push(resolve));
	}
	get held(): number {
		return this.#pending.length;
	}
	releaseAll(text: string): void {
		this.#pending.splice(0).forEach((r) => r(text));
	}
	releaseOne(text: string): void {
		this.#pending.shift()?.(text);
	}
}

describe('Gemini checks', { timeout: 30_000 }, () => {
	let gemini: GeminiTestServer;
	const gate = new Gate();

	before(async () => {
		gemini = await GeminiTestServer.start((url) => {
			const path = new URL(url).pathname;
			const loop = /^\/chain\/(\d+)$/.exec(path);
			if (loop) return `31 /chain/${Number(loop[1]) + 1}\r\n`;
			switch (path) {
				case '/ok': return '20 text/gemini\r\n# Hello\n';
				case '/r1': return '31 /r2\r\n';
				case '/r2': return '30 r3\r\n';
				case '/r3': return `31 gemini://127.0.0.1:${gemini.port}/ok\r\n`;
				case '/a': return '31 /b\r\n';
				case '/b': return '31 /a\r\n';
				case '/missing': return '51 Not found\r\n';
				case '/gone': return '52 Gone\r\n';
				case '/busy': return '44 60\r\n';
				case '/unavailable': return '40 Try later\r\n';
				case '/bad': return '59 Bad request\r\n';
				case '/search': return '10 Search terms\r\n';
				case '/cert': return '60 Certificate required\r\n';
				case '/garbage': return 'HTTP/1.1 200 OK\r\n';
				case '/hang': return null;
				case '/held': return gate.hold();
				default: return '51 Not found\r\n';
			}
		});
	});

	after(() => gemini.close());

	it('20 is ok, and the socket is closed', async () => {
		const checker = new RemoteChecker();
		const result = await checker.check(gemini.url('/ok'), TIMEOUT);
		assert.deepEqual(result, { url: gemini.url('/ok'), status: 'ok', code: 20, detail: 'text/gemini', finalUrl: undefined, redirects: 0 });
		await gemini.until(() => gemini.closedConnections === gemini.connections);
	});

	it('sends the URL without its fragment', async () => {
		const before = gemini.requests.length;
		await new RemoteChecker().check(gemini.url('/ok#part'), TIMEOUT);
		assert.deepEqual(gemini.requests.slice(before), [gemini.url('/ok')]);
	});

	it('follows a chain of 31 and 30 redirects, relative ones resolved', async () => {
		const result = await new RemoteChecker().check(gemini.url('/r1'), TIMEOUT);
		assert.equal(result.status, 'ok');
		assert.equal(result.code, 20);
		assert.equal(result.redirects, 3);
		assert.equal(result.finalUrl, gemini.url('/ok'));
	});

	it('stops an endless chain of redirects at the limit', async () => {
		const before = gemini.requests.length;
		const result = await new RemoteChecker({ maxRedirects: 5 }).check(gemini.url('/chain/0'), TIMEOUT);
		assert.equal(result.status, 'redirect-limit');
		// The first request and five redirects; the sixth redirect is not followed.
		assert.equal(gemini.requests.length - before, 6);
		assert.equal(result.redirects, 6);
		assert.match(result.detail ?? '', /more than 5/);
	});

	it('stops a redirect loop as soon as it comes back', async () => {
		const before = gemini.requests.length;
		const result = await new RemoteChecker().check(gemini.url('/a'), TIMEOUT);
		assert.equal(result.status, 'redirect-limit');
		assert.match(result.detail ?? '', /loop back to gemini:\/\/127\.0\.0\.1:\d+\/a/);
		assert.equal(gemini.requests.length - before, 2);
	});

	it('maps every status family', async () => {
		const checker = new RemoteChecker();
		const expect: [string, string, number | undefined][] = [
			['/missing', 'not-found', 51],
			['/gone', 'gone', 52],
			['/busy', 'temporary', 44],
			['/unavailable', 'temporary', 40],
			['/bad', 'failure', 59],
			['/search', 'ok', 10],
			['/cert', 'ok', 60],
			['/garbage', 'invalid-response', undefined],
		];
		const results = await Promise.all(expect.map(([path]) => checker.check(gemini.url(path), TIMEOUT)));
		assert.deepEqual(results.map((r) => [new URL(r.url).pathname, r.status, r.code]), expect);
		assert.equal(results[0].detail, 'Not found');
	});

	it('times out on a server that never answers, and closes the socket', async () => {
		const closedBefore = gemini.closedConnections;
		const result = await new RemoteChecker().check(gemini.url('/hang'), { timeoutMs: 200 });
		assert.equal(result.status, 'timeout');
		await gemini.until(() => gemini.closedConnections > closedBefore);
	});

	it('reports a refused connection as unreachable', async () => {
		const probe = createServer().listen(0, '127.0.0.1');
		await once(probe, 'listening');
		const port = (probe.address() as AddressInfo).port;
		probe.close();
		await once(probe, 'close');
		const result = await new RemoteChecker().check(`gemini://127.0.0.1:${port}/`, TIMEOUT);
		assert.equal(result.status, 'unreachable');
		assert.match(result.detail ?? '', /ECONNREFUSED/);
	});

	it('answers from the cache until the entry expires', async () => {
		let now = 1_000;
		const checker = new RemoteChecker({ cacheTtlMs: 60_000, now: () => now });
		const url = gemini.url('/ok?cache');
		const count = () => gemini.requests.filter((r) => r === url).length;
		assert.equal(checker.peek(url), undefined);
		await checker.check(url, TIMEOUT);
		await checker.check(url, TIMEOUT);
		await checker.check(url + '#fragment', TIMEOUT);
		assert.equal(count(), 1);
		assert.equal(checker.peek(url)?.status, 'ok');
		now += 60_001;
		assert.equal(checker.peek(url), undefined);
		await checker.check(url, TIMEOUT);
		assert.equal(count(), 2);
	});

	it('shares one request between concurrent checks of a URL', async () => {
		const url = gemini.url('/ok?shared');
		const checker = new RemoteChecker();
		const results = await Promise.all([1, 2, 3, 4].map(() => checker.check(url, TIMEOUT)));
		assert.ok(results.every((r) => r.status === 'ok'));
		assert.equal(gemini.requests.filter((r) => r === url).length, 1);
	});

	it('drops a queued check when its token fires, and aborts a running one', async () => {
		const checker = new RemoteChecker({ maxPerHost: 1 });
		const first = checker.check(gemini.url('/held'), TIMEOUT);
		const source = tokenSource();
		const queued = checker.check(gemini.url('/ok?queued'), { ...TIMEOUT, token: source.token });
		await gemini.until(() => gate.held === 1);
		source.cancel();
		assert.equal((await queued).status, 'cancelled');
		gate.releaseOne('20 text/gemini\r\n');
		assert.equal((await first).status, 'ok');
		// FIFO: had the cancelled check stayed queued, it would be requested before this one.
		await checker.check(gemini.url('/ok?after'), TIMEOUT);
		assert.ok(!gemini.requests.includes(gemini.url('/ok?queued')));
		assert.ok(gemini.requests.includes(gemini.url('/ok?after')));

		const running = tokenSource();
		const closedBefore = gemini.closedConnections;
		const hanging = checker.check(gemini.url('/hang?cancel'), { ...TIMEOUT, token: running.token });
		await gemini.until(() => gemini.requests.includes(gemini.url('/hang?cancel')));
		running.cancel();
		assert.equal((await hanging).status, 'cancelled');
		await gemini.until(() => gemini.closedConnections > closedBefore);
		// A cancelled result is not cached.
		assert.equal(checker.peek(gemini.url('/hang?cancel')), undefined);
	});
});

describe('bounded concurrency', { timeout: 30_000 }, () => {
	it('HostLimiter never runs more than max overall or perHost per host', async () => {
		const limiter = new HostLimiter(3, 2);
		const running: { host: string; finish: () => void }[] = [];
		let maxTotal = 0;
		const maxPerHost = new Map<string, number>();
		const signal = new AbortController().signal;
		const task = (host: string) => () => new Promise<TransportResult>((resolve) => {
			running.push({ host, finish: () => resolve({ kind: 'response', code: 20, detail: '' }) });
			maxTotal = Math.max(maxTotal, running.length);
			maxPerHost.set(host, Math.max(maxPerHost.get(host) ?? 0, running.filter((r) => r.host === host).length));
		});
		const all = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c'].map((h) => limiter.run(h, signal, task(h)));
		assert.deepEqual(running.map((r) => r.host), ['a', 'a', 'b']);
		while (running.length > 0) {
			running.shift()!.finish();
			await nextTurn();
		}
		await Promise.all(all);
		assert.equal(maxTotal, 3);
		assert.deepEqual(Object.fromEntries(maxPerHost), { a: 2, b: 2, c: 1 });
	});

	it('keeps to the bounds against real servers (held requests counted server-side)', async () => {
		const gates = [new Gate(), new Gate()];
		const servers = await Promise.all(gates.map((g) => GeminiTestServer.start(() => g.hold())));
		const held = (): number => gates[0].held + gates[1].held;
		try {
			const checker = new RemoteChecker({ maxConcurrency: 3, maxPerHost: 2 });
			const checks = servers.flatMap((s) => [1, 2, 3, 4, 5].map((i) => checker.check(s.url(`/page${i}`), TIMEOUT)));
			let maxHeld = 0;
			let maxPerServer = 0;
			const unfinished = [5, 5];
			for (let answered = 0; answered < 10; answered++) {
				// Wait until the checker has filled every slot the bounds allow, then free one.
				const fill = Math.min(3, Math.min(2, unfinished[0]) + Math.min(2, unfinished[1]));
				while (held() < fill) {
					await Promise.race(servers.map((s) => once(s, 'request')));
				}
				maxHeld = Math.max(maxHeld, held());
				maxPerServer = Math.max(maxPerServer, gates[0].held, gates[1].held);
				const i = gates[0].held > 0 ? 0 : 1;
				unfinished[i]--;
				gates[i].releaseOne('20 text/gemini\r\n');
			}
			const results = await Promise.all(checks);
			assert.ok(results.every((r) => r.status === 'ok'), JSON.stringify(results));
			assert.equal(maxHeld, 3);
			assert.equal(maxPerServer, 2);
		} finally {
			await Promise.all(servers.map((s) => s.close()));
		}
	});
});

describe('HTTP checks', { timeout: 30_000 }, () => {
	let http: HttpTestServer;
	let gemini: GeminiTestServer;

	before(async () => {
		gemini = await GeminiTestServer.start(() => '20 text/gemini\r\n');
		http = await HttpTestServer.start((req, res) => {
			const path = req.url ?? '/';
			if (path === '/ok') { res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>'); return; }
			if (path === '/no-head') { res.writeHead(req.method === 'HEAD' ? 405 : 200).end(); return; }
			if (path === '/missing') { res.writeHead(404).end('not here'); return; }
			if (path === '/gone') { res.writeHead(410).end(); return; }
			if (path === '/down') { res.writeHead(503).end(); return; }
			if (path === '/teapot') { res.writeHead(418).end(); return; }
			if (path === '/moved') { res.writeHead(301, { location: '/ok' }).end(); return; }
			if (path === '/to-gemini') { res.writeHead(302, { location: gemini.url('/') }).end(); return; }
			if (path === '/loop') { res.writeHead(302, { location: '/loop' }).end(); return; }
			if (path === '/hang') { return; }
			res.writeHead(404).end();
		});
	});

	after(async () => {
		await http.close();
		await gemini.close();
	});

	it('uses HEAD, and GET only when HEAD fails', async () => {
		const checker = new RemoteChecker();
		const before = http.requests.length;
		assert.equal((await checker.check(http.url('/ok'), TIMEOUT)).status, 'ok');
		const noHead = await checker.check(http.url('/no-head'), TIMEOUT);
		assert.equal(noHead.status, 'ok');
		assert.deepEqual(http.requests.slice(before), ['HEAD /ok', 'HEAD /no-head', 'GET /no-head']);
	});

	it('maps statuses, follows redirects (also to gemini://) and stops loops', async () => {
		const checker = new RemoteChecker();
		const paths = ['/missing', '/gone', '/down', '/teapot', '/moved', '/to-gemini', '/loop'];
		const results = await Promise.all(paths.map((p) => checker.check(http.url(p), TIMEOUT)));
		assert.deepEqual(results.map((r) => [r.status, r.code]), [
			['not-found', 404], ['gone', 410], ['temporary', 503], ['failure', 418], ['ok', 200], ['ok', 20], ['redirect-limit', 302],
		]);
		assert.equal(results[4].finalUrl, http.url('/ok'));
		assert.equal(results[5].finalUrl, gemini.url('/'));
	});

	it('times out on a server that never answers, and closes the connection', async () => {
		const closedBefore = http.closedConnections;
		const result = await new RemoteChecker().check(http.url('/hang'), { timeoutMs: 200 });
		assert.equal(result.status, 'timeout');
		await http.until(() => http.closedConnections > closedBefore);
	});
});

describe('remote link diagnostics (service side)', () => {
	const doc = parseGemtext([
		'# Links',
		'=> gemini://example.org/missing Missing',
		'=> https://example.org/ok',
		'=> //example.org/net-path',
		'=> local.gmi',
		'=> mailto:me@example.org',
		'=> gemini://example.org/skip Skipped by a glob',
		'```',
		'=> gemini://example.org/in-pre',
		'```',
	].join('\n'));

	/** A checker that records calls and answers from a table. */
	function fakeChecker(table: Record<string, 'ok' | 'not-found' | 'timeout'>) {
		const calls: string[] = [];
		const checker: IRemoteChecker = {
			check: async (url) => {
				calls.push(url);
				return { url, status: table[url] ?? 'ok', code: table[url] === 'not-found' ? 51 : undefined, detail: table[url] === 'not-found' ? 'Not found' : undefined, redirects: 0 };
			},
			peek: () => undefined,
		};
		return { checker, calls };
	}

	it('picks gemini and http(s) links outside ``` blocks, minus ignored ones', () => {
		const links = collectRemoteLinks(doc, settings({ ignoredLinks: ['**/skip'] }));
		assert.deepEqual(links.map((l) => [l.line.line, l.url]), [
			[1, 'gemini://example.org/missing'],
			[2, 'https://example.org/ok'],
			[3, 'gemini://example.org/net-path'],
		]);
		assert.equal(remoteUrlOf('gemini://'), undefined);
		assert.equal(remoteUrlOf('htps://x'), undefined);
		assert.equal(remoteUrlOf('HTTPS://Example.org/a#b'), 'HTTPS://Example.org/a');
	});

	it('never asks for a checker while remoteLinks is off (the default)', async () => {
		let created = 0;
		const result = await getRemoteLinkDiagnostics(doc, defaultSettings, () => { created++; return fakeChecker({}).checker; });
		assert.deepEqual(result, { diagnostics: [], complete: true });
		assert.equal(created, 0);
		const disabled = await getRemoteLinkDiagnostics(doc, settings({ remoteLinks: true, enabled: false }), () => { created++; return undefined; });
		assert.deepEqual(disabled.diagnostics, []);
		assert.equal(created, 0);
	});

	it('maps results to link.remote-* diagnostics, transient ones capped at information', async () => {
		const { checker, calls } = fakeChecker({ 'gemini://example.org/missing': 'not-found', 'https://example.org/ok': 'ok', 'gemini://example.org/net-path': 'timeout' });
		const result = await getRemoteLinkDiagnostics(doc, settings({ remoteLinks: true, remoteLinkSeverity: 'error' }), () => checker);
		assert.equal(calls.length, 4);
		assert.equal(result.complete, true);
		assert.deepEqual(result.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity, d.code]), [
			[1, 3, 31, 'error', 'link.remote-not-found'],
			[3, 3, 25, 'information', 'link.remote-timeout'],
		]);
		assert.equal(result.diagnostics[0].message, 'Not found: the server answers 51 Not found.');
	});

	it('cachedOnly uses what the checker holds and says what is missing', async () => {
		const held = { url: 'gemini://example.org/missing', status: 'not-found' as const, code: 51, redirects: 0 };
		let checks = 0;
		const checker: IRemoteChecker = { check: async (url) => { checks++; return { url, status: 'ok', redirects: 0 }; }, peek: (url) => (url === held.url ? held : undefined) };
		const result = await getRemoteLinkDiagnostics(doc, settings({ remoteLinks: true }), () => checker, { cachedOnly: true });
		assert.equal(checks, 0);
		assert.equal(result.complete, false);
		assert.deepEqual(result.diagnostics.map((d) => d.code), ['link.remote-not-found']);
	});
});
