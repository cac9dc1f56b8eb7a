#!/usr/bin/env python3
"""Keep-alive HTTP/1.1 load for bench/mcu.sh: N requests for one path over C connections.

usage: mcu_client.py PORT PATH CONNECTIONS REQUESTS TIMEOUT
Prints "ok <requests> <wall seconds>" or "error <reason>". Every loop is bounded by REQUESTS and
by TIMEOUT seconds of wall time. Standard library only; talks to 127.0.0.1 only.
"""
import socket
import sys
import threading
import time


def fetch(sock, request, buf):
    """Sends one request, reads one response (Content-Length framed); returns leftover bytes."""
    sock.sendall(request)
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the head")
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise ConnectionError("status " + head.split(b"\r\n", 1)[0].decode(errors="replace"))
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed inside the body")
        body += chunk
    return body[length:]


def main():
    port, path, conns, total, timeout = (int(sys.argv[1]), sys.argv[2], int(sys.argv[3]),
                                         int(sys.argv[4]), float(sys.argv[5]))
    request = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path).encode()
    deadline = time.monotonic() + timeout
    lock = threading.Lock()
    state = {"left": total, "done": 0, "error": None}

    def worker():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
                buf = b""
                while time.monotonic() < deadline:
                    with lock:
                        if state["left"] == 0 or state["error"]:
                            return
                        state["left"] -= 1
                    s.settimeout(max(0.1, deadline - time.monotonic()))
                    buf = fetch(s, request, buf)
                    with lock:
                        state["done"] += 1
        except (OSError, ValueError) as e:
            with lock:
                state["error"] = state["error"] or str(e)

    start = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 1)
    wall = time.monotonic() - start
    if state["error"] or state["done"] != total:
        print("error %s (%d of %d done)" % (state["error"] or "timeout", state["done"], total))
        return 1
    print("ok %d %.3f" % (state["done"], wall))
    return 0


if __name__ == "__main__":
    sys.exit(main())
