# import kind.label ID for every kind, and import --discover (sourced by run.sh)
cfemu_stop; cfemu_start "$work/emu-imp" || not_ok "cfemu restarts for import"
S="$work/imp-src"; Q="$work/imp-one"; R="$work/imp-all"
rm -rf "$S" "$Q" "$R"; mkdir -p "$S/src" "$S/stacks" "$Q/stacks" "$R/stacks"
: >"$S/stacks/dev.dome"; : >"$Q/stacks/dev.dome"; : >"$R/stacks/dev.dome"   # the stacks exist (only stack init creates one)
echo 'export default { fetch() { return new Response("imp") } }' > "$S/src/index.js"
cat > "$S/main.dome" <<'DOME'
# resources made outside the importing program
database meta {
  name     = "imp-meta"
  location = "weur"
}

bucket raw {
  name = "imp-raw"
}

index vec {
  name       = "imp-vec"
  dimensions = 8
  metric     = "euclidean"
}

queue events {
  name           = "imp-events"
  delivery_delay = 5
}

queue dlq {
  name = "imp-dlq"
}

worker api {
  name               = "imp-api"
  main               = "src/index.js"
  compatibility_date = "2025-01-01"
  bindings {
    DB     = database.meta
    RAW    = bucket.raw
    VEC    = index.vec
    EVENTS = queue.events
    AI     = ai
  }
  vars { MODE = "x" }
  crons = ["0 * * * *"]
  consumes queue.events {
    batch_size  = 20
    dead_letter = queue.dlq
  }
}
DOME
t "import: create resources with another program" domec apply "$S" --stack dev --yes
id_of() { "$BIN/domec" stack export --stack dev --dir "$S" | python3 -c "import json,sys; print(json.load(sys.stdin)['resources'][sys.argv[1]]['id'])" "$1"; }
DBID=$(id_of database.meta); QID=$(id_of queue.events); DLQID=$(id_of queue.dlq)
imp() { out=$("$BIN/domec" import "$@" --stack dev --dir "$Q" 2>"$work/imp.err"); }
for a in "database.meta $DBID" "bucket.raw imp-raw" "index.vec imp-vec" "queue.events $QID" "queue.dlq $DLQID" "worker.api imp-api"; do
  set -- $a
  if imp "$1" "$2"; then ok "import $1 by its id"; else not_ok "import $1 by its id" "$(cat "$work/imp.err")"; fi
  has "import $1 prints its block" "$out" "^${1%%.*} ${1#*.} {"
  printf '%s\n' "$out" > "$Q/${1%%.*}-${1#*.}.dome"
done
has "the worker block binds the imported database" "$(cat "$Q/worker-api.dome")" 'DB *= database.meta'
has "the worker block consumes the imported queue" "$(cat "$Q/worker-api.dome")" 'consumes queue.events {'
has "the consumer keeps its dead-letter queue" "$(cat "$Q/worker-api.dome")" 'dead_letter *= queue.dlq'
[ -f "$Q/imported/imp-api/index.js" ] && cmp -s "$Q/imported/imp-api/index.js" "$S/src/index.js" \
  && ok "import fetches the worker's code" || not_ok "import fetches the worker's code"
t "preview after importing every kind shows no changes" domec preview "$Q" --stack dev --expect-no-changes
f "import of an address already in state" 1 domec import bucket.raw imp-raw --stack dev --dir "$Q"
f "import of a resource tracked under another label" 1 domec import bucket.other imp-raw --stack dev --dir "$Q"
has "the refusal names the tracking label" "$out" 'already tracked as bucket.raw'
f "import of a missing resource" 1 domec import bucket.gone no-such-bucket --stack dev --dir "$Q"
f "import with a bad address" 2 domec import raw imp-raw --stack dev --dir "$Q"
if (cd "$R" && "$BIN/domec" import --discover --stack dev > existing.dome 2>"$work/disc.err"); then
  ok "import --discover"; else not_ok "import --discover" "$(cat "$work/disc.err")"; fi
has "discover finds the worker" "$(cat "$R/existing.dome")" '^worker imp_api {'
t "discovered program is formatted" domec fmt --check "$R"
t "preview after discover shows no changes" domec preview "$R" --stack dev --expect-no-changes
f "discover into a stack with resources needs --force" 1 domec import --discover --stack dev --dir "$R"
