/**
 * What `gemtext render` and `gemtext expand` share: reading FILE byte-exactly and the
 * service of a one-shot command.
 *
 * Gemtexter works on bytes, so its output for a file that is not valid UTF-8 still holds
 * the file's bytes. To match it byte for byte such a file is decoded as Latin-1 (one char
 * per byte, lossless) and the output encoded back the same way; what the service adds is
 * ASCII (or UTF-8 beyond U+00FF), so every byte of the source comes out unchanged.
 */
import { resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { NodeFileSystem } from '../node/fileSystem';
import { BashTemplateRunner } from '../node/templateRunner';
import { createGemtextService, defaultSettings, type GemtextSettings, type IGemtextService, maxFileSize } from '../service';
import type { CliIO } from './command';

/** Decoded text and how to turn HTML back into bytes. */
export function decodeSource(bytes: Uint8Array): { readonly text: string; encode(html: string): Uint8Array } {
	try {
		// BOM kept: it is part of the bytes Gemtexter sees.
		const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
		return { text, encode: (html) => Buffer.from(html, 'utf8') };
	} catch {
		return { text: Buffer.from(bytes).toString('latin1'), encode: encodeLatin1 };
	}
}

/** Latin-1 for chars up to U+00FF (the source bytes); UTF-8 for anything the renderer added beyond. */
function encodeLatin1(html: string): Uint8Array {
	let wide = false;
	for (let i = 0; i < html.length && !wide; i++) {
		wide = html.charCodeAt(i) > 0xff;
	}
	if (!wide) {
		return Buffer.from(html, 'latin1');
	}
	const parts: Buffer[] = [];
	let start = 0;
	for (let i = 0; i < html.length; i++) {
		if (html.charCodeAt(i) > 0xff) {
			parts.push(Buffer.from(html.slice(start, i), 'latin1'));
			const cp = html.codePointAt(i) as number;
			const len = cp > 0xffff ? 2 : 1;
			parts.push(Buffer.from(html.slice(i, i + len), 'utf8'));
			i += len - 1;
			start = i + 1;
		}
	}
	parts.push(Buffer.from(html.slice(start), 'latin1'));
	return Buffer.concat(parts);
}

/**
 * Reads FILE for `expand` and `render`: a clear message (and `undefined`) when it cannot be.
 * Only a regular file within `gemtext.files.maxSizeMB`'s default is read: never /dev/zero or a FIFO.
 */
export async function readSource(file: string, command: string, io: CliIO): Promise<{ uri: string; source: ReturnType<typeof decodeSource> } | undefined> {
	const fileSystem = new NodeFileSystem();
	const uri = URI.file(resolve(file)).toString();
	const bytes = await fileSystem.readFile(uri, maxFileSize(defaultSettings));
	if (!bytes) {
		const service = createCliService(io, false);
		io.stderr(`gemtext ${command}: ${file}: cannot read (${await service.describeReadFailure(uri)})`);
		service.dispose();
		return undefined;
	}
	return { uri, source: decodeSource(bytes) };
}

/** The service of a one-shot command; with `run`, template code runs through Bash. */
export function createCliService(io: CliIO, run: boolean, settings: GemtextSettings = defaultSettings): IGemtextService {
	return createGemtextService({
		fileSystem: new NodeFileSystem(),
		logger: { log: (level, message) => (level === 'error' || level === 'warn' ? io.stderr(message) : undefined) },
		getSettings: () => (run ? { ...settings, templates: { ...settings.templates, run: 'trusted' } } : settings),
		templateRunner: run ? new BashTemplateRunner() : undefined,
	});
}

