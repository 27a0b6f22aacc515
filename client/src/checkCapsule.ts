/**
 * "Gemtext: Check Capsule" (`gemtext.checkCapsule`): asks the server to validate every
 * Gemtext file and template of the workspace now, with a cancellable progress notification.
 * Problems of closed files land in the Problems panel beside those of open documents.
 */
import * as vscode from 'vscode';
import type { CheckCapsuleRequest } from '../../server/src/protocol';
import { type ServerProgress, withServerProgress } from './serverProgress';
import { Commands } from './commandIds';

/** What the command needs from the client. */
export interface ICheckCapsuleRequests {
	checkCapsule(
		onProgress: (value: ServerProgress) => void,
		token?: vscode.CancellationToken,
	): Promise<CheckCapsuleRequest.Result>;
}

export function registerCheckCapsule(requests: ICheckCapsuleRequests): vscode.Disposable {
	return vscode.commands.registerCommand(Commands.checkCapsule, async (): Promise<CheckCapsuleRequest.Result> => {
		const result = await withServerProgress(
			'Gemtext: Checking the capsule',
			(onProgress, token) => requests.checkCapsule(onProgress, token),
			() => ({ files: 0, problems: 0, filesWithProblems: 0, cancelled: true }),
		);
		if (result.cancelled) {
			void vscode.window.showInformationMessage('Gemtext: capsule check cancelled.');
		} else {
			const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
			const summary = `Gemtext: checked ${plural(result.files, 'file')}: `
				+ (result.problems === 0 ? 'no problems.' : `${plural(result.problems, 'problem')} in ${plural(result.filesWithProblems, 'file')}.`);
			void vscode.window.showInformationMessage(summary, ...(result.problems > 0 ? ['Show Problems'] : [])).then((choice) => {
				if (choice === 'Show Problems') {
					void vscode.commands.executeCommand('workbench.actions.view.problems');
				}
			});
		}
		return result;
	});
}
