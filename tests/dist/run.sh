#!/bin/sh
# tests/dist: what ships. `make install` into a DESTDIR (binaries, man
# pages, completions, editor files; no test program built); the man pages
# and completions are the ones the binary generates from the command table
# (so they cannot fall behind it), a man page per command describing every
# option, completion that offers every command and option in bash, zsh and
# fish; the Debian package installed with dpkg into a clean directory tree,
# running `domec --version` and `domec check programs/dome` from there; and
# cfemu started without a token or account, used by domec with the export
# lines it prints.
. "$(dirname "$0")/../lib.sh"
set -f
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-dist.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM
unset DOME_STACK CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID CLOUDFLARE_API_BASE_URL
TAB=$(printf '\t')
list=$(domec help --list)

# make install, with the BUILD and BIN this suite's binaries came from
if [ -n "${SANITIZED:-}" ]; then mk="BUILD=build/asan BIN=build/asan/bin SAN=1"
elif [ -d "$(dirname "$BIN")/build" ]; then mk="BUILD=$(dirname "$BIN")/build BIN=$BIN"
else mk="BIN=$BIN"; fi
inst=$tmp/inst
dry=$(cd "$TOP" && make -n install DESTDIR="$inst" PREFIX=/usr $mk 2>&1)
case $dry in *tests/*) not_ok "make install builds no test program" "$dry" ;;
  *) ok "make install builds no test program" ;; esac
out=$(cd "$TOP" && make -s install DESTDIR="$inst" PREFIX=/usr $mk 2>&1); rc=$?
u=$inst/usr
missing=
for f in bin/domec bin/cfemu share/man/man1/domec.1.gz share/man/man1/cfemu.1.gz \
  share/bash-completion/completions/domec share/zsh/vendor-completions/_domec \
  share/fish/vendor_completions.d/domec.fish share/vim/vimfiles/syntax/dome.vim \
  share/vim/vimfiles/ftdetect/dome.vim share/emacs/site-lisp/dome-mode.el \
  share/domec/editor-support/vscode/package.json; do
  [ -f "$u/$f" ] || missing="$missing $f"
done
[ $rc -eq 0 ] && [ -z "$missing" ] && ok "make install DESTDIR PREFIX: binaries, man pages, completions, editor files" \
  || not_ok "make install DESTDIR PREFIX: binaries, man pages, completions, editor files" "exit $rc: $out
missing:$missing"
"$u/bin/domec" --version | grep -q '^domec ' && ok "the installed domec runs" || not_ok "the installed domec runs"

# A man page per command and group, each naming every option of the command.
bad=
printf '%s\n' "$list" | while IFS=$TAB read -r words flags args opts; do
  page=$u/share/man/man1/domec-$(echo "$words" | tr ' ' '-').1.gz
  [ -f "$page" ] || { echo "no page for $words"; continue; }
  text=$(gzip -dc "$page")
  for o in $opts; do
    case $o in --*) ;; *) continue ;; esac
    o=${o%%=*}
    printf '%s' "$text" | grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" || echo "$words: $o not in its man page"
  done
  printf '%s' "$text" | grep -q '^\.SH EXIT STATUS' || echo "$words: no EXIT STATUS"
  printf '%s' "$text" | grep -q '^\.SH EXAMPLES' || echo "$words: no EXAMPLES"
done >"$tmp/man-bad"
for g in stack config state; do [ -f "$u/share/man/man1/domec-$g.1.gz" ] || echo "no page for group $g"; done >>"$tmp/man-bad"
[ -s "$tmp/man-bad" ] && not_ok "a man page per command, with every option, examples and exit status" "$(cat "$tmp/man-bad")" \
  || ok "a man page per command, with every option, examples and exit status"
if gzip -dc "$u/share/man/man1/domec.1.gz" | grep -q '^\.SH EXIT STATUS' &&
   gzip -dc "$u/share/man/man1/cfemu.1.gz" | grep -q -- '\\-\\-token'; then ok "domec(1) has the exit-code table; cfemu(1) its options"
else not_ok "domec(1) has the exit-code table; cfemu(1) its options"; fi
set +f # the loops below list files
if command -v groff >/dev/null 2>&1; then
  warn=$(for p in "$u"/share/man/man1/*.gz; do gzip -dc "$p" | groff -man -Tutf8 -ww -z 2>&1; done)
  [ -z "$warn" ] && ok "every man page formats without a groff warning" || not_ok "every man page formats without a groff warning" "$warn"
fi

# The installed pages and scripts are what the binary generates now.
sh "$TOP/mk/gen-docs.sh" "$BIN" "$tmp/gen" >/dev/null 2>&1
same=yes
for p in "$tmp"/gen/man/man1/*.1; do
  gzip -dc "$u/share/man/man1/$(basename "$p").gz" 2>/dev/null | cmp -s - "$p" || same="$same $(basename "$p")"
done
cmp -s "$tmp/gen/completions/domec.bash" "$u/share/bash-completion/completions/domec" || same="$same bash"
domec help --completion zsh | cmp -s - "$u/share/zsh/vendor-completions/_domec" || same="$same zsh"
domec help --completion fish | cmp -s - "$u/share/fish/vendor_completions.d/domec.fish" || same="$same fish"
[ "$same" = yes ] && ok "installed man pages and completions equal what the command table generates" \
  || not_ok "installed man pages and completions equal what the command table generates" "differ:$same"

set -f
# Completion, in the shells themselves, with the installed scripts.
prog=$tmp/prog
domec init "$prog" >/dev/null
bash_complete() { # bash_complete WORD...: the candidates for the last word
  (cd "$prog" && PATH="$u/bin:$PATH" bash -c '. "$1"; shift; COMP_WORDS=(domec "$@"); COMP_CWORD=$#;
     _domec; printf "%s\n" "${COMPREPLY[@]}"' sh "$u/share/bash-completion/completions/domec" "$@")
}
fish_complete() { (cd "$prog" && PATH="$u/bin:$PATH" fish -c "source $u/share/fish/vendor_completions.d/domec.fish; complete -C '$1'" | cut -f1); }
bad=
printf '%s\n' "$list" | while IFS=$TAB read -r words flags args opts; do
  set -- $words
  last=$(eval "echo \${$#}")
  pre=$(printf '%s' "$last" | cut -c1-2)
  bash_complete $(echo "$words" | sed 's/[^ ]*$//') "$pre" | grep -qx "$last" || echo "bash: $words not offered for '$pre'"
  got=$(bash_complete $words --)
  for o in $opts; do
    case $o in --*) o=${o%%=*}; printf '%s\n' "$got" | grep -qx -- "$o" || echo "bash: $words $o not offered" ;; esac
  done
done >"$tmp/comp-bad"
[ -s "$tmp/comp-bad" ] && not_ok "bash completes every command and every option of each" "$(cat "$tmp/comp-bad")" \
  || ok "bash completes every command and every option of each"
[ "$(bash_complete preview --stack '')" = dev ] && ok "bash completes stacks for --stack" || not_ok "bash completes stacks for --stack" "$(bash_complete preview --stack '')"
[ "$(bash_complete apply --target 'queue')" = queue.jobs ] && ok "bash completes resource addresses for --target" \
  || not_ok "bash completes resource addresses for --target" "$(bash_complete apply --target queue)"
[ "$(bash_complete config get '')" = log_level ] && ok "bash completes config keys" || not_ok "bash completes config keys" "$(bash_complete config get '')"
[ "$(bash_complete check --format s)" = sarif ] && ok "bash completes an option's choices" || not_ok "bash completes an option's choices"
if command -v fish >/dev/null 2>&1; then
  if [ "$(fish_complete 'domec stack sel')" = select ] && [ "$(fish_complete 'domec preview --stack ')" = dev ] &&
     fish_complete 'domec apply --' | grep -qx -- --target; then ok "fish completes commands, stacks and options"
  else not_ok "fish completes commands, stacks and options" "$(fish_complete 'domec stack sel')"; fi
else not_ok "fish completes commands, stacks and options" "fish is not installed (mk/deps.txt)"; fi
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$u/share/zsh/vendor-completions/_domec" && ok "the zsh completion parses" || not_ok "the zsh completion parses"
else not_ok "the zsh completion parses" "zsh is not installed (mk/deps.txt)"; fi

# The Debian package, installed with dpkg into a clean directory tree.
version=$(sed -n 's/^#define DOMEC_VERSION "\(.*\)"/\1/p' "$TOP/cli/commands.h")
deb=$(sh "$TOP/mk/deb.sh" "$BIN" "$tmp/gen" "$version" "$tmp/debbuild" 2>&1); rc=$?
if [ $rc -eq 0 ] && [ -f "$deb" ] && dpkg-deb -f "$deb" Depends | grep -q libcurl; then ok "mk/deb.sh (make deb) builds a package that depends on its libraries"
else not_ok "mk/deb.sh (make deb) builds a package that depends on its libraries" "$deb"; fi
root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
# --force-depends: the clean tree's dpkg database lists none of the libraries
# (the host's are used); --force-not-root when the suite is not run as root
out=$(dpkg --root="$root" --force-depends --force-not-root --force-bad-path -i "$deb" 2>&1); rc=$?
if [ $rc -eq 0 ] && dpkg --root="$root" -s domec 2>/dev/null | grep -q '^Status: install ok installed' &&
   "$root/usr/bin/domec" --version | grep -q "^domec $version\$" &&
   "$root/usr/bin/domec" check "$TOP/programs/dome" >/dev/null 2>&1 &&
   [ -f "$root/usr/share/man/man1/domec-apply.1.gz" ]
then ok "dpkg installs the package in a clean tree; its domec runs --version and check programs/dome"
else not_ok "dpkg installs the package in a clean tree; its domec runs --version and check programs/dome" "exit $rc: $out"; fi

# check --format sarif validates against the SARIF 2.1.0 JSON schema (from
# npm: @microsoft/jest-sarif ships it; ajv checks it), with errors and clean.
if out=$(npm_ci_once "$TOP/tests/dist/sarif" --ignore-scripts); then
  mkdir -p "$tmp/bad"
  printf 'project "bad" {}\nqueue jobs { delivery_delay = "soon" }\nworker w {\n  main = "w.js"\n  compatibility_date = "2025-04-15"\n  bindings { Q = jobs }\n}\n' >"$tmp/bad/main.dome"
  : >"$tmp/bad/w.js"
  domec check "$tmp/bad" --format sarif >"$tmp/bad.sarif" 2>/dev/null; rc=$?
  v=$(node "$TOP/tests/dist/sarif/validate.js" "$tmp/bad.sarif" 2>&1)
  if [ $rc -eq 1 ] && [ "$v" = "valid SARIF 2.1.0" ] && jq -e '.runs[0].results | length >= 2' "$tmp/bad.sarif" >/dev/null
  then ok "check --format sarif: a valid SARIF 2.1.0 log (JSON schema) with the errors"
  else not_ok "check --format sarif: a valid SARIF 2.1.0 log (JSON schema) with the errors" "exit $rc: $v $(cat "$tmp/bad.sarif")"; fi
  domec check "$prog" --format sarif >"$tmp/clean.sarif" 2>/dev/null; rc=$?
  v=$(node "$TOP/tests/dist/sarif/validate.js" "$tmp/clean.sarif" 2>&1)
  [ $rc -eq 0 ] && [ "$v" = "valid SARIF 2.1.0" ] && ok "check --format sarif on a clean program: a valid empty log" \
    || not_ok "check --format sarif on a clean program: a valid empty log" "exit $rc: $v"
  printf '{"version":"2.1.0","runs":[{"tool":{}}]}' >"$tmp/broken.sarif"
  node "$TOP/tests/dist/sarif/validate.js" "$tmp/broken.sarif" >/dev/null 2>&1 \
    && not_ok "the SARIF validator rejects a log without tool.driver" || ok "the SARIF validator rejects a log without tool.driver"
else not_ok "npm ci in tests/dist/sarif" "$out"; fi

# The GitHub Actions workflow of docs/ci.md: valid YAML, a sound shape, and
# only domec commands and options that exist (tests/dist/ci_workflow.py);
# the linter itself catches a misspelt command and option.
printf '%s\n' "$list" >"$tmp/list"
out=$(python3 "$TOP/tests/dist/ci_workflow.py" "$TOP/docs/ci.md" "$tmp/list" 2>&1); rc=$?
[ $rc -eq 0 ] && ok "docs/ci.md: the workflow parses and runs only existing domec commands ($out)" \
  || not_ok "docs/ci.md: the workflow parses and runs only existing domec commands" "$out"
sed 's/domec fmt --check/domec fmat --check/; s/--detailed-exitcode/--detailed-exit-code/' "$TOP/docs/ci.md" >"$tmp/ci.md"
out=$(python3 "$TOP/tests/dist/ci_workflow.py" "$tmp/ci.md" "$tmp/list" 2>&1); rc=$?
case $out in *"domec fmat --check"*"no such command"*"--detailed-exit-code"*) [ $rc -eq 1 ] && ok "the workflow linter catches a wrong command and option" || not_ok "the workflow linter catches a wrong command and option" "$out" ;;
  *) not_ok "the workflow linter catches a wrong command and option" "$out" ;; esac

# cfemu with no token or account: it prints the export lines, and domec
# pointed at it by exactly those lines applies a program.
"$BIN/cfemu" --port 0 --port-file "$tmp/port" >"$tmp/cfemu.out" 2>&1 &
CFEMU_PID=$!
i=0; while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
exports=$(grep '^  export CLOUDFLARE_\(API_TOKEN\|ACCOUNT_ID\)=' "$tmp/cfemu.out" | sed 's/^  //')
out=$(eval "$exports"; export CLOUDFLARE_API_BASE_URL="http://127.0.0.1:$(cat "$tmp/port")/client/v4";
      domec apply "$prog" --stack dev --yes 2>&1); rc=$?
if [ -n "$exports" ] && [ $rc -eq 0 ] && printf '%s' "$out" | grep -q "3 done"; then
  ok "cfemu without --token/--account prints export lines that domec can use"
else not_ok "cfemu without --token/--account prints export lines that domec can use" "exit $rc: $(cat "$tmp/cfemu.out") $out"; fi
case $out in *"Outputs:"*"api_name = "*) ok "apply prints the outputs after it" ;; *) not_ok "apply prints the outputs after it" "$out" ;; esac
cfemu_stop
exit 0
