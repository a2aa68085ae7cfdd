#!/usr/bin/env python3
"""Runs seal_tool with a pseudo-terminal as its controlling terminal and no
DOME_PASSPHRASE, types a passphrase at the prompt, and checks that the prompt
appeared, the passphrase was not echoed, and the key equals the one derived
from DOME_PASSPHRASE. Usage: tty_prompt.py SEAL_TOOL SALT EXPECTED_CHECK PASSPHRASE.
Prints one "ok - ..." / "not ok - ..." line."""
import fcntl
import os
import select
import subprocess
import sys
import tempfile
import termios
import time

NAME = "passphrase: terminal prompt with echo off"


def read_until(fd, needle, timeout):
    out, end = b"", time.monotonic() + timeout
    while needle not in out and time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def main():
    tool, salt, want, typed = sys.argv[1:5]
    typed = typed.encode()
    master, slave = os.openpty()

    def become_tty_session():
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    env = {k: v for k, v in os.environ.items()
           if k not in ("DOME_PASSPHRASE", "DOME_SECRETS_KEY_FILE")}
    stdin = tempfile.TemporaryFile()
    stdin.write((salt + "\nvalue\n").encode())
    stdin.seek(0)
    proc = subprocess.Popen([tool, "K"], stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, pass_fds=(slave,),
                            preexec_fn=become_tty_session)
    prompt = read_until(master, b"Passphrase for stack", 10)
    os.write(master, typed + b"\n")
    echoed = read_until(master, typed, 1)
    out, err = proc.communicate(timeout=20)
    stdin.close()
    os.close(master)
    os.close(slave)
    got = [l.split('"')[1] for l in out.decode().splitlines() if l.startswith("  check")]
    problems = []
    if b"Passphrase for stack" not in prompt:
        problems.append("no prompt on the terminal: %r" % prompt)
    if typed in echoed + out + err:
        problems.append("the passphrase was echoed")
    if got != [want]:
        problems.append("key differs from DOME_PASSPHRASE's: %r %r" % (got, err))
    if problems:
        print("not ok - " + NAME)
        for p in problems:
            print("#   " + p)
    else:
        print("ok - " + NAME)


if __name__ == "__main__":
    main()
