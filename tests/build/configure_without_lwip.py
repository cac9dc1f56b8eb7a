#!/usr/bin/env python3
"""An MCU configure without lwIP's sources stops at once, names the command that fetches them,
and downloads nothing: exit status non-zero, the message holds scripts/fetch-lwip.sh, the
fetch script never ran (its "fetch-lwip:" lines are absent), no subdirectory was configured.
A board without a network (netduinoplus2) compiles no lwIP: its configure succeeds without it."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def configure(tmp, name, *args):
    build = os.path.join(tmp, name)
    r = subprocess.run(
        ["cmake", "-S", ROOT, "-B", build,
         "--toolchain", os.path.join(ROOT, "cmake", "toolchain-m4f.cmake"),
         f"-DMCUSTD_LWIP_DIR={os.path.join(tmp, 'no-lwip')}", *args],
        capture_output=True, text=True, timeout=120, check=False)
    return build, r.returncode, r.stdout + r.stderr


def main():
    with tempfile.TemporaryDirectory() as tmp:
        build, rc, out = configure(tmp, "mps2")
        _, rc2, out2 = configure(tmp, "netduino", "-DMCUSTD_BOARD=netduinoplus2",
                                 "-DMCUSTD_LIBSTDCXX_SUITE=OFF")
        checks = [
            ("configure failed", rc != 0),
            ("message names scripts/fetch-lwip.sh", "scripts/fetch-lwip.sh" in out),
            ("nothing fetched", "fetch-lwip:" not in out and "apt-get" not in out),
            ("stopped before any subdirectory", not os.path.exists(os.path.join(build, "lib"))
             and not os.path.exists(os.path.join(build, "kernel"))),
            ("netduinoplus2 (no network) configures without lwIP",
             rc2 == 0 and "lwIP 2.1.3 not found" not in out2),
        ]
        failed = [name for name, ok in checks if not ok]
        for name, ok in checks:
            print(f"{'ok  ' if ok else 'FAIL'} {name}")
        if failed:
            print(out)
            print(out2)
            return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
