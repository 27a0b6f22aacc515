/**
 * Runs Gemtexter template code with Bash, the way Gemtexter's `--template` step does: one
 * shell per template, in the template's folder, every piece of code in file order (so
 * variables and `cd` carry over), with `CURRENT_TPL`, `CURRENT_GMI`, the variables of
 * `gemtexter.conf` and the template helpers defined.
 *
 * Only the Node hosts have this, and they hand it to the service only when the user allows
 * running (`gemtext.templates.run` = `trusted` in a trusted workspace, or the CLI's `--run`).
 * Each run has a time limit and stops on cancellation (the whole process group is killed).
 * Results are cached by content: the same template text in the same place runs once.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { URI } from 'vscode-uri';
import type { CancellationToken, TemplateRunner, TemplateRunRequest, TemplateRunResult } from '../service';

export interface BashTemplateRunnerOptions {
	/** Whether running is allowed right now (workspace trust); checked on every run. */
	readonly isAllowed?: () => boolean;
	/** The shell; `bash` on PATH by default. */
	readonly bash?: string;
}

/** Output kept from one run: a template printing more is cut off (and reported). */
const MAX_OUTPUT = 64 * 1024 * 1024;

/** Runs kept in the cache (by template text and place). */
const CACHE_SIZE = 32;

export class BashTemplateRunner implements TemplateRunner {
	readonly #options: BashTemplateRunnerOptions;
	readonly #cache = new Map<string, Promise<TemplateRunResult>>();

	constructor(options: BashTemplateRunnerOptions = {}) {
		this.#options = options;
	}

	/** Forgets cached runs (files the code reads may have changed). */
	clear(): void {
		this.#cache.clear();
	}

	canRun(): boolean {
		return this.#options.isAllowed?.() ?? true;
	}

	run(request: TemplateRunRequest, token?: CancellationToken): Promise<TemplateRunResult> {
		// The service asks canRun first; this guards any other caller.
		if (!this.canRun()) {
			return Promise.resolve({ outputs: [], failures: [], aborted: { index: 0, message: 'Template code runs only in a trusted workspace.' } });
		}
		const key = `${request.uri}\0${request.text}`;
		const hit = this.#cache.get(key);
		if (hit) {
			return hit;
		}
		const result = this.#spawn(request, token);
		this.#cache.set(key, result);
		if (this.#cache.size > CACHE_SIZE) {
			this.#cache.delete(this.#cache.keys().next().value as string);
		}
		// A run cut short by a timeout or cancellation is not kept.
		void result.then((r) => {
			if (r.aborted?.message.startsWith('Stopped')) {
				this.#cache.delete(key);
			}
		});
		return result;
	}

	#spawn(request: TemplateRunRequest, token: CancellationToken | undefined): Promise<TemplateRunResult> {
		const path = URI.parse(request.uri).fsPath;
		const folder = dirname(path);
		const script = buildScript(request, path, findConfig(folder));
		const timeoutMs = request.timeoutMs ?? 10_000;
		return new Promise((resolve) => {
			const child = spawn(this.#options.bash ?? 'bash', ['--noprofile', '--norc', '-c', script], {
				cwd: folder,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
				env: { ...process.env, CURRENT_TPL: path, CURRENT_GMI: basename(path).replace(/\.tpl$/, '') },
			});
			const stdout: Buffer[] = [];
			let size = 0;
			let stderr = '';
			let stopped: string | undefined;
			const stop = (why: string): void => {
				stopped ??= why;
				try {
					process.kill(-(child.pid as number), 'SIGKILL');
				} catch {
					// Already gone.
				}
			};
			child.stdout.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > MAX_OUTPUT) {
					stop(`Stopped: the template printed more than ${MAX_OUTPUT / 1024 / 1024} MB.`);
					return;
				}
				stdout.push(chunk);
			});
			child.stderr.on('data', (chunk: Buffer) => {
				if (stderr.length < 64 * 1024) {
					stderr += chunk.toString('utf8');
				}
			});
			const timer = setTimeout(() => stop(`Stopped: the template's code ran longer than ${timeoutMs} ms (gemtext.templates.timeoutMs).`), timeoutMs);
			const poll = token ? setInterval(() => token.isCancellationRequested && stop('Stopped: cancelled.'), 50) : undefined;
			const finish = (spawnError?: Error): void => {
				clearTimeout(timer);
				if (poll) clearInterval(poll);
				resolve(parseOutput(Buffer.concat(stdout).toString('utf8'), request.pieces.length, stderr, stopped ?? spawnError?.message));
			};
			child.on('error', (e) => finish(e));
			child.on('close', () => finish());
		});
	}
}

/** The nearest `gemtexter.conf` at or above `folder` (Gemtexter sources it before anything runs). */
function findConfig(folder: string): string | undefined {
	for (let dir = folder; ; dir = dirname(dir)) {
		const conf = join(dir, 'gemtexter.conf');
		if (existsSync(conf)) {
			return conf;
		}
		if (dirname(dir) === dir) {
			return undefined;
		}
	}
}

/** Bash single-quoted. */
function quote(s: string): string {
	return `'${s.replace(/\0/g, '').replace(/'/g, `'\\''`)}'`;
}

/**
 * The script: Gemtexter's shell options and variables, the helpers a template may call
 * from its own code, then each piece between NUL-framed markers (`\0<i>\0` before a piece,
 * `\0F<i>\0` after a failed one, `\0END\0` when all ran), so outputs are told apart.
 */
function buildScript(request: TemplateRunRequest, templatePath: string, config: string | undefined): string {
	const lines = [
		'set -uf -o pipefail',
		config ? `cd ${quote(dirname(config))} && source ./gemtexter.conf; cd ${quote(dirname(templatePath))}` : '',
		HELPERS,
	];
	request.pieces.forEach((piece, i) => {
		lines.push(`printf '\\0%s\\0' ${i}`, `if ! eval ${quote(piece.code)}; then printf '\\0F%s\\0' ${i}; fi`);
	});
	lines.push(`printf '\\0END\\0'`);
	return lines.join('\n');
}

/**
 * Gemtexter's template helpers and title extraction, for code that calls them itself (a
 * `<< template::inline::toc` line alone is expanded by the service, without Bash).
 */
const HELPERS = String.raw`
generate::extract_title () { sed -n '/^# / { s/# //; p; q; }' "$1" | tr '"' "'"; }
template::inline::_index () {
  local topic file
  for topic in "$@"; do
    while read -r file; do
      local cur=''
      [ "$file" = "$CURRENT_GMI" ] && cur=' (You are currently reading this)'
      echo "=> ./$file $(cut -d- -f1,2,3 <<< "$file") $(generate::extract_title "$file")$cur"
    done < <(ls | grep -i "$topic.*\\.gmi\$" | grep -v DRAFT)
  done
}
template::inline::index () { template::inline::_index "$@" | sort | uniq; }
template::inline::rindex () { template::inline::_index "$@" | sort -r | uniq; }
template::inline::toc () {
  echo '## Table of Contents'; echo ''
  sed -E -n '/^` + '```' + String.raw`/,/^` + '```' + String.raw`/! { /^#+ / { s/^###/* ⇢ ⇢ ⇢/; s/^##/* ⇢ ⇢/; s/^#/* ⇢/; p; }; }' "$(basename "$CURRENT_TPL")"
}
`;

/** Splits the framed output into each piece's output; a missing `END` means the shell stopped. */
function parseOutput(out: string, count: number, stderr: string, stopped: string | undefined): TemplateRunResult {
	const outputs: string[] = [];
	const failures: { index: number; message: string }[] = [];
	const parts = out.split('\0');
	// parts: [before, marker, output, marker, output, …]
	let ended = false;
	let current = -1;
	for (let i = 1; i < parts.length; i += 2) {
		const marker = parts[i];
		const text = parts[i + 1] ?? '';
		if (marker === 'END') {
			ended = true;
		} else if (marker.startsWith('F')) {
			failures.push({ index: Number(marker.slice(1)), message: `This template code failed${lastLine(stderr)}` });
			if (current >= 0) outputs[current] += text;
		} else {
			current = Number(marker);
			outputs[current] = text;
		}
	}
	if (ended && !stopped) {
		return { outputs, failures };
	}
	const index = Math.max(0, Math.min(current, count - 1));
	const message = stopped ?? `The template's code stopped Gemtexter here, so no .gmi would be written${lastLine(stderr)}`;
	// The piece that was running when the shell stopped printed only part of its output.
	return { outputs: outputs.slice(0, index), failures, aborted: { index, message } };
}

function lastLine(stderr: string): string {
	const line = stderr.trim().split('\n').pop()?.trim();
	return line ? `: ${line}` : '.';
}
