/**
 * The capsule root: the folder absolute-path links (`/about.gmi`) resolve against, where
 * Gemtexter's site starts. One rule for the editor and `gemtext check`, described in
 * docs/gemtext.md ("The capsule root"); the inputs say where each caller stands.
 */
import { URI, Utils } from 'vscode-uri';
import { normalizeUri } from './linkTargets';

/** Gemtexter's configuration file: the folder holding it is the capsule's root. */
export const GEMTEXTER_CONF = 'gemtexter.conf';

/** What the rule looks at. */
export interface CapsuleRootInput {
	/**
	 * The folder the search starts in (a URI): the document's (`folderOf`); for `gemtext check`, the
	 * checked folder. `undefined` for a document without one (an `untitled:` URI): no search.
	 */
	readonly from: string | undefined;
	/**
	 * The workspace folder holding `from`: the search stops there, a relative setting resolves
	 * against it, and it is the answer when no marker is found. Without one (a file outside any
	 * folder, or `gemtext check` looking for the folder to use as one) the search goes up to the
	 * file system root, and finding nothing gives `undefined`.
	 */
	readonly workspaceFolder?: string;
	/** `gemtext.capsuleRoot`: absolute (a path or a URI) or relative to the workspace folder; empty when unset. */
	readonly setting?: string;
	/** File names (or paths below a folder) that mark a root; default `gemtexter.conf`. */
	readonly markers?: readonly string[];
	/**
	 * The search for the nearest marked folder, when the caller keeps its answers (the service, per
	 * folder); `from` and `markers` are then not looked at. Default: `findMarkedFolder` from `from`.
	 */
	readonly search?: () => Promise<string | undefined>;
}

/** Whether `uri` is a regular file (the caller may cache it). */
export type IsFile = (uri: string) => Promise<boolean>;

/**
 * The capsule root of `input.from`: `setting` when given, else the nearest folder from
 * `from`'s up to the workspace folder holding a marker, else the workspace folder.
 *
 * @example findCapsuleRoot({ from: 'file:///ws/site/gemfeed', workspaceFolder: 'file:///ws' }, isFile)
 * // 'file:///ws/site' when /ws/site/gemtexter.conf exists
 */
export async function findCapsuleRoot(input: CapsuleRootInput, isFile: IsFile): Promise<string | undefined> {
	const folder = input.workspaceFolder;
	const setting = input.setting;
	if (setting) {
		if (/^[A-Za-z][A-Za-z0-9+.-]+:\/\//.test(setting)) {
			return normalizeUri(setting);
		}
		if (setting.startsWith('/') || /^[A-Za-z]:[\\/]/.test(setting) || setting.startsWith('\\\\')) {
			return URI.file(setting).toString();
		}
		return folder ? Utils.joinPath(URI.parse(folder), setting).toString() : undefined;
	}
	const found = input.search ? await input.search() : input.from !== undefined ? await findMarkedFolder(input.from, folder, input.markers ?? [GEMTEXTER_CONF], isFile) : undefined;
	return found ?? folder;
}

/** The folder of a document (a `file:`-like URI with a path), where searches for markers start. */
export function folderOf(uri: string): string | undefined {
	let dir: URI;
	try {
		dir = Utils.dirname(URI.parse(normalizeUri(uri)));
	} catch {
		return undefined;
	}
	return dir.path.startsWith('/') ? dir.toString() : undefined;
}

/**
 * The nearest folder, from `start` up to `stop` (the file system root without one), that
 * holds a file named one of `markers`.
 */
export async function findMarkedFolder(start: string, stop: string | undefined, markers: readonly string[], isFile: IsFile): Promise<string | undefined> {
	let dir = URI.parse(start);
	for (;;) {
		const key = dir.toString();
		for (const marker of markers) {
			if (await isFile(Utils.joinPath(dir, marker).toString())) {
				return key;
			}
		}
		const parent = Utils.dirname(dir);
		if (key === stop || parent.path === dir.path) {
			return undefined;
		}
		dir = parent;
	}
}
