#!/usr/bin/env python3
"""Host side of net_webserver: boots webserver_guest.cpp in QEMU (the runner's machine flags, a
free 127.0.0.1 port forwarded to guest port 80), fetches pages with curl and wget and compares
them with site/, then types "quit" on the guest console. Every wait is bounded."""
import argparse
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--elf", required=True)
    p.add_argument("--site", required=True, help="the site/ source directory")
    p.add_argument("--timeout", type=float, default=120)
    args = p.parse_args()
    port = free_port()
    cmd = ["qemu-system-arm", "-M", "mps2-an386", "-nographic", "-serial", "stdio", "-monitor",
           "none", "-semihosting-config", "enable=on,target=native", "-icount", "shift=3,sleep=off",
           "-nic", "user,model=lan9118,hostfwd=tcp:127.0.0.1:%d-:80" % port, "-kernel", args.elf]
    print("webserver_host: " + " ".join(cmd), flush=True)
    qemu = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    lines = queue.Queue()

    def pump():
        for raw in qemu.stdout:
            line = raw.decode("utf-8", "replace")
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()

    def wait_line(pattern, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            if re.search(pattern, line):
                return True
        return False

    failures = []

    def check(ok, what):
        print("webserver_host: %s: %s" % ("ok" if ok else "FAIL", what), flush=True)
        if not ok:
            failures.append(what)

    url = "http://127.0.0.1:%d" % port
    try:
        check(wait_line(r"listening on http://", 60), "server listening")
        for path in ["/hello.html", "/static/64k.txt", "/index.html"]:
            with open(os.path.join(args.site, path.lstrip("/")), "rb") as f:
                want = f.read()
            got = subprocess.run(["curl", "-sS", "-m", "30", url + path], capture_output=True,
                                 timeout=40)
            check(got.returncode == 0 and got.stdout == want,
                  "curl %s: %d bytes, byte-exact" % (path, len(want)))
        code = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "30",
                               url + "/missing.html"], capture_output=True, timeout=40)
        check(code.stdout == b"404", "curl /missing.html: 404")
        # wget exits only when the server closes (FIN) or sends a length: no Connection: close.
        out = subprocess.run(["wget", "-q", "-T", "30", "-t", "1", "-O", "-", url + "/hello.html"],
                             capture_output=True, timeout=40)
        with open(os.path.join(args.site, "hello.html"), "rb") as f:
            check(out.returncode == 0 and out.stdout == f.read(), "wget /hello.html exits, byte-exact")
    except subprocess.TimeoutExpired as e:
        check(False, "client timed out: %s" % e)
    try:
        qemu.stdin.write(b"quit\n")
        qemu.stdin.flush()
        check(wait_line(r"PASS net_webserver", 30), "guest stopped cleanly")
        rc = qemu.wait(timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        rc = -1
    if qemu.poll() is None:
        qemu.kill()
        qemu.wait()
    check(rc == 0, "guest exit code 0")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
