# tests/unit/lz4parts.sh: sourced (bash) by tests/unit/t-pack-lz4join.sh and
# tests/qemu/t-cpio-kernel.sh. lz4_parts DIR N writes DIR/0.lz4 .. DIR/N.lz4:
# real `lz4 -l` streams (the kernel's legacy format) of newc archives that
# end, as every newc archive does, in NULs, which the streams end with as
# literals. Archive A holds one file /f of 1200 bytes: the first A
# characters of a fixed pseudo-random base64 text (which lz4 cannot
# compress), then NULs (which it compresses to a few bytes): one more
# literal a step, so the streams' lengths take every value over a range of
# about N and, for N = 1000, fall on every residue mod 512. The text is the
# same on every run (awk's generator from seed 1): fresh random text now
# and then held a chance 4-byte repeat that lz4 matched, a length was
# skipped and a residue went missing, so the test failed once in ~20 runs.
# Written by bash and awk, then one lz4 process.
lz4_parts() { # DIR N
	local dir=$1 n=$2 a r z
	r=$(awk 'BEGIN { srand(1); s = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
		for (i = 0; i < 1600; i++) printf "%s", substr(s, int(rand() * 64) + 1, 1) }')
	z=$(printf '\\0%.0s' {1..1200})	# "\0" 1200 times: printf's format for NULs
	mkdir -p "$dir" || return 1
	for ((a = 0; a <= n; a++)); do
		{
			printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
				1 $((8#100644)) 0 0 1 0 1200 0 0 0 0 2 0
			printf 'f\0%s' "${r:0:a}"
			# shellcheck disable=SC2059 # the format is the NULs
			printf "${z:0:2*(1200-a)}"
			printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
				0 0 0 0 1 0 0 0 0 0 0 11 0
			printf 'TRAILER!!!\0\0\0\0'
		} >"$dir/$a"
	done
	(cd "$dir" && lz4 -l -m -q -f ./*)	# DIR/A.lz4 beside DIR/A
}
