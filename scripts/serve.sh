#!/usr/bin/env bash
# Installs, builds and boots the MCU image (mcustd.elf, Cortex-M4F) in QEMU mps2-an386: its web
# server starts at boot and QEMU forwards http://127.0.0.1:8080/ to the guest's port 80. The
# UART is this terminal: the shell (`help`, `net`, `ps`, `web stop`) and the access log.
# Ctrl-A X quits QEMU.
#
#   scripts/serve.sh                    # the emulated MCU, http://127.0.0.1:8080/
#   scripts/serve.sh --host [args...]   # the same server on the Linux host, http://127.0.0.1:7878/
#                                       # (args go to the server, see `webserver --help`)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--host" ]; then
    shift
    scripts/install-deps.sh host
    cmake --preset host >/dev/null
    cmake --build --preset host -j "$(nproc)" --target webserver
    echo "serve: http://127.0.0.1:7878/  (Ctrl-C stops it)"
    exec build/host/apps/webserver/webserver "$@"
fi

port=${MCUSTD_SERVE_PORT:-8080}
scripts/install-deps.sh all   # toolchain, QEMU, and lwIP's source (scripts/fetch-lwip.sh)
cmake --preset m4f >/dev/null
cmake --build --preset m4f -j "$(nproc)" --target mcustd
echo "serve: http://127.0.0.1:${port}/  (served by the emulated Cortex-M4F; Ctrl-A X quits QEMU)"
# No -icount: the guest runs at full speed in real time.
exec qemu-system-arm -M mps2-an386 -nographic -monitor none \
    -semihosting-config enable=on,target=native \
    -nic "user,model=lan9118,hostfwd=tcp:127.0.0.1:${port}-:80" \
    -kernel build/m4f/firmware/mcustd.elf
