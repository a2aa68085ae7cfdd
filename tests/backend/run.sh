#!/bin/sh
# tests/backend: the PostgreSQL state backend against a real PostgreSQL
# server (tests/lib-pg.sh) and cfemu. First the suites that test state
# behaviour run again with their state in PostgreSQL: stacks (every state
# command) and safety (journal, history, lock, interrupted applies, malformed
# states), and e2e's crash test (SIGKILL, SIGINT, SIGTERM at seeded points
# of an apply) and full-journal test (the server refusing the journal's
# rows); the same scripts, parameterized by DOME_TEST_BACKEND, their test
# names prefixed "postgres SUITE: ". Then what only a shared backend has (team.sh):
# two checkouts racing, SIGKILLed holders, the server killed mid-apply,
# migration, schema versions, connection errors and the password.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/lib-pg.sh"
. "$TOP/tests/e2e/lib_e2e.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-backend.XXXXXX")
trap 'pg_release_hold; cfemu_stop; pg_stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
unset DOME_STACK DOME_SECRETS_KEY_FILE
pg_start || { not_ok "PostgreSQL starts (initdb as an unprivileged user, free port)"; exit 1; }
ok "PostgreSQL starts (initdb as an unprivileged user, free port)"

# BACKEND_TEAM_ONLY=1 skips the reruns (while working on team.sh)
for suite in stacks safety; do
  [ -n "$BACKEND_TEAM_ONLY" ] ||
    DOME_TEST_BACKEND=postgres sh "$TOP/tests/$suite/run.sh" 2>&1 | sed "s/^\(not \)\{0,1\}ok - /&postgres $suite: /"
done
# tests/e2e sources these two (the rest of e2e is not about state)
[ -n "$BACKEND_TEAM_ONLY" ] || (
  DOME_TEST_BACKEND=postgres D=$BIN/domec
  trap 'cfemu_stop' EXIT
  . "$E2E/crash.sh"
  . "$E2E/journal_full.sh"
) 2>&1 | sed "s/^\(not \)\{0,1\}ok - /&postgres e2e: /"

. "$TOP/tests/backend/team.sh"
