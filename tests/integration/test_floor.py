"""bench/floor, the benchmark's reference responder: it serves the files it was given byte for
byte, keep-alive and pipelined, 404 for anything else, closes after `Connection: close`, and
bench/loadgen counts no error against it (so its figures in README.md's host benchmark are of
correct responses)."""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest

from harness import Reader

FLOOR = LOADGEN = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Floor(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        os.makedirs(os.path.join(cls.dir.name, "static"))
        cls.small = os.urandom(1024)
        cls.big = os.urandom(65536)
        for name, data in (("1k.txt", cls.small), ("64k.txt", cls.big)):
            with open(os.path.join(cls.dir.name, "static", name), "wb") as f:
                f.write(data)
        cls.port = free_port()
        cls.proc = subprocess.Popen([FLOOR, "--port", str(cls.port), "--root", cls.dir.name,
                                     "static/1k.txt", "static/64k.txt"])
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", cls.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or cls.proc.poll() is not None:
                    raise
                time.sleep(0.05)

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=10)
        cls.dir.cleanup()

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        self.addCleanup(s.close)
        return s, Reader(s)

    def test_keep_alive_and_pipelined(self):
        s, r = self.connect()
        s.sendall(b"GET /static/1k.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        first = r.read_response()
        self.assertEqual((first.status, first.body), (200, self.small))
        # Two requests in one segment, the second for the 64 KiB file: both answered in order.
        s.sendall(b"GET /static/64k.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /static/1k.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        big, small = r.read_response(), r.read_response()
        self.assertEqual((big.status, big.body), (200, self.big))
        self.assertEqual((small.status, small.body, r.buf), (200, self.small, b""))

    def test_unknown_path_is_404(self):
        s, r = self.connect()
        s.sendall(b"GET /static/../etc/passwd HTTP/1.1\r\n\r\n")
        got = r.read_response()
        self.assertEqual((got.status, got.body), (404, b""))

    def test_connection_close(self):
        s, r = self.connect()
        s.sendall(b"GET /static/1k.txt HTTP/1.1\r\nConnection: close\r\n\r\n")
        got = r.read_response()
        self.assertEqual((got.status, got.body), (200, self.small))
        self.assertTrue(r.at_eof())  # closed by the responder, nothing after the response

    def test_loadgen_counts_no_error(self):
        out = subprocess.run([LOADGEN, "-c", "16", "-d", "1s", "--timeout", "2s", "--latency",
                              "http://127.0.0.1:%d/static/64k.txt" % self.port],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertNotIn("Socket errors", out.stdout)
        self.assertNotIn("Non-2xx", out.stdout)
        requests = int(out.stdout.split(" requests in ")[0].split()[-1])
        self.assertGreater(requests, 100)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--floor", required=True)
    p.add_argument("--loadgen", required=True)
    args, rest = p.parse_known_args()
    FLOOR, LOADGEN = args.floor, args.loadgen
    unittest.main(argv=[sys.argv[0]] + rest)
