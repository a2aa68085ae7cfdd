# e2e, continued (sourced by run.sh): refresh reads by listing (issue 13).
# A 100-resource program (bench/apply/gen.sh: 13 of each storage kind, 48
# workers) against its own cfemu; the request counts come from cfemu's log.
L=$tmp/listing
LE=$tmp/emu-listing
sh "$TOP/bench/apply/gen.sh" 100 "$L"
cfemu_stop
cfemu_start "$LE" --rate-limit 0 --log "$LE/log" || not_ok "listing: cfemu starts"
"$D" apply "$L" --stack dev --yes >"$tmp/lo" 2>&1 || not_ok "listing: the program applies" "$(tail -5 "$tmp/lo")"

# since LINE: the requests cfemu logged after line LINE, as "METHOD path"
log_since() { tail -n +"$(($1 + 1))" "$LE/log" | sed 's/.*"method":"\([A-Z]*\)","path":"\([^"]*\)".*/\1 \2/'; }
log_n() { wc -l <"$LE/log" | tr -d ' '; }
acct_api() { # METHOD PATH [curl args]: another client changes the account
  m=$1 p=$2; shift 2
  curl -sf -X "$m" -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$@" \
    "$CLOUDFLARE_API_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID$p" >/dev/null
}

n0=$(log_n)
out=$("$D" refresh "$L" --stack dev --expect-no-changes 2>&1); rc=$?
log_since "$n0" >"$tmp/lreq"
# 1 account check + 5 listings; no D1 read: every database keeps the
# default read_replication, which no D1 list item shows (docs/cli.md)
if [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/lreq")" -eq 6 ]; then
  ok "listing: refresh of 100 in-sync resources sends 6 requests (5 listings, the account check)"
else not_ok "listing: refresh of 100 in-sync resources sends 6 requests" "rc=$rc $(sort "$tmp/lreq" | uniq -c | sort -rn | head)"; fi
if grep -q "^GET .*/r2/buckets/\|^GET .*/queues/\|^GET .*/vectorize/v2/indexes/\|^GET .*/workers/scripts/\|^GET .*/d1/database/" "$tmp/lreq"; then
  not_ok "listing: no database, bucket, queue, index or worker is read one by one" "$(grep "/r2/buckets/\|/queues/\|/indexes/\|/scripts/\|/d1/database/" "$tmp/lreq" | head -3)"
else ok "listing: no database, bucket, queue, index or worker is read one by one"; fi

n0=$(log_n)
"$D" preview "$L" --stack dev --refresh >"$tmp/lo" 2>&1
if [ "$(log_since "$n0" | wc -l)" -eq 6 ]; then ok "listing: preview --refresh reads the same way (6 requests)"
else not_ok "listing: preview --refresh reads the same way" "$(log_since "$n0" | sort | uniq -c | sort -rn | head -5)"; fi

# out of band: a bucket, an index and a queue deleted, one worker's bindings removed
qid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"]["queue.q5"]["id"])' "$L/.dome/dev.json")
acct_api DELETE /r2/buckets/bench-b3-dev
acct_api DELETE /vectorize/v2/indexes/bench-v4-dev
acct_api DELETE "/queues/$qid"
acct_api PATCH /workers/scripts/bench-m2-dev/settings -F 'settings={"bindings":[]};type=application/json'
n0=$(log_n)
out=$("$D" refresh "$L" --stack dev --yes 2>&1); rc=$?
log_since "$n0" >"$tmp/lreq"
if echo "$out" | grep -q "bucket.b3 *deleted out of band" && echo "$out" | grep -q "index.v4 *deleted out of band" &&
   echo "$out" | grep -q "queue.q5 *deleted out of band"; then
  ok "listing: resources missing from the listings are deleted out of band"
else not_ok "listing: resources missing from the listings are deleted out of band" "rc=$rc $out"; fi
if ! grep -q "bench-b3-dev\|bench-v4-dev\|$qid" "$tmp/lreq"; then ok "listing: deletion found without reading the deleted resources"
else not_ok "listing: deletion found without reading the deleted resources" "$(grep "bench-b3-dev\|bench-v4-dev\|$qid" "$tmp/lreq")"; fi
if echo "$out" | grep -q "worker.m2 *changed out of band \[bindings\]" &&
   [ "$(grep -c "^GET .*/workers/scripts/.*/settings" "$tmp/lreq")" -eq 1 ] &&
   grep -q "^GET .*/workers/scripts/bench-m2-dev/settings" "$tmp/lreq"; then
  ok "listing: only the worker whose modified_on changed is read in detail, and its drift is found"
else not_ok "listing: only the worker whose modified_on changed is read in detail" "$out $(grep settings "$tmp/lreq")"; fi
# the changed worker's detail read: its settings and its workers.dev subdomain
if [ "$(wc -l <"$tmp/lreq")" -eq 8 ]; then ok "listing: that drift costs two requests more than the in-sync refresh (8: the changed worker's settings and subdomain)"
else not_ok "listing: that drift costs two requests more than the in-sync refresh" "$(wc -l <"$tmp/lreq") requests: $(sort "$tmp/lreq" | uniq -c | sort -rn | head -5)"; fi
if inv_state "$L" 2>/dev/null | grep -q "bench-b3-dev"; then not_ok "listing: the deleted bucket left the state"
else ok "listing: the deleted bucket left the state"; fi

# the worker's new etag/modified_on was kept: the next refresh reads no worker
n0=$(log_n)
"$D" refresh "$L" --stack dev --yes >"$tmp/lo" 2>&1
if ! log_since "$n0" | grep -q "/settings"; then ok "listing: the new change marker is kept, the next refresh reads no worker"
else not_ok "listing: the new change marker is kept" "$(log_since "$n0" | grep settings)"; fi

# import --discover lists through the same listings: every kind, largest pages
cp "$L/stacks/dev.dome" "$L/stacks/disc.dome"
n0=$(log_n)
out=$(cd "$L" && "$D" import --discover --stack disc 2>&1); rc=$?
tail -n +"$((n0 + 1))" "$LE/log" | sed 's/.*"method":"\([A-Z]*\)","path":"[^"]*\/accounts\/[0-9a-f]*\([^"]*\)","query":"\([^"]*\)".*/\1 \2?\3/' >"$tmp/lreq"
if [ $rc -eq 0 ] && grep -qx "GET /d1/database?per_page=10000" "$tmp/lreq" && grep -qx "GET /r2/buckets?per_page=1000" "$tmp/lreq" &&
   grep -qx "GET /queues?per_page=1000" "$tmp/lreq" && grep -qx "GET /vectorize/v2/indexes?" "$tmp/lreq" &&
   grep -qx "GET /workers/scripts?" "$tmp/lreq" && echo "$out" | grep -q "bench-a0-dev"; then
  ok "listing: import --discover lists every kind at the largest page size"
else not_ok "listing: import --discover lists every kind at the largest page size" "rc=$rc $(head -8 "$tmp/lreq") $(echo "$out" | tail -3)"; fi
cfemu_stop

# more than one page: 1,002 buckets (R2 pages by cursor, 1,000 a page) and
# 1,002 queues (numbered pages, 1,000 a page); one of each deleted out of band
M=$tmp/listing-pages
mkdir -p "$M/stacks"
printf '# pages\nconfig {\n}\n' >"$M/stacks/dev.dome"
{ printf 'project "pg" {\n  naming = "${project}-${name}-${stack}"\n}\n'
  i=0; while [ $i -lt 1002 ]; do printf 'bucket b%d {}\nqueue q%d {}\n' $i $i; i=$((i + 1)); done
} >"$M/main.dome"
cfemu_start "$LE" --rate-limit 0 --log "$LE/log" || not_ok "listing: cfemu starts"
"$D" apply "$M" --stack dev --yes >"$tmp/lo" 2>&1 || not_ok "listing: 2,004 resources apply" "$(tail -5 "$tmp/lo")"
qid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"]["queue.q700"]["id"])' "$M/.dome/dev.json")
acct_api DELETE /r2/buckets/pg-b500-dev
acct_api DELETE "/queues/$qid"
n0=$(log_n)
out=$("$D" refresh "$M" --stack dev --yes 2>&1); rc=$?
tail -n +"$((n0 + 1))" "$LE/log" | sed 's/.*"method":"\([A-Z]*\)","path":"[^"]*\/accounts\/[0-9a-f]*\([^"]*\)","query":"\([^"]*\)".*/\1 \2?\3/' >"$tmp/lreq"
if echo "$out" | grep -q "bucket.b500 *deleted out of band" && echo "$out" | grep -q "queue.q700 *deleted out of band" &&
   [ "$(echo "$out" | grep -c "out of band")" -eq 2 ] && grep -q "^GET /r2/buckets?per_page=1000&cursor=" "$tmp/lreq" &&
   grep -qx "GET /queues?per_page=1000&page=2" "$tmp/lreq" && grep -q "^GET /queues/$qid?" "$tmp/lreq" &&
   [ "$(wc -l <"$tmp/lreq")" -eq 6 ]; then
  ok "listing: every page is read (R2 by cursor, queues by number); a queue missing from numbered pages is confirmed by one GET (6 requests for 2,004 resources)"
else not_ok "listing: every page is read; a missing queue is confirmed" "rc=$rc $(cat "$tmp/lreq") $(echo "$out" | head -5)"; fi
cfemu_stop

# routes by zone, custom domains by one account listing, D1 read_replication
# only where it is not the default: three workers with a route and a custom
# domain each on one zone, two databases (one with read replication on)
T=$tmp/listing-traffic
mkdir -p "$T/stacks"
printf '# traffic\nconfig {\n}\n' >"$T/stacks/dev.dome"
echo 'export default { fetch() { return new Response("ok"); } };' >"$T/index.js"
{ printf 'project "tl" {\n  naming = "${project}-${name}-${stack}"\n}\n'
  printf 'database plain {}\ndatabase replicated {\n  read_replication = "auto"\n}\n'
  for i in 0 1 2; do
    printf 'worker w%d {\n  main = "index.js"\n  routes = ["w%d.dome.cloud/*"]\n  domains = ["api%d.dome.cloud"]\n}\n' $i $i $i
  done
} >"$T/main.dome"
cfemu_start "$LE" --rate-limit 0 --log "$LE/log" || not_ok "listing: cfemu starts"
curl -sf -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" -H "Content-Type: application/json" \
  "$CLOUDFLARE_API_BASE_URL/zones" --data "{\"name\":\"dome.cloud\",\"account\":{\"id\":\"$CLOUDFLARE_ACCOUNT_ID\"}}" >/dev/null
"$D" apply "$T" --stack dev --yes >"$tmp/lo" 2>&1 || not_ok "listing: the traffic program applies" "$(tail -5 "$tmp/lo")"
n0=$(log_n)
out=$("$D" refresh "$T" --stack dev --expect-no-changes 2>&1); rc=$?
log_since "$n0" >"$tmp/lreq"
# the account check, the D1 and scripts listings, one zone's routes, the
# domains, and the replicated database's detail read: 6
if [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/lreq")" -eq 6 ] && [ "$(grep -c "^GET /client/v4/zones/[0-9a-f]*/workers/routes$" "$tmp/lreq")" -eq 1 ] &&
   [ "$(grep -c "^GET .*/workers/domains$" "$tmp/lreq")" -eq 1 ] && [ "$(grep -c "^GET .*/d1/database/" "$tmp/lreq")" -eq 1 ]; then
  ok "listing: routes are read per zone, domains by one account listing, D1 only where read_replication is not the default (6 requests)"
else not_ok "listing: routes per zone, domains by one listing (6 requests)" "rc=$rc $(sort "$tmp/lreq" | uniq -c | sort -rn | head -8) $out"; fi
if grep -q "^GET .*/workers/scripts/[^/]*/routes\|/workers/domains?" "$tmp/lreq"; then
  not_ok "listing: no worker's routes or domains are read one by one" "$(grep "routes\|domains" "$tmp/lreq")"
else ok "listing: no worker's routes or domains are read one by one"; fi

# out of band: w1's route deleted, w2's domain detached, replication of the replicated database turned off
zid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"]["worker.w1"]["extra"]["routes"][0]["zone_id"])' "$T/.dome/dev.json")
rid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"]["worker.w1"]["extra"]["routes"][0]["id"])' "$T/.dome/dev.json")
did=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"]["worker.w2"]["extra"]["domains"][0]["id"])' "$T/.dome/dev.json")
dbid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"]["database.replicated"]["id"])' "$T/.dome/dev.json")
curl -sf -X DELETE -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$CLOUDFLARE_API_BASE_URL/zones/$zid/workers/routes/$rid" >/dev/null
acct_api DELETE "/workers/domains/$did"
acct_api PATCH "/d1/database/$dbid" -H 'Content-Type: application/json' -d '{"read_replication":{"mode":"disabled"}}'
n0=$(log_n)
out=$("$D" refresh "$T" --stack dev --expect-no-changes 2>&1); rc=$?
log_since "$n0" >"$tmp/lreq"
if [ $rc -eq 3 ] && echo "$out" | grep -q "worker.w1 *changed out of band \[routes\]" &&
   echo "$out" | grep -q "worker.w2 *changed out of band \[domains\]" &&
   echo "$out" | grep -q "database.replicated *changed out of band \[read_replication\]" &&
   [ "$(echo "$out" | grep -c "out of band")" -eq 3 ] && [ "$(wc -l <"$tmp/lreq")" -eq 6 ]; then
  ok "listing: a route deleted, a domain detached and replication turned off out of band are found from the listings (6 requests)"
else not_ok "listing: route, domain and replication drift found from the listings" "rc=$rc $out $(sort "$tmp/lreq" | uniq -c)"; fi
cfemu_stop
