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
  main     = "dist/index.js"
  bindings { DB = database.orders }
  vars { LEVEL = "info" }
}

output api_name = worker.api.name

# mail sends the order confirmations
worker mail {
  main = "dist/index.js"
  consumes queue.evnts {}
}
DOME

# shot NAME TITLE OUT HEIGHT: the tmux screen as a PNG
shot() {
  tmux -S "$sock" capture-pane -e -p -t "$1" >"$work/$1.ansi"
  python3 "$top/editor-support/ansi2html.py" "$2" <"$work/$1.ansi" >"$work/$1.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$work/profile-$1" --window-size=900,$4 \
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
vim.cmd('highlight NormalFloat ctermbg=236 ctermfg=252')
vim.cmd('highlight FloatBorder ctermbg=236 ctermfg=244')
dofile('$top/editor-support/nvim/dome-lsp.lua').setup()
LUA
TERM=xterm-256color tmux -S "$sock" -f /dev/null new-session -d -s nvim -x 104 -y 22 -c "$prog" \
  "nvim -u '$work/init.lua' -i NONE -n main.dome"
sleep 2
tmux -S "$sock" send-keys -t nvim ':call cursor(8, 30)' Enter ':lua vim.lsp.buf.hover()' Enter
sleep 1.5
shot nvim "main.dome in Neovim: domec lsp diagnostic and hover (editor-support/nvim/dome-lsp.lua)" "$nvim_png" 460

# ---- Emacs: flymake underline and diagnostics list, eldoc hover in the echo area
cat >"$work/init.el" <<ELISP
(package-initialize)
(require 'eglot)
(load "$top/editor-support/emacs/dome-mode.el")
(add-hook 'project-find-functions (lambda (_) (cons 'transient "$prog/")))
(add-hook 'dome-mode-hook #'eglot-ensure)
(setq eldoc-echo-area-use-multiline-p t
      max-mini-window-height 0.4)
(global-display-line-numbers-mode 1)
;; once the server has answered: the diagnostics list below, point on the
;; reference database.orders (the next key press shows its hover)
(run-with-timer 3 nil
  (lambda ()
    (flymake-show-buffer-diagnostics)
    (select-window (get-buffer-window "main.dome"))
    (goto-char (point-min))
    (search-forward "database.ord")
    (message nil)))
ELISP
TERM=xterm-256color tmux -S "$sock" -f /dev/null new-session -d -s emacs -x 104 -y 30 -c "$prog" \
  "emacs -nw -q -l '$work/init.el' main.dome"
sleep 6
tmux -S "$sock" send-keys -t emacs 'C-f'
sleep 1
tmux -S "$sock" send-keys -t emacs 'C-b'
sleep 3
shot emacs "main.dome in Emacs: domec lsp through eglot (flymake diagnostics, eldoc hover)" "$emacs_png" 600
