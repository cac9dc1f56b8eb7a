#!/usr/bin/env python3
"""Builds the out-of-tree example app as a user would and boots its image in QEMU.

usage: example_app.py --source examples/sensor_log --build DIR --generator G --runner run.py
                      [--machine M] [--cmake-arg ARG]... [--jobs N]

Configures the example (its CMakeLists.txt add_subdirectory()s the mcustd tree) with the m4f
toolchain, builds its image, then runs it through the QEMU runner: the app's output, its usage
error, and the thread it ran on in `ps`.
"""
import argparse
import os
import subprocess
import sys

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def run(cmd):
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=False).returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--generator", required=True)
    ap.add_argument("--runner", required=True)
    ap.add_argument("--machine", default="mps2-an386", help="QEMU -M of the board built for")
    ap.add_argument("--cmake-arg", action="append", default=[])
    ap.add_argument("--jobs", default=str(os.cpu_count() or 2))
    args = ap.parse_args()

    configure = ["cmake", "-S", args.source, "-B", args.build, "-G", args.generator,
                 "--toolchain", os.path.join(ROOT, "cmake", "toolchain-m4f.cmake"),
                 "-DCMAKE_BUILD_TYPE=MinSizeRel"] + args.cmake_arg
    if run(configure) != 0:
        print("example_app: configure failed")
        return 1
    if run(["cmake", "--build", args.build, "-j", args.jobs]) != 0:
        print("example_app: build failed")
        return 1
    elf = os.path.join(args.build, "sensor-log.elf")
    if not os.path.isfile(elf) or not os.path.isfile(os.path.join(args.build, "sensor-log.map")):
        print(f"example_app: {elf} or its map file missing after the build")
        return 1
    boot = [sys.executable, args.runner, "--machine", args.machine, "--elf", elf,
            "--timeout", "60",
            "--expect", "nsh> ", "--send", "help", "--expect", "sensor_log",
            "--expect", "nsh> ", "--send", "sensor_log",
            "--expect", r"sensor_log: 8 samples, min 200, max 248, mean 223\r?\n",
            "--expect", "nsh> ", "--send", "sensor_log 100",
            "--expect", r"sensor_log: 100 samples, min 200, max 249, mean 224\r?\n",
            "--expect", "nsh> ", "--send", "sensor_log x",
            "--expect", r"usage: sensor_log", "--expect", "nsh: exit status 2",
            "--expect", "nsh> ", "--send", "exit"]
    if run(boot) != 0:
        print("example_app: the image did not print what the app computes")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
