# e2e full-journal test (sourced by run.sh): .dome/ stops taking data in the
# middle of an apply. Tests run as root, where chmod stops nothing, so the
# cap is RLIMIT_FSIZE (`ulimit -f`): every file domec writes stops growing
# at the cap and write(2) fails with EFBIG (SIGXFSZ ignored), as on a full
# disk. Checked: no request goes out without its pending record in the
# journal (cfemu's request log against the journal), apply fails naming the
# journal and the OS error, what was done is saved when the state still
# fits, and the next normal apply converges.
J=$tmp/jfull
sh "$E2E/gen_big.sh" "$J"
rm -rf "$tmp/emu-j"
cfemu_start "$tmp/emu-j" --log "$tmp/emu-j/requests.log" ||
  { not_ok "journal full: cfemu starts" "$(cat "$tmp/emu-j/cfemu.out")"; return 0; }
JLOG=$tmp/emu-j/requests.log

# ulimit -f counts 512-byte blocks in POSIX shells (dash, bash --posix) and
# 1024-byte ones in plain bash: measure it
fsz_block=$( (trap '' XFSZ; ulimit -f 1; head -c 4096 /dev/zero >"$tmp/fsz" 2>/dev/null)
             wc -c <"$tmp/fsz" | tr -d ' ')
# capped BYTES CMD...: CMD with every file it writes capped at BYTES
capped() { (b=$1; shift; trap '' XFSZ; ulimit -f $((b / fsz_block)); exec "$@"); }
n_resources() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["resources"]))' "$1"; }
writes_after() { sed -n "$(($1 + 1)),\$p" "$JLOG" | grep -c '"method":"\(POST\|PUT\|PATCH\|DELETE\)"'; }

# 1. a fresh stack, one operation at a time, capped at 6 KiB: the journal
# fills after a few operations while the (smaller) state still fits, so
# what was done is saved and the journal, folded into it, is removed
n0=$(grep -c . "$JLOG")
out=$(capped 6144 "$D" apply "$J" --stack dev --yes --parallel 1 2>&1 >/dev/null); rc=$?
sent=$(writes_after "$n0")
if [ $rc -eq 1 ] && echo "$out" | grep -q "cannot write the journal '$J/.dome/dev.journal': File too large" &&
   echo "$out" | grep -q "nothing was sent for this operation"; then
  ok "journal full: apply fails naming the journal and the OS error"
else not_ok "journal full: apply fails naming the journal and the OS error" "rc=$rc $out"; fi
done1=$(echo "$out" | sed -n 's/^\([0-9]*\) done, 1 failed, \([0-9]*\) skipped$/\1 \2/p')
if [ -n "$done1" ] && [ "${done1% *}" -gt 0 ] && [ "${done1#* }" -gt 0 ] && [ "$sent" -gt 0 ]; then
  ok "journal full: the run stops starting operations (${done1% *} done, ${done1#* } skipped, $sent writes sent)"
else not_ok "journal full: the run stops starting operations" "$(echo "$out" | tail -3)"; fi
if [ -f "$J/.dome/dev.json" ] && [ ! -e "$J/.dome/dev.journal" ] &&
   [ "$(inv_cfemu)" = "$(inv_state "$J")" ] && [ "$(n_resources "$J/.dome/dev.json")" = "${done1% *}" ]; then
  ok "journal full: what was done is saved, and cfemu holds nothing the state lacks"
else not_ok "journal full: what was done is saved, and cfemu holds nothing the state lacks" \
  "$(ls -la "$J/.dome"; inv_cfemu; echo ---; inv_state "$J")"; fi

# 2. the rest, ten at a time, capped at 2 KiB: the first group's pending
# records overflow the journal, so some of the group goes out and the rest
# must not; the state (over 2 KiB already) cannot be saved either, so the
# journal stays for the next run
cp "$J/.dome/dev.json" "$tmp/jfull-before.json"
n0=$(grep -c . "$JLOG")
out=$(capped 2048 "$D" apply "$J" --stack dev --yes 2>&1 >/dev/null); rc=$?
sent=$(writes_after "$n0")
if [ $rc -eq 1 ] && echo "$out" | grep -q "cannot write the journal '$J/.dome/dev.journal': File too large" &&
   echo "$out" | grep -q "cannot save state" && [ -s "$J/.dome/dev.journal" ] && [ "$sent" -gt 0 ]; then
  ok "journal full: with the state unsaved too, the journal is kept ($sent writes sent)"
else not_ok "journal full: with the state unsaved too, the journal is kept" "rc=$rc sent=$sent $out"; fi
if o=$(python3 "$E2E/inv.py" journaled "$(base)" "$JLOG" "$n0" "$J/.dome/dev.journal" \
         "$tmp/jfull-before.json" 2>&1); then
  ok "journal full: every request sent had its pending record in the journal ($o)"
else not_ok "journal full: every request sent had its pending record in the journal" "$o"; fi

# 3. with room again, the next apply folds the journal and converges
if out=$("$D" apply "$J" --stack dev --yes 2>&1) && echo "$out" | grep -q "finishing an interrupted run"; then
  ok "journal full: the next apply finishes the interrupted run"
else not_ok "journal full: the next apply finishes the interrupted run" "$out"; fi
if python3 "$E2E/inv.py" same "$(base)" "$J/.dome/dev.json" 44 >"$tmp/jc" &&
   "$D" preview "$J" --stack dev --expect-no-changes >/dev/null 2>&1; then
  ok "journal full: converged, cfemu holds exactly the program"
else not_ok "journal full: converged, cfemu holds exactly the program" "$(cat "$tmp/jc")"; fi
cfemu_stop
