#!/usr/bin/env python3
"""Helper for bench/run.sh (Python 3 standard library only).

  wrkstats.py report RESULTS [--case ID] [--markdown]
                        tables from the TSV run.sh writes (columns: see FIELDS)
  wrkstats.py targets RESULTS [--markdown]
                        the issues' targets, each checked against the run: met / MISSED
  wrkstats.py freeports N
                        N distinct TCP ports that are free on 127.0.0.1 right now
"""
import socket
import statistics
import sys

FIELDS = ["case", "label", "round", "server", "status", "rps", "p50_us", "p99_us", "timeouts",
          "sockerr", "non2xx", "requests", "rss_kb", "srv_cpu_pct", "cpu_us_req", "wrk_cpu_pct",
          "segs_req", "delack_req"]
ANCHORS = ("nginx", "lighttpd")
# Not servers: bench/floor, the least a keep-alive responder costs (bench/README.md). Its figures
# are shown for comparison and checked against no target.
REFERENCES = ("floor",)


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != len(FIELDS):
                continue
            row = dict(zip(FIELDS, parts))
            for k in ("rps", "p50_us", "p99_us", "srv_cpu_pct", "cpu_us_req", "wrk_cpu_pct",
                      "segs_req", "delack_req"):
                row[k] = float(row[k])
            for k in ("round", "timeouts", "sockerr", "non2xx", "requests", "rss_kb"):
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
            "server CPU", "CPU/req", "wrk CPU", "TCP segs/req", "delayed ACKs/req", "rounds ok"]
    body = []
    for s in servers:
        mine = [r for r in rows if r["server"] == s]
        ok = [r for r in mine if r["status"] == "ok" and r["rps"] >= 0]
        def med(key, fmt):
            vals = [r[key] for r in ok if r[key] >= 0]
            return fmt(statistics.median(vals)) if vals else "-"

        cells = [med("rps", lambda v: f"{v:,.0f}"), med("p50_us", fmt_us),
                 med("p99_us", fmt_us)]
        cells += [str(sum(r["timeouts"] for r in mine)), str(sum(r["sockerr"] for r in mine)),
                  str(sum(r["non2xx"] for r in mine)), fmt_rss(max(r["rss_kb"] for r in mine)),
                  med("srv_cpu_pct", lambda v: f"{v:.0f}%"), med("cpu_us_req", lambda v: f"{v:.1f} us"),
                  med("wrk_cpu_pct", lambda v: f"{v:.0f}%"),
                  med("segs_req", lambda v: f"{v:.2f}"), med("delack_req", lambda v: f"{v:.2f}"),
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
    """Ratio of each of our variants to each anchor (and to the floor, if it ran), per round (same
    time window), then the median."""
    good = {(r["server"], r["round"]): r["rps"] for r in rows if r["status"] == "ok" and r["rps"] > 0}
    lines = []
    for ours in (s for s in servers if s not in ANCHORS + REFERENCES):
        for anchor in (a for a in ANCHORS + REFERENCES if a in servers):
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


def per_round_ratios_by_round(rows, num, den, value):
    """{round: value(num row) / value(den row)} for every round in which both ran fine."""
    good = {(r["case"], r["server"], r["round"]): r for r in rows
            if r["status"] == "ok" and r["rps"] > 0}
    out = {}
    for rnd in sorted({r["round"] for r in rows}):
        a, b = good.get(num + (rnd,)), good.get(den + (rnd,))
        if a is not None and b is not None and value(b) > 0:
            out[rnd] = value(a) / value(b)
    return out


def per_round_ratios(rows, num, den, value):
    """value(num row) / value(den row) for every round in which both ran fine."""
    return list(per_round_ratios_by_round(rows, num, den, value).values())


def target_lines(rows):
    """One line per target of issues 3 and 10 that the run's cases and servers can check."""
    cases = {r["case"] for r in rows}
    servers = list(dict.fromkeys(r["server"] for r in rows))
    ours = [s for s in servers if s not in ANCHORS and s not in REFERENCES]
    lines = []

    def verdict(ok):
        return "met" if ok else "MISSED"

    def ratio_target(what, num, den, value, minimum=None, maximum=None):
        ratios = per_round_ratios(rows, num, den, value)
        if not ratios:
            lines.append(f"{what}: - (no round where both ran)")
            return
        m = statistics.median(ratios)
        each = " ".join(f"{x:.2f}" for x in ratios)
        if minimum is not None:
            tail = f"; target >= {minimum}) {verdict(m >= minimum)}"
        elif maximum is not None:
            tail = f"; target < {maximum}) {verdict(m < maximum)}"
        else:
            tail = ")"  # for information
        lines.append(f"{what}: {m:.2f}x (per round: {each}{tail}")

    def scaling_vs_floor(s, c):
        """How the server's c / ka1k ratio compares with the floor's in the same round: 1.0 means
        it loses exactly what the kernel loses (for information)."""
        num = per_round_ratios_by_round(rows, (c, s), ("ka1k", s), rps)
        den = per_round_ratios_by_round(rows, (c, "floor"), ("ka1k", "floor"), rps)
        ratios = [num[k] / den[k] for k in sorted(num) if k in den and den[k] > 0]
        if ratios:
            each = " ".join(f"{x:.2f}" for x in ratios)
            lines.append(f"{s} {c} scaling / the floor's scaling: {statistics.median(ratios):.2f}x"
                         f" (per round: {each})")

    rps = lambda r: r["rps"]  # noqa: E731
    p99 = lambda r: r["p99_us"]  # noqa: E731
    for s in ours:
        for c, anchor, minimum in (("ka1k", "lighttpd", 1.3), ("ka1k400", "lighttpd", 1.3),
                                   ("ka64k", "nginx", 1.2)):
            if c in cases and anchor in servers:
                ratio_target(f"{s} {c} req/s / {anchor}", (c, s), (c, anchor), rps, minimum)
        for c in ("ka1k2k", "ka1k10k"):
            if c not in cases:
                continue
            if "ka1k" in cases:
                ratio_target(f"{s} {c} req/s / its own ka1k (c=50)", (c, s), ("ka1k", s), rps,
                             0.9 if c == "ka1k10k" else None)
                if "floor" in servers:
                    scaling_vs_floor(s, c)
            mine = [r for r in rows if r["case"] == c and r["server"] == s]
            lost = sum(r["timeouts"] + r["sockerr"] for r in mine)
            failed = sum(r["status"] != "ok" for r in mine)
            lines.append(f"{s} {c} timeouts + socket errors: {lost} in {len(mine)} round(s),"
                         f" {failed} failed round(s) (target 0) {verdict(lost == 0 and failed == 0)}")
            if "nginx" in servers:
                ratio_target(f"{s} {c} p99 / nginx's p99", (c, s), (c, "nginx"), p99,
                             maximum=1.0)
            peak = max((r["rss_kb"] for r in mine), default=0)
            lines.append(f"{s} {c} peak RSS: {fmt_rss(peak)} (target < 8 MiB)"
                         f" {verdict(0 < peak < 8 * 1024)}")
    # The same scaling for the anchors, and what it cost in CPU per request: whether a drop is
    # the server's or the machine's (kernel, load generator) shows side by side.
    cpu = lambda r: r["cpu_us_req"]  # noqa: E731
    for c in ("ka1k2k", "ka1k10k"):
        if c not in cases or "ka1k" not in cases:
            continue
        for s in servers:
            if s in ANCHORS or s in REFERENCES:
                ratio_target(f"{s} {c} req/s / its own ka1k (for comparison)", (c, s),
                             ("ka1k", s), rps)
            ratio_target(f"{s} {c} CPU per request / its own ka1k", (c, s), ("ka1k", s), cpu)
    return lines


def targets(path, markdown):
    lines = target_lines(load(path))
    for line in lines:
        print(("- " if markdown else "") + line)


def freeports(n):
    socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(n)]
    try:
        for s in socks:  # held open together, so the ports differ
            s.bind(("127.0.0.1", 0))
        print(" ".join(str(s.getsockname()[1]) for s in socks))
    finally:
        for s in socks:
            s.close()


def main(argv):
    if len(argv) >= 2 and argv[0] == "report":
        case = argv[argv.index("--case") + 1] if "--case" in argv else None
        report(argv[1], case, "--markdown" in argv)
    elif len(argv) >= 2 and argv[0] == "targets":
        targets(argv[1], "--markdown" in argv)
    elif len(argv) == 2 and argv[0] == "freeports" and argv[1].isdigit() and 0 < int(argv[1]) < 100:
        freeports(int(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
