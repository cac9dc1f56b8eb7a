#!/usr/bin/env python3
"""Prints the doc/porting.md table (per directory, host / MCU) from two runs' results.json.

Usage: table.py build/host/tests/libstdcxx/work/host/results.json \
                build/m4f/tests/libstdcxx/work/mcu/results.json
"""
import json
import sys

from run_suite import COLUMNS, SELECTION, group_of

NAMES = {"pass": "pass", "compile-fail": "compile", "link-fail": "link",
         "runtime-fail": "runtime", "timeout": "timeout", "unsupported": "unsup."}


def counts(path):
    rows = {}
    with open(path) as f:
        for r in json.load(f):
            row = rows.setdefault(group_of(r["test"]), dict.fromkeys(COLUMNS + ("xfail",), 0))
            row[r["status"]] += 1
    return rows


def main():
    host, mcu = counts(sys.argv[1]), counts(sys.argv[2])
    print("| directory | tests | " + " | ".join("%s host / MCU" % NAMES[c] for c in COLUMNS) + " |")
    print("|---|---:|" + "---:|" * len(COLUMNS))
    total_h, total_m = dict.fromkeys(COLUMNS, 0), dict.fromkeys(COLUMNS, 0)
    for group in SELECTION:
        h, m = host.get(group), mcu.get(group)
        if not h or not m:
            continue
        for c in COLUMNS:
            total_h[c] += h[c]
            total_m[c] += m[c]
        print("| `%s` | %d | %s |" % (group, sum(h[c] for c in COLUMNS),
                                     " | ".join("%d / %d" % (h[c], m[c]) for c in COLUMNS)))
    print("| **total** | %d | %s |" % (sum(total_h.values()), " | ".join(
        "**%d / %d**" % (total_h[c], total_m[c]) for c in COLUMNS)))


if __name__ == "__main__":
    main()
