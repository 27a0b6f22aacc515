/**
 * A writable that hands what is written to it during one turn of the event loop to its target in
 * one write. vscode-jsonrpc writes each message as two chunks (header, body), and a pass publishing
 * the problems of thousands of files writes thousands of messages: on a pipe every chunk is a
 * system call of its own (about 15 µs), a tenth of a Check Capsule's time. Gathered, they take a
 * few hundred.
 *
 * Nothing waits longer than the JavaScript already running: the chunks go out once the current
 * task and its promise callbacks are done (`setImmediate`: vscode-jsonrpc awaits each chunk's
 * callback, which Node calls on the next tick, so a flush on the next tick would send headers
 * alone). Backpressure is kept: while the target
 * wants draining, the latest write's callback waits for `drain`, so the writer's own queue fills up
 * instead of memory. A target's error or close ends this stream too.
 */
import { Writable } from 'node:stream';

/** Gathered bytes above which they go out at once, without waiting for the tick to end. */
const FLUSH_BYTES = 1024 * 1024;

export class CoalescingWriter extends Writable {
	readonly #target: NodeJS.WritableStream;
	#chunks: Buffer[] = [];
	#bytes = 0;
	#scheduled = false;
	/** The callback of a write made while the target wanted draining: called on `drain`. */
	#held: (() => void) | undefined;
	#draining = false;

	constructor(target: NodeJS.WritableStream) {
		super({ decodeStrings: true });
		this.#target = target;
		target.on('error', (error: Error) => this.destroy(error));
		target.on('close', () => this.destroy());
	}

	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.#chunks.push(chunk);
		this.#bytes += chunk.length;
		if (this.#bytes >= FLUSH_BYTES) {
			this.flush();
		} else if (!this.#scheduled) {
			this.#scheduled = true;
			setImmediate(() => this.flush());
		}
		if (this.#draining) {
			this.#held = () => callback();
		} else {
			callback();
		}
	}

	override _final(callback: (error?: Error | null) => void): void {
		this.flush();
		callback();
	}

	/** Hands what was gathered to the target now (also before the process exits). */
	flush(): void {
		this.#scheduled = false;
		if (this.#chunks.length === 0 || this.destroyed) {
			return;
		}
		const data = this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks, this.#bytes);
		this.#chunks = [];
		this.#bytes = 0;
		if (!this.#target.write(data) && !this.#draining) {
			this.#draining = true;
			this.#target.once('drain', () => {
				this.#draining = false;
				const held = this.#held;
				this.#held = undefined;
				held?.();
			});
		}
	}
}
