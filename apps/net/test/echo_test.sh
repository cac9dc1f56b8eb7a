#!/bin/sh
# Runs `net server --port 0 --once` and `net client` against it; checks the echo, both outputs
# and both exit codes. Usage: echo_test.sh NET_BINARY BIND_IP
# The server's first line ("listening on ADDR") is read through a FIFO, so the client starts
# exactly when the server is listening: no sleeps.
set -u
net=$1
ip=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/out"

"$net" server --bind "$ip" --port 0 --once >"$dir/out" 2>"$dir/server.err" &
server=$!
exec 3<"$dir/out"
if ! read -r line <&3; then
    echo "FAIL: server printed nothing"; cat "$dir/server.err"; kill "$server" 2>/dev/null; exit 1
fi
echo "server: $line"
addr=${line#listening on }
case $addr in
    *:0 | "$line") echo "FAIL: no port in '$line'"; kill "$server" 2>/dev/null; exit 1 ;;
esac

msg="hello over $ip, with spaces and ümlauts"
got=$("$net" client "$addr" "$msg")
client_rc=$?
cat <&3 >"$dir/server.out"  # the rest of the server's stdout; ends when it exits
wait "$server"
server_rc=$?
exec 3<&-

echo "client ($client_rc): $got"
echo "server ($server_rc): $(cat "$dir/server.out")"
[ "$client_rc" -eq 0 ] || { echo "FAIL: client exit $client_rc"; exit 1; }
[ "$server_rc" -eq 0 ] || { echo "FAIL: server exit $server_rc"; cat "$dir/server.err"; exit 1; }
[ "$got" = "$msg" ] || { echo "FAIL: echo mismatch"; exit 1; }
bytes=$(printf %s "$msg" | wc -c | tr -d ' ')
grep -q ": echoed $bytes bytes$" "$dir/server.out" || { echo "FAIL: server log"; exit 1; }
echo PASS
