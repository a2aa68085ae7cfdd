#!/bin/sh
# tests/wrangler: wrangler's configuration files read by domec (TOML by
# flex + bison, checked against Python's tomllib; JSONC), and domec's
# configuration read by the real wrangler (4.86.0, from tests/clients). `domec export wrangler` writes one wrangler.jsonc per
# worker of programs/dome (stack dev, applied to cfemu) with the state's ids
# and names; `wrangler deploy --dry-run` accepts every file and lists the
# bindings domec declared.
. "$TOP/tests/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/domec-wrangler.XXXXXX")
trap 'cfemu_stop; rm -rf "$work"' EXIT INT TERM
unset DOME_STACK DOME_SECRETS_KEY_FILE
export NO_COLOR=1 DOME_PASSPHRASE=dome-demo-passphrase
clients=$TOP/tests/clients

if ! command -v node >/dev/null 2>&1 || ! out=$(npm_ci_once "$clients"); then
  not_ok "wrangler: node and npm ci of tests/clients (wrangler) are needed" "$out"
  exit 1
fi
if ! cfemu_start "$work/cf"; then
  not_ok "wrangler: cfemu did not start" "$(cat "$work/cf/cfemu.out" 2>/dev/null)"
  exit 1
fi
mkdir -p "$work/home" "$work/wcache"
wrangler() {
  HOME=$work/home XDG_CONFIG_HOME=$work/home/.config WRANGLER_CACHE_DIR=$work/wcache \
    WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true CI=true \
    node "$clients/node_modules/wrangler/bin/wrangler.js" "$@" 2>&1
}
state_field() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"][sys.argv[2]][sys.argv[3]])' \
    "$P/.dome/dev.json" "$1" "$2"
}

# ---- reading wrangler configurations: TOML (flex + bison) and JSONC
T=$TOP/tests/wrangler/toml
dump=$BIN/tests/toml_dump
same=$(python3 - "$T/full.toml" "$dump" <<'PY'
import json, subprocess, sys, tomllib
want = tomllib.load(open(sys.argv[1], "rb"))
got = json.loads(subprocess.run([sys.argv[2], sys.argv[1]], capture_output=True, text=True).stdout)
print("same" if json.loads(json.dumps(want, default=str)) == got else json.dumps(got))
PY
)
if [ "$same" = same ]; then ok "the TOML reader agrees with Python's tomllib on every form wrangler.toml uses"
else not_ok "the TOML reader agrees with Python's tomllib on every form wrangler.toml uses" "$same"; fi
terr() { # terr FILE EXPECTED-MESSAGE
  out=$(cd "$T" && "$dump" "$1" 2>&1); rc=$?
  if [ "$rc" -eq 1 ] && [ "$out" = "$2" ]; then ok "TOML error with file:line:col: $1"
  else not_ok "TOML error with file:line:col: $1" "rc=$rc $out"; fi
}
terr dup.toml "dup.toml:2:1: key 'name' is defined twice"
terr syntax.toml "syntax.toml:3:7: syntax error, unexpected string, expecting newline or ']' or ','"
terr table-over-value.toml "table-over-value.toml:2:2: 'a' already holds a value, not a table"
terr unterminated.toml "unterminated.toml:2:7: string not closed on this line"
terr badescape.toml 'badescape.toml:2:7: bad string: unknown escape (use \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX)'
out=$(cd "$T" && "$dump" full.jsonc 2>&1)
if [ "$out" = '{"name":"dome-api","main":"src/index.ts","vars":{"URL":"https://example.com/a//b","Q":"/* not a comment */"},"compatibility_flags":["nodejs_compat"]}' ]; then
  ok "JSONC: comments and trailing commas are dropped, comment-like text in strings kept"
else not_ok "JSONC: comments and trailing commas are dropped, comment-like text in strings kept" "$out"; fi
terr bad.jsonc "bad.jsonc:3:11: not valid JSON (with comments) here"

P=$work/dome
cp -R "$TOP/programs/dome" "$P"
out=$(cd "$P" && domec export wrangler --stack dev --out "$work/none" 2>&1); rc=$?
case "$rc:$out" in 1:*"has no id in stack 'dev' yet: run \`domec apply --stack dev\` first"*)
  ok "export before apply says which resource has no id yet" ;;
  *) not_ok "export before apply says which resource has no id yet" "rc=$rc $out" ;; esac
out=$(cd "$P" && domec apply --stack dev --yes 2>&1) || not_ok "apply programs/dome" "$out"
out=$(cd "$P" && domec export wrangler --stack dev --out "$work/out" 2>&1); rc=$?
n=$(ls "$work"/out/*/wrangler.jsonc 2>/dev/null | wc -l)
workers=$(grep -c '^worker ' "$P"/*.dome | awk -F: '{ s += $2 } END { print s }')
if [ "$rc" -eq 0 ] && [ "$n" -eq "$workers" ]; then ok "export writes one wrangler.jsonc per worker ($n)"
else not_ok "export writes one wrangler.jsonc per worker ($n)" "rc=$rc $out"; fi
db_id=$(state_field database.meta id)
if grep -q "\"database_id\":[[:space:]]*\"$db_id\"" "$work/out/api/wrangler.jsonc" &&
  grep -q '"name":[[:space:]]*"dome-api"' "$work/out/api/wrangler.jsonc"; then
  ok "the exported configuration has the stack's database id and physical names"
else not_ok "the exported configuration has the stack's database id and physical names" "$(cat "$work/out/api/wrangler.jsonc")"; fi
if ! grep -rq 'v1:' "$work/out" && grep -q 'secrets (not written' "$work/out/api/wrangler.jsonc"; then
  ok "secrets are named in a comment, never written"
else not_ok "secrets are named in a comment, never written" "$(cat "$work/out/api/wrangler.jsonc")"; fi
for f in "$work"/out/*/wrangler.jsonc; do
  w=$(basename "$(dirname "$f")")
  out=$(cd "$(dirname "$f")" && wrangler deploy --dry-run --outdir "$work/dry-$w"); rc=$?
  name=$(sed -n 's/.*"name":[[:space:]]*"\([^"]*\)".*/\1/p' "$f" | head -1)
  binds=$(sed -n 's/.*"binding":[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
  missing=
  for b in $binds; do printf '%s' "$out" | grep -q "env\.$b " || missing="$missing $b"; done
  if [ "$rc" -eq 0 ] && [ -z "$missing" ] && printf '%s' "$out" | grep -q -- "--dry-run: exiting now"; then
    ok "wrangler deploy --dry-run accepts the exported $w ($name) with its bindings"
  else not_ok "wrangler deploy --dry-run accepts the exported $w ($name) with its bindings" "rc=$rc missing:$missing
$out"; fi
done

# ---- domec import --from-wrangler: a wrangler-deployed account becomes a
# program (tests/wrangler/import: silo in TOML with [env.staging], api in
# JSONC); preview of the imported stack shows no changes
acct="$CLOUDFLARE_API_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID"
api() { # api METHOD PATH JSON: the result of a Cloudflare API call
  curl -s -X "$1" -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" -H 'Content-Type: application/json' \
    --data "$3" "$acct$2"
}
uuid() { python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["uuid"])'; }
I=$work/imp
cp -R "$TOP/tests/wrangler/import" "$I"
silo_id=$(api POST /d1/database '{"name":"silo"}' | uuid)
staging_id=$(api POST /d1/database '{"name":"silo-staging"}' | uuid)
sed -i -e "s/@SILO_ID@/$silo_id/" -e "s/@SILO_STAGING_ID@/$staging_id/" "$I/services/silo/wrangler.toml"
for t in sessions sessions-staging; do # the API's KV namespace, one per environment
  id=$(api POST /storage/kv/namespaces "{\"title\":\"$t\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["id"])')
  sed -i "s/@$(echo "$t" | tr a-z- A-Z_)_ID@/$id/" "$I/services/api/wrangler.jsonc"
done
curl -s -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" -H 'Content-Type: application/json' \
  --data "{\"name\":\"dome.example\",\"account\":{\"id\":\"$CLOUDFLARE_ACCOUNT_ID\"}}" \
  "$CLOUDFLARE_API_BASE_URL/zones" >/dev/null # the zone of the workers' routes
api POST /r2/buckets '{"name":"silo-content"}' >/dev/null
for q in new-content ingest-dlq; do api POST /queues "{\"queue_name\":\"$q\"}" >/dev/null; done
api POST /vectorize/v2/indexes '{"name":"dome-notes","config":{"dimensions":1024,"metric":"cosine"}}' >/dev/null
deployed=0
for s in silo api; do
  out=$(cd "$I/services/$s" && wrangler deploy) && deployed=$((deployed + 1)) || printf '%s\n' "$out" | sed 's/^/# /'
done
out=$(cd "$I/services/silo" && wrangler d1 migrations apply DB --remote)
[ "$deployed" -eq 2 ] && ok "wrangler deploys the two fixture services to cfemu" || not_ok "wrangler deploys the two fixture services to cfemu"
(cd "$I" && domec stack init prod >/dev/null 2>&1)
out=$(cd "$I" && domec import --from-wrangler services --stack prod 2>&1); rc=$?
if [ "$rc" -eq 0 ] && [ -s "$I/wrangler.dome" ] && [ -s "$I/stacks/staging.dome" ]; then
  ok "import --from-wrangler writes the program and a stack file per [env.*]"
else not_ok "import --from-wrangler writes the program and a stack file per [env.*]" "rc=$rc $out"; fi
out=$(cd "$I" && PATH="$clients/node_modules/.bin:$PATH" domec preview --stack prod 2>&1); rc=$?
case "$rc:$out" in 0:*"no changes"*) ok "preview of the imported stack shows no changes (migrations wrangler applied are recorded)" ;;
  *) not_ok "preview of the imported stack shows no changes (migrations wrangler applied are recorded)" "rc=$rc $out
$(cat "$I/wrangler.dome")" ;; esac
if grep -q 'worker_silo_name = "silo-staging"' "$I/stacks/staging.dome" &&
  grep -q 'database_silo_name = "silo-staging"' "$I/stacks/staging.dome" &&
  grep -q 'silo_log_level = "debug"' "$I/stacks/staging.dome" &&
  (cd "$I" && domec check --stack staging >/dev/null 2>&1); then
  ok "[env.staging] becomes stack staging: its names and vars as config values; it checks"
else not_ok "[env.staging] becomes stack staging: its names and vars as config values; it checks" "$(cat "$I/stacks/staging.dome")"; fi
W=$I/wrangler.dome
if grep -q '^kv sessions {' "$W" && grep -q 'kv_sessions_name = "sessions-staging"' "$I/stacks/staging.dome" &&
  grep -q 'kv_sessions_name = "sessions"' "$I/stacks/prod.dome" && grep -q 'SESSIONS = kv.sessions' "$W"; then
  ok "JSONC [kv_namespaces]: a kv block named by the namespace's title in each stack, and the binding"
else not_ok "JSONC [kv_namespaces]: a kv block named by the namespace's title in each stack, and the binding" "$(cat "$W" "$I"/stacks/*.dome)"; fi
block=$(sed -n '/^durable_object counter {/,/^}/p' "$W")
if printf '%s' "$block" | grep -q 'class = "Counter"' && printf '%s' "$block" | grep -q 'worker = worker.silo' &&
  printf '%s' "$block" | grep -q 'storage = "kv"' && [ "$(grep -c 'COUNTER = durable_object.counter' "$W")" = 2 ] &&
  grep -q 'durable_object_counter_name = "silo-staging_Counter"' "$I/stacks/staging.dome"; then
  ok "[[durable_objects.bindings]] + [[migrations]] new_classes: a durable_object hosted by silo (kv storage), bound by both workers (script_name)"
else not_ok "[[durable_objects.bindings]] + [[migrations]] new_classes: a durable_object hosted by silo (kv storage), bound by both workers (script_name)" "$(cat "$W" "$I"/stacks/*.dome)"; fi
silo=$(sed -n '/^worker silo {/,/^}/p' "$W") api_block=$(sed -n '/^worker dome_api {/,/^}/p' "$W")
if printf '%s' "$silo" | grep -q 'routes = config.silo_routes' && printf '%s' "$silo" | grep -q 'domains = config.silo_domains' &&
  grep -q 'silo_routes = \["silo.dome.example/\*"\]' "$I/stacks/prod.dome" &&
  grep -q 'silo_domains = \["content.dome.example"\]' "$I/stacks/prod.dome" &&
  grep -q 'silo_routes = \["staging.dome.example/silo/\*"\]' "$I/stacks/staging.dome" &&
  grep -q 'silo_domains = \[\]' "$I/stacks/staging.dome" &&
  printf '%s' "$api_block" | grep -q 'routes = \["api.dome.example/\*"\]' && printf '%s' "$api_block" | grep -q 'workers_dev = false'; then
  ok "routes and custom domains (custom_domain = true) per stack; [env] inherits route; a routed worker has workers.dev off, as wrangler does"
else not_ok "routes and custom domains (custom_domain = true) per stack; [env] inherits route; a routed worker has workers.dev off, as wrangler does" "$(cat "$W" "$I"/stacks/*.dome)"; fi
bad=$work/badtoml
mkdir -p "$bad/svc"
printf 'name = "x"\nmain = "src/index.ts"\n[vars\n' > "$bad/svc/wrangler.toml"
(cd "$bad" && domec stack init prod >/dev/null 2>&1)
out=$(cd "$bad" && domec import --from-wrangler svc --stack prod 2>&1); rc=$?
case "$rc:$out" in 1:*"svc/wrangler.toml:3:6: syntax error"*) ok "a broken wrangler.toml is reported with file:line:col and nothing is imported" ;;
  *) not_ok "a broken wrangler.toml is reported with file:line:col and nothing is imported" "rc=$rc $out" ;; esac
printf 'name = "x"\nmain = "src/index.ts"\n[[durable_objects.bindings]]\nname = "OBJ"\nclass_name = "Obj"\n' > "$bad/svc/wrangler.toml"
out=$(cd "$bad" && domec import --from-wrangler svc --stack prod 2>&1); rc=$?
case "$rc:$out" in 1:*"svc/wrangler.toml: OBJ binds Durable Object class Obj of worker 'x', but no [[migrations]] entry of that worker creates the class"*)
  ok "a Durable Object binding to a class no [[migrations]] creates is refused, naming the binding" ;;
  *) not_ok "a Durable Object binding to a class no [[migrations]] creates is refused, naming the binding" "rc=$rc $out" ;; esac

# ---- Dome's eight services/*/wrangler.toml (tests/wrangler/dome, recreated
# from the inventory): deployed by wrangler, imported by domec, no changes
id_of() { python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(r.get("uuid") or r.get("id"))'; }
cfemu_stop # a fresh account: the fixture above holds names Dome uses too
if ! cfemu_start "$work/cf-dome"; then
  not_ok "wrangler: a second cfemu did not start"
  exit 1
fi
acct="$CLOUDFLARE_API_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID"
Dm=$work/dome-import
cp -R "$TOP/tests/wrangler/dome" "$Dm"
for db in auth-db chat-db silo todos-db sync-plan; do
  id=$(api POST /d1/database "{\"name\":\"$db\"}" | id_of)
  sed -i "s/@$db@/$id/" "$Dm"/services/*/wrangler.toml
done
# the auth worker's KV namespace (cfemu refuses a binding to a namespace that does not exist)
kv=$(api POST /storage/kv/namespaces '{"title":"auth-tokens"}' | id_of)
sed -i "s/@AUTH_TOKENS@/$kv/" "$Dm/services/auth/wrangler.toml"
api POST /r2/buckets '{"name":"silo-content"}' >/dev/null
api POST /vectorize/v2/indexes '{"name":"dome-notes","config":{"dimensions":1024,"metric":"cosine"}}' >/dev/null
for q in new-content-constellation embed-dead-letter new-content-ai ai-processor-rate-limit-dlq \
  enriched-content todos silo-ingest-queue ingest-dead-letter silo-content-uploaded ingest-dlq; do
  api POST /queues "{\"queue_name\":\"$q\"}" >/dev/null
done
failed=
for s in silo todos auth constellation chat ai-processor tsunami dome-api; do
  out=$(cd "$Dm/services/$s" && wrangler deploy) || failed="$failed $s: $(printf '%s' "$out" | tail -5)"
done
for s in auth chat silo todos tsunami; do
  b=$(sed -n 's/^database_name = "\(.*\)"/\1/p' "$Dm/services/$s/wrangler.toml" | head -1)
  out=$(cd "$Dm/services/$s" && wrangler d1 migrations apply "$b" --remote) || failed="$failed $s migrations: $(printf '%s' "$out" | tail -5)"
done
[ -z "$failed" ] && ok "wrangler deploys Dome's eight services and applies their migrations on cfemu" \
  || not_ok "wrangler deploys Dome's eight services and applies their migrations on cfemu" "$failed"
(cd "$Dm" && domec stack init prod >/dev/null 2>&1)
out=$(cd "$Dm" && domec import --from-wrangler services --stack prod 2>&1); rc=$?
workers=$(grep -c '^worker ' "$Dm/wrangler.dome" 2>/dev/null)
if [ "$rc" -eq 0 ] && [ "$workers" = 8 ] && ls "$Dm"/stacks/dev.dome "$Dm"/stacks/staging.dome "$Dm"/stacks/production.dome >/dev/null 2>&1; then
  ok "import --from-wrangler reads all eight configurations at once; [env.dev|staging|production] become stacks"
else not_ok "import --from-wrangler reads all eight configurations at once; [env.dev|staging|production] become stacks" "rc=$rc $out"; fi
out=$(cd "$Dm" && PATH="$clients/node_modules/.bin:$PATH" domec preview --stack prod 2>&1); rc=$?
case "$rc:$out" in 0:*"no changes"*) ok "preview of the imported Dome against the wrangler-deployed account shows no changes" ;;
  *) not_ok "preview of the imported Dome against the wrangler-deployed account shows no changes" "rc=$rc $out" ;; esac
W=$Dm/wrangler.dome
block=$(sed -n '/^durable_object resource_object {/,/^}/p' "$W")
if printf '%s' "$block" | grep -q 'class = "ResourceObject"' && printf '%s' "$block" | grep -q 'worker = worker.tsunami' &&
  printf '%s' "$block" | grep -q 'storage = "sqlite"' && printf '%s' "$block" | grep -q 'name = "tsunami_ResourceObject"\|config.durable_object_resource_object_name' &&
  grep -q 'RESOURCE_OBJECT = durable_object.resource_object' "$W"; then
  ok "tsunami's Durable Object becomes a durable_object block (sqlite, from new_sqlite_classes) and its binding"
else not_ok "tsunami's Durable Object becomes a durable_object block (sqlite, from new_sqlite_classes) and its binding" "$block"; fi
if grep -q '^kv auth_tokens {' "$W" && grep -q 'kv_auth_tokens_name = "auth-tokens"' "$Dm/stacks/prod.dome" &&
  grep -q 'AUTH_TOKENS = kv.auth_tokens' "$W"; then
  ok "auth's KV namespace becomes a kv block named by its title, and the binding"
else not_ok "auth's KV namespace becomes a kv block named by its title, and the binding" "$(cat "$W")"; fi
# the same wrangler-deployed Dome adopted from the account alone
Dd=$work/dome-discover
mkdir -p "$Dd/stacks" && : >"$Dd/stacks/prod.dome"
if (cd "$Dd" && domec import --discover --stack prod >existing.dome 2>"$work/discover.err"); then
  ok "import --discover adopts the wrangler-deployed Dome"
else not_ok "import --discover adopts the wrangler-deployed Dome" "$(cat "$work/discover.err")"; fi
n_workers=$(grep -c '^worker ' "$Dd/existing.dome")
if [ "$n_workers" = 8 ] && grep -q '^kv ' "$Dd/existing.dome" && grep -q '^durable_object ' "$Dd/existing.dome" &&
  [ "$(grep -c '^database ' "$Dd/existing.dome")" = 5 ] && [ "$(grep -c '^queue ' "$Dd/existing.dome")" = 10 ]; then
  ok "discover finds Dome's 8 workers, 5 databases, 10 queues, its KV namespace and Durable Object"
else not_ok "discover finds Dome's 8 workers, 5 databases, 10 queues, its KV namespace and Durable Object" "$(cat "$Dd/existing.dome")"; fi
out=$(cd "$Dd" && domec preview --stack prod --diff 2>&1); rc=$?
case "$rc:$out" in 0:*"no changes"*) ok "preview of the discovered Dome shows no changes" ;;
  *) not_ok "preview of the discovered Dome shows no changes" "rc=$rc $out" ;; esac
for s in dev staging production; do
  out=$(cd "$Dm" && domec check --stack "$s" 2>&1) || { not_ok "the imported Dome checks for stack $s" "$out"; continue; }
  ok "the imported Dome checks for stack $s"
done
