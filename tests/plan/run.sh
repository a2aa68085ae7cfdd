#!/bin/sh
# tests/plan: golden plans. Each case directory tests/plan/CASE/ holds a
# program, an optional prior state (.dome/STACK.json) and journal
# (.dome/STACK.journal), the preview arguments (args) and the exact output
# of `domec preview ARGS`, `... --diff` and `... --json` (expected.txt,
# expected-diff.txt, expected-json.txt: stdout, then "--- stderr" and stderr
# when there is any, then "--- exit N"). Every case runs offline: no
# Cloudflare credentials are set and the API base URL is a closed port.
# UPDATE=1 rewrites the expectations; read the diff like code (README.md).
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
case "${BIN:-}" in
  "") ;;
  /*) ;;
  *) BIN=$(pwd)/$BIN ;;
esac
. "$TOP/tests/lib.sh"
here=$TOP/tests/plan
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-plan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

export NO_COLOR=1 DOME_PASSPHRASE=plan-golden-passphrase
export CLOUDFLARE_API_BASE_URL=http://127.0.0.1:9/client/v4
unset CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID DOME_SECRETS_KEY_FILE DOME_STACK

[ -x "$BIN/domec" ] || { not_ok "domec is built" "no $BIN/domec"; exit 0; }

# listing DIR: every directory below DIR, and every file with its checksum
# (preview must not write anything, not even fold the journal into the state)
listing() { (cd "$1" && find . -type d | LC_ALL=C sort &&
             find . -type f | LC_ALL=C sort | xargs -r sha256sum); }

# one_run CASE WORK FORM EXPECTED-FILE [EXTRA-ARG]
one_run() {
  name=$1 work=$2 form=$3 want=$4; shift 4
  # shellcheck disable=SC1090,SC2046
  (cd "$work" || exit 99
   if [ -f "$tmp/env" ]; then set -a; . "$tmp/env"; set +a; fi
   domec preview $(cat "$tmp/args") "$@" >"$tmp/out" 2>"$tmp/err")
  rc=$?
  { cat "$tmp/out"
    if [ -s "$tmp/err" ]; then echo "--- stderr"; cat "$tmp/err"; fi
    echo "--- exit $rc"
  } >"$tmp/actual"
  if [ -n "$UPDATE" ]; then cp "$tmp/actual" "$want"; fi
  if [ ! -f "$want" ]; then
    not_ok "$name: preview $form" "no $(basename "$want"); run with UPDATE=1 and review it"
  elif diff -u "$want" "$tmp/actual" >"$tmp/diff" 2>&1; then
    ok "$name: preview $form"
  else
    not_ok "$name: preview $form" "$(head -60 "$tmp/diff")"
  fi
}

n=0
for dir in "$here"/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  [ -f "$dir/args" ] || continue
  n=$((n + 1))
  work=$tmp/case/$name
  mkdir -p "$work"
  # the program as a user has it: everything but the expectations and the
  # before*/ programs the prior state was made from (mkstate.sh)
  (cd "$dir" && find . -mindepth 1 -maxdepth 1 ! -name 'expected*' ! -name 'before*' \
     ! -name args ! -name env -exec cp -R {} "$work/" \;)
  cp "$dir/args" "$tmp/args"
  rm -f "$tmp/env"
  [ -f "$dir/env" ] && cp "$dir/env" "$tmp/env"
  listing "$work" >"$tmp/before.sum"
  one_run "$name" "$work" plain "$dir/expected.txt"
  one_run "$name" "$work" --diff "$dir/expected-diff.txt" --diff
  one_run "$name" "$work" --json "$dir/expected-json.txt" --json
  listing "$work" >"$tmp/after.sum"
  if cmp -s "$tmp/before.sum" "$tmp/after.sum"; then ok "$name: preview writes nothing"
  else not_ok "$name: preview writes nothing" "$(diff "$tmp/before.sum" "$tmp/after.sum")"; fi
done
if [ "$n" -ge 15 ]; then ok "plan: $n golden cases"; else not_ok "plan: $n golden cases (want at least 15)"; fi
exit 0
