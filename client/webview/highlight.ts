/**
 * Syntax highlighting of ``` blocks by their alt text, with highlight.js core and an explicit set of
 * languages bundled into the webview script (no network, no auto-detection: guessing a language for
 * ASCII art produces noise, so a block without a known language stays plain).
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import clojure from 'highlight.js/lib/languages/clojure';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import elixir from 'highlight.js/lib/languages/elixir';
import erlang from 'highlight.js/lib/languages/erlang';
import go from 'highlight.js/lib/languages/go';
import haskell from 'highlight.js/lib/languages/haskell';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import latex from 'highlight.js/lib/languages/latex';
import lisp from 'highlight.js/lib/languages/lisp';
import lua from 'highlight.js/lib/languages/lua';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import nginx from 'highlight.js/lib/languages/nginx';
import nix from 'highlight.js/lib/languages/nix';
import ocaml from 'highlight.js/lib/languages/ocaml';
import perl from 'highlight.js/lib/languages/perl';
import php from 'highlight.js/lib/languages/php';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';
import python from 'highlight.js/lib/languages/python';
import r from 'highlight.js/lib/languages/r';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import scheme from 'highlight.js/lib/languages/scheme';
import scss from 'highlight.js/lib/languages/scss';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import tcl from 'highlight.js/lib/languages/tcl';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = {
	bash, c, clojure, cpp, csharp, css, diff, dockerfile, elixir, erlang, go, haskell, ini, java, javascript, json,
	kotlin, latex, lisp, lua, makefile, markdown, nginx, nix, ocaml, perl, php, plaintext, powershell, python, r, ruby,
	rust, scheme, scss, shell, sql, swift, tcl, typescript, xml, yaml,
};
for (const [name, language] of Object.entries(languages)) {
	hljs.registerLanguage(name, language);
}
// Gemtext authors write these in alt text; map them onto the bundled grammars.
hljs.registerAliases(['gemtext', 'gmi', 'gemini', 'text', 'txt', 'ascii', 'art'], { languageName: 'plaintext' });
hljs.registerAliases(['sh', 'zsh', 'ksh'], { languageName: 'bash' });
hljs.registerAliases(['toml', 'conf'], { languageName: 'ini' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.configure({ ignoreUnescapedHTML: true, throwUnescapedHTML: false, classPrefix: 'hljs-' });

/**
 * The language name a rendered block declares, in the order renderers express it: a `language-x`
 * class (on `pre` or its `code`), a `data-lang`/`data-language` attribute, or the first word of the
 * alt text (`data-alt`, `aria-label`). Only the first word counts: alt text is often a description.
 */
export function languageOfBlock(pre: Element): string | undefined {
	const candidates: (string | null | undefined)[] = [];
	for (const el of [pre, pre.querySelector(':scope > code')]) {
		if (!el) {
			continue;
		}
		for (const cls of Array.from(el.classList)) {
			if (cls.startsWith('language-') || cls.startsWith('lang-')) {
				candidates.push(cls.slice(cls.indexOf('-') + 1));
			}
		}
		candidates.push(el.getAttribute('data-lang'), el.getAttribute('data-language'));
	}
	candidates.push(pre.getAttribute('data-alt'), pre.getAttribute('aria-label'));
	for (const candidate of candidates) {
		const word = candidate?.trim().split(/\s+/)[0]?.toLowerCase();
		if (word && hljs.getLanguage(word)) {
			return word;
		}
	}
	return undefined;
}

/**
 * Highlights every not yet highlighted `pre` block below `root` that names a known language. The
 * highlighter reads `textContent` and writes escaped spans, so document text never becomes markup.
 */
export function highlightBlocks(root: ParentNode): void {
	for (const pre of Array.from(root.querySelectorAll('pre'))) {
		if (pre.classList.contains('hljs') || pre.querySelector(':scope > code.hljs')) {
			continue;
		}
		const language = languageOfBlock(pre);
		if (!language) {
			continue;
		}
		const target = pre.querySelector(':scope > code') ?? pre;
		const text = target.textContent ?? '';
		// Very long blocks cost more to highlight than they are worth while typing.
		if (text.length > 200_000) {
			continue;
		}
		const result = hljs.highlight(text, { language, ignoreIllegals: true });
		target.innerHTML = result.value;
		target.classList.add('hljs', `language-${result.language ?? language}`);
	}
}
