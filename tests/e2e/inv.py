#!/usr/bin/env python3
"""Canonical listings for the e2e suite.

  inv.py cfemu URL      every resource cfemu holds, one "kind name" line each
                        (consumers as "consumer QUEUE SCRIPT"), sorted
  inv.py state FILE     the same listing computed from a domec state file
  inv.py get URL PATH   prints the JSON result of an authenticated GET
  inv.py same URL FILE N  exit 0 when cfemu holds exactly what the state lists
                        (N lines, no duplicate), else print both and exit 1
"""
import json
import os
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
    return lines


def state(path):
    doc = json.load(open(path))
    res = doc["resources"]
    lines = []
    for e in res.values():
        lines.append("%s %s" % (e["kind"], e["name"]))
        for c in e.get("attrs", {}).get("consumers", []) or []:
            lines.append("consumer %s %s" % (res[c["queue"]]["name"], e["name"]))
    return lines


def get(url, path):
    req = urllib.request.Request(url + path, headers={
        "Authorization": "Bearer " + os.environ["CLOUDFLARE_API_TOKEN"]})
    print(json.dumps(json.load(urllib.request.urlopen(req))["result"], sort_keys=True))


if __name__ == "__main__":
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
