/**
 * `gemtext render FILE [--style gemtexter|gemini] [--page] [--run]`: HTML on stdout, through
 * the same service as the editor preview. A template (`.gmi.tpl`) renders what it generates;
 * its code other than Gemtexter's helpers runs only with `--run`. Bytes in and out are
 * handled as Gemtexter does (source.ts).
 */
import { isTemplateFile, type PreviewStyle } from '../service';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, parseFileArgs } from './command';
import { createCliService, readSource } from './source';

export const renderCommand: CliCommand = {
	name: 'render',
	summary: 'print the HTML of a .gmi file or of what a .gmi.tpl template generates (the body, or a full page with --page)',
	usage: 'gemtext render FILE [--style gemtexter|gemini] [--page] [--run]',
	async run(args, io) {
		const parsed = parseFileArgs(args, { flags: ['--page', '--run'], choices: { '--style': ['gemtexter', 'gemini'] } });
		const options = {
			file: parsed.file,
			style: (parsed.choices['--style'] ?? 'auto') as 'auto' | PreviewStyle,
			page: parsed.flags.has('--page'),
			// A template's code runs (Bash) before rendering its expansion.
			run: parsed.flags.has('--run'),
		};
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
