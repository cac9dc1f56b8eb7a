#!/usr/bin/env bash
# Installs, builds and runs every test: host (-O2), host under ASan+UBSan, libFuzzer targets,
# and the Cortex-M4F image in QEMU. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
# The tests import Python helpers from the source tree (tests/integration/harness.py, run.py...):
# no __pycache__ there, or the "no generated file outside build/" check below would fail.
export PYTHONDONTWRITEBYTECODE=1
step() { printf '\n== %s\n' "$*"; }

step "install dependencies"
scripts/install-deps.sh all

step "host build + tests"
cmake --preset host >/dev/null
cmake --build --preset host -j "$jobs"
ctest --preset host -j "$jobs"

step "static checks (clang-format, cppcheck, clang-tidy)"
scripts/lint.sh build/host

step "host-asan build + tests"
cmake --preset host-asan >/dev/null
cmake --build --preset host-asan -j "$jobs"
ctest --preset host-asan -j "$jobs"

step "fuzz targets (60 s each)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
scripts/run-fuzzers.sh build/fuzz 60

step "Cortex-M4F image + QEMU tests (Unix Makefiles)"
cmake --preset m4f >/dev/null
cmake --build --preset m4f -j "$jobs"
# One retry per test: net_concurrent failed once in about 15 runs on a loaded machine after
# 2026-12-07's poll() rework (not reproduced since; open in issue 8). A test broken for good
# still fails; CTest names every test that needed its second run ("Passed ... (2 runs)" lines).
ctest --preset m4f -j "$jobs" --repeat until-pass:2

# The same image with the other generator: Ninja links from the top build directory, so any
# output named by a relative path lands elsewhere. Build-only (the QEMU tests ran above) plus
# the flash budgets, which read each image's map file beside its ELF.
step "Cortex-M4F image with Ninja (build + flash budgets)"
cmake --preset m4f-ninja >/dev/null
cmake --build --preset m4f-ninja -j "$jobs"
ctest --preset m4f-ninja -R '^firmware_budget_(core|web)_flash$'

# The second board (STM32F405, no network): kernel, POSIX, libstdc++, shell tests and the
# core image's budgets.
step "Cortex-M4F image on QEMU netduinoplus2 (STM32F405) + QEMU tests"
cmake --preset m4f-netduino >/dev/null
cmake --build --preset m4f-netduino -j "$jobs"
ctest --preset m4f-netduino -j "$jobs"

step "no generated file outside build/"
stray=$(git status --porcelain --ignored | grep -v -E '^!! (build|third_party)/$' || true)
if [ -n "$stray" ]; then
    printf 'test.sh: files changed or generated outside build/:\n%s\n' "$stray"
    exit 1
fi
