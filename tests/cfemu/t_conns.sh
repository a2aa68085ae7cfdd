# Connection limits and idle timeouts: one client holding many idle
# connections must not shut the others out. (Sourced by run.sh.)
idle_conns() { python3 "$TOP/tests/cfemu/idle_conns.py" "$@"; }
now_ms() { date +%s%3N; }

# 1,100 connections that never send a byte, more than the server takes
# from one client (500 by default): once it refuses the rest, a normal
# request must still get through within a few seconds, as soon as the
# idle ones are closed.
cfemu_start "$tmp/conn" --idle-timeout 3 || not_ok "conn: cfemu started"
idle_conns "$CFEMU_PORT" 1100 +600 +1100 >"$tmp/conn/idle" &
hog=$!
i=0
while [ ! -s "$tmp/conn/idle" ] && [ $i -lt 120 ]; do sleep 0.1; i=$((i + 1)); done
t0=$(now_ms)
i=0
code=000
while [ "$code" != 200 ] && [ $i -lt 40 ]; do
  code=$(curl -s -m 2 -o "$tmp/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$CLOUDFLARE_API_BASE_URL/user/tokens/verify")
  [ "$code" = 200 ] || sleep 0.2
  i=$((i + 1))
done
waited=$(($(now_ms) - t0))
check "connections: with 1,100 idle connections open, a request succeeds within 5 s" \
  eval 'awk "NR == 1 && \$1 == \"+600\" && \$2 >= 600 { ok = 1 } END { exit !ok }" "$tmp/conn/idle" &&
        is $code 200 && [ $waited -lt 5000 ]'
wait "$hog"
check "connections: --idle-timeout closes every idle connection" eval 'is "$(sed -n 2p "$tmp/conn/idle")" "+1100 1100"'
cfemu_stop

# One address may hold at most --max-connections-per-client connections;
# the rest are refused at once.
cfemu_start "$tmp/pc" --max-connections-per-client 20 --idle-timeout 2 || not_ok "pc: cfemu started"
idle_conns "$CFEMU_PORT" 30 1 4 >"$tmp/pc/idle"
check "connections: beyond --max-connections-per-client a connection is refused at once" \
  eval 'is "$(sed -n 1p "$tmp/pc/idle")" "1 10"'
check "connections: idle connections are closed after --idle-timeout" \
  eval 'is "$(sed -n 2p "$tmp/pc/idle")" "4 30"'
api GET /client/v4/user/tokens/verify
check "connections: the server answers again once they are gone" is $code 200
cfemu_stop
"$BIN/cfemu" --token t --account $ACCT --max-connections-per-client 0 >"$tmp/bad" 2>&1; rc=$?
check "cli: --max-connections-per-client must be positive" \
  eval '[ $rc -eq 2 ] && grep -q -- "invalid value .0. for --max-connections-per-client" "$tmp/bad"'
