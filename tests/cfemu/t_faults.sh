# Rate limit and lockout, seeded fault injection, per-path targeting,
# latency, and the request log. (Sourced by run.sh.)
cfemu_start "$tmp/rl" --token other-token-77 --rate-limit 3/60 || not_ok "rl: cfemu started"
api GET d1/database; api GET d1/database; api GET d1/database
check "ratelimit: the first N calls pass with x-ratelimit headers" \
  eval 'is $code 200 && is "$(header x-ratelimit-limit)" 3 && is "$(header x-ratelimit-remaining)" 0'
api GET d1/database
ra=$(header retry-after)
check "ratelimit: call N+1 is 429 code 971 with Retry-After" \
  eval 'is $code 429 && is "$(jb .errors[0].code)" 971 && [ "$ra" -ge 1 ] && [ "$ra" -le 60 ]'
api GET r2/buckets
check "ratelimit: every endpoint stays refused for the window" eval 'is $code 429 && is "$(jb .success)" false'
api_as "Authorization: Bearer other-token-77" GET d1/database
check "ratelimit: counted per token" is $code 200
cfemu_stop

# statuses SEED: the status codes of 30 sequential requests under faults.
statuses() {
  cfemu_start "$tmp/f$1" --fail-rate 0.4 --seed "$1" --rate-limit 0 || return 1
  s=
  for i in $(seq 30); do api GET d1/database; s="$s $code"; done
  cfemu_stop
  echo "$s"
}
a=$(statuses 42); b=$(statuses 42); c=$(statuses 7)
check "faults: the same --seed gives the same failures" eval '[ "$a" = "$b" ] && echo "$a" | grep -Eq " 5(00|02|03)" && echo "$a" | grep -q " 200"'
check "faults: another seed gives other failures" eval '[ "$a" != "$c" ]'

cfemu_start "$tmp/fp" --fail-rate 1 --fault-path "/accounts/$ACCT/r2" --log "$tmp/fp/log" || not_ok "fp: started"
api GET r2/buckets
r2=$code
check "faults: an injected 5xx has a failure envelope" eval 'is "$(jb .success)" false && is "$(jb .errors[0].code)" 10002'
api GET d1/database
check "faults: --fault-path limits faults to matching paths" eval 'case $r2 in 5*) true;; *) false;; esac && is $code 200'
check "faults: a non-targeted path has a success envelope" eval 'is "$(jb .success)" true'
cfemu_stop

cfemu_start "$tmp/dr" --drop-rate 1 --fault-path /client/v4/accounts/$ACCT/queues || not_ok "dr: started"
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$CLOUDFLARE_API_BASE_URL/accounts/$ACCT/queues"; rc=$?
check "faults: --drop-rate resets the connection (no response)" eval '[ $rc -eq 52 ] || [ $rc -eq 56 ]'
api GET d1/database
check "faults: other paths still answer while drops are on" is $code 200
cfemu_stop

cfemu_start "$tmp/lat" --latency 300 || not_ok "lat: started"
t=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$CLOUDFLARE_API_BASE_URL/user/tokens/verify")
check "faults: --latency delays a request" eval 'awk -v t="$t" "BEGIN{exit !(t >= 0.29)}"'
cfemu_stop

cfemu_start "$tmp/log" --log "$tmp/log/requests.jsonl" || not_ok "log: started"
api POST d1/database -d '{"name":"logged-db"}'
api GET "queues?name=a&name=b&page=1"
api_as "Authorization: Bearer wrong-secret-token-xyz" GET d1/database
cfemu_stop
log=$tmp/log/requests.jsonl
check "log: one JSON line per request with method, path, query, status, duration" \
  eval 'is "$(wc -l <"$log" | tr -d " ")" 3 && jq -se "any(.method==\"GET\" and .path==\"/client/v4/accounts/$ACCT/queues\" and .query==\"name=a&name=b&page=1\" and .status==200 and (.duration_ms|type)==\"number\")" "$log" >/dev/null'
check "log: a refused token is logged with its status" eval 'jq -se "any(.status==403 and .path==\"/client/v4/accounts/$ACCT/d1/database\")" "$log" >/dev/null'
check "log: no token ever appears in the log" eval '! grep -q -e "$TOKEN" -e wrong-secret-token-xyz -e Bearer "$log"'

# applied SEED: how many of 10 dropped queue creations took effect anyway.
applied() {
  cfemu_start "$tmp/da$1" --drop-rate 1 --seed "$1" || return 1
  for i in $(seq 10); do
    curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -d "{\"queue_name\":\"dq-$i\"}" \
      "$CLOUDFLARE_API_BASE_URL/accounts/$ACCT/queues"
  done
  api GET /__cfemu/inventory
  cfemu_stop
  jb "[.result.accounts[].queues[]]|length"
}
a=$(applied 5); b=$(applied 5)
check "faults: some dropped requests were applied first, the same ones per seed" \
  eval '[ "$a" = "$b" ] && [ "$a" -gt 0 ] && [ "$a" -lt 10 ]'
