#!/usr/bin/env python3
"""Run a command and send it signals, for the interruption tests.

  sigrun.py OUT [--after REGEX N] SCHEDULE -- CMD...

CMD runs with SIGINT and SIGTERM at their default action (a shell starts
background jobs with SIGINT ignored), stdout and stderr to the file OUT.
With --after, the schedule starts once N lines of OUT match REGEX (or the
command has ended); otherwise when CMD starts. SCHEDULE is a comma list of
SECONDS:SIG (e.g. "0.5:INT,0.6:INT"), seconds from that start. Prints
"exit N" or "signal N" (how CMD ended) and exits 0.
"""
import re
import signal
import subprocess
import sys
import time


def default_signals():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def wait_for(out, proc, regex, n):
    pat = re.compile(regex)
    while proc.poll() is None:
        with open(out, errors="replace") as f:
            if sum(1 for line in f if pat.search(line)) >= n:
                return
        time.sleep(0.01)


def main(argv):
    out, rest = argv[1], argv[2:]
    after = None
    if rest[0] == "--after":
        after, rest = (rest[1], int(rest[2])), rest[3:]
    schedule, cmd = rest[0], rest[2:]
    assert rest[1] == "--"
    with open(out, "w") as f:
        proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT,
                                preexec_fn=default_signals)
    if after:
        wait_for(out, proc, after[0], after[1])
    t0 = time.monotonic()
    for item in schedule.split(","):
        at, sig = item.split(":")
        time.sleep(max(0.0, t0 + float(at) - time.monotonic()))
        if proc.poll() is None:
            proc.send_signal(getattr(signal, "SIG" + sig))
    rc = proc.wait()
    print("signal %d" % -rc if rc < 0 else "exit %d" % rc)


if __name__ == "__main__":
    main(sys.argv)
