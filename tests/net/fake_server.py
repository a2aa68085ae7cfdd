#!/usr/bin/env python3
"""Fault-injecting HTTP/1.1 test server for the net suite (127.0.0.1 only).

Routes (KEY counts hits per key; the first N hits misbehave, later ones get 200):
  /ok/...                 200 {"success":true}
  /slow/MS/...            sleep MS milliseconds, then 200
  /status/CODE            answer CODE
  /flaky/KEY/N            500 for the first N hits
  /throttle/KEY/N/SECS    429 with Retry-After: SECS for the first N hits
  /drop/KEY/N             read the request, then close without answering
  /reset/KEY/N            read the request, then reset the connection (RST)
  /hang/KEY/N/MS          sleep MS before answering (to trip client timeouts)
  /echo                   200 with the request body as the response body
  /headers                200 JSON of the request's User-Agent, Content-Type, auth_ok
  /__stats?window=S       JSON statistics (not counted as traffic)
  /__reset                clear statistics
Every request must carry "Authorization: Bearer TOKEN" (--token); others
get 401 and are counted in auth_bad.
"""
import argparse
import json
import os
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.arrivals = []   # monotonic seconds of every counted request
        self.throttles = []  # monotonic seconds at which a 429 was sent
        self.hits = {}
        self.inflight = 0
        self.max_inflight = 0
        self.connections = 0
        self.auth_bad = 0

    def snapshot(self, window):
        arr = sorted(self.arrivals)
        best, j = 0, 0
        for i, t in enumerate(arr):   # max requests in any [t, t + window)
            while arr[j] <= t - window:
                j += 1
            best = max(best, i - j + 1)
        base = arr[0] if arr else 0.0
        return {
            "total": len(arr), "max_in_window": best,
            "max_inflight": self.max_inflight, "connections": self.connections,
            "auth_bad": self.auth_bad, "hits": self.hits,
            "arrivals": [t - base for t in arr],
            "throttles": [t - base for t in self.throttles],
        }


STATS = Stats()
TOKEN = ""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    counted = False  # has this connection carried a counted request?

    def log_message(self, fmt, *args):  # quiet
        pass

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def reply(self, code, data=b'{"success":true}', ctype="application/json", extra=None):
        try:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def hit(self, key):
        with STATS.lock:
            STATS.hits[key] = STATS.hits.get(key, 0) + 1
            return STATS.hits[key]

    def control(self, url):
        if url.path == "/__reset":
            with STATS.lock:
                STATS.reset()
            return self.reply(200)
        window = float(parse_qs(url.query).get("window", ["1"])[0])
        with STATS.lock:
            snap = STATS.snapshot(window)
        return self.reply(200, json.dumps(snap).encode())

    def route(self, parts, data):
        kind = parts[0] if parts else ""
        if kind == "slow":
            time.sleep(int(parts[1]) / 1000.0)
        elif kind == "status":
            return self.reply(int(parts[1]), b'{"success":false}')
        elif kind == "echo":
            return self.reply(200, data, "application/octet-stream")
        elif kind == "headers":
            got = {"user_agent": self.headers.get("User-Agent"),
                   "content_type": self.headers.get("Content-Type"), "auth_ok": True}
            return self.reply(200, json.dumps(got).encode())
        elif kind in ("flaky", "throttle", "drop", "reset", "hang"):
            return self.fault(kind, parts)
        return self.reply(200)

    def fault(self, kind, parts):
        n = self.hit(parts[1])
        if n > int(parts[2]):
            return self.reply(200)
        if kind == "flaky":
            return self.reply(500, b'{"success":false,"errors":[{"code":10000}]}')
        if kind == "throttle":
            with STATS.lock:
                STATS.throttles.append(time.monotonic())
            return self.reply(429, b'{"success":false}', extra={"Retry-After": parts[3]})
        if kind == "drop":
            self.close_connection = True
            return None
        if kind == "reset":  # SO_LINGER 0: close() sends RST instead of FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            return None
        time.sleep(int(parts[3]) / 1000.0)
        return self.reply(200)

    def handle_any(self):
        url = urlsplit(self.path)
        if url.path.startswith("/__"):
            self.body()
            return self.control(url)
        now = time.monotonic()
        with STATS.lock:
            STATS.arrivals.append(now)
            if not self.counted:
                self.counted = True
                STATS.connections += 1
            STATS.inflight += 1
            STATS.max_inflight = max(STATS.max_inflight, STATS.inflight)
        try:
            data = self.body()
            if self.headers.get("Authorization") != "Bearer " + TOKEN:
                with STATS.lock:
                    STATS.auth_bad += 1
                return self.reply(401, b'{"success":false}')
            return self.route([p for p in url.path.split("/") if p], data)
        finally:
            with STATS.lock:
                STATS.inflight -= 1

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # listen backlog: a burst of connects must not lose SYNs


def main():
    global TOKEN
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--token", required=True)
    args = ap.parse_args()
    TOKEN = args.token
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
