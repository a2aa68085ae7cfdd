#!/bin/sh
# make demo: the main job, offline. Starts cfemu on a free loopback port, then
# checks, previews and applies programs/dome (stack dev) against it, proves
# the result is stable (no changes on a second preview and on refresh), prints
# the stack outputs; then does the same for programs/dome-full (TypeScript
# workers bundled by esbuild, D1 migrations), changes it and destroys it; and
# stops cfemu. State goes to a temporary copy so the repository stays clean.
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
# workers.dev, observability, consumer concurrency), same passphrase. Its
# workers are TypeScript, bundled by esbuild from its node_modules (the
# Makefile's demo target runs npm ci there first), and its five databases
# carry wrangler-layout migrations.
[ -x "$top/programs/dome-full/node_modules/.bin/esbuild" ] || {
  echo "demo: programs/dome-full/node_modules/.bin/esbuild is missing; run make demo (it runs npm ci there)" >&2
  exit 1
}
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
step "dome-full: domec preview --stack dev (databases list their pending migrations)"
"$BIN/domec" preview "$full" --stack dev | grep -E 'database|to create'
step "dome-full: domec apply --stack dev --yes";     "$BIN/domec" apply "$full" --stack dev --yes
step "dome-full: each database recorded its migrations in d1_migrations"
for m in auth-db:auth chat-db:chat silo:silo todos-db:todos sync-plan:tsunami; do
  python3 "$top/tests/full/dome_check.py" migrations "${m%%:*}-dev" "$full/services/${m#*:}/migrations"
  echo "${m%%:*}-dev d1_migrations: $(ls "$full/services/${m#*:}/migrations" | paste -sd " " -)"
done
step "dome-full: domec preview --expect-no-changes"; "$BIN/domec" preview "$full" --stack dev --expect-no-changes
step "dome-full: domec refresh --expect-no-changes"; "$BIN/domec" refresh "$full" --stack dev --expect-no-changes
sed 's/max_concurrency = 3/max_concurrency = 5/' "$full/workers.dome" >"$full/workers.new"
mv "$full/workers.new" "$full/workers.dome"
sed 's/ORDER BY created_at DESC/ORDER BY updated_at DESC/' "$full/services/todos/src/todos.ts" >"$full/todos.new"
mv "$full/todos.new" "$full/services/todos/src/todos.ts"
step "dome-full: a change (constellation max_concurrency 3 -> 5; an edit to todos' imported src/todos.ts)"
"$BIN/domec" apply "$full" --stack dev --yes
step "dome-full: domec destroy --stack dev --yes";   "$BIN/domec" destroy "$full" --stack dev --yes
left=$(held)
[ "$left" = "$before" ] || { echo "dome-full: cfemu holds $left resources after destroy, $before before" >&2; exit 1; }
printf '\ndemo ok: programs/dome-full bundled, migrated, applied, changed and destroyed; cfemu holds only programs/dome again\n'
