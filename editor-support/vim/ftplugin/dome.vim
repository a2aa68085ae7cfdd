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
" gq formats with domec (whole constructs only); :DomeFmt formats the buffer
let &l:formatprg = get(g:, 'dome_domec', 'domec') . ' fmt -'
command! -buffer -bar DomeFmt call s:Format()

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab<'
      \ . ' shiftwidth< softtabstop< iskeyword< matchpairs< suffixesadd< makeprg< errorformat<'
      \ . ' formatprg< | delcommand DomeFmt'

if exists('*s:Format')
  finish
endif

" Replaces the buffer with `domec fmt -` of it, keeping the view; on a syntax
" error the buffer is left alone and the error is shown.
function! s:Format() abort
  let out = systemlist(get(g:, 'dome_domec', 'domec') . ' fmt -', getline(1, '$'))
  if v:shell_error
    echohl ErrorMsg | echomsg 'domec fmt: ' . join(out, ' ') | echohl None
    return
  endif
  if out ==# getline(1, '$')
    return
  endif
  let view = winsaveview()
  silent keepjumps call setline(1, out)
  if line('$') > len(out)
    silent keepjumps execute (len(out) + 1) . ',$delete _'
  endif
  call winrestview(view)
endfunction
