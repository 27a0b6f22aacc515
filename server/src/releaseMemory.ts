/**
 * Hands a long pass's garbage back at once. A pass over the whole capsule (the first index, Check
 * Capsule, the `workspace` scope's pass) leaves tens of megabytes of dead texts and parses in the
 * old generation, which V8 collects late and the process keeps meanwhile: on the 20,000-file
 * benchmark the server stayed up to 25 MB larger through the requests that followed (peaks of 133–151
 * MB against 124–129 MB with a collection after each pass; BENCHMARKS.md, "Workspace scale"). The
 * collection takes 14–18 ms there, once per pass, after the pass has answered.
 *
 * Only where the host exposes V8's collector: the desktop client starts the server with
 * `--expose-gc` (client/src/serverLaunch.ts); elsewhere (another editor's `gemtext lsp`, a web
 * worker) this does nothing.
 */

/** Passes that ended since the last collection: several ending together share one. */
let scheduled = false;

/** Collects garbage once the current turn of the event loop is done (its answers sent), if the host allows it. */
export function releaseMemorySoon(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (typeof gc !== 'function' || typeof setImmediate !== 'function' || scheduled) {
		return;
	}
	scheduled = true;
	setImmediate(() => {
		scheduled = false;
		gc();
	});
}
