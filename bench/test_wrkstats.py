"""bench/wrkstats.py on a results.tsv written here: the TCP columns are shown, the floor is a
reference (compared with, never checked against a target), and a server's scaling divided by the
floor's is computed round by round."""

import os
import subprocess
import sys
import tempfile
import unittest

WRKSTATS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrkstats.py")


def row(case, rnd, server, rps, cpu, segs, delack):
    # case label round server status rps p50 p99 timeouts sockerr non2xx requests rss
    # srv_cpu cpu_us_req wrk_cpu segs_req delack_req
    return "\t".join(str(x) for x in (
        case, "label", rnd, server, "ok", rps, 400, 900, 0, 0, 0, int(rps * 10), 2048,
        99, cpu, 90, segs, delack))


class Wrkstats(unittest.TestCase):
    def run_stats(self, *args):
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
            f.write("\n".join([
                row("ka1k", 1, "webserver", 100000, 10.0, 2.0, 0.0),
                row("ka1k", 1, "floor", 110000, 9.0, 2.0, 0.0),
                row("ka1k10k", 1, "webserver", 80000, 12.5, 3.5, 1.0),
                row("ka1k10k", 1, "floor", 77000, 11.7, 3.6, 1.2),
            ]) + "\n")
        self.addCleanup(os.unlink, f.name)
        out = subprocess.run([sys.executable, WRKSTATS, *args, f.name], capture_output=True,
                             text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        return out.stdout

    def test_tables_show_tcp_segments_and_delayed_acks(self):
        out = self.run_stats("report")
        self.assertIn("TCP segs/req", out)
        self.assertIn("delayed ACKs/req", out)
        line = next(x for x in out.splitlines() if x.startswith("floor") and "11.7" in x)
        self.assertIn("3.60", line)
        self.assertIn("1.20", line)

    def test_floor_is_a_reference_not_a_server(self):
        out = self.run_stats("targets")
        # The webserver is held to its target: 80,000 / 100,000 = 0.80 < 0.9.
        self.assertIn("webserver ka1k10k req/s / its own ka1k (c=50): 0.80x", out)
        self.assertIn("MISSED", out)
        # The floor's scaling (77,000 / 110,000 = 0.70) is shown without a verdict.
        self.assertIn("floor ka1k10k req/s / its own ka1k (for comparison): 0.70x", out)
        self.assertNotIn("floor ka1k10k req/s / its own ka1k (c=50)", out)
        # 0.80 / 0.70 = 1.14: the server loses less than the kernel does.
        self.assertIn("webserver ka1k10k scaling / the floor's scaling: 1.14x", out)

    def test_ratio_to_the_floor(self):
        out = self.run_stats("report")
        self.assertIn("ratio webserver/floor: 0.91x", out)  # 100,000 / 110,000 at c=50


if __name__ == "__main__":
    unittest.main()
