"""SIGTERM with a request in flight: the response completes, then the server exits 0."""

import re
import socket
import time
import unittest

import harness
from harness import Reader, Server, expected, get


class Shutdown(unittest.TestCase):
    def test_sigterm_finishes_in_flight_response(self):
        big = expected("static/64k.txt")
        with Server() as srv:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            # A small receive buffer keeps most of the 64 KiB body in flight in the server.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(20)
            s.connect(("127.0.0.1", srv.port))
            with s:
                s.sendall(get("/static/64k.txt"))
                # Wait until the response has started arriving, so the request is in flight.
                first = s.recv(1)
                self.assertEqual(first, b"H")
                srv.proc.send_signal(15)
                # Give the signal time to be seen while we still read nothing more (the server
                # must not drop the half-written response).
                srv.wait_line(re.compile(r"^(?!)"), timeout=0.5)
                rd = Reader(s)
                rd.buf = first
                r = rd.read_response()
                self.assertEqual(r.status, 200)
                self.assertEqual(r.body, big)
                self.assertTrue(rd.at_eof())
            self.assertEqual(srv.proc.wait(20), 0, srv.stderr_text())

    def test_sigterm_idle_exits_zero_and_flushes_log(self):
        with Server() as srv:
            with srv.connect() as s:  # an idle keep-alive client must not delay the exit
                s.sendall(get("/hello.html?shutdown-log"))
                Reader(s).read_response()
                self.assertEqual(srv.terminate(), 0)
            self.assertIsNotNone(srv.wait_line(re.compile(r"shutdown-log"), timeout=5))

    def test_sigint_exits_zero(self):
        with Server() as srv:
            srv.proc.send_signal(2)
            self.assertEqual(srv.proc.wait(20), 0)


if __name__ == "__main__":
    harness.main()
