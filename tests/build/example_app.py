#!/usr/bin/env python3
"""Builds the out-of-tree example app as a user would and boots its image in QEMU.

usage: example_app.py --source examples/sensor_log --build DIR --generator G --runner run.py
                      [--machine M] [--cmake-arg ARG]... [--jobs N]

Configures the example (its CMakeLists.txt add_subdirectory()s the mcustd tree) with the m4f
toolchain and RelWithDebInfo, as doc/getting-started.md does, builds its image, then runs it
through the QEMU runner: the app's output and its usage error. On mps2-an386 (the machine
scripts/debug.sh boots) it then does the guide's debugging step: a breakpoint in the app's
sample(), hit once `sensor_log` is typed into the console, and the app's thread in
`info kthreads` with its declared 4096-byte stack.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import time

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def run(cmd):
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=False).returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--generator", required=True)
    ap.add_argument("--runner", required=True)
    ap.add_argument("--machine", default="mps2-an386", help="QEMU -M of the board built for")
    ap.add_argument("--cmake-arg", action="append", default=[])
    ap.add_argument("--jobs", default=str(os.cpu_count() or 2))
    args = ap.parse_args()

    configure = ["cmake", "-S", args.source, "-B", args.build, "-G", args.generator,
                 "--toolchain", os.path.join(ROOT, "cmake", "toolchain-m4f.cmake"),
                 "-DCMAKE_BUILD_TYPE=RelWithDebInfo"] + args.cmake_arg
    if run(configure) != 0:
        print("example_app: configure failed")
        return 1
    if run(["cmake", "--build", args.build, "-j", args.jobs]) != 0:
        print("example_app: build failed")
        return 1
    elf = os.path.join(args.build, "sensor-log.elf")
    if not os.path.isfile(elf) or not os.path.isfile(os.path.join(args.build, "sensor-log.map")):
        print(f"example_app: {elf} or its map file missing after the build")
        return 1
    boot = [sys.executable, args.runner, "--machine", args.machine, "--elf", elf,
            "--timeout", "60",
            "--expect", "nsh> ", "--send", "help", "--expect", "sensor_log",
            "--expect", "nsh> ", "--send", "sensor_log",
            "--expect", r"sensor_log: 8 samples, min 200, max 248, mean 223\r?\n",
            "--expect", "nsh> ", "--send", "sensor_log 100",
            "--expect", r"sensor_log: 100 samples, min 200, max 249, mean 224\r?\n",
            "--expect", "nsh> ", "--send", "sensor_log x",
            "--expect", r"usage: sensor_log", "--expect", "nsh: exit status 2",
            "--expect", "nsh> ", "--send", "exit"]
    if run(boot) != 0:
        print("example_app: the image did not print what the app computes")
        return 1
    if args.machine == "mps2-an386":
        return debug(elf)
    return 0


DEBUG_EXPECT = [
    r"Breakpoint 1, .*sample \(.*sensor_log\.cpp:\d+",
    r"#\d+ .*thread_entry",                       # bt: from the kernel's thread entry
    r"\* pthread +running +\d+/\d+ +\d+/4096",   # the sampler std::thread (default stack)
    r"  sensor_log +blocked +\d+/\d+ +\d+/4096",  # the app's own thread: its STACK_SIZE
    r"#\d+ .*sensor_log_main",                    # kbt sensor_log: joining the sampler
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """True once a socket listens on TCP port `port` (/proc/net/tcp*, state 0A). Polling this
    instead of connect() matters: a connect to a local port nobody listens on yet can pick that
    very port as its source and connect to itself (TCP simultaneous open), and QEMU then cannot
    bind the console's port at all."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as f:
                next(f)
                for row in f:
                    fields = row.split()
                    if fields[1].endswith(":%04X" % port) and fields[3] == "0A":
                        return True
        except OSError:
            continue
    return False


def type_when_prompted(port, line, deadline):
    """Connects to the console on 127.0.0.1:port, waits for the shell's prompt, types line."""
    while not listening(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)  # QEMU not listening yet: poll, bounded
    try:
        con = socket.create_connection(("127.0.0.1", port), timeout=1)
    except OSError:
        return False
    with con:
        seen = b""
        while b"nsh> " not in seen:
            if time.monotonic() > deadline:
                return False
            try:
                chunk = con.recv(256)
            except socket.timeout:
                continue
            if not chunk:
                return False
            seen += chunk
        con.sendall(line.encode() + b"\r")
        # Keep the connection open until gdb has stopped the image (QEMU ends it).
        con.settimeout(max(1.0, deadline - time.monotonic()))
        try:
            while con.recv(256):
                pass
        except OSError:
            pass
    return True


def debug(elf):
    """doc/getting-started.md step 4, in gdb's batch mode."""
    port = free_port()
    env = dict(os.environ, MCUSTD_GDB_PORT=str(port), MCUSTD_CONSOLE="tcp")
    cmd = [os.path.join(ROOT, "scripts", "debug.sh"), elf, "-batch",
           "-ex", "break sample", "-ex", "continue", "-ex", "bt",
           "-ex", "info kthreads", "-ex", "kbt sensor_log"]
    print("+", " ".join(cmd), flush=True)
    gdb = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    typed = type_when_prompted(port + 1, "sensor_log", time.monotonic() + 60)
    try:
        out, _ = gdb.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        gdb.kill()
        out, _ = gdb.communicate()
    print(out)
    missing = [e for e in DEBUG_EXPECT if not re.search(e, out)]
    if not typed:
        missing.insert(0, "the console's prompt, to type sensor_log")
    for e in missing:
        print(f"example_app: FAIL: debugging step: no line matching /{e}/")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
