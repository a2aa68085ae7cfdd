#!/bin/sh
# tests/code: a worker's code as Cloudflare receives it. A TypeScript worker
# with an npm dependency (escape-html, installed here from npm with the real
# esbuild, both pinned in ts-worker/package-lock.json), a relative import
# and a text module is bundled and uploaded to cfemu; an unbundled worker
# (bundle = false) uploads every module it reaches with the right content
# types; the code hash changes with any uploaded file and nothing else; the
# build command runs first and fails the plan; check warns about imports
# that would not be uploaded; cfemu refuses an upload whose imports do not
# resolve.
. "$TOP/tests/lib.sh"
here=$TOP/tests/code
work=$(mktemp -d "${TMPDIR:-/tmp}/domec-code.XXXXXX")
trap 'cfemu_stop; rm -rf "$work"' EXIT INT TERM
unset DOME_STACK DOME_SECRETS_KEY_FILE
export NO_COLOR=1 DOME_PASSPHRASE=code-test-passphrase

if ! command -v npm >/dev/null 2>&1; then
  not_ok "code: npm is needed to install esbuild and the test's npm dependency"
  exit 1
fi
if ! out=$(npm_ci_once "$here/ts-worker"); then
  not_ok "code: npm ci of tests/code/ts-worker failed" "$out"
  exit 1
fi
if ! cfemu_start "$work/cf" --log "$work/cf/requests.jsonl"; then
  not_ok "code: cfemu did not start" "$(cat "$work/cf/cfemu.out" 2>/dev/null)"
  exit 1
fi
acct="$CLOUDFLARE_API_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID"

# parts SCRIPT: "name content-type" of each module cfemu holds for SCRIPT.
parts() {
  curl -s -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$acct/workers/scripts/$1" |
    tr -d '\r' | awk '/^Content-Disposition: form-data;/ { n = $0; sub(/.*name="/, "", n); sub(/".*/, "", n) }
                      /^Content-Type: / && n != "" { print n, $2; n = "" }'
}
# part SCRIPT NAME: the bytes of one module (download, then cut the part out).
part() {
  curl -s -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$acct/workers/scripts/$1" |
    tr -d '\r' | awk -v want="$2" '/^--/ { on = 0 } on == 2 { print } on == 1 && /^$/ { on = 2 }
      /^Content-Disposition: form-data;/ && index($0, "name=\"" want "\"") { on = 1 }'
}
# prog NAME SRC: a fresh copy of a fixture program at $work/NAME, with stack dev.
prog() {
  rm -rf "$work/$1" && mkdir -p "$work/$1" && cp -r "$2"/. "$work/$1"/ && rm -rf "$work/$1/node_modules"
  (cd "$work/$1" && domec stack init dev >/dev/null 2>&1)
}

# ---- bundled: TypeScript, an npm package, a relative import, a text module
P=$work/ts
prog ts "$here/ts-worker"
ln -sfn "$here/ts-worker/node_modules" "$P/node_modules"
out=$(cd "$P" && domec apply --stack dev --yes 2>&1)
got=$(parts codets-web-dev)
want="index.js application/javascript+module
data/banner.txt text/plain"
if [ "$got" = "$want" ]; then ok "a TypeScript main is bundled by esbuild: index.js (ES module) and its text module"
else not_ok "a TypeScript main is bundled by esbuild: index.js (ES module) and its text module" "$out
got: $got"; fi
code=$(part codets-web-dev index.js)
if printf '%s' "$code" | grep -q 'function escapeHtml' && printf '%s' "$code" | grep -q 'hello, ' &&
  printf '%s' "$code" | grep -q 'from "./data/banner.txt"' && ! printf '%s' "$code" | grep -q 'from "./lib/greet"' &&
  ! printf '%s' "$code" | grep -q ': string'; then
  ok "the bundle holds the npm package and the relative import, types stripped, the text module imported by its name"
else not_ok "the bundle holds the npm package and the relative import, types stripped, the text module imported by its name" "$code"; fi
out=$(cd "$P" && domec preview --stack dev 2>&1)
case $out in *"no changes"*) ok "after apply, preview of the bundled worker shows no changes" ;;
  *) not_ok "after apply, preview of the bundled worker shows no changes" "$out" ;; esac
echo 'export const unused = 1;' > "$P/src/unused.ts"
out=$(cd "$P" && domec preview --stack dev 2>&1)
case $out in *"no changes"*) ok "a file the upload does not include is no change" ;;
  *) not_ok "a file the upload does not include is no change" "$out" ;; esac
sed 's/hello, /hi, /' "$here/ts-worker/src/lib/greet.ts" > "$P/src/lib/greet.ts"
out=$(cd "$P" && domec preview --stack dev --diff 2>&1)
case $out in *"update"*"code_hash"*"index.js"*) ok "editing an imported file is a change in preview, --diff names the changed module" ;;
  *) not_ok "editing an imported file is a change in preview, --diff names the changed module" "$out" ;; esac
cp "$here/ts-worker/src/lib/greet.ts" "$P/src/lib/greet.ts"
echo "== changed ==" > "$P/src/data/banner.txt"
out=$(cd "$P" && domec preview --stack dev --diff 2>&1)
case $out in *"update"*"data/banner.txt"*) ok "editing the text module is a change in preview" ;;
  *) not_ok "editing the text module is a change in preview" "$out" ;; esac
cp "$here/ts-worker/src/data/banner.txt" "$P/src/data/banner.txt"

# source maps go up as wrangler sends them when upload_source_maps is set
sed 's/compatibility_date = "2025-04-15"/compatibility_date = "2025-04-15"\n  upload_source_maps = true/' \
  "$here/ts-worker/main.dome" > "$P/main.dome"
out=$(cd "$P" && domec apply --stack dev --yes 2>&1)
got=$(parts codets-web-dev | grep 'index.js.map')
map=$(part codets-web-dev index.js.map)
if [ "$got" = "index.js.map application/source-map" ] && printf '%s' "$map" | grep -q '"file":"index.js"' &&
  printf '%s' "$map" | grep -q '"lib/greet.ts"' && ! printf '%s' "$map" | grep -q "$work"; then
  ok "upload_source_maps uploads index.js.map (application/source-map), sources relative to main's directory"
else not_ok "upload_source_maps uploads index.js.map (application/source-map), sources relative to main's directory" "$out
$got
$map"; fi
cp "$here/ts-worker/main.dome" "$P/main.dome"
(cd "$P" && domec apply --stack dev --yes >/dev/null 2>&1)

# esbuild missing: a clear error saying how to install it (the npm package
# stays, esbuild goes)
rm "$P/node_modules" && mkdir "$P/node_modules"
ln -s "$here/ts-worker/node_modules/escape-html" "$P/node_modules/escape-html"
out=$(cd "$P" && PATH=/usr/bin:/bin domec preview --stack dev 2>&1); rc=$?
case "$rc:$out" in [1-9]*"esbuild was not found"*"npm install --save-dev esbuild"*)
  ok "without esbuild, preview fails saying how to install it" ;;
  *) not_ok "without esbuild, preview fails saying how to install it" "rc=$rc $out" ;; esac
# esbuild on PATH is found like the program's own
out=$(cd "$P" && PATH="$here/ts-worker/node_modules/.bin:/usr/bin:/bin" domec preview --stack dev 2>&1); rc=$?
case "$rc:$out" in 0:*"no changes"*) ok "esbuild on PATH bundles the same bytes" ;;
  *) not_ok "esbuild on PATH bundles the same bytes" "rc=$rc $out" ;; esac
rm -rf "$P/node_modules" && ln -s "$here/ts-worker/node_modules" "$P/node_modules"
# a type error is esbuild's to report: a syntax error fails the plan with esbuild's message
echo 'export function broken( {' >> "$P/src/lib/greet.ts"
out=$(cd "$P" && domec preview --stack dev 2>&1); rc=$?
case "$rc:$out" in [1-9]*"could not bundle src/index.ts"*"greet.ts"*) ok "a syntax error fails the plan with esbuild's message and the file" ;;
  *) not_ok "a syntax error fails the plan with esbuild's message and the file" "rc=$rc $out" ;; esac
cp "$here/ts-worker/src/lib/greet.ts" "$P/src/lib/greet.ts"

# ---- unbundled: every reachable module with its content type
M=$work/multi
mkdir -p "$M/src/lib" "$M/src/data"
cat > "$M/main.dome" <<'DOME'
project "multi" {
  naming = "${project}-${name}-${stack}"
}

worker api {
  main = "src/index.js"
  compatibility_date = "2025-04-15"
  bundle = false
}
DOME
cat > "$M/src/index.js" <<'JS'
import { shout } from "./lib/util.js";
import words from "./data/words.txt";
import add from "./add.wasm";
import blob from "./data/blob.bin";
import legacy from "./lib/legacy.cjs";
export default { fetch() { return new Response(shout(words) + add + blob.byteLength + legacy); } };
JS
cat > "$M/src/lib/util.js" <<'JS'
// import x from "./not-this.js" in a comment is not an import
import { sep } from "./sep.js";
export const shout = (s) => s.toUpperCase() + sep + "import('./nor-this.js')".length;
JS
echo 'export const sep = "/";' > "$M/src/lib/sep.js"
echo 'module.exports = "legacy";' > "$M/src/lib/legacy.cjs"
echo "alpha beta" > "$M/src/data/words.txt"
printf '\000asm\001\000\000\000' > "$M/src/add.wasm"
printf '\001\002\003' > "$M/src/data/blob.bin"
echo 'export const x = 1;' > "$M/src/unused.js"
(cd "$M" && domec stack init dev >/dev/null 2>&1)
out=$(cd "$M" && domec apply --stack dev --yes 2>&1)
got=$(parts multi-api-dev | sort)
want="add.wasm application/wasm
data/blob.bin application/octet-stream
data/words.txt text/plain
index.js application/javascript+module
lib/legacy.cjs application/javascript
lib/sep.js application/javascript+module
lib/util.js application/javascript+module"
if [ "$got" = "$want" ]; then ok "bundle = false uploads every reachable module by wrangler's rules (ESM, CommonJS, text, data, wasm)"
else not_ok "bundle = false uploads every reachable module by wrangler's rules (ESM, CommonJS, text, data, wasm)" "$out
got: $got"; fi
if [ "$(part multi-api-dev index.js)" = "$(cat "$M/src/index.js")" ]; then ok "bundle = false uploads the main module byte for byte"
else not_ok "bundle = false uploads the main module byte for byte" "$(part multi-api-dev index.js)"; fi
echo 'export const y = 2;' >> "$M/src/unused.js"
out=$(cd "$M" && domec preview --stack dev 2>&1)
case $out in *"no changes"*) ok "an unreachable file is not uploaded and no change" ;;
  *) not_ok "an unreachable file is not uploaded and no change" "$out" ;; esac
echo 'export const sep = "|";' > "$M/src/lib/sep.js"
out=$(cd "$M" && domec preview --stack dev --diff 2>&1)
case $out in *"update"*"lib/sep.js"*) ok "editing a module two imports deep is a change" ;;
  *) not_ok "editing a module two imports deep is a change" "$out" ;; esac

# a file edited between plan and upload is refused, never uploaded unplanned
out=$(cd "$M" && domec preview --stack dev --out "$work/plan.json" 2>&1)
if [ -s "$work/plan.json" ]; then
  echo 'export const sep = "#";' > "$M/src/lib/sep.js"
  out=$(cd "$M" && domec apply "$work/plan.json" --stack dev --yes 2>&1); rc=$?
  case "$rc:$out" in [1-9]*"changed"*"plan"*) ok "code edited after the plan is refused at upload" ;;
    *) not_ok "code edited after the plan is refused at upload" "rc=$rc $out" ;; esac
fi

# ---- check: imports that would not be uploaded; a .ts main with bundling off
echo 'export default 1;' > "$M/outside.js"
cat >> "$M/src/lib/util.js" <<'JS'
import o from "../../outside.js";
import lodash from "lodash";
import noext from "./sep";
JS
out=$(cd "$M" && domec check 2>&1); rc=$?
case "$rc:$out" in 0:*"warning"*"src/lib/util.js:4 imports '../../outside.js'"*"outside"*"warning"*"package 'lodash'"*"warning"*"'./sep'"*"does not exist"*)
  ok "check warns about relative imports that would not be uploaded (outside, package, no such file)" ;;
  *) not_ok "check warns about relative imports that would not be uploaded (outside, package, no such file)" "rc=$rc $out" ;; esac
T=$work/tsoff
prog tsoff "$here/ts-worker"
sed 's/compatibility_date = "2025-04-15"/compatibility_date = "2025-04-15"\n  bundle = false/' \
  "$here/ts-worker/main.dome" > "$T/main.dome"
out=$(cd "$T" && domec check 2>&1); rc=$?
case "$rc:$out" in 1:*"error"*"main 'src/index.ts' is TypeScript or JSX, which needs bundling"*)
  ok "check refuses a .ts main with bundle = false" ;;
  *) not_ok "check refuses a .ts main with bundle = false" "rc=$rc $out" ;; esac

# ---- build = "...": runs first in the program directory; a failure fails the plan
B=$work/built
mkdir -p "$B"
cat > "$B/main.dome" <<'DOME'
project "built" {
  naming = "${project}-${name}-${stack}"
}

worker api {
  main = "dist/index.js"
  compatibility_date = "2025-04-15"
  build = "sh gen.sh"
}
DOME
cat > "$B/gen.sh" <<'SH'
mkdir -p dist
echo "export default { fetch() { return new Response(\"$(cat version.txt)\"); } };" > dist/index.js
SH
echo v1 > "$B/version.txt"
mkdir -p "$B/dist" && echo 'stale' > "$B/dist/index.js"
(cd "$B" && domec stack init dev >/dev/null 2>&1)
out=$(cd "$B" && domec apply --stack dev --yes 2>&1)
case "$(part built-api-dev index.js)" in *'"v1"'*) ok "build runs first in the program directory; its output is uploaded" ;;
  *) not_ok "build runs first in the program directory; its output is uploaded" "$out $(part built-api-dev index.js)" ;; esac
echo v2 > "$B/version.txt"
out=$(cd "$B" && domec preview --stack dev 2>&1)
case $out in *"update"*) ok "a change the build command makes is a change in preview" ;;
  *) not_ok "a change the build command makes is a change in preview" "$out" ;; esac
printf 'echo "gen: cannot compile" >&2\nexit 3\n' > "$B/gen.sh"
out=$(cd "$B" && domec apply --stack dev --yes 2>&1); rc=$?
case "$rc:$out" in [1-9]*"build command \`sh gen.sh\` failed with exit status 3"*"gen: cannot compile"*)
  ok "a failing build command fails the plan with its status and output" ;;
  *) not_ok "a failing build command fails the plan with its status and output" "rc=$rc $out" ;; esac
case "$(part built-api-dev index.js)" in *'"v1"'*) ok "nothing is uploaded when the build fails" ;;
  *) not_ok "nothing is uploaded when the build fails" "$(part built-api-dev index.js)" ;; esac

# ---- cfemu: every static import of an uploaded ES module must resolve
# upload NAME FLAGS MODULE-FILES...: a direct multipart upload (curl), main
# module index.js; prints the HTTP status and the body.
upload() {
  name=$1 flags=$2; shift 2
  set -- -F "metadata={\"main_module\":\"index.js\",\"compatibility_date\":\"2025-04-15\",\"compatibility_flags\":$flags};type=application/json" "$@"
  curl -s -w '\nHTTP %{http_code}' -X PUT -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$@" \
    "$acct/workers/scripts/$name"
}
U=$work/up
mkdir -p "$U/lib"
printf 'import { a } from "./lib/a.js";\nexport default { fetch() { return new Response(a); } };\n' > "$U/index.js"
printf 'import { b } from "../b.js";\nexport const a = b;\n' > "$U/lib/a.js"
printf 'export const b = "b";\n' > "$U/b.js"
out=$(upload imp-ok '[]' -F "index.js=@$U/index.js;type=application/javascript+module;filename=index.js" \
  -F "lib/a.js=@$U/lib/a.js;type=application/javascript+module;filename=lib/a.js" \
  -F "b.js=@$U/b.js;type=application/javascript+module;filename=b.js")
case $out in *'"success":true'*"HTTP 200") ok "cfemu accepts an upload whose imports resolve (relative to each importer)" ;;
  *) not_ok "cfemu accepts an upload whose imports resolve (relative to each importer)" "$out" ;; esac
out=$(upload imp-bad '[]' -F "index.js=@$U/index.js;type=application/javascript+module;filename=index.js" \
  -F "lib/a.js=@$U/lib/a.js;type=application/javascript+module;filename=lib/a.js")
case $out in *'"code":10021'*'No such module \"../b.js\".\n  imported from \"lib/a.js\"'*"HTTP 400") ok "cfemu rejects an upload with an import of a module not uploaded (Cloudflare's error)" ;;
  *) not_ok "cfemu rejects an upload with an import of a module not uploaded (Cloudflare's error)" "$out" ;; esac
printf 'import { Buffer } from "node:buffer";\nimport { DurableObject } from "cloudflare:workers";\nexport default { fetch() { return new Response(String(Buffer)); } };\n' > "$U/node.js"
out=$(upload imp-node '[]' -F "index.js=@$U/node.js;type=application/javascript+module;filename=index.js")
case $out in *'No such module \"node:buffer\"'*"HTTP 400") ok "cfemu rejects node: imports without nodejs_compat" ;;
  *) not_ok "cfemu rejects node: imports without nodejs_compat" "$out" ;; esac
out=$(upload imp-node '["nodejs_compat"]' -F "index.js=@$U/node.js;type=application/javascript+module;filename=index.js")
case $out in *'"success":true'*"HTTP 200") ok "cfemu accepts node: and cloudflare: builtins with nodejs_compat" ;;
  *) not_ok "cfemu accepts node: and cloudflare: builtins with nodejs_compat" "$out" ;; esac
# through domec: the unbundled worker whose import check warned about is refused by cfemu
out=$(cd "$M" && domec apply --stack dev --yes 2>&1); rc=$?
case "$rc:$out" in [1-9]*"No such module"*) ok "an unbundled upload with an unresolved import fails at Cloudflare with its error" ;;
  *) not_ok "an unbundled upload with an unresolved import fails at Cloudflare with its error" "rc=$rc $out" ;; esac
