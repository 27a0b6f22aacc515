/**
 * Gemtexter posts and drafts: "Gemtext: New Post", "New Draft", "Publish Draft" and "Update Published
 * Date". The server names the files and writes the stamps (server/src/service/posts.ts, at its local
 * time); this module finds the capsule, asks the user, and creates, edits and renames the files.
 * Publishing renames through `workspace.applyEdit`, which fires `onWillRenameFiles`, so the link
 * updates of links/fileMove.ts apply to links to the draft.
 */
import * as vscode from 'vscode';
import type { NewPostRequest, PublishedDateRequest } from '../../../server/src/protocol';
import { TEMPLATE_LANGUAGE_ID } from '../languages';
import { commandTarget, exists } from '../files';
import { Commands } from '../commandIds';

export interface IPostRequests {
	newPost(params: NewPostRequest.Params, token?: vscode.CancellationToken): Promise<NewPostRequest.Result>;
	publishedDate(params: PublishedDateRequest.Params, token?: vscode.CancellationToken): Promise<{ edit: vscode.TextEdit; publishedName?: string } | undefined>;
}

type Extension = NewPostRequest.Params['extension'];

/** Optional arguments of New Post / New Draft (a title string is also accepted). */
interface NewPostArgs {
	readonly title?: string;
	readonly draft?: boolean;
	/** A folder from the Explorer: a `gemfeed` folder itself, else the capsule holding `gemfeed/`. */
	readonly folder?: vscode.Uri;
}

const parent = (uri: vscode.Uri): vscode.Uri => vscode.Uri.joinPath(uri, '..');
const baseName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);
const isInside = (uri: vscode.Uri, folder: vscode.Uri): boolean => uri.toString() === folder.toString() || uri.toString().startsWith(folder.toString().replace(/\/?$/, '/'));

/**
 * The capsule's gemfeed folder for a new post: the gemfeed folder the active document is in, else
 * `gemfeed/` in `gemtext.capsuleRoot`, the nearest folder holding `gemtexter.conf` (above the active
 * document, else the shallowest in the workspace folder), or the workspace folder.
 */
async function gemfeedFolder(): Promise<vscode.Uri | undefined> {
	const active = vscode.window.activeTextEditor?.document.uri;
	const folders = vscode.workspace.workspaceFolders ?? [];
	const folder = (active && vscode.workspace.getWorkspaceFolder(active))
		?? (folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder of the new post' }));
	if (!folder) {
		return undefined;
	}
	if (active && vscode.workspace.getWorkspaceFolder(active) === folder) {
		for (let dir = parent(active); isInside(dir, folder.uri); dir = parent(dir)) {
			if (baseName(dir) === 'gemfeed') {
				return dir;
			}
			if (dir.toString() === folder.uri.toString()) {
				break;
			}
		}
	}
	const setting = vscode.workspace.getConfiguration('gemtext', folder.uri).get<string>('capsuleRoot', '').trim();
	if (setting) {
		const root = /^(\/|[A-Za-z]:[\\/])/.test(setting) ? vscode.Uri.file(setting) : vscode.Uri.joinPath(folder.uri, setting);
		return vscode.Uri.joinPath(root, 'gemfeed');
	}
	if (active && isInside(active, folder.uri)) {
		for (let dir = parent(active); isInside(dir, folder.uri); dir = parent(dir)) {
			if (await exists(vscode.Uri.joinPath(dir, 'gemtexter.conf'))) {
				return vscode.Uri.joinPath(dir, 'gemfeed');
			}
			if (dir.toString() === folder.uri.toString()) {
				break;
			}
		}
	}
	const configs = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/gemtexter.conf'), '**/{node_modules,.git}/**', 20);
	const shallowest = configs.sort((a, b) => a.path.split('/').length - b.path.split('/').length)[0];
	return vscode.Uri.joinPath(shallowest ? parent(shallowest) : folder.uri, 'gemfeed');
}

async function existingNames(folder: vscode.Uri): Promise<string[]> {
	try {
		return (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
	} catch {
		return [];
	}
}

/** Creates a post (or a draft) and opens it with the cursor under the stamp; resolves to the new file. */
async function newPost(requests: IPostRequests, args: NewPostArgs): Promise<vscode.Uri | undefined> {
	const gemfeed = args.folder ? (baseName(args.folder) === 'gemfeed' ? args.folder : vscode.Uri.joinPath(args.folder, 'gemfeed')) : await gemfeedFolder();
	if (!gemfeed) {
		void vscode.window.showInformationMessage('Open a folder to create a post in its gemfeed/ folder.');
		return undefined;
	}
	const draft = args.draft === true;
	const extension = vscode.workspace.getConfiguration('gemtext.newPost', gemfeed).get<Extension>('extension', '.gmi.tpl') === '.gmi' ? '.gmi' : '.gmi.tpl';
	const existing = await existingNames(gemfeed);
	const ask = (title: string) => requests.newPost({ title, draft, extension, existing });
	const title = args.title ?? await vscode.window.showInputBox({
		title: draft ? 'New Draft' : 'New Post',
		prompt: `Title of the ${draft ? 'draft' : 'post'}; the file goes to ${vscode.workspace.asRelativePath(gemfeed)}/`,
		placeHolder: 'Title',
		ignoreFocusOut: true,
		validateInput: async (value) => {
			const result = await ask(value);
			return result.problem !== undefined
				? { message: result.problem, severity: vscode.InputBoxValidationSeverity.Error }
				: { message: `Creates ${result.fileName}`, severity: vscode.InputBoxValidationSeverity.Info };
		},
	});
	if (title === undefined) {
		return undefined;
	}
	const result = await ask(title);
	if (result.problem !== undefined) {
		void vscode.window.showErrorMessage(`Gemtext: ${result.problem}`);
		return undefined;
	}
	const target = vscode.Uri.joinPath(gemfeed, result.fileName);
	if (await exists(target)) {
		// Only when the file appeared since the folder was read: the name is otherwise free.
		void vscode.window.showErrorMessage(`Gemtext: ${result.fileName} already exists.`);
		return undefined;
	}
	await vscode.workspace.fs.createDirectory(gemfeed);
	await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
	const editor = await vscode.window.showTextDocument(target);
	const cursor = new vscode.Position(result.cursorLine, 0);
	editor.selection = new vscode.Selection(cursor, cursor);
	editor.revealRange(new vscode.Range(cursor, cursor));
	return target;
}

/** Restamps `> Published at` of a document (inserted after the title when missing), as one undo step. */
async function updatePublishedDate(requests: IPostRequests, uri: vscode.Uri): Promise<boolean> {
	await vscode.workspace.openTextDocument(uri);
	const result = await requests.publishedDate({ uri: uri.toString() });
	if (!result) {
		void vscode.window.showErrorMessage(`Gemtext: ${baseName(uri)} is not open as a Gemtext document.`);
		return false;
	}
	const edit = new vscode.WorkspaceEdit();
	edit.replace(uri, result.edit.range, result.edit.newText);
	return vscode.workspace.applyEdit(edit);
}

/**
 * Publishes a draft: stamps it with now, saves it, and renames it (and the `.gmi` its template
 * generated, when present) to today's dated name; links to them are updated by the file-move edits.
 */
async function publishDraft(requests: IPostRequests, uri: vscode.Uri): Promise<vscode.Uri | undefined> {
	const document = await vscode.workspace.openTextDocument(uri);
	const result = await requests.publishedDate({ uri: uri.toString(), publish: true });
	if (!result) {
		void vscode.window.showErrorMessage(`Gemtext: ${baseName(uri)} is not open as a Gemtext document.`);
		return undefined;
	}
	if (!result.publishedName) {
		void vscode.window.showInformationMessage(`${baseName(uri)} is not a draft: Gemtexter drafts have DRAFT- in their name.`);
		return undefined;
	}
	const target = vscode.Uri.joinPath(parent(uri), result.publishedName);
	if (await exists(target)) {
		void vscode.window.showErrorMessage(`Gemtext: cannot publish ${baseName(uri)}: ${result.publishedName} already exists.`);
		return undefined;
	}
	const stamp = new vscode.WorkspaceEdit();
	stamp.replace(uri, result.edit.range, result.edit.newText);
	if (!(await vscode.workspace.applyEdit(stamp)) || !(await document.save())) {
		void vscode.window.showErrorMessage(`Gemtext: could not stamp and save ${baseName(uri)}.`);
		return undefined;
	}
	const move = new vscode.WorkspaceEdit();
	move.renameFile(uri, target, { overwrite: false });
	const template = document.languageId === TEMPLATE_LANGUAGE_ID || /\.gmi\.tpl$/i.test(uri.path);
	if (template) {
		const generated = uri.with({ path: uri.path.replace(/\.tpl$/i, '') });
		const generatedTarget = target.with({ path: target.path.replace(/\.tpl$/i, '') });
		if ((await exists(generated)) && !(await exists(generatedTarget))) {
			move.renameFile(generated, generatedTarget, { overwrite: false });
		}
	}
	if (!(await vscode.workspace.applyEdit(move))) {
		void vscode.window.showErrorMessage(`Gemtext: could not rename ${baseName(uri)} to ${result.publishedName}.`);
		return undefined;
	}
	return target;
}

function newPostArgs(arg: unknown, draft: boolean): NewPostArgs {
	if (typeof arg === 'string') {
		return { title: arg, draft };
	}
	if (arg instanceof vscode.Uri) {
		return { draft, folder: arg };
	}
	const given = arg && typeof arg === 'object' ? (arg as NewPostArgs) : {};
	return { title: typeof given.title === 'string' ? given.title : undefined, draft: draft || given.draft === true, folder: given.folder instanceof vscode.Uri ? given.folder : undefined };
}

export function registerPostCommands(requests: IPostRequests): vscode.Disposable {
	const failed = (what: string) => (error: unknown): undefined => {
		void vscode.window.showErrorMessage(`Gemtext: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
		return undefined;
	};
	return vscode.Disposable.from(
		vscode.commands.registerCommand(Commands.newPost, (arg?: unknown) => newPost(requests, newPostArgs(arg, false)).catch(failed('New Post'))),
		vscode.commands.registerCommand(Commands.newDraft, (arg?: unknown) => newPost(requests, newPostArgs(arg, true)).catch(failed('New Draft'))),
		vscode.commands.registerCommand(Commands.publishDraft, (arg?: unknown) => {
			const uri = commandTarget(arg);
			if (!uri) {
				void vscode.window.showInformationMessage('Open a Gemtexter draft (DRAFT-….gmi or .gmi.tpl) to publish it.');
				return undefined;
			}
			return publishDraft(requests, uri).catch(failed('Publish Draft'));
		}),
		vscode.commands.registerCommand(Commands.updatePublishedDate, (arg?: unknown) => {
			const uri = commandTarget(arg);
			if (!uri) {
				void vscode.window.showInformationMessage('Open a Gemtext post to update its Published at date.');
				return false;
			}
			return updatePublishedDate(requests, uri).catch(failed('Update Published Date'));
		}),
	);
}
