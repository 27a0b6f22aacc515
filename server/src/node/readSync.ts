/**
 * The bounded read of one file as text, synchronously (`NodeFileSystem.readText` on local disks).
 * The same rules as `NodeFileSystem.readFile`: only a regular file, of at most `maxSize` bytes,
 * checked on the open descriptor; opened non-blocking, so a FIFO is refused instead of waiting for
 * a writer. Never throws.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** `decodeText`'s decoding (BOM dropped, invalid UTF-8 as U+FFFD); one instance, no stream state between calls. */
const decoder = new TextDecoder('utf-8');

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
				return decoder.decode(buffer.subarray(0, length));
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
