#!/usr/bin/env python3
"""Flash and RAM per component of an image, from its GNU ld map file.

usage: size_report.py [--max-flash BYTES] MAP [MAP...]   (the first path that exists is read)

With --max-flash the exit status is 1 when the image's flash total exceeds BYTES (the footprint
budgets are CTest tests: firmware/test/CMakeLists.txt, bench/mcu/CMakeLists.txt).

Every input section placed in the image is attributed to a component by the object or archive it
came from (kernel, board, port, libc (picolibc), libstdc++, libsupc++, libgcc, lwIP, apps, shell, libs).
Flash = code, read-only data, exception tables, init arrays and the load image of .data;
RAM = .data + .bss + reserved stacks and the heap region. Standard library only.
"""
import os
import re
import sys

RULES = [
    # The C library's archives (not port/libc's libmcustd_libc.a, which is the port's).
    (r"(?<![A-Za-z0-9_])lib(c|m|g|nosys)(_nano)?\.a\(", "libc"),
    (r"libstdc\+\+(_nano)?\.a\(", "libstdc++"),
    (r"libsupc\+\+(_nano)?\.a\(", "libsupc++"),
    (r"libgcc\.a\(|crt[a-z0-9]*\.o", "libgcc"),
    (r"libmcustd_kernel\.a\(|/kernel/", "kernel"),
    (r"libmcustd_board\.a\(|/board/|lan9118", "board"),
    (r"lwip", "lwIP"),
    (r"libmcustd_(libc|vfs|libstdcxx|posix|net|sockets|romfs_mount|ramfs)[a-z_]*\.a\(|/port/|abi_checks",
     "port"),
    (r"app_[A-Za-z0-9_]+\.dir", "apps"),
    (r"mcustd_shell\.dir|/firmware/|builtins\.cpp", "shell"),
    (r"libmcustd_[a-z_]+\.a\(|/lib/", "libs"),
]
FLASH_ONLY = re.compile(r"^\.(vectors|text|rodata|ARM\.ex|init_array|preinit_array|fini_array|tdata|ctors|dtors|eh_frame)")
RAM_ONLY = re.compile(r"^\.(bss|tbss|noinit|heap|stack|main_stack|main_tls|msp_stack)")
BOTH = re.compile(r"^\.data")


def component(path):
    for pattern, name in RULES:
        if re.search(pattern, path):
            return name
    return "other"


def walk(lines):
    """The placements of a GNU ld map: (output section, address, size, object path) for every
    input section with a size, and (output section, address, size, None) for each output
    section's own line. Shared with bench/mcu_prof.py."""
    out_section = None
    pending = None  # an input section name whose address/size are on the next line
    in_map = False
    for line in lines:
        if line.startswith("Linker script and memory map"):
            in_map = True
            continue
        if not in_map:
            continue
        m = re.match(r"^(\.[\w.]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)", line)
        if m:
            out_section = m.group(1)
            yield out_section, int(m.group(2), 16), int(m.group(3), 16), None
            continue
        m = re.match(r"^(\.[\w.]+)\s*$", line)
        if m:
            out_section = m.group(1)
            continue
        m = re.match(r"^ (\S+)\s*$", line)
        if m and not m.group(1).startswith("*"):
            pending = m.group(1)
            continue
        m = re.match(r"^ (\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
        if not m or out_section is None:
            pending = None
            continue
        name = m.group(1) or pending
        pending = None
        if name is None or name.startswith("*"):
            continue
        size = int(m.group(3), 16)
        if size:
            yield out_section, int(m.group(2), 16), size, m.group(4).strip()


def parse(lines):
    sizes = {}  # component -> [flash, ram]
    reserved = {}  # output section -> size (stacks, heap)
    for out_section, _, size, path in walk(lines):
        if path is None:
            if RAM_ONLY.match(out_section) and ("stack" in out_section or "tls" in out_section):
                reserved[out_section] = size
            continue
        entry = sizes.setdefault(component(path), [0, 0])
        if BOTH.match(out_section):
            entry[0] += size
            entry[1] += size
        elif RAM_ONLY.match(out_section):
            entry[1] += size
        elif FLASH_ONLY.match(out_section):
            entry[0] += size
    return sizes, reserved


def main():
    args = sys.argv[1:]
    max_flash = None
    if len(args) >= 2 and args[0] == "--max-flash":
        max_flash = int(args[1])
        args = args[2:]
    path = next((p for p in args if os.path.exists(p)), None)
    if path is None:
        print("size_report: no map file among", args)
        return 1
    with open(path, encoding="utf-8", errors="replace") as f:
        sizes, reserved = parse(f)
    print("%-12s %10s %10s" % ("component", "flash", "RAM"))
    total = [0, 0]
    for comp in sorted(sizes, key=lambda c: -sizes[c][0]):
        flash, ram = sizes[comp]
        total[0] += flash
        total[1] += ram
        print("%-12s %10d %10d" % (comp, flash, ram))
    for name, size in sorted(reserved.items()):
        total[1] += size
        print("%-12s %10s %10d" % (name, "", size))
    print("%-12s %10d %10d   (heap: the rest of RAM up to the handler stack)" %
          ("total", total[0], total[1]))
    if max_flash is not None:
        ok = total[0] <= max_flash
        print("size_report: flash %d bytes, %s the budget of %d (%s)" %
              (total[0], "within" if ok else "OVER", max_flash, os.path.basename(path)))
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
