#!/bin/sh
# make demo: the main job, offline. Starts cfemu on a free loopback port, then
# checks, previews and applies programs/dome (stack dev) against it, proves
# the result is stable (no changes on a second preview and on refresh), prints
# the stack outputs, and stops cfemu. State goes to a temporary copy so the
# repository stays clean.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$top/bin}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
TOP=$top
. "$top/tests/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/domec-demo.XXXXXX")
trap 'cfemu_stop; rm -rf "$work"' EXIT INT TERM
cp -R "$top/programs/dome" "$work/dome"
prog="$work/dome"

step() { printf '\n== %s\n' "$*"; }

cfemu_start "$work/cfemu" --log "$work/cfemu/requests.log"
echo "cfemu listening on $CLOUDFLARE_API_BASE_URL (account $CLOUDFLARE_ACCOUNT_ID)"

# The demo stack's secrets are sealed with this passphrase (see docs/secrets.md).
DOME_PASSPHRASE=${DOME_PASSPHRASE:-dome-demo-passphrase}
export DOME_PASSPHRASE

step "domec check --stack dev";              "$BIN/domec" check "$prog" --stack dev
step "domec graph";                          "$BIN/domec" graph "$prog" --stack dev | head -n 12
step "domec preview --stack dev";            "$BIN/domec" preview "$prog" --stack dev
step "domec apply --stack dev --yes";        "$BIN/domec" apply "$prog" --stack dev --yes
step "domec preview --expect-no-changes";    "$BIN/domec" preview "$prog" --stack dev --expect-no-changes
step "domec refresh --expect-no-changes";    "$BIN/domec" refresh "$prog" --stack dev --expect-no-changes
step "domec stack output --stack dev";       "$BIN/domec" stack output "$prog" --stack dev
printf '\ndemo ok: programs/dome deployed to cfemu (%s requests)\n' \
  "$(wc -l <"$work/cfemu/requests.log" | tr -d ' ')"
