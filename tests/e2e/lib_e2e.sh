# Helpers for the e2e suites (sourced after tests/lib.sh).
E2E=$TOP/tests/e2e
base() { echo "http://127.0.0.1:$CFEMU_PORT"; }
api() { echo "$(base)/client/v4/accounts/$CLOUDFLARE_ACCOUNT_ID"; }
inv_cfemu() { python3 "$E2E/inv.py" cfemu "$(base)"; }
# inv_state DIR [S]: the same listing from the stack's state (nothing when
# the stack has no state, as for one with no resources)
inv_state() {
  inv_doc=$(st_state "$1" "$2") || return 0
  printf '%s\n' "$inv_doc" | python3 "$E2E/inv.py" state /dev/stdin
}
cf_get() { python3 "$E2E/inv.py" get "$(base)/client/v4" "/accounts/$CLOUDFLARE_ACCOUNT_ID$1"; }
cf() { method=$1; shift; curl -s -X "$method" -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
         -H "Content-Type: application/json" "$(api)$1" ${2:+--data "$2"}; }

# converged DIR: cfemu holds exactly what the state lists, and the state
# matches the program (preview --expect-no-changes)
converged() {
  a=$(inv_cfemu); b=$(inv_state "$1")
  if [ "$a" != "$b" ]; then
    printf 'inventory and state differ:\n--- cfemu\n%s\n--- state\n%s\n' "$a" "$b"; return 1
  fi
  "$BIN/domec" preview "$1" --stack dev --expect-no-changes >/dev/null 2>&1 || {
    echo "preview still shows changes:"; "$BIN/domec" preview "$1" --stack dev 2>&1; return 1; }
}

# check NAME CMD...: ok when CMD succeeds, else not ok with its output
check() { n=$1; shift; if o=$("$@" 2>&1); then ok "$n"; else not_ok "$n" "$o"; fi; }
