/**
 * `gemtext`: the command line (dist/cli.js). This file only dispatches; each
 * subcommand lives in server/src/cli/ and is listed in `commands`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCommand } from './cli/check';
import { convertCommand } from './cli/convert';
import { expandCommand } from './cli/expand';
import { type CliCommand, type CliIO, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './cli/command';
import { lspCommand } from './cli/lsp';
import { renderCommand } from './cli/render';

const commands: readonly CliCommand[] = [checkCommand, renderCommand, expandCommand, convertCommand, lspCommand];

function help(): string {
	const width = Math.max(...commands.map((c) => c.name.length));
	return [
		'Usage: gemtext <command> [options]',
		'',
		'Commands:',
		...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
		'',
		...commands.map((c) => `  ${c.usage}`),
		'',
		'Options:',
		'  -h, --help     show this help',
		'  -V, --version  show the version',
		'',
		'Exit codes: 0 success, 1 failure, 2 usage error.',
	].join('\n');
}

/** The version in package.json, next to dist/ where this bundle runs. */
function version(): string {
	try {
		const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
		const v = (manifest as { version?: unknown }).version;
		return typeof v === 'string' ? v : 'unknown';
	} catch {
		return 'unknown';
	}
}

/** Runs one command line; resolves to the exit code, or `'serving'` while the language server runs. */
export async function main(argv: readonly string[], io: CliIO): Promise<number | 'serving'> {
	const [name, ...args] = argv;
	if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
		io.stdout(help() + '\n');
		return name === undefined ? EXIT_USAGE : EXIT_OK;
	}
	if (name === '-V' || name === '--version') {
		io.stdout(version() + '\n');
		return EXIT_OK;
	}
	const command = commands.find((c) => c.name === name);
	if (!command) {
		io.stderr(`gemtext: unknown command '${name}'\n\n${help()}`);
		return EXIT_USAGE;
	}
	if (args.includes('-h') || args.includes('--help')) {
		io.stdout(`Usage: ${command.usage}\n${command.summary}\n`);
		return EXIT_OK;
	}
	try {
		return await command.run(args, io);
	} catch (e) {
		if (e instanceof UsageError) {
			io.stderr(`gemtext ${command.name}: ${e.message}\nUsage: ${command.usage}`);
			return EXIT_USAGE;
		}
		io.stderr(`gemtext ${command.name}: ${e instanceof Error ? e.message : String(e)}`);
		return EXIT_FAILURE;
	}
}

// `gemtext render big.gmi | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
	if (e.code === 'EPIPE') {
		process.exit(0);
	}
	throw e;
});

const io: CliIO = {
	stdout: (data) => process.stdout.write(data),
	stderr: (message) => process.stderr.write(message.endsWith('\n') ? message : message + '\n'),
};

main(process.argv.slice(2), io).then(
	(code) => {
		// exitCode, not exit(): stdout may still be flushing a large page to a pipe.
		if (code !== 'serving') {
			process.exitCode = code;
		}
	},
	(e: unknown) => {
		process.stderr.write(`gemtext: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
		process.exitCode = EXIT_FAILURE;
	},
);
