#!/bin/sh
# Suite "safety": no workflow deletes a live resource the program still
# declares, loses a secret or writes where it should not. One test (or a
# few) per hazard, each against cfemu on 127.0.0.1 and asserted from cfemu's
# inventory and request log, not from domec's own words.
# One suite for both state backends: local files, and PostgreSQL when
# tests/backend runs it with DOME_TEST_BACKEND=postgres (state, journal,
# history and lock are read and planted through tests/lib.sh's st_*; what
# only local files have, such as .dome/ modes and symlinks, runs local only).
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/lib-pg.sh"
. "$TOP/tests/e2e/lib_e2e.sh"
st_backend_only
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-safety.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM
D="$BIN/domec"
LOG=$tmp/emu/requests.log
cfemu_start "$tmp/emu" --log "$LOG" || { not_ok "cfemu starts"; exit 0; }

# program DIR BODY: DIR's main.dome becomes BODY (its state stays); each
# directory is its own project, as each has its own .dome/ on local files
program() {
  mkdir -p "$1/stacks"
  printf 'project "sf-%s" {\n  naming = "${name}"\n}\n%s\n' "$(basename "$1")" "$2" >"$1/main.dome"
  echo 'export default { fetch() { return new Response("ok") } }' >"$1/index.js"
  : >"$1/stacks/dev.dome"
}
worker() { # worker LABEL NAME [EXTRA]
  printf 'worker %s {\n  name = "%s"\n  main = "index.js"\n  compatibility_date = "2025-01-01"\n%s}\n' \
    "$1" "$2" "${3:-}"
}
# deletes PATTERN: how many DELETE requests cfemu logged whose path matches
deletes() { grep '"method":"DELETE"' "$LOG" | grep -c "$1"; }
# live KIND NAME: is there a resource of KIND called NAME on cfemu?
live() { inv_cfemu >"$tmp/inv"; grep -q "^$1 $2\$" "$tmp/inv"; }

for part in plans import stacks store interrupt inputs terminal credentials; do
  . "$TOP/tests/safety/$part.sh"
done
