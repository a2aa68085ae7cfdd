#!/bin/sh
# cfemu API suite: every operation of the OpenAPI subset and the newer ones
# API.md documents, happy path and documented errors, each response checked
# with ajv against its schema. Installs ajv itself (npm ci, pinned lock).
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"
here=$TOP/tests/emulator-api

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  not_ok "emulator-api: node and npm are needed (install Node.js 20 or newer)"
  exit 1
fi
if ! out=$(npm_ci_once "$here"); then
  not_ok "emulator-api: npm ci failed" "$out"
  exit 1
fi
if [ ! -x "$BIN/cfemu" ]; then
  not_ok "emulator-api: $BIN/cfemu is not built"
  exit 1
fi

tmp=$(mktemp -d)
main_pid=
rl_pid=
cleanup() {
  for p in $main_pid $rl_pid; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# the main instance checks shapes over more than 1,200 calls: no limiter
# (the second instance below tests the limiter)
if ! cfemu_start "$tmp/main" --log "$tmp/main/requests.jsonl" --rate-limit 0; then
  not_ok "emulator-api: cfemu did not start" "$(cat "$tmp/main/cfemu.out" 2>/dev/null)"
  exit 1
fi
main_pid=$CFEMU_PID
main_base=$CLOUDFLARE_API_BASE_URL
if ! cfemu_start "$tmp/rl" --rate-limit 5/60; then
  not_ok "emulator-api: cfemu --rate-limit 5/60 did not start" "$(cat "$tmp/rl/cfemu.out" 2>/dev/null)"
  exit 1
fi
rl_pid=$CFEMU_PID

CFEMU_BASE=$main_base CFEMU_RL_BASE=$CLOUDFLARE_API_BASE_URL \
  OPENAPI_DIR=${OPENAPI_DIR:-$here/openapi} \
  node "$here/run.mjs"
rc=$?

if [ -s "$tmp/main/requests.jsonl" ] && ! grep -q "$CLOUDFLARE_API_TOKEN" "$tmp/main/requests.jsonl"; then
  ok "request log: written, and the token never appears in it"
else
  not_ok "request log: missing, empty or containing the token"
fi
# cfemu must exit 0 on SIGTERM, with no sanitizer report (under make asan).
kill "$main_pid" 2>/dev/null
wait "$main_pid"
st=$?
main_pid=
if [ "$st" -eq 0 ] && ! grep -qE 'Sanitizer|runtime error:' "$tmp/main/cfemu.out"; then
  ok "cfemu exits cleanly on SIGTERM after the suite"
else
  not_ok "cfemu exits cleanly on SIGTERM after the suite" "exit status $st; $(tail -20 "$tmp/main/cfemu.out")"
fi
exit $rc
