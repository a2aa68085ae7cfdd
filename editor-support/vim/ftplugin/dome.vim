" Vim filetype plugin for .dome: comments, indentation settings and `:make`
" running `domec check` (see compiler/domec.vim for the error format).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=#\ %s
setlocal comments=:#
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=2 softtabstop=2
setlocal iskeyword=@,48-57,_
setlocal matchpairs=(:),{:},[:]
setlocal suffixesadd=.dome
compiler domec

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab<'
      \ . ' shiftwidth< softtabstop< iskeyword< matchpairs< suffixesadd< makeprg< errorformat<'
