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

/** A one-file command's arguments: FILE, the `flags` given, and each choice's value. */
export interface FileArgs<C extends string> {
	readonly file: string;
	readonly flags: ReadonlySet<string>;
	readonly choices: Partial<Record<C, string>>;
}

/**
 * Parses `FILE [--flag]… [--choice VALUE | --choice=VALUE]…` for the commands that take one file
 * (render, expand, convert). Anything else is a UsageError.
 *
 * @example parseFileArgs(['a.gmi', '--style=gemini'], { choices: { '--style': ['gemtexter', 'gemini'] } })
 */
export function parseFileArgs<C extends string>(
	args: readonly string[],
	spec: { readonly flags?: readonly string[]; readonly choices?: Readonly<Record<C, readonly string[]>> },
): FileArgs<C> {
	let file: string | undefined;
	const flags = new Set<string>();
	const choices: Partial<Record<C, string>> = {};
	const choiceNames = Object.keys(spec.choices ?? {}) as C[];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		const choice = choiceNames.find((name) => arg === name || arg.startsWith(name + '='));
		if (spec.flags?.includes(arg)) {
			flags.add(arg);
		} else if (choice !== undefined) {
			const value = arg === choice ? args[++i] : arg.slice(choice.length + 1);
			const allowed = spec.choices![choice];
			if (value === undefined || !allowed.includes(value)) {
				throw new UsageError(`${choice} must be ${allowed.join(' or ')}${value === undefined ? '' : `, not ${value}`}`);
			}
			choices[choice] = value;
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
	return { file, flags, choices };
}
