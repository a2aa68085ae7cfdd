#!/bin/sh
# Suite "runtime-unit": planner, state, lock and journal unit tests
# (plan_test.c) on hand-built IR, then the same fixture applied to cfemu
# through the runtime alone (rt_apply): create, no-op, refresh, replace,
# destroy, with cfemu's inventory checked after each.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-rtunit.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM
$VALGRIND "$BIN/tests/rt_plan_test" "$tmp"
rc=$?
[ $rc -gt 1 ] && not_ok "rt_plan_test ran to completion" "exit status $rc"

[ -x "$BIN/cfemu" ] || { not_ok "cfemu is built"; exit 0; }
mkdir -p "$tmp/p"
echo 'export default { fetch() { return new Response("ok"); }, queue() {} };' >"$tmp/p/index.js"
cfemu_start "$tmp/emu" || { not_ok "cfemu starts" "$(cat "$tmp/emu/cfemu.out")"; exit 0; }
inv() { curl -s "http://127.0.0.1:$CFEMU_PORT/__cfemu/inventory"; }
count() { inv | grep -o "\"$1\"" | wc -l | tr -d ' '; }
rt() { $VALGRIND "$BIN/tests/rt_apply" "$tmp/p" dev "$@" >"$tmp/out" 2>&1; }

if rt apply; then ok "rt_apply: first apply succeeds"; else not_ok "rt_apply: first apply succeeds" "$(cat "$tmp/out")"; fi
i=$(inv)
if echo "$i" | grep -q '"t-meta"' && echo "$i" | grep -q '"t-emb"' &&
   [ "$(echo "$i" | grep -o '"script_name":"t-api"' | wc -l)" -eq 1 ]; then
  ok "rt_apply: inventory holds the program, one consumer"
else not_ok "rt_apply: inventory holds the program, one consumer" "$i"; fi
if rt apply && grep -q "no changes" "$tmp/out"; then ok "rt_apply: second plan has no changes"
else not_ok "rt_apply: second plan has no changes" "$(cat "$tmp/out")"; fi
if rt refresh; then ok "rt_apply: refresh finds no drift"
else not_ok "rt_apply: refresh finds no drift" "$(cat "$tmp/out")"; fi
if rt apply 1536 && grep -q "replace" "$tmp/out" && inv | grep -q '"dimensions":1536'; then
  ok "rt_apply: dimensions change replaces the index"
else not_ok "rt_apply: dimensions change replaces the index" "$(cat "$tmp/out")"; fi
if rt destroy && [ "$(inv | grep -o '"name":"t-' | wc -l)" -eq 0 ] && ! inv | grep -q '"id":"t-'; then
  ok "rt_apply: destroy leaves nothing behind"
else not_ok "rt_apply: destroy leaves nothing behind" "$(cat "$tmp/out"; inv)"; fi
exit 0
