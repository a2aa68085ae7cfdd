#!/bin/sh
# Language server suite (issue 16): `domec lsp` driven by the protocol client
# library VS Code uses (protocol.js: every request on a copy of programs/dome,
# compared with domec check and domec fmt), bytes no client sends (raw.js),
# and two real editors headless: Neovim's built-in client and Emacs with
# eglot open a program with an error, show its diagnostic and jump to a
# definition in another file.
# Env: TOP, BIN (from tests/run.sh), VALGRIND (wraps the server).
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"
here="$TOP/tests/lsp"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
DOMEC="$BIN/domec"
WRAP="$VALGRIND"
export DOMEC WRAP TOP

if ! npm_ci_once "$here" --ignore-scripts >"$work/npm.log"; then
  not_ok "npm ci in tests/lsp" "$(tail -20 "$work/npm.log")"
  exit 1
fi

# ---- the protocol, with a real client library
cp -r "$TOP/programs/dome" "$work/dome"
rm -rf "$work/dome/.dome"
node "$here/protocol.js" "$work/dome" || echo "not ok - protocol.js ran to its end (exit $?)"
node "$here/raw.js" || echo "not ok - raw.js ran to its end (exit $?)"

# ---- real editors: a program whose binding misspells a queue declared in
# another file; the definition of the correct reference is queues.dome:1:7
prog="$work/editors/prog"
mkdir -p "$prog"
printf 'queue events {}\n' >"$prog/queues.dome"
echo 'export default {};' >"$prog/index.js"
printf '%s\n' 'worker api {' '  main = "index.js"' '  bindings {' '    EVENTS = queue.events' \
  '    OTHER  = queue.evnts' '  }' '}' >"$prog/main.dome"
expected_diag="diag 5:14 no queue called 'evnts' | help: did you mean 'queue.events'?"
expected_def="def queues.dome:1:7"

# editor_result NAME OUT: checks the diagnostic and the jump an editor wrote
editor_result() {
  if grep -qF "${expected_diag#diag 5:14 }" "$2" && grep -q '^diag 5:14 ' "$2"; then
    ok "$1: the diagnostic of the misspelt queue, at 5:14, with its help"
  else
    not_ok "$1: the diagnostic of the misspelt queue, at 5:14, with its help" "$(cat "$2" 2>/dev/null)"
  fi
  if grep -qxF "$expected_def" "$2"; then
    ok "$1: go to definition jumps to the queue in queues.dome"
  else
    not_ok "$1: go to definition jumps to the queue in queues.dome" "$(cat "$2" 2>/dev/null)"
  fi
}

if command -v nvim >/dev/null 2>&1; then
  (cd "$prog" && OUT="$work/nvim.out" FILE="$prog/main.dome" DEF_LINE=4 DEF_COL=20 timeout 60 \
    nvim --headless --clean -c "luafile $here/editors/nvim-lsp.lua" >"$work/nvim.log" 2>&1)
  grep -qx 'filetype dome' "$work/nvim.out" && ok "neovim: editor-support/vim makes .dome filetype dome" ||
    not_ok "neovim: editor-support/vim makes .dome filetype dome" "$(cat "$work/nvim.out")"
  editor_result "neovim (built-in LSP client)" "$work/nvim.out"
else
  not_ok "neovim is installed" "run 'make deps' (neovim is in mk/deps.txt)"
fi

if emacs --batch -q --eval '(progn (package-initialize) (require (quote eglot)))' >/dev/null 2>&1; then
  (cd "$prog" && PATH="$(dirname "$DOMEC"):$PATH" OUT="$work/emacs.out" FILE="$prog/main.dome" \
    DEF_LINE=4 DEF_COL=20 timeout 60 emacs --batch -q -l "$here/editors/emacs-eglot.el" >"$work/emacs.log" 2>&1)
  grep -q '^managed t backends (eglot-flymake-backend)' "$work/emacs.out" &&
    ok "emacs: dome-mode's eglot entry starts domec lsp, eglot's diagnostics replace dome-flymake" ||
    not_ok "emacs: dome-mode's eglot entry starts domec lsp, eglot's diagnostics replace dome-flymake" "$(cat "$work/emacs.out" "$work/emacs.log" 2>/dev/null | tail -20)"
  editor_result "emacs (eglot)" "$work/emacs.out"
else
  not_ok "emacs with eglot is installed" "run 'make deps' (elpa-eglot is in mk/deps.txt)"
fi
