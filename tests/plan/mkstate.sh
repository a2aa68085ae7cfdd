#!/bin/sh
# tests/plan/mkstate.sh CASE...: makes CASE/.dome/STACK.json, the prior state
# of a golden case, by applying the case's before*/ programs (in name order,
# each one a complete program directory) to a fresh cfemu on 127.0.0.1, one
# request at a time so that the state's order is reproducible. STACK is the
# --stack of CASE/args (default dev). Not run by the suite: the states are
# committed. Never talks to Cloudflare.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
case "${BIN:-}" in
  "") ;;
  /*) ;;
  *) BIN=$(pwd)/$BIN ;;
esac
. "$TOP/tests/lib.sh"
export NO_COLOR=1 DOME_PASSPHRASE=plan-golden-passphrase
unset DOME_SECRETS_KEY_FILE DOME_STACK CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-mkstate.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM
status=0
for c in "$@"; do
  c=$(cd "$c" && pwd) || { status=1; continue; }
  stack=$(sed -n 's/.*--stack[ =]\([a-z0-9-]*\).*/\1/p' "$c/args" 2>/dev/null)
  stack=${stack:-dev}
  rm -rf "$tmp/emu" "$tmp/w"
  mkdir -p "$tmp/w"
  good=1
  cfemu_start "$tmp/emu" --seed 1 || { echo "mkstate: cfemu did not start" >&2; exit 1; }
  for b in "$c"/before*/; do
    [ -d "$b" ] || { echo "mkstate: $c has no before/ program" >&2; good=0; break; }
    # the next program replaces the last one's files; the state stays
    find "$tmp/w" -mindepth 1 -maxdepth 1 ! -name .dome -exec rm -rf {} +
    cp -R "$b". "$tmp/w/"
    if ! (cd "$tmp/w" && "$BIN/domec" apply --stack "$stack" --yes --parallel 1 >"$tmp/log" 2>&1); then
      echo "mkstate: applying $b failed:" >&2
      cat "$tmp/log" >&2
      good=0
      break
    fi
  done
  cfemu_stop
  if [ $good -eq 0 ]; then
    status=1
  elif [ -f "$tmp/w/.dome/$stack.json" ]; then
    mkdir -p "$c/.dome"
    cp "$tmp/w/.dome/$stack.json" "$c/.dome/$stack.json"
    echo "mkstate: wrote $c/.dome/$stack.json"
  fi
done
exit $status
