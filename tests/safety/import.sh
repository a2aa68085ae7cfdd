# tests/safety: Import keeps everything the API reports and every binding it cannot model.
# Sourced by run.sh (cfemu, $D, $LOG and the helpers are set there).

# --- 4. import keeps what the API reports; what it cannot report is adopted -------
P=$tmp/imp
program "$P" ''
cf POST /r2/buckets '{"name":"imp-raw","locationHint":"weur"}' >/dev/null
d1=$(cf POST /d1/database '{"name":"imp-db","primary_location_hint":"weur"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["uuid"])')
cf POST /vectorize/v2/indexes '{"name":"imp-vec","config":{"preset":"@cf/baai/bge-large-en-v1.5"}}' >/dev/null
for a in "bucket.raw imp-raw" "database.db $d1" "index.vec imp-vec"; do
  # shellcheck disable=SC2086
  "$D" import $a --stack dev --dir "$P" >>"$tmp/imported.dome" 2>"$tmp/err" || not_ok "import: $a" "$(cat "$tmp/err")"
done
if python3 - "$(st_file "$P")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["resources"]
assert r["bucket.raw"]["attrs"]["location"] == "weur", r["bucket.raw"]
assert "location" in r["database.db"]["unknown"], r["database.db"]
assert r["index.vec"]["attrs"]["dimensions"] == 1024 and "preset" in r["index.vec"]["unknown"], r["index.vec"]
PY
then ok "import: R2 location recorded; D1 location and the index preset recorded as unknown"
else not_ok "import: R2 location recorded; D1 location and the index preset recorded as unknown" "$(st_state "$P")"; fi
program "$P" 'bucket raw {
  name     = "imp-raw"
  location = "weur"
}
database db {
  name     = "imp-db"
  location = "weur"
}
index vec {
  name   = "imp-vec"
  preset = "@cf/baai/bge-large-en-v1.5"
}'
out=$("$D" preview "$P" --stack dev 2>&1); rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q "no changes"; then ok "import: declaring the true location and preset plans nothing"
else not_ok "import: declaring the true location and preset plans nothing" "$out"; fi
: >"$LOG"
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
if [ "$(grep -c '"method":"\(POST\|PUT\|PATCH\|DELETE\)"' "$LOG")" -eq 0 ] &&
   python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["resources"]; assert "unknown" not in r["database.db"] and r["database.db"]["attrs"]["location"]=="weur" and r["index.vec"]["attrs"]["preset"].endswith("large-en-v1.5")' "$(st_file "$P")"; then
  ok "import: the next apply adopts the program's location and preset without a request"
else not_ok "import: the next apply adopts the program's location and preset without a request" "$(cat "$LOG"; st_state "$P")"; fi
check "import: then no changes" "$D" preview "$P" --stack dev --expect-no-changes

# --- 6. bindings the language does not model survive every apply -----------------
P=$tmp/keep
program "$P" ''
echo 'export default { fetch() { return new Response("ok") } }' >"$tmp/kw.js"
curl -s -X PUT -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$(api)/workers/scripts/keep-w" \
  -F 'metadata={"main_module":"index.js","compatibility_date":"2025-01-01","bindings":[{"type":"analytics_engine","name":"EVENTS","dataset":"ev"},{"type":"plain_text","name":"MODE","text":"a"}]};type=application/json' \
  -F "index.js=@$tmp/kw.js;filename=index.js;type=application/javascript+module" >/dev/null
out=$("$D" import worker.w keep-w --stack dev --dir "$P" 2>&1)
if echo "$out" | grep -q "# EVENTS: a analytics_engine binding, not modeled by domec"; then
  ok "kept bindings: import prints an analytics_engine binding for what it is"
else not_ok "kept bindings: import prints an analytics_engine binding for what it is" "$out"; fi
program "$P" "$(worker w keep-w '  vars { MODE = "b" }
')"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "update .*worker.w .*(keeps EVENTS (analytics_engine))"; then ok "kept bindings: preview says the update keeps it"
else not_ok "kept bindings: preview says the update keeps it" "$out"; fi
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1
s=$(cf_get /workers/scripts/keep-w/settings)
if echo "$s" | grep -q '"analytics_engine"' && echo "$s" | grep -q '"b"'; then
  ok "kept bindings: after apply the worker still has it (and the new var)"
else not_ok "kept bindings: after apply the worker still has it (and the new var)" "$s $(cat "$tmp/o")"; fi
check "kept bindings: then no changes" "$D" preview "$P" --stack dev --expect-no-changes
