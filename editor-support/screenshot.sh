#!/bin/sh
# Renders a highlighted .dome program to a PNG, headlessly: Vim with
# editor-support/vim runs under tmux, `tmux capture-pane -e` gives the screen
# with its colours, ansi2html.py turns it into HTML and Chromium screenshots it.
# With VSOUT.png, also renders VSFILE (default programs/dome/workers.dome) with
# the VS Code TextMate grammar (tm2html.js, needs npm ci in editor-support).
# Usage: sh editor-support/screenshot.sh OUT.png [FILE.dome [VSOUT.png [VSFILE]]]
# (needs vim, tmux, chromium, python3; node for VSOUT). Tmux, Vim and Chromium
# run on a private socket/profile in a temporary directory and are stopped
# before it returns.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
file=${2:-$top/tests/editor/all-constructs.dome}
[ -n "$out" ] || { echo "usage: $0 OUT.png [FILE.dome [VSOUT.png [VSFILE]]]" >&2; exit 2; }
for tool in vim tmux chromium python3; do
  command -v $tool >/dev/null 2>&1 ||
    { echo "screenshot: $tool is needed (apt-get install $tool)" >&2; exit 2; }
done
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
cols=92
rows=$(($(wc -l <"$file") + 2))
[ $rows -le 100 ] || rows=100
height=$((rows * 18 + 40))
cat >"$work/vimrc" <<VIMRC
set nocompatible
set runtimepath^=$top/editor-support/vim
filetype plugin indent on
syntax on
set t_Co=256 background=dark number laststatus=2 noshowmode
colorscheme default
highlight LineNr ctermfg=242
highlight StatusLine ctermfg=252 ctermbg=238 cterm=NONE
VIMRC
TERM=xterm-256color tmux -S "$sock" -f /dev/null new-session -d -x $cols -y $rows \
  "vim -Nu '$work/vimrc' -n '$file'"
sleep 1.5
tmux -S "$sock" capture-pane -e -p -t 0 >"$work/screen.ansi"
tmux -S "$sock" kill-server 2>/dev/null || true
python3 "$top/editor-support/ansi2html.py" "$(basename "$file") in Vim (editor-support/vim)" \
  <"$work/screen.ansi" >"$work/screen.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=840,$height \
  --screenshot="$out" "file://$work/screen.html" >/dev/null 2>&1
[ -s "$out" ] && echo "wrote $out"

# the same for VS Code: the TextMate grammar through tm2html.js
if [ -n "$3" ] && [ -d "$top/editor-support/node_modules/vscode-textmate" ]; then
  case "$3" in /*) vsout=$3 ;; *) vsout="$PWD/$3" ;; esac
  vsfile=${4:-$top/programs/dome/workers.dome}
  node "$top/editor-support/tm2html.js" "$vsfile" >"$work/vscode.html"
  height=$(( ($(wc -l <"$vsfile") + 2) * 19 + 40 ))
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$work/profile2" --window-size=840,$height \
    --screenshot="$vsout" "file://$work/vscode.html" >/dev/null 2>&1
  [ -s "$vsout" ] && echo "wrote $vsout"
fi
