%% SYNTAX TEST "text.gemtext.template" "Gemtexter template lines are shell; escapes and Gemtext around them"
# A post
%% <- markup.heading.1.gemtext punctuation.definition.heading.gemtext
<< template::inline::toc
%% <-- meta.template.command.gemtext keyword.control.template.gemtext
%% ^^^^^^^^^^^^^^^^^^^^^ meta.embedded.block.shellscript entity.name.command.shell
%% ^^^^^^^^^^^^^^^^^^^^^ meta.template.command.gemtext meta.embedded.block.shellscript - keyword.control.template.gemtext
<< echo "$HOME" | tr a b
%%^ meta.template.command.gemtext - meta.embedded.block.shellscript keyword.control.template.gemtext
%% ^^^^ meta.embedded.block.shellscript entity.name.command.shell
%%                ^^ meta.embedded.block.shellscript entity.name.command.shell
%%      ^ meta.embedded.block.shellscript string.quoted.double.shell
<<x is text
%% <----------- - meta.template.command.gemtext keyword.control.template.gemtext meta.embedded.block.shellscript
 << x is text
%% <------------ - meta.template.command.gemtext keyword.control.template.gemtext meta.embedded.block.shellscript
<<
%% <-- - keyword.control.template.gemtext
=> ./other.gmi A link
%% <-- meta.link.gemtext punctuation.definition.link.gemtext
* An item
%% <- markup.list.unnumbered.gemtext
> A quote
%% <- markup.quote.gemtext
<<< anything here is ignored
%% <--- meta.template.block.gemtext keyword.control.template.begin.gemtext
%% ^^^^^^^^^^^^^^^^^^^^^^^^^ meta.template.block.gemtext comment.line.ignored.gemtext
for post in a b; do
%% <--- meta.template.block.gemtext meta.embedded.block.shellscript keyword.control.for.shell
# a shell comment, not a heading
%% <-------------------------------- meta.template.block.gemtext meta.embedded.block.shellscript - markup.heading.1.gemtext
<< echo "run as part of the block"
%% <-- meta.template.block.gemtext meta.embedded.block.shellscript - keyword.control.template.gemtext meta.template.command.gemtext
```
%% <--- meta.template.block.gemtext meta.embedded.block.shellscript - punctuation.definition.preformatted.begin.gemtext
 >>>
%% <---- meta.template.block.gemtext meta.embedded.block.shellscript - keyword.control.template.end.gemtext
>>> 
%% <---- meta.template.block.gemtext meta.embedded.block.shellscript - keyword.control.template.end.gemtext
done
>>>
%% <--- meta.template.block.gemtext keyword.control.template.end.gemtext - meta.embedded.block.shellscript
# After the block
%% <- markup.heading.1.gemtext - meta.template.block.gemtext
<<< the shell cannot run past the end
cat <<EOF
>>>
%% <--- keyword.control.template.end.gemtext - meta.embedded.block.shellscript
## Escapes
[[[ literal block opener
%% <--- constant.character.escape.template.gemtext
%%    ^^^^^^^ - constant.character.escape.template.gemtext meta.template.block.gemtext
]]] literal block closer
%% <--- markup.quote.gemtext constant.character.escape.template.gemtext
%%    ^^^^^^^ markup.quote.gemtext - constant.character.escape.template.gemtext
[[ echo not run
%% <-- constant.character.escape.template.gemtext - meta.embedded.block.shellscript
%%   ^^^^ - meta.embedded.block.shellscript constant.character.escape.template.gemtext
] quote line
%% <- markup.quote.gemtext constant.character.escape.template.gemtext
%%^^^^^ markup.quote.gemtext - constant.character.escape.template.gemtext
]] one escape
%% <- constant.character.escape.template.gemtext
%%^ - constant.character.escape.template.gemtext
[x stays
%% <-------- - constant.character.escape.template.gemtext
```
%% <--- punctuation.definition.preformatted.begin.gemtext
<< echo still run inside a block
%% <-- markup.fenced_code.block.gemtext keyword.control.template.gemtext
%% ^^^^ markup.fenced_code.block.gemtext meta.embedded.block.shellscript entity.name.command.shell
plain preformatted text
%% <----------------------- markup.raw.block.gemtext - meta.template.command.gemtext meta.embedded.block.shellscript
[[ no escape inside a block
%% <-- markup.raw.block.gemtext - constant.character.escape.template.gemtext
] nor here
%% <- markup.raw.block.gemtext - constant.character.escape.template.gemtext markup.quote.gemtext
<<< a block inside a preformatted block
%% <--- markup.fenced_code.block.gemtext keyword.control.template.begin.gemtext
echo hi
%% <---- meta.template.block.gemtext meta.embedded.block.shellscript support.function.builtin.shell
>>>
%% <--- keyword.control.template.end.gemtext
# still preformatted
%% <-------------------- markup.raw.block.gemtext - markup.heading.1.gemtext
```
%% <--- punctuation.definition.preformatted.end.gemtext
```js
const a = 1;
%% <----- meta.embedded.block.javascript storage.type.js
<< echo "in a js block"
%% <-- keyword.control.template.gemtext - storage.type.js
%% ^^^^ meta.embedded.block.shellscript entity.name.command.shell
```
%% <--- punctuation.definition.preformatted.end.gemtext
Text after.
%% <----------- - markup.fenced_code.block.gemtext meta.template.block.gemtext
<< echo "an unclosed quote
%% ^^^^ meta.embedded.block.shellscript entity.name.command.shell
%%      ^^^^^^^^^^^^^^^^^^ meta.embedded.block.shellscript string.quoted.double.shell
<< FOO=1 bar
%% ^^^^^ - entity.name.command.shell
<< if true; then echo x; fi
%% ^^ keyword.control.if.shell - entity.name.command.shell
# ends with its line
%% <- markup.heading.1.gemtext - meta.template.command.gemtext meta.embedded.block.shellscript string.quoted.double.shell
