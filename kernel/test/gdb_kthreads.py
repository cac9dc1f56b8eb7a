#!/usr/bin/env python3
"""scripts/debug.sh + kernel/gdb/mcustd.py against a known scenario: kernel_prio_inherit.elf
stopped at the first busy_us() (low holds the mutex, high blocked on it, low runs at high's
priority, medium ready, main blocked in join). gdb runs in batch mode; the test asserts the
lines of `info kthreads` and that `kbt high` unwinds high's saved frame into k_mutex_lock.
With --firmware: mcustd.elf stopped at the shell's first console read, asserting `kfds` (the
console on 0-2, the web server's listening socket), the tcpip thread in `info kthreads`, and
that `kheap`'s heap walk gives the C library's own figures (its mallinfo called from gdb as the
oracle).
With --strip OBJCOPY: the same image without its debug info (objcopy --strip-debug, as a
MinSizeRel build is): the commands say that the image has no debug info, not gdb's cast hint.

usage: gdb_kthreads.py ELF [--firmware | --strip OBJCOPY]
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

FIRMWARE_EXPECT = [
    r" 0  mcustd::vfs::\(anonymous namespace\)::Console +0x0",
    r" 2  mcustd::vfs::\(anonymous namespace\)::Console +0x0",
    r" 3  \(anonymous namespace\)::LwipSocket",
    r"  tcpip +blocked +20/20 +\d+/1536",
    r"\* main +running ",
]

EXPECT = [
    r"\* low +running +20/5 +\d+/1024",
    r"  high +blocked +20/20 +\d+/1024 +mutex 0x[0-9a-f]{8} owned by low",
    r"  medium +ready +10/10 +\d+/1024",
    r"  main +blocked +30/30 ",
    r"#\d+ .*k_mutex_lock",
    r"#\d+ .*high",
]

STRIPPED_EXPECT = [
    r"Breakpoint 1, 0x[0-9a-f]+ in main \(\)",
    r"mcustd: k_current has no type: the image has no debug info; build it with -g",
    r"kfds: no debug info in this image",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        elf = sys.argv[1]
        stripped = "--strip" in sys.argv[2:]
        if stripped:
            objcopy = sys.argv[sys.argv.index("--strip") + 1]
            copy = os.path.join(tmp, os.path.basename(elf))
            shutil.copy(elf, copy)
            subprocess.run([objcopy, "--strip-debug", copy], check=True)
            elf = copy
        return run(elf, "--firmware" in sys.argv[2:], stripped)


def mallinfo_call(elf):
    """The C library's own heap figures, the oracle: a gdb expression calling its mallinfo().
    In C++ the name `mallinfo` means the struct to gdb, so the call goes through its address."""
    nm = subprocess.run(["arm-none-eabi-nm", elf], capture_output=True, text=True, check=True)
    for line in nm.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "T" and parts[2] == "mallinfo":
            return f"((struct mallinfo (*)(void))0x{parts[0]})()"
    raise SystemExit("gdb_kthreads: no mallinfo in " + elf)


def run(elf, firmware, stripped):
    env = dict(os.environ, MCUSTD_GDB_PORT=str(free_port()))
    cmd = [os.path.join(ROOT, "scripts", "debug.sh"), elf, "-batch"]
    if stripped:
        # busy_us is in an anonymous namespace: without debug info gdb knows only main by name.
        cmd += ["-ex", "break main", "-ex", "continue", "-ex", "info kthreads", "-ex", "kfds"]
    elif firmware:
        cmd += ["-ex", "break board_console_read", "-ex", "continue",
                "-ex", "kfds", "-ex", "info kthreads", "-ex", "kheap",
                "-ex", "print " + mallinfo_call(elf)]
    else:
        cmd += ["-ex", "break busy_us", "-ex", "continue",
                "-ex", "info kthreads", "-ex", "kbt high", "-ex", "info kthreads"]
    try:
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120,
                           check=False)
    except subprocess.TimeoutExpired:
        print("gdb_kthreads: timed out")
        return 1
    out = r.stdout + r.stderr
    print(out)
    expect = STRIPPED_EXPECT if stripped else FIRMWARE_EXPECT if firmware else EXPECT
    missing = [e for e in expect if not re.search(e, out)]
    # kbt restores the CPU's registers: the second listing still shows low running.
    if not firmware and not stripped and len(re.findall(r"\* low +running", out)) != 2:
        missing.append("low still running after kbt")
    if firmware:
        mine = re.search(r"heap: arena (\d+) in-use (\d+) free (\d+)", out)
        libc = re.search(r"arena = (\d+),.*uordblks = (\d+), fordblks = (\d+)", out)
        if not mine or not libc or mine.groups() != libc.groups():
            missing.append("kheap's arena/in-use/free equal to mallinfo's")
    for e in missing:
        print(f"gdb_kthreads: FAIL: no line matching /{e}/")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
