/**
 * Enforces the LSP lifecycle and the shape of params between the transport and the
 * connection, so that handlers only ever see what the protocol allows:
 *
 * - before `initialize`, a request is answered ServerNotInitialized (-32002) and a
 *   notification other than `exit` is dropped;
 * - after `shutdown`, a request is answered InvalidRequest and a notification other than
 *   `exit` is dropped;
 * - a request whose params do not have the shape its method declares is answered
 *   InvalidParams with a message naming the offending field, instead of reaching a
 *   handler that would fail with JavaScript's own words (`Cannot read properties of null`);
 *   such a notification is dropped with a log line.
 *
 * Methods not listed in `PARAMS` pass unchecked (the connection answers MethodNotFound for
 * unknown requests). A reader decorator, so it works on any transport.
 */
import { type DataCallback, type Disposable, ErrorCodes, type Event, Message, type MessageReader, type MessageWriter, type NotificationMessage, type PartialMessageInfo, type RequestMessage, type ResponseMessage } from 'vscode-languageserver';
import {
	CheckCapsuleRequest,
	CheckRemoteLinksRequest,
	FileMoveEditsRequest,
	FileReferencesRequest,
	NewPostRequest,
	PreviewGemfeedRequest,
	PublishedDateRequest,
	RenderHtmlRequest,
	TableOfContentsEditRequest,
	WordCountRequest,
	WorkspaceTrustNotification,
} from './protocol';
import { ConvertToGemtextRequest, DocumentTitlesRequest, UrlPasteEditRequest } from './protocol';

/** Describes what is wrong with `value` at `path`, or returns undefined when it fits. */
type Check = (value: unknown, path: string) => string | undefined;

function describe(value: unknown): string {
	if (value === null) {
		return 'null';
	}
	if (Array.isArray(value)) {
		return 'an array';
	}
	if (typeof value === 'string') {
		return value.length > 40 ? 'a string' : JSON.stringify(value);
	}
	return typeof value === 'number' || typeof value === 'boolean' ? String(value) : `a value of type ${typeof value}`;
}

/** The problem report for `value` at `path`, which should have been `what`. */
function expected(path: string, what: string, value: unknown): string {
	return value === undefined ? `${path} is missing (expected ${what})` : `${path} must be ${what}, not ${describe(value)}`;
}

const string: Check = (v, path) => (typeof v === 'string' ? undefined : expected(path, 'a string', v));
const boolean: Check = (v, path) => (typeof v === 'boolean' ? undefined : expected(path, 'true or false', v));
const integer: Check = (v, path) => (Number.isInteger(v) ? undefined : expected(path, 'an integer', v));
const uinteger: Check = (v, path) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : expected(path, 'a non-negative integer', v));

/** A progress token: a string or an integer. */
const progressToken: Check = (v, path) => (typeof v === 'string' || Number.isInteger(v) ? undefined : expected(path, 'a string or an integer', v));

function optional(check: Check): Check {
	return (v, path) => (v === undefined ? undefined : check(v, path));
}

function object(fields: Readonly<Record<string, Check>>): Check {
	return (v, path) => {
		if (typeof v !== 'object' || v === null || Array.isArray(v)) {
			return expected(path, 'an object', v);
		}
		for (const [name, check] of Object.entries(fields)) {
			const problem = check((v as Record<string, unknown>)[name], `${path}.${name}`);
			if (problem) {
				return problem;
			}
		}
		return undefined;
	};
}

function array(item: Check): Check {
	return (v, path) => {
		if (!Array.isArray(v)) {
			return expected(path, 'an array', v);
		}
		for (let i = 0; i < v.length; i++) {
			const problem = item(v[i], `${path}[${i}]`);
			if (problem) {
				return problem;
			}
		}
		return undefined;
	};
}

const requestId: Check = (v, path) => (typeof v === 'string' || Number.isInteger(v) ? undefined : expected(path, 'a request id (a string or an integer)', v));
const workspaceFolder = object({ uri: string, name: string });

const textDocument = object({ uri: string });
const position = object({ line: uinteger, character: uinteger });
const range = object({ start: position, end: position });
const atPosition = object({ textDocument, position });
const onDocument = object({ textDocument });

/** The params each checked method needs (fields a handler reads; extra fields are allowed). */
const PARAMS: Readonly<Record<string, Check>> = {
	'textDocument/documentSymbol': onDocument,
	'textDocument/foldingRange': onDocument,
	'textDocument/documentLink': onDocument,
	'textDocument/selectionRange': object({ textDocument, positions: array(position) }),
	'textDocument/completion': atPosition,
	'textDocument/hover': atPosition,
	'textDocument/definition': atPosition,
	'textDocument/prepareRename': atPosition,
	'textDocument/references': object({ textDocument, position, context: object({ includeDeclaration: boolean }) }),
	'textDocument/rename': object({ textDocument, position, newName: string }),
	'textDocument/codeAction': object({ textDocument, range, context: object({ diagnostics: array(object({ range, message: string })), only: optional(array(string)) }) }),
	'workspace/symbol': object({ query: string }),
	[RenderHtmlRequest.method]: object({ uri: string, style: optional(string), page: optional(boolean), lineNumbers: optional(boolean), gemtexterPage: optional(boolean), partialResultToken: optional(progressToken) }),
	[FileMoveEditsRequest.method]: object({ moves: array(object({ oldUri: string, newUri: string })) }),
	[FileReferencesRequest.method]: object({ uri: string }),
	[CheckRemoteLinksRequest.method]: object({ uris: optional(array(string)) }),
	[CheckCapsuleRequest.method]: object({}),
	[TableOfContentsEditRequest.method]: object({ uri: string, position: optional(position) }),
	[WordCountRequest.method]: object({ uri: string }),
	[NewPostRequest.method]: object({ title: string, draft: boolean, extension: string, existing: optional(array(string)) }),
	[PublishedDateRequest.method]: object({ uri: string, publish: optional(boolean) }),
	[PreviewGemfeedRequest.method]: object({ uri: string }),
	[UrlPasteEditRequest.method]: object({ uri: string, range, text: string }),
	[DocumentTitlesRequest.method]: object({ uris: array(string) }),
	[ConvertToGemtextRequest.method]: object({ text: string, from: string }),
	'textDocument/codeLens': onDocument,
	'textDocument/formatting': object({ textDocument, options: object({ trimFinalNewlines: optional(boolean) }) }),
	'textDocument/rangeFormatting': object({ textDocument, range, options: object({ trimFinalNewlines: optional(boolean) }) }),
	[WorkspaceTrustNotification.method]: object({ trusted: boolean }),
	'textDocument/didOpen': object({ textDocument: object({ uri: string, languageId: string, version: integer, text: string }) }),
	'textDocument/didChange': object({ textDocument: object({ uri: string, version: integer }), contentChanges: array(object({ text: string, range: optional(range) })) }),
	'textDocument/didClose': onDocument,
	'workspace/didChangeWatchedFiles': object({ changes: array(object({ uri: string, type: uinteger })) }),
	'workspace/didChangeWorkspaceFolders': object({ event: object({ added: array(workspaceFolder), removed: array(workspaceFolder) }) }),
	'$/cancelRequest': object({ id: requestId }),
};

/** What is wrong with the params of `method`, or undefined when they fit (or the method is not checked). */
export function checkParams(method: string, params: unknown): string | undefined {
	const check = PARAMS[method];
	return check?.(params, 'params');
}

/** A method name for a message: any string a client sent, so at most 60 characters of it, quoted. */
function methodName(method: string): string {
	return JSON.stringify(method.length > 60 ? method.slice(0, 60) + '…' : method);
}

type State = 'new' | 'initialized' | 'shutdown';

export class ProtocolGuard implements MessageReader {
	readonly #inner: MessageReader;
	readonly #writer: MessageWriter;
	#state: State = 'new';

	constructor(inner: MessageReader, writer: MessageWriter) {
		this.#inner = inner;
		this.#writer = writer;
	}

	/** Whether the client asked the server to shut down (the exit code after the client goes away). */
	get shutdownRequested(): boolean {
		return this.#state === 'shutdown';
	}

	get onError(): Event<Error> {
		return this.#inner.onError;
	}

	get onClose(): Event<void> {
		return this.#inner.onClose;
	}

	get onPartialMessage(): Event<PartialMessageInfo> {
		return this.#inner.onPartialMessage;
	}

	listen(callback: DataCallback): Disposable {
		return this.#inner.listen((message) => {
			if (Message.isRequest(message)) {
				this.#request(message, callback);
			} else if (Message.isNotification(message)) {
				this.#notification(message, callback);
			} else if (Message.isResponse(message)) {
				callback(message);
			} else {
				// The connection would log it whole (JSON.stringify of anything the transport delivered).
				this.#log('Ignored a message that is no JSON-RPC request, notification or response.');
			}
		});
	}

	dispose(): void {
		this.#inner.dispose();
	}

	#request(message: RequestMessage, callback: DataCallback): void {
		if (this.#state === 'new' && message.method !== 'initialize') {
			this.#answer(message, ErrorCodes.ServerNotInitialized, `The server is not initialized: ${methodName(message.method)} came before initialize.`);
		} else if (this.#state === 'shutdown') {
			this.#answer(message, ErrorCodes.InvalidRequest, `The server is shutting down: ${methodName(message.method)} came after shutdown.`);
		} else if (this.#state === 'initialized' && message.method === 'initialize') {
			this.#answer(message, ErrorCodes.InvalidRequest, 'The server is already initialized.');
		} else {
			const problem = checkParams(message.method, message.params);
			if (problem) {
				this.#answer(message, ErrorCodes.InvalidParams, `Invalid params for ${message.method}: ${problem}.`);
				return;
			}
			if (message.method === 'initialize') {
				this.#state = 'initialized';
			} else if (message.method === 'shutdown') {
				this.#state = 'shutdown';
			}
			callback(message);
		}
	}

	#notification(message: NotificationMessage, callback: DataCallback): void {
		if (message.method === 'exit') {
			callback(message);
		} else if (this.#state === 'initialized') {
			const problem = checkParams(message.method, message.params);
			if (problem) {
				this.#log(`Ignored ${message.method}: ${problem}.`);
				return;
			}
			callback(message);
		}
	}

	/** A warning in the client's log, once the client may be sent notifications. */
	#log(text: string): void {
		if (this.#state !== 'new') {
			const notification: NotificationMessage = { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 2, message: text } };
			void this.#writer.write(notification).catch(() => undefined);
		}
	}

	#answer(request: RequestMessage, code: number, message: string): void {
		const response: ResponseMessage = { jsonrpc: '2.0', id: request.id, error: { code, message } };
		void this.#writer.write(response).catch(() => undefined);
	}
}
