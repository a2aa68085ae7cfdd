#!/usr/bin/env python3
"""What cfemu holds for programs/dome-full, read through its Cloudflare API.

  dome_check.py bundle SCRIPT MARKER...
      SCRIPT's upload is one bundled ES module, index.js, that holds every
      MARKER (code from the files its main imports) and imports nothing but
      node:* and cloudflare:* builtins (no relative import or npm package
      left for Cloudflare to resolve)
  dome_check.py migrations DATABASE DIR
      DATABASE's d1_migrations table lists exactly the .sql files of DIR,
      in wrangler's order, and every table those files create exists
  dome_check.py module SCRIPT
      prints the bytes of SCRIPT's index.js

Prints what is wrong (exit 1), or nothing (exit 0). CLOUDFLARE_API_BASE_URL,
CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID name cfemu (tests/lib.sh).
"""
import email
import json
import os
import re
import sys
import urllib.request

BASE = "%s/accounts/%s" % (os.environ["CLOUDFLARE_API_BASE_URL"], os.environ["CLOUDFLARE_ACCOUNT_ID"])
AUTH = {"Authorization": "Bearer " + os.environ["CLOUDFLARE_API_TOKEN"]}


def call(path, body=None):
    headers = dict(AUTH)
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, headers=headers)
    with urllib.request.urlopen(req) as r:
        return r.headers.get("Content-Type", ""), r.read()


def modules(script):
    """{name: (content type, text)} of every part cfemu holds for script."""
    ctype, body = call("/workers/scripts/" + script)
    msg = email.message_from_bytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
    out = {}
    for part in msg.get_payload():
        name = part.get_param("name", header="content-disposition")
        out[name] = (part.get_content_type(), part.get_payload(decode=True).decode("utf-8", "replace"))
    return out


# The module specifiers of a bundle's import and export statements, dynamic
# imports and requires, outside comment lines (the JSDoc of a bundled package
# may show imports in its examples).
STATEMENT = re.compile(r'''^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']''', re.M)
CALL = re.compile(r'''\b(?:import|require)\(\s*["']([^"']+)["']\s*\)''')
COMMENT_LINE = re.compile(r"^\s*(?:\*|//|/\*).*$", re.M)


def specifiers(code):
    code = COMMENT_LINE.sub("", code)
    found = {a or b for a, b in STATEMENT.findall(code)}
    return found | set(CALL.findall(code))


def bundle(script, markers):
    mods = modules(script)
    problems = []
    if sorted(mods) != ["index.js"] or mods["index.js"][0] != "application/javascript+module":
        problems.append("modules: %s (want index.js, application/javascript+module)"
                        % {n: t for n, (t, _) in mods.items()})
    code = mods.get("index.js", ("", ""))[1]
    problems += ["missing from the bundle: %r" % m for m in markers if m not in code]
    for spec in sorted(specifiers(code)):
        if not spec.startswith(("node:", "cloudflare:")):
            problems.append("import left unresolved in the bundle: %r" % spec)
    return problems


def rows(database_id, sql):
    _, body = call("/d1/database/%s/query" % database_id, {"sql": sql})
    return json.loads(body)["result"][0]["results"]


def wrangler_order(name):
    """wrangler's migration order: by the number the name starts with."""
    m = re.match(r"(\d+)", name)
    return (0, int(m.group(1)), name) if m else (1, 0, name)


def migrations(database, directory):
    _, body = call("/d1/database?name=" + database)
    found = [d for d in json.loads(body)["result"] if d["name"] == database]
    if len(found) != 1:
        return ["database %s: %d found" % (database, len(found))]
    uuid = found[0]["uuid"]
    files = sorted((f for f in os.listdir(directory) if f.endswith(".sql")), key=wrangler_order)
    applied = [r["name"] for r in rows(uuid, "SELECT name FROM d1_migrations ORDER BY id")]
    problems = []
    if applied != files:
        problems.append("%s d1_migrations: %s, files: %s" % (database, applied, files))
    tables = {r["name"] for r in rows(uuid, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    for f in files:
        with open(os.path.join(directory, f)) as fh:
            for t in re.findall(r"CREATE TABLE `?(\w+)`?", fh.read()):
                if t not in tables:
                    problems.append("%s: table %s (from %s) is missing" % (database, t, f))
    return problems


def main(argv):
    if argv[1] == "module":
        sys.stdout.write(modules(argv[2]).get("index.js", ("", ""))[1])
        return 0
    problems = bundle(argv[2], argv[3:]) if argv[1] == "bundle" else migrations(argv[2], argv[3])
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
