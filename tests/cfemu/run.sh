#!/bin/sh
# cfemu's own suite (curl, jq, python3): auth errors, routing, persistence
# across a restart, rate limit and lockout, seeded fault injection and
# per-path targeting, the request log (never the token), multipart upload
# and read-back, pagination, conflicts, keep-alive, the cfemu-only
# endpoints, D1 statement refusals and time limit, NUL in bodies and paths,
# connection limits, bench/apply cleaning up after itself.
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"

for tool in curl jq python3; do
  if ! command -v $tool >/dev/null 2>&1; then
    not_ok "cfemu: $tool is needed (make deps installs it)"
    exit 1
  fi
done
if [ ! -x "$BIN/cfemu" ]; then
  not_ok "cfemu: $BIN/cfemu is not built"
  exit 1
fi

tmp=$(mktemp -d)
trap 'cfemu_stop; [ -n "$KEEP_TMP" ] || rm -rf "$tmp"' EXIT INT TERM
ACCT=0123456789abcdef0123456789abcdef
TOKEN=cfemu-suite-token-5f3a9c
export CLOUDFLARE_API_TOKEN=$TOKEN CLOUDFLARE_ACCOUNT_ID=$ACCT

# api METHOD PATH [CURL ARGS...]: sets $code and writes $tmp/body, $tmp/headers.
# PATH is below /client/v4/accounts/$ACCT unless it starts with '/'.
api() { api_as "Authorization: Bearer $TOKEN" "$@"; }
# api_as AUTH-HEADER METHOD PATH [CURL ARGS...]: the same with another
# Authorization header ("Authorization:" sends none).
api_as() {
  auth=$1; m=$2; p=$3; shift 3
  case "$p" in /*) url="http://127.0.0.1:$CFEMU_PORT$p" ;;
               *) url="$CLOUDFLARE_API_BASE_URL/accounts/$ACCT/$p" ;; esac
  code=$(curl -s -X "$m" -D "$tmp/headers" -o "$tmp/body" -w '%{http_code}' \
    -H "$auth" "$@" "$url")
}
# jb FILTER: jq over the last body.
jb() { jq -r "$1" "$tmp/body"; }
# check NAME COND-COMMAND...: ok when the command succeeds; prints the body otherwise.
check() { name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name" "status $code: $(head -c 600 "$tmp/body")"; fi; }
is() { [ "$1" = "$2" ]; }
header() { tr -d '\r' <"$tmp/headers" | grep -i "^$1:" | head -1 | cut -d' ' -f2-; }

for t in "$TOP"/tests/cfemu/t_*.sh; do
  . "$t"
done
