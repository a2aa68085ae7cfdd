#!/usr/bin/env python3
"""shape.py INVENTORY [OTHER]: prints the shape of a cfemu inventory (GET
/__cfemu/inventory): the count per kind, queue consumers, cron schedules,
and each worker's bindings (type and name). With OTHER, compares the two
shapes and exits 1 (printing both) when they differ."""
import json
import sys


def shape(path):
    """The shape of one inventory file as a dict; exits 2 on unreadable input."""
    try:
        with open(path, encoding="utf-8") as f:
            accounts = json.load(f)["result"]["accounts"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        sys.exit(f"shape.py: {path}: not a cfemu inventory ({e})")
    counts, workers = {}, {}
    consumers = crons = 0
    for acct in accounts.values():
        for kind, items in acct.items():
            counts[kind] = counts.get(kind, 0) + len(items)
        for q in acct.get("queues", []):
            consumers += len(q.get("consumers", []))
        for w in acct.get("workers", []):
            crons += len(w.get("schedules", []))
            meta = w["versions"][-1]["metadata"] if w.get("versions") else {}
            workers[w["id"]] = sorted(f'{b["type"]}:{b["name"]}' for b in meta.get("bindings", []))
    counts["queue consumers"] = consumers
    counts["cron schedules"] = crons
    return {"counts": dict(sorted(counts.items())), "bindings": dict(sorted(workers.items()))}


def show(s):
    """One line of counts, then one line per worker."""
    line = ", ".join(f"{k} {v}" for k, v in s["counts"].items())
    rows = [f"  {w}: {' '.join(b)}" for w, b in s["bindings"].items()]
    return "\n".join([line] + rows)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: shape.py INVENTORY [OTHER]")
    a = shape(sys.argv[1])
    if len(sys.argv) == 2:
        print(show(a))
        return
    b = shape(sys.argv[2])
    if a != b:
        print(f"inventories differ:\n{sys.argv[1]}:\n{show(a)}\n{sys.argv[2]}:\n{show(b)}")
        sys.exit(1)
    print(show(a))


main()
