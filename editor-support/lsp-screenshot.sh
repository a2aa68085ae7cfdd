#!/bin/sh
# Screenshots of `domec lsp` in real editors, headlessly: a program whose
# worker binds a misspelt queue, opened in Neovim (built-in client, with
# editor-support/nvim/dome-lsp.lua) and in Emacs (eglot, dome-mode) under
# tmux. Each shows the diagnostic and a hover: Neovim's hover window over a
# reference, Emacs's eldoc line and flymake's diagnostic list. The screens
# (tmux capture-pane -e) become HTML with ansi2html.py and PNG with Chromium.
# Usage: sh editor-support/lsp-screenshot.sh NVIM.png EMACS.png
# (needs bin/domec, nvim, emacs with elpa-eglot, tmux, chromium, python3).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 2 ] || { echo "usage: $0 NVIM.png EMACS.png" >&2; exit 2; }
for tool in nvim emacs tmux chromium python3; do
  command -v $tool >/dev/null 2>&1 ||
    { echo "lsp-screenshot: $tool is needed (apt-get install $tool)" >&2; exit 2; }
done
abs() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
nvim_png=$(abs "$1")
emacs_png=$(abs "$2")
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
export PATH="$top/bin:$PATH"

prog="$work/shop"
mkdir -p "$prog/dist"
echo 'export default {};' >"$prog/dist/index.js"
cat >"$prog/main.dome" <<'DOME'
project "shop" {}

database orders { location = "weur" }
queue events {}

worker api {
  main = "dist/index.js"
  bindings {
    DB     = database.orders
    EVENTS = queue.evnts
  }
}
DOME

# shot NAME TITLE OUT: the tmux screen as a PNG
shot() {
  tmux -S "$sock" capture-pane -e -p -t "$1" >"$work/$1.ansi"
  python3 "$top/editor-support/ansi2html.py" "$2" <"$work/$1.ansi" >"$work/$1.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$work/profile-$1" --window-size=840,420 \
    --screenshot="$3" "file://$work/$1.html" >/dev/null 2>&1
  [ -s "$3" ] && echo "wrote $3"
}

# ---- Neovim: diagnostic as virtual text, hover window on database.orders
cat >"$work/init.lua" <<LUA
vim.opt.runtimepath:prepend('$top/editor-support/vim')
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')
vim.opt.number = true
vim.opt.termguicolors = false
dofile('$top/editor-support/nvim/dome-lsp.lua').setup()
LUA
TERM=xterm-256color tmux -S "$sock" -f /dev/null new-session -d -s nvim -x 92 -y 20 \
  "nvim -u '$work/init.lua' -i NONE -n '$prog/main.dome'"
sleep 2
tmux -S "$sock" send-keys -t nvim ':call cursor(9, 24)' Enter ':lua vim.lsp.buf.hover()' Enter
sleep 1.5
shot nvim "main.dome in Neovim: domec lsp diagnostic and hover (editor-support/nvim/dome-lsp.lua)" "$nvim_png"

# ---- Emacs: flymake underline and diagnostics list, eldoc hover in the echo area
cat >"$work/init.el" <<ELISP
(package-initialize)
(require 'eglot)
(load "$top/editor-support/emacs/dome-mode.el")
(add-hook 'project-find-functions (lambda (_) (cons 'transient "$prog/")))
(add-hook 'dome-mode-hook #'eglot-ensure)
(setq eldoc-echo-area-use-multiline-p t)
(global-display-line-numbers-mode 1)
ELISP
TERM=xterm-256color tmux -S "$sock" -f /dev/null new-session -d -s emacs -x 92 -y 22 \
  "emacs -nw -q -l '$work/init.el' '$prog/main.dome'"
sleep 4
tmux -S "$sock" send-keys -t emacs 'M-x' 'flymake-show-buffer-diagnostics' Enter
sleep 1
tmux -S "$sock" send-keys -t emacs 'C-x' 'o' 'M-<' 'C-n' 'C-n' 'C-n' 'C-n' 'C-n' 'C-n' 'C-n' 'C-n' 'M-f' 'M-f' 'M-f' 'C-f' 'C-f'
sleep 2.5
shot emacs "main.dome in Emacs: domec lsp through eglot (flymake diagnostics, eldoc hover)" "$emacs_png"
