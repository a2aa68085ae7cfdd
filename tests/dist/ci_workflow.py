"""Lints the GitHub Actions workflow in docs/ci.md (actionlint is not in
Debian): the ```yaml block parses; it has triggers and jobs; every job runs
on a runner and has steps; every step uses an action or runs a script;
`needs` names jobs that exist; and every `domec` command a script runs is a
command of the table (`domec help --list`) given only options it takes.

usage: python3 ci_workflow.py docs/ci.md LIST-FILE
Prints one line per problem; exits 1 when there is any."""
import re
import shlex
import sys

import yaml


def workflow(md):
    blocks = re.findall(r"^```yaml\n(.*?)^```", open(md).read(), re.S | re.M)
    if len(blocks) != 1:
        sys.exit("%s: expected one ```yaml block, found %d" % (md, len(blocks)))
    return yaml.safe_load(blocks[0])


def commands(list_file):
    table = {}
    for line in open(list_file):
        words, _flags, _args, opts = line.rstrip("\n").split("\t")
        names = set()
        for o in opts.split():
            names.add(o.split("=")[0])
        table[tuple(words.split())] = names
    return table


def domec_lines(script):
    """Each `domec ...` command line of a run script (pipes and redirections cut)."""
    for line in script.splitlines():
        for part in re.split(r"\|\||&&|\||;", line):
            part = re.sub(r"[<>].*", "", part).strip()
            words = shlex.split(part, comments=True) if part else []
            while words and re.match(r"^[A-Z_]+=", words[0]):
                words = words[1:]  # NO_COLOR=1 domec ...
            if words and words[0] == "domec":
                yield words[1:]


def check_domec(words, table, where, problems):
    path = next((p for p in sorted(table, key=len, reverse=True)
                 if tuple(words[:len(p)]) == p), None)
    if path is None:
        problems.append("%s: `domec %s`: no such command" % (where, " ".join(words)))
        return
    for w in words[len(path):]:
        if w.startswith("--") and w.split("=")[0] not in table[path]:
            problems.append("%s: `domec %s`: %s takes no option %s"
                            % (where, " ".join(words), " ".join(path), w))


def main():
    wf = workflow(sys.argv[1])
    table = commands(sys.argv[2])
    problems = []
    triggers = wf.get(True, wf.get("on"))  # YAML 1.1 reads `on` as true
    if not triggers:
        problems.append("no `on:` triggers")
    jobs = wf.get("jobs") or {}
    if not jobs:
        problems.append("no jobs")
    n_domec = 0
    for name, job in jobs.items():
        if "runs-on" not in job:
            problems.append("job %s: no runs-on" % name)
        needs = job.get("needs", [])
        for n in [needs] if isinstance(needs, str) else needs:
            if n not in jobs:
                problems.append("job %s: needs unknown job %s" % (name, n))
        steps = job.get("steps") or []
        if not steps:
            problems.append("job %s: no steps" % name)
        for i, step in enumerate(steps):
            where = "job %s step %d" % (name, i + 1)
            if ("uses" in step) == ("run" in step):
                problems.append("%s: needs exactly one of uses and run" % where)
            for words in domec_lines(step.get("run", "")):
                n_domec += 1
                check_domec(words, table, where, problems)
    if n_domec == 0:
        problems.append("the workflow runs no domec command")
    for p in problems:
        print(p)
    print("%d domec commands checked" % n_domec)
    sys.exit(1 if problems else 0)


main()
