#!/usr/bin/env python3
"""Boot an mcustd ELF in QEMU (mps2-an386 or netduinoplus2: --machine), drive its UART console, check its exit code.

Steps run in command-line order: --expect REGEX waits (within the overall --timeout) until the
console output after the previous match matches REGEX; --send LINE writes LINE and a newline to
the UART. The run passes when every step succeeded and the guest exited through semihosting
with --exit-code. Console output is echoed to stdout so CTest logs it. Standard library only.
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time


class Step(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):
        steps = getattr(namespace, "steps", None) or []
        steps.append((self.dest, values))
        namespace.steps = steps


def qemu_command(args):
    cmd = [args.qemu, "-M", args.machine, "-nographic", "-serial", "stdio", "-monitor", "none",
           "-semihosting-config", "enable=on,target=native"]
    if args.icount:
        cmd += ["-icount", "shift=%d,sleep=off" % args.icount_shift]
    if args.nic_user or args.hostfwd:
        nic = "user,model=lan9118"
        for fwd in args.hostfwd:
            nic += ",hostfwd=" + fwd
        cmd += ["-nic", nic]
    else:
        cmd += ["-nic", "none"]
    cmd += args.qemu_arg
    cmd += ["-kernel", args.elf]
    return cmd


class Console:
    """Collects the guest's output on a reader thread; waits for regexes against it."""

    def __init__(self, proc):
        self.proc = proc
        self.text = ""
        self.cursor = 0
        self.cond = threading.Condition()
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            data = os.read(fd, 4096)
            if not data:
                break
            sys.stdout.write(data.decode("utf-8", "replace"))
            sys.stdout.flush()
            with self.cond:
                self.text += data.decode("utf-8", "replace")
                self.cond.notify_all()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def expect(self, pattern, deadline):
        regex = re.compile(pattern, re.MULTILINE)
        with self.cond:
            while True:
                m = regex.search(self.text, self.cursor)
                if m:
                    self.cursor = m.end()
                    return True
                remaining = deadline - time.monotonic()
                if self.closed or remaining <= 0:
                    return False
                self.cond.wait(min(remaining, 0.5))

    def send(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--elf", required=True)
    p.add_argument("--machine", default="mps2-an386", help="QEMU -M (the image's board)")
    p.add_argument("--timeout", type=float, default=60.0, help="hard limit, seconds of host time")
    p.add_argument("--exit-code", type=int, default=0)
    p.add_argument("--expect", action=Step, help="regex to wait for (in order)")
    p.add_argument("--send", action=Step, help="line to type into the UART")
    p.add_argument("--no-icount", dest="icount", action="store_false")
    p.add_argument("--icount-shift", type=int, default=3)
    p.add_argument("--nic-user", action="store_true", help="attach the LAN9118 to user networking")
    p.add_argument("--hostfwd", action="append", default=[],
                   help="e.g. tcp:127.0.0.1:8080-:80 (implies --nic-user)")
    p.add_argument("--qemu", default="qemu-system-arm")
    p.add_argument("--qemu-arg", action="append", default=[])
    args = p.parse_args()
    steps = getattr(args, "steps", None) or []

    cmd = qemu_command(args)
    print("run.py: " + " ".join(cmd), flush=True)
    deadline = time.monotonic() + args.timeout
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    console = Console(proc)
    ok = True
    for kind, value in steps:
        if kind == "expect":
            if not console.expect(value, deadline):
                print("\nrun.py: FAIL: did not see /%s/ (%s)" % (
                    value, "timeout" if time.monotonic() >= deadline else "guest exited"),
                    flush=True)
                ok = False
                break
        else:
            try:
                console.send(value)
            except BrokenPipeError:
                print("\nrun.py: FAIL: guest exited before '%s' was sent" % value, flush=True)
                ok = False
                break
    if not ok:
        proc.kill()
    try:
        code = proc.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        print("\nrun.py: FAIL: timeout after %.0f s" % args.timeout, flush=True)
        return 1
    console.reader.join(timeout=5)
    if ok and code != args.exit_code:
        print("\nrun.py: FAIL: exit code %d, expected %d" % (code, args.exit_code), flush=True)
        ok = False
    if ok:
        print("\nrun.py: PASS (exit code %d)" % code, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
