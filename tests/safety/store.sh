# tests/safety: The store (.dome/): a shared or planted .dome/ is refused, a stale lock is taken by one process only, a malformed state is refused whole.
# Sourced by run.sh (cfemu, $D, $LOG and the helpers are set there).

# sent: the requests cfemu logged that change something (none may be sent)
sent() { grep -c '"method":"\(POST\|PUT\|PATCH\|DELETE\)"' "$LOG"; }

# Sections 15 and the lock_race half of 16 are about files in .dome/ and run
# on the local backend only; on PostgreSQL .dome/ holds only the selected
# stack, and the password's absence from every row is tests/backend's.
if ! on_pg; then
# --- 15. a .dome/ others can write to, or that is not ours, is refused --------
P=$tmp/shared
program "$P" 'bucket b { name = "sh-b" }'
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 || not_ok "shared: first apply" "$(cat "$tmp/o")"
chmod 777 "$P/.dome"
: >"$LOG"
out=$("$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 128 ] && echo "$out" | grep -q "$P/.dome.*writable by its group or by others" &&
   echo "$out" | grep -q "chmod 700 $P/.dome" && [ "$(sent)" -eq 0 ] && [ ! -e "$P/.dome/dev.lock" ]; then
  ok "shared .dome: mode 0777 is refused (what, where, chmod 700), nothing sent, no lock left"
else not_ok "shared .dome: mode 0777 is refused (what, where, chmod 700), nothing sent, no lock left" "rc=$rc $out"; fi
out=$("$D" preview "$P" --stack dev 2>&1); rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 128 ] && echo "$out" | grep -q "writable by its group or by others"; then
  ok "shared .dome: preview refuses it too"
else not_ok "shared .dome: preview refuses it too" "rc=$rc $out"; fi
chmod 700 "$P/.dome"
chown 65534 "$P/.dome"
out=$("$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 128 ] && echo "$out" | grep -q "$P/.dome.*belongs to uid 65534, not to you" &&
   [ "$(sent)" -eq 0 ] && [ ! -e "$P/.dome/dev.lock" ]; then
  ok "shared .dome: one owned by another user is refused, nothing sent"
else not_ok "shared .dome: one owned by another user is refused, nothing sent" "rc=$rc $out"; fi
chown "$(id -u)" "$P/.dome"
check "shared .dome: once private again, it is used" "$D" preview "$P" --stack dev --expect-no-changes

# --- 15. symlinks planted in .dome/ are never followed ------------------------
# outside FILE: a file outside .dome/ that a planted symlink points at
outside() { printf 'KEEP\n' >"$1"; }
kept() { [ "$(cat "$1")" = "KEEP" ]; }
P=$tmp/plant
program "$P" 'bucket b { name = "pl-b" }'
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 || not_ok "plant: first apply" "$(cat "$tmp/o")"
program "$P" 'bucket b { name = "pl-b" }
bucket c { name = "pl-c" }'
outside "$tmp/out-journal"
ln -s "$tmp/out-journal" "$P/.dome/dev.journal"
: >"$LOG"
out=$("$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 128 ] && kept "$tmp/out-journal" && [ "$(sent)" -eq 0 ] &&
   echo "$out" | grep -q "dev.journal"; then
  ok "plant: a symlink at the journal path is refused; the file it points at is not written"
else not_ok "plant: a symlink at the journal path is refused; the file it points at is not written" "rc=$rc $out; outside: $(cat "$tmp/out-journal")"; fi
rm -f "$P/.dome/dev.journal"
mv "$P/.dome/dev.json" "$tmp/out-state.json"
cp "$tmp/out-state.json" "$tmp/out-state.orig"
ln -s "$tmp/out-state.json" "$P/.dome/dev.json"
: >"$LOG"
out=$("$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 128 ] && cmp -s "$tmp/out-state.json" "$tmp/out-state.orig" &&
   [ "$(sent)" -eq 0 ] && echo "$out" | grep -q "dev.json.*symlink"; then
  ok "plant: a symlink at the state path is not read through; nothing sent, the target unchanged"
else not_ok "plant: a symlink at the state path is not read through; nothing sent, the target unchanged" "rc=$rc $out"; fi
rm -f "$P/.dome/dev.json"
mv "$tmp/out-state.json" "$P/.dome/dev.json"
# the old temp names were "<file>.tmp.<pid>" and "<stack>.lock.<pid>.tmp":
# plant both for the pid the command will have (exec keeps the shell's pid)
outside "$tmp/out-tmp-state"
outside "$tmp/out-tmp-lock"
outside "$tmp/out-tmp-hist"
sh -c 'ln -s "$1/out-tmp-state" "$2/.dome/dev.json.tmp.$$"
       ln -s "$1/out-tmp-lock" "$2/.dome/dev.lock.$$.tmp"
       mkdir -p "$2/.dome/history/dev"
       ln -s "$1/out-tmp-hist" "$2/.dome/history/dev/2.json.tmp.$$"
       exec "$3" apply "$2" --stack dev --yes' sh "$tmp" "$P" "$D" >"$tmp/o" 2>&1; rc=$?
if [ $rc -eq 0 ] && kept "$tmp/out-tmp-state" && kept "$tmp/out-tmp-lock" && kept "$tmp/out-tmp-hist" &&
   live bucket pl-c && grep -q '"bucket.c"' "$P/.dome/dev.json"; then
  ok "plant: symlinks at the predictable temp names of the state, history and lock are not written through"
else not_ok "plant: symlinks at the predictable temp names of the state, history and lock are not written through" "rc=$rc $(cat "$tmp/o")
state: $(cat "$tmp/out-tmp-state" | head -3) lock: $(cat "$tmp/out-tmp-lock") hist: $(head -3 "$tmp/out-tmp-hist")"; fi

# --- 16. a stale lock is taken over by exactly one of many racing processes ---
# lock_race plants a lock of a dead process, starts 8 processes at once that
# each take the lock and hold it for 20 ms with a marker file created with
# O_EXCL, 40 times: any EEXIST is two holders at once.
mkdir -p "$tmp/race"
out=$("$BIN/tests/lock_race" "$tmp/race" 40 8 2>&1); rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q " 0 overlapping holders"; then
  ok "stale lock: 8 processes racing to take it over never hold it at once ($out)"
else not_ok "stale lock: 8 processes racing to take it over never hold it at once" "rc=$rc $out"; fi
fi # ! on_pg

# and through domec: a stale lock (a finished shell's pid; on PostgreSQL a
# holder row no session holds) and 8 `state rm` at once; each finds nothing
# to remove, the lock is gone afterwards
P=$tmp/race-cli
program "$P" 'bucket b { name = "rc-b" }'
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 || not_ok "race: first apply" "$(cat "$tmp/o")"
dead=$(sh -c 'echo $$')
stale=$(printf '{"pid":%s,"host":"%s","time":"t","command":"apply"}' "$dead" "$(hostname)")
if on_pg; then pg_sql "INSERT INTO dome_lock (stack_id, holder) VALUES ($(st_id "$P"), '$stale')"
else printf '%s' "$stale" >"$P/.dome/dev.lock"; fi
pids=""
for i in 1 2 3 4 5 6 7 8; do
  "$D" state rm bucket.nope --stack dev --dir "$P" >"$tmp/race.$i" 2>&1 &
  pids="$pids $!"
done
for pid in $pids; do wait "$pid"; done # not a bare wait: cfemu runs in the background too
crashed=0
for i in 1 2 3 4 5 6 7 8; do grep -q "Segmentation\|Aborted\|core dumped" "$tmp/race.$i" && crashed=1; done
if [ $crashed -eq 0 ] && ! st_locked "$P" && ! st_has_journal "$P" &&
   st_state "$P" | grep -q '"bucket.b"'; then
  ok "stale lock: 8 domec processes racing for it leave no lock, no journal and the state intact"
else not_ok "stale lock: 8 domec processes racing for it leave no lock, no journal and the state intact" "$(cat "$tmp"/race.*; st_locked "$P" && echo locked)"; fi

# --- 18. a state that breaks the schema is refused whole ----------------------
# Each document below is refused by preview, apply and state rm: exit 1-2
# (no crash), the message names the file and the member, the lock is
# released, nothing is sent to cfemu, and the worker that is live stays.
P=$tmp/schema
program "$P" "$(worker api sc-api)"
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 || not_ok "schema: first apply" "$(cat "$tmp/o")"
st_state "$P" >"$tmp/good.json"
# bad_state MEMBER-MESSAGE PYTHON-EDIT: writes the good state edited by the
# python statement (on d) and runs the three commands against it
bad_state() {
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2; json.dump(d, open(sys.argv[2],'w'))" \
    "$tmp/good.json" "$tmp/bad.json"
  st_plant_state "$P" dev "$tmp/bad.json"
  : >"$LOG"
  fails=""
  for cmd in "preview $P --stack dev" "apply $P --stack dev --yes" "state rm worker.api --stack dev --dir $P"; do
    # shellcheck disable=SC2086
    out=$("$D" $cmd 2>&1); rc=$?
    if [ $rc -lt 1 ] || [ $rc -gt 2 ] || ! echo "$out" | grep -qF "$(st_where "$P"): $1" ||
       st_locked "$P" || [ "$(st_state "$P")" != "$(cat "$tmp/bad.json")" ]; then
      fails="$fails
$cmd: rc=$rc $out"
    fi
  done
  if [ -z "$fails" ] && [ "$(sent)" -eq 0 ] && live worker sc-api; then
    ok "schema: refused whole, lock released, nothing sent: $1"
  else not_ok "schema: refused whole, lock released, nothing sent: $1" "$fails$(cat "$LOG")"; fi
}
bad_state 'resources must be an object' 'd["resources"]=[]'
bad_state 'resources.worker.api must be an object' 'd["resources"]["worker.api"]=None'
bad_state 'version must be 1' 'd["version"]=1.5'
bad_state 'serial must be a non-negative integer' 'd["serial"]="3"'
bad_state 'serial must be a non-negative integer' 'd["serial"]=2.5'
bad_state 'stack is "prod", not "dev"' 'd["stack"]="prod"'
bad_state 'resources.worker.api.attrs must be an object' 'd["resources"]["worker.api"]["attrs"]=[]'
bad_state 'resources.worker.api.kind must be one of' 'd["resources"]["worker.api"]["kind"]="dns"'
bad_state 'resources.worker.api.deps must be an array of strings' 'd["resources"]["worker.api"]["deps"]=[1]'
bad_state 'resources.worker.api has no "name"' 'del d["resources"]["worker.api"]["name"]'
bad_state 'resources.worker.api.protect must be true or false' 'd["resources"]["worker.api"]["protect"]="no"'
bad_state 'resources.worker.api.pending must be "create"' 'd["resources"]["worker.api"]["pending"]="delete"'
bad_state 'resources.worker.api does not match its kind and label' 'd["resources"]["worker.api"]["label"]="web"'
bad_state 'outputs must be an object' 'd["outputs"]=[]'
st_plant_state "$P" dev "$tmp/good.json"
check "schema: the good state is used again, no changes" "$D" preview "$P" --stack dev --expect-no-changes
