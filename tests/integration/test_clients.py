"""curl and wget (the talk's clients) fetch pages byte-exact; a missing page is the site's 404."""

import os
import shutil
import subprocess
import sys
import tempfile

import harness
from harness import SharedServerTest, expected

PAGES = (("/", "index.html"), ("/hello.html", "hello.html"), ("/static/64k.txt", "static/64k.txt"))


class Clients(SharedServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.base = "http://127.0.0.1:%d" % cls.server.port

    def curl(self, path, *extra):
        p = subprocess.run(["curl", "-sS", "--max-time", "20", "-o", "-", "-w", "\n%{http_code}",
                            *extra, self.base + path], capture_output=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        body, _, code = p.stdout.rpartition(b"\n")
        return int(code), body

    def test_curl(self):
        for path, file in PAGES:
            self.assertEqual(self.curl(path), (200, expected(file)), path)
        self.assertEqual(self.curl("/missing.html"), (404, expected("404.html")))

    def test_curl_reuses_connection(self):
        urls = [self.base + p for p, _ in PAGES]
        p = subprocess.run(["curl", "-sS", "--max-time", "20", "-v", "-o", "/dev/null",
                            "-o", "/dev/null", "-o", "/dev/null", *urls],
                           capture_output=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(b"Re-using existing connection", p.stderr)

    def test_wget(self):
        with tempfile.TemporaryDirectory() as d:
            for path, file in PAGES:
                out = os.path.join(d, "out")
                p = subprocess.run(["wget", "-q", "-T", "20", "-t", "1", "-O", out,
                                    self.base + path], capture_output=True, timeout=30)
                self.assertEqual(p.returncode, 0, p.stderr)
                with open(out, "rb") as f:
                    self.assertEqual(f.read(), expected(file), path)
            p = subprocess.run(["wget", "-q", "-T", "20", "-t", "1", "--content-on-error",
                                "-O", out, self.base + "/missing.html"],
                               capture_output=True, timeout=30)
            self.assertEqual(p.returncode, 8)  # wget: "server issued an error response"
            with open(out, "rb") as f:
                self.assertEqual(f.read(), expected("404.html"))


if __name__ == "__main__":
    missing = [c for c in ("curl", "wget") if shutil.which(c) is None]
    if missing:
        print("skipped: needs %s (scripts/install-deps.sh installs them)" % ", ".join(missing))
        sys.exit(harness.SKIP)
    harness.main()
