#!/bin/sh
# gen.sh N DIR: writes a program of N resources (a realistic mix) into DIR:
# 52% storage (D1, R2, queues, Vectorize in equal parts), then workers in
# three levels: level 1 bound to storage, level 2 to level-1 workers, level 3
# to level-2 workers. The dependency depth is 4.
n=$1 dir=$2
mkdir -p "$dir/stacks"
printf '# bench stack\nconfig {\n}\n' >"$dir/stacks/dev.dome"
echo 'export default { fetch() { return new Response("ok"); } };' >"$dir/index.js"
base=$((n * 52 / 100)); k=$((base / 4)); base=$((k * 4))
w1=$((n * 24 / 100)); w2=$((n * 16 / 100)); w3=$((n - base - w1 - w2))
{
  printf 'project "bench" {\n  naming = "${project}-${name}-${stack}"\n}\n'
  i=0
  while [ $i -lt $k ]; do
    printf 'database d%d {}\nbucket b%d {}\nqueue q%d {}\n' $i $i $i
    printf 'index v%d {\n  dimensions = 64\n  metric = "cosine"\n}\n' $i
    i=$((i + 1))
  done
  i=0
  while [ $i -lt $w1 ]; do
    printf 'worker a%d {\n  main = "index.js"\n  bindings {\n    DB = database.d%d\n    B = bucket.b%d\n    Q = queue.q%d\n    V = index.v%d\n  }\n}\n' \
      $i $((i % k)) $((i % k)) $((i % k)) $((i % k))
    i=$((i + 1))
  done
  i=0
  while [ $i -lt $w2 ]; do
    printf 'worker m%d {\n  main = "index.js"\n  bindings {\n    A = worker.a%d\n    B = worker.a%d\n  }\n}\n' \
      $i $((i % w1)) $(((i + 1) % w1))
    i=$((i + 1))
  done
  i=0
  while [ $i -lt $w3 ]; do
    printf 'worker t%d {\n  main = "index.js"\n  bindings {\n    M = worker.m%d\n  }\n}\n' $i $((i % w2))
    i=$((i + 1))
  done
} >"$dir/main.dome"
