%% SYNTAX TEST "text.gemtext.template" "a <<< block never closed runs to the end of the file"
Before.
%% <------- - meta.template.block.gemtext
<<<
%% <--- keyword.control.template.begin.gemtext
echo one
%% <---- meta.template.block.gemtext meta.embedded.block.shellscript support.function.builtin.shell
# not a heading
%% <--------------- meta.template.block.gemtext - markup.heading.1.gemtext
=> not/a/link.gmi
%% <----------------- meta.template.block.gemtext - meta.link.gemtext
 >>>
last line
%% <--------- meta.template.block.gemtext meta.embedded.block.shellscript
