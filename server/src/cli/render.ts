/**
 * `gemtext render FILE [--style gemtexter|gemini] [--page] [--run]`: HTML on stdout, through
 * the same service as the editor preview. A template (`.gmi.tpl`) renders what it generates;
 * its code other than Gemtexter's helpers runs only with `--run`. Bytes in and out are
 * handled as Gemtexter does (source.ts).
 */
import { isTemplateFile, type PreviewStyle } from '../service';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, UsageError } from './command';
import { createCliService, readSource } from './source';

interface RenderArgs {
	readonly file: string;
	readonly style: 'auto' | PreviewStyle;
	readonly page: boolean;
	/** A template's code runs (Bash) before rendering its expansion. */
	readonly run: boolean;
}

function parseArgs(args: readonly string[]): RenderArgs {
	let file: string | undefined;
	let style: 'auto' | PreviewStyle = 'auto';
	let page = false;
	let run = false;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '--page') {
			page = true;
		} else if (arg === '--run') {
			run = true;
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
	return { file, style, page, run };
}

export const renderCommand: CliCommand = {
	name: 'render',
	summary: 'print the HTML of a .gmi file or of what a .gmi.tpl template generates (the body, or a full page with --page)',
	usage: 'gemtext render FILE [--style gemtexter|gemini] [--page] [--run]',
	async run(args, io) {
		const options = parseArgs(args);
		const read = await readSource(options.file, 'render', io);
		if (!read) {
			return EXIT_FAILURE;
		}
		const { uri, source } = read;
		const service = createCliService(io, options.run);
		try {
			const snapshot = { uri, version: -1, getText: () => source.text };
			if (isTemplateFile(uri)) {
				const expansion = await service.expandTemplate(snapshot, { run: options.run });
				for (const p of expansion.notRun) {
					io.stderr(`gemtext render: ${options.file}:${p.line + 1}: template code not run (use --run); its output is shown as a placeholder`);
				}
			}
			const result = await service.renderHtml(snapshot, { style: options.style, page: options.page });
			io.stdout(source.encode(result.html));
			return EXIT_OK;
		} finally {
			service.dispose();
		}
	},
};
