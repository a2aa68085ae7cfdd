# Shared helpers for test suites (sourced, POSIX sh).
# Report with ok/not_ok; run binaries through $VALGRIND when it is set.
: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BIN:=$TOP/bin}"

ok()     { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /'; return 0; }

# expect NAME CMD...: passes when CMD exits 0
expect() { name=$1; shift; if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi; }

domec() { $VALGRIND "$BIN/domec" "$@"; }

# cfemu_start DIR [ARGS...]: starts cfemu on a free loopback port with its
# state in DIR; sets CFEMU_PID, CFEMU_PORT, CLOUDFLARE_API_BASE_URL,
# CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID. cfemu --port 0 picks the
# port and writes it to --port-file once it is listening.
cfemu_start() {
  dir=$1; shift
  mkdir -p "$dir"
  rm -f "$dir/port"
  CLOUDFLARE_API_TOKEN=${CLOUDFLARE_API_TOKEN:-test-token-0123456789}
  CLOUDFLARE_ACCOUNT_ID=${CLOUDFLARE_ACCOUNT_ID:-0123456789abcdef0123456789abcdef}
  "$BIN/cfemu" --port 0 --port-file "$dir/port" --token "$CLOUDFLARE_API_TOKEN" \
    --account "$CLOUDFLARE_ACCOUNT_ID" "$@" >"$dir/cfemu.out" 2>&1 &
  CFEMU_PID=$!
  i=0
  while [ ! -s "$dir/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  CFEMU_PORT=$(cat "$dir/port" 2>/dev/null)
  CLOUDFLARE_API_BASE_URL="http://127.0.0.1:$CFEMU_PORT/client/v4"
  export CFEMU_PID CFEMU_PORT CLOUDFLARE_API_BASE_URL CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID
  [ -n "$CFEMU_PORT" ]
}

cfemu_stop() { [ -n "$CFEMU_PID" ] && kill "$CFEMU_PID" 2>/dev/null; wait "$CFEMU_PID" 2>/dev/null; CFEMU_PID=; }

# npm_ci_once DIR [NPM_ARGS...]: runs `npm ci` in DIR only when its
# package-lock.json changed since the last install (a stamp file in
# node_modules), under a lock, since several runs may share one tree.
# Prints npm's output and returns non-zero when the install fails.
npm_ci_once() {
  npm_dir=$1; shift
  mkdir -p "$TOP/tests/out"
  (cd "$npm_dir" && flock "$TOP/tests/out/.npm-$(basename "$npm_dir").lock" sh -c '
      stamp=node_modules/.domec-lock-stamp
      cmp -s package-lock.json "$stamp" 2>/dev/null && exit 0
      npm ci --no-audit --no-fund "$@" && cp package-lock.json "$stamp"' sh "$@" 2>&1)
}
