#!/usr/bin/env bash
# Runs every libFuzzer target found in BUILD_DIR/fuzz for SECONDS each; fails on the first crash.
set -euo pipefail
build=${1:-build/fuzz}
secs=${2:-60}
found=0
for f in "$build"/fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    found=1
    name=$(basename "$f")
    corpus="$build/corpus-$name"
    mkdir -p "$corpus"
    seeds="fuzz/corpus/${name#fuzz_}"
    echo "fuzz: $name for ${secs}s"
    if [ -d "$seeds" ]; then
        "$f" -max_total_time="$secs" -print_final_stats=1 "$corpus" "$seeds" 2>&1 | tail -n 12
    else
        "$f" -max_total_time="$secs" -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
    fi
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz: $name FAILED"; exit 1; }
done
[ "$found" -eq 1 ] || echo "fuzz: no targets built"
