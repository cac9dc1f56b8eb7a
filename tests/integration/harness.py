"""Shared helpers for the webserver integration tests.

Each test starts the real webserver binary on an ephemeral port (--port 0; the server prints the
URL it listens on), talks to it over 127.0.0.1 only, and stops it at the end. Every wait has a hard
timeout so a hung server fails the test instead of hanging CTest.
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest

# Exit code CTest treats as "skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt).
SKIP = 77

CONFIG = argparse.Namespace(binary=None, site=None, site_dir=None, mode="pool")


def parse_args():
    """Reads --binary/--site/--site-dir/--mode, leaves the rest to unittest."""
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--site", required=True, help="what to pass as --site (image or directory)")
    p.add_argument("--site-dir", required=True, help="site/ source tree: the expected bytes")
    p.add_argument("--mode", choices=["single", "pool"], default="pool")
    args, rest = p.parse_known_args()
    CONFIG.binary, CONFIG.site, CONFIG.site_dir, CONFIG.mode = (
        args.binary, args.site, args.site_dir, args.mode)
    return [sys.argv[0]] + rest


def expected(path):
    """The bytes of a site file as stored in the source tree."""
    with open(os.path.join(CONFIG.site_dir, path.lstrip("/")), "rb") as f:
        return f.read()


class Server:
    """The webserver as a child process; stdout (URL line, access log) is collected by a thread."""

    def __init__(self, *extra, mode=None):
        self.args = [CONFIG.binary, "--mode", mode or CONFIG.mode, "--port", "0",
                     "--site", CONFIG.site] + list(extra)
        self.proc = None
        self.port = None
        self.lines = []
        self._cond = threading.Condition()
        self._reader = None

    def __enter__(self):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        url = self.wait_line(re.compile(r"http://127\.0\.0\.1:(\d+)/"), timeout=20)
        if url is None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait(10)
            err = self.proc.stderr.read().decode("utf-8", "replace")
            self.kill()
            raise AssertionError("webserver printed no URL; stderr:\n" + err)
        self.port = int(re.search(r":(\d+)/", url).group(1))
        return self

    def __exit__(self, *exc):
        self.stop_checked()
        return False

    def stop_checked(self):
        """SIGTERM; asserts a clean exit (code 0, no sanitizer report) — under host-asan this is
        where leaks and memory errors of the whole run surface."""
        if self.proc is None:
            return
        code = self.proc.poll()
        if code is None:
            code = self.terminate()
        err = self.proc.stderr.read().decode("utf-8", "replace") if code is not None else ""
        self.kill()
        if code != 0 or "Sanitizer" in err or "runtime error" in err:
            raise AssertionError("webserver exit code %r; stderr:\n%s" % (code, err))

    def _read_stdout(self):
        for raw in self.proc.stdout:
            with self._cond:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_line(self, pattern, timeout=10):
        """Waits until a stdout line matches `pattern`; returns it or None on timeout/exit."""
        deadline = time.monotonic() + timeout
        with self._cond:
            seen = 0
            while True:
                for line in self.lines[seen:]:
                    if pattern.search(line):
                        return line
                seen = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    return None
                self._cond.wait(min(left, 0.2))

    def stderr_text(self):
        if self.proc.poll() is None:
            return "(still running)"
        return self.proc.stderr.read().decode("utf-8", "replace")

    def terminate(self, timeout=20):
        """SIGTERM, then the exit code (or None if it did not exit in time)."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if self._reader:
            self._reader.join(5)
        for f in (self.proc.stdout, self.proc.stderr) if self.proc else ():
            if f:
                f.close()

    def connect(self, timeout=10):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s


class SharedServerTest(unittest.TestCase):
    """One server for every test of the class; its exit status is checked when they are done."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop_checked()  # exit 0 also means its threads were stopped and joined


class Response:
    def __init__(self, status, reason, headers, body):
        self.status, self.reason, self.headers, self.body = status, reason, headers, body

    def header(self, name):
        return self.headers.get(name.lower())


class Reader:
    """Reads HTTP/1.x responses from a socket (Content-Length framing, as our server uses)."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.buf += chunk

    def read_response(self, head=False):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        raw, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = raw.decode("latin-1").split("\r\n")
        m = re.match(r"HTTP/1\.[01] (\d{3}) ?(.*)", lines[0])
        if not m:
            raise AssertionError("bad status line %r" % lines[0])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        status = int(m.group(1))
        length = 0 if head or status in (204, 304) else int(headers.get("content-length", "0"))
        while len(self.buf) < length:
            self._fill()
        body, self.buf = self.buf[:length], self.buf[length:]
        return Response(status, m.group(2), headers, body)

    def at_eof(self, timeout=5):
        """True if the peer closes (after any buffered bytes) within `timeout`."""
        if self.buf:
            return False
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(1) == b""
        except (socket.timeout, TimeoutError):
            return False
        except ConnectionResetError:
            return True


def request(server, raw, head=False, timeout=10):
    """Sends raw bytes on a new connection; returns the first response."""
    with server.connect(timeout) as s:
        s.sendall(raw)
        return Reader(s).read_response(head=head)


def get(path, host=True, extra=""):
    return ("GET %s HTTP/1.1\r\n%s%s\r\n" % (
        path, "Host: 127.0.0.1\r\n" if host else "", extra)).encode("latin-1")


def main():
    argv = parse_args()
    unittest.main(argv=argv, verbosity=2)
