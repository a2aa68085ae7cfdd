# Part of tests/safety (sourced by run.sh after stacks.sh, whose tty_run it
# uses): on a real terminal (tmux), a plan that loses data and destroy need
# the stack's name typed, a y is not enough; the plan is coloured unless
# NO_COLOR is set to something; a clean check says so (and nothing when
# stdout is not a terminal).

# --- 9. data loss: the stack name, typed -----------------------------------------
P=$tmp/loss
program "$P" 'database keep {
  name     = "tl-db"
  location = "wnam"
}'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
program "$P" 'database keep {
  name     = "tl-db"
  location = "weur" # forces a replace
}'
out=$("$D" preview "$P" --stack dev 2>&1)
case $out in *"database.keep"*"(data will be lost)"*"1 resource would lose data"*) ok "data loss: preview marks the replaced D1 database" ;;
  *) not_ok "data loss: preview marks the replaced D1 database" "$out" ;; esac
d1_deletes=$(deletes /d1/database)
PROMPT="to confirm" ANSWERS="y" tty_run lossy "cd '$P' && '$D' apply --stack dev"
if grep -q "Type 'dev' to confirm" "$tmp/screen" && grep -q "exit=2" "$tmp/screen" &&
   [ "$(deletes /d1/database)" -eq "$d1_deletes" ]; then ok "data loss: on a terminal, y does not apply a plan that loses data"
else not_ok "data loss: on a terminal, y does not apply a plan that loses data" "$(cat "$tmp/screen")"; fi
PROMPT="to confirm" ANSWERS="dev" tty_run lossok "cd '$P' && '$D' apply --stack dev"
if grep -q "exit=0" "$tmp/screen" && [ "$(deletes /d1/database)" -eq $((d1_deletes + 1)) ]; then ok "data loss: the typed stack name applies it"
else not_ok "data loss: the typed stack name applies it" "$(cat "$tmp/screen")"; fi
PROMPT="to confirm" ANSWERS="yes" tty_run destroyy "cd '$P' && '$D' destroy --stack dev"
if grep -q "exit=2" "$tmp/screen" && live database tl-db; then ok "destroy: on a terminal, yes is not the stack name; nothing deleted"
else not_ok "destroy: on a terminal, yes is not the stack name; nothing deleted" "$(cat "$tmp/screen")"; fi
PROMPT="to confirm" ANSWERS="dev" tty_run destroyok "cd '$P' && '$D' destroy --stack dev"
if grep -q "exit=0" "$tmp/screen" && ! live database tl-db; then ok "destroy: the typed stack name deletes"
else not_ok "destroy: the typed stack name deletes" "$(cat "$tmp/screen")"; fi

# --- 10. colour and NO_COLOR; a clean check on a terminal -------------------------
# tty_screen NAME CMD: the screen after CMD, with its colour escapes
tty_screen() {
  sock=$tmp/tmux-$1.sock # one server each: a server still shutting down is never reused
  tmux -S "$sock" new-session -d -x 200 -y 50 "$2; echo \"exit=\$?\"; sleep 30"
  i=0
  while ! tmux -S "$sock" capture-pane -p | grep -q "exit=" && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
  tmux -S "$sock" capture-pane -e -p >"$tmp/screen"
  tmux -S "$sock" kill-server 2>/dev/null
}
ESC=$(printf '\033')
tty_screen colour "cd '$P' && env -u NO_COLOR '$D' preview --stack dev"
grep -q "$ESC\[32m+ create" "$tmp/screen" && ok "colour: + create is green on a terminal" \
  || not_ok "colour: + create is green on a terminal" "$(cat -v "$tmp/screen")"
tty_screen nocolor "cd '$P' && NO_COLOR=1 '$D' preview --stack dev"
if grep -q "+ create" "$tmp/screen" && ! grep -q "$ESC\[3" "$tmp/screen"; then ok "colour: NO_COLOR=1 turns it off"
else not_ok "colour: NO_COLOR=1 turns it off" "$(cat -v "$tmp/screen")"; fi
tty_screen emptync "cd '$P' && NO_COLOR= '$D' preview --stack dev"
grep -q "$ESC\[32m+ create" "$tmp/screen" && ok "colour: an empty NO_COLOR is not set (no-color.org)" \
  || not_ok "colour: an empty NO_COLOR is not set (no-color.org)" "$(cat -v "$tmp/screen")"
tty_screen cleancheck "cd '$P' && '$D' check"
grep -q "ok: no errors in \." "$tmp/screen" && ok "check: a clean program says so on a terminal" \
  || not_ok "check: a clean program says so on a terminal" "$(cat "$tmp/screen")"
out=$("$D" check "$P" 2>&1); rc=$?
[ $rc -eq 0 ] && [ -z "$out" ] && ok "check: silent when clean and not on a terminal" \
  || not_ok "check: silent when clean and not on a terminal" "exit $rc: $out"
