"""The device API next to the static site, against the real server: GET /api/status (JSON with
this host's threads, heap, sockets, responses by class, workers), POST /api/worker (a named
background thread that appears in the thread list, at most two at once), methods and body limits
on the routes, and device.html served from the site. With --no-api the routes are gone (404) and
the site is served as before."""

import json
import re
import time
import unittest

from harness import Server, SharedServerTest, expected, get, request


def post(path, body=b"", extra=""):
    return ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n%s\r\n" % (
        path, len(body), extra)).encode("latin-1") + body


class DeviceApi(SharedServerTest):
    def status(self):
        r = request(self.server, get("/api/status"))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("content-type"), "application/json")
        self.assertEqual(r.header("cache-control"), "no-store")
        return json.loads(r.body)

    def wait_status(self, cond, what, timeout=10):
        """Polls /api/status until cond(status) holds; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            s = self.status()
            if cond(s):
                return s
            if time.monotonic() > deadline:
                self.fail("%s within %d s; last status: %s" % (what, timeout, s))

    def test_status_shows_this_process(self):
        s = self.status()
        self.assertEqual(s["platform"], "Linux")
        self.assertGreater(s["uptime_ms"], 0)
        # The server (the poller; in pool mode also its workers) and the access log's drainer.
        self.assertGreaterEqual(s["threads_total"], 2 if "single" in self.server.args else 4)
        self.assertEqual(len(s["threads"]), s["threads_total"])
        for t in s["threads"]:
            self.assertTrue(t["name"])
            self.assertIn(t["state"], ("running", "sleeping", "disk", "stopped", "zombie"))
        self.assertGreater(s["heap"]["in_use"], 0)
        self.assertGreaterEqual(s["net"]["sockets"], 1)  # the listener at least
        self.assertIsNone(s["net"]["lwip"])  # the host's network stack is the kernel's

    def test_counts_responses_by_class(self):
        before = self.status()["http"]
        request(self.server, get("/hello.html"))
        request(self.server, get("/no-such-file"))
        after = self.status()["http"]
        # The first status request itself, /hello.html: +2 2xx; the 404: +1 4xx.
        self.assertEqual(after["2xx"] - before["2xx"], 2)
        self.assertEqual(after["4xx"] - before["4xx"], 1)
        self.assertGreaterEqual(after["connections"], 1)

    def test_worker_starts_appears_and_is_bounded(self):
        r = request(self.server, post("/api/worker", b"seconds=3"))
        self.assertEqual(r.status, 202, r.body)
        name = json.loads(r.body)["started"]
        self.assertRegex(name, r"^work\d+$")
        s = self.wait_status(
            lambda s: any(t["name"] == name for t in s["threads"]) and
            any(w["name"] == name and w["primes"] > 0 for w in s["workers"]),
            "%s in the thread list, with primes found" % name)
        w = next(w for w in s["workers"] if w["name"] == name)
        self.assertLessEqual(w["left_ms"], 3000)
        second = request(self.server, post("/api/worker", b"seconds=3"))
        third = request(self.server, post("/api/worker", b"seconds=3"))
        self.assertEqual(second.status, 202)
        self.assertEqual(third.status, 429)
        self.assertEqual(json.loads(third.body), {"error": "all workers busy"})
        # Each runs for its time, then leaves the thread list.
        self.wait_status(lambda s: not s["workers"] and
                         not any(t["name"].startswith("work") for t in s["threads"]),
                         "workers finished", timeout=15)
        self.assertEqual(request(self.server, post("/api/worker", b"seconds=1")).status, 202)

    def test_methods_and_limits(self):
        r = request(self.server, get("/api/worker"))
        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("allow"), "POST")
        r = request(self.server, post("/api/status"))
        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("allow"), "GET, HEAD")
        r = request(self.server, b"HEAD /api/status HTTP/1.1\r\nHost: x\r\n\r\n", head=True)
        self.assertEqual(r.status, 200)
        self.assertGreater(int(r.header("content-length")), 0)
        r = request(self.server, post("/api/worker", b"x" * 5000))
        self.assertEqual(r.status, 413)
        r = request(self.server, b"POST /api/worker HTTP/1.1\r\nHost: x\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")
        self.assertEqual(r.status, 411)

    def test_device_page_is_in_the_site(self):
        r = request(self.server, get("/device.html"))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, expected("device.html"))


class NoApi(unittest.TestCase):
    def test_no_api_leaves_only_the_site(self):
        with Server("--no-api") as srv:
            self.assertIsNotNone(srv.wait_line(re.compile(r"no device API"), timeout=5),
                                 "start-up line does not say the API is off: %s" % srv.lines)
            for path in ("/api/status", "/api/worker", "/api/"):
                r = request(srv, get(path))
                self.assertEqual(r.status, 404, path)
                self.assertEqual(r.body, expected("404.html"), path)
            # No route took the POST: the site answers it as it answers any POST.
            self.assertNotIn(request(srv, post("/api/worker", b"seconds=1")).status, (202, 429))
            for path in ("/hello.html", "/device.html", "/static/1k.txt"):
                r = request(srv, get(path))
                self.assertEqual(r.status, 200, path)
                self.assertEqual(r.body, expected(path), path)
            # The same binary without the switch answers the route (so the 404 above is the
            # switch's doing, not a build without the API).
        with Server() as srv:
            self.assertEqual(request(srv, get("/api/status")).status, 200)


if __name__ == "__main__":
    import harness
    harness.main()
