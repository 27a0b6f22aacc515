/**
 * `IFileSystem` on Node's `fs/promises`. Every failure (missing file, EACCES, EISDIR,
 * a file too large for a Buffer, a non-`file:` URI) becomes `undefined`: the service
 * treats unreadable as absent and must never see an exception from here.
 */
import { promises as fs, stat } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { FileStat, FileType, IFileSystem } from '../service';

export class NodeFileSystem implements IFileSystem {
	async stat(uri: string): Promise<FileStat | undefined> {
		const path = toPath(uri);
		if (path === undefined) {
			return undefined;
		}
		// The callback API: a missing file (the common failure, once per broken link) costs a
		// fifth of a rejected `fs.promises.stat`, whose error captures an async stack trace.
		return new Promise((resolve) => {
			stat(path, (error, s) => {
				const type = error ? undefined : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : undefined;
				resolve(type ? { type, size: s.size, mtime: s.mtimeMs } : undefined);
			});
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

	async readFile(uri: string): Promise<Uint8Array | undefined> {
		const path = toPath(uri);
		if (path === undefined) {
			return undefined;
		}
		try {
			return await fs.readFile(path);
		} catch {
			return undefined;
		}
	}
}

function toPath(uri: string): string | undefined {
	try {
		const parsed = URI.parse(uri);
		return parsed.scheme === 'file' ? parsed.fsPath : undefined;
	} catch {
		return undefined;
	}
}
