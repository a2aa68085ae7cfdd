# Importing resources created by wrangler (the pinned wrangler of
# tests/clients/package-lock.json, installed here when no suite has yet):
# D1, R2, a queue, a Vectorize index and a worker bound to all four, with a
# route on a zone and a custom domain, then `import --discover` and a
# preview that must show no changes. (sourced by run.sh)
WR_JS=$TOP/tests/clients/node_modules/wrangler/bin/wrangler.js
if ! command -v node >/dev/null 2>&1 || ! wr_out=$(npm_ci_once "$TOP/tests/clients") || [ ! -f "$WR_JS" ]; then
  not_ok "wrangler import: node and npm ci of tests/clients (wrangler) are needed" "$wr_out"
else
  cfemu_stop; cfemu_start "$work/emu-wr" || not_ok "cfemu restarts for wrangler"
  W="$work/wr"; mkdir -p "$W/home" "$W/cache" "$W/proj" "$W/adopt/stacks"; : >"$W/adopt/stacks/dev.dome"
  wr() {
    (cd "$W/proj" && HOME=$W/home XDG_CONFIG_HOME=$W/home/.config WRANGLER_CACHE_DIR=$W/cache \
      WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true CI=true NO_COLOR=1 \
      node "$WR_JS" "$@")
  }
  curl -s -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" -H 'Content-Type: application/json' \
    --data "{\"name\":\"wr.example\",\"account\":{\"id\":\"$CLOUDFLARE_ACCOUNT_ID\"}}" \
    "$CLOUDFLARE_API_BASE_URL/zones" >/dev/null
  t "wrangler d1 create" wr d1 create wr-db
  dbid=$(printf '%s\n' "$out" | grep -o '[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}' | head -1)
  t "wrangler r2 bucket create" wr r2 bucket create wr-bucket
  t "wrangler queues create" wr queues create wr-queue
  t "wrangler vectorize create" wr vectorize create wr-index --dimensions 16 --metric cosine
  echo 'export default { fetch() { return new Response("wr") } }' > "$W/proj/index.js"
  cat > "$W/proj/wrangler.toml" <<TOML
name = "wr-worker"
main = "index.js"
compatibility_date = "2025-03-01"
routes = [
  { pattern = "wr.example/api/*", zone_name = "wr.example" },
  { pattern = "app.wr.example", custom_domain = true },
]
[[d1_databases]]
binding = "DB"
database_name = "wr-db"
database_id = "$dbid"
[[r2_buckets]]
binding = "BUCKET"
bucket_name = "wr-bucket"
[[queues.producers]]
binding = "Q"
queue = "wr-queue"
[[vectorize]]
binding = "VEC"
index_name = "wr-index"
[vars]
MODE = "wr"
TOML
  t "wrangler deploy" wr deploy
  if (cd "$W/adopt" && "$BIN/domec" import --discover --stack dev > existing.dome 2>"$W/disc.err"); then
    ok "import --discover adopts wrangler's resources"
  else not_ok "import --discover adopts wrangler's resources" "$(cat "$W/disc.err")"; fi
  has "the wrangler worker's bindings become references" "$(cat "$W/adopt/existing.dome")" 'DB *= database.wr_db'
  has "discover reads the worker's route on its zone" "$(cat "$W/adopt/existing.dome")" 'routes *= \["wr.example/api/\*"\]'
  has "discover reads the worker's custom domain" "$(cat "$W/adopt/existing.dome")" 'domains *= \["app.wr.example"\]'
  t "preview after adopting wrangler's resources shows no changes" domec preview "$W/adopt" --stack dev --expect-no-changes
  rm -rf "$W/one"; mkdir -p "$W/one/stacks"; : >"$W/one/stacks/dev.dome"
  t "import one wrangler database by its uuid" domec import database.db "$dbid" --stack dev --dir "$W/one"
  has "the block names wrangler's database" "$out" 'name *= "wr-db"'
  t "import the wrangler worker by its name" domec import worker.wr wr-worker --stack dev --dir "$W/one"
  has "the imported worker's block has its route and custom domain" "$out" 'domains *= \["app.wr.example"\]'
fi
