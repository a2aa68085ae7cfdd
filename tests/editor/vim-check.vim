" Headless Vim check of editor-support/vim: for each expectation in
" positions.txt, the syntax group at that position; also filetype detection,
" ftplugin settings, indentation and the errorformat. Writes TAP-ish lines
" to $OUT. Run: vim -Nu NONE -i NONE -n -es -S vim-check.vim (env: DOME_VIM, OUT, DIR).
set encoding=utf-8
let s:out = []
let s:dir = $DIR
execute 'set runtimepath^=' . fnameescape($DOME_VIM)
filetype plugin indent on
syntax on

function! s:Report(ok, name, detail) abort
  call add(s:out, (a:ok ? 'ok - ' : 'not ok - ') . a:name)
  if !a:ok
    call add(s:out, '#   ' . a:detail)
  endif
endfunction

" Position (line, col) of the token marked « in fragment, or [0, 0].
function! s:Find(frag) abort
  let clean = substitute(a:frag, '[«»]', '', 'g')
  let off = stridx(a:frag, '«')
  for l in range(1, line('$'))
    let i = stridx(getline(l), clean)
    if i >= 0
      return [l, i + off + 1]
    endif
  endfor
  return [0, 0]
endfunction

" Syntax group name at (l, c). Vim's synID() cache can hand back the answer
" of the previous call in Ex mode, so each lookup starts from another line.
function! s:GroupAt(l, c) abort
  call synID(a:l > 1 ? 1 : line('$'), 1, 1)
  return synIDattr(synID(a:l, a:c, 1), 'name')
endfunction

function! s:CheckPositions() abort
  for entry in readfile(s:dir . '/positions.txt')
    if entry =~# '^%' || entry =~# '^\s*$'
      continue
    elseif entry[0] ==# '@'
      execute 'edit ' . fnameescape(s:dir . '/' . entry[1:])
      syntax sync fromstart
      continue
    endif
    let f = split(entry, "\t", 1)
    let [l, c] = s:Find(f[0])
    let want = f[1] ==# 'NONE' ? '' : f[1]
    let got = l ? s:GroupAt(l, c) : '(fragment not found)'
    call s:Report(got ==# want, 'vim syntax: ' . f[0] . ' is ' . f[1], 'got ' . got . ' at ' . l . ':' . c)
  endfor
endfunction

function! s:CheckFtplugin() abort
  execute 'edit ' . fnameescape(s:dir . '/all-constructs.dome')
  call s:Report(&filetype ==# 'dome', 'vim ftdetect: *.dome is filetype dome', 'filetype=' . &filetype)
  call s:Report(&commentstring ==# '# %s', 'vim ftplugin: commentstring is "# %s"', &commentstring)
  call s:Report(&makeprg =~# '^domec check', 'vim ftplugin: makeprg runs domec check', &makeprg)
  call s:Report(&matchpairs =~# '{:}', 'vim ftplugin: braces are match pairs', &matchpairs)
endfunction

" Re-indents the whole file (flattened first) and compares with the original.
function! s:CheckIndent(file) abort
  execute 'edit! ' . fnameescape(a:file =~# '^/' ? a:file : s:dir . '/' . a:file)
  let want = getline(1, '$')
  silent %s/^\s\+//e
  silent normal! gg=G
  let bad = filter(range(1, line('$')), 'getline(v:val) !=# want[v:val - 1]')
  call s:Report(empty(bad), 'vim indent: ' . a:file . ' re-indents to itself',
        \ empty(bad) ? '' : 'line ' . bad[0] . ': "' . getline(bad[0]) . '"')
  silent edit!
endfunction

" Loads domec output (file) into the quickfix list with the dome errorformat
" and writes it to file.vim-got, one entry a line: FILE:LINE:COL:TYPE:TEXT.
function! s:DumpErrorformat(file) abort
  execute 'edit ' . fnameescape(s:dir . '/all-constructs.dome')
  execute 'cgetfile ' . fnameescape(a:file)
  let got = map(getqflist(), 'printf("%s:%d:%d:%s:%s", fnamemodify(bufname(v:val.bufnr), ":."), v:val.lnum, v:val.col, v:val.type, substitute(v:val.text, "\n", " // ", "g"))')
  call writefile(got, a:file . '.vim-got')
endfunction

" :make from a buffer of a broken program (and from its stack file) runs
" domec check on the program and fills the quickfix list.
function! s:CheckMake(file) abort
  execute 'edit! ' . fnameescape(a:file)
  let &l:makeprg = substitute(&l:makeprg, '^domec', escape($DOMEC, ' \'), '')
  silent make!
  let qf = filter(getqflist(), 'v:val.type ==# "E" && v:val.lnum == 3 && v:val.col == 3')
  call s:Report(len(qf) == 1 && bufname(qf[0].bufnr) =~# 'main\.dome$',
        \ 'vim :make on ' . fnamemodify(a:file, ':t') . ' lists the typo at main.dome:3:3',
        \ 'makeprg=' . &l:makeprg . ' qf=' . string(getqflist()))
endfunction

" :DomeFmt turns a messy buffer into what `domec fmt -` prints ($FMT_WANT)
" and leaves a buffer with a syntax error alone; gq uses domec too.
function! s:CheckFormat() abort
  let g:dome_domec = $DOMEC
  enew!
  setfiletype dome
  call setline(1, readfile($FMT_IN))
  DomeFmt
  let want = readfile($FMT_WANT)
  call s:Report(getline(1, '$') ==# want && want !=# readfile($FMT_IN),
        \ 'vim :DomeFmt formats the buffer with domec fmt', string(getline(1, '$')))
  let broken = ['worker api {', '  main =', '}']
  silent %delete _
  call setline(1, broken)
  silent! DomeFmt
  call s:Report(getline(1, '$') ==# broken, 'vim :DomeFmt leaves a syntax error alone', string(getline(1, '$')))
  call s:Report(&l:formatprg ==# $DOMEC . ' fmt -', 'vim formatprg is domec fmt -', &l:formatprg)
  bwipeout!
endfunction

try
  call s:CheckPositions()
  call s:CheckFtplugin()
  call s:CheckIndent('all-constructs.dome')
  call s:CheckIndent('stacks/dev.dome')
  for s:p in split($PROGRAMS)
    call s:CheckIndent(s:p)
  endfor
  if $DOMEC !=# '' && $FMT_IN !=# ''
    call s:CheckFormat()
  endif
  if $DOMEC !=# '' && $TYPO_DIR !=# ''
    call s:CheckMake($TYPO_DIR . '/main.dome')
    call s:CheckMake($TYPO_DIR . '/stacks/dev.dome')
  endif
  for s:f in split($DIAG_FILES)
    call s:DumpErrorformat(s:f)
  endfor
catch
  call s:Report(0, 'vim check script', v:exception . ' at ' . v:throwpoint)
endtry
call writefile(s:out, $OUT)
qall!
