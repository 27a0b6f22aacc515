/**
 * A big preview's body in pieces (issue 8, "Big previews"): a 5 MB document renders to about
 * 7 MB of HTML, which as one JSON-RPC reply held the connection for the whole write, so every
 * other answer waited behind it. With a `partialResultToken` the body goes out as `$/progress`
 * pieces, the server yielding between them, and the reply carries only the last piece.
 */

/** Characters of HTML per piece: small enough that a piece is written in about a millisecond. */
export const RENDER_PIECE_SIZE = 128 * 1024;

/**
 * Cuts `html` into pieces of at most `size` characters, at line ends when there is one in the
 * piece (a rendered block is one line, so a piece holds whole blocks), never inside a
 * surrogate pair. Joined, the pieces are `html` again; one piece when `html` fits.
 *
 * @example splitHtml('<p>a</p>\n<p>b</p>\n', 12) // ['<p>a</p>\n', '<p>b</p>\n']
 */
export function splitHtml(html: string, size = RENDER_PIECE_SIZE): string[] {
	const limit = Math.max(2, Math.floor(size));
	const pieces: string[] = [];
	let start = 0;
	while (html.length - start > limit) {
		let end = html.lastIndexOf('\n', start + limit - 1) + 1;
		if (end <= start) {
			end = start + limit;
			const c = html.charCodeAt(end - 1);
			if (c >= 0xd800 && c <= 0xdbff) end--; // keep a surrogate pair together
		}
		pieces.push(html.slice(start, end));
		start = end;
	}
	pieces.push(html.slice(start));
	return pieces;
}
