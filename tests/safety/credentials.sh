# Credentials refused while an apply is under way (sourced by run.sh).
# With --yes, apply sends creates while the account check is still on its
# way (its round trip is off the critical path); every update, delete and
# replace waits for its answer. A refused token or account: exit 2 with the
# check's message, no update, delete or replace sent (cfemu's request log),
# the declared and the removed resources still live, and the next apply
# with the right credentials converges.
C=$tmp/cred
program "$C" "$(worker a sf-cred-a)
bucket keep { name = \"sf-cred-keep\" }"
"$D" apply "$C" --stack dev --yes >"$tmp/cred.out" 2>&1 ||
  not_ok "credentials: the first apply" "$(cat "$tmp/cred.out")"
# an update (vars), a delete (keep) and a create (fresh)
program "$C" "$(worker a sf-cred-a '  vars { LEVEL = "2" }
')
bucket fresh { name = \"sf-cred-fresh\" }"
# changes_sent N: the requests after log line N that are not GETs or creates
changes_sent() { tail -n +$(($1 + 1)) "$LOG" | grep -v '"method":"GET"' | grep -vc '"method":"POST"'; }
refused_run() { # NAME EXPECTED_MESSAGE ENV...
  name=$1 msg=$2; shift 2
  n0=$(grep -c . "$LOG")
  out=$(env "$@" "$D" apply "$C" --stack dev --yes 2>&1); rc=$?
  if [ $rc -eq 2 ] && echo "$out" | grep -q "$msg" && [ "$(changes_sent "$n0")" = 0 ] &&
     ! echo "$out" | grep -q "cred-wrong-token" && live bucket sf-cred-keep && ! live bucket sf-cred-fresh; then
    ok "credentials: $name: exit 2, no update or delete sent, nothing lost"
  else not_ok "credentials: $name: exit 2, no update or delete sent, nothing lost" \
    "rc=$rc sent=$(changes_sent "$n0") $out"; fi
}
refused_run "a refused token" "the API token was refused" CLOUDFLARE_API_TOKEN=cred-wrong-token
refused_run "an account the token cannot use" "cannot use account ffffffffffffffffffffffffffffffff" \
  CLOUDFLARE_ACCOUNT_ID=ffffffffffffffffffffffffffffffff
out=$("$D" apply "$C" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 0 ] && live bucket sf-cred-fresh && ! live bucket sf-cred-keep &&
   "$D" preview "$C" --stack dev --expect-no-changes >/dev/null 2>&1; then
  ok "credentials: with the right credentials the next apply converges"
else not_ok "credentials: with the right credentials the next apply converges" "rc=$rc $out"; fi
