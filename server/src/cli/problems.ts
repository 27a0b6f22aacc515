/**
 * The problems `gemtext check` reports, and their GitHub Actions form (`--format github`).
 */
import type { DiagnosticSeverity } from '../service';

/** A problem as `gemtext check` prints it: lines and columns 1-based, the path relative to the current directory. */
export interface Problem {
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly endLine: number;
	readonly endColumn: number;
	readonly severity: Exclude<DiagnosticSeverity, 'hint'>;
	readonly code: string;
	readonly message: string;
}

/**
 * A problem as a GitHub Actions workflow command: an annotation on the file and lines of the
 * pull request (`notice` for information). Escaped as the Actions toolkit escapes them: `%`, CR and
 * LF everywhere, and `:` and `,` in the properties too.
 *
 * @example `::error file=index.gmi,line=4,endLine=4,col=4,endColumn=15,title=link.missing-file::\`missing.gmi\` does not exist.`
 */
export function githubAnnotation(p: Problem): string {
	const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
	const property = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
	const command = p.severity === 'information' ? 'notice' : p.severity;
	const properties = [`file=${property(p.file)}`, `line=${p.line}`, `endLine=${p.endLine}`, `col=${p.column}`, `endColumn=${p.endColumn}`, `title=${property(p.code)}`];
	return `::${command} ${properties.join(',')}::${data(p.message)}`;
}
