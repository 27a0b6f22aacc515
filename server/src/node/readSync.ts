/**
 * The bounded read of one file as text, synchronously (`NodeFileSystem.readText` on local disks).
 * The same rules as `NodeFileSystem.readFile`: only a regular file, of at most `maxSize` bytes,
 * checked on the open descriptor; opened non-blocking, so a FIFO is refused instead of waiting for
 * a writer. Never throws.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { decodeText } from '../service';

/** `readTextSync`'s answer for a symbolic link: its target may be anywhere, so it is not read here. */
export const SYMBOLIC_LINK: unique symbol = Symbol('symbolic link');

/**
 * `path` decoded as UTF-8, or `undefined` when it cannot be read, is no regular file or is
 * larger than `maxSize`; `SYMBOLIC_LINK` when `path` is one (the caller reads it another way).
 * Reads into `scratch` when the file fits (no buffer per file).
 */
export function readTextSync(path: string, maxSize: number, scratch: Uint8Array): string | undefined | typeof SYMBOLIC_LINK {
	let fd: number;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ELOOP' ? SYMBOLIC_LINK : undefined;
	}
	try {
		const s = fstatSync(fd);
		if (!s.isFile() || s.size > maxSize) {
			return undefined;
		}
		// One byte more than allowed: a file that grew past the limit is refused, not cut.
		const capacity = Math.min(s.size, maxSize) + 1;
		const buffer = capacity <= scratch.length ? scratch : new Uint8Array(capacity);
		let length = 0;
		for (;;) {
			const n = readSync(fd, buffer, length, capacity - length, length);
			length += n;
			const next = n === 0 ? 'done' : afterRead(length, s.size, capacity, maxSize);
			if (next === 'refuse') {
				return undefined;
			}
			if (next === 'done') {
				return decodeText(buffer.subarray(0, length));
			}
		}
	} catch {
		return undefined;
	} finally {
		closeSync(fd);
	}
}

/**
 * What a bounded read does once it holds `length` bytes of a file `fstat` said is `size` bytes long,
 * in a buffer of `capacity` (the size, or `maxSize`, plus one byte): stop when what was checked is
 * read (no further call to learn the end: a third of a small file's cost) or the buffer is full,
 * refuse a file that grew past `maxSize` (refused, not cut), else read on.
 */
export function afterRead(length: number, size: number, capacity: number, maxSize: number): 'more' | 'done' | 'refuse' {
	if (length === size && size > 0) {
		return 'done';
	}
	if (length === capacity) {
		return length > maxSize ? 'refuse' : 'done';
	}
	return 'more';
}

/**
 * Synchronous calls between two looks at the process's block input count: each look is a system
 * call that fills a 16-field object (about 10 µs, 2% of a warm check when looked at every 16 calls).
 */
export const CALLS_PER_LOOK = 64;
/**
 * Blocks (512 bytes) read from the device in those calls above which the page cache is cold: four
 * a call on average, while a cold file costs at least 8 (a 4 KiB page). Warm runs see a few pages
 * now and then (up to 72 blocks in 64 calls measured: pages of the program's own mapped files).
 */
const COLD_BLOCKS = 4 * CALLS_PER_LOOK;

/**
 * Tells when synchronous calls are served by the disk, not the page cache: the process's count of
 * block inputs (`getrusage`'s `ru_inblock`, Node's `resourceUsage().fsRead`) stands still while
 * files come from the cache and grows with every file the disk must deliver. Looked at every
 * `CALLS_PER_LOOK` calls (a system call each time), so it costs a fraction of a microsecond per call; a wall-clock
 * measure cannot tell a disk wait from a preemption or a garbage collection inside the call.
 */
export class DiskWaitDetector {
	readonly #blockInputs: () => number;
	#calls = 0;
	#lastBlocks: number;

	/** `blockInputs`: the process's block input count so far (a test gives its own). */
	constructor(blockInputs: () => number = () => process.resourceUsage().fsRead) {
		this.#blockInputs = blockInputs;
		this.#lastBlocks = blockInputs();
	}

	/** Notes a synchronous call; true when the calls since the last look made the disk read (the cache is cold). */
	record(): boolean {
		if (++this.#calls < CALLS_PER_LOOK) {
			return false;
		}
		this.#calls = 0;
		const blocks = this.#blockInputs();
		const cold = blocks - this.#lastBlocks > COLD_BLOCKS;
		this.#lastBlocks = blocks;
		return cold;
	}

	/** Starts counting afresh (after calls went elsewhere for a while). */
	reset(): void {
		this.#calls = 0;
		this.#lastBlocks = this.#blockInputs();
	}
}
