#!/usr/bin/env bash
# Boots an MCU image in QEMU mps2-an386, halted, with its gdb server on 127.0.0.1 only, and
# attaches gdb-multiarch with the kernel's thread commands (kernel/gdb/mcustd.py):
# `info kthreads` (threads, priorities, stacks, the mutex each waits on and its owner),
# `kbt NAME` (backtrace of a switched-out thread), `kheap` (malloc arena, in use, free) and
# `kfds` (the VFS descriptor table). Quitting gdb stops QEMU.
#
#   scripts/debug.sh [IMAGE.elf] [gdb args...]   (default build/m4f/firmware/mcustd.elf)
#   env: MCUSTD_GDB_PORT (1234); MCUSTD_CONSOLE=tcp puts the UART on 127.0.0.1:(port+1) for
#        `nc 127.0.0.1 1235` (the shell's input); by default its output goes to a log file,
#        printed when gdb exits.
set -euo pipefail
cd "$(dirname "$0")/.."
elf=${1:-build/m4f/firmware/mcustd.elf}
[ $# -gt 0 ] && shift
port=${MCUSTD_GDB_PORT:-1234}
if [ ! -f "$elf" ]; then
    echo "debug.sh: $elf not found (build it: cmake --preset m4f && cmake --build --preset m4f)" >&2
    exit 1
fi
for tool in qemu-system-arm gdb-multiarch; do
    command -v "$tool" >/dev/null || {
        echo "debug.sh: $tool missing (scripts/install-deps.sh all installs it)" >&2
        exit 1
    }
done

uart_log=$(mktemp)
serial="file:$uart_log"
if [ "${MCUSTD_CONSOLE:-}" = tcp ]; then
    serial="tcp:127.0.0.1:$((port + 1)),server=on,wait=off"
    echo "debug.sh: console on 127.0.0.1:$((port + 1)) (nc 127.0.0.1 $((port + 1)))"
fi
qemu-system-arm -M mps2-an386 -nographic -monitor none -serial "$serial" -nic none \
    -semihosting-config enable=on,target=native -kernel "$elf" \
    -S -gdb "tcp:127.0.0.1:$port" &
qemu_pid=$!
cleanup() {
    kill "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
    echo "debug.sh: the image's console output:"
    cat "$uart_log"
    rm -f "$uart_log"
}
trap cleanup EXIT

gdb-multiarch -q -nx "$elf" -ex "source kernel/gdb/mcustd.py" \
    -ex "target remote 127.0.0.1:$port" "$@"
