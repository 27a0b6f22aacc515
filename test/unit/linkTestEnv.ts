/**
 * A link-feature environment over the in-memory file system, for the unit tests of
 * link diagnostics, quick fixes, completion, hover, references and rename.
 */
import type { LinkWorkspaceEnvironment } from '../../server/src/service/references';
import type { GemDocument } from '../../server/src/service/document';
import { parseGemtext } from '../../server/src/service/parser';
import { defaultSettings, type GemtextSettings } from '../../server/src/service/workspace';
import { MemoryFileSystem, uriOf } from './memoryFileSystem';

/** Gemtexter's id rule (docs/gemtext.md, "Gemtexter's HTML"), the style these tests run in. */
function slug(text: string): string {
	return text.toLowerCase().replace(/['\s]/g, '-').replace(/[^a-z0-9-]/g, '');
}

export interface TestEnv extends LinkWorkspaceEnvironment {
	readonly fs: MemoryFileSystem;
	/** Open documents: their text wins over the disk. */
	readonly open: Map<string, string>;
}

/**
 * `files` by path (`/ws/a.gmi`); the capsule root is `/ws` unless `root` says otherwise
 * (`null`: none).
 */
export function createTestEnv(files: Readonly<Record<string, string>>, root: string | null = '/ws'): TestEnv {
	const fs = new MemoryFileSystem(files);
	const open = new Map<string, string>();
	const rootUri = root === null ? undefined : uriOf(root);
	return {
		fs,
		open,
		fileSystem: fs,
		getCapsuleRoot: async () => rootUri,
		getDocument: async (uri: string): Promise<GemDocument | undefined> => {
			const text = open.get(uriOf(uri));
			if (text !== undefined) {
				return parseGemtext(text);
			}
			const bytes = await fs.readFile(uri);
			return bytes ? parseGemtext(new TextDecoder().decode(bytes)) : undefined;
		},
		getHeadingIds: async (doc: GemDocument) => doc.headings.map((h) => slug(h.content)),
		getHeadingStyle: async () => 'gemtexter',
		getWorkspaceFolders: () => [rootUri ?? uriOf('/')],
		getWorkspaceFiles: async () => {
			const out: string[] = [];
			const walk = async (dir: string): Promise<void> => {
				for (const [name, type] of (await fs.readDirectory(dir)) ?? []) {
					const child = dir.replace(/\/$/, '') + '/' + encodeURIComponent(name);
					if (type === 'directory') await walk(child);
					else if (/\.gmi$/.test(name)) out.push(uriOf(child));
				}
			};
			await walk(rootUri ?? uriOf('/'));
			return out;
		},
	};
}

/** Settings with the link families at their defaults, overridable per test. */
export function settingsWith(validate: Partial<GemtextSettings['validate']> = {}): GemtextSettings {
	return { ...defaultSettings, validate: { ...defaultSettings.validate, ...validate } };
}

/** The document at `path` of the env, parsed, with its URI. */
export async function docOf(env: TestEnv, path: string): Promise<{ doc: GemDocument; uri: string }> {
	const uri = uriOf(path);
	const doc = await env.getDocument(uri);
	if (!doc) throw new Error(`no document ${path}`);
	return { doc, uri };
}
