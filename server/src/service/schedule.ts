/**
 * Cooperative scheduling for long runs over large documents. The service runs on the
 * host's one event loop: a 5 MB document's diagnostics computed in one go would hold
 * every other request (outline, hover, completion) until they finish, and a newer edit
 * could not cancel them. Long loops therefore work in time slices and yield between them.
 */

/** Lets the host's event loop run queued work (incoming requests), then resumes. */
export type YieldNow = () => Promise<void>;

/**
 * The portable default: a macrotask. Hosts with a cheaper one inject it (Node's
 * `setImmediate` has no minimum delay, while nested timers may be clamped to 1–4 ms).
 */
export const yieldByTimeout: YieldNow = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Work done between two yields. Small enough that a request arriving meanwhile waits
 * no longer than a typing frame; large enough that the yields themselves cost little.
 */
export const DEFAULT_SLICE_MS = 8;

/**
 * Tracks how long the current slice has run; `pause()` yields once it has run `sliceMs`.
 * Reading the clock is cheap next to a line's work, but callers still ask only every
 * few hundred items.
 */
export class TimeSlicer {
	readonly #yieldNow: YieldNow;
	readonly #sliceMs: number;
	#sliceStart = Date.now();

	constructor(yieldNow: YieldNow = yieldByTimeout, sliceMs = DEFAULT_SLICE_MS) {
		this.#yieldNow = yieldNow;
		this.#sliceMs = sliceMs;
	}

	/** Whether the current slice is used up (the caller should `pause()`). */
	get due(): boolean {
		return Date.now() - this.#sliceStart >= this.#sliceMs;
	}

	/** Yields when the slice is used up; resolves at once (as a microtask) otherwise. */
	async pause(): Promise<void> {
		if (this.due) {
			await this.#yieldNow();
			this.#sliceStart = Date.now();
		}
	}
}
