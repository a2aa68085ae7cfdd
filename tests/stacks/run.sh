#!/bin/sh
# tests/stacks: stacks, config and secrets, state operations and import,
# end to end against cfemu on 127.0.0.1. Each test works in a fresh copy of
# a small program (one resource of every kind, a worker with a secret).
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pg.sh"
# The local backend unless tests/backend runs this suite against PostgreSQL
# (DOME_TEST_BACKEND=postgres with DOME_BACKEND_URL set by pg_start).
[ "$DOME_TEST_BACKEND" = postgres ] || unset DOME_BACKEND_URL
VALGRIND=${VALGRIND:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/domec-stacks.XXXXXX")
trap 'cfemu_stop; rm -rf "$work"' EXIT INT TERM
export DOME_PASSPHRASE=stacks-test-passphrase
unset DOME_SECRETS_KEY_FILE DOME_STACK
SECRET=plain-Secret-7f3a9c1e

cfemu_start "$work/emu" --log "$work/emu/requests.log" || { not_ok "cfemu starts"; exit 1; }

# fresh DIR: a new program directory with stack dev configured
fresh() {
  d="$work/$1"; rm -rf "$d"; mkdir -p "$d/src" "$d/stacks"
  echo 'export default { fetch() { return new Response("ok") } }' > "$d/src/index.js"
  sed "s/@P@/$1/" > "$d/main.dome" <<'DOME'
# a small program with one resource of each kind
project "@P@" {
  naming = "${project}-${name}-${stack}"
}

config level: string = "info"
config retries: int = 3
config api_key: secret

database meta {
  location = "wnam"
}

bucket raw {}

index vec {
  dimensions = 32
  metric     = "cosine"
}

queue events {}

worker api {
  main = "src/index.js"
  compatibility_date = "2025-04-15"
  bindings {
    DB     = database.meta
    RAW    = bucket.raw
    VEC    = index.vec
    EVENTS = queue.events
  }
  vars { LEVEL = config.level }
  secrets { API_KEY = config.api_key }
}
DOME
  cat > "$d/stacks/dev.dome" <<'DOME'
# Stack dev: comments survive edits.
config {
  level = "debug" # noisy on purpose
}
DOME
  printf '%s' "$SECRET" | domec config set api_key --secret --stack dev --dir "$d" 2>/dev/null
}

# t NAME CMD...: ok when CMD exits 0 (output kept in $out)
t() { name=$1; shift; if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi; }
# f NAME CODE CMD...: ok when CMD exits with CODE and prints something
f() {
  name=$1; code=$2; shift 2; out=$("$@" 2>&1); rc=$?
  if [ "$rc" -eq "$code" ] && [ -n "$out" ]; then ok "$name"; else not_ok "$name" "exit $rc: $out"; fi
}
# has NAME TEXT PATTERN: ok when TEXT matches the grep pattern
has() { if printf '%s\n' "$2" | grep -q -- "$3"; then ok "$1"; else not_ok "$1" "no '$3' in: $2"; fi; }

for part in config stack names state import wrangler leak; do
  . "$TOP/tests/stacks/$part.sh"
done
