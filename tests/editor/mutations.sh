#!/bin/sh
# Mutation tests: breaks each grammar in a scratch copy and checks that the
# editor tests notice (report at least one failure), so no check is vacuous.
# Env: TOP, NODE_MODULES.
. "$TOP/tests/lib.sh"
here="$TOP/tests/editor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# mutant NAME FILE SED-SCRIPT CHECK-COMMAND...: copy editor-support, apply
# SED-SCRIPT to FILE (relative to it), run the check with ES=the copy; the
# mutant must change FILE and the check must print a "not ok" line.
mutant() {
  name=$1 file=$2 script=$3; shift 3
  rm -rf "$work/es" && mkdir -p "$work/es"
  (cd "$TOP/editor-support" && tar --exclude=node_modules -cf - .) | (cd "$work/es" && tar -xf -)
  cp "$work/es/$file" "$work/orig"
  sed -i "$script" "$work/es/$file"
  if cmp -s "$work/orig" "$work/es/$file"; then
    not_ok "mutation: $name" "the sed script no longer changes $file: update tests/editor/mutations.sh"
    return
  fi
  ES="$work/es"; export ES
  n=$("$@" 2>&1 | grep -c '^not ok')
  if [ "$n" -gt 0 ]; then ok "mutation: $name is caught ($n failures)"
  else not_ok "mutation: $name is caught" "the check passed with the broken grammar"; fi
}

tm=vscode/syntaxes/dome.tmLanguage.json
if [ -x "$NODE_MODULES/.bin/vscode-tmgrammar-snap" ]; then
  mutant "textmate without resource blocks" "$tm" '/{ "include": "#resource-block" },/d' \
    sh -c 'node "$TOP/tests/editor/tm-check.js" "$NODE_MODULES" "$ES/'"$tm"'" "$TOP/tests/editor"'
  mutant "textmate escapes without \\\$" "$tm" 's/\[\\"\\\\\\\\nt\$\]/[\\"\\\\\\\\nt]/' \
    sh -c 'GRAMMAR="$ES/'"$tm"'" sh "$TOP/tests/editor/snapshots.sh"'
  mutant "textmate strings that run past the line end" "$tm" 's/"end": "(\\")|\$",/"end": "\\"",/' \
    sh -c '"$NODE_MODULES/.bin/vscode-tmgrammar-test" -g "$ES/'"$tm"'" "$TOP/tests/editor/textmate/edge-cases.dome" >/dev/null || echo "not ok - assertions"'
  mutant "textmate without the join built-in" "$tm" 's/|join|/|/' sh "$here/keywords.sh"
fi
vim_check() {
  (cd "$work" && OUT="$work/vim.out" DIR="$here" DOME_VIM="$ES/vim" DIAG_FILES="sample.txt" \
    timeout 120 vim -Nu NONE -i NONE -n -es -S "$here/vim-check.vim" </dev/null >/dev/null 2>&1)
  cat "$work/vim.out"
  diff "$here/diagnostics/sample.txt.expected" "$work/sample.txt.vim-got" >/dev/null ||
    echo "not ok - vim errorformat"
}
if command -v vim >/dev/null 2>&1; then
  cp "$here/diagnostics/sample.txt" "$work/"
  mutant "vim syntax without labels" vim/syntax/dome.vim '/^syn match   domeLabel/d' vim_check
  mutant "vim indent that ignores brackets" vim/indent/dome.vim 's/let depth += 1/let depth += 0/' vim_check
  mutant "vim errorformat without columns" vim/compiler/domec.vim 's/%E%f:%l:%c:/%E%f:%l:%*[0-9]:/' vim_check
fi
emacs_check() {
  (cd "$work" && DIR="$here" DIAG_FILES="sample.txt" timeout 120 \
    emacs -Q --batch -L "$ES/emacs" -l "$here/emacs-check.el" 2>/dev/null)
  diff "$work/want-emacs" "$work/sample.txt.emacs-got" >/dev/null || echo "not ok - emacs compile regexp"
}
if command -v emacs >/dev/null 2>&1; then
  sed 's| // .*||' "$here/diagnostics/sample.txt.expected" >"$work/want-emacs"
  mutant "emacs without resource kinds" emacs/dome-mode.el 's/"database" "bucket" "index" "queue" "kv" "durable_object" "worker"/"database"/' emacs_check
  mutant "emacs compile regexp without notes" emacs/dome-mode.el 's/\\\\(note\\\\)/\\\\(nope\\\\)/' emacs_check
fi
vscode_diag() {
  cp "$here/diagnostics/sample.txt" "$work/"
  node "$here/vscode-diag.js" "$ES/vscode" "$work/sample.txt"
  diff "$here/diagnostics/sample.txt.expected" "$work/sample.txt.vscode-got" >/dev/null ||
    echo "not ok - vscode diagnostics parser"
}
if command -v node >/dev/null 2>&1; then
  mutant "vscode parser without notes" vscode/diagnostics.js 's/(error|warning|note)/(error|warning)/' vscode_diag
  mutant "vscode parser without help lines" vscode/diagnostics.js 's/cur.help.push(h\[1\])/void h/' vscode_diag
  mutant "tree-sitter without consumes blocks" tree-sitter/grammar.js \
    's/choice(\$.attribute, \$.nested_block, \$.consumes_block, \$.notify_block)/choice($.attribute, $.nested_block, $.notify_block)/' \
    sh -c 'node "$TOP/tests/editor/ts-grammar-check.js" "$ES/tree-sitter"'
  mutant "tree-sitter without notify blocks" tree-sitter/grammar.js \
    's/choice(\$.attribute, \$.nested_block, \$.consumes_block, \$.notify_block)/choice($.attribute, $.nested_block, $.consumes_block)/' \
    sh -c 'node "$TOP/tests/editor/ts-grammar-check.js" "$ES/tree-sitter"'
  mutant "tree-sitter highlights without kinds" tree-sitter/queries/highlights.scm '/^(kind) @type$/d' \
    sh -c 'node "$TOP/tests/editor/ts-grammar-check.js" "$ES/tree-sitter"'
fi

# the language moves ahead of the grammars: a new keyword in the lexer and a
# new stdlib function must fail the keyword coverage test
if [ -f "$TOP/lang/lexer.l" ]; then
  lang_ahead() {
    t="$work/top" && rm -rf "$t" && mkdir -p "$t/tests/editor" "$t/stdlib"
    cp -r "$TOP/lang" "$t/" && cp "$TOP/tests/lib.sh" "$t/tests/"
    cp "$TOP/tests/editor/keywords.sh" "$TOP/tests/editor/keywords.txt" "$t/tests/editor/"
    cp "$TOP/stdlib/schema.dome" "$t/stdlib/"
    "$@"
    es_real="$TOP/editor-support"
    TOP="$t" ES="$es_real" sh "$t/tests/editor/keywords.sh" | grep -c '^not ok'
  }
  n=$(lang_ahead sed -i 's/^"true" /"import" { return IMPORT; }\n"true" /' "$work/top/lang/lexer.l")
  [ "$n" -ge 4 ] && ok "mutation: a keyword added to lang/lexer.l fails every grammar ($n failures)" ||
    not_ok "mutation: a keyword added to lang/lexer.l fails every grammar" "$n failures"
  n=$(lang_ahead sh -c 'echo "function frobnicate { params = [], returns = \"string\" }" >>"$0"' "$work/top/stdlib/schema.dome")
  [ "$n" -ge 4 ] && ok "mutation: a function added to the stdlib fails every grammar ($n failures)" ||
    not_ok "mutation: a function added to the stdlib fails every grammar" "$n failures"
fi
