/** An `IRemoteChecker` decorator that counts distinct URLs asked for and answered (progress reports). */
import type { IRemoteChecker, RemoteCheckOptions, RemoteLinkResult } from '../service/remote';

export class CountingChecker implements IRemoteChecker {
	readonly #inner: IRemoteChecker;
	readonly #asked = new Set<string>();
	#answered = 0;
	readonly #onChange: (answered: number, asked: number) => void;

	constructor(inner: IRemoteChecker, onChange: (answered: number, asked: number) => void) {
		this.#inner = inner;
		this.#onChange = onChange;
	}

	/** A cached answer counts as answered too. */
	peek(url: string): RemoteLinkResult | undefined {
		const result = this.#inner.peek(url);
		if (result && !this.#asked.has(url)) {
			this.#asked.add(url);
			this.#onChange(++this.#answered, this.#asked.size);
		}
		return result;
	}

	async check(url: string, options: RemoteCheckOptions): Promise<RemoteLinkResult> {
		const first = !this.#asked.has(url);
		this.#asked.add(url);
		const result = await this.#inner.check(url, options);
		if (first) {
			this.#onChange(++this.#answered, this.#asked.size);
		}
		return result;
	}
}
