#!/usr/bin/env python3
"""Link-time guards for port/fsdir, the replacement of the prebuilt libstdc++.a's fs_dir.o stub.

  symbols --nm NM --libstdcxx LIBSTDCXX_A --ours LIBMCUSTD_FSDIR_A --wrapped SYM[,SYM...]
      every strong symbol fs_dir.o defines is defined by our archive; the fs_dir.o symbols that
      fs_ops.o refers to are exactly the --wrapped list, and our archive defines __wrap_<each>.
  maps --dir BUILD_DIR [--exclude NAME...] [--min N]
      no link map under BUILD_DIR (every MCU image of the build) includes fs_dir.o (or its
      old-ABI twin cow-fs_dir.o) from libstdc++.a, nor libstdc++.a's fs_ops.o (the port links
      its mended copy, libmcustd_fsops.a); at least N maps were read.
  stub MAP
      MAP does include the stub (the canary image: proves the maps check can fail).
  o0refs --nm NM OBJECT
      OBJECT (a test built at -O0) calls __shared_ptr<_Dir, _S_atomic> members out of line: the
      header's extern template trap is real, so the fsdir tests at -O0 prove we define them.
Exit 0 when the check holds, 1 with the reasons otherwise. Standard library only.
"""
import argparse
import pathlib
import re
import subprocess
import sys

STUB = re.compile(r"libstdc\+\+\.a\((cow-)?fs_dir\.o\)")
PREBUILT_OPS = re.compile(r"libstdc\+\+\.a\(fs_ops\.o\)")
ATOMIC_DIR_PTR = "_ZNSt12__shared_ptrINSt10filesystem7__cxx114_DirELN9__gnu_cxx12_Lock_policyE2E"


def nm(tool, path):
    """(member, type, symbol) for every symbol nm lists in an archive or object."""
    out = subprocess.run([tool, "-A", path], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        # "lib.a:member.o:00000000 T sym" or "lib.a:member.o:         U sym"
        head, _, rest = line.rpartition(":")
        fields = rest.split()
        if len(fields) < 2:
            continue
        member = head.rsplit(":", 1)[-1] if head.count(":") else head
        rows.append((member, fields[-2], fields[-1]))
    return rows


def check_symbols(args):
    lib = nm(args.nm, args.libstdcxx)
    stub_strong = {s for m, t, s in lib if m == "fs_dir.o" and t == "T"}
    stub_all = {s for m, t, s in lib if m == "fs_dir.o" and t != "U"}
    ops_refs = {s for m, t, s in lib if m == "fs_ops.o" and t == "U"} & stub_all
    ours = {s for _, t, s in nm(args.nm, args.ours) if t == "T"}
    wrapped = set(filter(None, args.wrapped.split(",")))
    problems = []
    if len(stub_strong) < 20:
        problems.append("read only %d strong symbols of fs_dir.o: wrong library?" % len(stub_strong))
    for s in sorted(stub_strong - ours):
        problems.append("fs_dir.o defines %s, the port does not" % s)
    if ops_refs != wrapped:
        problems.append("fs_ops.o calls into fs_dir.o through %s, the --wrap list is %s"
                        % (sorted(ops_refs), sorted(wrapped)))
    for s in sorted(wrapped):
        if "__wrap_" + s not in ours:
            problems.append("the port does not define __wrap_%s" % s)
    for p in problems:
        print("FAIL:", p)
    if not problems:
        print("ok: all %d strong symbols of fs_dir.o defined by the port; fs_ops.o's %d calls "
              "into it wrapped" % (len(stub_strong), len(wrapped)))
    return 1 if problems else 0


def check_maps(args):
    maps = [m for m in sorted(pathlib.Path(args.dir).rglob("*.map")) if m.stem not in args.exclude]
    bad = []
    for m in maps:
        text = m.read_text(errors="replace")
        if STUB.search(text):
            bad.append(m)
            print("FAIL: %s links the prebuilt fs_dir.o stub" % m)
        if PREBUILT_OPS.search(text):
            bad.append(m)
            print("FAIL: %s links libstdc++.a's fs_ops.o (symlink_status without lstat)" % m)
    if len(maps) < args.min:
        print("FAIL: only %d link maps under %s (expected at least %d)" % (len(maps), args.dir, args.min))
        return 1
    if not bad:
        print("ok: none of %d link maps includes libstdc++.a(fs_dir.o) or (fs_ops.o)" % len(maps))
    return 1 if bad else 0


def check_stub(args):
    found = STUB.search(pathlib.Path(args.map).read_text(errors="replace"))
    print(("ok: %s includes the stub, as it must" if found else "FAIL: %s lacks the stub") % args.map)
    return 0 if found else 1


def check_o0refs(args):
    refs = [s for _, t, s in nm(args.nm, args.object) if t == "U" and s.startswith(ATOMIC_DIR_PTR)]
    for s in refs:
        print("out-of-line call:", s)
    if not refs:
        print("FAIL: %s calls no __shared_ptr<_Dir, _S_atomic> member out of line" % args.object)
    return 0 if refs else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("symbols")
    p.add_argument("--nm", required=True)
    p.add_argument("--libstdcxx", required=True)
    p.add_argument("--ours", required=True)
    p.add_argument("--wrapped", required=True)
    p.set_defaults(run=check_symbols)
    p = sub.add_parser("maps")
    p.add_argument("--dir", required=True)
    p.add_argument("--exclude", nargs="*", default=[])
    p.add_argument("--min", type=int, default=1)
    p.set_defaults(run=check_maps)
    p = sub.add_parser("stub")
    p.add_argument("map")
    p.set_defaults(run=check_stub)
    p = sub.add_parser("o0refs")
    p.add_argument("--nm", required=True)
    p.add_argument("object")
    p.set_defaults(run=check_o0refs)
    args = parser.parse_args()
    sys.exit(args.run(args))


if __name__ == "__main__":
    main()
