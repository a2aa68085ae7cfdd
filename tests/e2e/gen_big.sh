#!/bin/sh
# gen_big.sh DIR: writes a 40-resource program (8 databases, 8 buckets,
# 6 indexes, 8 queues, 10 workers bound to them and to each other, four of
# them queue consumers with a dead-letter queue) into DIR.
dir=$1
mkdir -p "$dir/stacks"
printf '# e2e stack\nconfig {\n}\n' >"$dir/stacks/dev.dome"
echo 'export default { fetch() { return new Response("ok"); }, queue() {} };' >"$dir/index.js"
{
  printf 'project "big" {\n  naming = "${project}-${name}-${stack}"\n}\n\n'
  for i in 0 1 2 3 4 5 6 7; do
    printf 'database d%d {}\nbucket b%d {}\nqueue q%d {}\n' $i $i $i
  done
  for i in 0 1 2 3 4 5; do
    printf 'index i%d {\n  dimensions = %d\n  metric = "cosine"\n}\n' $i $((32 + i))
  done
  for w in 0 1 2 3 4 5 6 7 8 9; do
    printf 'worker w%d {\n  main = "index.js"\n  bindings {\n' $w
    printf '    DB = database.d%d\n    B = bucket.b%d\n    Q = queue.q%d\n    V = index.i%d\n' \
      $((w % 8)) $((w % 8)) $((w % 7)) $((w % 6))
    [ $w -gt 0 ] && printf '    PREV = worker.w%d\n' $((w - 1))
    printf '  }\n'
    [ $w -lt 4 ] && printf '  consumes queue.q%d {\n    dead_letter = queue.q7\n  }\n' $w
    printf '}\n'
  done
} >"$dir/main.dome"
