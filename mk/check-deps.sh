#!/bin/sh
# make check-deps: every #include in lang/, runtime/, cli/ and emulator/ must
# follow the layer edges of docs/architecture.md. Prints each violation as
# "FILE:LINE: FOLDER may not include HEADER" and exits 1; exits 0 when clean.
# Usage: sh mk/check-deps.sh [ROOT]   (ROOT defaults to the repository)
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2

find lang lsp runtime cli emulator -name '*.[chly]' 2>/dev/null | sort | xargs awk '
BEGIN {
    # FOLDER -> what it may include besides itself: project folders and
    # third-party libraries. Anything in <...> that is not a library header
    # named in lib_of() is the C library or POSIX.
    allow["lang"]              = ""
    allow["runtime/base"]      = "cjson"
    allow["runtime/net"]       = "runtime/base curl sodium"
    allow["runtime/store"]     = "runtime/base cjson libpq"
    allow["runtime/secrets"]   = "runtime/base sodium"
    allow["runtime/wrangler"]  = "runtime/base runtime/store cjson"
    allow["runtime/build"]     = "lang/ir runtime/store runtime/base cjson sodium"
    allow["runtime/model"]     = "lang/ir runtime/build runtime/store runtime/secrets runtime/base cjson sodium"
    allow["runtime/plan"]      = "lang/ir runtime/model runtime/store runtime/base cjson"
    allow["runtime/providers"] = "lang/ir runtime/build runtime/model runtime/store runtime/secrets runtime/net runtime/base cjson sodium"
    allow["runtime/exec"]      = "lang/ir runtime/plan runtime/providers runtime/model runtime/store runtime/net runtime/base cjson"
    allow["runtime/import"]    = "lang/ir runtime/exec runtime/providers runtime/model runtime/store runtime/net runtime/base cjson sodium"
    allow["lsp"]               = "lang runtime/store runtime/base cjson"
    allow["cli"]               = "lang lsp runtime curl cjson sodium"
    allow["emulator"]          = "microhttpd sqlite3 cjson"
    bad = 0
}
function folder_of(f,   p) {
    n = split(f, p, "/")
    return (p[1] == "runtime" && n > 2) ? p[1] "/" p[2] : p[1]
}
# what_of: what a header names: lang/ir (the IR contract lang/ir.h and
# lang/span.h), a project folder, a library, "local" or "libc".
function what_of(h,   p, n) {
    if (h == "\"lang/ir.h\"" || h == "\"lang/span.h\"") return "lang/ir"
    if (h ~ /^"/) {
        gsub(/"/, "", h)
        n = split(h, p, "/")
        if (n == 1) return "local"          # a generated header beside the file
        if (p[1] == "runtime" && n > 2) return p[1] "/" p[2]
        return p[1]
    }
    if (h ~ /^<curl\//) return "curl"
    if (h ~ /^<sodium/) return "sodium"
    if (h ~ /^<(cJSON\.h|cjson\/)/) return "cjson"
    if (h == "<microhttpd.h>") return "microhttpd"
    if (h == "<sqlite3.h>") return "sqlite3"
    if (h ~ /^<libpq/) return "libpq"
    return "libc"
}
function may(folder, what,   a, n, i) {
    if (what == "libc" || what == "local" || what == folder) return 1
    if (index(what, folder "/") == 1) return 1
    if (!(folder in allow)) return 0
    n = split(allow[folder], a, " ")
    for (i = 1; i <= n; i++)
        if (what == a[i] || index(what, a[i] "/") == 1) return 1
    return 0
}
/^[ \t]*#[ \t]*include/ {
    h = $0
    sub(/^[ \t]*#[ \t]*include[ \t]*/, "", h)
    sub(/[ \t].*$/, "", h)
    folder = folder_of(FILENAME)
    if (!may(folder, what_of(h))) {
        printf "%s:%d: %s may not include %s (docs/architecture.md lists the allowed edges)\n", FILENAME, FNR, folder, h
        bad = 1
    }
}
END {
    if (!bad) print "check-deps: every include follows the layer edges"
    exit bad
}'
