"""The two targets the suite runs on: the Linux host and the MCU (Cortex-M4F in QEMU mps2-an386).

Each target compiles, links and runs one test in isolation and answers effective-target probes
(dg-require-*, { target gthreads }) by compiling or linking a small program with its own
compiler and flags, as libstdc++'s DejaGnu procedures do. The MCU's compile and link command
lines are the ones CMake ran for a probe image (record_command.py wrote them), so a test is
compiled and linked exactly like the project's own QEMU images, against the platform libraries
CMake already built. Standard library only.
"""
import importlib.util
import json
import os
import shlex
import signal
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QEMU_RUNNER = os.path.join(HERE, "..", "..", "board", "mps2-an386", "qemu", "run.py")

# Flags every test gets before its own dg-options (libstdc++.exp's cxxflags; the standard is our
# choice: GCC 12's DejaGnu would use the compiler's default, gnu++17). Diagnostics without
# carets, columns or colour, as the .exp files ask, so dg-error lines match.
SUITE_FLAGS = ["-std=gnu++20", "-O2", "-D_GLIBCXX_ASSERTIONS", "-fmessage-length=0",
               "-fno-show-column", "-fdiagnostics-plain-output"]
# The objects DejaGnu's v3-build_support puts in libtestc++.a that the selected tests use.
UTIL_SOURCES = ["testsuite_hooks.cc", "testsuite_allocator.cc", "testsuite_character.cc"]

# Preprocessor probes: libstdc++.exp's v3_check_preprocessor_condition conditions.
CONDITIONS = {
    "gthreads": "defined _GLIBCXX_HAS_GTHREADS",
    "gthreads_timed": "defined _GLIBCXX_HAS_GTHREADS && _GTHREAD_USE_MUTEX_TIMEDLOCK",
    "atomic_builtins": "__GCC_ATOMIC_BOOL_LOCK_FREE > 1 && __GCC_ATOMIC_INT_LOCK_FREE > 1",
    "futex": "_GLIBCXX_HAVE_LINUX_FUTEX",
    "cstdint": "defined _GLIBCXX_USE_C99_STDINT_TR1",
    "sleep": "defined _GLIBCXX_USE_NANOSLEEP || defined _GLIBCXX_HAVE_SLEEP",
    "sched_yield": "defined _GLIBCXX_USE_SCHED_YIELD",
    "nprocs": "defined _GLIBCXX_USE_GET_NPROCS || defined _GLIBCXX_USE_PTHREADS_NUM_PROCESSORS_NP"
              " || defined _GLIBCXX_USE_SYSCTL_HW_NCPU || defined _GLIBCXX_USE_SC_NPROCESSORS_ONLN"
              " || defined _GLIBCXX_USE_SC_NPROC_ONLN",
    "normal_namespace": "!_GLIBCXX_INLINE_VERSION",
    "ia32": "defined __i386__",
    # libstdc++.exp links an <experimental/filesystem> program with -lstdc++fs; the header's
    # presence answers the same question here (the harness ignores it for 27_io/filesystem).
    "filesystem_ts": "__has_include(<experimental/filesystem>)",
}
# Compile (object) and link probes: target-supports.exp / libstdc++.exp programs.
PROGRAMS = {
    "pthread": ("object", "#include <pthread.h>\nvoid foo(void) {}\n", ["-pthread"]),
    "thread_fence": ("link", "int main() { __atomic_thread_fence(__ATOMIC_SEQ_CST); return 0; }\n",
                     ["-Werror", "-std=gnu++11"]),
    "time": ("link", "#include <time.h>\nint main() { time(0); }\n", []),
    "static": ("link", "int main() { return 0; }\n", ["-static"]),
}


class RunResult:
    def __init__(self, status, detail, output):
        self.status, self.detail, self.output = status, detail, output


def _run(cmd, cwd=None, timeout=None):
    """Runs cmd in its own process group; returns (returncode or None on timeout, output)."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code = None
        out.seek(0)
        return code, out.read().decode("utf-8", "replace")


class Target:
    name = None
    triplet = None

    def __init__(self, suite_dir, work_dir):
        self.suite_dir, self.work_dir = suite_dir, work_dir
        self.util_dir = os.path.join(suite_dir, "util")
        self._probes = {}

    # Subclasses: compiler(), compile_flags(flags), link_command(objects, out, flags), run().
    def translate(self, flags):
        return list(flags)

    def compile(self, src, out, flags, mode="-c"):
        cmd = self.compiler() + self.compile_flags(SUITE_FLAGS + ["-I", self.util_dir] +
                                                   self.translate(flags))
        cmd += [mode, src, "-o", out]
        code, output = _run(cmd)
        return code == 0, output

    def link(self, objects, out, flags):
        code, output = _run(self.link_command(objects + [self.util_archive], out,
                                              self.translate(flags)))
        return code == 0, output

    def build_util(self):
        """libtestc++.a: testsuite_hooks.cc and friends, compiled once per run."""
        objdir = os.path.join(self.work_dir, "util")
        os.makedirs(objdir, exist_ok=True)
        objects = []
        for name in UTIL_SOURCES:
            obj = os.path.join(objdir, name + ".o")
            ok, output = self.compile(os.path.join(self.util_dir, name), obj, [])
            if not ok:
                raise RuntimeError("%s: cannot compile %s:\n%s" % (self.name, name, output))
            objects.append(obj)
        self.util_archive = os.path.join(self.work_dir, "libtestc++.a")
        if os.path.exists(self.util_archive):
            os.remove(self.util_archive)
        code, output = _run([self.archiver(), "rcs", self.util_archive] + objects)
        if code != 0:
            raise RuntimeError("%s: ar failed:\n%s" % (self.name, output))

    def keyword(self, word):
        """An effective-target keyword, answered by a compile/link probe (cached per run)."""
        if word == "lto":
            return False  # the harness never adds -flto
        if word not in self._probes:
            self._probes[word] = self._probe(word)
        return self._probes[word]

    def probes(self):
        """The keywords asked so far and their answers."""
        return dict(self._probes)

    def _probe(self, word):
        with tempfile.TemporaryDirectory(dir=self.work_dir) as tmp:
            src = os.path.join(tmp, "probe.cc")
            if word in CONDITIONS:
                cond = CONDITIONS[word]
                code = "#include <bits/c++config.h>\n#if ! (%s)\n#error false\n#endif\n" % cond
                with open(src, "w") as f:
                    f.write(code)
                ok, output = self.compile(src, os.path.join(tmp, "probe.i"), ["-Werror"], "-E")
                return ok
            if word not in PROGRAMS:
                raise KeyError("unknown effective-target keyword '%s'" % word)
            kind, code, flags = PROGRAMS[word]
            with open(src, "w") as f:
                f.write(code)
            obj = os.path.join(tmp, "probe.o")
            ok, output = self.compile(src, obj, flags)
            if ok and kind == "link":
                ok, output = self.link([obj], os.path.join(tmp, "probe.exe"), flags)
            return ok and not output.strip()


class Host(Target):
    name = "host"
    triplet = "x86_64-pc-linux-gnu"

    def compiler(self):
        return ["g++"]

    def archiver(self):
        return "ar"

    def compile_flags(self, flags):
        return flags

    def link_command(self, objects, out, flags):
        return ["g++"] + flags + objects + ["-o", out]

    def run(self, exe, cwd, timeout):
        code, output = _run([exe], cwd=cwd, timeout=timeout)
        if code is None:
            return RunResult("timeout", "killed after %.0f s" % timeout, output)
        if code == 0:
            return RunResult("pass", "", output)
        if code < 0:
            sig = signal.Signals(-code).name
            kind = "abort" if sig == "SIGABRT" else (
                "fault" if sig in ("SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE") else "signal")
            return RunResult("runtime-fail", "%s (%s)" % (kind, sig), output)
        return RunResult("runtime-fail", "exit %d" % code, output)


class Mcu(Target):
    """Cortex-M4F: compile and link lines recorded from CMake's probe image; QEMU runs it."""
    name = "mcu"
    triplet = "arm-none-eabi"
    # Exit codes the board and the port give (board/include/board/board.h, port/libc).
    EXITS = {134: "abort", 120: "fault", 121: "fault (stack overflow)", 122: "panic"}

    def __init__(self, suite_dir, work_dir, commands_dir):
        super().__init__(suite_dir, work_dir)
        with open(os.path.join(commands_dir, "compile.json")) as f:
            compile_rec = json.load(f)
        with open(os.path.join(commands_dir, "link.json")) as f:
            self._link = json.load(f)
        self._link["object"] = next(a for a in self._link["argv"]
                                    if a.endswith(("probe_main.cpp.obj", "probe_main.cpp.o")))
        argv = compile_rec["argv"]
        self._cc = argv[0]
        # Drop the probe's own output, source and dependency-file options, and the flags the
        # suite chooses itself (standard, optimisation, NDEBUG: tests assert()).
        kept, skip = [], False
        for arg in argv[1:]:
            if skip:
                skip = False
            elif arg in ("-o", "-MT", "-MF", "-MQ"):
                skip = True
            elif arg in ("-c", "-MD", "-MMD", "-DNDEBUG") or arg.endswith("probe_main.cpp"):
                pass
            elif not arg.startswith(("-std=", "-O")):
                kept.append(arg)
        self._flags = kept
        spec = importlib.util.spec_from_file_location("mcustd_qemu_run", QEMU_RUNNER)
        self._qemu = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self._qemu)

    def compiler(self):
        return [self._cc]

    def archiver(self):
        return self._cc[:-len("g++")] + "ar" if self._cc.endswith("g++") else "ar"

    def translate(self, flags):
        # The port's POSIX threads are always linked: -pthread, which selects them on a hosted
        # GCC and which arm-none-eabi-gcc rejects, means nothing more here.
        return [f for f in flags if f != "-pthread"]

    def compile_flags(self, flags):
        return self._flags + flags

    def link_command(self, objects, out, flags):
        argv, cmd, skip = self._link["argv"], [], False
        for i, arg in enumerate(argv):
            if skip:
                skip = False
            elif arg == "-o":
                cmd += ["-o", os.path.abspath(out)]
                skip = True
            elif arg == self._link["object"]:
                cmd += [os.path.abspath(o) for o in objects]
            elif arg.startswith("-Wl,-Map="):
                cmd.append("-Wl,-Map=" + os.path.abspath(out) + ".map")
            elif i > 0 and not arg.startswith("-") and not os.path.isabs(arg):
                cmd.append(os.path.normpath(os.path.join(self._link["cwd"], arg)))
            else:
                cmd.append(arg)
        extra = [f for f in flags if f.startswith("-l")]
        return cmd + extra

    def run(self, exe, cwd, timeout):
        # The suite runs on the mps2-an386 image (presets m4f); other boards leave it out.
        args = self._qemu.argparse.Namespace(
            qemu="qemu-system-arm", machine="mps2-an386", icount=True, icount_shift=3,
            nic_user=False, hostfwd=[], qemu_arg=[], elf=exe)
        code, output = _run(self._qemu.qemu_command(args), cwd=cwd, timeout=timeout)
        if code is None:
            return RunResult("timeout", "killed after %.0f s" % timeout, output)
        if code == 0:
            return RunResult("pass", "", output)
        return RunResult("runtime-fail", self.EXITS.get(code, "exit %d" % code), output)


def describe(target):
    """One line naming the toolchain, for the report."""
    code, out = _run(target.compiler() + ["--version"])
    return out.splitlines()[0] if out else "?"


def now():
    return time.monotonic()


def quote(cmd):
    return " ".join(shlex.quote(c) for c in cmd)
