#!/usr/bin/env python3
"""Host side of the MCU network tests (see echo_guest.c): boots the guest through the QEMU runner
with a free 127.0.0.1 port forwarded to guest port 7, then checks bytes, EOFs and the re-bind.
Every wait is bounded; exit status 0 only if every check and the guest passed."""
import argparse
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time


LOOP_COUNT = 50  # echo_guest.c's LOOP_COUNT


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Guest:
    def __init__(self, runner, elf, port, timeout, pass_regex):
        cmd = [sys.executable, runner, "--elf", elf, "--timeout", str(timeout),
               "--hostfwd", "tcp:127.0.0.1:%d-:7" % port, "--expect", pass_regex]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace")
            sys.stdout.write(line)
            sys.stdout.flush()
            self.lines.put(line)
        self.lines.put(None)

    def wait_line(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            if re.search(pattern, line):
                return
        raise AssertionError("guest never printed /%s/" % pattern)


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=30)


def recv_until_eof(s, limit):
    data = b""
    while len(data) <= limit:
        chunk = s.recv(65536)  # socket timeout bounds the wait: a missing FIN fails here
        if not chunk:
            return data
        data += chunk
    raise AssertionError("peer sent more than %d bytes" % limit)


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("echo_host: ok: " + what, flush=True)


def run(guest, port, size):
    guest.wait_line(r"net_echo: listening", 60)
    # A: 64 KiB through the echo server, written concurrently with reading it back.
    payload = os.urandom(size)
    with connect(port) as a:
        sender = threading.Thread(target=a.sendall, args=(payload,))
        sender.start()
        got = b""
        while len(got) < size:
            chunk = a.recv(65536)
            if not chunk:
                raise AssertionError("EOF after %d of %d echoed bytes" % (len(got), size))
            got += chunk
        sender.join(30)
        check(got == payload, "%d bytes echoed intact" % size)
        a.shutdown(socket.SHUT_WR)
        check(recv_until_eof(a, 0) == b"", "EOF after our half-close (guest close sent FIN)")
    # B: the guest writes and closes first; we must see the data and then EOF.
    with connect(port) as b:
        check(recv_until_eof(b, 16) == b"bye\n", "server-side close: data then EOF, no Connection: close needed")
    # R/C: the guest re-binds port 7 with SO_REUSEADDR, then serves a poll()ed request.
    guest.wait_line(r"net_echo: rebound", 60)
    with connect(port) as c:
        c.sendall(b"ping")
        check(recv_until_eof(c, 16) == b"pong", "poll + non-blocking read after re-bind")
    # L: short connections; the guest checks its heap and pools afterwards.
    guest.wait_line(r"net_echo: looping (\d+)", 60)
    for i in range(LOOP_COUNT):
        with connect(port) as d:
            d.sendall(b"x")
            if recv_until_eof(d, 1) != b"x":
                raise AssertionError("loop connection %d: echo or EOF missing" % i)
    print("echo_host: ok: %d short connections" % LOOP_COUNT, flush=True)


def run_concurrent(guest, port, clients=8, per_client=25, size=1024):
    """8 clients at once, each making 25 connections that echo 1 KiB (concurrent_guest.c)."""
    guest.wait_line(r"net_echo: listening", 60)
    errors = []

    def client(k):
        try:
            for i in range(per_client):
                payload = os.urandom(size)
                with connect(port) as s:
                    s.sendall(payload)
                    got = b""
                    while len(got) < size:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        got += chunk
                    if got != payload:
                        raise AssertionError("client %d conn %d: %d bytes back" % (k, i, len(got)))
                    if recv_until_eof(s, 0) != b"":
                        raise AssertionError("client %d conn %d: no EOF" % (k, i))
        except (AssertionError, OSError) as e:
            errors.append(str(e))

    for round_no in (1, 2):
        if round_no == 2:
            guest.wait_line(r"net_concurrent: round 2", 120)
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        check(not errors and not any(t.is_alive() for t in threads),
              "round %d: %d clients x %d connections echoed 1 KiB each %s" % (
                  round_no, clients, per_client, errors[:3]))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--runner", required=True)
    p.add_argument("--elf", required=True)
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--size", type=int, default=64 * 1024)
    p.add_argument("--scenario", choices=["echo", "concurrent"], default="echo")
    args = p.parse_args()
    port = free_port()
    pass_regex = r"PASS net_echo_\w+" if args.scenario == "echo" else r"PASS net_concurrent"
    guest = Guest(args.runner, args.elf, port, args.timeout, pass_regex)
    ok = False
    try:
        if args.scenario == "echo":
            run(guest, port, args.size)
        else:
            run_concurrent(guest, port)
        ok = True
    except (AssertionError, OSError) as e:
        print("echo_host: FAIL: %s" % e, flush=True)
    try:
        rc = guest.proc.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        guest.proc.kill()
        rc = -1
    print("echo_host: runner exit %d" % rc, flush=True)
    return 0 if ok and rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
