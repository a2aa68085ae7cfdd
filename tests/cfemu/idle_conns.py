#!/usr/bin/env python3
"""idle_conns.py PORT COUNT MARK...: opens COUNT TCP connections to
127.0.0.1:PORT that never send a byte, then prints "MARK CLOSED" for each
MARK, CLOSED being how many of them the server has closed (refused beyond a
limit, or timed out as idle). A MARK is a time in seconds since they were
opened ("4": printed then), or "+N": printed as soon as at least N are closed
(at most 10 s later). Exits after the last mark, closing what is still open."""
import resource
import select
import socket
import sys
import time


def open_all(port, count):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = count + 64
    if soft != resource.RLIM_INFINITY and soft < want:
        top = want if hard == resource.RLIM_INFINITY else min(want, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (top, hard))
    socks = []
    for _ in range(count):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        socks.append(s)
    return socks


def reap(poller, by_fd, closed, timeout_ms):
    """Records in closed the sockets that reached end of file or a reset."""
    for fd, _ in poller.poll(timeout_ms):
        s = by_fd[fd]
        try:
            if s.recv(1) != b"":
                continue
        except BlockingIOError:
            continue
        except OSError:
            pass
        closed.add(fd)
        poller.unregister(fd)


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    marks = sys.argv[3:]
    socks = open_all(port, count)
    by_fd = {s.fileno(): s for s in socks}
    poller = select.poll()
    for fd in by_fd:
        poller.register(fd, select.POLLIN)
    closed = set()
    start = time.monotonic()
    for mark in marks:
        want = int(mark[1:]) if mark.startswith("+") else count + 1
        until = time.monotonic() + 10 if mark.startswith("+") else start + float(mark)
        while len(closed) < want:
            left = until - time.monotonic()
            if left <= 0:
                break
            reap(poller, by_fd, closed, int(left * 1000) + 1)
        print(f"{mark} {len(closed)}", flush=True)
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
