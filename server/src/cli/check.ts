/**
 * `gemtext check [PATH...]`: validates a capsule with exactly the editor's rules and
 * settings, for CI. The same service runs as in the language server, over a Node file system
 * with memoised stats and listings, one file in memory at a time; settings come from
 * `ROOT/.vscode/settings.json` with flags on top.
 *
 * Output, sorted by file, line and column: `file:line:col: severity code message` and a
 * summary, or with `--format json` one object
 * `{"problems": [{file, line, column, endLine, endColumn, severity, code, message}], "files", "errors", "warnings"}`
 * (lines and columns 1-based, paths relative to the current directory), or with `--format github`
 * one GitHub Actions workflow command per problem (`::warning file=…,line=…::message`: an annotation
 * on the pull request's diff) and the summary. Hints are left
 * out, as the Problems panel leaves them out. Exit code 1 when an error-level problem
 * exists or a file could not be read, 2 for a usage mistake, else 0.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { URI } from 'vscode-uri';
import { RemoteChecker } from '../remote/checker';
import { createGemtextService, findCapsuleRoot, GEMTEXTER_CONF, maxFileSize, type Diagnostic, type IFileSystem, type IGemtextService, type SeveritySetting, type TextSnapshot } from '../service';
import { CachedFileSystem, collectFiles, toSourceText } from './checkFiles';
import { applyOverrides, loadWorkspaceSettings, parseSeverityFlag } from './checkSettings';
import { fixFile, type Fix } from './fix';
import { githubAnnotation, type Problem } from './problems';
import { type CliCommand, type CliIO, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './command';

/** What `--format` takes. */
const FORMATS = ['text', 'json', 'github'] as const;
type OutputFormat = (typeof FORMATS)[number];

interface CheckArgs {
	readonly paths: readonly string[];
	readonly root: string | undefined;
	readonly format: OutputFormat;
	readonly ignore: readonly string[];
	readonly families: Map<string, SeveritySetting>;
	readonly codes: Map<string, SeveritySetting>;
	readonly remote: boolean | undefined;
	readonly remoteTimeoutMs: number | undefined;
	readonly quiet: boolean;
	readonly generated: boolean;
	readonly fix: boolean;
}

function parseArgs(args: readonly string[]): CheckArgs {
	const paths: string[] = [];
	const ignore: string[] = [];
	const families = new Map<string, SeveritySetting>();
	const codes = new Map<string, SeveritySetting>();
	let root: string | undefined;
	let format: OutputFormat = 'text';
	let remote: boolean | undefined;
	let remoteTimeoutMs: number | undefined;
	let quiet = false;
	let generated = false;
	let fix = false;
	let onlyPaths = false;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (onlyPaths || !arg.startsWith('-') || arg === '-') {
			paths.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq === -1 ? arg : arg.slice(0, eq);
		const value = (): string => {
			const v = eq === -1 ? args[++i] : arg.slice(eq + 1);
			if (v === undefined || v === '') {
				throw new UsageError(`${name} needs a value`);
			}
			return v;
		};
		switch (name) {
			case '--': onlyPaths = true; break;
			case '--root': root = value(); break;
			case '--format': {
				const f = value();
				if (!(FORMATS as readonly string[]).includes(f)) {
					throw new UsageError(`--format must be text, json or github, not ${f}`);
				}
				format = f as OutputFormat;
				break;
			}
			case '--ignore': ignore.push(value()); break;
			case '--severity': {
				const { name: key, level } = parseSeverityFlag(value());
				(key.includes('.') ? codes : families).set(key, level);
				break;
			}
			case '--remote': remote = true; break;
			case '--no-remote': remote = false; break;
			case '--remote-timeout': {
				const v = value();
				const ms = Number(v);
				if (!Number.isInteger(ms) || ms <= 0) {
					throw new UsageError(`--remote-timeout takes milliseconds, not ${v}`);
				}
				remoteTimeoutMs = ms;
				break;
			}
			case '-q': case '--quiet': quiet = true; break;
			case '--generated': generated = true; break;
			case '--fix': fix = true; break;
			default: throw new UsageError(`unknown option ${arg}`);
		}
		if (eq !== -1 && ['--remote', '--no-remote', '--quiet', '--generated', '--fix', '--'].includes(name)) {
			throw new UsageError(`${name} takes no value`);
		}
	}
	return { paths: paths.length > 0 ? paths : ['.'], root, format, ignore, families, codes, remote, remoteTimeoutMs, quiet, generated, fix };
}

/** Files checked at once: enough to keep the disk busy, few enough to bound memory. */
const FILE_CONCURRENCY = 32;

export const checkCommand: CliCommand = {
	name: 'check',
	summary: 'validate a capsule with the editor\'s rules (links, syntax); exit 1 on errors',
	usage: 'gemtext check [PATH...] [--root DIR] [--format text|json|github] [--ignore GLOB]... [--severity NAME=LEVEL]... [--remote|--no-remote] [--remote-timeout MS] [--generated] [--fix] [--quiet]',
	async run(args, io) {
		const options = parseArgs(args);
		const cwd = process.cwd();
		const fileSystem = new CachedFileSystem();
		const root = resolve(options.root ?? (await defaultRoot(cwd, options.paths, fileSystem)));
		const loaded = loadWorkspaceSettings(root);
		loaded.warnings.forEach((w) => io.stderr(`gemtext check: ${w}`));
		const settings = applyOverrides(loaded.settings, {
			ignore: options.ignore,
			families: options.families,
			remote: options.remote,
			remoteTimeoutMs: options.remoteTimeoutMs,
		});

		const list = await collectFiles(options.paths, { includeGenerated: options.generated });
		if (list.missing.length > 0) {
			list.missing.forEach((p) => io.stderr(`gemtext check: ${p}: no such file or folder`));
			return EXIT_USAGE;
		}
		let failed = false;
		for (const u of list.unreadable) {
			io.stderr(`gemtext check: ${display(cwd, u.path)}: cannot read folder (${u.reason}); its files are not checked`);
			failed = true;
		}

		const service = createGemtextService({
			fileSystem,
			logger: { log: (level, message) => (level === 'error' ? io.stderr(`gemtext check: ${message}`) : undefined) },
			getSettings: () => settings,
			workspaceFolders: [URI.file(root).toString()],
			createRemoteChecker: () => new RemoteChecker(),
		});
		const progress = new Progress(!options.quiet && process.stderr.isTTY === true);
		try {
			// Each file is read when its turn comes and dropped once checked, as the editor's Check
			// Capsule does: a 20,000-file capsule is never in memory at once. Links to other files read
			// their targets (or the listings of their folders) through the pass's batch.
			const maxSize = maxFileSize(settings);
			/** A checked file's text as a snapshot; `undefined` (with `notes` for stderr) when it cannot be checked. */
			const load = async (path: string, notes: string[]): Promise<CheckedFile | undefined> => {
				const uri = URI.file(path).toString();
				const source = toSourceText(await fileSystem.readFile(uri, maxSize));
				if (source.kind === 'unreadable') {
					notes.push(`gemtext check: ${display(cwd, path)}: cannot read (${await service.describeReadFailure(uri)}); not checked`);
					failed = true;
					return undefined;
				}
				if (source.kind === 'binary') {
					notes.push(`gemtext check: ${display(cwd, path)}: binary file (NUL bytes); not checked`);
					return undefined;
				}
				if (source.invalidUtf8) {
					notes.push(`gemtext check: ${display(cwd, path)}: not valid UTF-8; checked with the invalid bytes read as U+FFFD`);
				}
				return { snapshot: { uri, version: 1, getText: () => source.text }, invalidUtf8: source.invalidUtf8, hasBom: source.hasBom };
			};
			// A code silenced with `--severity CODE=ignore` is not fixed either. Every fix is written
			// before anything is checked, so a link is checked against the fixed page it points to.
			const skip = new Set([...options.codes].filter(([, level]) => level === 'ignore').map(([code]) => code));
			const fixes = options.fix ? await fixAll(service, list.files, (path) => load(path, []), cwd, io, skip) : [];

			const diagnostics = new Map<string, Diagnostic[]>();
			const notes = list.files.map((): string[] => []);
			let checked = 0;
			let done = 0;
			// Folder listings and link targets' headings, shared by every file of the run.
			const batch = service.createDiagnosticsBatch();
			const remoteBatch = settings.validate.remoteLinks ? service.createRemoteCheckBatch((n, started) => progress.show(`Checking remote links ${n}/${started}`)) : undefined;
			// Remote checks run on while later files are read (each URL asked once); they keep their file's text until then.
			const remote: Promise<void>[] = [];
			await forEachLimited(list.files.map((path, i) => ({ path, i })), FILE_CONCURRENCY, async ({ path, i }) => {
				const file = await load(path, notes[i]);
				if (file) {
					checked++;
					diagnostics.set(path, await service.getDiagnostics(file.snapshot, undefined, batch));
					if (remoteBatch) {
						remote.push(service.getRemoteLinkDiagnostics(file.snapshot, { batch: remoteBatch }).then((r) => {
							diagnostics.set(path, [...(diagnostics.get(path) ?? []), ...r.diagnostics]);
						}));
					}
				}
				progress.show(`Checking files ${++done}/${list.files.length}`);
			});
			await Promise.all(remote);
			progress.clear();
			notes.flat().forEach((note) => io.stderr(note));

			const problems = toProblems(diagnostics, options.codes, cwd);
			const errors = problems.filter((p) => p.severity === 'error').length;
			const warnings = problems.filter((p) => p.severity === 'warning').length;
			const shown = options.quiet ? problems.filter((p) => p.severity === 'error') : problems;
			if (options.format === 'json') {
				io.stdout(JSON.stringify({ problems: shown, files: checked, errors, warnings, ...(options.fix ? { fixed: fixes } : {}) }) + '\n');
			} else {
				const lines = shown.map(options.format === 'github' ? githubAnnotation : (p) => `${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code} ${p.message}`);
				if (options.fix && !options.quiet) {
					lines.unshift(...fixes.map((f) => `${f.file}:${f.line}:${f.column}: fixed ${f.code}`), fixSummary(fixes));
				}
				if (!options.quiet) {
					lines.push(summary(problems, checked));
				}
				io.stdout(lines.length > 0 ? lines.join('\n') + '\n' : '');
			}
			return errors > 0 || failed ? EXIT_FAILURE : EXIT_OK;
		} finally {
			progress.clear();
			service.dispose();
		}
	},
};

/** A file to check, read and decoded: its text as a snapshot, and what the bytes said. */
interface CheckedFile {
	readonly snapshot: TextSnapshot;
	readonly invalidUtf8: boolean;
	readonly hasBom: boolean;
}

/**
 * Fixes every file, one at a time (not one with invalid UTF-8: writing it back would lose bytes);
 * a fixed file stays open in the service with its new text.
 */
async function fixAll(
	service: IGemtextService,
	paths: readonly string[],
	load: (path: string) => Promise<CheckedFile | undefined>,
	cwd: string,
	io: CliIO,
	skip: ReadonlySet<string>,
): Promise<Fix[]> {
	const fixes: Fix[] = [];
	for (const path of paths) {
		const file = display(cwd, path);
		const entry = await load(path);
		if (!entry) {
			continue;
		}
		if (entry.invalidUtf8) {
			io.stderr(`gemtext check: ${file}: not valid UTF-8; not fixed`);
			continue;
		}
		try {
			fixes.push(...(await fixFile(service, entry.snapshot, entry.hasBom, file, skip)).fixes);
		} catch (e) {
			io.stderr(`gemtext check: ${file}: cannot write the fixes (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
		}
	}
	return fixes;
}

function fixSummary(fixes: readonly Fix[]): string {
	const files = new Set(fixes.map((f) => f.file)).size;
	return fixes.length === 0 ? 'Nothing to fix.' : `Fixed ${fixes.length} ${fixes.length === 1 ? 'problem' : 'problems'} in ${files} ${files === 1 ? 'file' : 'files'}.`;
}

/** What marks the folder `gemtext check` reads settings in: Gemtexter's config, or editor settings. */
const ROOT_MARKERS = [GEMTEXTER_CONF, '.vscode/settings.json'];

/**
 * The folder the CLI takes as its workspace folder when `--root` is not given: the capsule root
 * by the service's one rule (`findCapsuleRoot`, see docs/gemtext.md), started from the checked
 * folder (the common folder of the PATHs, a file's folder for a file) with no workspace folder
 * to stop at and editor settings as a marker too, else the checked folder itself.
 */
async function defaultRoot(cwd: string, paths: readonly string[], fileSystem: IFileSystem): Promise<string> {
	const folders = paths.map((p) => resolve(cwd, p)).map((t) => (isDirectory(t) ? t : dirname(t)));
	const start = folders.reduce(commonFolder);
	const isFile = async (uri: string): Promise<boolean> => (await fileSystem.stat(uri))?.type === 'file';
	const found = await findCapsuleRoot({ from: URI.file(start).toString(), markers: ROOT_MARKERS }, isFile);
	return found === undefined ? start : URI.parse(found).fsPath;
}

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

function commonFolder(a: string, b: string): string {
	const outside = (rel: string): boolean => rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel);
	while (outside(relative(a, b)) && dirname(a) !== a) {
		a = dirname(a);
	}
	return a;
}

function toProblems(diagnostics: ReadonlyMap<string, readonly Diagnostic[]>, codes: ReadonlyMap<string, SeveritySetting>, cwd: string): Problem[] {
	const problems: Problem[] = [];
	for (const [path, list] of diagnostics) {
		const file = display(cwd, path);
		for (const d of list) {
			const level = codes.get(d.code) ?? d.severity;
			if (level === 'ignore' || level === 'hint') {
				continue;
			}
			problems.push({
				file,
				line: d.range.start.line + 1,
				column: d.range.start.character + 1,
				endLine: d.range.end.line + 1,
				endColumn: d.range.end.character + 1,
				severity: level,
				code: d.code,
				message: d.message.replace(/\s*[\r\n]+\s*/g, ' '),
			});
		}
	}
	return problems.sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.code, b.code));
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function summary(problems: readonly Problem[], files: number): string {
	const count = (n: number, one: string, many = one + 's'): string => `${n} ${n === 1 ? one : many}`;
	const fileCount = count(files, 'file');
	if (problems.length === 0) {
		return `No problems in ${fileCount}.`;
	}
	const by = (s: Problem['severity']): number => problems.filter((p) => p.severity === s).length;
	return `${count(problems.length, 'problem')} (${count(by('error'), 'error')}, ${count(by('warning'), 'warning')}, ${by('information')} information) in ${fileCount}.`;
}

/** A path for output: relative to the current directory, with `/` separators. */
function display(cwd: string, path: string): string {
	const rel = relative(cwd, path) || '.';
	return sep === '/' ? rel : rel.split(sep).join('/');
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length) {
			await work(items[next++]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** One self-overwriting status line on a terminal's stderr, at most ten times a second. */
class Progress {
	#last = 0;
	#shown = false;

	constructor(readonly enabled: boolean) {}

	show(text: string): void {
		const now = Date.now();
		if (!this.enabled || now - this.#last < 100) {
			return;
		}
		this.#last = now;
		this.#shown = true;
		process.stderr.write(`\r\x1b[K${text}`);
	}

	clear(): void {
		if (this.#shown) {
			this.#shown = false;
			process.stderr.write('\r\x1b[K');
		}
	}
}
