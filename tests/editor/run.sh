#!/bin/sh
# Editor support suite (issue 6): the VS Code TextMate grammar (snapshots
# with vscode-tmgrammar-test and token-by-token checks), Vim (headless) and
# Emacs (batch) highlighting, indentation and error parsing, the tree-sitter
# grammar, keyword coverage against the front end, and the .vsix package.
# Env: TOP, BIN (from tests/run.sh).
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"
here="$TOP/tests/editor"
es="$TOP/editor-support"
NODE_MODULES="$es/node_modules"
export TOP BIN NODE_MODULES
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

need() {
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || { not_ok "tool $t is installed" "run 'make deps' (mk/deps.txt)"; return 1; }
  done
}

# npm ci only when package-lock.json changed since the last install
npm_tools() {
  npm_ci_once "$es" --ignore-scripts >"$work/npm.log" ||
    { not_ok "npm ci in editor-support" "$(tail -20 "$work/npm.log")"; return 1; }
}

# ---- diagnostics: a sample and, once it exists, real `domec check` output
diag_files="$here/diagnostics/sample.txt"
real_check() {
  if [ ! -x "$BIN/domec" ]; then
    echo "# $BIN/domec is not built: only the sample diagnostics are parsed"
    return 1
  fi
  prog="$work/typo"
  mkdir -p "$prog"
  echo 'export default {};' >"$prog/index.js"
  # a typo (error + help), a duplicate label (error + help + note) and a
  # reference to an undeclared queue
  printf '%s\n' 'worker api {' '  main = "index.js"' '  compatability_date = "2025-04-01"' '}' \
    'queue q {}' 'queue q {}' 'worker b {' '  main = "index.js"' '  bindings { X = queue.qq }' '}' \
    >"$prog/main.dome"
  (cd "$work" && NO_COLOR=1 domec check typo >"$work/real.txt" 2>&1)
  rc=$?
  if grep -q "unknown command" "$work/real.txt"; then
    echo "# domec has no check command yet: only the sample diagnostics are parsed"
    return 1
  fi
  expect_rc=$([ $rc -eq 1 ] && echo 0 || echo 1)
  [ "$expect_rc" -eq 0 ] && ok "domec check exits 1 on a program with an error" ||
    not_ok "domec check exits 1 on a program with an error" "exit $rc: $(cat "$work/real.txt")"
  # the expected parse, by an independent awk reading of the format
  awk '/^[^ ][^:]*:[0-9]+:[0-9]+: (error|warning|note): / {
         if (cur != "") print cur
         split($0, a, ": "); sev = a[2]; msg = substr($0, length(a[1]) + length(sev) + 5)
         t = sev == "error" ? "E" : sev == "warning" ? "W" : "I"
         cur = a[1] ":" t ":" msg; next }
       /^ *= help: / { sub(/^ *= help: /, ""); cur = cur " // " $0; next }
       END { if (cur != "") print cur }' "$work/real.txt" >"$work/real.txt.expected"
  cut -d: -f1-4 "$work/real.txt.expected" >"$work/real.txt.expected4"
  n=$(grep -c . "$work/real.txt.expected")
  [ "$n" -ge 4 ] && ok "domec check reports 3 errors and a note ($n diagnostics)" ||
    not_ok "domec check reports 3 errors and a note" "$(cat "$work/real.txt")"
  if grep -q '^typo/main.dome:3:3:E$' "$work/real.txt.expected4"; then
    ok "domec check reports the typo at typo/main.dome:3:3"
  else
    not_ok "domec check reports the typo at typo/main.dome:3:3" "$(cat "$work/real.txt")"
  fi
  diag_files="$diag_files $work/real.txt"
  mkdir -p "$prog/stacks" && printf 'config {\n}\n' >"$prog/stacks/dev.dome"
  DOMEC="$BIN/domec" TYPO_DIR="$prog"
  # formatting: a messy file and what `domec fmt -` makes of it
  FMT_IN="$work/messy.dome" FMT_WANT="$work/messy.want"
  printf '%s\n' 'worker  api {' ' main="index.js"     # entry' '  vars {A=1,B="x"}' '}' >"$FMT_IN"
  "$BIN/domec" fmt - <"$FMT_IN" >"$FMT_WANT" 2>&1 ||
    not_ok "domec fmt - formats a messy file" "$(cat "$FMT_WANT")"
  export DOMEC TYPO_DIR FMT_IN FMT_WANT
}

# compare EDITOR FILE: the editor's parse of FILE against the expectation
compare_diag() {
  what=$1
  [ "$1" = pm ] && what="the VS Code problem matcher"
  got="$2.$1-got"
  if [ "$1" = pm ]; then
    cut -d: -f1-4 "$2.expected" | diff -u - "$got" >"$work/diff" 2>&1
  elif [ -f "$2.expected" ]; then
    want="$2.expected"
    [ "$1" = emacs ] && { sed 's| // .*||' "$want" >"$work/want"; want="$work/want"; }
    diff -u "$want" "$got" >"$work/diff" 2>&1
  else
    cut -d: -f1-4 "$got" | diff -u "$2.expected4" - >"$work/diff" 2>&1
  fi && ok "$what parses the domec diagnostics in $(basename "$2")" ||
    not_ok "$what parses the domec diagnostics in $(basename "$2")" "$(cat "$work/diff")"
}

# ---- the checks
PROGRAMS=$(find "$TOP/programs" -name '*.dome' 2>/dev/null | sort | tr '\n' ' ')
export PROGRAMS
if need node npm && npm_tools; then
  sh "$here/snapshots.sh"
  for t in "$here"/textmate/*.dome; do
    if out=$("$NODE_MODULES/.bin/vscode-tmgrammar-test" -c \
        -g "$es/vscode/syntaxes/dome.tmLanguage.json" "$t" 2>&1); then
      ok "textmate assertions: textmate/$(basename "$t")"
    else
      not_ok "textmate assertions: textmate/$(basename "$t")" "$out"
    fi
  done
  node "$here/tm-check.js" "$NODE_MODULES" "$es/vscode/syntaxes/dome.tmLanguage.json" "$here"
  node "$here/vscode-langconf.js" "$es/vscode"
  # the extension's own runtime dependency (vscode-languageclient) is packaged
  npm_ci_once "$es/vscode" --omit=dev --ignore-scripts >"$work/npm-vscode.log" ||
    not_ok "npm ci in editor-support/vscode" "$(tail -20 "$work/npm-vscode.log")"
  if out=$(cd "$es/vscode" && "$NODE_MODULES/.bin/vsce" package --skip-license \
      --allow-missing-repository -o "$work/dome.vsix" 2>&1) &&
     unzip -l "$work/dome.vsix" >"$work/vsix.txt" &&
     grep -q 'extension/syntaxes/dome.tmLanguage.json' "$work/vsix.txt" &&
     grep -q 'extension/extension.js' "$work/vsix.txt" &&
     grep -q 'extension/node_modules/vscode-languageclient/node.js' "$work/vsix.txt"; then
    ok "vsce packages the VS Code extension ($(wc -c <"$work/dome.vsix") bytes)"
  else
    not_ok "vsce packages the VS Code extension" "$out"
  fi
fi
sh "$here/keywords.sh"
real_check
for f in $diag_files; do cp "$f" "$work/" 2>/dev/null; done
diag_local=$(for f in $diag_files; do echo "$work/$(basename "$f")"; done)
[ -f "$here/diagnostics/sample.txt.expected" ] && cp "$here/diagnostics/sample.txt.expected" "$work/"
[ -f "$work/real.txt.expected4" ] || true
if need node; then
  node "$here/vscode-diag.js" "$es/vscode" $diag_local
  for f in $diag_local; do compare_diag vscode "$f"; compare_diag pm "$f"; done
  if [ -n "$TYPO_DIR" ]; then
    mkdir -p "$work/ext" && cp -r "$TYPO_DIR" "$work/ext/"
    node "$here/vscode-ext.js" "$es/vscode" "$DOMEC" "$work/ext/typo"
  fi
fi
if need vim; then
  (cd "$work" && OUT="$work/vim.out" DIR="$here" DOME_VIM="$es/vim" DIAG_FILES="$(echo $diag_local)" \
    timeout 120 vim -Nu NONE -i NONE -n -es -S "$here/vim-check.vim" </dev/null >/dev/null 2>&1)
  cat "$work/vim.out" 2>/dev/null || not_ok "vim check script ran"
  for f in $diag_local; do compare_diag vim "$f"; done
fi
if need emacs; then
  (cd "$work" && DIR="$here" DIAG_FILES="$(echo $diag_local)" timeout 120 \
    emacs -Q --batch -L "$es/emacs" -l "$here/emacs-check.el" 2>"$work/emacs.err") ||
    not_ok "emacs check script ran" "$(tail -5 "$work/emacs.err")"
  for f in $diag_local; do compare_diag emacs "$f"; done
fi

# ---- tree-sitter: the real CLI when installed, else the grammar interpreter
if command -v tree-sitter >/dev/null 2>&1; then
  cp -r "$es/tree-sitter" "$work/ts"
  if out=$(cd "$work/ts" && tree-sitter generate 2>&1 && tree-sitter test 2>&1); then
    ok "tree-sitter CLI: generate and test (corpus and highlights)"
  else
    not_ok "tree-sitter CLI: generate and test (corpus and highlights)" "$out"
  fi
fi
if need node; then
  node "$here/ts-grammar-check.js" "$es/tree-sitter" "$here/all-constructs.dome" \
    "$here/stacks/dev.dome" $PROGRAMS
fi

# ---- the snippets, expanded with their defaults, form a valid program
if need node; then
  mkdir -p "$work/snippets/dist" && : >"$work/snippets/dist/index.js"
  node "$here/snippets.js" "$es/vscode/snippets/dome.json" "$work/snippets"
  node "$here/ts-grammar-check.js" "$es/tree-sitter" "$work/snippets/main.dome" \
    "$work/snippets/stacks/dev.dome" | grep '^not ok' || ok "tree-sitter parses the expanded snippets"
  if [ -x "$BIN/domec" ]; then
    if out=$(NO_COLOR=1 "$BIN/domec" check "$work/snippets" 2>&1); then
      ok "domec check accepts every VS Code snippet expanded with its defaults"
    else
      not_ok "domec check accepts every VS Code snippet expanded with its defaults" "$out"
    fi
  else
    echo "# $BIN/domec is not built: the expanded snippets are not checked by domec"
  fi
fi

# ---- the front end accepts all-constructs.dome
if [ -x "$BIN/domec" ] && ! grep -q "unknown command" "$work/real.txt" 2>/dev/null; then
  if out=$(cd "$here" && NO_COLOR=1 "$BIN/domec" check . 2>&1); then
    ok "domec check accepts tests/editor/all-constructs.dome"
  else
    not_ok "domec check accepts tests/editor/all-constructs.dome" "$out"
  fi
else
  echo "# $BIN/domec check is not available: all-constructs.dome is not checked by domec"
fi

# ---- the checks fail when a grammar breaks (mutation tests)
sh "$here/mutations.sh"
