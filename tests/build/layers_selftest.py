#!/usr/bin/env python3
"""Proves scripts/check_layers.py catches what it must: for each case a temp tree with one
include (or one compile command), then the check's exit status and message."""
import json
import os
import subprocess
import sys
import tempfile

CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                     "check_layers.py")

BASE = {
    "kernel/include/kernel/kernel.h": "",
    "kernel/include/kernel/board_if.h": "",
    "board/include/board/board.h": '#include "kernel/board_if.h"\n',
    "port/posix/include/pthread.h": "",
    "port/vfs/include/mcustd/vfs.hpp": "",
    "base/core/include/mcustd/error.hpp": "#include <cstdio>\n#include <vector>\n",
    "base/romfs/src/image.cpp": '#include "mcustd/error.hpp"\n#include <span>\n',
    "lib/net/include/mcustd/net/tcp.hpp": '#include "mcustd/error.hpp"\n',
    "apps/hello/hello.cpp":
        '#include "mcustd/error.hpp"\n#include <pthread.h>\n#include <vector>\n',
}


def run_case(extra, compile_db=None):
    with tempfile.TemporaryDirectory() as root:
        for rel, text in {**BASE, **extra}.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        cmd = [sys.executable, CHECK, "--root", root]
        if compile_db is not None:
            db_path = os.path.join(root, "compile_commands.json")
            with open(db_path, "w", encoding="utf-8") as f:
                json.dump([{"directory": root, "file": os.path.join(root, e[0]),
                            "command": e[1].replace("@", root)} for e in compile_db], f)
            cmd += ["--compile-db", db_path]
        r = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return r.returncode, r.stdout + r.stderr


CASES = [
    # name, extra files, compile db, expected status, expected text
    ("clean tree passes",
     {"kernel/src/sched.cpp": '#include "kernel/board_if.h"\n',
      "port/romfs/src/rom_fs.cpp": '#include "mcustd/error.hpp"\n#include <mcustd/vfs.hpp>\n',
      "port/libstdcxx/src/thread.cpp": '#include <mcustd/error.hpp>\n'}, None,
     0, "no upward include"),
    ("kernel includes board", {"kernel/src/sched.cpp": '#include "board/board.h"\n'}, None,
     1, "kernel/src/sched.cpp: includes board/board.h"),
    ("port includes lib",
     {"port/vfs/vfs.cpp": '#include "mcustd/net/tcp.hpp"\n'}, None,
     1, "port/vfs/vfs.cpp: includes mcustd/net/tcp.hpp"),
    ("lib includes kernel", {"lib/net/src/a.cpp": '#include "kernel/kernel.h"\n'}, None,
     1, "lib/net/src/a.cpp: includes kernel/kernel.h"),
    ("lib includes a port internal", {"lib/net/src/a.cpp": "#include <mcustd/vfs.hpp>\n"},
     None, 1, "lib/net/src/a.cpp: includes mcustd/vfs.hpp"),
    ("base includes lib", {"base/romfs/src/a.cpp": '#include "mcustd/net/tcp.hpp"\n'}, None,
     1, "base/romfs/src/a.cpp: includes mcustd/net/tcp.hpp"),
    ("base includes the port", {"base/romfs/src/a.cpp": "#include <mcustd/vfs.hpp>\n"}, None,
     1, "base/romfs/src/a.cpp: includes mcustd/vfs.hpp"),
    ("base includes a POSIX header (the port's)",
     {"base/romfs/src/a.cpp": "#include <pthread.h>\n"}, None,
     1, "base/romfs/src/a.cpp: includes <pthread.h>, a C or POSIX header"),
    ("base includes a POSIX header (the system's)",
     {"base/core/include/mcustd/clock.hpp": "#include <sys/time.h>\n"}, None,
     1, "base/core/include/mcustd/clock.hpp: includes <sys/time.h>"),
    ("arch part includes a board header",
     {"kernel/arch/armv7-m/include/kernel/arch_cpu.h": '#include "board/board_config.h"\n',
      "board/mps2-an386/include/board/board_config.h": ""}, None,
     1, "kernel/arch/armv7-m/include/kernel/arch_cpu.h: includes board/board_config.h"),
    ("kernel core bypasses kernel/arch.h",
     {"kernel/arch/armv7-m/include/kernel/arch_cpu.h": "",
      "kernel/include/kernel/arch.h": '#include "kernel/arch_cpu.h"\n',
      "kernel/src/sched.cpp": '#include "kernel/arch.h"\n#include "kernel/arch_cpu.h"\n'},
     None, 1, "kernel/src/sched.cpp: includes kernel/arch_cpu.h"),
    ("board includes another board's driver",
     {"board/mps2-an386/lan9118/include/board/lan9118.h": "",
      "board/netduinoplus2/usart.c": '#include "board/lan9118.h"\n'}, None,
     1, "board/netduinoplus2/usart.c: includes board/lan9118.h"),
    ("each board and the shared code use board_config.h",
     {"board/mps2-an386/include/board/board_config.h": "",
      "board/netduinoplus2/include/board/board_config.h": "",
      "board/netduinoplus2/usart.c": '#include "board/board_config.h"\n',
      "board/common/irq.c": '#include "board/board_config.h"\n#include "board_internal.h"\n',
      "board/common/board_internal.h": ""}, None, 0, "no upward include"),
    ("port part includes another part's internals",
     {"port/ramfs/src/node.hpp": "",
      "port/fsdir/src/dir.cpp": '#include "../../ramfs/src/node.hpp"\n'}, None,
     1, "port/fsdir/src/dir.cpp: includes ../../ramfs/src/node.hpp"),
    ("portable source with a kernel include path", {},
     [("apps/hello/hello.cpp", "g++ -I@/base/core/include -I@/kernel/include -c hello.cpp")],
     1, "apps/hello/hello.cpp: compiled with include path kernel/include"),
    ("base source with a port internal include path", {},
     [("base/romfs/src/image.cpp", "g++ -I@/base/core/include -I@/port/vfs/include -c x.cpp")],
     1, "base/romfs/src/image.cpp: compiled with include path port/vfs/include"),
    ("portable source with system headers only", {},
     [("apps/hello/hello.cpp",
       "g++ -I@/base/core/include -I@/port/posix/include -isystem /usr/include -c x.cpp")],
     0, "portable include paths only"),
]


def main():
    failed = 0
    for name, extra, db, want_rc, want_text in CASES:
        rc, out = run_case(extra, db)
        ok = rc == want_rc and want_text in out
        print(f"{'ok  ' if ok else 'FAIL'} {name}: exit {rc}" + ("" if ok else f"\n{out}"))
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
