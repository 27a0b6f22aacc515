/**
 * The stdio message reader: `Content-Length` framing read strictly, and bodies checked
 * before anything else sees them.
 *
 * vscode-jsonrpc's own `StreamMessageReader` trusts its input: a corrupt header stalls it
 * silently forever, and a body that parses but is no JSON-RPC message reaches the
 * connection's invalid-message handler, which logs it whole with `JSON.stringify` (a
 * 36 MB log line at depth 3,000, a stack overflow that ends the process at 5,000).
 *
 * Here a corrupt frame (a missing, non-numeric, negative or oversized `Content-Length`, a
 * line that is not a header, a body that ends before its `Content-Length` says or runs on
 * past it) is an error on `onError`: the framing cannot be trusted any more, so the entry
 * point reports it and exits. A well-framed body that is too deeply nested, not JSON, or
 * not a request, notification or response is dropped with a short description on `log`,
 * never with the body itself, and reading goes on.
 */
import { AbstractMessageReader, type DataCallback, Disposable, Message, type MessageReader } from 'vscode-languageserver/node';

export interface FramingLimits {
	/** The largest body accepted, in bytes. */
	readonly maxContentLength: number;
	/** The deepest nesting of arrays and objects accepted in a body; LSP messages need about ten. */
	readonly maxDepth: number;
	/** The longest header section accepted, in bytes. */
	readonly maxHeaderLength: number;
}

export const DEFAULT_FRAMING_LIMITS: FramingLimits = {
	maxContentLength: 256 * 1024 * 1024,
	maxDepth: 128,
	maxHeaderLength: 8 * 1024,
};

/** A frame that cannot be read: what follows it cannot be trusted either. */
export class FramingError extends Error {}

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

export class FramedMessageReader extends AbstractMessageReader implements MessageReader {
	readonly #readable: NodeJS.ReadableStream;
	readonly #log: (message: string) => void;
	readonly #limits: FramingLimits;
	/** Bytes of a header section not yet complete. */
	#header: Buffer = Buffer.alloc(0);
	/** The current body's `Content-Length`, or -1 while a header is read. */
	#length = -1;
	#body: Buffer[] = [];
	#received = 0;
	#scanner = new JsonShapeScanner(0);
	#failed = false;

	constructor(readable: NodeJS.ReadableStream, log: (message: string) => void, limits: FramingLimits = DEFAULT_FRAMING_LIMITS) {
		super();
		this.#readable = readable;
		this.#log = log;
		this.#limits = limits;
	}

	listen(callback: DataCallback): Disposable {
		const onData = (chunk: Buffer | string): void => {
			try {
				this.#onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, callback);
			} catch (error) {
				this.#fail(error instanceof Error ? error : new Error(String(error)));
			}
		};
		const onError = (error: Error): void => this.fireError(error);
		const onClose = (): void => this.fireClose();
		this.#readable.on('data', onData);
		this.#readable.on('error', onError);
		this.#readable.on('end', onClose);
		this.#readable.on('close', onClose);
		return Disposable.create(() => {
			this.#readable.off('data', onData);
			this.#readable.off('error', onError);
			this.#readable.off('end', onClose);
			this.#readable.off('close', onClose);
		});
	}

	#onData(chunk: Buffer, callback: DataCallback): void {
		let data = chunk;
		while (data.length > 0 && !this.#failed) {
			if (this.#length < 0) {
				const header = this.#header.length > 0 ? Buffer.concat([this.#header, data]) : data;
				const end = header.indexOf(HEADER_END);
				if (end < 0 || end > this.#limits.maxHeaderLength) {
					if (header.length > this.#limits.maxHeaderLength) {
						throw new FramingError(`no end of header within ${this.#limits.maxHeaderLength} bytes: ${preview(header.toString('latin1'))}`);
					}
					this.#header = header;
					return;
				}
				this.#length = this.#contentLength(header.subarray(0, end).toString('latin1'));
				this.#header = Buffer.alloc(0);
				this.#body = [];
				this.#received = 0;
				this.#scanner = new JsonShapeScanner(this.#limits.maxDepth);
				data = header.subarray(end + HEADER_END.length);
			}
			const piece = data.subarray(0, this.#length - this.#received);
			data = data.subarray(piece.length);
			this.#scanner.feed(piece);
			if (this.#scanner.trailing) {
				throw new FramingError(`Content-Length ${this.#length} is longer than the message: the body's JSON ends after ${this.#received + this.#scanner.endOffset} bytes`);
			}
			this.#body.push(piece);
			this.#received += piece.length;
			if (this.#received === this.#length) {
				const body = this.#body.length === 1 ? this.#body[0] : Buffer.concat(this.#body);
				const scanner = this.#scanner;
				this.#length = -1;
				this.#body = [];
				this.#deliver(body, scanner, callback);
			}
		}
	}

	/** The `Content-Length` of a header section, which must hold nothing but well-formed header lines. */
	#contentLength(section: string): number {
		let length: number | undefined;
		for (const line of section.split('\r\n')) {
			const match = /^([!#-'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
			if (!match) {
				throw new FramingError(`invalid message header ${preview(JSON.stringify(line))}: expected 'Name: value'`);
			}
			if (match[1].toLowerCase() !== 'content-length') {
				continue;
			}
			const value = match[2];
			if (!/^\d{1,16}$/.test(value)) {
				throw new FramingError(`invalid Content-Length header ${preview(JSON.stringify(value))}: expected a number of bytes`);
			}
			const parsed = Number(value);
			if (parsed > this.#limits.maxContentLength) {
				throw new FramingError(`Content-Length ${parsed} in the message header exceeds the limit of ${this.#limits.maxContentLength} bytes`);
			}
			if (length !== undefined && length !== parsed) {
				throw new FramingError(`two different Content-Length headers (${length} and ${parsed})`);
			}
			length = parsed;
		}
		if (length === undefined) {
			throw new FramingError(`message header without Content-Length: ${preview(JSON.stringify(section))}`);
		}
		return length;
	}

	#deliver(body: Buffer, scanner: JsonShapeScanner, callback: DataCallback): void {
		if (scanner.tooDeep) {
			this.#log(`Ignored a message of ${body.length} bytes nested deeper than ${this.#limits.maxDepth} levels.`);
			return;
		}
		const text = body.toString('utf8');
		let message: unknown;
		try {
			message = JSON.parse(text);
		} catch (error) {
			this.#log(`Ignored a message of ${body.length} bytes that is not JSON (${error instanceof Error ? error.message : String(error)}): ${preview(text)}`);
			return;
		}
		const candidate = message as Message | undefined;
		if (!Message.isRequest(candidate) && !Message.isNotification(candidate) && !Message.isResponse(candidate)) {
			this.#log(`Ignored a message of ${body.length} bytes that is no JSON-RPC request, notification or response: ${preview(text)}`);
			return;
		}
		callback(candidate as Message);
	}

	#fail(error: Error): void {
		if (!this.#failed) {
			this.#failed = true;
			this.#header = Buffer.alloc(0);
			this.#body = [];
			this.fireError(error);
		}
	}
}

/** At most the first 80 characters of `text`, control characters escaped: enough to recognise, never the whole. */
export function preview(text: string, max = 80): string {
	const head = text.length > max ? text.slice(0, max) + `… (${text.length} characters)` : text;
	return head.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Follows a JSON body byte by byte as it arrives, without parsing it: how deep arrays and
 * objects nest, and where a top-level array or object ends. UTF-8 continuation bytes are
 * never ASCII, so looking at bytes is enough.
 */
class JsonShapeScanner {
	/** Nesting deeper than the limit was seen. */
	tooDeep = false;
	/** Something other than white space follows the top-level value: the frame is too long. */
	trailing = false;
	/** Where, in the last `feed`, the trailing bytes start. */
	endOffset = 0;
	readonly #maxDepth: number;
	#depth = 0;
	#inString = false;
	#escaped = false;
	#ended = false;

	constructor(maxDepth: number) {
		this.#maxDepth = maxDepth;
	}

	feed(bytes: Uint8Array): void {
		// Inside a string only `"` and `\` matter: jump to the next of either (native scans, each
		// repeated only once the loop has passed its result), so text costs no per-byte work.
		let nextQuote = -2;
		let nextBackslash = -2;
		for (let i = 0; i < bytes.length; i++) {
			if (this.#inString && !this.#escaped) {
				if (nextQuote !== -1 && nextQuote < i) nextQuote = bytes.indexOf(0x22, i);
				if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = bytes.indexOf(0x5c, i);
				const stop = nextQuote === -1 ? nextBackslash : nextBackslash === -1 ? nextQuote : Math.min(nextQuote, nextBackslash);
				if (stop === -1) {
					return;
				}
				i = stop;
			}
			const b = bytes[i];
			if (this.#ended) {
				if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) {
					this.trailing = true;
					this.endOffset = i;
					return;
				}
			} else if (this.#inString) {
				if (this.#escaped) {
					this.#escaped = false;
				} else if (b === 0x5c) {
					this.#escaped = true;
				} else if (b === 0x22) {
					this.#inString = false;
				}
			} else if (b === 0x22) {
				this.#inString = true;
			} else if (b === 0x5b || b === 0x7b) {
				if (++this.#depth > this.#maxDepth) {
					this.tooDeep = true;
				}
			} else if (b === 0x5d || b === 0x7d) {
				// A stray closing bracket is left to JSON.parse to reject.
				if (--this.#depth === 0) {
					this.#ended = true;
				}
			}
		}
	}
}
