#!/bin/sh
# mk/install.sh BIN SHARE ROOT: installs under ROOT (DESTDIR + PREFIX) the
# binaries, the generated man pages and completions (mk/gen-docs.sh wrote
# them to SHARE) and the editor files, where Debian's tools look for them.
set -eu
bin=$1 share=$2 root=$3
top=$(cd "$(dirname "$0")/.." && pwd)
install -d "$root/bin" "$root/share/man/man1" \
  "$root/share/bash-completion/completions" "$root/share/zsh/vendor-completions" \
  "$root/share/fish/vendor_completions.d" "$root/share/vim/vimfiles" \
  "$root/share/emacs/site-lisp" "$root/share/domec/editor-support"
install -m 755 "$bin/domec" "$root/bin/domec"
[ -x "$bin/cfemu" ] && install -m 755 "$bin/cfemu" "$root/bin/cfemu"
for page in "$share"/man/man1/*.1; do
  gzip -9n <"$page" >"$root/share/man/man1/$(basename "$page").gz"
  chmod 644 "$root/share/man/man1/$(basename "$page").gz"
done
install -m 644 "$share/completions/domec.bash" "$root/share/bash-completion/completions/domec"
install -m 644 "$share/completions/_domec" "$root/share/zsh/vendor-completions/_domec"
install -m 644 "$share/completions/domec.fish" "$root/share/fish/vendor_completions.d/domec.fish"
# Vim's runtime files (ftdetect, syntax, ...), Emacs's dome-mode, and the
# VS Code extension's and tree-sitter grammar's sources
(cd "$top/editor-support/vim" && find . -type f) | while read -r f; do
  install -D -m 644 "$top/editor-support/vim/$f" "$root/share/vim/vimfiles/$f"
done
install -m 644 "$top/editor-support/emacs/dome-mode.el" "$root/share/emacs/site-lisp/dome-mode.el"
for d in vscode tree-sitter; do
  (cd "$top/editor-support" && find "$d" -type f -not -path '*/node_modules/*') | while read -r f; do
    install -D -m 644 "$top/editor-support/$f" "$root/share/domec/editor-support/$f"
  done
done
echo "installed domec under $root"
