"""bench/loadgen, the benchmark's lean load generator, against the real server: what it counts
is what the server answered (the server's own 2xx count from /api/status, taken before and after,
differs by exactly loadgen's requests plus the two status requests: every response complete and
none in flight when it stops), its output is wrk's (the lines bench/run.sh parses), Connection:
close works, and an error status or a closed connection is counted, not taken for a success."""

import argparse
import json
import re
import subprocess
import sys
import unittest

from harness import Server, SharedServerTest, get, parse_args, request

LOADGEN = None


def status(server):
    r = request(server, get("/api/status"))
    return json.loads(r.body)["http"]


def run_loadgen(server, path, *extra, connections=8, seconds=1):
    out = subprocess.run(
        [LOADGEN, "-t", "1", "-c", str(connections), "-d", "%ds" % seconds, "--timeout", "2s",
         "--latency", *extra, "http://127.0.0.1:%d%s" % (server.port, path)],
        capture_output=True, text=True, timeout=seconds + 30)
    if out.returncode != 0:
        raise AssertionError("loadgen exit %d: %s" % (out.returncode, out.stderr))
    return out.stdout


def figures(text):
    requests = int(re.search(r"^\s+(\d+) requests in ", text, re.M).group(1))
    rps = float(re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "requests": requests, "rps": rps,
        "errors": sum(int(g) for g in errors.groups()) if errors else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "p50": re.search(r"^\s+50%\s+\S+", text, re.M) is not None,
        "p99": re.search(r"^\s+99%\s+\S+", text, re.M) is not None,
    }


class Loadgen(SharedServerTest):
    def test_counts_what_the_server_answered(self):
        before = status(self.server)["2xx"]
        f = figures(run_loadgen(self.server, "/static/1k.txt"))
        after = status(self.server)["2xx"]
        self.assertGreater(f["requests"], 100)
        self.assertEqual(f["errors"], 0)
        self.assertEqual(f["non2xx"], 0)
        self.assertTrue(f["p50"] and f["p99"], "wrk's latency lines")
        # Requests still in flight when loadgen stops are answered but not counted by it.
        served = after - before - 1  # the first status request is counted in `after`
        self.assertGreaterEqual(served, f["requests"])
        self.assertLessEqual(served, f["requests"] + 8)

    def test_connection_close(self):
        f = figures(run_loadgen(self.server, "/hello.html", "-H", "Connection: close",
                                connections=4))
        self.assertGreater(f["requests"], 20)
        self.assertEqual(f["errors"], 0)

    def test_error_status_is_counted(self):
        f = figures(run_loadgen(self.server, "/no-such-file", connections=2))
        self.assertGreater(f["requests"], 10)
        self.assertEqual(f["non2xx"], f["requests"])

    def test_refused_connection_is_an_error(self):
        with Server() as gone:
            port = gone.port
        out = subprocess.run([LOADGEN, "-c", "2", "-d", "1s", "http://127.0.0.1:%d/" % port],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        f = figures(out.stdout)
        self.assertEqual(f["requests"], 0)
        self.assertGreater(f["errors"], 0)

    def test_rejects_what_it_cannot_do(self):
        for bad in (["-c", "2", "-d", "1s"],  # no URL
                    ["-t", "2", "-c", "2", "-d", "1s", "http://127.0.0.1:1/"],
                    ["-c", "2", "-d", "1s", "-H", "X-A: b", "http://127.0.0.1:1/"]):
            out = subprocess.run([LOADGEN] + bad, capture_output=True, text=True, timeout=30)
            self.assertEqual(out.returncode, 2, bad)
            self.assertIn("loadgen:", out.stderr)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--loadgen", required=True)
    args, rest = p.parse_known_args()
    LOADGEN = args.loadgen
    sys.argv = [sys.argv[0]] + rest
    argv = parse_args()
    unittest.main(argv=argv, verbosity=2)
