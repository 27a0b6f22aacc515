/**
 * `gemtext.validate.ignoredLinks`: which links no check looks at, local (diagnostics/links.ts)
 * or remote (remote.ts).
 */
import picomatch from 'picomatch/posix';
import { decodeOrKeep, splitUrl } from './urls';

/** A matcher over the link URL as written, without its fragment, and without its query. */
export function compileIgnores(globs: readonly string[]): (url: string) => boolean {
	if (globs.length === 0) {
		return () => false;
	}
	const matchers = globs.map((g) => picomatch(g, { dot: true }));
	return (url) => {
		const parts = splitUrl(url);
		const noFragment = parts.fragment === undefined ? url : url.slice(0, parts.fragmentStart - 1);
		const candidates = new Set([url, noFragment, parts.path, decodeOrKeep(parts.path)]);
		return matchers.some((m) => [...candidates].some((c) => c !== '' && m(c)));
	};
}
