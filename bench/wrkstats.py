#!/usr/bin/env python3
"""Helper for bench/run.sh (Python 3 standard library only).

  wrkstats.py parse WRK_OUTPUT      one tab-separated line: rps p50_us p99_us timeouts sockerr non2xx
  wrkstats.py report RESULTS [--case ID] [--markdown]
                                    tables from the TSV run.sh writes (columns: see FIELDS)
  wrkstats.py freeport              a free TCP port on 127.0.0.1
"""
import re
import socket
import statistics
import sys

FIELDS = ["case", "label", "round", "server", "status", "rps", "p50_us", "p99_us", "timeouts",
          "sockerr", "non2xx", "rss_kb"]
ANCHORS = ("nginx", "lighttpd")
UNITS_US = {"us": 1.0, "ms": 1e3, "s": 1e6, "m": 60e6, "h": 3600e6}


def to_us(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text)
    if not m:
        raise ValueError(f"unknown latency {text!r}")
    return float(m.group(1)) * UNITS_US[m.group(2)]


def parse(path):
    """Reads wrk --latency output; a field wrk did not print stays -1 (reported as a failed run)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    rps = p50 = p99 = -1.0
    timeouts = sockerr = non2xx = 0
    if m := re.search(r"^Requests/sec:\s+([0-9.]+)", text, re.M):
        rps = float(m.group(1))
    if m := re.search(r"^\s+50(?:\.0+)?%\s+(\S+)", text, re.M):
        p50 = to_us(m.group(1))
    if m := re.search(r"^\s+99(?:\.0+)?%\s+(\S+)", text, re.M):
        p99 = to_us(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        sockerr = int(m.group(1)) + int(m.group(2)) + int(m.group(3))
        timeouts = int(m.group(4))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        non2xx = int(m.group(1))
    print(f"{rps:.2f}\t{p50:.0f}\t{p99:.0f}\t{timeouts}\t{sockerr}\t{non2xx}")


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != len(FIELDS):
                continue
            row = dict(zip(FIELDS, parts))
            for k in ("rps", "p50_us", "p99_us"):
                row[k] = float(row[k])
            for k in ("round", "timeouts", "sockerr", "non2xx", "rss_kb"):
                row[k] = int(row[k])
            rows.append(row)
    return rows


def fmt_us(us):
    if us < 0:
        return "-"
    return f"{us:.0f} us" if us < 1000 else f"{us / 1000:.2f} ms"


def fmt_rss(kb):
    return f"{kb / 1024:.1f} MiB" if kb > 0 else "-"


def case_table(rows, markdown):
    """Lines of one case's table: medians over good rounds, totals of errors, max of RSS."""
    servers = list(dict.fromkeys(r["server"] for r in rows))
    head = ["server", "req/s (median)", "p50", "p99", "timeouts", "errors", "non-2xx", "peak RSS",
            "rounds ok"]
    body = []
    for s in servers:
        mine = [r for r in rows if r["server"] == s]
        ok = [r for r in mine if r["status"] == "ok" and r["rps"] >= 0]
        if ok:
            cells = [f"{statistics.median(r['rps'] for r in ok):,.0f}",
                     fmt_us(statistics.median(r["p50_us"] for r in ok)),
                     fmt_us(statistics.median(r["p99_us"] for r in ok))]
        else:
            cells = ["-", "-", "-"]
        cells += [str(sum(r["timeouts"] for r in mine)), str(sum(r["sockerr"] for r in mine)),
                  str(sum(r["non2xx"] for r in mine)), fmt_rss(max(r["rss_kb"] for r in mine)),
                  f"{len(ok)}/{len(mine)}"]
        body.append([s] + cells)
    lines = []
    if markdown:
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        lines += ["| " + " | ".join(b) + " |" for b in body]
    else:
        widths = [max(len(x[i]) for x in [head] + body) for i in range(len(head))]
        for b in [head] + body:
            lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                   for i, (c, w) in enumerate(zip(b, widths))))
    if markdown:  # a blank line ends a markdown table; the ratios become a list under it
        lines += [""] + ["- " + x for x in ratio_lines(rows, servers)]
    else:
        lines += ratio_lines(rows, servers)
    return lines


def ratio_lines(rows, servers):
    """Ratio of each of our variants to each anchor, per round (same time window), then the median."""
    good = {(r["server"], r["round"]): r["rps"] for r in rows if r["status"] == "ok" and r["rps"] > 0}
    lines = []
    for ours in (s for s in servers if s not in ANCHORS):
        for anchor in (a for a in ANCHORS if a in servers):
            ratios = [good[(ours, rnd)] / good[(anchor, rnd)]
                      for rnd in sorted({r["round"] for r in rows})
                      if (ours, rnd) in good and (anchor, rnd) in good]
            if ratios:
                each = " ".join(f"{x:.2f}" for x in ratios)
                lines.append(f"ratio {ours}/{anchor}: {statistics.median(ratios):.2f}x"
                             f" (per round: {each})")
            else:
                lines.append(f"ratio {ours}/{anchor}: - (no round where both ran)")
    return lines


def report(path, only_case, markdown):
    rows = load(path)
    cases = list(dict.fromkeys(r["case"] for r in rows))
    for c in cases:
        if only_case and c != only_case:
            continue
        mine = [r for r in rows if r["case"] == c]
        rounds = len({r["round"] for r in mine})
        title = f"{mine[0]['label']} ({rounds} round{'s' if rounds != 1 else ''})"
        print(f"\n#### {title}\n" if markdown else f"\n== {title} ==")
        for line in case_table(mine, markdown):
            print(line)


def freeport():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def main(argv):
    if len(argv) == 2 and argv[0] == "parse":
        parse(argv[1])
    elif len(argv) >= 2 and argv[0] == "report":
        case = argv[argv.index("--case") + 1] if "--case" in argv else None
        report(argv[1], case, "--markdown" in argv)
    elif argv == ["freeport"]:
        freeport()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
