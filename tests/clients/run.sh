#!/bin/sh
# Client-compatibility suite: Cloudflare's own wrangler 4.86.0 and cloudflare
# SDK 7.3.0 (pinned in package-lock.json, installed here with npm ci) run
# their real flows against cfemu; every step and the read-back are asserted.
# FLOWS_OUT=FILE keeps each step's request sequence (for CLIENT-FLOWS.md).
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"
here=$TOP/tests/clients

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  not_ok "clients: node and npm are needed to run wrangler and the SDK (install Node.js 20 or newer)"
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  not_ok "clients: wrangler 4.86.0 needs Node 20 or newer, found $(node -v)"
  exit 1
fi
if ! out=$(npm_ci_once "$here"); then
  not_ok "clients: npm ci failed (wrangler and cloudflare cannot be installed)" "$out"
  exit 1
fi
if [ ! -x "$BIN/cfemu" ]; then
  not_ok "clients: $BIN/cfemu is not built"
  exit 1
fi

tmp=$(mktemp -d)
rl_pid=
trap 'cfemu_stop; [ -n "$rl_pid" ] && kill "$rl_pid" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
if ! cfemu_start "$tmp/cfemu" --data "$tmp/data" --log "$tmp/cfemu/requests.jsonl"; then
  not_ok "clients: cfemu did not start" "$(cat "$tmp/cfemu/cfemu.out" 2>/dev/null)"
  exit 1
fi
main_pid=$CFEMU_PID
main_base=$CLOUDFLARE_API_BASE_URL
# A second cfemu with a tiny rate-limit window, for the SDK's 429 handling.
if ! cfemu_start "$tmp/rl" --rate-limit 3/4 --log "$tmp/rl/requests.jsonl"; then
  not_ok "clients: cfemu --rate-limit 3/4 did not start" "$(cat "$tmp/rl/cfemu.out" 2>/dev/null)"
fi
rl_pid=$CFEMU_PID
CFEMU_RL_BASE=$CLOUDFLARE_API_BASE_URL
CFEMU_PID=$main_pid
CLOUDFLARE_API_BASE_URL=$main_base
export CFEMU_RL_BASE CLOUDFLARE_API_BASE_URL
mkdir -p "$tmp/home" "$tmp/work" "$tmp/wrangler-cache"
HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config WRANGLER_CACHE_DIR=$tmp/wrangler-cache \
  WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true CI=true NO_COLOR=1 \
  CFEMU_LOG=$tmp/cfemu/requests.jsonl CFEMU_RL_LOG=$tmp/rl/requests.jsonl WORK_DIR=$tmp/work \
  node "$here/run.mjs"
rc=$?
if [ -s "$tmp/cfemu/requests.jsonl" ] && ! grep -qF "$CLOUDFLARE_API_TOKEN" "$tmp/cfemu/requests.jsonl" "$tmp/cfemu/cfemu.out"; then
  ok "cfemu request log of the client flows never contains the token"
else
  not_ok "cfemu request log of the client flows never contains the token" "log missing, empty, or holding the token"
fi
# cfemu must exit 0 on SIGTERM, with no sanitizer report (under make asan).
kill "$CFEMU_PID" 2>/dev/null
wait "$CFEMU_PID"
st=$?
CFEMU_PID=
if [ "$st" -eq 0 ] && ! grep -qE 'Sanitizer|runtime error:' "$tmp/cfemu/cfemu.out"; then
  ok "cfemu exits cleanly on SIGTERM after the client flows"
else
  not_ok "cfemu exits cleanly on SIGTERM after the client flows" "exit status $st; $(tail -20 "$tmp/cfemu/cfemu.out")"
fi
# State written with --data must come back after a restart.
if cfemu_start "$tmp/cfemu2" --data "$tmp/data"; then
  node "$here/restart.mjs"
  cfemu_stop
else
  not_ok "sdk after a cfemu restart on the same --data" "cfemu did not restart: $(tail -5 "$tmp/cfemu2/cfemu.out")"
fi
exit $rc
