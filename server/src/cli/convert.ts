/**
 * `gemtext convert FILE [--from markdown|html]`: Gemtext on stdout for a Markdown (or HTML)
 * file, through the service's converter; what could not be kept is reported on stderr.
 */
import { convertHtmlToGemtext, convertMarkdownToGemtext } from '../service';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, UsageError } from './command';
import { readSource } from './source';

type From = 'markdown' | 'html';

function parseArgs(args: readonly string[]): { file: string; from: From | undefined } {
	let file: string | undefined;
	let from: From | undefined;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '--from' || arg.startsWith('--from=')) {
			const value = arg === '--from' ? args[++i] : arg.slice('--from='.length);
			if (value !== 'markdown' && value !== 'html') {
				throw new UsageError(`--from must be markdown or html${value === undefined ? '' : `, not ${value}`}`);
			}
			from = value;
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
	return { file, from };
}

export const convertCommand: CliCommand = {
	name: 'convert',
	summary: 'print a Markdown (or HTML) file as Gemtext',
	usage: 'gemtext convert FILE [--from markdown|html]',
	async run(args, io) {
		const { file, from } = parseArgs(args);
		const read = await readSource(file, 'convert', io);
		if (!read) {
			return EXIT_FAILURE;
		}
		const format = from ?? (/\.x?html?$/i.test(file) ? 'html' : 'markdown');
		const result = format === 'html' ? convertHtmlToGemtext(read.source.text) : convertMarkdownToGemtext(read.source.text);
		for (const warning of result.warnings) {
			io.stderr(`gemtext convert: ${file}${warning.line === undefined ? '' : `:${warning.line + 1}`}: ${warning.message}`);
		}
		io.stdout(Buffer.from(result.text, 'utf8'));
		return EXIT_OK;
	},
};
