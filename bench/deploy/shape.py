#!/usr/bin/env python3
"""shape.py INVENTORY [OTHER]: prints the shape of a cfemu inventory (GET
/__cfemu/inventory): the count per kind, queue consumers and cron schedules,
then each worker's bindings with their targets, the consumer settings, the
crons, index and database settings. With OTHER, compares the two shapes and
exits 1 (printing both) when they differ. Queue settings are compared too but
only reported: cfemu keeps the defaults on POST /queues (the API takes only
queue_name there), so a retention given to `wrangler queues create` is lost."""
import json
import sys

TARGET = ("service", "bucket_name", "queue_name", "index_name", "text")


def binding(b):
    """"type:NAME->target" for one worker binding (ids left out: they differ)."""
    target = next((b[k] for k in TARGET if k in b), "")
    return f'{b["type"]}:{b["name"]}' + (f"->{target}" if target else "")


def load(path):
    """The accounts of one inventory file; exits 2 on unreadable input."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)["result"]["accounts"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"shape.py: {path}: not a cfemu inventory ({e})", file=sys.stderr)
        sys.exit(2)


def details(acct, out):
    """Adds one account's per-resource facts to out (a dict of lists)."""
    for q in acct.get("queues", []):
        out["queue settings"].append(f'{q["queue_name"]} {json.dumps(q.get("settings"), sort_keys=True)}')
        for c in q.get("consumers", []):
            out["consumers"].append(f'{q["queue_name"]}->{c.get("script_name")} dlq={c.get("dead_letter_queue")} '
                                    f'{json.dumps(c.get("settings"), sort_keys=True)}')
    for w in acct.get("workers", []):
        meta = w["versions"][-1]["metadata"] if w.get("versions") else {}
        out["workers"].append(f'{w["id"]}: ' + " ".join(sorted(binding(b) for b in meta.get("bindings", []))))
        out["workers"].append(f'{w["id"]}: compat {meta.get("compatibility_date")} '
                              f'{meta.get("compatibility_flags")} logpush={w.get("logpush")}')
        out["crons"] += [f'{w["id"]} {s["cron"]}' for s in w.get("schedules", [])]
    for i in acct.get("vectorize", []):
        out["indexes"].append(f'{i["name"]} {json.dumps(i.get("config"), sort_keys=True)} {i.get("description")}')
    for d in acct.get("d1", []):
        out["databases"].append(f'{d["name"]} {d.get("primary_location_hint")}')
    for b in acct.get("r2", []):
        out["buckets"].append(f'{b["name"]} {b.get("storage_class")}')


def shape(path):
    """The shape of one inventory: {"counts": {...}, kind: [sorted facts]}."""
    counts = {}
    out = {k: [] for k in ("workers", "consumers", "crons", "indexes", "databases", "buckets", "queue settings")}
    for acct in load(path).values():
        for kind, items in acct.items():
            counts[kind] = counts.get(kind, 0) + len(items)
        details(acct, out)
    counts["queue consumers"] = len(out["consumers"])
    counts["cron schedules"] = len(out["crons"])
    res = {k: sorted(v) for k, v in out.items()}
    res["counts"] = dict(sorted(counts.items()))
    return res


def show(s, skip=()):
    """The counts on one line, then one indented line per fact."""
    lines = [", ".join(f"{k} {v}" for k, v in s["counts"].items())]
    for k, v in s.items():
        if k != "counts" and k not in skip:
            lines += [f"  {k}: {x}" for x in v]
    return "\n".join(lines)


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: shape.py INVENTORY [OTHER]", file=sys.stderr)
        sys.exit(2)
    a = shape(sys.argv[1])
    if len(sys.argv) == 2:
        print(show(a))
        return
    b = shape(sys.argv[2])
    strict = [k for k in a if k != "queue settings"]
    if any(a[k] != b[k] for k in strict):
        print(f"inventories differ:\n{sys.argv[1]}:\n{show(a)}\n{sys.argv[2]}:\n{show(b)}")
        sys.exit(1)
    print(show(a, skip=("queue settings",)))
    if a["queue settings"] != b["queue settings"]:
        first = sys.argv[1].split("/")[-2]
        second = sys.argv[2].split("/")[-2]
        print(f"  queue settings differ (not an error): {first}: {'; '.join(a['queue settings'])}")
        print(f"    {second}: {'; '.join(b['queue settings'])}")


main()
