#!/bin/sh
# tests/backend: the PostgreSQL state backend against a real PostgreSQL
# server (tests/lib-pg.sh) and cfemu. First the stacks suite, which every
# state command goes through, runs again with its state in PostgreSQL (one
# suite, parameterized by DOME_TEST_BACKEND; its test names get a
# "postgres: " prefix); then what only a shared backend has (team.sh):
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

# BACKEND_TEAM_ONLY=1 skips the rerun (while working on team.sh)
[ -n "$BACKEND_TEAM_ONLY" ] ||
  DOME_TEST_BACKEND=postgres sh "$TOP/tests/stacks/run.sh" 2>&1 | sed 's/^\(not \)\{0,1\}ok - /&postgres: /'

. "$TOP/tests/backend/team.sh"
