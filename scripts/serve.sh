#!/usr/bin/env bash
# Installs, builds and starts the web server on the host: http://127.0.0.1:7878/
# Extra arguments go to the server (see `webserver --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh host
cmake --preset host >/dev/null
cmake --build --preset host -j "$(nproc)" --target webserver
echo "serve: http://127.0.0.1:7878/  (Ctrl-C stops it)"
exec build/host/apps/webserver/webserver "$@"
