# The plaintext-leak test: apply a program with a secret, run every command
# with --verbose and --json, then search every file of the project, .dome/,
# every output and the cfemu request log for the plaintext. It may appear
# only where Cloudflare keeps it; cfemu strips secret values from what it
# stores, so it must be found nowhere. (sourced)
cfemu_stop; mkdir -p "$work/emu-leak/data"; cfemu_start "$work/emu-leak" --data "$work/emu-leak/data" --log "$work/emu-leak/requests.log" || not_ok "cfemu restarts for the leak test"
fresh leak; P=$d
O="$work/leak-out"; mkdir -p "$O"
n=0
run() { n=$((n + 1)); "$BIN/domec" "$@" >"$O/$n.out" 2>"$O/$n.err"; }
run check "$P" --stack dev
run preview "$P" --stack dev --verbose
run preview "$P" --stack dev --json
run apply "$P" --stack dev --yes --verbose
run apply "$P" --stack dev --yes --json
printf '%s-2' "$SECRET" | "$BIN/domec" config set api_key --secret --verbose --json --stack dev --dir "$P" >"$O/set.out" 2>&1
run preview "$P" --stack dev --verbose --diff
run preview "$P" --stack dev --json --diff
run apply "$P" --stack dev --yes --verbose --diff
run refresh "$P" --stack dev --verbose --yes
run refresh "$P" --stack dev --json --yes
run stack output "$P" --stack dev --json
for sub in "config ls" "config get api_key" "config get level" "stack ls" "stack history" "stack export" "stack unlock"; do
  run $sub --stack dev --dir "$P" --verbose
  run $sub --stack dev --dir "$P" --json
done
run stack select dev --dir "$P" --verbose
"$BIN/domec" stack export --stack dev --dir "$P" > "$O/export.json"
"$BIN/domec" stack import --stack dev --dir "$P" --verbose --json < "$O/export.json" >"$O/import.out" 2>&1
run stack rollback 1 --stack dev --dir "$P" --verbose
run state mv bucket.raw bucket.raw2 --stack dev --dir "$P" --verbose
run preview --all-stacks "$P" --verbose --json
run graph "$P" --stack dev
run import worker.leak_copy leak-api-dev --stack dev --dir "$P" --verbose
run state rm worker.leak_copy --stack dev --dir "$P" --verbose
run stack change-passphrase --stack dev --dir "$P" --verbose
DOME_PASSPHRASE=second-passphrase run preview "$P" --stack dev --verbose --json
export DOME_PASSPHRASE=second-passphrase
run import --discover --stack other --dir "$P" --verbose
export DOME_PASSPHRASE=stacks-test-passphrase
[ "$n" -gt 30 ] && ok "leak: ran $n commands" || not_ok "leak: ran $n commands"
grep -q 'api_key' "$P/stacks/dev.dome" && ok "leak: the secret is set" || not_ok "leak: the secret is set"
found=$(grep -rlF -- "$SECRET" "$P" "$O" "$work/emu-leak/requests.log" 2>/dev/null)
[ -z "$found" ] && ok "leak: no plaintext in the project, .dome/, outputs or the request log" \
  || not_ok "leak: no plaintext in the project, .dome/, outputs or the request log" "$found"
if [ -n "$DOME_BACKEND_URL" ]; then   # postgres: state, history, journal and lock rows
  rows=$(pg_sql "SELECT doc FROM dome_state UNION ALL SELECT doc FROM dome_history
                 UNION ALL SELECT records FROM dome_journal UNION ALL SELECT holder FROM dome_lock")
  case $rows in *"$SECRET"*) not_ok "leak: no plaintext in the database's rows" ;;
    *dome_*|*'"resources"'*) ok "leak: no plaintext in the database's rows" ;;
    *) not_ok "leak: no plaintext in the database's rows" "no rows read: $rows" ;; esac
fi
store=$(grep -rlF -- "$SECRET" "$work/emu-leak" 2>/dev/null)
[ -z "$store" ] && ok "leak: cfemu keeps no copy on disk either (it strips secret values)" \
  || not_ok "leak: cfemu keeps no copy on disk either (it strips secret values)" "$store"
printf 'x%sx\n' "$SECRET" > "$O/control"
[ "$(grep -rlF -- "$SECRET" "$P" "$O")" = "$O/control" ] && ok "leak: the search finds a planted copy" \
  || not_ok "leak: the search finds a planted copy"
[ -s "$work/emu-leak/requests.log" ] && ok "leak: the request log was written" || not_ok "leak: the request log was written"
