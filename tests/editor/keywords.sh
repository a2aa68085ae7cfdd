#!/bin/sh
# Checks that every grammar (TextMate, Vim, Emacs, tree-sitter) knows every
# keyword of the language: those pinned in keywords.txt and those the lexer
# (lang/lexer.l) actually recognises. Env: TOP.
. "$TOP/tests/lib.sh"
es="${ES:-$TOP/editor-support}"

# The words the language front end really recognises. The lexer (lang/lexer.l)
# tokenises only true/false as keywords; the other keywords are identifiers
# that the checker compares with its tables, so they are read from there:
# top-level blocks and config types (check.c), worker blocks
# (check_worker.c), resource kinds (ir.c), built-in names (eval_ref.c) and
# the functions of the standard library (stdlib/schema.dome).
quoted() { grep -o '"[a-z][a-z_]*"' | tr -d '"'; }
# array PATTERN FILE: the lines of the C initializer that starts at PATTERN
array() { awk -v re="$1" '$0 ~ re { f = 1 } f { print } f && /};/ { f = 0 }' "$2" 2>/dev/null | quoted; }
lang_keywords() {
  L="$TOP/lang"
  sed -n '/^%%/,/^%%/p' "$L/lexer.l" 2>/dev/null | grep -o '^"[a-z][a-z_]*"' | tr -d '"'
  array 'top_blocks\\[\\] *=' "$L/check.c"
  array 'types\\[\\] *= *[{]' "$L/check.c"
  array 'names\\[\\] *= *[{]' "$L/check_worker.c"
  array 'kind_names\\[[A-Z_]*\\] *=' "$L/ir.c"
  array 'cands\\[[^]]*\\] *= *[{]' "$L/eval_ref.c"
  sed -n 's/^function \([a-z_][a-z0-9_]*\).*/\1/p' "$TOP/stdlib/schema.dome" 2>/dev/null
}

words=$( (grep -v '^#' "$TOP/tests/editor/keywords.txt" | tr ' ' '\n'; lang_keywords) |
  grep . | sort -u)
n_lang=$(lang_keywords | sort -u | grep -c .)
echo "# $n_lang keywords and built-in names read from lang/ and stdlib/"
if [ -d "$TOP/lang" ] && [ "$n_lang" -lt 25 ]; then
  not_ok "keywords read from the front end" \
    "only $n_lang found: the tables moved; update lang_keywords in tests/editor/keywords.sh"
else
  ok "keywords read from the front end ($n_lang)"
fi

# check NAME FILE HOW: HOW is a grep -E pattern with @ for the keyword
check() {
  missing=
  for w in $words; do
    pat=$(printf '%s' "$3" | sed "s/@/$w/g")
    grep -Eq "$pat" "$2" || missing="$missing $w"
  done
  if [ -z "$missing" ]; then ok "$1 knows every keyword"
  else not_ok "$1 knows every keyword" "missing:$missing"; fi
}
# TextMate: inside a match/begin regex (delimited by \b, (, |, ) or spaces)
check "textmate grammar" "$es/vscode/syntaxes/dome.tmLanguage.json" \
  '"(match|begin)": ".*[(|]@[|)]'
# Vim: in a syn keyword list or a \%(...\|...\) alternation
check "vim syntax" "$es/vim/syntax/dome.vim" \
  '^syn (keyword .* @( |$)|match .*(\\%\(|\\\|)@(\\\||\\\)))'
# Emacs: as a string in a word list or a regexp alternation
check "emacs dome-mode" "$es/emacs/dome-mode.el" '"@"|\\\\\(@\\\\'
# tree-sitter: as a string literal in grammar.js or highlights.scm
cat "$es/tree-sitter/grammar.js" "$es/tree-sitter/queries/highlights.scm" >"${TMPDIR:-/tmp}/dome-ts.$$"
check "tree-sitter grammar and highlights" "${TMPDIR:-/tmp}/dome-ts.$$" "'@'|\"@\""
rm -f "${TMPDIR:-/tmp}/dome-ts.$$"
