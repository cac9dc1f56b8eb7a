#!/usr/bin/env python3
"""Runs the selected part of GCC 12's libstdc++ testsuite on the host or on the MCU in QEMU.

Each test is planned from its dg- directives (plan.py), then compiled, linked and run on its
own (targets.py): one result per test, an abort or a fault charged to that test, a timeout per
test. First the self-check: the deliberately failing tests in selfcheck/ must each be detected
as their kind of failure, or the run fails. Then the table per directory, the failure list, and
the verdict against the committed expected-failures file: the run fails when a test fails that
the file does not name, or when a test the file names passes (so the file stays true).
--update-expected rewrites this target's lines of that file from the run (see README.md).
Standard library only.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import sys
import time

import dejagnu
import plan as planning
import targets

SELECTION = ["18_support/exception_ptr", "18_support/nested_exception",
             "18_support/uncaught_exception", "18_support/uncaught_exceptions",
             "18_support/pthread_guard.cc", "18_support/96817.cc", "20_util/shared_ptr/atomic",
             "20_util/shared_ptr/thread", "27_io/filesystem", "29_atomics", "30_threads"]
FAILURES = ("compile-fail", "link-fail", "runtime-fail", "timeout")
COLUMNS = ("pass", "compile-fail", "link-fail", "runtime-fail", "timeout", "unsupported")
HERE = os.path.dirname(os.path.abspath(__file__))


class Result:
    def __init__(self, path, status, detail="", output="", seconds=0.0):
        self.path, self.status, self.detail = path, status, detail
        self.output, self.seconds = output, seconds


def discover(suite_dir, pattern):
    tests = []
    for entry in SELECTION:
        root = os.path.join(suite_dir, entry)
        if os.path.isfile(root):
            tests.append(entry)
            continue
        if not os.path.isdir(root):
            raise SystemExit("run_suite: %s missing: is the testsuite extracted?" % root)
        for dirpath, _, files in os.walk(root):
            for f in files:
                if f.endswith(".cc"):
                    tests.append(os.path.relpath(os.path.join(dirpath, f), suite_dir))
    regex = re.compile(pattern) if pattern else None
    return sorted(t for t in tests if not regex or regex.search(t))


def _first_error(text):
    """The line that says what went wrong, not the "In function" context before it."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    for ln in lines:
        if re.search(r"error:|undefined reference|multiple definition|warning:", ln):
            return ln
    return lines[0] if lines else ""


def _diagnostics(p, output, ok):
    """None when the compiler said exactly what the test expects (dg.exp rules: expected
    messages are removed first, then the prune rules, then anything left is an excess error)."""
    missing, rest = dejagnu.match_messages(output, p.messages)
    rest = dejagnu.prune(rest, p.prunes)
    if missing:
        return "missing diagnostic at line %d: %s" % missing[0]
    if rest.strip():
        return "excess errors: " + _first_error(rest)
    if not ok and not p.messages:
        return "compiler failed"
    return None


def _scan(p, asm_path):
    with open(asm_path, errors="replace") as f:
        asm = f.read()
    for kind, regex, count in p.scans:
        found = len(re.findall(regex, asm))
        if (kind == "scan-assembler" and not found) or (kind == "scan-assembler-not" and found) or \
                (kind == "scan-assembler-times" and found != count):
            return "%s %s: found %d" % (kind, regex, found)
    return None


def execute(p, target, src, testdir):
    """Compiles, links and runs one planned test; returns (status, detail, output)."""
    if p.unsupported:
        return "unsupported", p.unsupported, ""
    os.makedirs(testdir, exist_ok=True)
    base = os.path.join(testdir, "t")
    mode, out = {"preprocess": ("-E", base + ".i"), "compile": ("-S", base + ".s")}.get(
        p.action, ("-c", base + ".o"))
    ok, output = target.compile(src, out, p.flags, mode)
    problem = _diagnostics(p, output, ok)
    if problem is None and p.action == "compile" and p.scans:
        problem = _scan(p, out)
    if problem:
        return ("xfail" if p.xfail_compile else "compile-fail"), problem, output
    if p.action in ("compile", "preprocess"):
        return "pass", "", output
    exe = base + ".exe"
    ok, output = target.link([out], exe, p.flags)
    if not ok or output.strip():
        return "link-fail", _first_error(output) or "linker failed", output
    if p.action == "link":
        return "pass", "", output
    r = target.run(exe, testdir, p.timeout)
    if r.status != "pass" and p.xfail_run:
        return "xfail", r.detail, r.output
    return r.status, r.detail, r.output


def run_one(path, src, p, target, work):
    testdir = os.path.join(work, "tests", path.replace("/", "__"))
    start = time.monotonic()
    try:
        status, detail, output = execute(p, target, src, testdir)
    except Exception as e:  # a harness bug is that test's failure, reported, not a crash
        status, detail, output = "runtime-fail", "harness error: %r" % e, ""
    if status in ("pass", "unsupported", "xfail"):
        shutil.rmtree(testdir, ignore_errors=True)
    return Result(path, status, tidy(detail, src, work), tidy(output, src, work),
                  time.monotonic() - start)


def tidy(text, src, work):
    """Shorter report lines: paths relative to the suite, the test's directory, `ld`."""
    text = re.sub(r"/\S*/arm-none-eabi/bin/ld:", "ld:", text)
    text = re.sub(r"/\S*/libstdc\+\+-v3/src/", "libstdc++-v3/src/", text)
    text = text.replace(os.path.dirname(src) + "/", "")
    return text.replace(os.path.join(work, "tests") + "/", "")


# --- self-check ---------------------------------------------------------------------------------

def selfcheck_tests():
    """selfcheck/*.cc with their `// expect: STATUS KIND` and optional `// expect-output: RE`."""
    found = []
    sdir = os.path.join(HERE, "selfcheck")
    for name in sorted(os.listdir(sdir)):
        if not name.endswith(".cc"):
            continue
        text = open(os.path.join(sdir, name)).read()
        m = re.search(r"^// expect: (\S+)(?: (\S+))?$", text, re.M)
        out = re.search(r"^// expect-output: (.*)$", text, re.M)
        found.append((name, os.path.join(sdir, name), m.group(1), m.group(2),
                      out.group(1) if out else None))
    return found


def selfcheck_verdict(result, status, kind, output_re):
    if result.status != status:
        return "got %s (%s)" % (result.status, result.detail)
    if kind and not result.detail.startswith(kind):
        return "got %s (%s), expected kind %s" % (result.status, result.detail, kind)
    if output_re and not re.search(output_re, result.output):
        return "output does not match /%s/" % output_re
    return None


# --- expected failures --------------------------------------------------------------------------

def read_expected(path):
    """{(target, test): reason} from lines `TARGET TEST REASON...` (# starts a comment)."""
    entries = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
            if not line:
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or parts[0] not in ("host", "mcu"):
                raise SystemExit("%s:%d: want `host|mcu TEST REASON`" % (path, number))
            entries[(parts[0], parts[1])] = parts[2]
    return entries


def update_expected(path, target, results, old):
    """Rewrites `target`'s lines: keeps reasons of tests still failing, drops the rest, adds new
    failures as `pending: triage` (a person replaces that with a real reason or a fix)."""
    failing = {r.path: r for r in results if r.status in FAILURES}
    lines, kept = [], set()
    with open(path) as f:
        for line in f:
            parts = line.split(None, 2)
            if len(parts) == 3 and parts[0] == target and not line.startswith("#"):
                if parts[1] not in failing:
                    continue
                kept.add(parts[1])
            lines.append(line)
    for test in sorted(set(failing) - kept):
        r = failing[test]
        lines.append("%s %s pending: triage (%s: %s)\n" % (target, test, r.status,
                                                           r.detail[:80].replace("#", "")))
    with open(path, "w") as f:
        f.writelines(lines)


# --- report ---------------------------------------------------------------------------------------

def group_of(path):
    return next(s for s in SELECTION if path == s or path.startswith(s + "/"))


def table(results, target):
    counts = {}
    for r in results:
        row = counts.setdefault(group_of(r.path), dict.fromkeys(COLUMNS + ("xfail",), 0))
        row[r.status] += 1
    cols = list(COLUMNS) + (["xfail"] if any(c["xfail"] for c in counts.values()) else [])
    lines = ["| %s | tests | %s |" % (target, " | ".join(cols)),
             "|---|" + "---:|" * (len(cols) + 1)]
    total = dict.fromkeys(cols, 0)
    for group in SELECTION:
        if group not in counts:
            continue
        row = counts[group]
        for c in cols:
            total[c] += row[c]
        lines.append("| %s | %d | %s |" % (group, sum(row[c] for c in cols),
                                           " | ".join(str(row[c]) for c in cols)))
    lines.append("| **total** | %d | %s |" % (sum(total.values()),
                                              " | ".join(str(total[c]) for c in cols)))
    return "\n".join(lines)


def head(text, n=8):
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return "\n".join("      " + ln[:200] for ln in lines[:n])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", choices=("host", "mcu"), required=True)
    ap.add_argument("--suite-dir", required=True, help="extracted libstdc++-v3/testsuite")
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--commands-dir", help="MCU: compile.json and link.json from CMake's probe")
    ap.add_argument("--expected", default=os.path.join(HERE, "expected-failures.txt"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--filter", help="regex: run only matching tests (no stale-entry check)")
    ap.add_argument("--update-expected", action="store_true")
    args = ap.parse_args()
    started = time.monotonic()

    work = os.path.abspath(os.path.join(args.work_dir, args.target))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    if args.target == "host":
        target = targets.Host(args.suite_dir, work)
    else:
        if not args.commands_dir:
            ap.error("--commands-dir is required for --target mcu")
        target = targets.Mcu(args.suite_dir, work, args.commands_dir)
    print("libstdc++ suite on %s: %s" % (target.name, targets.describe(target)), flush=True)
    target.build_util()

    tests = discover(args.suite_dir, args.filter)
    plans = {}
    for t in tests:
        with open(os.path.join(args.suite_dir, t), errors="replace") as f:
            plans[t] = planning.make_plan(t, f.read(), target,
                                          ignore_filesystem_ts=t.startswith("27_io/filesystem/"))
    print("effective targets: " + " ".join("%s=%d" % (k, v)
                                           for k, v in sorted(target.probes().items())))
    checks = selfcheck_tests()
    check_plans = {}
    for name, src, _, _, _ in checks:
        with open(src) as f:
            check_plans[name] = planning.make_plan(name, f.read(), target, False)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        check_futures = {name: pool.submit(run_one, "selfcheck/" + name, src, check_plans[name],
                                           target, work)
                         for name, src, _, _, _ in checks}
        futures = [pool.submit(run_one, t, os.path.join(args.suite_dir, t), plans[t], target,
                               work) for t in tests]
        for done, _ in enumerate(concurrent.futures.as_completed(futures), 1):
            if done % 100 == 0:
                print("  %d/%d tests done, %.0f s" % (done, len(tests),
                                                     time.monotonic() - started), flush=True)
        results = [f.result() for f in futures]
        check_results = {n: f.result() for n, f in check_futures.items()}

    bad = False
    print("\n== self-check: deliberately failing tests must be detected")
    for name, _, status, kind, output_re in checks:
        problem = selfcheck_verdict(check_results[name], status, kind, output_re)
        print("  %-14s %s %s" % (name, "ok  " if not problem else "FAIL",
                                 problem or "%s (%s)" % (status, check_results[name].detail)))
        bad |= problem is not None

    expected = read_expected(args.expected)
    mine = {t: why for (tgt, t), why in expected.items() if tgt == target.name}
    print("\n== results per directory (%s)\n" % target.name)
    print(table(results, target.name))

    unexpected, fixed, stale = [], [], []
    print("\n== failures (%s)" % target.name)
    for r in results:
        if r.status in FAILURES:
            tag = "expected" if r.path in mine else "UNEXPECTED"
            if r.path not in mine:
                unexpected.append(r)
            print("  %s %s: %s (%s)%s" % (tag, r.path, r.status, r.detail,
                                          " -- " + mine[r.path] if r.path in mine else ""))
            print(head(r.output))
        elif r.path in mine:
            (fixed if r.status == "pass" else stale).append(r)
    by_path = {r.path for r in results}
    if not args.filter:
        stale += [Result(t, "absent") for t in mine if t not in by_path]
    unsupported = [r for r in results if r.status == "unsupported"]
    print("\n== unsupported by the tests' own directives (%s)" % target.name)
    for r in unsupported:
        print("  %s: %s" % (r.path, r.detail))

    for r in fixed:
        print("UNEXPECTED PASS: %s is in %s (%s)" % (r.path, args.expected, mine[r.path]))
    for r in stale:
        print("STALE ENTRY: %s is in %s but %s" % (r.path, args.expected, r.status))
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump([{"test": r.path, "status": r.status, "detail": r.detail,
                    "seconds": round(r.seconds, 2)} for r in results], f, indent=0)
    if args.update_expected:
        update_expected(args.expected, target.name, results, mine)
        print("updated %s (%s lines)" % (args.expected, target.name))
    bad |= bool(unexpected or fixed or stale)
    print("\n%s: %d tests, %d unexpected failures, %d unexpected passes, %d stale entries, "
          "%.0f s wall" % ("FAIL" if bad else "PASS", len(results), len(unexpected), len(fixed),
                           len(stale), time.monotonic() - started))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
