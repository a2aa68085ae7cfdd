" Vim indent file for .dome: one shiftwidth per open {, [ or ( and a closing
" bracket at the start of a line dedents; brackets in strings and comments
" do not count.
if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetDomeIndent(v:lnum)
setlocal indentkeys=0{,0},0],0),!^F,o,O
setlocal autoindent
let b:undo_indent = 'setlocal indentexpr< indentkeys< autoindent<'

if exists('*GetDomeIndent')
  finish
endif

" Net count of opening minus closing brackets on line lnum, ignoring
" strings and comments.
function! s:BracketBalance(lnum) abort
  let line = getline(a:lnum)
  let depth = 0
  let in_string = 0
  let i = 0
  while i < len(line)
    let c = line[i]
    if in_string
      if c ==# '\'
        let i += 1
      elseif c ==# '"'
        let in_string = 0
      endif
    elseif c ==# '"'
      let in_string = 1
    elseif c ==# '#'
      break
    elseif c =~# '[{[(]'
      let depth += 1
    elseif c =~# '[}\])]'
      let depth -= 1
    endif
    let i += 1
  endwhile
  return depth
endfunction

" Indent for line lnum: the previous non-blank line's indent, plus one level
" if it opened more brackets than it closed, less one if lnum starts with a
" closing bracket.
function! GetDomeIndent(lnum) abort
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  let ind = indent(prev)
  let open = s:BracketBalance(prev)
  " a line that starts with a closer was already dedented for that closer
  if getline(prev) =~# '^\s*[}\])]'
    let open += 1
  endif
  if open > 0
    let ind += shiftwidth()
  elseif open < 0
    let ind -= shiftwidth()
  endif
  if getline(a:lnum) =~# '^\s*[}\])]'
    let ind -= shiftwidth()
  endif
  return max([ind, 0])
endfunction
