/**
 * `gemtext expand FILE.gmi.tpl [--run]`: the `.gmi` Gemtexter's `--template` step would write,
 * on stdout. The helpers (`template::inline::toc`, `index`, `rindex`) are expanded without
 * running anything; any other template code runs (Bash, in the template's folder) only with
 * `--run`. Without it such a template is an error naming the line (exit 1), so a script
 * never takes a placeholder for Gemtexter's output.
 */
import { isTemplateFile } from '../service';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, parseFileArgs, UsageError } from './command';
import { createCliService, readSource } from './source';

export const expandCommand: CliCommand = {
	name: 'expand',
	summary: 'print the .gmi that Gemtexter generates from a .gmi.tpl template (its code runs only with --run)',
	usage: 'gemtext expand FILE.gmi.tpl [--run]',
	async run(args, io) {
		const { file, flags } = parseFileArgs(args, { flags: ['--run'] });
		const run = flags.has('--run');
		if (!isTemplateFile(file)) {
			throw new UsageError(`${file} is not a template (*.gmi.tpl)`);
		}
		const read = await readSource(file, 'expand', io);
		if (!read) {
			return EXIT_FAILURE;
		}
		const service = createCliService(io, run);
		try {
			const result = await service.expandTemplate({ uri: read.uri, version: -1, getText: () => read.source.text }, { run });
			for (const p of result.problems) {
				if (p.code !== 'template.not-run') {
					io.stderr(`${file}:${p.line + 1}: ${p.code === 'template.run-failed' || p.code === 'template.no-final-newline' ? 'warning' : 'error'} ${p.code} ${p.message}`);
				}
			}
			if (result.notRun.length > 0) {
				for (const p of result.notRun) {
					io.stderr(`${file}:${p.line + 1}: error template.not-run this template code runs only with --run: ${p.code.split('\n').find((l) => l.trim() !== '')?.trim() ?? ''}`);
				}
				return EXIT_FAILURE;
			}
			if (!result.complete) {
				// The code stopped (as Gemtexter would): it writes no .gmi, so neither do we.
				return EXIT_FAILURE;
			}
			io.stdout(read.source.encode(result.text));
			return EXIT_OK;
		} finally {
			service.dispose();
		}
	},
};
