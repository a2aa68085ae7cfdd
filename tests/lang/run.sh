#!/bin/sh
# tests/lang: golden diagnostics of `domec check` (tests/lang/golden: a .dome
# file or a program directory, beside NAME.err = exact stderr with NO_COLOR=1,
# optional NAME.args), fmt input/expected pairs and idempotence over every
# program and test input, graph output, IR dumps and stack-file edits.
# UPDATE=1 rewrites the expectations; review that diff like code.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1

# compare NAME EXPECTED-FILE ACTUAL-FILE
compare() {
  if [ -n "$UPDATE" ]; then cp "$3" "$2"; fi
  if diff -u "$2" "$3" >"$tmp/diff" 2>&1; then ok "$1"; else not_ok "$1" "$(head -40 "$tmp/diff")"; fi
}

golden_case() { # golden_case TARGET
  target=$1
  base=${target%.dome}
  args=
  [ -f "$base.args" ] && args=$(cat "$base.args")
  # shellcheck disable=SC2086
  domec check "$target" $args >"$tmp/out" 2>"$tmp/err"
  rc=$?
  want=0
  src="$base.err"
  [ -n "$UPDATE" ] && src="$tmp/err"
  [ -f "$src" ] && grep -q '^domec: [0-9]* errors*$' "$src" && want=1
  if [ "$rc" -ne "$want" ]; then
    not_ok "check $(basename "$base") (exit $rc, want $want)" "$(head -20 "$tmp/err")"
    return
  fi
  [ -f "$base.err" ] || : >"$base.err"
  compare "check $(basename "$base")" "$base.err" "$tmp/err"
}

for f in tests/lang/golden/*.dome; do golden_case "$f"; done
for d in tests/lang/golden/*/; do
  d=${d%/}
  [ -f "$d.err" ] || [ -n "$UPDATE" ] || continue
  golden_case "$d"
done

# fmt: NAME.in formatted must equal NAME.out, and NAME.out must be stable.
for in in tests/lang/fmt/*.in; do
  name=$(basename "$in" .in)
  cp "$in" "$tmp/$name.dome"
  domec fmt "$tmp/$name.dome" 2>"$tmp/err"
  compare "fmt $name" "tests/lang/fmt/$name.out" "$tmp/$name.dome"
  cp "$tmp/$name.dome" "$tmp/again.dome"
  domec fmt --check "$tmp/again.dome" >"$tmp/out" 2>&1
  if [ $? -eq 0 ]; then ok "fmt $name is idempotent"; else not_ok "fmt $name is idempotent" "$(cat "$tmp/out")"; fi
done

# fmt idempotence over every program and test input that parses.
n=0; bad=
for f in $(find programs tests/lang -name '*.dome' | sort); do
  cp "$f" "$tmp/one.dome"
  domec fmt "$tmp/one.dome" 2>/dev/null || continue
  cp "$tmp/one.dome" "$tmp/two.dome"
  domec fmt "$tmp/two.dome" 2>/dev/null
  cmp -s "$tmp/one.dome" "$tmp/two.dome" || bad="$bad $f"
  n=$((n + 1))
done
if [ -z "$bad" ] && [ "$n" -gt 50 ]; then ok "fmt is idempotent over $n files"; else not_ok "fmt idempotence ($n files)" "$bad"; fi

# fmt never changes meaning: the same diagnostics (locations aside) before
# and after formatting, for every golden input that parses.
mkdir -p "$tmp/sem"
cp tests/lang/golden/app.js "$tmp/sem/"
strip() { sed -n 's/^[^ ]*:[0-9]*:[0-9]*: \(error\|note\|warning\): /\1: /p' "$1"; }
n=0; bad=
for f in tests/lang/golden/*.dome; do
  cp "$f" "$tmp/sem/x.dome"
  domec check "$tmp/sem/x.dome" 2>"$tmp/before" >/dev/null
  domec fmt "$tmp/sem/x.dome" 2>/dev/null || continue
  domec check "$tmp/sem/x.dome" 2>"$tmp/after" >/dev/null
  strip "$tmp/before" >"$tmp/b1"; strip "$tmp/after" >"$tmp/a1"
  cmp -s "$tmp/b1" "$tmp/a1" || bad="$bad $f"
  n=$((n + 1))
done
if [ -z "$bad" ] && [ "$n" -gt 50 ]; then ok "fmt keeps the meaning of $n golden inputs"; else not_ok "fmt keeps meaning ($n files)" "$bad"; fi

# every program is clean, canonically formatted, and keeps its comments.
for p in programs/*/; do
  p=${p%/}
  expect "check $p" domec check "$p"
  expect "fmt --check $p" domec fmt --check "$p"
done
domec fmt --check tests/lang/fmt/messy.in >"$tmp/out" 2>&1
if [ $? -eq 3 ] && grep -q messy.in "$tmp/out"; then ok "fmt --check lists unformatted files, exit 3"
else not_ok "fmt --check lists unformatted files, exit 3" "$(cat "$tmp/out")"; fi
c1=$(grep -c '#' tests/lang/fmt/messy.in); c2=$(grep -c '#' tests/lang/fmt/messy.out)
if [ "$c1" -eq "$c2" ]; then ok "fmt keeps every comment"; else not_ok "fmt keeps every comment" "$c1 vs $c2"; fi

domec fmt - <tests/lang/fmt/messy.in >"$tmp/stdout.dome" 2>&1
compare "fmt - (stdin to stdout)" tests/lang/fmt/messy.out "$tmp/stdout.dome"
printf 'bucket {\n' | domec fmt - >/dev/null 2>&1
[ $? -eq 1 ] && ok "fmt - with a syntax error exits 1 (an error in the program)" || not_ok "fmt - with a syntax error exits 1 (an error in the program)"

# graph output
domec graph programs/dome >"$tmp/dome.dot" 2>&1
compare "graph programs/dome" tests/lang/graph/dome.dot "$tmp/dome.dot"
domec graph tests/lang/golden/cycle-service-ok >"$tmp/cycle.dot" 2>/dev/null
compare "graph service cycle" tests/lang/graph/cycle.dot "$tmp/cycle.dot"
if command -v dot >/dev/null 2>&1; then
  domec graph programs/dome --format svg >"$tmp/g.svg" 2>&1
  if grep -q '<svg' "$tmp/g.svg"; then ok "graph --format svg"; else not_ok "graph --format svg" "$(head -5 "$tmp/g.svg")"; fi
fi

PATH=/nonexistent "$BIN/domec" graph programs/dome --format svg >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q "Graphviz" "$tmp/out"; then ok "graph --format svg without dot: clear error, exit 2"
else not_ok "graph --format svg without dot: clear error, exit 2" "rc=$rc $(cat "$tmp/out")"; fi
domec graph tests/lang/golden/cycle-dlq-self.dome >"$tmp/out" 2>/dev/null
[ $? -eq 1 ] && [ ! -s "$tmp/out" ] && ok "graph of a program with errors: exit 1, no output" || not_ok "graph of a program with errors: exit 1, no output"

# fmt DIR rewrites the program's files and its stack files in place
cp -r programs/uploads "$tmp/up"
printf 'config{log_level="debug"   # chatty\nmax_retries=3}\n' >"$tmp/up/stacks/dev.dome"
printf 'queue   extra{delivery_delay=1}\n' >"$tmp/up/zz.dome"
domec fmt --check "$tmp/up" >"$tmp/out" 2>&1; rc=$?
domec fmt "$tmp/up" && domec fmt --check "$tmp/up" >/dev/null 2>&1 && domec check "$tmp/up" --stack dev 2>/dev/null
rc2=$?
if [ $rc -eq 3 ] && [ "$(wc -l <"$tmp/out")" -eq 2 ] && [ $rc2 -eq 0 ] && grep -q '# chatty' "$tmp/up/stacks/dev.dome"; then
  ok "fmt DIR: lists 2 files, rewrites them, keeps comments"
else not_ok "fmt DIR: lists 2 files, rewrites them, keeps comments" "rc=$rc rc2=$rc2 $(cat "$tmp/out") $(cat "$tmp/up/stacks/dev.dome")"; fi

# IR dumps (lowering contract for the runtime)
for spec in tests/lang/ir/*.args; do
  name=$(basename "$spec" .args)
  # shellcheck disable=SC2046
  "$BIN/tests/langtool" ir $(cat "$spec") >"$tmp/ir" 2>&1
  compare "ir $name" "tests/lang/ir/$name.ir" "$tmp/ir"
done

# lang_report: runtime errors printed against a resource's span
"$BIN/tests/langtool" report tests/lang/golden/ok-minimal.dome >/dev/null 2>"$tmp/report"
compare "lang_report format" tests/lang/ir/report.err "$tmp/report"

# stack files through lang/stackfile.h: list/get entries, set/remove in
# config {} and encryption {}, a program's config declarations
for spec in tests/lang/edit/*.args; do
  name=$(basename "$spec" .args)
  # shellcheck disable=SC2046
  eval "\"$BIN/tests/langtool\" $(cat "$spec")" >"$tmp/edit" 2>&1
  compare "edit $name" "tests/lang/edit/$name.out" "$tmp/edit"
done

# colour: on when asked (a terminal), never in a pipe or file
"$BIN/tests/langtool" color tests/lang/golden/dup-attrs.dome >"$tmp/col" 2>&1
if grep -q "$(printf '\033')\[1;31merror" "$tmp/col" && grep -q "$(printf '\033')\[1;36mnote" "$tmp/col"; then
  ok "colour: errors red, notes cyan"; else not_ok "colour: errors red, notes cyan" "$(cat -v "$tmp/col" | head -5)"; fi
env -u NO_COLOR "$BIN/domec" check tests/lang/golden/dup-attrs.dome 2>"$tmp/nocol"
if grep -q "$(printf '\033')" "$tmp/nocol"; then not_ok "no colour when stderr is a file"; else ok "no colour when stderr is a file"; fi

# exit codes and usage
domec check does/not/exist >/dev/null 2>&1
[ $? -eq 2 ] && ok "check: missing dir exits 2" || not_ok "check: missing dir exits 2"
domec check programs/dome --stack 'Bad Name' >/dev/null 2>&1
[ $? -eq 2 ] && ok "check: bad stack name exits 2" || not_ok "check: bad stack name exits 2"
domec check tests/lang/fmt >/dev/null 2>&1
[ $? -eq 2 ] && ok "check: a directory without .dome files exits 2" || not_ok "check: a directory without .dome files exits 2"
NO_COLOR=1 domec check programs/dome/ --stack dev 2>&1 | grep -q '//' && not_ok "check: trailing slash" || ok "check: trailing slash"
domec check --bogus >/dev/null 2>&1
[ $? -eq 2 ] && ok "check: unknown option exits 2" || not_ok "check: unknown option exits 2"
"$BIN/tests/langtool" buffer tests/lang/golden/secret-in-name.dome >"$tmp/out" 2>"$tmp/err"
n=$(cat "$tmp/out")
want=$(grep -c ": error: " tests/lang/golden/secret-in-name.err)
[ "$n" = "$want" ] && ok "lang_check_buffer counts $n errors" || not_ok "lang_check_buffer count" "$n vs $want"
exit 0
