# net, continued (sourced by run.sh): domec against cfemu's Cloudflare-like
# limits (issue 13): pacing on the Ratelimit headers without any 429, the
# per-IP rate, cfemu's headers and per-IP refusal, and --api-budget shared
# by two domec processes at once. Every count comes from cfemu's log.
PG=$tmp/pacing
mkdir -p "$PG"

# max_in_window LOG SECONDS: the most requests cfemu logged in any window
max_in_window() {
  python3 - "$1" "$2" <<'PY'
import datetime, json, sys
w = float(sys.argv[2])
ts = sorted(datetime.datetime.fromisoformat(json.loads(l)["time"].replace("Z", "+00:00")).timestamp()
            for l in open(sys.argv[1]))
j, best = 0, 0
for i, t in enumerate(ts):
    while ts[j] <= t - w:
        j += 1
    best = max(best, i - j + 1)
print(best)
PY
}

# 1. the server's budget (30 per 3 s) is smaller than --api-budget: only
#    the Ratelimit headers can keep the run from being refused
sh "$TOP/bench/apply/gen.sh" 40 "$PG/p40"
cfemu_start "$PG/emu1" --rate-limit 30/3 --log "$PG/emu1/log"
t0=$(date +%s%3N)
"$BIN/domec" apply "$PG/p40" --stack dev --yes --api-budget 100000/1 >"$PG/o1" 2>&1; rc=$?
ms=$(($(date +%s%3N) - t0))
cfemu_stop
n=$(wc -l <"$PG/emu1/log") n429=$(grep -c '"status":429' "$PG/emu1/log")
if [ $rc -eq 0 ] && [ "$n429" -eq 0 ] && [ "$n" -gt 30 ] && [ "$ms" -ge 2000 ]; then
  ok "pacing: a run larger than the server's budget waits on its Ratelimit headers, 0 answered 429 ($n requests, $ms ms)"
else not_ok "pacing: waits on the Ratelimit headers without any 429" "rc=$rc requests=$n 429s=$n429 ms=$ms $(tail -3 "$PG/o1")"; fi
# the figure left is the check's answer (29) or, when the creates' answers
# came first, what they said (less); either way less than the 40 needed
if grep -Eq "needs about 40 API requests and the budget has ([0-9]|1[0-9]|2[0-9]) left .*it will wait about [0-9]+ s" "$PG/o1"; then
  ok "pacing: the apply says up front that it needs more than the budget has left"
else not_ok "pacing: the apply says up front that it needs more than the budget has left" "$(cat "$PG/o1")"; fi

# 2. the per-IP rate: 301 requests at once would be over 200 per second
sh "$TOP/bench/apply/gen.sh" 300 "$PG/p300"
cfemu_start "$PG/emu2" --log "$PG/emu2/log"
"$BIN/domec" apply "$PG/p300" --stack dev --yes >"$PG/o2" 2>&1; rc=$?
cfemu_stop
n429=$(grep -c '"status":429' "$PG/emu2/log") peak=$(max_in_window "$PG/emu2/log" 1)
if [ $rc -eq 0 ] && [ "$n429" -eq 0 ] && [ "$peak" -le 200 ]; then
  ok "pacing: at most 200 requests in any second, 0 answered 429 (peak $peak)"
else not_ok "pacing: at most 200 requests in any second" "rc=$rc 429s=$n429 peak=$peak $(tail -3 "$PG/o2")"; fi

# 3. cfemu's headers, and its per-IP refusal
cfemu_start "$PG/emu3" --ip-rate 5
hdr=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$CLOUDFLARE_API_BASE_URL/user/tokens/verify")
if echo "$hdr" | grep -qi '^ratelimit: "default";r=1199;t=30[0-9]' &&
   echo "$hdr" | grep -qi '^ratelimit-policy: "default";q=1200;w=300'; then
  ok "cfemu: answers carry Ratelimit and Ratelimit-Policy as Cloudflare sends them"
else not_ok "cfemu: answers carry Ratelimit and Ratelimit-Policy" "$hdr"; fi
u="$CLOUDFLARE_API_BASE_URL/user/tokens/verify"
codes=$(curl -s -o /dev/null -o /dev/null -o /dev/null -o /dev/null -o /dev/null -o /dev/null -o /dev/null \
  -o /dev/null -o /dev/null -o /dev/null -w '%{http_code} ' -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
  "$u" "$u" "$u" "$u" "$u" "$u" "$u" "$u" "$u" "$u")
case "$codes" in
  *429*) ok "cfemu: more than --ip-rate requests in a second from one address are refused (429)" ;;
  *) not_ok "cfemu: more than --ip-rate requests in a second are refused" "$codes" ;;
esac
cfemu_stop

# 4. two stacks applied at once share --api-budget 40/4 (62 requests together)
sh "$TOP/bench/apply/gen.sh" 30 "$PG/p30"
cp "$PG/p30/stacks/dev.dome" "$PG/p30/stacks/prod.dome"
mkdir -p "$PG/p30/.dome"
cfemu_start "$PG/emu4" --rate-limit 0 --log "$PG/emu4/log"
"$BIN/domec" apply "$PG/p30" --stack dev --yes --api-budget 40/4 >"$PG/o4a" 2>&1 &
pa=$!
"$BIN/domec" apply "$PG/p30" --stack prod --yes --api-budget 40/4 >"$PG/o4b" 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
cfemu_stop
n=$(wc -l <"$PG/emu4/log") peak=$(max_in_window "$PG/emu4/log" 4)
if [ $ra -eq 0 ] && [ $rb -eq 0 ] && [ "$n" -ge 62 ] && [ "$peak" -le 40 ]; then
  ok "shared budget: two applies at once keep 40 requests per 4 s together ($n requests, peak $peak)"
else not_ok "shared budget: two applies at once keep the budget together" "rc=$ra,$rb requests=$n peak=$peak $(tail -2 "$PG/o4a") $(tail -2 "$PG/o4b")"; fi
if [ "$(stat -c %a "$PG/p30/.dome/api-budget" 2>/dev/null)" = 600 ]; then ok "shared budget: .dome/api-budget is 0600"
else not_ok "shared budget: .dome/api-budget is 0600" "$(ls -l "$PG/p30/.dome")"; fi
