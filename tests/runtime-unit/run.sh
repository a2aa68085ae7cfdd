#!/bin/sh
# Suite "runtime-unit": planner, state, lock and journal unit tests
# (tests/runtime-unit/plan_test.c) on hand-built IR; no network.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-rtunit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
$VALGRIND "$BIN/tests/rt_plan_test" "$tmp"
rc=$?
[ $rc -gt 1 ] && not_ok "rt_plan_test ran to completion" "exit status $rc"
exit 0
