/**
 * Where a pasted or dropped file is copied and how a link names it: the variables of
 * `gemtext.copyFiles.destination` (those of `markdown.copyFiles.destination`), numbered
 * names that never overwrite, relative link paths. No VS Code API, so unit tests run it.
 */
import picomatch from 'picomatch';

/** What the variables of a destination stand for. Paths are URI paths (`/ws/docs/a.gmi`). */
export interface DestinationContext {
	/** The document the file is pasted into. */
	readonly documentPath: string;
	/** Its workspace folder, `undefined` outside any. */
	readonly workspaceFolderPath: string | undefined;
	/** Name of the pasted file (`cat.png`). */
	readonly fileName: string;
	readonly now: Date;
}

function dirname(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash <= 0 ? '/' : path.slice(0, slash);
}

function basename(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/** `.png` of `cat.png`; `.gmi.tpl` counts as one extension; '' for none. */
export function extname(name: string): string {
	if (name.toLowerCase().endsWith('.gmi.tpl')) return name.slice(-'.gmi.tpl'.length);
	const dot = name.lastIndexOf('.');
	return dot <= 0 ? '' : name.slice(dot);
}

/** `a/./b/../c` → `a/c`; keeps a leading `/`. */
function normalize(path: string): string {
	const out: string[] = [];
	for (const part of path.split('/')) {
		if (part === '..') out.pop();
		else if (part !== '.' && part !== '') out.push(part);
	}
	return (path.startsWith('/') ? '/' : '') + out.join('/');
}

/** Path of `path` below `folder`, `undefined` when it is not inside. */
function relativeInside(folder: string, path: string): string | undefined {
	const prefix = folder.endsWith('/') ? folder : folder + '/';
	return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/**
 * The destination of `settings` whose glob matches the document (globs match the path
 * relative to its workspace folder, or the absolute path), with its variables filled in:
 * a folder when it ends with `/`, else the file's path. Relative results are resolved
 * against the document's folder. Default: the document's folder.
 *
 * @example `{ "**\/*.gmi": "images/${documentBaseName}/" }`, pasting `cat.png` into `/ws/post.gmi` → `/ws/images/post/cat.png`
 */
export function resolveDestination(settings: Readonly<Record<string, unknown>>, context: DestinationContext): string {
	const documentDir = dirname(context.documentPath);
	const relativeDocument = context.workspaceFolderPath ? relativeInside(context.workspaceFolderPath, context.documentPath) : undefined;
	let template: string | undefined;
	for (const [glob, value] of Object.entries(settings)) {
		if (typeof value !== 'string' || value === '') continue;
		const pattern = glob.startsWith('/') ? glob.slice(1) : glob;
		const isMatch = picomatch(pattern, { dot: true });
		if ((relativeDocument !== undefined && isMatch(relativeDocument)) || isMatch(context.documentPath.slice(1))) {
			template = value;
			break;
		}
	}
	if (template === undefined) {
		return normalize(`${documentDir}/${context.fileName}`);
	}
	const documentFileName = basename(context.documentPath);
	const documentExt = extname(documentFileName);
	const fileExt = extname(context.fileName);
	const workspace = context.workspaceFolderPath ?? documentDir;
	const variables: Record<string, string> = {
		documentDirName: documentDir,
		documentRelativeDirName: relativeDocument !== undefined ? dirname('/' + relativeDocument).slice(1) : documentDir,
		documentFileName,
		documentBaseName: documentFileName.slice(0, documentFileName.length - documentExt.length),
		documentExtName: documentExt.replace(/^\./, ''),
		documentFilePath: context.documentPath,
		documentRelativeFilePath: relativeDocument ?? context.documentPath,
		documentWorkspaceFolder: workspace,
		fileName: context.fileName,
		fileExtName: fileExt.replace(/^\./, ''),
		unixTime: String(context.now.getTime()),
		isoTime: context.now.toISOString(),
	};
	// `\${x}` stays literal; an unknown variable is left as written.
	const filled = template.replace(/\\\$\{([A-Za-z]+)\}|\$\{([A-Za-z]+)\}/g, (whole, escaped: string | undefined, name: string | undefined) =>
		escaped !== undefined ? whole.slice(1) : name !== undefined && name in variables ? variables[name] : whole,
	);
	const target = filled.endsWith('/') ? filled + context.fileName : filled;
	return normalize(target.startsWith('/') ? target : `${documentDir}/${target}`);
}

/** `cat.png`, then `cat-1.png`, `cat-2.png`… the first name `exists` says is free (bounded). */
export async function uniquePath(path: string, exists: (path: string) => Promise<boolean>): Promise<string> {
	if (!(await exists(path))) return path;
	const dir = dirname(path);
	const name = basename(path);
	const ext = extname(name);
	const stem = name.slice(0, name.length - ext.length);
	for (let i = 1; i < 10_000; i++) {
		const candidate = `${dir === '/' ? '' : dir}/${stem}-${i}${ext}`;
		if (!(await exists(candidate))) return candidate;
	}
	return `${dir === '/' ? '' : dir}/${stem}-${Date.now()}${ext}`;
}

/**
 * The link URL from the document's folder to `target`, percent-encoded per segment
 * (`../img/my%20cat.png`). A Gemtexter template is linked by the page it generates
 * (`post.gmi.tpl` → `post.gmi`).
 */
export function relativeLink(documentPath: string, targetPath: string): string {
	const target = pageOf(targetPath);
	const from = dirname(documentPath).split('/').filter(Boolean);
	const to = target.split('/').filter(Boolean);
	let common = 0;
	while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
	const parts = [...from.slice(common).map(() => '..'), ...to.slice(common)];
	return parts.map((p) => (p === '..' ? p : encodeURIComponent(p).replace(/%2F/g, '/'))).join('/');
}

const TEMPLATE = /\.gmi\.tpl$/i;

/** The page a file is linked as: a Gemtexter template (`post.gmi.tpl`) by the page it generates (`post.gmi`). */
function pageOf(path: string): string {
	return TEMPLATE.test(path) ? path.slice(0, -'.tpl'.length) : path;
}

/**
 * The files a link can be made to from the document at `documentPath`, each page once: a Gemtexter
 * template and the page it generates are one target, listed by the template (the file the author
 * edits; `relativeLink` links it as the page), and the document's own page is left out.
 */
export function distinctLinkTargets<T>(files: readonly T[], pathOf: (file: T) => string, documentPath: string): T[] {
	const own = pageOf(documentPath);
	const templated = new Set(files.map(pathOf).filter((p) => TEMPLATE.test(p)).map(pageOf));
	return files.filter((file) => {
		const path = pathOf(file);
		return pageOf(path) !== own && (TEMPLATE.test(path) || !templated.has(path));
	});
}

/** A label from a file name: `my-holiday_photo.jpg` → `my holiday photo`. */
export function labelOfFileName(name: string): string {
	const ext = extname(name);
	const stem = name.slice(0, name.length - ext.length) || name;
	return stem.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim() || name;
}
