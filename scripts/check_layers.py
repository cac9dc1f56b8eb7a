#!/usr/bin/env python3
"""Fails on any include that goes up the layers, or a portable target given an MCU include path.

usage: check_layers.py [--root DIR] [--compile-db compile_commands.json]

Layers, bottom-up: base, kernel, board, port, lib, apps, firmware. A file may include headers of
its own layer and of the layers below it, with these exceptions:
- base/ is standard C++ only (no POSIX, no OS): it includes base/ headers and standard headers in
  their C++ form (<cstdio>, <vector>); any <name.h> is a finding. Every layer may include it, so
  code the port and the libraries share (Error/Result, the ROMFS reader) lives there.
- lib/ and apps/ are portable: they include only base/, lib/, apps/ and system headers (the port's
  replacement POSIX headers are system headers: a portable file names them <pthread.h>, never by
  the port's path), and the headers of the port's platform APIs (PLATFORM_API_DIRS: interfaces
  both targets implement, such as <mcustd/sysinfo.hpp>).
- the kernel reaches the board only through kernel/board_if.h, which the board implements.
Test directories build whole images and sit above every layer, so they are not checked.

Within the layers that have parts:
- kernel/: the portable core reaches kernel/arch/<arch>/ only through kernel/include/kernel/arch.h
  (the one header that includes the arch's inline part), and an arch includes no other arch.
- board/: board/<name>/ includes no other board's files; board/common/ and board/include/ name
  the chosen board's only through "board/board_config.h" (resolved against each board in turn).
  board/common/ is on the board's private include path, so its headers resolve there.
- a */src/ directory holds one component's internals (kernel/src, port/ramfs/src,
  port/fsdir/src, ...): nothing outside that component includes them.

Each #include is resolved against the includer's directory and every */include directory of the
tree; a header found nowhere is a system or third-party header. There are no exceptions: a
finding is fixed by giving the code its proper layer.

--compile-db also checks the build: every base/, lib/ and apps/ source must be compiled with
include paths of base/, lib/, apps/, the port's system-header directories, or outside the tree
(toolchain) only.
Exit status 1 on any finding.
"""
import argparse
import json
import os
import re
import shlex
import sys

RANK = {"base": 0, "kernel": 1, "board": 2, "port": 3, "lib": 4, "apps": 5, "firmware": 6}
PORTABLE = {"base", "lib", "apps"}
# Directories of the port's replacement system headers: what portable code may see on the MCU.
SYSTEM_HEADER_DIRS = ("port/posix/include", "port/vfs/posix", "port/net/include",
                      "port/libstdcxx/include", "third_party/")
# Platform APIs: port parts with a portable interface that both targets implement (the MCU's port,
# and the host's own implementation), so lib/ and apps/ may include their headers by name.
PLATFORM_API_DIRS = ("port/sysinfo/include",)
SOURCE_EXT = (".c", ".cpp", ".h", ".hpp", ".S")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)


def layer_of(rel):
    top = rel.split("/", 1)[0]
    return top if top in RANK else None


def is_test(rel):
    return "/test/" in rel or "/tests/" in rel or rel.split("/", 1)[0] in ("tests", "fuzz")


def walk(root):
    for top in RANK:
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(SOURCE_EXT):
                    yield os.path.relpath(os.path.join(dirpath, name), root)


def include_dirs(root, files):
    dirs = set()
    for rel in files:
        parts = rel.split("/")
        for i, part in enumerate(parts[:-1]):
            if part in ("include", "posix") and i > 0:
                dirs.add("/".join(parts[: i + 1]))
    return sorted(dirs)


def part_of(rel):
    """The layer's part a file belongs to: kernel/arch/<arch>, board/<name>, port/<part>, ..."""
    parts = rel.split("/")
    if parts[0] == "kernel" and len(parts) > 3 and parts[1] == "arch":
        return "/".join(parts[:3])
    if parts[0] == "kernel":
        return "kernel"  # the core: src/ and include/
    return "/".join(parts[:2])


def resolve(root, includer, name, dirs):
    """The tree-relative path of the header `name`, or None for a system/third-party header."""
    candidates = [os.path.join(os.path.dirname(includer), name)]
    if includer.startswith("board/"):
        candidates.append(os.path.join("board/common", name))  # mcustd_board's private path
    # The includer's own part first: each board has its own board/board_config.h.
    own = part_of(includer) + "/"
    candidates += [os.path.join(d, name) for d in dirs if d.startswith(own)]
    candidates += [os.path.join(d, name) for d in dirs if not d.startswith(own)]
    for cand in candidates:
        if os.path.isfile(os.path.join(root, cand)):
            return os.path.normpath(cand)
    return None


def allowed_within(includer, header):
    """The rules inside a layer between its parts (module docstring); True when none is broken."""
    src_part, hdr_part = part_of(includer), part_of(header)
    if "src" in header.split("/")[:-1] and src_part != hdr_part:
        return False  # another part's internals
    if src_part == hdr_part:
        return True
    if header.startswith("kernel/arch/"):
        return includer == "kernel/include/kernel/arch.h"
    if header.startswith("board/") and hdr_part not in ("board/include", "board/common"):
        # Another board's file: only the shared code names "board/board_config.h".
        return src_part in ("board/include", "board/common") and \
            header.endswith("/include/board/board_config.h")
    return True


def allowed(src_layer, hdr_layer, header, kind, name, includer):
    if hdr_layer is None:
        return True
    if hdr_layer == src_layer and not allowed_within(includer, header):
        return False
    if header.startswith(SYSTEM_HEADER_DIRS) and kind == "<" and not name.startswith("mcustd/"):
        return True  # a standard name (<poll.h>) whose MCU implementation the port provides
    if src_layer in ("lib", "apps") and header.startswith(PLATFORM_API_DIRS):
        return True
    if src_layer in PORTABLE:
        return hdr_layer in PORTABLE and RANK[hdr_layer] <= RANK[src_layer]
    if src_layer == "kernel" and header == "kernel/include/kernel/board_if.h":
        return True
    return RANK[hdr_layer] <= RANK[src_layer]


def check_includes(root):
    files = list(walk(root))
    dirs = include_dirs(root, files)
    problems = []
    for rel in files:
        src_layer = layer_of(rel)
        if src_layer is None or is_test(rel):
            continue
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            text = f.read()
        for kind, name in INCLUDE_RE.findall(text):
            if src_layer == "base" and kind == "<" and name.endswith(".h"):
                problems.append(f"{rel}: includes <{name}>, a C or POSIX header: base/ is "
                                "standard C++ only (<cstdio>, not <stdio.h>)")
                continue
            header = resolve(root, rel, name, dirs)
            if header is None:
                continue
            if not allowed(src_layer, layer_of(header), header, kind, name, rel):
                problems.append(f"{rel}: includes {name}, a header of a higher or non-portable "
                                "layer, or of a part of its layer it must not reach")
    return problems


def check_compile_db(root, db_path):
    with open(db_path, encoding="utf-8") as f:
        db = json.load(f)
    root = os.path.realpath(root)
    problems = []
    for entry in db:
        src = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
        rel = os.path.relpath(src, root)
        if layer_of(rel) not in PORTABLE or is_test(rel):
            continue
        args = entry.get("arguments") or shlex.split(entry["command"])
        paths = []
        for i, arg in enumerate(args):
            if arg in ("-I", "-isystem", "-iquote", "-idirafter") and i + 1 < len(args):
                paths.append(args[i + 1])
            elif arg.startswith("-I"):
                paths.append(arg[2:])
            elif arg.startswith("-isystem") and len(arg) > len("-isystem"):
                paths.append(arg[len("-isystem"):])
        for path in paths:
            inc = os.path.relpath(os.path.realpath(os.path.join(entry["directory"], path)), root)
            if inc.startswith(".."):
                continue  # the toolchain's own directories
            if layer_of(inc) in PORTABLE or inc.startswith(SYSTEM_HEADER_DIRS + PLATFORM_API_DIRS):
                continue
            problems.append(f"{rel}: compiled with include path {inc} (not POSIX/C++ or lib/)")
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(here))
    ap.add_argument("--compile-db")
    args = ap.parse_args()
    problems = check_includes(args.root)
    if args.compile_db:
        problems += check_compile_db(args.root, args.compile_db)
    for p in problems:
        print(f"check_layers: {p}")
    if problems:
        return 1
    extra = ", portable include paths only" if args.compile_db else ""
    print(f"check_layers: no upward include{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
