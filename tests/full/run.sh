#!/bin/sh
# Suite "full": what the whole real Dome system needs (issue 11) against
# cfemu on 127.0.0.1: KV namespaces, workers.dev and observability, queue
# producer and consumer settings, null entries, importing a worker whose
# bindings are not imported, Durable Objects, routes and custom domains,
# `existing` references to resources made elsewhere, R2 event notification
# rules and Vectorize metadata indexes (notify.sh), and programs/dome-full
# (its TypeScript workers bundled by esbuild, its D1 migrations).
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/e2e/lib_e2e.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-full.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM
D="$BIN/domec"
LOG=$tmp/emu/requests.log
cfemu_start "$tmp/emu" --log "$LOG" || { not_ok "cfemu starts"; exit 0; }

# program DIR BODY: DIR's main.dome becomes BODY (state in DIR/.dome stays)
program() {
  mkdir -p "$1/stacks"
  printf 'project "fl" {\n  naming = "${project}-${name}-${stack}"\n}\n%s\n' "$2" >"$1/main.dome"
  [ -f "$1/index.js" ] || echo 'export default { fetch() { return new Response("ok") } }' >"$1/index.js"
  [ -f "$1/stacks/dev.dome" ] || : >"$1/stacks/dev.dome"
}
# jq-less JSON probe: py EXPR JSON -> prints eval(EXPR) with d = the JSON
py() { python3 -c "import json,sys; d=json.loads(sys.argv[2]); print($1)" "$1" "$2"; }

for part in kv settings import durable routes existing notify dome_full; do
  . "$TOP/tests/full/$part.sh"
done
exit 0
