#!/bin/sh
# Suite "net": stack secrets (secret_test, seal_tool) and the HTTP transport
# (http_test against tests/net/fake_server.py on 127.0.0.1).
. "$(dirname "$0")/../lib.sh"
T="$BIN/tests"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-net.XXXXXX")
SERVER_PID=
cleanup() {
  cfemu_stop
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# --- secrets ---------------------------------------------------------------
$VALGRIND "$T/secret_test"
rc=$?; [ $rc -gt 1 ] && not_ok "secret_test ran to completion" "exit status $rc"

plain="demo-plaintext-$$-0xC0FFEE"
printf '\n%s\n' "$plain" | DOME_PASSPHRASE=test-pass $VALGRIND "$T/seal_tool" API_KEY >"$tmp/seal.out" 2>&1
if grep -q '^  salt  = "argon2id:v1:' "$tmp/seal.out" && grep -q '^  check = "c1:' "$tmp/seal.out" &&
   grep -q '^  API_KEY = secret("v1:' "$tmp/seal.out"; then ok "seal_tool: prints encryption block and sealed value"
else not_ok "seal_tool: prints encryption block and sealed value" "$(cat "$tmp/seal.out")"; fi
if grep -q -- "$plain" "$tmp/seal.out"; then not_ok "seal_tool: output holds no plaintext"
else ok "seal_tool: output holds no plaintext"; fi

salt=$(sed -n 's/^  salt  = "\(.*\)"$/\1/p' "$tmp/seal.out")
check=$(sed -n 's/^  check = "\(.*\)"$/\1/p' "$tmp/seal.out")
check2=$(printf '%s\nother\n' "$salt" | DOME_PASSPHRASE=test-pass "$T/seal_tool" X 2>&1 |
         sed -n 's/^  check = "\(.*\)"$/\1/p')
check3=$(printf '%s\nother\n' "$salt" | DOME_PASSPHRASE=bad-pass "$T/seal_tool" X 2>&1 |
         sed -n 's/^  check = "\(.*\)"$/\1/p')
if [ -n "$check" ] && [ "$check" = "$check2" ] && [ "$check" != "$check3" ]; then
  ok "seal_tool: existing salt keeps the key (same check), other passphrase changes it"
else not_ok "seal_tool: existing salt keeps the key" "check=$check check2=$check2 check3=$check3"; fi

out=$(printf '%s\nv\n' "$salt" | DOME_PASSPHRASE=bad-pass SEAL_TOOL_CHECK="$check" "$T/seal_tool" K 2>&1)
case "$?:$out" in
  1:*"wrong passphrase for stack secrets"*) ok "passphrase: a key not matching the stack's check is a wrong passphrase" ;;
  *) not_ok "passphrase: a key not matching the stack's check is a wrong passphrase" "$out" ;;
esac
out=$(printf '%s\nv\n' "$salt" | DOME_PASSPHRASE=test-pass SEAL_TOOL_CHECK="$check" "$T/seal_tool" K 2>&1)
case "$?:$out" in
  0:*'K = secret("v1:'*) ok "passphrase: the right passphrase passes the stack's check" ;;
  *) not_ok "passphrase: the right passphrase passes the stack's check" "$out" ;;
esac

head -c 32 /dev/urandom | base64 >"$tmp/key"
printf '\nv\n' | env -u DOME_PASSPHRASE DOME_SECRETS_KEY_FILE="$tmp/key" "$T/seal_tool" K >"$tmp/kf.out" 2>&1
if grep -q 'K = secret("v1:' "$tmp/kf.out"; then ok "seal_tool: key file from DOME_SECRETS_KEY_FILE"
else not_ok "seal_tool: key file from DOME_SECRETS_KEY_FILE" "$(cat "$tmp/kf.out")"; fi

python3 "$TOP/tests/net/tty_prompt.py" "$T/seal_tool" "$salt" "$check" test-pass

if command -v setsid >/dev/null 2>&1; then
  out=$(printf '\nx\n' | env -u DOME_PASSPHRASE -u DOME_SECRETS_KEY_FILE setsid -w "$T/seal_tool" K 2>&1)
  rc=$?
  case "$rc:$out" in
    1:*"set DOME_PASSPHRASE or DOME_SECRETS_KEY_FILE"*) ok "passphrase: no terminal and no env is a clear error" ;;
    *) not_ok "passphrase: no terminal and no env is a clear error" "rc=$rc $out" ;;
  esac
fi

# --- HTTP transport ----------------------------------------------------------
if [ -x "$T/http_test" ]; then
  python3 "$TOP/tests/net/fake_server.py" --port-file "$tmp/port" --token "tok-NEVER-PRINT-7f3a9" \
    >"$tmp/server.log" 2>&1 &
  SERVER_PID=$!
  i=0
  while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  if [ -s "$tmp/port" ]; then
    $VALGRIND "$T/http_test" "http://127.0.0.1:$(cat "$tmp/port")" "tok-NEVER-PRINT-7f3a9"
    rc=$?; [ $rc -gt 1 ] && not_ok "http_test ran to completion" "exit status $rc"
  else
    not_ok "http: fake server starts" "$(cat "$tmp/server.log")"
  fi
fi

# --- pacing against cfemu's Cloudflare-like limiter (lockout once exceeded) ---
if [ -x "$T/http_test" ] && [ -x "$BIN/cfemu" ]; then
  if cfemu_start "$tmp/cfemu" --rate-limit 20/2; then
    $VALGRIND "$T/http_test" --cfemu "$CLOUDFLARE_API_BASE_URL" "$CLOUDFLARE_API_TOKEN" "$CLOUDFLARE_ACCOUNT_ID"
    rc=$?; [ $rc -gt 1 ] && not_ok "http_test --cfemu ran to completion" "exit status $rc"
  else
    not_ok "http: cfemu starts" "$(cat "$tmp/cfemu/cfemu.out")"
  fi
  cfemu_stop
fi

# --- the Ratelimit headers, budget shared by processes (unit) -----------------
if [ -x "$T/budget_test" ]; then
  mkdir -p "$tmp/budget"
  $VALGRIND "$T/budget_test" "$tmp/budget"
  rc=$?; [ $rc -gt 1 ] && not_ok "budget_test ran to completion" "exit status $rc"
fi
[ -x "$BIN/cfemu" ] && . "$TOP/tests/net/pacing.sh"
exit 0
