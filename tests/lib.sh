# Shared helpers for test suites (sourced, POSIX sh).
# Report with ok/not_ok; run binaries through $VALGRIND when it is set.
: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BIN:=$TOP/bin}"

ok()     { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /'; return 0; }

# expect NAME CMD...: passes when CMD exits 0
expect() { name=$1; shift; if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi; }

domec() { $VALGRIND "$BIN/domec" "$@"; }

# cfemu_start DIR [ARGS...]: starts cfemu on a free loopback port with its
# state in DIR; sets CFEMU_PID, CFEMU_PORT, CLOUDFLARE_API_BASE_URL,
# CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID. cfemu --port 0 picks the
# port and writes it to --port-file once it is listening.
cfemu_start() {
  dir=$1; shift
  mkdir -p "$dir"
  rm -f "$dir/port"
  CLOUDFLARE_API_TOKEN=${CLOUDFLARE_API_TOKEN:-test-token-0123456789}
  CLOUDFLARE_ACCOUNT_ID=${CLOUDFLARE_ACCOUNT_ID:-0123456789abcdef0123456789abcdef}
  "$BIN/cfemu" --port 0 --port-file "$dir/port" --token "$CLOUDFLARE_API_TOKEN" \
    --account "$CLOUDFLARE_ACCOUNT_ID" "$@" >"$dir/cfemu.out" 2>&1 &
  CFEMU_PID=$!
  i=0
  while [ ! -s "$dir/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  CFEMU_PORT=$(cat "$dir/port" 2>/dev/null)
  CLOUDFLARE_API_BASE_URL="http://127.0.0.1:$CFEMU_PORT/client/v4"
  export CFEMU_PID CFEMU_PORT CLOUDFLARE_API_BASE_URL CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID
  [ -n "$CFEMU_PORT" ]
}

cfemu_stop() { [ -n "$CFEMU_PID" ] && kill "$CFEMU_PID" 2>/dev/null; wait "$CFEMU_PID" 2>/dev/null; CFEMU_PID=; }

# npm_ci_once DIR [NPM_ARGS...]: runs `npm ci` in DIR only when its
# package-lock.json changed since the last install (a stamp file in
# node_modules), under a lock, since several runs may share one tree.
# Prints npm's output and returns non-zero when the install fails.
npm_ci_once() {
  npm_dir=$1; shift
  mkdir -p "$TOP/tests/out"
  (cd "$npm_dir" && flock "$TOP/tests/out/.npm-$(basename "$npm_dir").lock" sh -c '
      stamp=node_modules/.domec-lock-stamp
      cmp -s package-lock.json "$stamp" 2>/dev/null && exit 0
      npm ci --no-audit --no-fund "$@" && cp package-lock.json "$stamp"' sh "$@" 2>&1)
}

# ---- a stack's state, journal, history and lock, on either backend --------
# Suites that test state behaviour run against local files and, again from
# tests/backend, against PostgreSQL (DOME_TEST_BACKEND=postgres; the suite
# sources tests/lib-pg.sh for pg_sql). These read and plant what domec
# keeps for the program in DIR and stack S (default dev), wherever it is.
on_pg() { [ "$DOME_TEST_BACKEND" = postgres ]; }
# st_backend_only: unset DOME_BACKEND_URL unless this run is on PostgreSQL
# (call it at the top of a parameterized suite)
st_backend_only() { on_pg || unset DOME_BACKEND_URL; }
# st_project DIR: the project's name, from DIR/main.dome
st_project() { sed -n 's/^project "\([^"]*\)".*/\1/p' "$1/main.dome" | head -n 1; }
# st_id DIR S: SQL for the stack's id
st_id() {
  printf "(SELECT id FROM dome_stacks WHERE project = '%s' AND stack = '%s')" "$(st_project "$1")" "${2:-dev}"
}
# st_state DIR [S]: prints the stack's state document; fails when it has none
st_state() {
  if on_pg; then
    doc=$(pg_sql "SELECT doc FROM dome_state WHERE stack_id = $(st_id "$1" "$2")") && [ -n "$doc" ] &&
      printf '%s\n' "$doc"
  else cat "$1/.dome/${2:-dev}.json" 2>/dev/null; fi
}
# st_has_state DIR [S]: the stack has a state
st_has_state() { st_state "$@" >/dev/null; }
# st_serial DIR [S]: the serial of the stack's state
st_serial() { st_state "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["serial"])'; }
# st_journal DIR [S]: prints the journal's records; fails when there are none
st_journal() {
  if on_pg; then
    j=$(pg_sql "SELECT string_agg(records, '' ORDER BY id) FROM dome_journal WHERE stack_id = $(st_id "$1" "$2")") &&
      [ -n "$j" ] && printf '%s\n' "$j"
  else [ -s "$1/.dome/${2:-dev}.journal" ] && cat "$1/.dome/${2:-dev}.journal"; fi
}
# st_has_journal DIR [S]: a journal (even an empty file) is left
st_has_journal() {
  if on_pg; then st_journal "$@" >/dev/null; else [ -e "$1/.dome/${2:-dev}.journal" ]; fi
}
# st_history DIR [S]: the saved serials, one a line, ascending
st_history() {
  if on_pg; then pg_sql "SELECT serial FROM dome_history WHERE stack_id = $(st_id "$1" "$2") ORDER BY serial"
  else ls "$1/.dome/history/${2:-dev}" 2>/dev/null | sed -n 's/^\([0-9]*\)\.json$/\1/p' | sort -n; fi
}
# st_locked DIR [S]: a lock holder record is left
st_locked() {
  if on_pg; then [ -n "$(pg_sql "SELECT 1 FROM dome_lock WHERE stack_id = $(st_id "$1" "$2")")" ]
  else [ -e "$1/.dome/${2:-dev}.lock" ]; fi
}
# st_plant_state DIR S FILE: FILE becomes the stack's state document as is
# (an existing state: a malformed one is written past domec's checks)
st_plant_state() {
  if on_pg; then pg_sql "UPDATE dome_state SET doc = \$plant\$$(cat "$3")\$plant\$ WHERE stack_id = $(st_id "$1" "$2")"
  else cp "$3" "$1/.dome/$2.json"; fi
}
# st_plant_journal DIR S: the records on stdin become the stack's journal,
# as a killed apply leaves it
st_plant_journal() {
  if on_pg; then pg_sql "INSERT INTO dome_journal (stack_id, records) VALUES ($(st_id "$1" "$2"), \$plant\$$(cat)
\$plant\$)"
  else cat >"$1/.dome/$2.journal"; fi
}
# st_forget DIR [S]: the stack's state, history, journal and lock are gone,
# as if never applied
st_forget() {
  if on_pg; then pg_sql "DELETE FROM dome_stacks WHERE id = $(st_id "$1" "$2")"
  else rm -rf "$1/.dome"; fi
}
# st_file DIR [S]: writes the stack's state to a temporary file and prints
# its path (for tools that read a file); the file is empty without a state
st_file() {
  f=${tmp:-${TMPDIR:-/tmp}}/st-file.json
  st_state "$1" "$2" >"$f"
  echo "$f"
}
# st_url: how domec names the PostgreSQL backend in messages (the URL with
# its password as ***)
st_url() { printf '%s' "$DOME_BACKEND_URL" | sed 's|^\(postgres://[^:]*:\)[^@]*@|\1***@|'; }
# st_where DIR [S]: how domec names the stack's state in messages
st_where() {
  if on_pg; then
    printf "the state of stack '%s' of project '%s' in %s" "${2:-dev}" "$(st_project "$1")" "$(st_url)"
  else printf '.dome/%s.json' "${2:-dev}"; fi
}
# st_journal_name DIR [S]: how domec names the stack's journal in messages
# ("cannot write the journal NAME: why")
st_journal_name() {
  if on_pg; then printf "of stack '%s' (project '%s')" "${2:-dev}" "$(st_project "$1")"
  else printf "'%s/.dome/%s.journal'" "$1" "${2:-dev}"; fi
}
