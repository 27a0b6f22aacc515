/**
 * `gemtext render FILE [--style gemtexter|gemini] [--page]`: HTML on stdout, through the
 * same service as the editor preview.
 *
 * Gemtexter works on bytes, so its output for a file that is not valid UTF-8 still holds
 * the file's bytes. To match it byte for byte such a file is decoded as Latin-1 (one char
 * per byte, lossless) and the HTML encoded back the same way; the markup the renderer adds
 * is ASCII, so every byte of the source comes out unchanged.
 */
import { resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { NodeFileSystem } from '../node/fileSystem';
import { createGemtextService, defaultSettings, maxFileSize, type PreviewStyle } from '../service';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, UsageError } from './command';

interface RenderArgs {
	readonly file: string;
	readonly style: 'auto' | PreviewStyle;
	readonly page: boolean;
}

function parseArgs(args: readonly string[]): RenderArgs {
	let file: string | undefined;
	let style: 'auto' | PreviewStyle = 'auto';
	let page = false;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '--page') {
			page = true;
		} else if (arg === '--style' || arg.startsWith('--style=')) {
			const value = arg === '--style' ? args[++i] : arg.slice('--style='.length);
			if (value !== 'gemtexter' && value !== 'gemini') {
				throw new UsageError(`--style must be gemtexter or gemini${value === undefined ? '' : `, not ${value}`}`);
			}
			style = value;
		} else if (arg.startsWith('-') && arg !== '-') {
			throw new UsageError(`unknown option ${arg}`);
		} else if (file === undefined) {
			file = arg;
		} else {
			throw new UsageError(`one FILE only (got ${file} and ${arg})`);
		}
	}
	if (file === undefined) {
		throw new UsageError('missing FILE');
	}
	return { file, style, page };
}

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

export const renderCommand: CliCommand = {
	name: 'render',
	summary: 'print the HTML of a .gmi file (the body, or a full page with --page)',
	usage: 'gemtext render FILE [--style gemtexter|gemini] [--page]',
	async run(args, io) {
		const options = parseArgs(args);
		const fileSystem = new NodeFileSystem();
		const uri = URI.file(resolve(options.file)).toString();
		const service = createGemtextService({
			fileSystem,
			logger: { log: (level, message) => (level === 'error' || level === 'warn' ? io.stderr(message) : undefined) },
			getSettings: () => defaultSettings,
		});
		// Only a regular file within gemtext.files.maxSizeMB's default: never /dev/zero or a FIFO.
		const bytes = await fileSystem.readFile(uri, maxFileSize(defaultSettings));
		if (!bytes) {
			io.stderr(`gemtext render: ${options.file}: cannot read (${await service.describeReadFailure(uri)})`);
			service.dispose();
			return EXIT_FAILURE;
		}
		const source = decodeSource(bytes);
		const result = await service.renderHtml({ uri, version: -1, getText: () => source.text }, { style: options.style, page: options.page });
		service.dispose();
		io.stdout(source.encode(result.html));
		return EXIT_OK;
	},
};
