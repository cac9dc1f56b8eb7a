#!/usr/bin/env python3
"""CMake launcher (RULE_LAUNCH_COMPILE / RULE_LAUNCH_LINK): writes the command it wraps and its
working directory to a JSON file, then runs the command unchanged.

The libstdc++ suite's runner compiles and links each MCU test with exactly the command lines
CMake used for the probe image, so the tests see the same flags and platform libraries as every
other QEMU image of the project. Usage: record_command.py OUT.json COMMAND ARGS...
"""
import json
import os
import sys


def main():
    out, argv = sys.argv[1], sys.argv[2:]
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"cwd": os.getcwd(), "argv": argv}, f, indent=1)
    os.replace(tmp, out)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()
