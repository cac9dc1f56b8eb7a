"""Pool-mode behaviour: many keep-alive clients, trickling clients, connection limit."""

import resource
import selectors
import socket
import time
import unittest

import harness
from harness import Reader, Server, expected, get, request


def open_clients(port, n, deadline):
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=max(1, deadline - time.monotonic()))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        socks.append(s)
    return socks


def run_round(socks, path, deadline):
    """Every socket sends one request; waits for every full response. Returns the bodies."""
    want = expected_len = None
    sel = selectors.DefaultSelector()
    bufs = {}
    for s in socks:
        s.setblocking(False)
        s.sendall(get(path))
        bufs[s] = b""
        sel.register(s, selectors.EVENT_READ)
    done = {}
    while len(done) < len(socks):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("%d of %d clients unanswered" % (len(socks) - len(done), len(socks)))
        for key, _ in sel.select(min(left, 1.0)):
            s = key.fileobj
            chunk = s.recv(65536)
            if not chunk:
                raise AssertionError("server closed a keep-alive client")
            bufs[s] += chunk
            head, sep, body = bufs[s].partition(b"\r\n\r\n")
            if sep:
                length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
                if len(body) >= length:
                    done[s] = (head.split(b" ")[1], body)
                    sel.unregister(s)
    sel.close()
    for s in socks:
        s.setblocking(True)
    return done


class Pool(unittest.TestCase):
    def test_400_keep_alive_clients_with_4_workers(self):
        with Server("--threads", "4", "--max-connections", "1000") as srv:
            deadline = time.monotonic() + 60
            socks = open_clients(srv.port, 400, deadline)
            try:
                for _ in range(2):  # two rounds: the connections stay open and usable
                    done = run_round(socks, "/static/1k.txt", deadline)
                    self.assertEqual(len(done), 400)
                    for status, body in done.values():
                        self.assertEqual(status, b"200")
                        self.assertEqual(body, expected("static/1k.txt"))
            finally:
                for s in socks:
                    s.close()

    def test_trickling_clients_do_not_block_and_are_cut(self):
        # If tricklers held workers, a normal request would wait for one to be cut (>= timeout).
        timeout = 4
        with Server("--threads", "2", "--header-timeout", str(timeout)) as srv:
            tricklers = open_clients(srv.port, 10, time.monotonic() + 10)
            try:
                start = time.monotonic()
                cut = set()
                # Each trickler sends one byte of a request line a second; meanwhile normal
                # requests must be answered promptly.
                line = b"GET /hello.html HTTP/1.1\r\nHost: x\r\n"
                sent = 0
                while time.monotonic() - start < timeout + 5 and len(cut) < len(tricklers):
                    for t in tricklers:
                        if t in cut:
                            continue
                        try:
                            t.send(line[sent % len(line):sent % len(line) + 1])
                        except OSError:
                            cut.add(t)
                    sent += 1
                    t0 = time.monotonic()
                    r = request(srv, get("/static/1k.txt"), timeout=5)
                    self.assertEqual(r.status, 200)
                    self.assertLess(time.monotonic() - t0, timeout / 2, "normal request was delayed")
                    # Detect closes: a cut client reads EOF (maybe after a 408 response).
                    for t in tricklers:
                        if t in cut:
                            continue
                        t.setblocking(False)
                        try:
                            data = t.recv(4096)
                            if data == b"" or data.startswith(b"HTTP/1.1 408"):
                                cut.add(t)
                        except BlockingIOError:
                            pass
                        except OSError:
                            cut.add(t)
                        t.setblocking(True)
                    time.sleep(1.0)  # pacing (1 byte/s) of the trickle itself, not a synchronisation
                elapsed = time.monotonic() - start
                self.assertEqual(len(cut), len(tricklers), "tricklers were not cut")
                self.assertGreaterEqual(elapsed, timeout - 0.5, "cut before the header timeout")
            finally:
                for t in tricklers:
                    t.close()

    def test_over_max_connections_gets_503(self):
        # Five connections each in the middle of a request head: none may be evicted.
        with Server("--max-connections", "5") as srv:
            held = open_clients(srv.port, 5, time.monotonic() + 10)
            try:
                for s in held:
                    s.sendall(b"GET /hello.html HTTP/1.1\r\n")
                # The server has accepted all five once the sixth is refused: retry until then
                # (its accepts run asynchronously to our connects).
                deadline = time.monotonic() + 10
                while True:
                    extra = srv.connect()
                    rd = Reader(extra)
                    r = rd.read_response()
                    if r.status == 503 or time.monotonic() > deadline:
                        break
                    extra.close()
                self.assertEqual(r.status, 503)
                self.assertTrue(rd.at_eof())
                extra.close()
                held.pop().close()
                # With one slot free again, a new client is served. The server notices the close
                # asynchronously, so retry briefly.
                deadline = time.monotonic() + 5
                while True:
                    r = request(srv, get("/hello.html"))
                    if r.status == 200 or time.monotonic() > deadline:
                        break
                    time.sleep(0.05)
                self.assertEqual(r.status, 200)
                # The held requests complete: a connection mid-request was never evicted.
                for s in held:
                    s.sendall(b"Host: x\r\n\r\n")
                    self.assertEqual(Reader(s).read_response().status, 200)
            finally:
                for s in held:
                    s.close()

    def test_idle_keep_alive_connections_give_way_at_the_cap(self):
        with Server("--max-connections", "5") as srv:
            held = open_clients(srv.port, 5, time.monotonic() + 10)
            try:
                for s in held:
                    s.sendall(get("/hello.html"))
                    self.assertEqual(Reader(s).read_response().status, 200)
                # All five are idle keep-alive now: each new client closes the longest idle.
                for i in range(5):
                    r = request(srv, get("/hello.html"))
                    self.assertEqual(r.status, 200, "new client %d" % i)
                self.assertTrue(Reader(held[0]).at_eof(), "the longest-idle client was closed")
            finally:
                for s in held:
                    s.close()

    def test_1100_silent_connections_do_not_lock_out_new_clients(self):
        # Connections that send nothing hold no slot past the first-byte grace (2 s): at the cap
        # (1,024) each new client evicts the oldest silent one. Needs ~1,200 descriptors on
        # both sides; the server inherits this process's limit.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = 4096
        if soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
        self.assertGreaterEqual(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 1300,
                                "the hard descriptor limit is too low for this test")
        with Server() as srv:
            deadline = time.monotonic() + 60
            silent = open_clients(srv.port, 1100, deadline)
            try:
                time.sleep(2.2)  # the grace is a time: let it pass for the first 1,024
                served = 0
                for i in range(60):
                    r = request(srv, get("/hello.html"), timeout=10)
                    self.assertEqual(r.status, 200, "probe %d" % i)
                    served += 1
                self.assertEqual(served, 60)
            finally:
                for s in silent:
                    s.close()

    def test_slow_reader_does_not_hold_the_only_worker(self):
        with Server("--threads", "1") as srv:
            slow = []
            try:
                for _ in range(3):  # three 64 KiB responses nobody reads
                    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                    s.settimeout(10)
                    s.connect(("127.0.0.1", srv.port))
                    s.sendall(get("/static/64k.txt"))
                    slow.append(s)
                self.assertEqual(slow[0].recv(1), b"H")  # the responses have started
                t0 = time.monotonic()
                for _ in range(5):
                    r = request(srv, get("/hello.html"), timeout=5)
                    self.assertEqual(r.status, 200)
                self.assertLess(time.monotonic() - t0, 2.0)
                # The slow responses still complete once their clients read.
                for s in slow:
                    rd = Reader(s)
                    if s is slow[0]:
                        rd.buf = b"H"
                    self.assertEqual(rd.read_response().body, expected("static/64k.txt"))
            finally:
                for s in slow:
                    s.close()

    def test_idle_keep_alive_closed_after_idle_timeout(self):
        with Server("--idle-timeout", "1") as srv:
            with srv.connect() as s:
                s.sendall(get("/hello.html"))
                rd = Reader(s)
                self.assertEqual(rd.read_response().status, 200)
                start = time.monotonic()
                self.assertTrue(rd.at_eof(timeout=5))
                self.assertGreaterEqual(time.monotonic() - start, 0.5)


if __name__ == "__main__":
    harness.main()
