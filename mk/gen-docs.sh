#!/bin/sh
# mk/gen-docs.sh BIN OUT: writes what `make install` ships besides the
# binaries, all generated from the binaries themselves, so it can never
# fall behind the command table (cli/commands.def):
#   OUT/man/man1/domec.1, one page per command and group (domec-apply.1,
#   domec-stack.1, domec-stack-init.1, ...) and cfemu.1 (from cfemu --help);
#   OUT/completions/domec.bash, _domec (zsh) and domec.fish.
set -eu
bin=$1 out=$2
man=$out/man/man1 comp=$out/completions
rm -rf "$man" "$comp"
mkdir -p "$man" "$comp"
"$bin/domec" help --man >"$man/domec.1"
# every command (help --list), and every group its words name
"$bin/domec" help --list | cut -f1 | while read -r words; do
  set -- $words
  [ $# -eq 2 ] && [ ! -f "$man/domec-$1.1" ] && "$bin/domec" help --man "$1" >"$man/domec-$1.1"
  "$bin/domec" help --man $words >"$man/domec-$(echo "$words" | tr ' ' '-').1"
done
for shell in bash zsh fish; do
  case $shell in bash) f=domec.bash ;; zsh) f=_domec ;; fish) f=domec.fish ;; esac
  "$bin/domec" help --completion "$shell" >"$comp/$f"
done
# cfemu(1): its --help, one option per tagged paragraph
if [ -x "$bin/cfemu" ]; then
  "$bin/cfemu" --help | awk -v version="$("$bin/domec" --version | cut -d' ' -f2)" '
    function esc(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); return s }
    BEGIN {
      print ".TH CFEMU 1 \"\" \"domec " version "\" \"domec manual\""
      print ".SH NAME\ncfemu \\- a local emulator of the Cloudflare API for domec"
      print ".SH SYNOPSIS\n.B cfemu\n[options]"
      print ".SH DESCRIPTION"
      print "cfemu serves the parts of the Cloudflare API that domec uses (D1, R2, Vectorize,"
      print "Queues, Workers) on 127.0.0.1, keeping its state in memory or in \\fB\\-\\-data\\fR."
      print "Started with no options it accepts a default token and account and prints the"
      print "\\fBexport\\fR lines that point domec at it."
      print ".SH OPTIONS"
    }
    /^  --/ {
      opt = $0; sub(/^  /, "", opt)
      text = opt; sub(/^[^ ]+( [^ ]+)? +/, "", text)
      name = substr(opt, 1, length(opt) - length(text)); sub(/ +$/, "", name)
      print ".TP\n.B " esc(name) "\n" esc(text); next
    }
    /^   / { t = $0; sub(/^ +/, "", t); print esc(t) }
    END { print ".SH SEE ALSO\ndomec(1)" }' >"$man/cfemu.1"
fi
