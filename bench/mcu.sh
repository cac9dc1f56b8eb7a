#!/usr/bin/env bash
# Web server on the emulated MCU: requests per second for the 1 KiB page at 1 and 4 keep-alive
# clients, where the guest's instructions go by component (a PC-sampling profile), beside flash and
# RAM per component. Prints only; never fails CI (not part of CI).
#
#   bench/mcu.sh [M4F_BUILD_DIR]     (default build/m4f; builds target mcustd-web-bench there)
#   env: MCU_ICOUNT_SHIFT (3), MCU_REQUESTS (2000 per run), MCU_RUNS (3 per client count, the
#        median reported), MCU_RUN_TIMEOUT (120 s per run),
#        MCU_PROF_TOP (functions listed, 15), MCU_PROF_SAVE (a path to keep the raw profile at),
#        MCU_PROF_FOCUS (a regex of function names whose samples are split by caller; default
#        the mem/str functions)
#
# QEMU runs with -icount shift=N,sleep=off: the guest executes 2^N ns per instruction (N=3: 125 M
# instructions per guest second, close to a 168 MHz Cortex-M4), whatever the host's speed. The
# image runs a lowest-priority spinner, so the CPU never idles and guest time is instructions
# executed; the server's share is guest time minus spinner time (spins / spin rate, the rate
# measured in an idle window first). "req/s (CPU)" = requests / server's guest CPU seconds: what
# the emulated M4 sustains when the network costs nothing, repeatable run to run. "req/s (host)"
# (wall clock through QEMU's user network) depends on this machine and is for reference only.
set -u
cd "$(dirname "$0")/.."
BUILD=${1:-build/m4f}
SHIFT=${MCU_ICOUNT_SHIFT:-3}
REQUESTS=${MCU_REQUESTS:-2000}
RUNS=${MCU_RUNS:-3}  # runs per client count; the median is reported
RUN_TIMEOUT=${MCU_RUN_TIMEOUT:-120}
ELF="$BUILD/bench/mcu/mcustd-web-bench.elf"
MAP="$BUILD/bench/mcu/mcustd-web-bench.map"
PROF_ELF="$BUILD/bench/mcu/mcustd-web-prof.elf"
PROF_MAP="$BUILD/bench/mcu/mcustd-web-prof.map"
PROF_PERIOD=${MCU_PROF_PERIOD:-401}  # core clocks between samples (prime: no lock-step with loops)
CPU_HZ=25000000                     # mps2-an386's core clock (board/mps2-an386/board.cmake)

if ! cmake --build "$BUILD" --target mcustd-web-bench >/dev/null 2>&1 || [ ! -f "$ELF" ]; then
    echo "mcu.sh: could not build $ELF (configure first: cmake --preset m4f -B $BUILD)"
    exit 0
fi

WORK=$(mktemp -d)
QEMU_PID=""
cleanup() {
    exec 3>&- 2>/dev/null
    if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
        kill "$QEMU_PID" 2>/dev/null
        wait "$QEMU_PID" 2>/dev/null
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 130" INT TERM

# boot ELF: starts QEMU with the image on a fresh console and log ($WORK/log), port $PORT.
boot() {
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    rm -f "$WORK/console" "$WORK/log"
    mkfifo "$WORK/console"
    exec 3<>"$WORK/console"
    qemu-system-arm -M mps2-an386 -nographic -serial stdio -monitor none \
        -semihosting-config enable=on,target=native -icount "shift=$SHIFT,sleep=off" \
        -nic "user,model=lan9118,hostfwd=tcp:127.0.0.1:$PORT-:80" -kernel "$1" \
        <"$WORK/console" >"$WORK/log" 2>&1 &
    QEMU_PID=$!
}
# shutdown: `quit` on the console, then waits for QEMU (bounded).
shutdown() {
    echo quit >&3
    for ((i = 0; i < 50; i++)); do kill -0 "$QEMU_PID" 2>/dev/null || break; sleep 0.1; done
    exec 3>&-
}

# wait_for REGEX SECONDS: polls the console log (bounded).
wait_for() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        grep -qE "$1" "$WORK/log" && return 0
        kill -0 "$QEMU_PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
# guest COMMAND DONE_REGEX: types a command, waits for its last line, prints what it printed.
# The UART is shared with the access log, and a command typed while the log is being written
# can wedge the console (seen: replies stop, then the server stalls): wait until the log has
# been quiet for 0.5 s first (bounded).
quiet() {
    local i last=-1 size
    for ((i = 0; i < 100; i++)); do
        size=$(stat -c %s "$WORK/log")
        [ "$size" = "$last" ] && return
        last=$size
        sleep 0.5
    done
}
guest() {
    quiet
    local before
    before=$(stat -c %s "$WORK/log")
    echo "$1" >&3
    local i
    for ((i = 0; i < 300; i++)); do
        tail -c +"$((before + 1))" "$WORK/log" | grep -qE "$2" && break
        sleep 0.1
    done
    tail -c +"$((before + 1))" "$WORK/log"
}
# "<guest us> <spinner kilo-spins>" (the access log shares the UART: match anywhere in a line)
uptime_us() {
    local i reply
    for ((i = 0; i < 3; i++)); do
        reply=$(guest uptime 'uptime_us [0-9]+ spin_kilo [0-9]+' |
            grep -oE 'uptime_us [0-9]+ spin_kilo [0-9]+' | tail -1)
        if [ -n "$reply" ]; then
            echo "$reply" | cut -d' ' -f2,4
            return
        fi
    done
}

boot "$ELF"
if ! wait_for 'listening on' 120; then
    echo "mcu.sh: the image did not start; console:"
    cat "$WORK/log"
    exit 0
fi
# Warm-up (ARP, first-use allocations) outside the measurement.
python3 bench/mcu_client.py "$PORT" /static/1k.txt 1 20 60 >/dev/null

# Spin rate with the server idle: kilo-spins per guest second.
read -r i0 k0 <<<"$(uptime_us)"
sleep 3
read -r i1 k1 <<<"$(uptime_us)"
RATE=$(python3 -c "print(((($k1 - $k0) % 2**32) / (($i1 - $i0) / 1e6)))")

# Each client count runs RUNS times and the run with the median CPU per request is reported,
# with the spread: how requests batch depends on when QEMU's user network delivers them, so a
# single run can be several percent off on a loaded host.
declare -A CRPS HRPS CPU_US SPREAD
for conns in 1 4; do
    runs=()
    for ((r = 0; r < RUNS; r++)); do
        read -r t0 s0 <<<"$(uptime_us)"
        out=$(python3 bench/mcu_client.py "$PORT" /static/1k.txt "$conns" "$REQUESTS" "$RUN_TIMEOUT")
        read -r t1 s1 <<<"$(uptime_us)"
        if [[ "$out" != ok* ]] || [ -z "${t0:-}" ] || [ -z "${t1:-}" ]; then
            CRPS[$conns]="failed: $out"
            runs=()
            break
        fi
        read -r _ done wall <<<"$out"
        busy=$(python3 -c "print(($t1 - $t0) / 1e6 - (($s1 - $s0) % 2**32) / $RATE)")
        runs+=("$(python3 -c "print('%.1f %.0f %.0f' % ($busy * 1e6 / $done, $done / $busy, $done / $wall))")")
    done
    [ ${#runs[@]} -eq 0 ] && continue
    mapfile -t sorted < <(printf '%s\n' "${runs[@]}" | sort -n)
    read -r us crps hrps <<<"${sorted[$((${#sorted[@]} / 2))]}"
    CPU_US[$conns]=$(printf '%.0f' "$us")
    CRPS[$conns]=$crps
    HRPS[$conns]=$hrps
    SPREAD[$conns]="$(echo "${sorted[-1]}" | cut -d' ' -f2)-$(echo "${sorted[0]}" | cut -d' ' -f2)"
done

# The other paths once each (64 KiB file, directory index, 404, a malformed request), so the
# stack marks below cover more than the benchmark's one page.
for path in / /hello.html /static/64k.txt /missing.html; do
    curl -s -o /dev/null --max-time 30 "http://127.0.0.1:$PORT$path"
done
python3 - "$PORT" <<'PY'
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30) as s:
    s.sendall(b"GET /\x01 HTTP/9.9\r\nBad header\r\n\r\n")
    try:
        s.recv(4096)
    except OSError:
        pass
PY

PS=$(guest ps '^ps done')
HEAP=$(guest free '^heap in-use')
NET=$(guest net '^net done')
shutdown

# The per-component breakdown: the same load (4 clients) on mcustd-web-prof, the same image plus
# the sampling profiler (a timer interrupt every PROF_PERIOD core clocks records the PC).
PROF_OUT=""
if cmake --build "$BUILD" --target mcustd-web-prof >/dev/null 2>&1 && [ -f "$PROF_ELF" ]; then
    boot "$PROF_ELF"
    if wait_for 'listening on' 120; then
        python3 bench/mcu_client.py "$PORT" /static/1k.txt 1 20 60 >/dev/null
        # memcpy, memset, ...: their samples are also split by caller (prof focus).
        while read -r lo hi; do
            guest "prof focus $lo $hi" '^prof (focused|: focus refused)' >/dev/null
        done < <(python3 bench/mcu_prof.py --focus "$PROF_ELF" ${MCU_PROF_FOCUS:+"$MCU_PROF_FOCUS"})
        guest "prof start $PROF_PERIOD" '^prof (started|: no)' >/dev/null
        pout=$(python3 bench/mcu_client.py "$PORT" /static/1k.txt 4 "$REQUESTS" "$RUN_TIMEOUT")
        guest "prof stop" '^prof stopped' >/dev/null
        guest "prof dump" '^prof done' >"$WORK/prof.txt"
        [ -n "${MCU_PROF_SAVE:-}" ] && cp "$WORK/prof.txt" "$MCU_PROF_SAVE"
        if [[ "$pout" == ok* ]]; then
            read -r _ pdone _ <<<"$pout"
            # instructions per sample: PROF_PERIOD core clocks of 1e9/CPU_HZ ns, 2^SHIFT ns each
            PROF_OUT=$(PROF_INSTR_PER_SAMPLE=$((PROF_PERIOD * 1000000000 / CPU_HZ / (1 << SHIFT))) \
                python3 bench/mcu_prof.py "$PROF_ELF" "$PROF_MAP" "$WORK/prof.txt" "${MCU_PROF_TOP:-15}" "$pdone")
        else
            PROF_OUT="profiled run failed: $pout"
        fi
    else
        PROF_OUT="the profiling image did not start"
    fi
    shutdown
fi

echo "== web server on the emulated MCU (QEMU mps2-an386, -icount shift=$SHIFT,sleep=off) =="
echo "GET /static/1k.txt, keep-alive, $REQUESTS requests per run, pool mode with 4 workers"
printf "%-8s %12s %18s %14s %22s\n" clients "req/s (CPU)" "guest CPU us/req" "req/s (host)" "req/s (CPU), all runs"
for conns in 1 4; do
    printf "%-8s %12s %18s %14s %22s\n" "$conns" "${CRPS[$conns]}" "${CPU_US[$conns]:--}" "${HRPS[$conns]:--}" "${SPREAD[$conns]:--}"
done
echo "(the median of $RUNS runs of $REQUESTS requests each; MCU_RUNS sets the count)"
echo "(spinner: $(python3 -c "print('%.0f' % $RATE)") kilo-spins per idle guest second)"
echo
echo "== stacks after the load (USED is the high-water mark) =="
echo "$PS" | grep '^thread'
echo "$HEAP" | grep '^heap'
echo
echo "== where the guest's instructions go, 4 clients (mcustd-web-prof: PC sampled every $PROF_PERIOD core clocks) =="
echo "${PROF_OUT:-not measured (mcustd-web-prof did not build)}"
echo
echo "== flash and RAM per component ($ELF) =="
python3 firmware/size_report.py "$MAP"
python3 - "$MAP" <<'PY'
import re, sys
site = 0
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"^ \S*\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+\S*site_image", line)
    if m:
        site += int(m.group(1), 16)
print("(of which the site's ROMFS image, counted above under its mount's component: %d)" % site)
PY
exit 0
