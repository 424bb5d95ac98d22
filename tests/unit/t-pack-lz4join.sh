#!/usr/bin/env bash
# tests/unit/t-pack-lz4join.sh: baton-pack -A after an lz4 part. lz4's
# legacy format (the kernel's) has no end marker: the kernel reads chunk
# sizes until 4 NULs or the end, and an lz4 stream of a newc archive ends
# with NULs that are still compressed data (the TRAILER!!!'s padding, as
# literals). baton-pack added NULs only up to the alignment when a part
# already ended with 4 NULs, so after lz4 parts whose length left fewer
# than 4 bytes to the boundary (4 lengths of 512 with the default
# alignment, 1 of 4 with --align 4) the kernel read the next part's magic
# as a chunk size: "Initramfs unpacking failed: Decoding failed", every
# later part lost. Here real lz4 -l streams of newc archives, of every
# length mod 512, are each joined with a newc part behind them: the joined
# image must be the lz4 part, at least 4 NULs up to the alignment, the newc
# part; and baton-check (which walks lz4 chunks as the kernel does) must
# find the joins at the lengths that were broken clean, with --align 512
# and 4. tests/qemu/t-cpio-kernel.sh boots the worst ones.
# Prints "ok NAME" / "not ok NAME - why"; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh

PACK=${BATON_PACK:-build/baton-pack}
CHECK=${BATON_CHECK:-build/baton-check}
need_tools lz4join lz4 base64 head stat
need_helper lz4join "$PACK" "make tools"
need_helper lz4join "$CHECK" "make tools"

printf 'x\n' >"$tmp/x"
printf 'dir /late 0755 0 0\nfile /late/x %s 0644 0 0\n' "$tmp/x" >"$tmp/late.spec"
declare -A late=()	# the newc part's size as each alignment pads it
for align in 512 4; do
	"$PACK" --align "$align" -o "$tmp/late.cpio" "$tmp/late.spec" || { fail lz4join/late "baton-pack failed"; exit 1; }
	late[$align]=$(stat -c %s "$tmp/late.cpio")
done

. tests/unit/lz4parts.sh
lz4_parts "$tmp/parts" 1000 || { fail lz4join/lz4 "lz4 -l -m failed"; exit 1; }

# One part per length mod 512, among those ending in NULs (all should).
declare -A pick=()
while read -r len name; do
	r=$((len % 512))
	[ -n "${pick[$r]:-}" ] || pick[$r]="$len $name"
done < <(stat -c '%s %n' "$tmp"/parts/*.lz4)
if [ ${#pick[@]} -lt 512 ]; then
	fail lz4join/coverage "only ${#pick[@]} of 512 lengths mod 512 among the streams made"
	exit 1
fi

# join ALIGN LEN PART: joined image $tmp/j-ALIGN-LEN.img, and its wanted size
bad=() checked=0
join() {
	local align=$1 len=$2 part=$3 out=$tmp/j-$1-$2.img need want
	"$PACK" --align "$align" -A "$part" -o "$out" "$tmp/late.spec" 2>"$tmp/pack.err" ||
		{ bad+=("len $len align $align: baton-pack: $(cat "$tmp/pack.err")"); return; }
	need=$(( (align - len % align) % align ))
	[ "$need" -ge 4 ] || need=$((need + align))
	want=$((len + need + late[$align]))
	[ "$(stat -c %s "$out")" = "$want" ] ||
		bad+=("len $len align $align: size $(stat -c %s "$out"), want $want ($need NULs)")
	if [ $(( (align - len % align) % align )) -lt 4 ]; then	# a length that was broken
		checked=$((checked + 1))
		"$CHECK" -q -p "$out" >"$tmp/check.out" 2>&1 ||
			bad+=("len $len align $align: baton-check: $(head -c 200 "$tmp/check.out")")
	fi
}
for r in "${!pick[@]}"; do
	read -r len part <<<"${pick[$r]}"
	tail -c 4 "$part" | cmp -s - /dev/zero -n 4 ||
		{ bad+=("len $len: the stream does not end in 4 NULs: the test's premise"); continue; }
	join 512 "$len" "$part"
	[ "$r" -lt 4 ] && join 4 "$len" "$part"	# one of each length mod 4
done
if [ ${#bad[@]} -eq 0 ]; then
	pass lz4join/every-length-mod-512
	echo "# 512 lengths mod 512 joined; $checked at lengths that were broken, clean for baton-check"
else
	fail lz4join/every-length-mod-512 "${#bad[@]} bad joins, e.g. ${bad[0]}; ${bad[1]:-}"
fi
exit $((failed > 0))
