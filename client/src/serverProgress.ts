/**
 * What the long server commands (Check Remote Links, Check Capsule) share: the server's work-done
 * progress shown as a cancellable notification, and cancellation turned into a result, not an error.
 */
import * as vscode from 'vscode';

/** A work-done progress value as the client passes it on. */
export type ServerProgress = { readonly kind: 'begin' | 'report' | 'end'; readonly message?: string; readonly percentage?: number };

/**
 * Runs `request` under a cancellable progress notification titled `title`, feeding it the server's
 * progress. When the user cancels and the request fails because of it, resolves with `cancelled()`.
 */
export function withServerProgress<R>(
	title: string,
	request: (onProgress: (value: ServerProgress) => void, token: vscode.CancellationToken) => Promise<R>,
	cancelled: () => R,
): Thenable<R> {
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
		let shown = 0;
		try {
			return await request((value) => {
				if (value.kind !== 'end') {
					const percentage = value.percentage ?? shown;
					progress.report({ message: value.message, increment: Math.max(0, percentage - shown) });
					shown = Math.max(shown, percentage);
				}
			}, token);
		} catch (e) {
			if (token.isCancellationRequested) {
				return cancelled();
			}
			throw e;
		}
	});
}
