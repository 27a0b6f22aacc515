/**
 * Gemtexter templates (`*.gmi.tpl`): expansion as Gemtexter does it, and the map that
 * brings features computed on the generated document back to the template's lines.
 */
import { URI, Utils } from 'vscode-uri';
import type { IFileSystem } from '../workspace';
import { decodeText } from '../workspace';
import type { TemplateFolder } from './helpers';

export { expandTemplate } from './expand';
export type {
	ExpandOptions,
	LineOrigin,
	TemplateCode,
	TemplateExpansion,
	TemplatePlaceholder,
	TemplateProblem,
	TemplateProblemCode,
	TemplateRunner,
	TemplateRunRequest,
	TemplateRunResult,
} from './expand';
export { breToRegExp, expandIndex, expandToc, extractTitle, gemtexterHeadingLines, parseHelperCall } from './helpers';
export type { HelperCall, TemplateFolder, TemplateHelper } from './helpers';
export { echoLine, isTemplateFile, scanTemplate, unescapeLine } from './scan';
export type { ScannedTemplate, TemplateSegment } from './scan';
export { TemplateSourceMap } from './sourceMap';

/** The `.gmi` a template generates: its name minus `.tpl` (`CURRENT_GMI`). */
export function generatedFileOf(templateUri: string): string {
	return templateUri.slice(0, -'.tpl'.length);
}

/** The template beside a generated `.gmi`. */
export function templateFileOf(gmiUri: string): string {
	return gmiUri + '.tpl';
}

/** The template's folder through the service's file system, as the index helpers read it. */
export function templateFolder(fileSystem: IFileSystem, templateUri: string): TemplateFolder {
	const dir = Utils.dirname(URI.parse(templateUri));
	return {
		async list() {
			const entries = await fileSystem.readDirectory(dir.toString());
			return entries?.map(([name]) => name).filter((name) => !name.startsWith('.'));
		},
		async read(name) {
			const bytes = await fileSystem.readFile(Utils.joinPath(dir, name).toString());
			return bytes ? decodeText(bytes) : undefined;
		},
	};
}
