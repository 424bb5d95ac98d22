#!/usr/bin/env bash
# tests/unit/t-fuzz-corpus.sh: replays every seed of tests/fuzz/corpus/TARGET
# (the real inputs and every reproducer a fuzzer ever found) once through
# the libFuzzer harness build/fuzz/fuzz_TARGET, built with ASan and UBSan by
# make fuzz-corpus; no mutation, seconds in all. Any sanitizer report, leak
# or hang fails the target and names the seed.
# Prints "ok fuzz-corpus/TARGET" / "not ok fuzz-corpus/TARGET - why"; exits 1
# if anything failed. A harness that is not built (no clang, no libFuzzer
# runtime) is a failure, not a skip.
set -u
cd "$(dirname "$0")/../.." || exit 2

logs=build/fuzz/replay
mkdir -p "$logs" || exit 2
failed=0

fail() {
	echo "not ok fuzz-corpus/$1 - $2"
	failed=$((failed + 1))
}

replay() {
	local t=$1 bin=build/fuzz/fuzz_$1 dir=tests/fuzz/corpus/$1 log=$logs/$1.log
	local seeds n rc ran culprit
	if [ ! -x "$bin" ]; then
		fail "$t" "$bin missing: run make fuzz-corpus (needs clang and libclang-rt-14-dev, tools/setup.sh installs them)"
		return
	fi
	seeds=("$dir"/*)
	[ -f "${seeds[0]}" ] || { fail "$t" "no seeds in $dir"; return; }
	n=${#seeds[@]}
	UBSAN_OPTIONS=print_stacktrace=1 timeout 600 "$bin" -timeout=25 -rss_limit_mb=2048 \
		"${seeds[@]}" >"$log" 2>&1
	rc=$?
	ran=$(grep -c '^Executed ' "$log")
	if [ "$rc" -eq 0 ] && [ "$ran" -eq "$n" ]; then
		echo "ok fuzz-corpus/$t"
		echo "# $t: $n seeds replayed"
		return
	fi
	culprit=$(sed -n 's/^Running: //p' "$log" | tail -n 1)
	fail "$t" "exit $rc after $ran of $n seeds; at $culprit: $(grep -m1 -E '^SUMMARY|runtime error|ERROR:' "$log" | cut -c1-200) (log $log)"
}

for t in cmdline spec cpio probe modindex verity espsize gpt dhcp http dns; do
	replay "$t"
done
exit $((failed > 0))
