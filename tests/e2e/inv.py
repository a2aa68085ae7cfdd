#!/usr/bin/env python3
"""Canonical listings for the e2e suite.

  inv.py cfemu URL      every resource cfemu holds, one "kind name" line each
                        (consumers as "consumer QUEUE SCRIPT"), sorted
  inv.py state FILE     the same listing computed from a domec state file
  inv.py get URL PATH   prints the JSON result of an authenticated GET
  inv.py same URL FILE N  exit 0 when cfemu holds exactly what the state lists
                        (N lines, no duplicate), else print both and exit 1
  inv.py journaled URL LOG FROM JOURNAL STATE
                        exit 0 when every mutating request of cfemu's request
                        LOG after line FROM belongs to an operation with a
                        pending record in JOURNAL, and everything cfemu holds
                        beyond what STATE (the state file before the run)
                        lists was named by such a record; else print why
"""
import json
import os
import re
import sys
import urllib.request


def cfemu(url):
    doc = json.load(urllib.request.urlopen(url + "/__cfemu/inventory"))
    lines = []
    for acct in doc["result"]["accounts"].values():
        lines += ["database " + d["name"] for d in acct.get("d1", [])]
        lines += ["bucket " + b["name"] for b in acct.get("r2", [])]
        lines += ["index " + v["name"] for v in acct.get("vectorize", [])]
        for q in acct.get("queues", []):
            lines.append("queue " + q["queue_name"])
            for c in q.get("consumers", []):
                script = c.get("script_name") or c.get("script")
                lines.append("consumer %s %s" % (q["queue_name"], script))
        lines += ["worker " + w["id"] for w in acct.get("workers", [])]
        lines += ["kv " + n["title"] for n in acct.get("kv", [])]
    return lines


def state(path):
    doc = json.load(open(path))
    res = doc["resources"]
    lines = []
    for e in res.values():
        if e["kind"] == "durable_object":
            continue  # part of its host worker on cfemu; checked by tests/full
        lines.append("%s %s" % (e["kind"], e["name"]))
        for c in e.get("attrs", {}).get("consumers", []) or []:
            lines.append("consumer %s %s" % (res[c["queue"]]["name"], e["name"]))
    return lines


COLLECTIONS = {"/d1/database": "database", "/r2/buckets": "bucket",
               "/vectorize/v2/indexes": "index", "/queues": "queue"}
# creates whose name is in the body, not the path: counted against the
# pending creates of their kind (a worker created ahead of its upload)
CREATES = dict(COLLECTIONS, **{"/workers/workers": "worker"})


def journaled(url, log, start, journal, state_file):
    """Violations of "no request without its pending record" (see the usage)."""
    try:
        old = json.load(open(state_file))["resources"]
    except (OSError, ValueError):
        old = {}
    pending = []
    for line in open(journal):
        try:
            rec = json.loads(line)
        except ValueError:
            continue  # a record cut off by the failed write
        if rec.get("phase") == "pending":
            pending.append(rec)
    # what each pending operation may touch: its kind, and the names and ids
    # of its entry (a create's desired entry, or the state entry it changes)
    creates, idents, consumers = {}, set(), 0
    for rec in pending:
        e = rec.get("entry") or old.get(rec["key"], {})
        kind = e.get("kind", rec["key"].split(".")[0])
        if rec["op"] == "create":
            creates[kind] = creates.get(kind, 0) + 1
        for v in (e.get("name"), e.get("id")):
            if v:
                idents.add((kind, v))
        if kind == "worker":
            consumers += len(e.get("attrs", {}).get("consumers", []) or []) + \
                len(e.get("extra", {}).get("consumers", []) or [])
    bad, posts, n = [], {}, 0
    lines = open(log).read().splitlines()[start:]
    for line in lines:
        req = json.loads(line)
        if req["method"] not in ("POST", "PUT", "PATCH", "DELETE"):
            continue
        n += 1
        path = re.sub(r"^/client/v4/accounts/[^/]+", "", req["path"])
        m = re.match(r"^/workers/scripts/([^/]+)", path)
        c = re.match(r"^/queues/[^/]+/consumers", path)
        one = re.match(r"^(/d1/database|/r2/buckets|/vectorize/v2/indexes|/queues)/([^/]+)$", path)
        if path in CREATES and req["method"] == "POST":
            kind = CREATES[path]
            posts[kind] = posts.get(kind, 0) + 1
            if posts[kind] > creates.get(kind, 0):
                bad.append("%s %s: create number %d of a %s, but the journal has %d pending"
                           % (req["method"], path, posts[kind], kind, creates.get(kind, 0)))
        elif m:
            if ("worker", m.group(1)) not in idents:
                bad.append("%s %s: no pending record for worker %s" % (req["method"], path, m.group(1)))
        elif c:
            consumers -= 1
            if consumers < 0:
                bad.append("%s %s: more consumer writes than the pending workers have consumers"
                           % (req["method"], path))
        elif one:
            if (COLLECTIONS[one.group(1)], one.group(2)) not in idents:
                bad.append("%s %s: no pending record for it" % (req["method"], path))
        else:
            bad.append("%s %s: a mutating request this check does not know" % (req["method"], path))
    have = cfemu(url)
    known = set(state(state_file)) if old else set()
    for line in have:
        if line in known:
            continue
        parts = line.split(" ")
        kind, name = ("worker", parts[2]) if parts[0] == "consumer" else (parts[0], parts[1])
        if (kind, name) not in idents:
            bad.append("cfemu holds '%s', which no pending record names" % line)
    if bad:
        print("\n".join(bad))
        return 1
    print("%d mutating requests, %d pending records: every request had its record"
          % (n, len(pending)))
    return 0


def get(url, path):
    req = urllib.request.Request(url + path, headers={
        "Authorization": "Bearer " + os.environ["CLOUDFLARE_API_TOKEN"]})
    print(json.dumps(json.load(urllib.request.urlopen(req))["result"], sort_keys=True))


if __name__ == "__main__":
    if sys.argv[1] == "journaled":
        sys.exit(journaled(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]))
    if sys.argv[1] == "same":
        have, want = sorted(cfemu(sys.argv[2])), sorted(state(sys.argv[3]))
        if have == want and len(have) == int(sys.argv[4]):
            sys.exit(0)
        print("cfemu (%d):\n  %s\nstate (%d):\n  %s" % (len(have), "\n  ".join(have),
                                                       len(want), "\n  ".join(want)))
        sys.exit(1)
    if sys.argv[1] == "get":
        get(sys.argv[2], sys.argv[3])
        sys.exit(0)
    out = cfemu(sys.argv[2]) if sys.argv[1] == "cfemu" else state(sys.argv[2])
    print("\n".join(sorted(out)))
