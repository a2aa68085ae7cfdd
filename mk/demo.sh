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

# programs/dome-full: the real Dome system in full (KV, a Durable Object,
# workers.dev, observability, consumer concurrency), same passphrase.
cp -R "$top/programs/dome-full" "$work/dome-full"
full="$work/dome-full"
for s in dev staging prod; do
  step "dome-full: domec check --stack $s";   "$BIN/domec" check "$full" --stack "$s"
done
held() { # how many resources cfemu holds
  curl -s "http://127.0.0.1:$CFEMU_PORT/__cfemu/inventory" | python3 -c '
import json, sys
acct = json.load(sys.stdin)["result"]["accounts"].values()
print(sum(len(a.get(k, [])) for a in acct for k in ("d1", "r2", "vectorize", "queues", "workers", "kv")))'
}
before=$(held)
step "dome-full: domec apply --stack dev --yes";     "$BIN/domec" apply "$full" --stack dev --yes
step "dome-full: domec preview --expect-no-changes"; "$BIN/domec" preview "$full" --stack dev --expect-no-changes
step "dome-full: domec refresh --expect-no-changes"; "$BIN/domec" refresh "$full" --stack dev --expect-no-changes
sed 's/max_concurrency = 3/max_concurrency = 5/' "$full/workers.dome" >"$full/workers.new"
mv "$full/workers.new" "$full/workers.dome"
step "dome-full: a change (constellation max_concurrency 3 -> 5)"
"$BIN/domec" apply "$full" --stack dev --yes
step "dome-full: domec destroy --stack dev --yes";   "$BIN/domec" destroy "$full" --stack dev --yes
left=$(held)
[ "$left" = "$before" ] || { echo "dome-full: cfemu holds $left resources after destroy, $before before" >&2; exit 1; }
printf '\ndemo ok: programs/dome-full applied, changed and destroyed; cfemu holds only programs/dome again\n'
