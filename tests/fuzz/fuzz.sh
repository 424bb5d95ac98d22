#!/usr/bin/env bash
# tests/fuzz/fuzz.sh: make fuzz's runner. Runs each libFuzzer harness
# build/fuzz/fuzz_TARGET for FUZZ_SECONDS (default 60) on a scratch corpus
# build/fuzz/corpus/TARGET, which starts as a copy of the seeds in
# tests/fuzz/corpus/TARGET and keeps what earlier runs found (tests/ is
# never written). Prints per harness the executions, CPU seconds, coverage
# and corpus growth; any crash, leak, UB report, timeout or out-of-memory
# fails the run, naming the reproducer libFuzzer wrote.
#   tests/fuzz/fuzz.sh build/fuzz TARGET...
set -u
cd "$(dirname "$0")/../.." || exit 2

fz=$1
shift
secs=${FUZZ_SECONDS:-60}
# UBSan aborts (-fno-sanitize-recover) and libFuzzer keeps the input; the
# stack says where.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# The longest input worth trying: a command line and a spec line are
# short; a superblock sits up to PROBE_READ_SIZE (68 KiB) in and a 4Kn GPT
# disk seed is 128 KiB.
max_len() {
	case $1 in
	cmdline | spec) echo 8192 ;;
	probe) echo 131072 ;;
	*) echo 65536 ;;
	esac
}

# field LOG KEY: the last "KEY: N" of libFuzzer's status lines ("cov", "corp").
field() {
	grep -o "$2: [0-9/a-zA-Z]*" "$1" | tail -n 1 | sed "s/^$2: //"
}

failed=0
for t in "$@"; do
	bin=$fz/fuzz_$t seeds=tests/fuzz/corpus/$t work=$fz/corpus/$t art=$fz/artifacts/$t
	log=$fz/logs/$t.log
	if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
		echo "FUZZ FAILED $t: $bin or $seeds missing (make fuzz builds it)"
		failed=1
		continue
	fi
	mkdir -p "$work" "$art" "$fz/logs"
	rm -f "$art"/*
	cp "$seeds"/* "$work"/
	files0=$(find "$work" -type f | wc -l)
	opts=(-max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -max_len="$(max_len "$t")"
	      -close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$art/")
	[ -f "tests/fuzz/$t.dict" ] && opts+=(-dict="tests/fuzz/$t.dict")
	TIMEFORMAT='%U %S'
	{ time "$bin" "${opts[@]}" "$work" >"$log" 2>&1; } 2>"$log.time"
	rc=$?
	read -r user sys <"$log.time"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	new=$(sed -n 's/^stat::new_units_added: *//p' "$log")
	cov0=$(grep -m1 INITED "$log" | grep -o 'cov: [0-9]*' | sed 's/cov: //')
	printf 'fuzz %-8s %s execs in %s s CPU (%s exec/s); cov %s -> %s; corpus %s units; files %s -> %s (%s written: new or reduced)\n' \
		"$t" "${execs:-?}" "$cpu" "${eps:-?}" "${cov0:-?}" "$(field "$log" cov)" \
		"$(field "$log" corp)" "$files0" "$(find "$work" -type f | wc -l)" "${new:-?}"
	found=$(find "$art" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
		-o -name 'oom-*' \) | sort)
	if [ -n "$found" ] || [ "$rc" -ne 0 ]; then
		failed=1
		echo "FUZZ FAILED $t: libFuzzer exited $rc; log $log"
		grep -m3 -E '^(SUMMARY|==[0-9]+==ERROR)|runtime error' "$log" | sed 's/^/    /'
		for f in $found; do
			echo "    reproducer: $f   (replay: $bin $f)"
		done
	fi
done
exit "$failed"
