#!/bin/sh
# Suite "safety": no workflow deletes a live resource the program still
# declares, loses a secret or writes where it should not. One test (or a
# few) per hazard, each against cfemu on 127.0.0.1 and asserted from cfemu's
# inventory and request log, not from domec's own words.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/e2e/lib_e2e.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-safety.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM
D="$BIN/domec"
LOG=$tmp/emu/requests.log
cfemu_start "$tmp/emu" --log "$LOG" || { not_ok "cfemu starts"; exit 0; }

# program DIR BODY: DIR's main.dome becomes BODY (state in DIR/.dome stays)
program() {
  mkdir -p "$1/stacks"
  printf 'project "sf" {\n  naming = "${name}"\n}\n%s\n' "$2" >"$1/main.dome"
  echo 'export default { fetch() { return new Response("ok") } }' >"$1/index.js"
  : >"$1/stacks/dev.dome"
}
worker() { # worker LABEL NAME [EXTRA]
  printf 'worker %s {\n  name = "%s"\n  main = "index.js"\n  compatibility_date = "2025-01-01"\n%s}\n' \
    "$1" "$2" "${3:-}"
}
# deletes PATTERN: how many DELETE requests cfemu logged whose path matches
deletes() { grep '"method":"DELETE"' "$LOG" | grep -c "$1"; }
# live KIND NAME: is there a resource of KIND called NAME on cfemu?
live() { inv_cfemu >"$tmp/inv"; grep -q "^$1 $2\$" "$tmp/inv"; }

# --- 1. relabelling keeps the physical resource -------------------------------
P=$tmp/relabel
program "$P" "$(worker api rr-api)
bucket raw { name = \"rr-raw\" }
database meta { name = \"rr-meta\" }
queue jobs { name = \"rr-jobs\" }"
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 || not_ok "relabel: first apply" "$(cat "$tmp/o")"
: >"$LOG"
program "$P" "$(worker gateway rr-api)
bucket raw_files { name = \"rr-raw\" }
database meta2 { name = \"rr-meta\" }
queue jobs2 { name = \"rr-jobs\" }"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "worker.gateway.*(moved from worker.api)" &&
   echo "$out" | grep -q "bucket.raw_files.*(moved from bucket.raw)" &&
   echo "$out" | grep -q "0 to create.*0 to delete"; then
  ok "relabel: preview shows moves, no create and no delete"
else not_ok "relabel: preview shows moves, no create and no delete" "$out"; fi
if "$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 && [ "$(grep -c '"method":"\(DELETE\|POST\|PUT\)"' "$LOG")" -eq 0 ]; then
  ok "relabel: apply sends no create, upload or delete"
else not_ok "relabel: apply sends no create, upload or delete" "$(cat "$tmp/o"; cat "$LOG")"; fi
if live worker rr-api && live bucket rr-raw && live database rr-meta && live queue rr-jobs &&
   grep -q '"worker.gateway"' "$P/.dome/dev.json" && ! grep -q '"worker.api"' "$P/.dome/dev.json"; then
  ok "relabel: every resource still live, state under the new addresses"
else not_ok "relabel: every resource still live, state under the new addresses" "$(inv_cfemu)"; fi
check "relabel: then no changes" "$D" preview "$P" --stack dev --expect-no-changes

# --- 1. an explicit moved block, with a physical rename in the same change ----
program "$P" "$(worker edge rr-api)
bucket raw_files { name = \"rr-raw\" }
database meta2 { name = \"rr-meta\" }
queue jobs2 { name = \"rr-jobs\" }
moved { from = worker.gateway  to = worker.edge }"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "→ move .*worker.edge.*(moved from worker.gateway)"; then ok "moved block: preview shows the move"
else not_ok "moved block: preview shows the move" "$out"; fi
out=$("$D" preview "$P" --stack dev --json 2>&1)
if echo "$out" | grep -q '"moved_from":[[:space:]]*"worker.gateway"'; then ok "moved block: --json names moved_from"
else not_ok "moved block: --json names moved_from" "$out"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
check "moved block: applied, then no changes" "$D" preview "$P" --stack dev --expect-no-changes
if [ "$(deletes workers/scripts)" -eq 0 ] && live worker rr-api; then ok "moved block: the worker was never deleted"
else not_ok "moved block: the worker was never deleted" "$(cat "$LOG")"; fi

# --- removed { destroy = false } forgets; removed deletes -----------------------
program "$P" "$(worker edge rr-api)
database meta2 { name = \"rr-meta\" }
removed {
  from    = bucket.raw_files
  destroy = false
}
removed { from = queue.jobs2 }"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "forget .*bucket.raw_files" && echo "$out" | grep -q "delete .*queue.jobs2"; then
  ok "removed: preview forgets the bucket and deletes the queue"
else not_ok "removed: preview forgets the bucket and deletes the queue" "$out"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
if live bucket rr-raw && ! live queue rr-jobs && ! grep -q '"bucket.raw_files"' "$P/.dome/dev.json"; then
  ok "removed: the forgotten bucket stays live, out of the state; the queue is gone"
else not_ok "removed: the forgotten bucket stays live, out of the state; the queue is gone" "$(inv_cfemu)"; fi

# --- 3. protect added to a deployed resource protects it at once ---------------
P=$tmp/protect
program "$P" 'database keep { name = "pr-keep" }
bucket other { name = "pr-other" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
program "$P" 'database keep {
  name    = "pr-keep"
  protect = true
}
bucket other { name = "pr-other" }'
: >"$LOG"
out=$("$D" destroy "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "database.keep' is protected" && [ ! -s "$LOG" -o "$(deletes /d1/database)" -eq 0 ] &&
   live database pr-keep && live bucket pr-other; then
  ok "protect: destroy refuses a resource protected only in the program, deleting nothing"
else not_ok "protect: destroy refuses a resource protected only in the program, deleting nothing" "rc=$rc $out"; fi
program "$P" 'database keep {
  name    = "pr-keep"
  protect = true
}
bucket other { name = "pr-other" '
out=$("$D" destroy "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q "fix its errors" && live database pr-keep && live bucket pr-other; then
  ok "protect: destroy of a program with errors refuses before reading the state"
else not_ok "protect: destroy of a program with errors refuses before reading the state" "rc=$rc $out"; fi

# --- 9. a new stack's passphrase is asked twice; one passphrase per stack ------
P=$tmp/pass
program "$P" "config api_key: secret
$(worker api pp-api '  secrets { API_KEY = config.api_key }
')"
# tty_run NAME CMD: runs CMD in a tmux pane (a real terminal); answers each
# prompt with the next line of $ANSWERS; leaves the screen in $tmp/screen
tty_run() {
  sock=$tmp/tmux.sock
  tmux -S "$sock" new-session -d -x 200 -y 50 "$2; echo \"exit=\$?\"; sleep 30"
  seen=0
  for answer in $ANSWERS; do
    i=0
    while [ $i -lt 100 ]; do
      n=$(tmux -S "$sock" capture-pane -p | grep -ci "passphrase\|value")
      [ "$n" -gt "$seen" ] && break
      sleep 0.05; i=$((i + 1))
    done
    seen=$n
    tmux -S "$sock" send-keys "$answer" Enter
  done
  i=0
  while ! tmux -S "$sock" capture-pane -p | grep -q "exit=" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  tmux -S "$sock" capture-pane -p >"$tmp/screen"
  tmux -S "$sock" kill-server 2>/dev/null
}
ANSWERS="the-secret first-try first-tyro" tty_run typo \
  "cd '$P' && env -u DOME_PASSPHRASE '$D' config set api_key --secret --stack dev"
if grep -q "the two passphrases differ" "$tmp/screen" && grep -q "exit=[12]" "$tmp/screen" &&
   ! grep -q "salt" "$P/stacks/dev.dome"; then
  ok "passphrase: a new stack's passphrase is asked twice; a typo changes nothing"
else not_ok "passphrase: a new stack's passphrase is asked twice; a typo changes nothing" "$(cat "$tmp/screen")"; fi
ANSWERS="the-secret right-one right-one" tty_run same \
  "cd '$P' && env -u DOME_PASSPHRASE '$D' config set api_key --secret --stack dev"
if grep -q "exit=0" "$tmp/screen" && grep -q "salt" "$P/stacks/dev.dome" &&
   DOME_PASSPHRASE=right-one "$D" config get api_key --reveal --stack dev --dir "$P" 2>&1 | grep -q "the-secret"; then
  ok "passphrase: the same passphrase twice seals the secret"
else not_ok "passphrase: the same passphrase twice seals the secret" "$(cat "$tmp/screen")"; fi
printf '\n%s\n' "prod-secret" | DOME_PASSPHRASE=prod-pass "$BIN/tests/seal_tool" api_key >"$P/stacks/prod.dome"
out=$(env -u DOME_PASSPHRASE DOME_PASSPHRASE_DEV=right-one DOME_PASSPHRASE_PROD=prod-pass \
  "$D" preview "$P" --all-stacks 2>&1); rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q "dev" && echo "$out" | grep -q "prod"; then
  ok "passphrase: preview --all-stacks opens stacks with different passphrases (DOME_PASSPHRASE_<STACK>)"
else not_ok "passphrase: preview --all-stacks opens stacks with different passphrases (DOME_PASSPHRASE_<STACK>)" "rc=$rc $out"; fi
out=$(DOME_PASSPHRASE=right-one "$D" preview "$P" --all-stacks 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "wrong passphrase.*prod"; then
  ok "passphrase: one shared passphrase for two stacks names the stack it cannot open"
else not_ok "passphrase: one shared passphrase for two stacks names the stack it cannot open" "rc=$rc $out"; fi

# --- 12. modules come from inside the program directory only -------------------
P=$tmp/paths
mkdir -p "$P" "$tmp/elsewhere"
echo 'export default {}' >"$tmp/elsewhere/evil.js"
ln -sf "$tmp/elsewhere/evil.js" "$P/link.js"
mkdir -p "$P/adir"
for main in /proc/self/environ ../elsewhere/evil.js link.js adir; do
  program "$P" "worker w {
  name = \"paths-w\"
  main = \"$main\"
  compatibility_date = \"2025-01-01\"
}"
  : >"$LOG"
  out=$("$D" apply "$P" --stack dev --yes 2>&1); rc=$?
  if [ $rc -eq 1 ] && echo "$out" | grep -q "outside the program directory\|not a regular file" &&
     ! grep -q '"PUT"' "$LOG"; then ok "paths: main = \"$main\" is refused and nothing is uploaded"
  else not_ok "paths: main = \"$main\" is refused and nothing is uploaded" "rc=$rc $out"; fi
done
ln -sf index.js "$P/inside.js"
program "$P" "$(worker w paths-w | sed 's/index.js/inside.js/')"
check "paths: a symlink to a file inside the program directory is fine" "$D" apply "$P" --stack dev --yes

# --- 10. credentials are checked once, before planning -------------------------
P=$tmp/cred
program "$P" 'bucket b { name = "cred-b" }'
: >"$LOG"
out=$(CLOUDFLARE_API_TOKEN=wrong-token-4711 "$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && [ "$(echo "$out" | grep -c "token was refused")" -eq 1 ] &&
   ! echo "$out" | grep -q "to create" && ! echo "$out" | grep -q "wrong-token-4711" &&
   ! grep -q '"method":"POST"' "$LOG"; then
  ok "credentials: a refused token is reported once, before any plan, exit 2"
else not_ok "credentials: a refused token is reported once, before any plan, exit 2" "rc=$rc $out"; fi
out=$(CLOUDFLARE_ACCOUNT_ID=ffffffffffffffffffffffffffffffff "$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "cannot use account ffffffffffffffffffffffffffffffff" &&
   echo "$out" | grep -q "$CLOUDFLARE_ACCOUNT_ID"; then
  ok "credentials: a wrong account lists the accounts the token can use"
else not_ok "credentials: a wrong account lists the accounts the token can use" "rc=$rc $out"; fi
if [ ! -d "$P/.dome/history" ] || [ -z "$(ls "$P/.dome/history/dev" 2>/dev/null)" ]; then
  ok "credentials: failed runs record no history"
else not_ok "credentials: failed runs record no history" "$(ls -R "$P/.dome")"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
n1=$(ls "$P/.dome/history/dev" | wc -l)
curl -s -X DELETE -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$(api)/r2/buckets/cred-b" >/dev/null
"$D" apply "$P" --stack dev --yes --refresh >/dev/null 2>&1
cf POST /r2/buckets '{"name":"cred-c"}' >/dev/null
program "$P" 'bucket b { name = "cred-b" }
bucket c { name = "cred-c" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1; rc=$?
n2=$(ls "$P/.dome/history/dev" | wc -l)
if [ $rc -ne 0 ] && [ "$n2" -eq $((n1 + 1)) ]; then ok "history: a run whose every operation failed adds no entry"
else not_ok "history: a run whose every operation failed adds no entry" "rc=$rc before=$n1 after=$n2 $(ls "$P/.dome/history/dev")"; fi

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
if python3 - "$P/.dome/dev.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["resources"]
assert r["bucket.raw"]["attrs"]["location"] == "weur", r["bucket.raw"]
assert "location" in r["database.db"]["unknown"], r["database.db"]
assert r["index.vec"]["attrs"]["dimensions"] == 1024 and "preset" in r["index.vec"]["unknown"], r["index.vec"]
PY
then ok "import: R2 location recorded; D1 location and the index preset recorded as unknown"
else not_ok "import: R2 location recorded; D1 location and the index preset recorded as unknown" "$(cat "$P/.dome/dev.json")"; fi
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
   python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["resources"]; assert "unknown" not in r["database.db"] and r["database.db"]["attrs"]["location"]=="weur" and r["index.vec"]["attrs"]["preset"].endswith("large-en-v1.5")' "$P/.dome/dev.json"; then
  ok "import: the next apply adopts the program's location and preset without a request"
else not_ok "import: the next apply adopts the program's location and preset without a request" "$(cat "$LOG"; cat "$P/.dome/dev.json")"; fi
check "import: then no changes" "$D" preview "$P" --stack dev --expect-no-changes

# --- 2. a renamed worker is live under its new name before the old goes ----------
P=$tmp/rename
program "$P" "queue jobs { name = \"rn-jobs\" }
$(worker api rn-api '  consumes queue.jobs {}
')
$(worker front rn-front '  bindings { API = worker.api }
')"
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 || not_ok "rename: first apply" "$(cat "$tmp/o")"
: >"$LOG"
program "$P" "queue jobs { name = \"rn-jobs\" }
$(worker api rn-api2 '  consumes queue.jobs {}
')
$(worker front rn-front '  bindings { API = worker.api }
')"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "replace .*worker.api .*new script first" && echo "$out" | grep -q "delete .*worker.api~old .*rn-api "; then
  ok "rename: preview creates the new script first and deletes the old one after"
else not_ok "rename: preview creates the new script first and deletes the old one after" "$out"; fi
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1; rc=$?
order=$(grep -o '"method":"[A-Z]*","path":"[^"]*/workers/scripts/rn-[a-z0-9]*"' "$LOG" | sed 's/.*"method":"\([A-Z]*\)".*scripts\/\(.*\)"/\1 \2/' | uniq | tr '\n' ' ')
case $order in "PUT rn-api2 PUT rn-front DELETE rn-api "*) good=1 ;; *) good= ;; esac
if [ $rc -eq 0 ] && [ -n "$good" ]; then
  ok "rename: new script, then the worker binding it, then the old script's delete"
else not_ok "rename: new script, then the worker binding it, then the old script's delete" "rc=$rc order: $order $(cat "$tmp/o")"; fi
if live worker rn-api2 && ! live worker rn-api && live consumer "rn-jobs rn-api2" && ! live consumer "rn-jobs rn-api"; then
  ok "rename: the old script is gone and the queue's consumer moved to the new one"
else not_ok "rename: the old script is gone and the queue's consumer moved to the new one" "$(inv_cfemu)"; fi
check "rename: then no changes" "$D" preview "$P" --stack dev --expect-no-changes

# --- 5. an imported resource the program lacks is never deleted by a plan ---------
P=$tmp/adopt
program "$P" ''
cf POST /r2/buckets '{"name":"adopt-raw"}' >/dev/null
"$D" import bucket.raw adopt-raw --stack dev --dir "$P" >/dev/null 2>"$tmp/err" || not_ok "adopt: import" "$(cat "$tmp/err")"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "keep .*bucket.raw .*removed { from = bucket.raw }" && ! echo "$out" | grep -q "^ - delete"; then
  ok "adopt: preview keeps an imported resource the program lacks, saying how to delete it"
else not_ok "adopt: preview keeps an imported resource the program lacks, saying how to delete it" "$out"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
if live bucket adopt-raw && grep -q '"bucket.raw"' "$P/.dome/dev.json"; then ok "adopt: apply --yes leaves it live and in the state"
else not_ok "adopt: apply --yes leaves it live and in the state" "$(inv_cfemu)"; fi
program "$P" 'bucket raw { name = "adopt-raw" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
program "$P" ''
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "delete .*bucket.raw"; then ok "adopt: once applied from the program, removing the block plans its delete"
else not_ok "adopt: once applied from the program, removing the block plans its delete" "$out"; fi

# --- 13. a 2xx answer that is not Cloudflare's JSON counts as lost -------------------
cfemu_stop
cfemu_start "$tmp/emu-garble" --log "$LOG" --garble-rate 1 --fault-path /accounts/$CLOUDFLARE_ACCOUNT_ID/d1/database \
  --fault-path /accounts/$CLOUDFLARE_ACCOUNT_ID/queues --seed 3 || not_ok "cfemu starts with --garble-rate"
P=$tmp/garble
program "$P" 'database meta { name = "gb-meta" }
queue jobs { name = "gb-jobs" }'
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1; rc=$?
if python3 - "$P/.dome/dev.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["resources"]
assert r["database.meta"]["id"] and r["queue.jobs"]["id"], r
PY
then ok "garbled answers: a created database and queue are recorded with their real ids (found by name)"
else not_ok "garbled answers: a created database and queue are recorded with their real ids (found by name)" "rc=$rc $(cat "$tmp/o")"; fi
cfemu_stop
cfemu_start "$tmp/emu-garble" --log "$LOG" --seed 3 || not_ok "cfemu restarts"
check "garbled answers: the next apply has nothing to do" "$D" preview "$P" --stack dev --expect-no-changes

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

# --- 14. a killed apply's journal is never dropped by a state edit ------------------
P=$tmp/journal
program "$P" 'bucket a { name = "jr-a" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
serial=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["serial"])' "$P/.dome/dev.json")
# what a SIGKILL right after sending a create leaves: the pending record only
printf '{"serial":%s,"op":"create","phase":"pending","key":"bucket.b","entry":{"kind":"bucket","label":"b","name":"jr-b","attrs":{"jurisdiction":"default"},"deps":[],"protect":false}}\n' \
  "$serial" >"$P/.dome/dev.journal"
cf POST /r2/buckets '{"name":"jr-b"}' >/dev/null   # the create that did land
for edit in "state rm bucket.a" "state mv bucket.a bucket.c" "stack rollback 1"; do
  # shellcheck disable=SC2086
  out=$("$D" $edit --stack dev --dir "$P" 2>&1); rc=$?
  if [ $rc -ne 0 ] && echo "$out" | grep -q "interrupted apply left 1 journal record" && [ -s "$P/.dome/dev.journal" ] &&
     [ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["serial"])' "$P/.dome/dev.json")" = "$serial" ]; then
    ok "journal: '$edit' after a killed apply refuses and keeps the journal"
  else not_ok "journal: '$edit' after a killed apply refuses and keeps the journal" "rc=$rc $out"; fi
done
program "$P" 'bucket a { name = "jr-a" }
bucket b { name = "jr-b" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
if grep -q '"bucket.b"' "$P/.dome/dev.json" && [ ! -e "$P/.dome/dev.journal" ] &&
   "$D" state rm bucket.a --stack dev --dir "$P" >/dev/null 2>&1; then
  ok "journal: the next apply adopts what the killed run created; then state edits work"
else not_ok "journal: the next apply adopts what the killed run created; then state edits work" "$(cat "$P/.dome/dev.json")"; fi

# --- 19. a planted lock file cannot send escape sequences to the terminal -----------
P=$tmp/esc
program "$P" 'bucket a { name = "esc-a" }'
mkdir -p "$P/.dome"
printf '{"pid":1,"host":"h\\u001b]0;pwned\\u0007x","time":"t","command":"apply\\u001b[2J"}' >"$P/.dome/dev.lock"
out=$("$D" apply "$P" --stack dev --yes 2>&1; "$D" stack unlock --stack dev --dir "$P" 2>&1)
if ! printf '%s' "$out" | grep -q "$(printf '\033')" && printf '%s' "$out" | grep -q "locked by 'apply?\[2J'"; then
  ok "lock file: control characters in its fields print as '?'"
else not_ok "lock file: control characters in its fields print as '?'" "$(printf '%s' "$out" | od -c | head -5)"; fi
