# Start-up, usage errors, auth errors, routing, keep-alive. (Sourced by run.sh.)
if "$BIN/cfemu" --help >"$tmp/help" 2>&1 && grep -q -- '--fault-path' "$tmp/help"; then
  ok "cli: --help prints usage and exits 0"
else not_ok "cli: --help prints usage and exits 0" "$(cat "$tmp/help")"; fi
"$BIN/cfemu" --token t --account nothex >"$tmp/bad" 2>&1; rc=$?
check "cli: a bad --account is refused with exit 2 and says why" \
  eval '[ $rc -eq 2 ] && grep -q "32-character hex" "$tmp/bad"'
"$BIN/cfemu" --account $ACCT --port 0 --port-file "$tmp/deflt.port" >"$tmp/deflt" 2>&1 &
pid=$!
i=0; while [ ! -s "$tmp/deflt.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer cfemu-local-token" \
  "http://127.0.0.1:$(cat "$tmp/deflt.port")/client/v4/accounts/$ACCT/d1/database")
kill $pid 2>/dev/null; wait $pid 2>/dev/null
check "cli: without --token, the default token is accepted and its export line printed" \
  eval '[ "$code" = 200 ] && grep -q "^  export CLOUDFLARE_API_TOKEN=cfemu-local-token\$" "$tmp/deflt" &&
        grep -q "^  export CLOUDFLARE_ACCOUNT_ID=$ACCT\$" "$tmp/deflt"'

cfemu_start "$tmp/basic" || not_ok "basic: cfemu started" "$(cat "$tmp/basic/cfemu.out")"
check "start: prints the base URL" \
  grep -q "^cfemu listening on http://127.0.0.1:$CFEMU_PORT/client/v4\$" "$tmp/basic/cfemu.out"

api_as "Authorization:" GET d1/database
check "auth: missing token is 400 code 9106" eval 'is $code 400 && is "$(jb .errors[0].code)" 9106 && is "$(jb .success)" false'
api_as "Authorization: Bearer wrong-token" GET d1/database
check "auth: wrong token is 403 code 10000" eval 'is $code 403 && is "$(jb .errors[0].code)" 10000'
api_as "Authorization: Basic abc" GET d1/database
check "auth: non-Bearer scheme is 400 code 6003" eval 'is $code 400 && is "$(jb .errors[0].code)" 6003'
api_as "Authorization: Bearer wrong-token" GET /client/v4/user/tokens/verify
check "auth: tokens/verify with a wrong token is 401 code 1000" eval 'is $code 401 && is "$(jb .errors[0].code)" 1000'
api GET /client/v4/user/tokens/verify
check "auth: tokens/verify says active" eval 'is $code 200 && is "$(jb .result.status)" active && is "$(jb ".result.id|length")" 32'
api GET /client/v4/accounts/$ACCT/tokens/verify
check "auth: account tokens/verify says active" eval 'is $code 200 && is "$(jb .result.status)" active'
api GET /client/v4/accounts/ffffffffffffffffffffffffffffffff/d1/database
check "auth: an unknown account is 403 code 10000" eval 'is $code 403 && is "$(jb .errors[0].code)" 10000'
api GET /client/v4/no/such/route
check "routing: unknown route is 404 code 7003" eval 'is $code 404 && is "$(jb .errors[0].code)" 7003 && is "$(jb .result)" null'
api GET r2/buckets/x/y/z
check "routing: unknown sub-route is 404 code 7003" eval 'is $code 404 && is "$(jb .errors[0].code)" 7003'
api GET "workers/scripts/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p"
check "routing: a path deeper than any route is 404 code 7003" eval 'is $code 404 && is "$(jb .errors[0].code)" 7003'
api POST /client/v4/user/tokens/verify
check "routing: wrong method is 405" eval 'is $code 405 && is "$(jb .success)" false'
api GET /client/v4/memberships
check "identity: memberships list the account" eval 'is $code 200 && is "$(jb .result[0].account.id)" $ACCT && is "$(jb .result_info.total_count)" 1'
api GET /client/v4/accounts
check "identity: accounts list" eval 'is $code 200 && is "$(jb .result[0].id)" $ACCT'
api GET "/client/v4/accounts?page=2"
check "identity: accounts page 2 is empty" eval 'is $code 200 && is "$(jb ".result|length")" 0'
api GET /client/v4/user
check "identity: /user has an email" eval 'is $code 200 && is "$(jb .result.email)" cfemu@example.com'

# keep-alive: two requests in one curl reuse the connection; Connection: close works too.
out=$(curl -s -v -H "Authorization: Bearer $TOKEN" "$CLOUDFLARE_API_BASE_URL/user/tokens/verify" \
  "$CLOUDFLARE_API_BASE_URL/user/tokens/verify" 2>&1)
n=$(printf '%s\n' "$out" | grep -c '"status":"active"')
check "http: keep-alive serves two requests on one connection" \
  eval 'is $n 2 && printf "%s" "$out" | grep -qi "re-using existing connection"'
api GET /client/v4/user/tokens/verify -H "Connection: close"
check "http: Connection: close is honoured" eval 'is $code 200 && header connection | grep -qi close'
cfemu_stop
