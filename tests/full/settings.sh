# tests/full: worker settings: workers.dev and preview URLs, observability,
# queue producer delivery_delay, consumer max_concurrency and retry_delay,
# and `null` leaving a var or binding out of one stack.
P=$tmp/settings
body() { # body WORKERS_DEV OBS_ENABLED CONCURRENCY [SAMPLING_RATE]
  program "$P" "queue events {}
kv cache {}
worker api {
  main = \"index.js\"
  compatibility_date = \"2025-04-15\"
  workers_dev = $1
  observability {
    enabled            = $2
    head_sampling_rate = ${4:-1}
  }
  bindings {
    EVENTS = queue.events { delivery_delay = 30 }
    CACHE  = stack == \"dev\" ? null : kv.cache
  }
  vars {
    ENVIRONMENT = stack == \"dev\" ? null : stack
    LEVEL       = \"info\"
  }
  consumes queue.events {
    max_concurrency = $3
    retry_delay     = 60
  }
}"
}
body true true 3 0.1
check "settings: apply" "$D" apply "$P" --stack dev --yes
sub=$(cf_get /workers/scripts/fl-api-dev/subdomain)
if [ "$(py 'd["enabled"]' "$sub")" = "True" ]; then ok "settings: workers.dev enabled (the default, as wrangler)"
else not_ok "settings: workers.dev enabled (the default, as wrangler)" "$sub"; fi
s=$(cf_get /workers/scripts/fl-api-dev/settings)
if [ "$(py 'd["observability"]["enabled"], d["observability"]["head_sampling_rate"]' "$s")" = "True 0.1" ]; then
  ok "settings: observability enabled with the decimal head_sampling_rate 0.1"
else not_ok "settings: observability enabled with the decimal head_sampling_rate 0.1" "$s"; fi
if [ "$(py '[b.get("delivery_delay") for b in d["bindings"] if b["name"]=="EVENTS"][0]' "$s")" = "30" ]; then
  ok "settings: the EVENTS producer binding carries delivery_delay 30"
else not_ok "settings: the EVENTS producer binding carries delivery_delay 30" "$s"; fi
names=$(py '",".join(sorted(b["name"] for b in d["bindings"]))' "$s")
if [ "$names" = "EVENTS,LEVEL" ]; then ok "settings: null leaves ENVIRONMENT and CACHE out of the dev stack"
else not_ok "settings: null leaves ENVIRONMENT and CACHE out of the dev stack" "$names"; fi
qid=$(py 'd["resources"]["queue.events"]["id"]' "$(cat "$P/.dome/dev.json")")
c=$(cf_get "/queues/$qid/consumers")
if [ "$(py 'd[0]["settings"]["max_concurrency"], d[0]["settings"]["retry_delay"]' "$c")" = "3 60" ]; then
  ok "settings: the consumer has max_concurrency 3 and retry_delay 60"
else not_ok "settings: the consumer has max_concurrency 3 and retry_delay 60" "$c"; fi
check "settings: converged" converged "$P"
check "settings: refresh finds no drift" "$D" refresh "$P" --stack dev --expect-no-changes

# a rate read back in other precision is no drift; another rate is
cf PATCH /workers/scripts/fl-api-dev/script-settings \
  '{"observability":{"enabled":true,"head_sampling_rate":0.1000000001}}' >/dev/null
check "settings: 0.1000000001 read back for 0.1 is no drift" "$D" refresh "$P" --stack dev --expect-no-changes
check "settings: ... and no change to preview" "$D" preview "$P" --stack dev --refresh --expect-no-changes
cf PATCH /workers/scripts/fl-api-dev/script-settings \
  '{"observability":{"enabled":true,"head_sampling_rate":0.5}}' >/dev/null
out=$("$D" refresh "$P" --stack dev 2>&1)
if echo "$out" | grep -q "worker.api.*changed out of band.*observability"; then ok "settings: a rate of 0.5 set out of band is drift"
else not_ok "settings: a rate of 0.5 set out of band is drift" "$out"; fi
"$D" apply "$P" --stack dev --yes --refresh >/dev/null 2>&1
s=$(cf_get /workers/scripts/fl-api-dev/settings)
if [ "$(py 'd["observability"]["head_sampling_rate"]' "$s")" = "0.1" ]; then ok "settings: apply --refresh sets the rate back to 0.1"
else not_ok "settings: apply --refresh sets the rate back to 0.1" "$s"; fi

# every setting changed: updates in place, read back the same
body false false 2
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "update   worker  *worker.api .*\[observability, workers_dev, consumers\]"; then
  ok "settings: preview names workers_dev, observability and consumers"
else not_ok "settings: preview names workers_dev, observability and consumers" "$out"; fi
check "settings: apply the change" "$D" apply "$P" --stack dev --yes
sub=$(cf_get /workers/scripts/fl-api-dev/subdomain)
c=$(cf_get "/queues/$qid/consumers")
if [ "$(py 'd["enabled"]' "$sub")" = "False" ] && [ "$(py 'd[0]["settings"]["max_concurrency"]' "$c")" = "2" ]; then
  ok "settings: workers.dev switched off, max_concurrency 2"
else not_ok "settings: workers.dev switched off, max_concurrency 2" "$sub $c"; fi
check "settings: refresh after the change finds no drift" "$D" refresh "$P" --stack dev --expect-no-changes

# drift: workers.dev switched on and observability off behind domec's back
cf POST /workers/scripts/fl-api-dev/subdomain '{"enabled":true}' >/dev/null
out=$("$D" refresh "$P" --stack dev 2>&1)
if echo "$out" | grep -q "worker.api.*changed out of band.*workers_dev"; then ok "settings: refresh reports workers.dev switched on out of band"
else not_ok "settings: refresh reports workers.dev switched on out of band" "$out"; fi
"$D" apply "$P" --stack dev --yes --refresh >/dev/null 2>&1
check "settings: apply --refresh switches it back off" "$D" refresh "$P" --stack dev --expect-no-changes

# staging: the entries that are null in dev are there
printf '' >"$P/stacks/staging.dome"
check "settings: apply staging" "$D" apply "$P" --stack staging --yes
s=$(cf_get /workers/scripts/fl-api-staging/settings)
if [ "$(py '",".join(sorted(b["name"] for b in d["bindings"]))' "$s")" = "CACHE,ENVIRONMENT,EVENTS,LEVEL" ] &&
   [ "$(py '[b["text"] for b in d["bindings"] if b["name"]=="ENVIRONMENT"][0]' "$s")" = "staging" ]; then
  ok "settings: staging has ENVIRONMENT=staging and CACHE"
else not_ok "settings: staging has ENVIRONMENT=staging and CACHE" "$s"; fi
check "settings: destroy staging" "$D" destroy "$P" --stack staging --yes
check "settings: destroy dev" "$D" destroy "$P" --stack dev --yes
if [ -z "$(inv_cfemu)" ]; then ok "settings: cfemu empty after destroy"; else not_ok "settings: cfemu empty after destroy" "$(inv_cfemu)"; fi
