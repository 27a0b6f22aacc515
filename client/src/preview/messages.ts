/**
 * The extension side's view of the preview messages. The definitions live in client/webview/messages.ts
 * because the webview bundle may not import client/src (lint: webview code shares only message types),
 * while client/src may import the webview's type module; one definition, two importers.
 */
export * from '../../webview/messages';
