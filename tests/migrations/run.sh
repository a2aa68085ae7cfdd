#!/bin/sh
# tests/migrations: D1 migrations against cfemu, and with the real wrangler
# (4.86.0, from tests/clients): `database x { migrations = "dir" }` applies
# pending .sql files in wrangler's order after the database exists and
# before the workers binding it, records them in wrangler's d1_migrations,
# so `wrangler d1 migrations list --remote` sees none pending and domec
# applies only what wrangler has not. A failure stops there with the SQL
# error and file:line; a changed applied migration is an error; lost and
# garbled answers never make a migration run twice.
. "$TOP/tests/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/domec-mig.XXXXXX")
trap 'cfemu_stop; rm -rf "$work"' EXIT INT TERM
unset DOME_STACK DOME_SECRETS_KEY_FILE
export NO_COLOR=1 DOME_PASSPHRASE=mig-test-passphrase
clients=$TOP/tests/clients

if ! command -v node >/dev/null 2>&1 || ! out=$(npm_ci_once "$clients"); then
  not_ok "migrations: node and npm ci of tests/clients (wrangler) are needed" "$out"
  exit 1
fi
if ! cfemu_start "$work/cf"; then
  not_ok "migrations: cfemu did not start" "$(cat "$work/cf/cfemu.out" 2>/dev/null)"
  exit 1
fi
acct="$CLOUDFLARE_API_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID"
mkdir -p "$work/home" "$work/wcache"
wrangler() {
  HOME=$work/home XDG_CONFIG_HOME=$work/home/.config WRANGLER_CACHE_DIR=$work/wcache \
    WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true CI=true \
    node "$clients/node_modules/wrangler/bin/wrangler.js" "$@" 2>&1
}
# sql DBID SQL: the rows of a query, one JSON object per line (asked again
# while the faulty cfemu below drops or garbles the answer; reads only)
sql() {
  n=0
  while [ $n -lt 20 ]; do
    n=$((n + 1))
    body=$(curl -s -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" -H 'Content-Type: application/json' \
      --data "$(printf '{"sql": "%s"}' "$2")" "$acct/d1/database/$1/query")
    printf '%s' "$body" | python3 -c 'import json,sys; d=json.load(sys.stdin); [print(json.dumps(r, sort_keys=True)) for r in d["result"][0]["results"]] if d.get("success") else print(d)' 2>/dev/null && return
  done
}
db_id() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"]["database.silo"]["id"])' "$1/.dome/dev.json"; }

P=$work/prog
mkdir -p "$P/migrations" "$P/src"
cat > "$P/main.dome" <<'DOME'
project "mig" {
  naming = "${project}-${name}-${stack}"
}

database silo { migrations = "migrations" }

worker api {
  main = "src/index.js"
  compatibility_date = "2025-04-15"
  bindings { DB = database.silo }
}
DOME
echo 'export default { fetch() { return new Response("v1"); } };' > "$P/src/index.js"
printf 'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n' > "$P/migrations/0000_init.sql"
printf -- "-- sizes\nALTER TABLE items ADD COLUMN size INTEGER;\nINSERT INTO items (name, size) VALUES ('it''s', 1);\n" \
  > "$P/migrations/0001_size.sql"
# wrangler's order: by leading number, so 2_ comes before 10_
printf 'CREATE TABLE two (x TEXT);\n' > "$P/migrations/2_two.sql"
printf 'CREATE TABLE ten (x TEXT);\n' > "$P/migrations/10_ten.sql"
echo 'not a migration' > "$P/migrations/README.md"
(cd "$P" && domec stack init dev >/dev/null 2>&1)

out=$(cd "$P" && domec preview --stack dev 2>&1)
case $out in *"create   database"*"(pending migrations: 0000_init.sql, 0001_size.sql, 2_two.sql, 10_ten.sql)"*)
  ok "preview lists a new database's pending migrations in wrangler's order" ;;
  *) not_ok "preview lists a new database's pending migrations in wrangler's order" "$out" ;; esac
out=$(cd "$P" && domec apply --stack dev --yes 2>&1); rc=$?
id=$(db_id "$P")
got=$(sql "$id" "SELECT id, name FROM d1_migrations ORDER BY id")
want='{"id": 1, "name": "0000_init.sql"}
{"id": 2, "name": "0001_size.sql"}
{"id": 3, "name": "2_two.sql"}
{"id": 4, "name": "10_ten.sql"}'
if [ "$rc" -eq 0 ] && [ "$got" = "$want" ]; then ok "apply runs the migrations in order and records them in d1_migrations"
else not_ok "apply runs the migrations in order and records them in d1_migrations" "rc=$rc $out
$got"; fi
cols=$(sql "$id" "SELECT sql FROM sqlite_master WHERE name = 'd1_migrations'")
case $cols in *"id         INTEGER PRIMARY KEY AUTOINCREMENT"*"name       TEXT UNIQUE"*"applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL"*)
  ok "d1_migrations has wrangler's columns" ;;
  *) not_ok "d1_migrations has wrangler's columns" "$cols" ;; esac
case $(sql "$id" "SELECT name, size FROM items") in *'"name": "it'"'"'s", "size": 1'*) ok "the migrations' SQL ran (a quoted value in the second)" ;;
  *) not_ok "the migrations' SQL ran (a quoted value in the second)" "$(sql "$id" "SELECT * FROM items")" ;; esac
# the worker binding the database came after it (creates are ordered by the binding)
out=$(cd "$P" && domec preview --stack dev 2>&1)
case $out in *"no changes"*) ok "after apply, preview shows no pending migrations" ;;
  *) not_ok "after apply, preview shows no pending migrations" "$out" ;; esac

# ---- wrangler sees what domec applied, and domec what wrangler applied
cat > "$P/wrangler.jsonc" <<JSON
{
  "name": "mig-api-dev",
  "main": "src/index.js",
  "compatibility_date": "2025-04-15",
  "account_id": "$CLOUDFLARE_ACCOUNT_ID",
  "d1_databases": [
    { "binding": "DB", "database_name": "mig-silo-dev", "database_id": "$id", "migrations_dir": "migrations" }
  ]
}
JSON
out=$(cd "$P" && wrangler d1 migrations list DB --remote)
case $out in *"No migrations to apply"*) ok "wrangler d1 migrations list --remote: nothing pending after domec applied" ;;
  *) not_ok "wrangler d1 migrations list --remote: nothing pending after domec applied" "$out" ;; esac
printf 'CREATE TABLE eleven (x TEXT);\n' > "$P/migrations/11_eleven.sql"
out=$(cd "$P" && wrangler d1 migrations apply DB --remote)
case $out in *"11_eleven.sql"*) ok "wrangler applies a new migration domec has not seen" ;;
  *) not_ok "wrangler applies a new migration domec has not seen" "$out" ;; esac
printf 'CREATE TABLE twelve (x TEXT);\n' > "$P/migrations/12_twelve.sql"
echo 'export default { fetch() { return new Response("v2"); } };' > "$P/src/index.js"
out=$(cd "$P" && domec apply --stack dev --yes 2>&1); rc=$?
got=$(sql "$id" "SELECT name FROM d1_migrations WHERE id > 4 ORDER BY id")
if [ "$rc" -eq 0 ] && [ "$got" = '{"name": "11_eleven.sql"}
{"name": "12_twelve.sql"}' ]; then ok "domec applies only what wrangler has not (11 by wrangler is not run again, 12 by domec)"
else not_ok "domec applies only what wrangler has not (11 by wrangler is not run again, 12 by domec)" "rc=$rc $out
$got"; fi

# ---- a failing migration stops there: SQL error, file:line; later ones and the worker wait
printf 'CREATE TABLE fine (x TEXT);\n\nINSERT INTO missing_table VALUES (1);\n' > "$P/migrations/13_bad.sql"
printf 'CREATE TABLE after_bad (x TEXT);\n' > "$P/migrations/14_after.sql"
echo 'export default { fetch() { return new Response("v3"); } };' > "$P/src/index.js"
out=$(cd "$P" && domec apply --stack dev --yes 2>&1); rc=$?
case "$rc:$out" in [1-9]*"migrations/13_bad.sql:3"*"no such table: missing_table"*) ok "a failing migration fails the apply with the SQL error and file:line" ;;
  *) not_ok "a failing migration fails the apply with the SQL error and file:line" "rc=$rc $out" ;; esac
got=$(sql "$id" "SELECT name FROM sqlite_master WHERE name IN ('fine', 'after_bad')")$(sql "$id" "SELECT name FROM d1_migrations WHERE name LIKE '1__b%' OR name LIKE '14%'")
if [ -z "$got" ]; then ok "the failed migration left nothing behind and the later one did not run"
else not_ok "the failed migration left nothing behind and the later one did not run" "$got"; fi
code=$(curl -s -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$acct/workers/scripts/mig-api-dev/content/v2")
case $code in *'"v2"'*) ok "the worker binding the database is not uploaded after a failed migration" ;;
  *) not_ok "the worker binding the database is not uploaded after a failed migration" "$code" ;; esac
printf 'CREATE TABLE fine (x TEXT);\n' > "$P/migrations/13_bad.sql"
out=$(cd "$P" && domec apply --stack dev --yes 2>&1); rc=$?
got=$(sql "$id" "SELECT name FROM d1_migrations WHERE id > 6 ORDER BY id")
if [ "$rc" -eq 0 ] && [ "$got" = '{"name": "13_bad.sql"}
{"name": "14_after.sql"}' ]; then ok "once fixed, the next apply runs the rest and uploads the worker"
else not_ok "once fixed, the next apply runs the rest and uploads the worker" "rc=$rc $out $got"; fi

# ---- an applied migration changed afterwards is an error, not a silent skip
echo '-- an edit' >> "$P/migrations/0001_size.sql"
out=$(cd "$P" && domec preview --stack dev 2>&1); rc=$?
case "$rc:$out" in [1-9]*"migration '0001_size.sql' changed after it was applied"*) ok "preview refuses an applied migration that changed" ;;
  *) not_ok "preview refuses an applied migration that changed" "rc=$rc $out" ;; esac

# ---- lost and garbled answers: every migration runs exactly once
cfemu_stop
if ! cfemu_start "$work/cf2" --seed 7 --drop-rate 0.25 --garble-rate 0.25 --fault-method POST \
  --fault-path "/accounts/$CLOUDFLARE_ACCOUNT_ID/d1"; then
  not_ok "migrations: faulty cfemu did not start"
  exit 1
fi
acct="$CLOUDFLARE_API_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID"
F=$work/faulty
mkdir -p "$F/migrations"
sed 's/^worker api {/worker api_unused {/' "$P/main.dome" | sed '/^worker/,$d' > "$F/main.dome"
for i in 1 2 3 4 5 6 7 8; do printf 'CREATE TABLE t%s (x TEXT);\n' "$i" > "$F/migrations/000${i}_t$i.sql"; done
(cd "$F" && domec stack init dev >/dev/null 2>&1)
tries=0
while [ $tries -lt 6 ]; do
  tries=$((tries + 1))
  out=$(cd "$F" && domec apply --stack dev --yes 2>&1) && break
done
id=$(db_id "$F" 2>/dev/null)
got=$(sql "$id" "SELECT name FROM d1_migrations ORDER BY id" | tr -d '\n')
want=$(for i in 1 2 3 4 5 6 7 8; do printf '{"name": "000%s_t%s.sql"}' "$i" "$i"; done)
case "$out" in *"already exists"*) dup=yes ;; *) dup= ;; esac
if [ "$got" = "$want" ] && [ -z "$dup" ]; then ok "with dropped and garbled D1 answers every migration runs exactly once ($tries applies)"
else not_ok "with dropped and garbled D1 answers every migration runs exactly once ($tries applies)" "$out
$got"; fi
