/**
 * `gemtext convert FILE [--from markdown|html]`: Gemtext on stdout for a Markdown (or HTML)
 * file, through the service's converter; what could not be kept is reported on stderr.
 */
import { convertHtmlToGemtext, convertMarkdownToGemtext } from '../service';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, parseFileArgs } from './command';
import { readSource } from './source';

type From = 'markdown' | 'html';

export const convertCommand: CliCommand = {
	name: 'convert',
	summary: 'print a Markdown (or HTML) file as Gemtext',
	usage: 'gemtext convert FILE [--from markdown|html]',
	async run(args, io) {
		const { file, choices } = parseFileArgs(args, { choices: { '--from': ['markdown', 'html'] } });
		const from = choices['--from'] as From | undefined;
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
