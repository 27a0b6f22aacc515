// What the end-to-end suites share: the extension under test, the fixture workspace, and waiting on
// diagnostics by event (never a sleep; a timeout only bounds a failing run and says what was there).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Whether a file or folder exists: the extension's own helper. */
export { exists } from '../../client/src/files';

export const EXTENSION_ID = 'gemtext-tools.gemtext-vscode';

/** Activates the extension under development and returns its API (resolves once the server is up). */
export async function activateExtension<T = unknown>(): Promise<T> {
	const extension = vscode.extensions.getExtension<T>(EXTENSION_ID);
	assert.ok(extension, `${EXTENSION_ID} is loaded as the extension under development`);
	const api = await extension.activate();
	assert.equal(extension.isActive, true);
	return api;
}

/** A URI in the fresh copy of the fixture workspace that scripts/e2e/run.mjs opens. */
export function workspaceUri(...segments: string[]): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the e2e run opens the fixture workspace');
	return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
	await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export const codeOf = (d: vscode.Diagnostic): string | number | undefined => (typeof d.code === 'object' ? d.code.value : d.code);

/**
 * Resolves with the diagnostics of `uri` once `ready` accepts them. Listens to
 * onDidChangeDiagnostics (subscribed before the first check, so no change is missed).
 */
export function waitForDiagnostics(uri: vscode.Uri, ready: (ds: readonly vscode.Diagnostic[]) => boolean, timeoutMs: number): Promise<vscode.Diagnostic[]> {
	return new Promise((resolve, reject) => {
		const check = (): boolean => {
			const ds = vscode.languages.getDiagnostics(uri);
			if (!ready(ds)) return false;
			done();
			resolve(ds);
			return true;
		};
		const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
			if (e.uris.some((u) => u.toString() === uri.toString())) check();
		});
		const timer = setTimeout(() => {
			done();
			const seen = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line}`);
			reject(new Error(`no matching diagnostics for ${uri.toString()} within ${timeoutMs} ms; present: [${seen.join(', ')}]`));
		}, timeoutMs);
		function done(): void {
			clearTimeout(timer);
			subscription.dispose();
		}
		check();
	});
}

/** Whether dotted version `a` is at least `b` (numeric parts, e.g. '1.100.3' >= '1.100.0'). */
export function versionAtLeast(a: string, b: string): boolean {
	const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
	const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) return d > 0;
	}
	return true;
}

/**
 * For a test that needs a VS Code newer than the oldest one the suite runs on (scripts/e2e/run.mjs
 * --vscode min): skips it on older versions, saying why in its title, which the report shows. Call
 * first thing in a `function () {}` test (not an arrow function: mocha's `this` is the context).
 */
export function requireVSCode(context: Mocha.Context, version: string, why: string): void {
	if (versionAtLeast(vscode.version, version)) return;
	if (context.test) context.test.title += ` [skipped on VS Code ${vscode.version}: needs ${version} for ${why}]`;
	context.skip();
}

/**
 * Resolves with `check`'s value once it is defined, checked at once and again on every firing of
 * `events` (with that event's payload). The timeout only bounds a failing run; `what` says what was
 * awaited and what was there instead.
 */
export function waitForEvent<T, E = unknown>(
	events: vscode.Event<E> | readonly vscode.Event<E>[],
	check: (event?: E) => T | undefined,
	what: () => string,
	timeoutMs = 60_000,
): Promise<T> {
	return new Promise((resolve, reject) => {
		const subscriptions: vscode.Disposable[] = [];
		const timer = setTimeout(() => {
			done();
			reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`));
		}, timeoutMs);
		function done(): void {
			clearTimeout(timer);
			for (const s of subscriptions) s.dispose();
		}
		const attempt = (event?: E): boolean => {
			const value = check(event);
			if (value === undefined) return false;
			done();
			resolve(value);
			return true;
		};
		if (attempt()) return;
		for (const event of Array.isArray(events) ? events : [events]) {
			subscriptions.push((event as vscode.Event<E>)((e) => void attempt(e)));
		}
	});
}

/** Resolves with the document's text once `ready` accepts it (edits arrive as change events). */
export function waitForText(document: vscode.TextDocument, ready: (text: string) => boolean, timeoutMs?: number): Promise<string> {
	return waitForEvent(
		vscode.workspace.onDidChangeTextDocument,
		() => (ready(document.getText()) ? document.getText() : undefined),
		() => `the text of ${document.uri.toString()} to match; it is:\n${document.getText()}`,
		timeoutMs,
	);
}

/**
 * The first render of `uri` the preview's webview acknowledges that satisfies `ready`. The first
 * render also waits for the language server and the webview to start: on a loaded machine that has
 * taken close to 30 s, hence the longer bound.
 */
export function waitForRender<E extends { readonly uri: string; readonly version?: number }>(
	preview: { readonly onDidRender: vscode.Event<E> },
	uri: vscode.Uri,
	ready: (e: E) => boolean,
	timeoutMs = 90_000,
): Promise<E> {
	const seen: string[] = [];
	return waitForEvent(
		preview.onDidRender,
		(e) => {
			if (!e) return undefined;
			seen.push(`${e.uri}@${e.version ?? ''}`);
			return e.uri === uri.toString() && ready(e) ? e : undefined;
		},
		() => `a matching render of ${uri.toString()}; renders seen: [${seen.join(', ')}]`,
		timeoutMs,
	);
}
