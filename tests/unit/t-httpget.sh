#!/usr/bin/env bash
# tests/unit/t-httpget.sh: root=live:'s HTTP client (init/httpget.c, through
# build/tests/tool_httpget) against servers on this machine's loopback:
# python3 -m http.server (what the qemu test serves with), and
# tests/unit/httpserve.py, which answers each path wrongly in its own way
# (a head split in 3-byte writes, a short body, chunked, no Content-Length,
# silence, not HTTP, 404); and a port nothing listens on. Both servers are
# started and stopped here.
set -u
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C

TOOL=build/tests/tool_httpget
. tests/unit/lib.sh
need_tools httpget python3 cmp
need_helper httpget "$TOOL" "make tests"

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

head -c 300000 /dev/urandom >"$tmp/img"
mkdir -p "$tmp/srv" && cp "$tmp/img" "$tmp/srv/root.img" && cp "$tmp/img" "$tmp/srv/root.img.verity"

start() { # LOG CMD...: starts CMD, waits for a port in LOG (sed script in $pat)
	local log=$1 _
	shift
	"$@" >"$log" 2>&1 &
	pids+=($!)
	for _ in $(seq 1 100); do
		port=$(sed -n "$pat" "$log")
		[ -n "$port" ] && return 0
		sleep 0.05
	done
	echo "not ok httpget-server - $* did not start: $(tr '\n' ' ' <"$log")"
	exit 1
}
pat='s/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\) .*/\1/p'
start "$tmp/py.log" python3 -u -m http.server --bind 127.0.0.1 --directory "$tmp/srv" 0
PY=$port
pat='s/^PORT \([0-9]*\)$/\1/p'
start "$tmp/odd.log" python3 -u tests/unit/httpserve.py "$tmp/img"
ODD=$port

# one NAME URL SUFFIX IDLE_MS WANT-REGEX [same]: the tool's line must match;
# "same": the file written equals the image.
one() {
	local name=$1 url=$2 suffix=$3 idle=$4 want=$5 same=${6:-} got
	rm -f "$tmp/out"
	got=$("$TOOL" "$url" "$suffix" "$tmp/out" "$idle" 2>&1)
	if ! [[ $got =~ $want ]]; then
		fail "$name" "got \"$got\", want /$want/"
	elif [ -n "$same" ] && ! cmp -s "$tmp/out" "$tmp/img"; then
		fail "$name" "the file written differs from the image"
	else
		pass "$name"
	fi
}

one httpget/python-whole "http://127.0.0.1:$PY/root.img" "" 5000 '^BODY 200 300000 300000$' same
one httpget/python-suffix "http://127.0.0.1:$PY/root.img" ".verity" 5000 '^BODY 200 300000 300000$' same
one httpget/python-404 "http://127.0.0.1:$PY/nothere.img" "" 5000 '^STATUS 404 [0-9]+$'
one httpget/split "http://127.0.0.1:$ODD/split" "" 5000 '^BODY 200 300000 300000$' same
one httpget/short "http://127.0.0.1:$ODD/short" "" 5000 '^ERROR body: EIO 150000$'
one httpget/chunked "http://127.0.0.1:$ODD/chunked" "" 5000 '^ERROR .*chunked.*: EPROTO'
one httpget/no-length "http://127.0.0.1:$ODD/nolength" "" 5000 '^ERROR no Content-Length.*: EPROTO'
one httpget/not-http "http://127.0.0.1:$ODD/garbage" "" 5000 '^ERROR the answer is not HTTP.*: EPROTO'
one httpget/status "http://127.0.0.1:$ODD/missing" "" 5000 '^STATUS 404 0$'
t0=$(date +%s%N)
one httpget/silent "http://127.0.0.1:$ODD/silent" "" 700 '^ERROR reading the answer: ETIMEDOUT'
ms=$((($(date +%s%N) - t0) / 1000000))
if [ "$ms" -ge 650 ] && [ "$ms" -lt 5000 ]; then pass httpget/silent-bounded; else
	fail httpget/silent-bounded "the idle bound of 700 ms ended after $ms ms"; fi
# A port nothing listens on: the one the odd server had, once it is gone.
kill "${pids[1]}" && wait "${pids[1]}" 2>/dev/null
one httpget/refused "http://127.0.0.1:$ODD/ok" "" 5000 '^ERROR connecting: ECONNREFUSED'
exit $((failed > 0))
