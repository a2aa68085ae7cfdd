# tests/safety: Stacks, credentials, the journal and the lock: nothing lost, nothing printed raw.
# Sourced by run.sh (cfemu, $D, $LOG and the helpers are set there).

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
      n=$(tmux -S "$sock" capture-pane -p | grep -ci "${PROMPT:-passphrase\|value}")
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

# --- 10. credentials are checked once -----------------------------------------
# Asked to confirm, apply has the check's answer before it shows the plan;
# with --yes only creates go out before the answer (credentials.sh), and a
# refused token is still reported once, exit 2, with nothing created.
P=$tmp/cred
program "$P" 'bucket b { name = "cred-b" }'
: >"$LOG"
out=$(CLOUDFLARE_API_TOKEN=wrong-token-4711 "$D" apply "$P" --stack dev </dev/null 2>&1); rc=$?
if [ $rc -eq 2 ] && [ "$(echo "$out" | grep -c "token was refused")" -eq 1 ] &&
   ! echo "$out" | grep -q "to create" && ! echo "$out" | grep -q "wrong-token-4711" &&
   ! grep -q '"method":"POST"' "$LOG"; then
  ok "credentials: asked to confirm, a refused token is reported once, before any plan, exit 2"
else not_ok "credentials: asked to confirm, a refused token is reported once, before any plan, exit 2" "rc=$rc $out"; fi
out=$(CLOUDFLARE_API_TOKEN=wrong-token-4711 "$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && [ "$(echo "$out" | grep -c "token was refused")" -eq 1 ] &&
   ! echo "$out" | grep -q "wrong-token-4711" && ! live bucket cred-b &&
   ! st_has_state "$P"; then
  ok "credentials: with --yes a refused token is reported once, exit 2, nothing created or recorded"
else not_ok "credentials: with --yes a refused token is reported once, exit 2, nothing created or recorded" "rc=$rc $out"; fi
out=$(CLOUDFLARE_ACCOUNT_ID=ffffffffffffffffffffffffffffffff "$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "cannot use account ffffffffffffffffffffffffffffffff" &&
   echo "$out" | grep -q "$CLOUDFLARE_ACCOUNT_ID"; then
  ok "credentials: a wrong account lists the accounts the token can use"
else not_ok "credentials: a wrong account lists the accounts the token can use" "rc=$rc $out"; fi
if [ -z "$(st_history "$P")" ]; then
  ok "credentials: failed runs record no history"
else not_ok "credentials: failed runs record no history" "$(st_history "$P")"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
n1=$(st_history "$P" | wc -l)
curl -s -X DELETE -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$(api)/r2/buckets/cred-b" >/dev/null
"$D" apply "$P" --stack dev --yes --refresh >/dev/null 2>&1
cf POST /r2/buckets '{"name":"cred-c"}' >/dev/null
program "$P" 'bucket b { name = "cred-b" }
bucket c { name = "cred-c" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1; rc=$?
n2=$(st_history "$P" | wc -l)
if [ $rc -ne 0 ] && [ "$n2" -eq $((n1 + 1)) ]; then ok "history: a run whose every operation failed adds no entry"
else not_ok "history: a run whose every operation failed adds no entry" "rc=$rc before=$n1 after=$n2 $(st_history "$P")"; fi

# --- 14. a killed apply's journal is never dropped by a state edit ------------------
P=$tmp/journal
program "$P" 'bucket a { name = "jr-a" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
serial=$(st_serial "$P")
# what a SIGKILL right after sending a create leaves: the pending record only
printf '{"serial":%s,"op":"create","phase":"pending","key":"bucket.b","entry":{"kind":"bucket","label":"b","name":"jr-b","attrs":{"jurisdiction":"default"},"deps":[],"protect":false}}\n' \
  "$serial" | st_plant_journal "$P" dev
cf POST /r2/buckets '{"name":"jr-b"}' >/dev/null   # the create that did land
for edit in "state rm bucket.a" "state mv bucket.a bucket.c" "stack rollback 1"; do
  # shellcheck disable=SC2086
  out=$("$D" $edit --stack dev --dir "$P" 2>&1); rc=$?
  if [ $rc -ne 0 ] && echo "$out" | grep -q "interrupted apply left 1 journal record" && st_has_journal "$P" &&
     [ "$(st_serial "$P")" = "$serial" ]; then
    ok "journal: '$edit' after a killed apply refuses and keeps the journal"
  else not_ok "journal: '$edit' after a killed apply refuses and keeps the journal" "rc=$rc $out"; fi
done
program "$P" 'bucket a { name = "jr-a" }
bucket b { name = "jr-b" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
if st_state "$P" | grep -q '"bucket.b"' && ! st_has_journal "$P" &&
   "$D" state rm bucket.a --stack dev --dir "$P" >/dev/null 2>&1; then
  ok "journal: the next apply adopts what the killed run created; then state edits work"
else not_ok "journal: the next apply adopts what the killed run created; then state edits work" "$(st_state "$P")"; fi

# --- 19. a planted lock file cannot send escape sequences to the terminal -----------
P=$tmp/esc
program "$P" 'bucket a { name = "esc-a" }'
holder='{"pid":1,"host":"h\u001b]0;pwned\u0007x","time":"t","command":"apply\u001b[2J"}'
if on_pg; then pg_hold_lock sf-esc dev "$holder" || not_ok "lock row: a session holds the lock"
else mkdir -p "$P/.dome"; printf '%s' "$holder" >"$P/.dome/dev.lock"; fi
out=$("$D" apply "$P" --stack dev --yes 2>&1; "$D" stack unlock --stack dev --dir "$P" 2>&1)
on_pg && pg_release_hold
"$D" stack unlock --stack dev --dir "$P" --force >/dev/null 2>&1
st_locked "$P" && not_ok "lock holder: stack unlock --force clears the planted holder" "$(st_locked "$P")"
if ! printf '%s' "$out" | grep -q "$(printf '\033')" && printf '%s' "$out" | grep -q "locked by 'apply?\[2J'"; then
  ok "lock holder: control characters in its fields print as '?'"
else not_ok "lock holder: control characters in its fields print as '?'" "$(printf '%s' "$out" | od -c | head -5)"; fi

# --- 7. a mistyped stack deploys nothing; a saved plan keeps its stack ------------
P=$tmp/typo
program "$P" 'bucket a { name = "ty-a-${stack}" }'
: >"$P/stacks/prod.dome"
: >"$LOG"
out=$("$D" apply "$P" --stack prdo --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "no stack 'prdo'" && echo "$out" | grep -q "did you mean 'prod'" &&
   ! grep -q '"method":"POST"' "$LOG" && ! st_has_state "$P" prdo; then
  ok "stacks: apply --stack prdo is refused with did-you-mean; nothing is created"
else not_ok "stacks: apply --stack prdo is refused with did-you-mean; nothing is created" "rc=$rc $out"; fi
"$D" preview "$P" --stack dev --out "$tmp/plan.json" >/dev/null 2>&1
out=$("$D" apply "$tmp/plan.json" --stack prod --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "made for stack 'dev', not 'prod'"; then ok "saved plan: applying it to another stack is refused"
else not_ok "saved plan: applying it to another stack is refused" "rc=$rc $out"; fi
program "$P" 'bucket a { name = "ty-a-${stack}" }
bucket b { name = "ty-b-${stack}" }'
out=$("$D" apply "$tmp/plan.json" --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "the program changed since"; then ok "saved plan: a changed program is named as the cause"
else not_ok "saved plan: a changed program is named as the cause" "rc=$rc $out"; fi
"$D" preview "$P" --stack dev --out "$tmp/plan.json" >/dev/null 2>&1
"$D" apply "$P" --stack dev --yes --target bucket.b >/dev/null 2>&1
out=$("$D" apply "$tmp/plan.json" --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "the state of stack 'dev' moved since"; then ok "saved plan: a moved state is named as the cause"
else not_ok "saved plan: a moved state is named as the cause" "rc=$rc $out"; fi
"$D" preview "$P" --stack dev --out "$tmp/plan.json" >/dev/null 2>&1
out=$(cd / && "$D" apply "$tmp/plan.json" --yes 2>&1); rc=$?
if [ $rc -eq 0 ] && live bucket ty-a-dev && ! st_has_state "$P" prod; then ok "saved plan: applies to its own stack and program, from anywhere"
else not_ok "saved plan: applies to its own stack and program, from anywhere" "rc=$rc $out"; fi

# --- 8. stack rm asks, and keeps the stack file (sealed secrets) by default -------
P=$tmp/rm
program "$P" 'bucket a { name = "rm-a" }'
printf 'config {\n  note = "keep me"\n}\n' >"$P/stacks/dev.dome"
printf '%s\n' "config note: string" >>"$P/main.dome"
out=$("$D" stack rm dev --dir "$P" </dev/null 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q -- "--yes" && [ -f "$P/stacks/dev.dome" ]; then
  ok "stack rm: off a terminal it needs --yes; nothing removed"
else not_ok "stack rm: off a terminal it needs --yes; nothing removed" "rc=$rc $out"; fi
PROMPT="to confirm" ANSWERS="dve" tty_run rmtypo "cd '$P' && '$D' stack rm dev"
if grep -q "exit=2" "$tmp/screen" && [ -f "$P/stacks/dev.dome" ]; then ok "stack rm: a mistyped name on a terminal changes nothing"
else not_ok "stack rm: a mistyped name on a terminal changes nothing" "$(cat "$tmp/screen")"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
"$D" destroy "$P" --stack dev --yes >/dev/null 2>&1
PROMPT="to confirm" ANSWERS="dev" tty_run rmok "cd '$P' && '$D' stack rm dev"
if grep -q "exit=0" "$tmp/screen" && ! st_has_state "$P" && grep -q "keep me" "$P/stacks/dev.dome"; then
  ok "stack rm: the typed name removes the state and keeps the stack file"
else not_ok "stack rm: the typed name removes the state and keeps the stack file" "$(cat "$tmp/screen")"; fi
