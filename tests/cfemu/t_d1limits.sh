# D1: statements D1 refuses (SQLite authorizer), the query time limit, a
# runaway query blocking nobody else, SIGTERM during a query. (Sourced by
# run.sh.)
cfemu_start "$tmp/d1g" --d1-query-timeout-ms 2500 || not_ok "d1g: cfemu started" "$(cat "$tmp/d1g/cfemu.out")"
api POST d1/database -d '{"name":"guarded-db"}'; gdb=$(jb .result.uuid)
api POST d1/database -d '{"name":"other-db"}'; odb=$(jb .result.uuid)
api POST "d1/database/$gdb/query" -d '{"sql":"CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)"}'
# sql JSON [query|raw]: one call on guarded-db.
sql() { api POST "d1/database/$gdb/${2:-query}" -d "$1"; }
# refused: the last answer is D1's refusal of a statement.
refused() {
  is $code 400 && is "$(jb .success)" false && is "$(jb .errors[0].code)" 7500 &&
    is "$(jb .errors[0].message)" "not authorized: SQLITE_AUTH"
}
rows() { sql '{"sql":"SELECT count(*) AS n FROM t"}'; jb .result[0].results[0].n; }

sql "{\"sql\":\"ATTACH DATABASE '$tmp/d1g/attached.sqlite3' AS x\"}"
check "d1 guard: ATTACH is 400 code 7500 \"not authorized: SQLITE_AUTH\"" refused
check "d1 guard: a refused ATTACH creates no file" eval '[ ! -e "$tmp/d1g/attached.sqlite3" ]'
sql "{\"sql\":\"ATTACH '$tmp/d1g/raw.sqlite3' AS x\"}" raw
check "d1 guard: ATTACH through /raw is refused too" eval 'refused && [ ! -e "$tmp/d1g/raw.sqlite3" ]'
sql '{"batch":[{"sql":"INSERT INTO t VALUES (2)"},{"sql":"DETACH DATABASE main"}]}'
check "d1 guard: a batch with DETACH is refused and its earlier insert undone" eval 'refused && is "$(rows)" 1'
sql '{"sql":"PRAGMA journal_mode = OFF"}'
check "d1 guard: a PRAGMA D1 does not allow (journal_mode) is refused" refused
sql '{"sql":"SELECT file FROM pragma_database_list"}'
check "d1 guard: the table-valued form of a refused PRAGMA is refused" refused
sql '{"sql":"PRAGMA foreign_keys = banana"}'
check "d1 guard: foreign_keys takes only a boolean" refused
sql '{"sql":"BEGIN TRANSACTION"}'
check "d1 guard: BEGIN is refused (each call is one transaction)" refused
sql "{\"sql\":\"SELECT load_extension('$tmp/d1g/evil.so')\"}"
check "d1 guard: load_extension() is refused" \
  eval 'is $code 400 && is "$(jb .errors[0].code)" 7500 && jb .errors[0].message | grep -q "not authorized"'
sql '{"sql":"PRAGMA table_info(t)"}'
check "d1 guard: PRAGMA table_info is allowed" eval 'is $code 200 && is "$(jb .result[0].results[0].name)" v'
sql '{"sql":"PRAGMA defer_foreign_keys = on; PRAGMA defer_foreign_keys"}'
check "d1 guard: PRAGMA defer_foreign_keys can be set and read" \
  eval 'is $code 200 && is "$(jb .result[1].results[0].defer_foreign_keys)" 1'
sql '{"sql":"SELECT name FROM pragma_table_list WHERE name = '"'t'"'"}'
check "d1 guard: the table-valued form of an allowed PRAGMA works" eval 'is $code 200 && is "$(jb .result[0].results[0].name)" t'

# A runaway query (with an insert before it, in one batch) runs in the
# background while other requests must answer at once.
runaway='{"sql":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"}'
auth="Authorization: Bearer $TOKEN"
dbs="$CLOUDFLARE_API_BASE_URL/accounts/$ACCT/d1/database"
curl -s -m 20 -o "$tmp/d1g/runaway" -w '%{http_code} %{time_total}' -H "$auth" \
  -d "{\"batch\":[{\"sql\":\"INSERT INTO t VALUES (3)\"},$runaway]}" "$dbs/$gdb/query" >"$tmp/d1g/runaway.st" &
rpid=$!
sleep 0.4
# timed URL [CURL ARGS...]: "STATUS SECONDS" of one request.
timed() { curl -s -m 5 -o "$tmp/body" -w '%{http_code} %{time_total}' -H "$auth" "$@"; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
fast() { [ "${1% *}" = 200 ] && lt "${1#* }" 1.5; }
v=$(timed "$CLOUDFLARE_API_BASE_URL/user/tokens/verify")
l=$(timed "$dbs")
o=$(timed -d '{"sql":"SELECT 1 AS one"}' "$dbs/$odb/query")
g=$(timed "$dbs/$gdb")
running=no; kill -0 "$rpid" 2>/dev/null && running=yes
check "d1 limit: while a query runs, tokens/verify, the D1 list, another database's query and the busy database's details answer in < 1.5 s" \
  eval 'fast "$v" && fast "$l" && fast "$o" && fast "$g" && is $running yes'
wait "$rpid"
st=$(cat "$tmp/d1g/runaway.st"); code=${st% *}
cp "$tmp/d1g/runaway" "$tmp/body"
# A query that was not interrupted would hold the server: stop it for good.
[ "$code" = 400 ] || kill -KILL "$CFEMU_PID"
check "d1 limit: the runaway query is interrupted after --d1-query-timeout-ms with 400 code 7500" \
  eval 'is $code 400 && ! lt "${st#* }" 2.4 && lt "${st#* }" 15 && is "$(jb .errors[0].code)" 7500 &&
        jb .errors[0].message | grep -q "exceeded timeout"'
rows_after=
[ "$code" = 400 ] && rows_after=$(rows)
check "d1 limit: the interrupted batch is undone and the database still answers" is "$rows_after" 1
cfemu_stop
"$BIN/cfemu" --token t --account $ACCT --d1-query-timeout-ms 0 >"$tmp/bad" 2>&1; rc=$?
check "cli: --d1-query-timeout-ms must be positive" \
  eval '[ $rc -eq 2 ] && grep -q -- "invalid value .0. for --d1-query-timeout-ms" "$tmp/bad"'

# SIGTERM while a query runs (with the default 30 s limit): cfemu must exit
# 0 promptly. A watchdog kills it after 3 s so a hang fails instead of
# hanging the suite.
cfemu_start "$tmp/d1t" || not_ok "d1t: cfemu started"
api POST d1/database -d '{"name":"long-db"}'; ldb=$(jb .result.uuid)
curl -s -m 10 -o /dev/null -H "$auth" -d "$runaway" \
  "$CLOUDFLARE_API_BASE_URL/accounts/$ACCT/d1/database/$ldb/query" &
cpid=$!
sleep 0.5
kill -TERM "$CFEMU_PID"
(sleep 3; kill -KILL "$CFEMU_PID" 2>/dev/null) &
wd=$!
wait "$CFEMU_PID"; rc=$?; CFEMU_PID=
kill "$wd" 2>/dev/null
wait "$cpid"
check "signals: SIGTERM during a running D1 query exits 0 within 3 s" is $rc 0
