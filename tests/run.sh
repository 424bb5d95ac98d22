#!/usr/bin/env bash
# tests/run.sh: runs every test of baton and ends with "N passed, N failed".
# Each test is an executable tests/*/t-*.sh (or build/tests/test_* binary)
# printing "ok NAME" / "not ok NAME - why" lines. A test that exits non-zero
# without a "not ok" line, or prints no result at all, counts as a failure:
# nothing passes by being skipped.
#   tests/run.sh [GROUP...]   GROUP is unit, ns, qemu, pkg, full (default: all but full)
set -u
cd "$(dirname "$0")/.." || exit 2

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(unit ns qemu pkg)

passed=0 failed=0
log=build/test-logs
mkdir -p "$log"

run_one() {
	local name=$1; shift
	local out rc oks noks
	out=$log/$(echo "$name" | tr '/' '_').out
	local t0=$SECONDS
	"$@" >"$out" 2>"$out.err"
	rc=$?
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
	echo "# $name: $((SECONDS - t0)) s"
}

for g in "${groups[@]}"; do
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
