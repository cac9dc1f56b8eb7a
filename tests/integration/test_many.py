"""Many connections, cheaply (issue 10's epoll path): 2,000 keep-alive clients each served once
and left idle, probes from new clients served promptly while they stay connected, then every
idle client served again on the same connection; the server's memory per connection and its peak
RSS bounded. Bounded in time: the whole case has DEADLINE_S.

Fails when the poller loses a connection (one never re-armed after its first answer: the second
round times out), when idle connections slow new clients down (probe latency), when one is closed
(EOF), or when memory per connection grows (RSS bounds; --rss-budget-kb 0 under sanitizers, whose
shadow memory makes RSS meaningless, skips only those two checks and says so).
"""

import argparse
import resource
import selectors
import socket
import sys
import time
import unittest

import harness
from harness import Server, expected, get, request

CLIENTS = 2000
PROBES = 50
DEADLINE_S = 30
# A probe waits behind at most one batch of ready connections; idle ones cost nothing.
PROBE_MAX_S = 0.5
ARGS = argparse.Namespace(rss_budget_kb=0, per_conn_budget=0)


def status_kb(pid, field):
    with open("/proc/%d/status" % pid, encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError("no %s in /proc/%d/status" % (field, pid))


def connect_all(port, n, deadline):
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port),
                                     timeout=max(0.1, deadline - time.monotonic()))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.setblocking(False)
        socks.append(s)
    return socks


def serve_round(socks, body, deadline):
    """Each socket sends one GET; returns when every complete, correct response is in."""
    want = len(body)
    request_bytes = get("/static/1k.txt")
    sel = selectors.DefaultSelector()
    bufs = {}
    try:
        for s in socks:
            s.send(request_bytes)  # a few dozen bytes into an empty socket buffer: never partial
            bufs[s] = b""
            sel.register(s, selectors.EVENT_READ)
        left = len(socks)
        while left:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise AssertionError("%d of %d keep-alive clients unanswered" % (left, len(socks)))
            for key, _ in sel.select(min(wait, 1.0)):
                s = key.fileobj
                chunk = s.recv(65536)
                if not chunk:
                    raise AssertionError("the server closed an idle keep-alive client")
                bufs[s] += chunk
                head, sep, got = bufs[s].partition(b"\r\n\r\n")
                if sep and len(got) >= want:
                    if not head.startswith(b"HTTP/1.1 200 ") or got != body:
                        raise AssertionError("bad response: %r" % bufs[s][:200])
                    sel.unregister(s)
                    left -= 1
    finally:
        sel.close()


class Many(unittest.TestCase):
    def test_2000_idle_keep_alive_clients_and_probes(self):
        need = CLIENTS + PROBES + 200
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < need:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))
        self.assertGreaterEqual(resource.getrlimit(resource.RLIMIT_NOFILE)[0], need,
                                "the hard descriptor limit (%d) is below the %d this test needs"
                                % (hard, need))
        body = expected("static/1k.txt")
        # The server inherits the raised limit; without the cap raised it would evict.
        with Server("--max-connections", str(CLIENTS + PROBES + 50)) as srv:
            deadline = time.monotonic() + DEADLINE_S
            # Warm: the worker pools, the file cache, the allocator's first arenas.
            for _ in range(20):
                self.assertEqual(request(srv, get("/static/1k.txt")).status, 200)
            rss_before = status_kb(srv.proc.pid, "VmRSS")
            socks = connect_all(srv.port, CLIENTS, deadline)
            try:
                serve_round(socks, body, deadline)
                # All idle now: new clients are served as quickly as with none.
                slowest = 0.0
                for i in range(PROBES):
                    t0 = time.monotonic()
                    r = request(srv, get("/hello.html"), timeout=5)
                    slowest = max(slowest, time.monotonic() - t0)
                    self.assertEqual(r.status, 200, "probe %d" % i)
                    self.assertEqual(r.body, expected("hello.html"))
                self.assertLess(slowest, PROBE_MAX_S,
                                "a probe took %.3f s next to %d idle clients" % (slowest, CLIENTS))
                # Each idle client is still there and is served again.
                serve_round(socks, body, deadline)
                rss_after = status_kb(srv.proc.pid, "VmRSS")
                hwm = status_kb(srv.proc.pid, "VmHWM")
            finally:
                for s in socks:
                    s.close()
        per_conn = (rss_after - rss_before) * 1024 / CLIENTS
        print("\n%d clients: RSS %d -> %d KiB (%.0f B per connection), peak %d KiB, slowest "
              "probe %.1f ms, %.1f s in all" % (CLIENTS, rss_before, rss_after, per_conn, hwm,
                                                slowest * 1e3,
                                                DEADLINE_S - (deadline - time.monotonic())))
        if ARGS.rss_budget_kb == 0:
            print("RSS bounds not checked: a sanitizer build (--rss-budget-kb 0)")
            return
        self.assertLess(hwm, ARGS.rss_budget_kb, "peak RSS over budget")
        self.assertLess(per_conn, ARGS.per_conn_budget, "memory per idle connection over budget")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--rss-budget-kb", type=int, default=0)
    p.add_argument("--per-conn-budget", type=int, default=0, help="bytes of RSS per connection")
    known, rest = p.parse_known_args()
    ARGS.rss_budget_kb, ARGS.per_conn_budget = known.rss_budget_kb, known.per_conn_budget
    sys.argv = [sys.argv[0]] + rest
    harness.main()
