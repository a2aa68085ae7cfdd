#!/bin/sh
# tests/deps: mk/check-deps.sh passes on the tree and fails, naming the file
# and the header, on each kind of forbidden include planted in a copy.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if out=$(sh "$top/mk/check-deps.sh" "$top" 2>&1); then
    echo "ok - the tree follows the layer edges"
else
    echo "not ok - the tree follows the layer edges"
    echo "$out" | sed 's/^/# /'
fi

# plant FILE HEADER: a fresh copy of the sources with HEADER included at the
# end of FILE; check-deps must fail and name FILE and HEADER.
plant() {
    rm -rf "$tmp/src" && mkdir -p "$tmp/src"
    (cd "$top" && cp -r lang runtime cli emulator "$tmp/src/")
    printf '#include %s\n' "$2" >>"$tmp/src/$1"
    if out=$(sh "$top/mk/check-deps.sh" "$tmp/src" 2>&1); then
        echo "not ok - $1 including $2 is refused"
        echo "# check-deps passed"
    elif echo "$out" | grep -qF "$1:" && echo "$out" | grep -qF "$2"; then
        echo "ok - $1 including $2 is refused"
    else
        echo "not ok - $1 including $2 is refused"
        echo "$out" | sed 's/^/# /'
    fi
}

plant lang/check.c '<curl/curl.h>'
plant lang/fmt.c '<sodium.h>'
plant lang/eval.c '<cJSON.h>'
plant lang/lang.h '"runtime/store/state.h"'
plant runtime/store/state.c '"runtime/net/cf_http.h"'
plant runtime/net/cf_http.c '"runtime/store/state.h"'
plant runtime/plan/plan.c '"runtime/providers/prov.h"'
plant runtime/model/kind.c '"lang/lang.h"'
plant runtime/providers/prov.c '"cli/session.h"'
plant runtime/secrets/secret.c '<curl/curl.h>'
plant runtime/base/xalloc.c '"runtime/store/state.h"'
plant emulator/main.c '"lang/lang.h"'
plant emulator/d1.c '"runtime/store/fsutil.h"'

# Header dependencies reach the test programs' objects too: a touched header
# rebuilds every object that includes it (make -W pretends it is new).
bin=${BIN:-$top/bin}
case $bin in "$top/bin") build=build ;; *) build=$(dirname "$bin") ;; esac
build=${build#"$top/"}
hdeps() {   # hdeps HEADER OBJECT: OBJECT is rebuilt when HEADER changes
    if [ ! -f "$top/$build/${2%.o}.d" ]; then
        echo "not ok - $2 depends on $1"
        echo "# no $build/${2%.o}.d: build first (make BUILD=$build)"
    elif make -C "$top" -n -W "$1" BUILD="$build" "$build/$2" 2>/dev/null |
        grep -q -- "-o $build/$2 "; then
        echo "ok - $2 depends on $1"
    else
        echo "not ok - $2 depends on $1"
    fi
}
hdeps runtime/net/cf_http.h tests/net/http_test.o
hdeps runtime/plan/plan.h tests/runtime-unit/plan_test.o
hdeps lang/ir.h tests/lang/langtool.o
