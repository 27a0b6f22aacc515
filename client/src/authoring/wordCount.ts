/**
 * The word count and reading time of the active Gemtext or template editor in the status bar. The
 * server counts (`gemtext/wordCount`: words outside ``` blocks, as Gemtexter's feed counts them);
 * the client asks when the active editor changes, and at most every {@link DEBOUNCE_MS} while typing.
 */
import * as vscode from 'vscode';
import type { WordCountRequest } from '../../../server/src/protocol';
import { isGemtextDocument } from '../languages';

export interface IWordCountRequests {
	wordCount(params: WordCountRequest.Params, token?: vscode.CancellationToken): Promise<WordCountRequest.Result>;
}

export const WORD_COUNT_ITEM_ID = 'gemtext.wordCount';
const DEBOUNCE_MS = 300;

/** The status bar item, and an event after each update (for the tests). */
export interface WordCountStatus extends vscode.Disposable {
	readonly item: vscode.StatusBarItem;
	readonly onDidUpdate: vscode.Event<string>;
}

export function formatWordCount(result: NonNullable<WordCountRequest.Result>): { text: string; tooltip: string } {
	const words = `${result.words.toLocaleString('en-US')} ${result.words === 1 ? 'word' : 'words'}`;
	return {
		text: `$(book) ${words}, ${result.minutes} min`,
		tooltip: `${words} outside preformatted blocks, counted as Gemtexter counts them; about ${result.minutes} min to read at ${result.wordsPerMinute} words per minute.`,
	};
}

export function registerWordCount(requests: IWordCountRequests): WordCountStatus {
	const item = vscode.window.createStatusBarItem(WORD_COUNT_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
	item.name = 'Gemtext Word Count';
	const updated = new vscode.EventEmitter<string>();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let pending: vscode.CancellationTokenSource | undefined;

	const update = async (): Promise<void> => {
		timer = undefined;
		pending?.cancel();
		const document = vscode.window.activeTextEditor?.document;
		if (!isGemtextDocument(document) || !document) {
			item.hide();
			return;
		}
		const source = (pending = new vscode.CancellationTokenSource());
		try {
			const result = await requests.wordCount({ uri: document.uri.toString() }, source.token);
			if (source.token.isCancellationRequested) {
				return;
			}
			if (!result) {
				item.hide();
				return;
			}
			const { text, tooltip } = formatWordCount(result);
			item.text = text;
			item.tooltip = tooltip;
			item.show();
			updated.fire(text);
		} catch {
			// Cancelled, or the server is restarting: the next change asks again.
		} finally {
			source.dispose();
			if (pending === source) {
				pending = undefined;
			}
		}
	};
	const schedule = (delay: number): void => {
		if (timer !== undefined) {
			clearTimeout(timer);
		}
		timer = setTimeout(() => void update(), delay);
	};
	schedule(0);
	const subscriptions = [
		vscode.window.onDidChangeActiveTextEditor(() => schedule(0)),
		vscode.workspace.onDidChangeTextDocument((e) => {
			if (e.document === vscode.window.activeTextEditor?.document && e.contentChanges.length > 0) schedule(DEBOUNCE_MS);
		}),
		vscode.workspace.onDidOpenTextDocument((d) => {
			// A language change (e.g. "Change Language Mode") closes and reopens the document.
			if (d === vscode.window.activeTextEditor?.document) schedule(0);
		}),
	];
	return {
		item,
		onDidUpdate: updated.event,
		dispose() {
			if (timer !== undefined) clearTimeout(timer);
			pending?.cancel();
			vscode.Disposable.from(...subscriptions, item, updated).dispose();
		},
	};
}
