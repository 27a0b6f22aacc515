/** The contract between `gemtext` (cli.ts) and its subcommands, one file each. */

/** Where a command writes; `stdout` takes bytes so output can be byte-exact. */
export interface CliIO {
	stdout(data: string | Uint8Array): void;
	stderr(message: string): void;
}

export interface CliCommand {
	readonly name: string;
	/** One line for `gemtext --help`. */
	readonly summary: string;
	/** Synopsis, e.g. `gemtext render FILE [--page]`. */
	readonly usage: string;
	/** Exit code (0 ok, 1 failure, 2 usage), or `'serving'` when the process must stay alive. */
	run(args: readonly string[], io: CliIO): Promise<number | 'serving'>;
}

/** A mistake in the command line: reported with the usage, exit code 2. */
export class UsageError extends Error {}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
