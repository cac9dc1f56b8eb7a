"""Command line: bad arguments print usage on stderr and exit 2."""

import subprocess
import unittest

import harness
from harness import CONFIG


class Cli(unittest.TestCase):
    def run_server(self, *args):
        return subprocess.run([CONFIG.binary, *args], capture_output=True, timeout=20)

    def test_bad_arguments_exit_2_with_usage(self):
        for args in (["--mode", "threads"], ["--threads", "0"], ["--threads", "x"],
                     ["--port", "70000"], ["--port"], ["--bogus"], ["extra"],
                     ["--header-timeout", "-1"], ["--max-connections", "0"],
                     ["--bind", "not-an-address"]):
            p = self.run_server(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn(b"usage: webserver", p.stderr.lower(), args)
            self.assertEqual(p.stdout, b"", args)

    def test_missing_site_fails(self):
        p = self.run_server("--port", "0", "--site", "/nonexistent/site.romfs")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(b"/nonexistent/site.romfs", p.stderr)

    def test_help_exits_0(self):
        p = self.run_server("--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn(b"usage: webserver", p.stdout.lower())


if __name__ == "__main__":
    harness.main()
