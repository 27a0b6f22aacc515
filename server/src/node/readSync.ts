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
			if (n === 0) {
				break;
			}
			length += n;
			if (length === s.size && s.size > 0) {
				// What was checked is read: no further call to learn the end.
				break;
			}
			if (length === capacity) {
				if (length > maxSize) {
					return undefined;
				}
				break;
			}
		}
		return decoder.decode(buffer.subarray(0, length));
	} catch {
		return undefined;
	} finally {
		closeSync(fd);
	}
}
