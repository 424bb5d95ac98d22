#!/usr/bin/env bash
# tests/run.sh: runs every test of baton and ends with "N passed, N failed".
# Each test is an executable tests/*/t-*.sh (or build/tests/test_* binary)
# printing "ok NAME" / "not ok NAME - why" lines. A test that exits non-zero
# without a "not ok" line, or prints no result at all, counts as a failure:
# nothing passes by being skipped.
#   tests/run.sh [GROUP...]   GROUP is unit, ns, qemu, pkg, full (default: all but full)
#   QEMU_JOBS=N   qemu and pkg scripts run N at a time (default: the number of CPUs,
#                 at most 2; 1 = one after another). TCG runs one guest per
#                 core, so two scripts on two cores take about half the time.
#                 Each script then gets its own build/qemu/NAME and
#                 build/test-logs/NAME so that no two share a disk image or a
#                 log; results are printed in the usual order when all ended.
set -u
cd "$(dirname "$0")/.." || exit 2

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(unit ns qemu pkg)

passed=0 failed=0
log=build/test-logs
mkdir -p "$log"

out_of() { echo "$log/$(echo "$1" | tr '/' '_').out"; }

# Runs one test; its output, exit code and duration go to files beside it.
exec_one() {
	local name=$1; shift
	local out t0=$SECONDS
	out=$(out_of "$name")
	"$@" >"$out" 2>"$out.err"
	echo $? >"$out.rc"
	echo $((SECONDS - t0)) >"$out.secs"
}

# Prints and counts one test's results from the files exec_one left.
report_one() {
	local name=$1
	local out rc oks noks
	out=$(out_of "$name")
	rc=$(cat "$out.rc")
	grep -E '^(not )?ok ' "$out"
	oks=$(grep -c '^ok ' "$out")
	noks=$(grep -c '^not ok ' "$out")
	passed=$((passed + oks))
	failed=$((failed + noks))
	if [ "$rc" -ne 0 ] && [ "$noks" -eq 0 ]; then
		echo "not ok $name - exited $rc without reporting a failure; stderr:"
		tail -n 20 "$out.err" | sed 's/^/#   /'
		failed=$((failed + 1))
	elif [ "$oks" -eq 0 ] && [ "$noks" -eq 0 ]; then
		echo "not ok $name - reported no result"
		failed=$((failed + 1))
	elif [ "$noks" -gt 0 ]; then
		tail -n 30 "$out.err" | sed 's/^/#   /'
	fi
	echo "# $name: $(cat "$out.secs") s"
}

run_one() {
	exec_one "$@"
	report_one "$1"
}

# The scripts of the groups named (qemu, pkg), QEMU_JOBS at a time, longest
# first (by the last run's duration) so the queues end together; results in
# the usual order.
run_parallel() {
	local jobs=$1 g t base running=0
	shift
	local -a all=() scripts=() pids=()
	# Each script in a process group of its own (set -m), so an interrupt
	# of this run can TERM it: the scripts' traps then stop their qemus.
	set -m
	trap 'kill -TERM -- $(printf -- "-%s " "${pids[@]}") 2>/dev/null; exit 130' INT TERM
	for g in "$@"; do
		for t in tests/"$g"/t-*.sh; do
			[ -e "$t" ] || { echo "not ok $g - no tests found in tests/$g"; failed=$((failed+1)); continue; }
			all+=("$t")
			scripts+=("$(cat "$(out_of "$t").secs" 2>/dev/null || echo 9999) $t")
		done
	done
	[ ${#scripts[@]} -gt 0 ] || return
	mapfile -t scripts < <(printf '%s\n' "${scripts[@]}" | sort -rn | cut -d' ' -f2-)
	for t in "${scripts[@]}"; do
		base=$(basename "$t" .sh)
		mkdir -p "build/qemu/$base" "$log/$base"
		QEMU_BUILD=build/qemu/$base QEMU_LOGDIR=$log/$base exec_one "$t" bash "$t" &
		pids+=("$!")
		running=$((running + 1))
		if [ "$running" -ge "$jobs" ]; then
			wait -n
			running=$((running - 1))
		fi
	done
	wait
	trap - INT TERM
	set +m
	for t in "${all[@]}"; do
		report_one "$t"
	done
}

qemu_jobs() {
	local n=${QEMU_JOBS:-}
	[ -n "$n" ] || { n=$(nproc 2>/dev/null || echo 1); [ "$n" -le 2 ] || n=2; }
	case $n in ''|*[!0-9]*|0) n=1 ;; esac
	echo "$n"
}

# With QEMU_JOBS > 1 the qemu and pkg groups share one pool of jobs.
pooled=()
if [ "$(qemu_jobs)" -gt 1 ]; then
	for g in "${groups[@]}"; do
		case $g in qemu|pkg) pooled+=("$g") ;; esac
	done
fi
pool_done=

for g in "${groups[@]}"; do
	if [[ " ${pooled[*]} " == *" $g "* ]]; then
		[ -n "$pool_done" ] || run_parallel "$(qemu_jobs)" "${pooled[@]}"
		pool_done=1
		continue
	fi
	if [ "$g" = unit ]; then
		# The unit tests as built for the host (glibc), with klcc for
		# the klibc flavour (make LIBC=klibc klibc-tests), as 32-bit
		# programs (make ilp32-tests) and under ASan+UBSan (make asan-tests).
		for bin in build/tests/test_* build/klibc-tests/test_* build/ilp32-tests/test_* build/asan-tests/test_*; do
			[ -x "$bin" ] || { echo "not ok unit binaries - no $bin (make tests; make LIBC=klibc klibc-tests; make ilp32-tests; make asan-tests)"; failed=$((failed+1)); continue; }
			run_one "$bin" "$bin"
		done
	fi
	for t in tests/"$g"/t-*.sh; do
		[ -e "$t" ] || { echo "not ok $g - no tests found in tests/$g"; failed=$((failed+1)); continue; }
		run_one "$t" bash "$t"
	done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
