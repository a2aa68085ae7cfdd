# PostgreSQL for the tests (sourced, POSIX sh, after tests/lib.sh): a real
# server from Debian's packages, in a temporary directory, on a free
# loopback port, with a password (scram-sha-256). initdb refuses to run as
# root (CI runs as root), so the server runs as user nobody when we are root.
#
#   pg_start          starts it; sets PG_DIR, PG_PORT, PG_PASSWORD and
#                     exports DOME_BACKEND_URL (postgres://dome:PW@.../dome)
#   pg_stop           stops it and removes its directory (call it in a trap)
#   pg_kill           kills the server at once (SIGKILL-like: immediate stop)
#   pg_restart        starts it again on the same port and data
#   pg_sql SQL        runs SQL as the superuser; prints rows unaligned
#   pg_disk_full ROWS BYTES
#                     the server refuses writes as with its disk full: a
#                     stack's journal row once its journal holds ROWS rows,
#                     a state or history document over BYTES (the tables
#                     must exist: domec creates them on first use)
#   pg_disk_room      room again: drops pg_disk_full's triggers
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

pg_as() {
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  [ -x "$PG_BIN/initdb" ] || { echo "# no PostgreSQL server in $PG_BIN (apt-get install postgresql-15)"; return 1; }
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/domec-pg.XXXXXX")
  chmod 755 "$PG_DIR"
  PG_PASSWORD="pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/pwfile"
  [ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$PG_DIR"
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U dome --pwfile="$PG_DIR/pwfile" \
    --auth=scram-sha-256 -E UTF8 --no-locale --no-sync >"$PG_DIR/initdb.log" 2>&1 || {
    cat "$PG_DIR/initdb.log"; return 1; }
  rm -f "$PG_DIR/pwfile"
  tries=0
  while [ $tries -lt 10 ]; do
    PG_PORT=$(( ( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ) + 20000 ))
    pg_restart && break
    tries=$((tries + 1))
  done
  [ $tries -lt 10 ] || { cat "$PG_DIR/server.log"; return 1; }
  PGPASSWORD=$PG_PASSWORD "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U dome dome || return 1
  DOME_BACKEND_URL="postgres://dome:$PG_PASSWORD@127.0.0.1:$PG_PORT/dome"
  export DOME_BACKEND_URL PG_PORT PG_PASSWORD PG_DIR
}

pg_restart() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c shared_buffers=16MB -c max_connections=60" \
    start >/dev/null 2>&1
}

pg_kill() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
}

pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PG_DIR"
  PG_DIR=
}

pg_sql() {
  PGPASSWORD=$PG_PASSWORD "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U dome -d dome -X -q -At \
    -v ON_ERROR_STOP=1 -c "$1"
}

# pg_hold_lock PROJECT STACK HOLDER_JSON: a psql session in the background
# takes the stack's advisory lock and writes HOLDER's row, as a running
# domec does (the tables exist once domec has used the database); sets
# PG_HOLD_PID. pg_release_hold ends that session, releasing the lock.
pg_hold_lock() {
  pg_sql "INSERT INTO dome_stacks (project, stack) VALUES ('$1', '$2') ON CONFLICT DO NOTHING" || return 1
  id=$(pg_sql "SELECT id FROM dome_stacks WHERE project = '$1' AND stack = '$2'")
  printf "SELECT pg_advisory_lock(1685024101, %s);
INSERT INTO dome_lock (stack_id, holder) VALUES (%s, '%s') ON CONFLICT (stack_id) DO UPDATE SET holder = EXCLUDED.holder;
SELECT pg_sleep(120);\n" "$id" "$id" "$3" |
    PGAPPNAME=dome-test-hold PGPASSWORD=$PG_PASSWORD "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U dome -d dome -X -q >/dev/null 2>&1 &
  PG_HOLD_PID=$!
  i=0
  until [ "$(pg_sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1685024101 AND objid = $id AND granted")" = 1 ] &&
        [ -n "$(pg_sql "SELECT 1 FROM dome_lock WHERE stack_id = $id")" ]; do
    i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.05
  done
}

# (a server busy in pg_sleep would notice the client gone only afterwards:
# the session is terminated from the server side, as a lost client's is)
pg_release_hold() {
  [ -n "$PG_HOLD_PID" ] || return 0
  pg_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dome-test-hold'" >/dev/null
  wait "$PG_HOLD_PID" 2>/dev/null; PG_HOLD_PID=
}

# pg_disk_full ROWS BYTES: triggers that raise what PostgreSQL raises when
# it cannot extend a table's file (SQLSTATE 53100 disk_full, "could not
# extend file ...: No space left on device", hint "Check free disk space.").
# The journal's cap counts rows: a journal sync commits one row, all or
# nothing, so a row count says which sync fails.
pg_disk_full() {
  pg_sql "CREATE OR REPLACE FUNCTION dome_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
  IF TG_TABLE_NAME = 'dome_journal' THEN
    IF (SELECT count(*) FROM dome_journal WHERE stack_id = NEW.stack_id) < TG_ARGV[0]::int THEN
      RETURN NEW;
    END IF;
  ELSIF octet_length(NEW.doc) <= TG_ARGV[0]::int THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'disk_full', HINT = 'Check free disk space.',
    MESSAGE = format('could not extend file \"%s\": No space left on device', pg_relation_filepath(TG_RELID));
END \$\$;
CREATE TRIGGER dome_test_disk_full BEFORE INSERT ON dome_journal
  FOR EACH ROW EXECUTE FUNCTION dome_test_disk_full('$1');
CREATE TRIGGER dome_test_disk_full BEFORE INSERT OR UPDATE ON dome_state
  FOR EACH ROW EXECUTE FUNCTION dome_test_disk_full('$2');
CREATE TRIGGER dome_test_disk_full BEFORE INSERT OR UPDATE ON dome_history
  FOR EACH ROW EXECUTE FUNCTION dome_test_disk_full('$2')"
}

pg_disk_room() {
  pg_sql "DROP TRIGGER IF EXISTS dome_test_disk_full ON dome_journal;
DROP TRIGGER IF EXISTS dome_test_disk_full ON dome_state;
DROP TRIGGER IF EXISTS dome_test_disk_full ON dome_history"
}
