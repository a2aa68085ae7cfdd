" Vim compiler file for domec: `:compiler domec` then `:make` runs
" `domec check` on the current program directory and fills the quickfix list.
if exists('current_compiler')
  finish
endif
let current_compiler = 'domec'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

" The directory `domec check` runs on: the file's own, or the program's for
" a stack file (stacks/<stack>.dome).
execute 'CompilerSet makeprg=' . escape(get(g:, 'dome_domec', 'domec'), ' \|"')
      \ . '\ check\ $*\ %:p:h:s?/stacks$??'

" file:line:col: error|warning|note: message, then an excerpt and caret
" lines, then optional '= help:' lines; the closing summary is dropped.
CompilerSet errorformat=
      \%E%f:%l:%c:\ error:\ %m,
      \%W%f:%l:%c:\ warning:\ %m,
      \%I%f:%l:%c:\ note:\ %m,
      \%C%\\s%#=\ help:\ %m,
      \%-C%\\s%#%\\d%#\ \|%.%#,
      \%-Zdomec:\ %.%#,
      \%-G%.%#
