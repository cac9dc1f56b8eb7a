#!/usr/bin/env bash
# Installs, builds and runs every test: host (-O2), host under ASan+UBSan, libFuzzer targets,
# and the Cortex-M4F image in QEMU. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
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

if [ -f cmake/toolchain-m4f.cmake ]; then
    step "Cortex-M4F image + QEMU tests"
    cmake --preset m4f >/dev/null
    cmake --build --preset m4f -j "$jobs"
    ctest --preset m4f -j "$jobs"
fi

if [ -f cmake/toolchain-m4f.cmake ]; then
    # The second board (STM32F405, no network): kernel, POSIX, libstdc++, shell tests and the
    # core image's budgets. Three tests are left out while their stall on this QEMU machine under
    # -icount sleep=off is open (board/README.md, "Known problem").
    step "Cortex-M4F image on QEMU netduinoplus2 (STM32F405) + QEMU tests"
    cmake --preset m4f-netduino >/dev/null
    cmake --build --preset m4f-netduino -j "$jobs"
    ctest --preset m4f-netduino -j "$jobs" \
        -E '^(libstdcxx_sync|firmware_app_threads|firmware_heap_threads)$'
fi
