#!/usr/bin/env bash
# Host benchmark: our webserver (pool mode) against nginx-light and lighttpd on 127.0.0.1.
# Prints tables; never fails (exit 1 only when it cannot start at all). See bench/README.md.
#
# Usage: bench/run.sh [--smoke]        (--smoke: BENCH_SECONDS=2 BENCH_ROUNDS=1)
# Environment (defaults in brackets):
#   BENCH_SECONDS [10]   length of one wrk run          BENCH_ROUNDS [3]   interleaved rounds
#   BENCH_SERVERS ["webserver nginx lighttpd"]; add webserver-romfs to also serve from a romfs image
#   BENCH_ROMFS [0]      1: append webserver-romfs to BENCH_SERVERS
#   BENCH_FLOOR [0]      1: append floor (bench/floor: the least a responder costs, for reference)
#   BENCH_CASES ["ka1k ka64k close1k ka1k400 ka1k2k ka1k10k"]  BENCH_THREADS [4] webserver --threads
#   BENCH_WEBSERVER      webserver binary [newest build/*/apps/webserver/webserver of a Release build]
#   BENCH_SERVER_CPU [0] BENCH_CLIENT_CPU [1]           BENCH_WRK_THREADS [1]
#   BENCH_TIMEOUT [2s]   wrk --timeout                  BENCH_OUT [mktemp -d]  logs, configs, results.tsv
#   BENCH_CLIENT [wrk]   or loadgen: bench/loadgen, leaner per request (BENCH_LOADGEN: its binary
#                        [beside the webserver's build]); its output is wrk's, parsed the same way
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
stats="$here/wrkstats.py"

if [ "${1:-}" = "--smoke" ]; then
    : "${BENCH_SECONDS:=2}" "${BENCH_ROUNDS:=1}"
elif [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
    sed -n '2,14p' "$0"
    exit 0
elif [ $# -gt 0 ]; then
    sed -n '2,14p' "$0" >&2
    exit 1
fi
secs=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
servers=${BENCH_SERVERS:-"webserver nginx lighttpd"}
[ "${BENCH_ROMFS:-0}" = 1 ] && servers="$servers webserver-romfs"
[ "${BENCH_FLOOR:-0}" = 1 ] && servers="$servers floor"
cases=${BENCH_CASES:-"ka1k ka64k close1k ka1k400 ka1k2k ka1k10k"}
threads=${BENCH_THREADS:-4}
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
wrk_threads=${BENCH_WRK_THREADS:-1}
wrk_timeout=${BENCH_TIMEOUT:-2s}
client=${BENCH_CLIENT:-wrk}

die() { echo "bench: $*" >&2; exit 1; }
is_int() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
is_int "$secs" 1 600 || die "BENCH_SECONDS must be 1..600"
is_int "$rounds" 1 50 || die "BENCH_ROUNDS must be 1..50"
is_int "$threads" 1 256 || die "BENCH_THREADS must be 1..256"
case $client in wrk | loadgen) ;; *) die "BENCH_CLIENT must be wrk or loadgen" ;; esac
for tool in taskset curl python3 getconf /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh installs it)"
done

case_info() { # id -> "path connections extra-header label"
    case $1 in
    ka1k) echo "/static/1k.txt 50 - 1 KiB, keep-alive, c=50" ;;
    ka64k) echo "/static/64k.txt 50 - 64 KiB, keep-alive, c=50" ;;
    close1k) echo "/static/1k.txt 50 close 1 KiB, Connection: close, c=50" ;;
    ka1k400) echo "/static/1k.txt 400 - 1 KiB, keep-alive, c=400" ;;
    ka1k2k) echo "/static/1k.txt 2000 - 1 KiB, keep-alive, c=2000" ;;
    ka1k10k) echo "/static/1k.txt 10000 - 1 KiB, keep-alive, c=10000" ;;
    *) return 1 ;;
    esac
}

# Descriptors: wrk holds one per connection and a server one per connection plus its own
# (listener, logs, the file being sent), so every process needs the largest case's count plus
# room; lighttpd accepts at most half its max-fds as connections, so it would like twice that.
# Children inherit the limit. Raising the hard limit needs CAP_SYS_RESOURCE: without it, a case
# that does not fit stops the run here, before anything is measured.
max_conns=50
for c in $cases; do
    info=$(case_info "$c") || continue
    read -r _ conns _ <<<"$info"
    [ "$conns" -gt "$max_conns" ] && max_conns=$conns
done
server_conns=$((max_conns + 256)) # every server may hold all of them and a margin
need=$((server_conns + 256))
want=$((2 * server_conns + 256))
[ "$want" -lt 8192 ] && want=8192
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] && hard=$want
if [ "$hard" -lt "$want" ] && ulimit -Hn "$want" 2>/dev/null; then
    hard=$want
fi
[ "$hard" -ge "$need" ] ||
    die "c=$max_conns needs $need open files per process; the hard limit is $hard and it" \
        "cannot be raised here (needs root with CAP_SYS_RESOURCE, or a higher limit in" \
        "/etc/security/limits.conf); or leave out the large cases: BENCH_CASES=\"ka1k ka64k close1k ka1k400\""
nofile=$((hard < want ? hard : want))
ulimit -Sn "$nofile" 2>/dev/null || die "cannot raise the open-file limit to $nofile (ulimit -Sn)"
[ "$(ulimit -n)" -ge "$need" ] || die "the open-file limit is $(ulimit -n), not $nofile, after ulimit -Sn"
lighttpd_conns=$((nofile / 2 < server_conns ? nofile / 2 : server_conns))
# nginx's worker_connections counts more than clients (at exactly c=10,000 of 10,256 it warned
# "worker_connections are not enough, reusing connections" and reset some): all it may open.
nginx_conns=$((nofile - 64))

work=${BENCH_OUT:-$(mktemp -d /tmp/mcustd-bench.XXXXXX)}
mkdir -p "$work" || die "cannot create $work"
results="$work/results.tsv"
: >"$results"

# --- the servers' lifetime: one at a time; whatever runs is stopped on any exit ------------------
server_pid=""
server_kids=""
wrk_pid=""

descendants() { # pids below $1 (nginx's worker), from /proc, no name matching
    local p kid
    for p in /proc/"$1"/task/*/children; do
        [ -r "$p" ] || continue
        # shellcheck disable=SC2013 # one line of space-separated pids; the process may be gone
        for kid in $(cat "$p" 2>/dev/null); do
            echo "$kid"
            descendants "$kid"
        done
    done
}

stop_server() {
    [ -n "$server_pid" ] || return 0
    local kids i
    kids="$server_kids $(descendants "$server_pid")"
    kill -TERM "$server_pid" 2>/dev/null
    for i in $(seq 50); do # at most 5 s for a graceful exit
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    for i in $kids; do kill -KILL "$i" 2>/dev/null; done
    server_pid=""
    server_kids=""
}

# shellcheck disable=SC2317 # called by the trap
cleanup() {
    [ -n "$wrk_pid" ] && kill -TERM "$wrk_pid" 2>/dev/null
    stop_server
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

# --- the site: a temp copy of site/, or generated files until site/ has them ----------------------
site="$work/site"
rm -rf "$site"
mkdir -p "$site/static"
if [ -f "$repo/site/static/1k.txt" ] && [ -f "$repo/site/static/64k.txt" ]; then
    cp -R "$repo/site/." "$site/"
    echo "bench: serving a copy of $repo/site"
else
    # Deterministic printable text, so a mismatch shows up in a diff.
    python3 -c 'import sys
line = b"mcustd bench: the same bytes from every server, 0123456789 abcdefghijklmnopqrstuvwxyz.\n"
for name, size in (("1k.txt", 1024), ("64k.txt", 65536)):
    open(sys.argv[1] + "/" + name, "wb").write((line * (size // len(line) + 1))[:size])' "$site/static"
    printf '<!doctype html><title>bench</title><p>bench\n' >"$site/index.html"
    printf '<!doctype html><title>404</title><p>not found\n' >"$site/404.html"
    echo "bench: $repo/site/static/{1k,64k}.txt not there yet: serving generated files"
fi
for f in 1k.txt:1024 64k.txt:65536; do
    size=$(stat -c %s "$site/static/${f%%:*}")
    [ "$size" = "${f##*:}" ] || echo "bench: warning: static/${f%%:*} is $size bytes, not ${f##*:}"
done

# --- which servers can run ----------------------------------------------------------------------
webserver_bin=${BENCH_WEBSERVER:-}
if [ -z "$webserver_bin" ]; then
    # The newest Release build without sanitizers: others would measure the instrumentation.
    # shellcheck disable=SC2045 # newest first needs ls -t; build paths have no blanks
    for candidate in $(ls -t "$repo"/build/*/apps/webserver/webserver 2>/dev/null); do
        cache="${candidate%/apps/webserver/webserver}/CMakeCache.txt"
        grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$cache" 2>/dev/null || continue
        grep -q '^CMAKE_CXX_FLAGS[A-Z_]*:[A-Z]*=.*fsanitize' "$cache" && continue
        webserver_bin=$candidate
        break
    done
fi
client_bin=$(command -v wrk || true)
if [ "$client" = loadgen ]; then
    client_bin=${BENCH_LOADGEN:-${webserver_bin%/apps/webserver/webserver}/bench/loadgen/loadgen}
fi
[ -x "$client_bin" ] || die "$client not found (wrk: scripts/install-deps.sh; loadgen: build the host preset)"
runnable=""
for s in $servers; do
    case $s in
    webserver | webserver-romfs)
        if [ -z "$webserver_bin" ] || [ ! -x "$webserver_bin" ]; then
            echo "bench: skipping $s: no webserver binary (build one, or set BENCH_WEBSERVER)"
            continue
        fi
        if [ "$s" = webserver-romfs ]; then
            command -v genromfs >/dev/null || { echo "bench: skipping $s: genromfs missing"; continue; }
            genromfs -f "$work/site.romfs" -d "$site" -V mcustd-bench ||
                { echo "bench: skipping $s: genromfs failed"; continue; }
        fi ;;
    floor)
        floor_bin=${webserver_bin%/apps/webserver/webserver}/bench/floor/floor
        [ -x "$floor_bin" ] || { echo "bench: skipping floor: $floor_bin not built"; continue; } ;;
    nginx) command -v nginx >/dev/null || { echo "bench: skipping nginx: not installed"; continue; } ;;
    lighttpd) command -v lighttpd >/dev/null || { echo "bench: skipping lighttpd: not installed"; continue; } ;;
    *) echo "bench: skipping unknown server '$s'"; continue ;;
    esac
    runnable="$runnable $s"
done
[ -n "$runnable" ] || die "no server can run"

# Started as root, nginx would switch its worker to 'nobody', which cannot write $work: keep root.
# (lighttpd refuses server.username = "root" and simply stays root without it.)
nginx_user=""
[ "$(id -u)" = 0 ] && nginx_user="user $(id -un) $(id -gn);"

render() { # template output port user-line connections; comment lines are left as written
    sed -e "/^[[:space:]]*#/!{s|@PORT@|$3|g; s|@ROOT@|$site|g; s|@TMP@|$work|g; s|@USER_LINE@|$4|g}" \
        -e "/^[[:space:]]*#/!{s|@CONNS@|$5|g; s|@NOFILE@|$nofile|g}" "$1" >"$2"
}

# start_server NAME PORT LOG: sets server_pid; returns non-zero if it never answered correctly.
start_server() {
    local name=$1 port=$2 log=$3 i
    case $name in
    webserver)
        # stdout is the access log (one line per request): discarded, as the anchors log nothing.
        taskset -c "$server_cpu" "$webserver_bin" --mode pool --threads "$threads" \
            --max-connections "$server_conns" --bind 127.0.0.1 --port "$port" --site "$site" \
            >/dev/null 2>"$log" &
        ;;
    webserver-romfs)
        taskset -c "$server_cpu" "$webserver_bin" --mode pool --threads "$threads" \
            --max-connections "$server_conns" --bind 127.0.0.1 --port "$port" \
            --site "$work/site.romfs" >/dev/null 2>"$log" &
        ;;
    floor)
        taskset -c "$server_cpu" "$floor_bin" --port "$port" --root "$site" static/1k.txt \
            static/64k.txt >/dev/null 2>"$log" &
        ;;
    nginx)
        render "$here/nginx.conf" "$work/nginx.conf" "$port" "$nginx_user" "$nginx_conns"
        mkdir -p "$work/nginx-prefix"
        taskset -c "$server_cpu" nginx -p "$work/nginx-prefix/" -c "$work/nginx.conf" \
            >"$log" 2>&1 &
        ;;
    lighttpd)
        render "$here/lighttpd.conf" "$work/lighttpd.conf" "$port" "" "$lighttpd_conns"
        taskset -c "$server_cpu" lighttpd -D -f "$work/lighttpd.conf" >"$log" 2>&1 &
        ;;
    esac
    server_pid=$!
    for i in $(seq 100); do # at most ~10 s to answer both files with the right bytes
        kill -0 "$server_pid" 2>/dev/null || return 1
        if curl -s --max-time 1 -o "$work/check-1k" "http://127.0.0.1:$port/static/1k.txt" &&
            curl -s --max-time 2 -o "$work/check-64k" "http://127.0.0.1:$port/static/64k.txt" &&
            cmp -s "$work/check-1k" "$site/static/1k.txt" &&
            cmp -s "$work/check-64k" "$site/static/64k.txt"; then
            server_kids=$(descendants "$server_pid")
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# Peak RSS of the server: VmHWM summed over the process and its children (nginx's worker).
peak_rss_kb() {
    local total=0 p kb
    for p in "$server_pid" $(descendants "$server_pid"); do
        kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null)
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}

# CPU time (clock ticks) the server has used so far: its processes (nginx: master and worker).
server_ticks() {
    local total=0 p t
    for p in "$server_pid" $server_kids; do
        t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null)
        total=$((total + ${t:-0}))
    done
    echo "$total"
}

# Who was the bottleneck: the server's CPU share of its core, its CPU time per request, and
# wrk's CPU share of its core (from /usr/bin/time). A server well under 100% while wrk is near it
# waited for the load generator; both under 100% means other processes took the cores.
# Prints: srv_cpu_pct us_per_req wrk_cpu_pct (-1 where unknown).
cpu_figures() { # ticks-before ticks-after wrk-time-file requests
    awk -v t0="$1" -v t1="$2" -v hz="$(getconf CLK_TCK)" -v n="$4" '
    NR == 1 && NF == 3 { wall = $1; wrk = $2 + $3 }
    END {
        srv = (t1 - t0) / hz
        printf "%.0f\t%.2f\t%.0f\n", (wall > 0 ? 100 * srv / wall : -1), (n > 0 ? 1e6 * srv / n : -1),
            (wall > 0 ? 100 * wrk / wall : -1)
    }' "$3"
}

# TCP segments sent and delayed ACKs (the timer fired) so far, host-wide: both ends of every
# loopback connection are here, so OutSegs counts each segment once, either direction. Prints
# "segments delayed_acks" (-1 where /proc does not have them).
tcp_counters() {
    awk '$1 == "Tcp:" && !h1 { for (i = 2; i <= NF; i++) if ($i == "OutSegs") c1 = i; h1 = 1; next }
         $1 == "Tcp:" && h1 && c1 { seg = $c1 }
         END { printf "%s ", seg == "" ? -1 : seg }' /proc/net/snmp 2>/dev/null || printf -- '-1 '
    awk '$1 == "TcpExt:" && !h1 { for (i = 2; i <= NF; i++) if ($i == "DelayedACKs") c1 = i; h1 = 1; next }
         $1 == "TcpExt:" && h1 && c1 { d = $c1 }
         END { print d == "" ? -1 : d }' /proc/net/netstat 2>/dev/null || echo -1
}

# Per request, from two tcp_counters lines and the request count: "segs/req delack/req" (-1 if
# unknown). Includes the connections' setup and teardown (about 0.1 per request at c=10,000).
tcp_figures() { # before after requests
    awk -v b="$1" -v a="$2" -v n="$3" 'BEGIN {
        split(b, x, " "); split(a, y, " ")
        s = (n > 0 && x[1] >= 0 && y[1] >= 0) ? (y[1] - x[1]) / n : -1
        d = (n > 0 && x[2] >= 0 && y[2] >= 0) ? (y[2] - x[2]) / n : -1
        printf "%.2f\t%.2f\n", s, d
    }'
}

# One tab-separated line from wrk --latency output: rps p50_us p99_us timeouts sockerr non2xx
# requests; -1 where wrk printed no figure (the run is then counted as failed).
parse_wrk() {
    awk '
    function us(v, n, u) {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        return u == "us" ? n : u == "ms" ? n * 1e3 : u == "s" ? n * 1e6 : u == "m" ? n * 6e7 : -1
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" || $1 == "50.000%" { p50 = us($2) }
    $1 == "99%" || $1 == "99.000%" { p99 = us($2) }
    /Socket errors:/ { gsub(/,/, ""); se = $4 + $6 + $8; to = $10 }
    /Non-2xx or 3xx responses:/ { n2 = $5 }
    / requests in / { n = $1 }
    END {
        printf "%.2f\t%.0f\t%.0f\t%d\t%d\t%d\t%d\n", rps == "" ? -1 : rps, p50 == "" ? -1 : p50,
            p99 == "" ? -1 : p99, to, se, n2, n == "" ? -1 : n
    }' "$1"
}


echo "bench: $(date -u '+%F %T UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)," \
    "server on CPU $server_cpu, $client on CPU $client_cpu"
echo "bench: servers:$runnable; cases: $cases; $rounds round(s) x $secs s; output in $work"
echo "bench: open-file limit $nofile; connections allowed: webserver $server_conns," \
    "nginx $nginx_conns, lighttpd $lighttpd_conns (half its max-fds)"
[ -n "$webserver_bin" ] && echo "bench: webserver binary $webserver_bin (--threads $threads)"
echo "bench: $(nginx -v 2>&1 | head -n1); $(lighttpd -v 2>&1 | head -n1); client $client_bin" \
    "($([ "$client" = wrk ] && wrk -v 2>&1 | head -n1 || echo "bench/loadgen: wrk's output"))"

# One port per server for the whole run (each server sets SO_REUSEADDR); a new one if it fails.
declare -A port_of
read -r -a ports <<<"$(python3 "$stats" freeports "$(wc -w <<<"$runnable")")"
i=0
for s in $runnable; do
    port_of[$s]=${ports[$i]}
    i=$((i + 1))
done

for c in $cases; do
    info=$(case_info "$c") || { echo "bench: skipping unknown case '$c'"; continue; }
    read -r path conns header label <<<"$info"
    hdr=()
    [ "$header" = close ] && hdr=(-H "Connection: close")
    for r in $(seq "$rounds"); do
        for s in $runnable; do
            tag="$c-r$r-$s"
            status=ok
            started=0
            for _ in 1 2; do
                port=${port_of[$s]}
                start_server "$s" "$port" "$work/$tag.server.log" && { started=1; break; }
                stop_server # perhaps someone took the port meanwhile: try once more on a new one
                port_of[$s]=$(python3 "$stats" freeports 1)
            done
            if [ "$started" = 0 ]; then
                echo "bench: $s did not serve the files correctly; see $work/$tag.server.log"
                status=fail
                echo "-1	-1	-1	0	0	0	-1" >"$work/$tag.parsed"
                echo "-1	-1	-1" >"$work/$tag.cpu"
                echo "-1	-1" >"$work/$tag.tcp"
            else
                ticks0=$(server_ticks)
                tcp0=$(tcp_counters)
                taskset -c "$client_cpu" timeout $((secs + 30)) \
                    /usr/bin/time -f '%e %U %S' -o "$work/$tag.wrktime" \
                    "$client_bin" -t "$wrk_threads" -c "$conns" -d "${secs}s" --timeout "$wrk_timeout" \
                    --latency "${hdr[@]}" "http://127.0.0.1:$port$path" >"$work/$tag.wrk" 2>&1 &
                wrk_pid=$!
                wait "$wrk_pid" || status=fail
                wrk_pid=""
                ticks1=$(server_ticks)
                tcp1=$(tcp_counters)
                parse_wrk "$work/$tag.wrk" >"$work/$tag.parsed" || status=fail
                [ "$(cut -f1 "$work/$tag.parsed")" = "-1.00" ] && status=fail # no wrk summary
                cpu_figures "$ticks0" "$ticks1" "$work/$tag.wrktime" \
                    "$(cut -f7 "$work/$tag.parsed")" >"$work/$tag.cpu"
                tcp_figures "$tcp0" "$tcp1" "$(cut -f7 "$work/$tag.parsed")" >"$work/$tag.tcp"
            fi
            rss=0
            [ "$status" = ok ] && rss=$(peak_rss_kb)
            kill -0 "$server_pid" 2>/dev/null || status=fail # it died under load
            stop_server
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$label" "$r" "$s" "$status" \
                "$(cat "$work/$tag.parsed")" "$rss" "$(cat "$work/$tag.cpu")" \
                "$(cat "$work/$tag.tcp")" >>"$results"
            printf 'bench: %-8s round %d %-16s %s\n' "$c" "$r" "$s" \
                "$(tail -n1 "$results" | awk -F'\t' '{printf "%s %s req/s p50=%sus p99=%sus timeouts=%s errors=%s non2xx=%s rss=%skB server-cpu=%s%% %sus/req wrk-cpu=%s%% segs/req=%s delayed-acks/req=%s", $5, $6, $7, $8, $9, $10, $11, $13, $14, $15, $16, $17, $18}')"
        done
    done
    python3 "$stats" report "$results" --case "$c"
done

echo
echo "bench: summary (markdown), $(date -u '+%F %T UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$stats" report "$results" --markdown
echo
echo "bench: targets (issues 3 and 10; ratios are medians of per-round ratios)"
python3 "$stats" targets "$results"
echo
echo "bench: raw wrk output and server logs in $work"
exit 0
