#!/usr/bin/env python3
"""Where the guest's instructions go: a PC-sampling profile of mcustd-web-prof by component.

usage: mcu_prof.py ELF MAP DUMP [TOP] [REQUESTS]
       mcu_prof.py --focus ELF [REGEX]  (prints "LO HI" in hex for each mem/str function, or
                                    each function matching REGEX, for `prof focus`: their
                                    samples are then also split by caller)

DUMP is the console output of `prof dump` (bench/mcu/prof.cpp): a histogram of the program
counters sampled every N core clocks (under -icount a fixed number of instructions, so each
bucket's share is its share of the instructions executed). Each 16-byte bucket goes to the
function that contains it (arm-none-eabi-nm -S; samples in PROF_IDLE, the bench image's idle
spinner, are left out of the shares), and the function to a component by the archive
or object it came from in the map file (firmware/size_report.py's rules, with the libraries
split by name and memcpy/memset apart). Prints the share per component and the TOP functions;
with REQUESTS and PROF_INSTR_PER_SAMPLE, also instructions per request. When the dump has caller
buckets ("c" lines: the LRs of the samples taken in the focused mem/str functions), also the TOP
callers of those functions, so a memcpy's cost is seen where it is asked for.
"""
import bisect
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "firmware"))
import size_report  # noqa: E402

MEMFUNCS = re.compile(r"^(memcpy|memmove|memset|memcmp|memchr|__aeabi_mem\w+|strlen|strcmp|strncmp)$")


def text_sections(map_path):
    """(address, size, object path) of every input section placed in .text."""
    with open(map_path, encoding="utf-8", errors="replace") as f:
        return sorted((addr, size, path) for out, addr, size, path in size_report.walk(f)
                      if out == ".text" and path is not None)


def functions(elf):
    """(address, size, demangled name) of every function symbol, Thumb bit cleared."""
    nm = os.environ.get("NM", "arm-none-eabi-nm")
    text = subprocess.run([nm, "-S", "-C", "--defined-only", elf], check=True,
                          capture_output=True, text=True).stdout
    out = []
    for line in text.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[2] in "tTwW":
            out.append((int(parts[0], 16) & ~1, int(parts[1], 16), parts[3]))
        elif len(parts) == 3 and parts[1] in "tTwW":  # assembly without .size: sized below
            out.append((int(parts[0], 16) & ~1, 0, parts[2]))
    out.sort()
    for i, (addr, size, name) in enumerate(out):
        if size == 0 and i + 1 < len(out):
            out[i] = (addr, out[i + 1][0] - addr, name)
    return out


def component(path, name):
    if MEMFUNCS.match(name):
        return "mem/str"
    m = re.search(r"libmcustd_([a-z_]+)\.a\(", path)
    comp = size_report.component(path)
    if comp == "libs" and m:
        return "lib " + m.group(1)
    return comp


def focus_ranges(elf, pattern=None):
    """Address ranges of the mem/str functions (or of those whose name matches `pattern`), at
    most 8 (the guest's focus table)."""
    wanted = re.compile(pattern) if pattern else MEMFUNCS
    return [(addr, addr + size) for addr, size, name in functions(elf)
            if wanted.search(name) and size > 0][:8]


def main():
    if len(sys.argv) in (3, 4) and sys.argv[1] == "--focus":
        for lo, hi in focus_ranges(sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None):
            print("%x %x" % (lo, hi))
        return 0
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    elf, map_path, dump = sys.argv[1:4]
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    requests = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    header, buckets, callers = None, [], []
    with open(dump, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.search(r"prof text 0x([0-9a-f]+) shift (\d+) samples (\d+) outside (\d+) "
                          r"saturated (\d+)", line)
            if m:
                header = [int(m.group(1), 16)] + [int(g) for g in m.groups()[1:]]
                buckets, callers = [], []
                continue
            m = re.match(r"^([pc]) (\d+) (\d+)\s*$", line)
            if m and header:
                (buckets if m.group(1) == "p" else callers).append(
                    (int(m.group(2)), int(m.group(3))))
    if not header:
        print("mcu_prof: no `prof text` header in", dump)
        return 1
    base, shift, samples, outside, saturated = header
    sections, funcs = text_sections(map_path), functions(elf)
    sec_addr = [s[0] for s in sections]
    fn_addr = [f[0] for f in funcs]
    by_comp, by_fn = {}, {}
    idle, idle_samples = os.environ.get("PROF_IDLE", "(anonymous namespace)::spin()"), 0

    def function_at(index):
        # A bucket straddling two functions goes to the one holding its middle.
        addr = base + (index << shift) + (1 << shift) // 2
        i = bisect.bisect_right(fn_addr, addr) - 1
        if i < 0:
            return addr, "?"
        if addr < funcs[i][0] + funcs[i][1]:
            return addr, funcs[i][2]
        return addr, funcs[i][2] + " (+)"  # past the symbol's size (assembly without .size)

    for index, count in buckets:
        addr, name = function_at(index)
        if name == idle:
            idle_samples += count
            continue
        j = bisect.bisect_right(sec_addr, addr) - 1
        path = sections[j][2] if j >= 0 and addr < sections[j][0] + sections[j][1] else "?"
        comp = component(path, name)
        by_comp[comp] = by_comp.get(comp, 0) + count
        key = (name, comp)
        by_fn[key] = by_fn.get(key, 0) + count
    if outside:
        by_comp["(outside .text)"] = outside
    total = sum(by_comp.values())
    if total == 0:
        print("mcu_prof: no samples")
        return 1
    period = int(os.environ.get("PROF_INSTR_PER_SAMPLE", "0"))

    def per_request(count):
        return " %10.0f" % (count * period / requests) if requests and period else ""

    unit = " instr/req" if requests and period else ""
    print("%-18s %8s %7s%s" % ("component", "samples", "share", unit))
    for comp, count in sorted(by_comp.items(), key=lambda kv: -kv[1]):
        print("%-18s %8d %6.1f%%%s" % (comp, count, 100.0 * count / total, per_request(count)))
    print("%-18s %8d %6.1f%%%s" % ("total (busy)", total, 100.0, per_request(total)))
    print("(%d samples: %d in the idle spinner, left out; %d lost to full buckets, all of them "
          "the spinner's unless the busy total is short)" % (samples, idle_samples, saturated))
    print()
    print("%-56s %-12s %7s%s" % ("top functions", "component", "share", unit))
    for (name, comp), count in sorted(by_fn.items(), key=lambda kv: -kv[1])[:top]:
        print("%-56s %-12s %6.1f%%%s" % (name[:56], comp, 100.0 * count / total,
                                          per_request(count)))
    if callers:
        by_caller = {}
        for index, count in callers:
            name = function_at(index)[1]
            by_caller[name] = by_caller.get(name, 0) + count
        print()
        print("%-56s %-12s %7s%s" % ("callers of the focused functions", "", "share", unit))
        for name, count in sorted(by_caller.items(), key=lambda kv: -kv[1])[:top]:
            print("%-56s %-12s %6.1f%%%s" % (name[:56], "", 100.0 * count / total,
                                              per_request(count)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
