#!/usr/bin/env bash
# Installs what the build and the tests need on Debian (bookworm): idempotent, prints what it does.
# Usage: scripts/install-deps.sh [host|all]   (host: enough to build and run the host server)
set -euo pipefail
what=${1:-all}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# gcc-12-source: GCC 12's libstdc++ testsuite, which tests/libstdcxx runs on the host and the MCU.
# The MCU's C library is picolibc (doc/port.md): its libc and libstdc++, and the C++ headers
# (libstdc++-arm-none-eabi-dev, installed under /usr/include/newlib/c++ but shared by both). No
# newlib package is needed.
host_pkgs=(build-essential cmake ninja-build g++ libgtest-dev libgmock-dev genromfs curl wget
    python3 gcc-12-source)
all_pkgs=("${host_pkgs[@]}" clang libclang-rt-14-dev clang-format clang-tidy cppcheck
    gcc-arm-none-eabi picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc
    libstdc++-arm-none-eabi-dev qemu-system-arm
    gdb-multiarch dpkg-dev wrk nginx-light lighttpd time chromium)
if [ "$what" = host ]; then pkgs=("${host_pkgs[@]}"); else pkgs=("${all_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "install-deps: all ${#pkgs[@]} packages present"
fi

# lwIP comes from Debian's source package, unpacked under third_party/ (never committed).
if [ "$what" = all ] && [ -x "$(dirname "$0")/fetch-lwip.sh" ]; then
    "$(dirname "$0")/fetch-lwip.sh"
fi
