/**
 * `IFileSystem` on Node's `fs`: through the thread pool, or synchronously for files on local disks
 * while the page cache serves them (`readText`, docs/architecture.md "Reading files"). Every failure
 * (missing file, EACCES, EISDIR, a FIFO or device, a file over the size limit, a non-`file:` URI)
 * becomes `undefined`: the service must never see an exception from here. `explainFailure` tells
 * them apart.
 */
import { close, constants, fstat, lstatSync, open, promises as fs, read, stat, statfs, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { URI } from 'vscode-uri';
import { decodeText, DEFAULT_MAX_FILE_SIZE, type FileStat, type FileType, type IFileSystem, type ReadFailure } from '../service';
import { afterRead, DiskWaitDetector, readTextSync, SYMBOLIC_LINK } from './readSync';

/** `readText` reads files up to this size into reused buffers. */
const SCRATCH_SIZE = 64 * 1024;
/** Reused buffers kept: as many as reads in flight at once (the index reads 8 at a time). */
const SCRATCH_BUFFERS = 16;
/** Synchronous reads of files up to this size go through one reused buffer. */
const SYNC_SCRATCH_SIZE = 256 * 1024;

/**
 * Linux file systems that answer from local storage, by `statfs` type (linux/magic.h): ext2/3/4, XFS,
 * Btrfs, tmpfs (and devtmpfs), overlayfs (containers), ZFS, F2FS, bcachefs, ramfs, SquashFS, EROFS,
 * FAT, exFAT, NTFS (ntfs3 and the older driver), HFS+, ISO 9660, UDF, ReiserFS, JFS, NILFS, eCryptfs,
 * proc and sysfs. Anything else (NFS, SMB, FUSE mounts such as sshfs, 9P as in WSL's Windows drives, a
 * type this list does not know) may keep a synchronous read waiting for long: it goes through the
 * thread pool.
 */
const LOCAL_FILE_SYSTEMS = new Set([
	0xef53, 0x58465342, 0x9123683e, 0x01021994, 0x794c7630, 0x2fc12fc1, 0xf2f52010, 0xca451a4e, 0x858458f6, 0x73717368, 0xe0f5e1e2,
	0x4d44, 0x2011bab0, 0x7366746e, 0x5346544e, 0x482b, 0x9660, 0x15013346, 0x52654973, 0x3153464a, 0x3434, 0xf15f, 0x9fa0, 0x62656572,
]);

/** Whether a `statfs` type names a file system that answers from local storage (`LOCAL_FILE_SYSTEMS`). */
export function isLocalFileSystemType(type: number): boolean {
	return LOCAL_FILE_SYSTEMS.has(type);
}

/** How long calls go through the thread pool once the disk was found cold. */
const THREAD_POOL_PERIOD_MS = 2000;

/** Folders whose file system is remembered (beyond it the memory starts over). */
const MAX_KNOWN_FOLDERS = 4096;
/** How long a folder's file system is remembered. */
const KNOWN_FOLDER_MS = 60_000;

export interface NodeFileSystemOptions {
	/**
	 * Whether `readText` and `stat` may work synchronously in folders on local disks (see
	 * `readText`); default true. Off, every call goes through Node's thread pool.
	 */
	readonly syncLocalReads?: boolean;
}

export class NodeFileSystem implements IFileSystem {
	readonly #syncLocalReads: boolean;
	/** Per folder path: whether its files are read synchronously. */
	readonly #localFolders = new Map<string, { readonly until: number; readonly local: Promise<boolean> }>();
	/** The buffer of synchronous reads (one at a time, by definition). */
	#syncScratch: Uint8Array | undefined;
	/** Whether synchronous calls make the disk read (the page cache is cold). */
	readonly #diskWaits = new DiskWaitDetector();
	/** Until this time (ms since the epoch) calls go through the thread pool: the disk was cold. */
	#threadPoolUntil = 0;

	constructor(options: NodeFileSystemOptions = {}) {
		this.#syncLocalReads = (options.syncLocalReads ?? true) && process.platform === 'linux';
	}

	async stat(uri: string): Promise<FileStat | undefined> {
		const path = toPath(uri);
		if (path === undefined) {
			return undefined;
		}
		if (await this.#readsSynchronously(path)) {
			// As `readText`: a check stats every link target its folder listing does not name (a broken
			// link, mostly), and a local disk answers at once. A symbolic link is followed below.
			const known = lstatLocal(path);
			this.#noteSynchronousCall();
			if (known !== SYMBOLIC_LINK) {
				return known;
			}
		}
		// The callback API: a missing file (the common failure, once per broken link) costs a
		// fifth of a rejected `fs.promises.stat`, whose error captures an async stack trace.
		return new Promise((resolve) => {
			stat(path, (error, s) => resolve(error ? undefined : toFileStat(s)));
		});
	}

	async readDirectory(uri: string): Promise<readonly (readonly [string, FileType])[] | undefined> {
		const path = toPath(uri);
		if (path === undefined) {
			return undefined;
		}
		try {
			const entries = await fs.readdir(path, { withFileTypes: true });
			const result: (readonly [string, FileType])[] = [];
			for (const e of entries) {
				if (e.isDirectory()) {
					result.push([e.name, 'directory']);
				} else if (e.isFile()) {
					result.push([e.name, 'file']);
				} else if (e.isSymbolicLink()) {
					// Linked files count; linked folders do not, since a link to an ancestor would loop the walk forever.
					const target = await this.stat(URI.file(join(path, e.name)).toString());
					if (target?.type === 'file') {
						result.push([e.name, 'file']);
					}
				}
			}
			return result;
		} catch {
			return undefined;
		}
	}

	/**
	 * Reads a regular file of at most `maxSize` bytes. It is opened non-blocking (opening a
	 * FIFO would otherwise wait for a writer) and checked on the open descriptor, so what is
	 * read is what was checked; reading stops at `maxSize` even if the file grows meanwhile.
	 */
	async readFile(uri: string, maxSize = DEFAULT_MAX_FILE_SIZE): Promise<Uint8Array | undefined> {
		return this.#read(uri, maxSize, (size) => Buffer.allocUnsafe(size));
	}

	/**
	 * `readFile` decoded, through a few reused buffers: a pass over 20,000 files otherwise leaves
	 * 20,000 buffers outside the JavaScript heap for the garbage collector to find late.
	 */
	async readText(uri: string, maxSize = DEFAULT_MAX_FILE_SIZE): Promise<string | undefined> {
		const path = toPath(uri);
		if (path !== undefined && (await this.#readsSynchronously(path))) {
			// A file on a local disk, mostly in the page cache: reading it synchronously costs a fourth
			// of Node's asynchronous calls (four thread-pool round trips a file), and a pass over a
			// capsule yields between files anyway. A symbolic link may lead anywhere: read below.
			const text = readTextSync(path, maxSize, (this.#syncScratch ??= new Uint8Array(SYNC_SCRATCH_SIZE)));
			this.#noteSynchronousCall();
			if (text !== SYMBOLIC_LINK) {
				return text;
			}
		}
		let scratch: Buffer | undefined;
		const bytes = await this.#read(uri, maxSize, (size) => {
			if (size > SCRATCH_SIZE) {
				return Buffer.allocUnsafe(size);
			}
			scratch = this.#scratch.pop() ?? Buffer.allocUnsafe(SCRATCH_SIZE);
			return scratch;
		});
		try {
			return bytes && decodeText(bytes);
		} finally {
			if (scratch && this.#scratch.length < SCRATCH_BUFFERS) {
				this.#scratch.push(scratch);
			}
		}
	}

	/** Read buffers of `readText`, free for the next read. */
	readonly #scratch: Buffer[] = [];

	async #read(uri: string, maxSize: number, allocate: (size: number) => Buffer): Promise<Uint8Array | undefined> {
		const path = toPath(uri);
		if (path === undefined) {
			return undefined;
		}
		// The callback API: a capsule check reads 20,000 small files, and a `FileHandle` costs
		// about twice the CPU of a bare descriptor per call (open, fstat, read, close).
		// A NUL in the path makes `open` throw rather than call back: a rejection, caught below.
		const fd = await new Promise<number | undefined>((resolve) => open(path, constants.O_RDONLY | constants.O_NONBLOCK, (error, fd) => resolve(error ? undefined : fd))).catch(() => undefined);
		if (fd === undefined) {
			return undefined;
		}
		try {
			const s = await new Promise<Stats | undefined>((resolve) => fstat(fd, (error, stats) => resolve(error ? undefined : stats)));
			if (!s || !s.isFile() || s.size > maxSize) {
				return undefined;
			}
			// One byte more than allowed: a file that grew past the limit is refused, not cut.
			const capacity = Math.min(s.size, maxSize) + 1;
			const buffer = allocate(capacity);
			let length = 0;
			for (;;) {
				const bytesRead = await new Promise<number | undefined>((resolve) => read(fd, buffer, length, capacity - length, length, (error, n) => resolve(error ? undefined : n)));
				if (bytesRead === undefined) {
					return undefined;
				}
				length += bytesRead;
				const next = bytesRead === 0 ? 'done' : afterRead(length, s.size, capacity, maxSize);
				if (next === 'refuse') {
					return undefined;
				}
				if (next === 'done') {
					return buffer.subarray(0, length);
				}
			}
		} catch {
			return undefined;
		} finally {
			close(fd, () => undefined);
		}
	}

	/**
	 * Whether `path` is read (or stat'ed) synchronously now: in a folder on a local disk, unless
	 * recent synchronous calls made the disk read (see `#noteSynchronousCall`).
	 */
	async #readsSynchronously(path: string): Promise<boolean> {
		if (!this.#syncLocalReads || this.#threadPoolUntil > Date.now()) {
			return false;
		}
		if (this.#threadPoolUntil !== 0) {
			// Back from the thread pool, whose reads the count includes: judge only what comes now.
			this.#threadPoolUntil = 0;
			this.#diskWaits.reset();
		}
		return this.#isLocalFolder(dirname(path));
	}

	/**
	 * Notes a synchronous call. Files in the page cache come in microseconds; when the disk must
	 * deliver them, the thread pool's reads, several at once, keep the device busy while this thread
	 * parses (a first index on a cold cache took 1.4-1.5 s read synchronously, 0.9-1.1 s through the
	 * pool). So once synchronous calls make the disk read, calls go through the pool for a while, then
	 * try again.
	 */
	#noteSynchronousCall(): void {
		if (this.#diskWaits.record()) {
			this.#threadPoolUntil = Date.now() + THREAD_POOL_PERIOD_MS;
		}
	}

	/**
	 * Whether files in `folder` may be read synchronously: on Linux, when `statfs` (asked
	 * asynchronously, once a minute per folder) names a file system that answers from local storage
	 * (`LOCAL_FILE_SYSTEMS`). A network or FUSE mount could keep a synchronous read waiting for
	 * minutes; so could a folder we cannot tell about.
	 */
	#isLocalFolder(folder: string): Promise<boolean> {
		const now = Date.now();
		let known = this.#localFolders.get(folder);
		if (!known || known.until <= now) {
			if (this.#localFolders.size >= MAX_KNOWN_FOLDERS) {
				this.#localFolders.clear();
			}
			// Asked again after a while: something may have been mounted on the folder since.
			known = { until: now + KNOWN_FOLDER_MS, local: new Promise((resolve) => statfs(folder, (error, s) => resolve(!error && isLocalFileSystemType(s.type)))) };
			this.#localFolders.set(folder, known);
		}
		return known.local;
	}

	async explainFailure(uri: string): Promise<ReadFailure> {
		const path = toPath(uri);
		if (path === undefined) {
			return 'missing';
		}
		try {
			const s = await fs.stat(path);
			if (!s.isFile() && !s.isDirectory()) {
				return 'not-a-file';
			}
			// It exists; reading it failed anyway (its mode, or it is a folder that cannot be listed).
			await fs.access(path, constants.R_OK);
			return 'missing';
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			return code === 'EACCES' || code === 'EPERM' ? 'unreadable' : 'missing';
		}
	}
}

/** `stat` of `path` without following a final symbolic link (`SYMBOLIC_LINK` then), synchronously. */
function lstatLocal(path: string): FileStat | undefined | typeof SYMBOLIC_LINK {
	try {
		const s = lstatSync(path, { throwIfNoEntry: false });
		if (!s) {
			return undefined;
		}
		return s.isSymbolicLink() ? SYMBOLIC_LINK : toFileStat(s);
	} catch {
		return undefined;
	}
}

/** A folder's or regular file's `FileStat`; `undefined` for anything else (a FIFO, a device, a socket). */
function toFileStat(s: Stats): FileStat | undefined {
	const type = s.isDirectory() ? 'directory' : s.isFile() ? 'file' : undefined;
	return type ? { type, size: s.size, mtime: s.mtimeMs } : undefined;
}

function toPath(uri: string): string | undefined {
	try {
		const parsed = URI.parse(uri);
		return parsed.scheme === 'file' ? parsed.fsPath : undefined;
	} catch {
		return undefined;
	}
}
