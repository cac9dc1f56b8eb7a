"""HTTP semantics real clients rely on, against the real server (romfs image or directory):
ranges, validators, Date, directory redirects, Host checks, methods, versions, chunked request
bodies, long paths, and access-log escaping."""

import email.utils
import os
import re
import time

import harness
from harness import Reader, SharedServerTest, expected, get, request

BIG = "/static/64k.txt"


class Semantics(SharedServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir_site = os.path.isdir(harness.CONFIG.site)

    def test_ranges(self):
        body = expected(BIG[1:])
        size = len(body)
        for rng, first, last in (("bytes=0-99", 0, 99), ("bytes=100-", 100, size - 1),
                                 ("bytes=-10", size - 10, size - 1),
                                 ("bytes=0-9,5-20", 0, 20)):
            r = request(self.server, get(BIG, extra="Range: %s\r\n" % rng))
            self.assertEqual(r.status, 206, rng)
            self.assertEqual(r.header("content-range"), "bytes %d-%d/%d" % (first, last, size))
            self.assertEqual(r.body, body[first:last + 1], rng)
        for rng in ("bytes=%d-" % size, "bytes=-0", "bytes=9-1", "bytes=x"):
            r = request(self.server, get(BIG, extra="Range: %s\r\n" % rng))
            self.assertEqual(r.status, 416, rng)
            self.assertEqual(r.header("content-range"), "bytes */%d" % size)
        # Parts far apart: no multipart, the whole file (as the RFC allows).
        r = request(self.server, get(BIG, extra="Range: bytes=0-9,30000-30009\r\n"))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, body)

    def test_range_then_next_request_on_the_same_connection(self):
        # A narrowed sendfile/span body must end exactly where Content-Length says.
        with self.server.connect() as s:
            s.sendall(get(BIG, extra="Range: bytes=1000-50999\r\n") + get("/hello.html"))
            rd = Reader(s)
            r = rd.read_response()
            self.assertEqual(r.status, 206)
            self.assertEqual(r.body, expected(BIG[1:])[1000:51000])
            self.assertEqual(rd.read_response().body, expected("hello.html"))

    def test_if_range_and_if_match(self):
        etag = request(self.server, get(BIG)).header("etag")
        r = request(self.server, get(BIG, extra="Range: bytes=0-9\r\nIf-Range: %s\r\n" % etag))
        self.assertEqual(r.status, 206)
        r = request(self.server, get(BIG, extra='Range: bytes=0-9\r\nIf-Range: "old"\r\n'))
        self.assertEqual(r.status, 200)
        self.assertEqual(request(self.server, get(BIG, extra='If-Match: "nomatch"\r\n')).status,
                         412)
        self.assertEqual(request(self.server, get(BIG, extra="If-Match: %s\r\n" % etag)).status,
                         200)

    def test_date_and_last_modified(self):
        r = request(self.server, get("/hello.html"))
        date = email.utils.parsedate_to_datetime(r.header("date")).timestamp()
        self.assertLess(abs(date - time.time()), 5)
        for raw in (get("/missing"), b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n"):
            self.assertIsNotNone(request(self.server, raw).header("date"))
        lm = r.header("last-modified")
        if not self.dir_site:
            self.assertIsNone(lm)  # a genromfs image records no times
            return
        self.assertIsNotNone(lm)
        r = request(self.server, get("/hello.html", extra="If-Modified-Since: %s\r\n" % lm))
        self.assertEqual(r.status, 304)
        r = request(self.server, get("/hello.html",
                                     extra="If-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n"))
        self.assertEqual(r.status, 412)

    def test_directory_without_slash_redirects_keeping_the_query(self):
        r = request(self.server, get("/static?a=1&b"))
        self.assertEqual(r.status, 301)
        self.assertEqual(r.header("location"), "/static/?a=1&b")
        r = request(self.server, get("//static"))
        self.assertEqual(r.header("location"), "/static/")

    def test_host_must_be_an_authority(self):
        for host in ("user@localhost", "local host/x", "a/b", "[::1", "x:port"):
            raw = ("GET / HTTP/1.1\r\nHost: %s\r\n\r\n" % host).encode()
            self.assertEqual(request(self.server, raw).status, 400, host)
        for host in ("localhost:8080", "[::1]:80", "127.0.0.1"):
            raw = ("GET /hello.html HTTP/1.1\r\nHost: %s\r\n\r\n" % host).encode()
            self.assertEqual(request(self.server, raw).status, 200, host)

    def test_methods_and_versions(self):
        for method, status in (("get", 501), ("BREW", 501), ("POST", 405), ("DELETE", 405)):
            raw = ("%s /hello.html HTTP/1.1\r\nHost: x\r\n\r\n" % method).encode()
            self.assertEqual(request(self.server, raw).status, status, method)
        r = request(self.server, b"GET /hello.html HTTP/1.2\r\nHost: x\r\n\r\n")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, expected("hello.html"))
        self.assertEqual(request(self.server, b"GET / HTTP/2.0\r\nHost: x\r\n\r\n").status, 505)

    def test_chunked_body_skipped_and_smuggling_refused(self):
        with self.server.connect() as s:
            s.sendall(b"POST /hello.html HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      b"5;e=1\r\nhello\r\n23\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n\r\n"
                      b"0\r\nT: v\r\n\r\n" + get("/hello.html"))
            rd = Reader(s)
            self.assertEqual(rd.read_response().status, 405)
            r = rd.read_response()
            self.assertEqual(r.status, 200)
            self.assertEqual(r.body, expected("hello.html"))
        for extra in ("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
                      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                      "Transfer-Encoding: chunked, chunked\r\n"):
            raw = ("POST / HTTP/1.1\r\nHost: x\r\n%s\r\n0\r\n\r\n" % extra).encode()
            self.assertEqual(request(self.server, raw).status, 400, extra)
        # A chunked body over the limit: the head was answered already, then 413 and a close.
        with self.server.connect() as s:
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      b"200000\r\n")
            rd = Reader(s)
            self.assertEqual(rd.read_response().status, 405)
            self.assertEqual(rd.read_response().status, 413)
            self.assertTrue(rd.at_eof())

    def test_long_paths_are_looked_up_not_refused(self):
        # The README promises an 8,192-byte request line: a long path is a 404, not a 414.
        for n in (800, 1600, 4000, 8100):
            r = request(self.server, get("/static/" + "a" * n))
            self.assertEqual(r.status, 404, n)
        self.assertEqual(request(self.server, get("/" + "a" * 8200)).status, 414)

    def test_access_log_escapes_quotes(self):
        # Spaces cannot be in a target, but a bare '"' can: it would end the quoted field.
        request(self.server, get('/hello.html?q="forged"\\'))
        pat = re.compile(r'^127\.0\.0\.1 - - \[[^]]+\] "GET /hello\.html\?q=\\x22forged\\x22'
                         r'\\x5C HTTP/1\.1" 200 \d+$')
        self.assertIsNotNone(self.server.wait_line(pat, timeout=5),
                             "no escaped line; got: %r" % self.server.lines[-5:])


if __name__ == "__main__":
    harness.main()
