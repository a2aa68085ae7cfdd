#!/bin/sh
# make demo: check and graph the Dome program (apply comes with the runtime).
set -e
BIN=${BIN:-bin}
echo "== domec check programs/dome"
"$BIN/domec" check programs/dome
