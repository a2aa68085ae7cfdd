# stack init/ls/select/rm, export/import, history/rollback, unlock,
# change-passphrase and secret rotation (sourced by run.sh)
fresh stk; P=$d
t "apply the test program" domec apply "$P" --stack dev --yes
t "stack init creates a stack" domec stack init qa --dir "$P"
[ -f "$P/stacks/qa.dome" ] && ok "stack init writes stacks/qa.dome" || not_ok "stack init writes stacks/qa.dome"
f "stack init refuses an existing stack" 1 domec stack init qa --dir "$P"
f "stack init refuses a bad name" 2 domec stack init Bad/Name --dir "$P"
t "stack ls" domec stack ls --dir "$P"
has "stack ls marks the selected stack (init selects)" "$out" '^qa\*'
has "stack ls shows the resource count" "$out" '^dev .*Z *5$'
t "stack ls --json" domec stack ls --json --dir "$P"
has "stack ls --json has last_update" "$out" '"last_update":'
t "stack select dev" domec stack select dev --dir "$P"
t "the selected stack is the default" domec config get level --dir "$P"
[ "$out" = debug ] && ok "selected stack used without --stack" || not_ok "selected stack used without --stack" "$out"
t "preview uses the selected stack" domec preview "$P" --expect-no-changes
has "preview names the selected stack" "$out" "stack 'dev'"
out=$(domec config get level --stack qa --dir "$P" 2>&1)
has "--stack wins over the selection" "$out" "stack 'qa' does not set"
f "stack select of an unknown stack" 1 domec stack select nope --dir "$P"
f "stack rm refuses while resources exist" 1 domec stack rm dev --dir "$P"
f "stack rm off a terminal without --yes refuses" 2 domec stack rm qa --dir "$P"
[ -f "$P/stacks/qa.dome" ] && ok "stack rm refused: the stack file is still there" || not_ok "stack rm refused: the stack file is still there"
t "stack rm --yes removes an empty stack" domec stack rm qa --yes --dir "$P"
[ -f "$P/stacks/qa.dome" ] && ok "stack rm keeps the stack file without --delete-config" || not_ok "stack rm keeps the stack file without --delete-config"
t "stack rm --delete-config removes the stack file too" domec stack rm qa --yes --delete-config --dir "$P"
[ ! -f "$P/stacks/qa.dome" ] && ok "stack rm --delete-config deletes the stack file" || not_ok "stack rm --delete-config deletes the stack file"

# export / import
domec stack export --stack dev --dir "$P" > "$work/dev1.json"
t "stack import of the same serial" sh -c "'$BIN/domec' stack import --stack dev --dir '$P' < '$work/dev1.json'"
domec stack export --stack dev --dir "$P" > "$work/dev2.json"
cmp -s "$work/dev1.json" "$work/dev2.json" && ok "export/import round trip is byte-exact" || not_ok "export/import round trip is byte-exact"
t "state rm bumps the serial" domec state rm queue.events --stack dev --dir "$P"
f "stack import of an older serial needs --force" 1 sh -c "'$BIN/domec' stack import --stack dev --dir '$P' < '$work/dev1.json'"
t "stack import --force restores it" sh -c "'$BIN/domec' stack import --force --stack dev --dir '$P' < '$work/dev1.json'"
t "preview after the forced import shows no changes" domec preview "$P" --stack dev --expect-no-changes
f "stack import into a stack that does not exist is refused" 2 sh -c "'$BIN/domec' stack import --stack copy --dir '$P' < '$work/dev1.json'"
domec stack init copy --dir "$P" >/dev/null 2>&1
f "stack import of another stack's state needs --force" 1 sh -c "'$BIN/domec' stack import --stack copy --dir '$P' < '$work/dev1.json'"
t "stack import --force into another stack" sh -c "'$BIN/domec' stack import --force --stack copy --dir '$P' < '$work/dev1.json'"
has "the copy is renamed to its stack" "$(domec stack export --stack copy --dir "$P")" '"stack":[[:space:]]*"copy"'
rm -f "$P/.dome/copy.json" "$P/stacks/copy.dome"; rm -rf "$P/.dome/history/copy"
f "stack import rejects non-state JSON" 1 sh -c "echo '{\"a\":1}' | '$BIN/domec' stack import --stack dev --dir '$P'"

# history / rollback
t "stack history" domec stack history --stack dev --dir "$P"
has "history lists serial 1 with its creates" "$out" '^1 .* +5 ~0 -0'
has "history shows the state rm as a delete" "$out" '^2 .* +0 ~0 -1'
has "history shows the forced import" "$out" '^3 .*stack import .* +1 ~0 -0'
t "stack history --json" domec stack history --json --stack dev --dir "$P"
t "stack rollback to serial 2" domec stack rollback 2 --stack dev --dir "$P"
has "rollback says how to reconcile" "$out" 'refresh'
s=$(domec stack export --stack dev --dir "$P" | grep -c '"queue.events":')
[ "$s" = 0 ] && ok "rollback restored serial 2 (queue gone from state)" || not_ok "rollback restored serial 2"
t "rollback is a new serial in history" domec stack history --stack dev --dir "$P"
has "history shows the rollback" "$out" '^4 .*rollback to 2'
f "rollback to a missing serial" 1 domec stack rollback 99 --stack dev --dir "$P"
t "rollback to serial 3 brings the queue back" domec stack rollback 3 --stack dev --dir "$P"

# restore from a backup after deleting .dome/
domec stack export --stack dev --dir "$P" > "$work/backup.json"
rm -rf "$P/.dome"
t "restore from an exported backup after deleting .dome/" sh -c "'$BIN/domec' stack import --stack dev --dir '$P' < '$work/backup.json'"
t "preview after the restore shows no changes" domec preview "$P" --stack dev --expect-no-changes

# unlock
holder='{"pid": 999999, "host": "build-box-7", "time": "2026-01-01T00:00:00Z", "command": "apply"}'
if [ -n "$DOME_BACKEND_URL" ]; then   # postgres: a live session holds it
  pg_hold_lock stk dev "$holder" || not_ok "a session holds the stack's lock"
else
  printf '%s' "$holder" > "$P/.dome/dev.lock"
fi
f "a held lock blocks apply" 2 domec apply "$P" --stack dev --yes
f "stack unlock without --force shows the holder" 1 domec stack unlock --stack dev --dir "$P"
has "unlock names the holder" "$out" "locked by 'apply' (pid 999999 on build-box-7"
t "stack unlock --force clears it" domec stack unlock --force --stack dev --dir "$P"
has "unlock --force shows the holder" "$out" 'build-box-7'
if [ -n "$DOME_BACKEND_URL" ]; then
  [ -z "$(pg_sql "SELECT holder FROM dome_lock")" ] && ok "the holder row is gone" || not_ok "the holder row is gone"
  pg_release_hold
else
  [ ! -f "$P/.dome/dev.lock" ] && ok "the lock file is gone" || not_ok "the lock file is gone"
fi

# change-passphrase
cp "$P/stacks/dev.dome" "$work/dev-before.dome"
t "stack change-passphrase" env DOME_NEW_PASSPHRASE=second-passphrase "$BIN/domec" stack change-passphrase --stack dev --dir "$P"
if grep -q "$(grep api_key "$work/dev-before.dome" | sed 's/.*secret("//; s/").*//')" "$P/stacks/dev.dome"; then
  not_ok "change-passphrase re-seals the value"; else ok "change-passphrase re-seals the value"; fi
out=$(DOME_PASSPHRASE=second-passphrase "$BIN/domec" config get api_key --reveal --stack dev --dir "$P")
[ "$out" = "$SECRET" ] && ok "the new passphrase opens the secret" || not_ok "the new passphrase opens the secret" "$out"
f "the old passphrase is refused (exit 2, credentials)" 2 domec config get api_key --reveal --stack dev --dir "$P"
t "preview after change-passphrase shows no changes" env DOME_PASSPHRASE=second-passphrase "$BIN/domec" preview "$P" --stack dev --expect-no-changes
cp "$P/stacks/dev.dome" "$work/dev-mid.dome"
f "change-passphrase with a wrong old passphrase fails (exit 2, credentials)" 2 env DOME_PASSPHRASE=wrong DOME_NEW_PASSPHRASE=third "$BIN/domec" stack change-passphrase --stack dev --dir "$P"
cmp -s "$work/dev-mid.dome" "$P/stacks/dev.dome" && ok "a failed change-passphrase leaves the stack file intact" || not_ok "a failed change-passphrase leaves the stack file intact"
export DOME_PASSPHRASE=second-passphrase

# secret rotation: apply updates the secret binding and nothing else
printf 'rotated-%s' "$SECRET" | domec config set api_key --secret --stack dev --dir "$P" 2>/dev/null
n0=$(wc -l < "$work/emu/requests.log")
t "apply after a secret rotation" domec apply "$P" --stack dev --yes
has "rotation plans one update and nothing else" "$out" '+ 0 to create, ~ 1 to update, ± 0 to replace, - 0 to delete, 4 unchanged'
sed -n "$((n0 + 1)),\$p" "$work/emu/requests.log" > "$work/rotation.log"
writes=$(grep -E '"method":"(PUT|POST|PATCH|DELETE)"' "$work/rotation.log")
other=$(printf '%s\n' "$writes" | grep -v '/workers/scripts/stk-api-dev[/"]')
if [ -n "$writes" ] && [ -z "$other" ]; then ok "rotation writes only the worker holding the secret"
else not_ok "rotation writes only the worker holding the secret" "$(cat "$work/rotation.log")"; fi
t "preview after rotation shows no changes" domec preview "$P" --stack dev --expect-no-changes
export DOME_PASSPHRASE=stacks-test-passphrase
