# Persistence across a restart (--data), atomic state file, /__cfemu endpoints.
cfemu_start "$tmp/persist" --data "$tmp/persist/data" || not_ok "persist: cfemu started"
api POST d1/database -d '{"name":"keep-db"}'
uuid=$(jb .result.uuid)
check "d1: create returns a UUID" eval 'printf %s "$uuid" | grep -Eq "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"'
api POST "d1/database/$uuid/query" -H 'Content-Type: text/plain;charset=UTF-8' \
  -d '{"sql":"CREATE TABLE t (k TEXT, v INTEGER); INSERT INTO t VALUES (?1, ?2)","params":["a",7]}'
check "d1: query runs two statements (text/plain body)" eval 'is $code 200 && is "$(jb ".result|length")" 2 && is "$(jb .result[1].meta.changes)" 1'
api POST r2/buckets -d '{"name":"keep-bucket","locationHint":"weur"}'
api POST queues -d '{"queue_name":"keep-queue"}'
api POST vectorize/v2/indexes -d '{"name":"keep-index","config":{"dimensions":8,"metric":"cosine"}}'
api GET /__cfemu/inventory
cp "$tmp/body" "$tmp/inv-before"
check "inventory: lists every resource" eval '[ "$(jq "[.result.accounts[]|(.d1,.r2,.queues,.vectorize)[]]|length" "$tmp/inv-before")" = 4 ]'
check "persist: state file written atomically (no temp file left)" \
  eval 'jq -e .accounts "$tmp/persist/data/state.json" >/dev/null && [ ! -e "$tmp/persist/data/state.json.tmp" ]'
kill -TERM "$CFEMU_PID"; wait "$CFEMU_PID"; rc=$?; CFEMU_PID=
check "signals: SIGTERM exits 0" is $rc 0
cfemu_start "$tmp/persist" --data "$tmp/persist/data" || not_ok "persist: cfemu restarted"
api GET /__cfemu/inventory
check "persist: inventory identical after a restart" eval 'jq -S .result "$tmp/inv-before" > "$tmp/a"; jq -S .result "$tmp/body" > "$tmp/b"; cmp -s "$tmp/a" "$tmp/b"'
api POST "d1/database/$uuid/query" -d '{"sql":"SELECT v FROM t WHERE k = ?","params":["a"]}'
check "persist: D1 rows survive a restart" eval 'is $code 200 && is "$(jb .result[0].results[0].v)" 7'
api POST d1/database -d '{"name":"after-restart"}'
check "persist: new ids differ from old ones" eval '[ "$(jb .result.uuid)" != "$uuid" ]'
api POST /__cfemu/reset
api GET d1/database
check "reset: clears every resource" eval 'is $code 200 && is "$(jb ".result|length")" 0 && [ ! -e "$tmp/persist/data/d1/$uuid.sqlite3" ]'
cfemu_stop
printf '{broken' >"$tmp/persist/data/state.json"
"$BIN/cfemu" --port 0 --token t --account $ACCT --data "$tmp/persist/data" >"$tmp/bad" 2>&1; rc=$?
check "persist: a corrupt state file is refused with a clear message" \
  eval '[ $rc -eq 2 ] && grep -q "not a cfemu state file" "$tmp/bad"'
