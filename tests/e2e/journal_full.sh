# e2e full-journal test (sourced by run.sh, and by tests/backend with
# DOME_TEST_BACKEND=postgres): the journal stops taking data in the middle
# of an apply. On local files, .dome/ is full: tests run as root, where
# chmod stops nothing, so the cap is RLIMIT_FSIZE (`ulimit -f`): every file
# domec writes stops growing at the cap and write(2) fails with EFBIG
# (SIGXFSZ ignored), as on a full disk. On PostgreSQL the server's disk is
# full: triggers (pg_disk_full) refuse the journal's next row and a state
# document over the cap with PostgreSQL's own disk-full error. Checked: no
# request goes out without its pending record in the journal (cfemu's
# request log against the journal), apply fails naming the journal and the
# error, what was done is saved when the state still fits, and the next
# normal apply converges.
J=$tmp/jfull
sh "$E2E/gen_big.sh" "$J"
rm -rf "$tmp/emu-j"
cfemu_start "$tmp/emu-j" --log "$tmp/emu-j/requests.log" ||
  { not_ok "journal full: cfemu starts" "$(cat "$tmp/emu-j/cfemu.out")"; return 0; }
JLOG=$tmp/emu-j/requests.log
if on_pg; then
  # a fresh stack (the backend may hold an earlier run's), and domec's tables
  "$D" preview "$J" --stack dev >/dev/null 2>&1
  st_forget "$J"
fi
# the error apply must print: JERR, a file name (PostgreSQL), then JERR_END
if on_pg; then
  JERR="cannot write the journal $(st_journal_name "$J"): the state backend $(st_url) refused a query: could not extend file \""
  JERR_END='": No space left on device (SQLSTATE 53100; hint: Check free disk space.)'
else JERR="cannot write the journal $(st_journal_name "$J"): File too large" JERR_END=; fi

# ulimit -f counts 512-byte blocks in POSIX shells (dash, bash --posix) and
# 1024-byte ones in plain bash: measure it
fsz_block=$( (trap '' XFSZ; ulimit -f 1; head -c 4096 /dev/zero >"$tmp/fsz" 2>/dev/null)
             wc -c <"$tmp/fsz" | tr -d ' ')
# capped BYTES ROWS CMD...: CMD with no room beyond BYTES. Local files:
# every file it writes is capped at BYTES. PostgreSQL: a state or history
# document over BYTES is refused, and the journal's row after its ROWSth
# (a journal sync commits one row, all or nothing)
capped() {
  if on_pg; then
    capped_bytes=$1 capped_rows=$2; shift 2
    pg_disk_full "$capped_rows" "$capped_bytes" || return 99
    "$@"; capped_rc=$?
    pg_disk_room; return $capped_rc
  fi
  (b=$1; shift 2; trap '' XFSZ; ulimit -f $((b / fsz_block)); exec "$@")
}
# has_error TEXT: a line of the apply's output names the journal and the error
has_error() { printf '%s\n' "$1" | grep -F "$JERR" | grep -qF "$JERR_END"; }
n_resources() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["resources"]))' "$1"; }
writes_after() { sed -n "$(($1 + 1)),\$p" "$JLOG" | grep -c '"method":"\(POST\|PUT\|PATCH\|DELETE\)"'; }

# 1. a fresh stack, one operation at a time, capped at 6 KiB (PostgreSQL:
# 4 journal rows): the journal fills after a few operations while the
# (smaller) state still fits, so what was done is saved and the journal,
# folded into it, is removed
n0=$(grep -c . "$JLOG")
out=$(capped 6144 4 "$D" apply "$J" --stack dev --yes --parallel 1 2>&1 >/dev/null); rc=$?
sent=$(writes_after "$n0")
if [ $rc -eq 1 ] && has_error "$out" && echo "$out" | grep -q "nothing was sent for this operation"; then
  ok "journal full: apply fails naming the journal and the OS error"
else not_ok "journal full: apply fails naming the journal and the OS error" "rc=$rc $out"; fi
done1=$(echo "$out" | sed -n 's/^\([0-9]*\) done, 1 failed, \([0-9]*\) skipped$/\1 \2/p')
if [ -n "$done1" ] && [ "${done1% *}" -gt 0 ] && [ "${done1#* }" -gt 0 ] && [ "$sent" -gt 0 ]; then
  ok "journal full: the run stops starting operations (${done1% *} done, ${done1#* } skipped, $sent writes sent)"
else not_ok "journal full: the run stops starting operations" "$(echo "$out" | tail -3)"; fi
if st_has_state "$J" && ! st_has_journal "$J" &&
   [ "$(inv_cfemu)" = "$(inv_state "$J")" ] && [ "$(n_resources "$(st_file "$J")")" = "${done1% *}" ]; then
  ok "journal full: what was done is saved, and cfemu holds nothing the state lacks"
else not_ok "journal full: what was done is saved, and cfemu holds nothing the state lacks" \
  "$(on_pg || ls -la "$J/.dome"; st_journal "$J"; inv_cfemu; echo ---; inv_state "$J")"; fi

# 2. the rest, ten at a time, capped at 2 KiB (PostgreSQL: 1 journal row):
# the first group's pending records overflow the journal (PostgreSQL: the
# second group's), so some of the run goes out and the rest must not; the
# state (over 2 KiB already) cannot be saved either, so the journal stays
# for the next run
st_state "$J" >"$tmp/jfull-before.json"
n0=$(grep -c . "$JLOG")
out=$(capped 2048 1 "$D" apply "$J" --stack dev --yes 2>&1 >/dev/null); rc=$?
sent=$(writes_after "$n0")
st_journal "$J" >"$tmp/jfull-journal"; kept=$?
if [ $rc -eq 1 ] && has_error "$out" &&
   echo "$out" | grep -q "cannot save state" && [ $kept -eq 0 ] && [ "$sent" -gt 0 ]; then
  ok "journal full: with the state unsaved too, the journal is kept ($sent writes sent)"
else not_ok "journal full: with the state unsaved too, the journal is kept" "rc=$rc sent=$sent $out"; fi
if o=$(python3 "$E2E/inv.py" journaled "$(base)" "$JLOG" "$n0" "$tmp/jfull-journal" \
         "$tmp/jfull-before.json" 2>&1); then
  ok "journal full: every request sent had its pending record in the journal ($o)"
else not_ok "journal full: every request sent had its pending record in the journal" "$o"; fi

# 3. with room again, the next apply folds the journal and converges
if out=$("$D" apply "$J" --stack dev --yes 2>&1) && echo "$out" | grep -q "finishing an interrupted run"; then
  ok "journal full: the next apply finishes the interrupted run"
else not_ok "journal full: the next apply finishes the interrupted run" "$out"; fi
if python3 "$E2E/inv.py" same "$(base)" "$(st_file "$J")" 44 >"$tmp/jc" &&
   "$D" preview "$J" --stack dev --expect-no-changes >/dev/null 2>&1; then
  ok "journal full: converged, cfemu holds exactly the program"
else not_ok "journal full: converged, cfemu holds exactly the program" "$(cat "$tmp/jc")"; fi
cfemu_stop
