"""What one test asks for on one target: action, flags, requirements, expected diagnostics.

Reads a test's dg- directives (dejagnu.py) the way libstdc++'s DejaGnu driver does, with the
target's effective-target probes deciding selectors and dg-require-*. The result is a Plan the
runner executes, or an 'unsupported' verdict with the directive that made it so.
"""
import fnmatch
import re
import shlex

import dejagnu

DEFAULT_TIMEOUT = 60.0  # seconds of host time per test, times dg-timeout-factor

# dg-require-NAME -> effective-target keyword (libstdc++'s dg-options.exp).
REQUIRE = {
    "dg-require-gthreads": "gthreads",
    "dg-require-gthreads-timed": "gthreads_timed",
    "dg-require-atomic-builtins": "atomic_builtins",
    "dg-require-cstdint": "cstdint",
    "dg-require-sleep": "sleep",
    "dg-require-sched-yield": "sched_yield",
    "dg-require-time": "time",
    "dg-require-thread-fence": "thread_fence",
    "dg-require-nprocs": "nprocs",
    "dg-require-normal-namespace": "normal_namespace",
    "dg-require-filesystem-ts": "filesystem_ts",
}
# dg-add-options NAME adds nothing on these two targets: libatomic only for hppa, powerpc,
# riscv and sparc (dg-options.exp); ieee only for alpha, sh and the like (target-supports.exp).
ADD_OPTIONS = {"libatomic", "ieee"}


class Plan:
    def __init__(self, path):
        self.path = path
        self.action = "run"  # libstdc++.exp: dg-do-what-default
        self.flags = []
        self.unsupported = None  # reason, when the test's directives skip it on this target
        self.xfail_compile = self.xfail_run = False
        self.messages = []  # (line, regex) for dg-error / dg-warning
        self.prunes = []
        self.scans = []  # dg-final scan-assembler* (kind, regex, count)
        self.timeout = DEFAULT_TIMEOUT


def _flags_match(flags, include, exclude):
    """dg-skip-if / dg-xfail-if option lists: all of include present, none of exclude."""

    def present(pattern):
        return any(fnmatch.fnmatchcase(f, pattern) for f in flags)

    inc = [p for p in dejagnu.tcl_words(include) if p] if include else []
    exc = [p for p in dejagnu.tcl_words(exclude) if p] if exclude else []
    return all(present(p) for p in inc) and not any(present(p) for p in exc)


def _message_line(spec, here):
    if spec is None or spec == ".":
        return here
    m = re.match(r"\.\s*([-+])\s*(\d+)$", spec)
    if m:
        return here + int(m.group(2)) * (1 if m.group(1) == "+" else -1)
    return int(spec)


def make_plan(path, source, target, ignore_filesystem_ts):
    """The Plan for the test at `path` (relative to the suite) with text `source` on `target`."""
    plan = Plan(path)
    ds = dejagnu.directives(source)

    # Options first: selectors such as { target c++17 } depend on the final -std.
    options, additional = [], []
    plain = dejagnu.Selector(target.triplet, target.keyword)
    for d in ds:
        if d.name in ("dg-options", "dg-additional-options"):
            if len(d.args) > 1 and not plain.selector(d.args[1])[1]:
                continue
            if d.name == "dg-options":
                options = shlex.split(d.args[0])
            else:
                additional += shlex.split(d.args[0])
        elif d.name == "dg-add-options":
            if d.args[0] not in ADD_OPTIONS:
                raise ValueError("%s: unknown dg-add-options %s" % (path, d.args[0]))
    plan.flags = options + additional
    year = dejagnu.std_year(["-std=gnu++20"] + plan.flags)

    def keyword(word):
        std = dejagnu.std_keyword(word, year)
        return std if std is not None else target.keyword(word)

    sel = dejagnu.Selector(target.triplet, keyword)
    skip = None
    for d in ds:
        a = d.args
        if d.name == "dg-do":
            plan.action = a[0]
            if len(a) > 1:
                kind, matched = sel.selector(a[1])
                if kind == "target" and not matched:
                    skip = skip or "dg-do %s {%s}" % (a[0], a[1].strip())
                elif kind == "xfail" and matched:
                    plan.xfail_compile = True
        elif d.name == "dg-require-effective-target":
            if (len(a) < 2 or sel.selector(a[1])[1]) and not keyword(a[0]):
                skip = skip or "effective target %s" % a[0]
        elif d.name in REQUIRE:
            if d.name == "dg-require-filesystem-ts" and ignore_filesystem_ts:
                continue  # asks for <experimental/filesystem>; these tests use <filesystem>
            if not keyword(REQUIRE[d.name]):
                skip = skip or "%s (%s false)" % (d.name, REQUIRE[d.name])
        elif d.name in ("dg-skip-if", "dg-xfail-if", "dg-xfail-run-if"):
            matched = sel.matches(a[1]) and _flags_match(
                ["-std=gnu++20"] + plan.flags, a[2] if len(a) > 2 else None,
                a[3] if len(a) > 3 else None)
            if matched and d.name == "dg-skip-if":
                skip = skip or "dg-skip-if %s {%s}" % (a[0], a[1].strip())
            elif matched and d.name == "dg-xfail-if":
                plan.xfail_compile = True
            elif matched:
                plan.xfail_run = True
        elif d.name in ("dg-error", "dg-warning"):
            if len(a) > 2 and a[2].strip() and not sel.selector(a[2])[1]:
                continue
            plan.messages.append((_message_line(a[3] if len(a) > 3 else None, d.line), a[0]))
        elif d.name == "dg-prune-output":
            plan.prunes.append(a[0])
        elif d.name == "dg-final":
            words = dejagnu.tcl_words(a[0])
            if words[0] not in ("scan-assembler", "scan-assembler-not", "scan-assembler-times"):
                raise ValueError("%s: unsupported dg-final %s" % (path, words[0]))
            plan.scans.append((words[0], words[1], int(words[2]) if len(words) > 2 else None))
        elif d.name == "dg-timeout-factor":
            plan.timeout = DEFAULT_TIMEOUT * float(a[0])
        elif d.name in ("dg-options", "dg-additional-options", "dg-add-options"):
            pass
        else:
            raise ValueError("%s:%d: unknown directive %s" % (path, d.line, d.name))
    plan.unsupported = skip
    return plan
