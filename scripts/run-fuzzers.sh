#!/usr/bin/env bash
# Runs every libFuzzer target found in BUILD_DIR/fuzz for SECONDS each; fails on the first crash.
# Seeds come from fuzz/corpus/<name>/; the working corpus stays in the build directory.
set -uo pipefail
build=${1:-build/fuzz}
secs=${2:-60}
found=0
for f in "$build"/fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    found=1
    name=$(basename "$f")
    corpus="$build/corpus-$name"
    seeds="fuzz/corpus/${name#fuzz_}"
    mkdir -p "$corpus"
    dirs=("$corpus")
    [ -d "$seeds" ] && dirs+=("$seeds")
    echo "fuzz: $name for ${secs}s"
    log="$build/$name.log"
    if ! "$f" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$build/$name-" "${dirs[@]}" >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "fuzz: $name FAILED (full log: $log)"
        exit 1
    fi
    tail -n 6 "$log"
done
[ "$found" -eq 1 ] || { echo "fuzz: no targets built"; exit 1; }
