/**
 * Cooperative scheduling for long runs over large documents. The service runs on the
 * host's one event loop: a 5 MB document's diagnostics computed in one go would hold
 * every other request (outline, hover, completion) until they finish, and a newer edit
 * could not cancel them. Long loops therefore work in time slices and yield between them.
 */
import type { CancellationToken } from './types';

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

	/**
	 * Yields when the slice is used up; resolves at once (as a microtask) otherwise. Loops that
	 * share a slicer (a pass reading a few files at once) share its yield: the slice starts again
	 * once, when they all resume, instead of once per loop, which would run a slice per loop
	 * back to back before the host could take a request.
	 */
	async pause(): Promise<void> {
		if (this.due) {
			this.#yielding ??= this.#yieldNow().then(() => {
				this.#sliceStart = Date.now();
				this.#yielding = undefined;
			});
			await this.#yielding;
		}
	}

	#yielding: Promise<void> | undefined;
}

/**
 * What a synchronous step needs before it can go on: something still being fetched. The caller
 * waits for `ready`, then runs the step again from the start (docs/architecture.md, "Link checks").
 */
export class Later {
	constructor(readonly ready: Promise<unknown>) {}
}

/**
 * A value being fetched, readable synchronously once it is there. A pass over thousands of
 * links asks for the same few folder listings again and again: awaiting each answer costs
 * promise jobs per link, reading a settled one costs nothing.
 */
export class Settling<T> {
	/** Until settled: the promise, and what `now()` hands out to wait on. Dropped then (a pass keeps thousands). */
	#promise: Promise<T> | undefined;
	#later: Later | undefined;
	#state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
	#value: T | undefined;
	#error: unknown;

	constructor(promise: Promise<T>) {
		this.#promise = promise;
		this.#later = new Later(promise.then(
			(value) => {
				this.#state = 'fulfilled';
				this.#value = value;
				this.#settled();
			},
			(error: unknown) => {
				this.#state = 'rejected';
				this.#error = error;
				this.#settled();
			},
		));
	}

	/** The value, for callers that simply wait. */
	get promise(): Promise<T> {
		if (this.#promise) {
			return this.#promise;
		}
		return this.#state === 'rejected' ? Promise.reject(this.#error) : Promise.resolve(this.#value as T);
	}

	/** The value when it has come (a failure is thrown), else what to wait for. */
	now(): T | Later {
		if (this.#state === 'fulfilled') {
			return this.#value as T;
		}
		if (this.#state === 'rejected') {
			throw this.#error;
		}
		return this.#later!;
	}

	#settled(): void {
		this.#promise = undefined;
		this.#later = undefined;
	}
}

/** Runs `step` until it no longer asks to wait; stops (`undefined`) once `token` is cancelled. */
export async function settle<T>(step: () => T | Later, token?: CancellationToken): Promise<T | undefined> {
	for (;;) {
		const result = step();
		if (!(result instanceof Later)) {
			return result;
		}
		await result.ready;
		if (token?.isCancellationRequested) {
			return undefined;
		}
	}
}
