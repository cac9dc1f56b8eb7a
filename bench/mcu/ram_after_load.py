#!/usr/bin/env python3
"""Issue 8's RAM target on the web image bench/mcu.sh measures: boots mcustd-web-bench in QEMU,
serves bench/mcu.sh's load (keep-alive GET /static/1k.txt from 1, then 4 clients), then reads
the heap arena the C library took (`free`) and the static RAM from the map
(firmware/size_report.py). RAM claimed = static + arena + the handler stack (__msp_size); it must
stay within --max-ram bytes, and every worker's stack high-water mark within --max-stack.

usage: ram_after_load.py --elf ELF --map MAP [--max-ram N] [--max-stack N] [--requests N]
Exit 0 only if the load was served and both limits hold. Every wait is bounded; QEMU is killed.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Uart:
    """QEMU's stdio as a line log; wait() searches what arrived after the last match."""

    def __init__(self, proc):
        self.proc, self.text, self.pos = proc, "", 0
        self.cv = threading.Condition()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for chunk in iter(lambda: self.proc.stdout.read1(4096), b""):
            with self.cv:
                self.text += chunk.decode("latin-1")
                self.cv.notify_all()

    def wait(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        with self.cv:
            while True:
                m = re.compile(pattern, re.M).search(self.text, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    return None
                self.cv.wait(left)

    def command(self, line, pattern, timeout=30):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()
        return self.wait(pattern, timeout)


def static_ram(map_path):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "firmware", "size_report.py"),
                          map_path], check=True, capture_output=True, text=True).stdout
    m = re.search(r"^total\s+\d+\s+(\d+)", out, re.M)
    if not m:
        raise SystemExit("ram_after_load: no total line from size_report.py")
    with open(map_path, encoding="utf-8", errors="replace") as f:
        msp = re.search(r"0x([0-9a-f]+)\s+(?:PROVIDE \()?__msp_size = ", f.read())
    if not msp:
        raise SystemExit("ram_after_load: no __msp_size in " + map_path)
    return int(m.group(1)), int(msp.group(1), 16)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--elf", required=True)
    ap.add_argument("--map", required=True)
    ap.add_argument("--max-ram", type=int, default=96 * 1024)
    ap.add_argument("--max-stack", type=int, default=1536)
    ap.add_argument("--requests", type=int, default=2000)
    args = ap.parse_args()
    static, msp = static_ram(args.map)
    port = free_port()
    cmd = ["qemu-system-arm", "-M", "mps2-an386", "-nographic", "-serial", "stdio",
           "-monitor", "none", "-semihosting-config", "enable=on,target=native",
           "-icount", "shift=3,sleep=off",
           "-nic", "user,model=lan9118,hostfwd=tcp:127.0.0.1:%d-:80" % port, "-kernel", args.elf]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    failures = []
    try:
        uart = Uart(proc)
        if not uart.wait(r"listening on http://", 120):
            raise SystemExit("ram_after_load: the server did not start:\n" + uart.text[-2000:])
        client = os.path.join(HERE, "..", "mcu_client.py")
        for conns in (1, 4):
            out = subprocess.run([sys.executable, client, str(port), "/static/1k.txt", str(conns),
                                  str(args.requests), "120"], capture_output=True, text=True,
                                 timeout=180).stdout.strip()
            if not out.startswith("ok"):
                failures.append("%d clients: %s" % (conns, out))
        m = uart.command("free", r"^heap in-use (\d+) arena (\d+)")
        stacks = uart.command("ps", r"^ps done")
        if m is None or stacks is None:
            raise SystemExit("ram_after_load: no `free`/`ps` answer:\n" + uart.text[-2000:])
        arena = int(m.group(2))
        claimed = static + arena + msp
        print("ram_after_load: static %d + heap arena %d + handler stack %d = %d bytes "
              "(limit %d)" % (static, arena, msp, claimed, args.max_ram))
        if claimed > args.max_ram:
            failures.append("RAM claimed %d > %d" % (claimed, args.max_ram))
        workers = [int(u) for u in re.findall(r"^thread pthread\s+prio 16 used\s+(\d+) of\s+2048",
                                              uart.text, re.M)]
        print("ram_after_load: worker stack high-water marks %s (limit %d)" % (workers,
                                                                             args.max_stack))
        # The 4 workers and the console thread run at priority 16 on 2 KiB stacks.
        if len(workers) < 4 or max(workers) > args.max_stack:
            failures.append("stacks of 2048 B %s: want 4 workers or more, each <= %d" % (
                workers, args.max_stack))
        uart.command("quit", r"$a", 0)
    finally:
        proc.kill()
        proc.wait()
    for f in failures:
        print("ram_after_load: FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
