#!/usr/bin/env bash
# tests/unit/t-espsize.sh: the EFI system partition's computed size
# (build/baton-espsize, tools/mkdisk/) against the real mkfs.vfat and mcopy.
# For payloads of sparse files (several file counts, short 8.3 names and long
# names, nested directories), at 512 and 4096-byte sectors:
#   geometry/*  mkfs.vfat -v at the solved size reports the FAT size and
#               cluster count the solver predicted
#   fits/*      the smallest filesystem solved for holds every file (mcopy)
#   minimal/*   one cluster less (same type and cluster size) does not:
#               mcopy says "Disk full"
#   part/*      the whole-MiB partition holds them; 1 MiB less, formatted
#               with mkfs.vfat's own choices, does not
# plus random sizes where -g's geometry must equal mkfs.vfat -v's.
# ESP_SWEEP=full (make check-full) runs payloads from 1 MiB to 1 GiB; the
# default (make check) a reduced set that still reaches FAT12, FAT16 and FAT32.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh

SOLVER=build/baton-espsize
need_tools espsize mkfs.vfat mcopy mmd truncate
need_helper espsize "$SOLVER" "make tools"
export MTOOLS_SKIP_CHECK=1 MTOOLS_NO_VFAT=0

# A small deterministic generator (no $RANDOM: runs must repeat).
seed=12345
rnd() { seed=$(( (seed * 1103515245 + 12345) % 2147483648 )); echo $(( seed % $1 )); }

# name STYLE INDEX: short 8.3 upper case, lowercase 8.3, or long mixed case
name() {
	case $1 in
	short) printf 'F%07d.BIN' "$2" ;;
	lower) printf 'f%07d.efi' "$2" ;;
	long) printf 'Payload file number %05d with a long Name (%s).img' "$2" "$(printf 'x%.0s' $(seq 1 $(( $2 % 60 + 1 ))))" ;;
	esac
}

# payload DIR TOTAL_BYTES NFILES STYLE: NFILES sparse files summing to about
# TOTAL, one large and the rest of varied sizes, over the root, EFI/BOOT and
# a subdirectory per 50 files.
payload() {
	local dir=$1 total=$2 n=$3 style=$4 i rest size sub
	rm -rf "$dir"
	mkdir -p "$dir/EFI/BOOT" "$dir/loader/entries"
	rest=$total
	for ((i = 1; i < n; i++)); do
		size=$(( total / (4 * n) + $(rnd 40000) ))
		[ "$size" -lt "$rest" ] || size=$(( rest / 2 ))
		rest=$(( rest - size ))
		case $(( i % 3 )) in
		0) sub=. ;;
		1) sub=EFI/BOOT ;;
		2) sub="d$(( i / 50 ))"; mkdir -p "$dir/$sub" ;;
		esac
		truncate -s "$size" "$dir/$sub/$(name "$style" "$i")"
	done
	truncate -s "$rest" "$dir/EFI/BOOT/BOOTX64.EFI"
	: >"$dir/loader/entries/empty.conf"
}

manifest() { # DIR
	(cd "$1" && find . -mindepth 1 \( -type d -printf '0 %P/\n' \) -o \( -type f -printf '%s %P\n' \))
}

# mkfat IMG SECTORS SS ARGS...: IMG of SECTORS sectors made by mkfs.vfat;
# prints "FATSECTORS CLUSTERS" from its -v report.
mkfat() {
	local img=$1 n=$2 ss=$3 out
	shift 3
	rm -f "$img"
	truncate -s $(( n * ss )) "$img" || return 1
	out=$(mkfs.vfat -v -S "$ss" --invariant "$@" "$img" 2>&1) || { echo "mkfs: $(tr '\n' ' ' <<<"$out")"; return 1; }
	sed -n 's/^FAT size is \([0-9]*\) sectors*, and provides \([0-9]*\) clusters*\./\1 \2/p' <<<"$out"
}

# copyin IMG DIR: every file of DIR into IMG; fails when one does not fit.
# mcopy's exit status is not enough: when a directory cannot grow it says
# "No free cluster" and exits 0. So: no complaint at all, and every file
# found in the image with its size (baton-mkdisk --check-esp).
copyin() {
	mcopy -s -Q -i "$1" "$2"/* ::/ >"$tmp/mcopy.log" 2>&1 && [ ! -s "$tmp/mcopy.log" ] &&
		tools/baton-mkdisk --check-esp "$1" "$tmp/manifest" >>"$tmp/mcopy.log" 2>&1
}

cases=0
one() { # NAME SS TOTAL NFILES STYLE [FREE]
	local n=$1 ss=$2 total=$3 nf=$4 style=$5 free=${6:-0} dir=$tmp/p out got
	local ESP_SECTORS FAT_BITS SPC RESERVED ROOT_ENTRIES FAT_SECTORS CLUSTERS MIN_SECTORS MIN_FAT_SECTORS MIN_CLUSTERS BOUND
	payload "$dir" "$total" "$nf" "$style"
	manifest "$dir" >"$tmp/manifest"
	out=$("$SOLVER" -S "$ss" -f "$free" "$tmp/manifest" 2>&1) || { fail "espsize/$n" "solver: $out"; return; }
	eval "$out"
	cases=$((cases + 1))
	echo "# $n: $(wc -l <"$tmp/manifest") entries, $((total >> 10)) KiB -> ESP $((ESP_SECTORS * ss >> 20)) MiB FAT$FAT_BITS ${SPC}x$ss, min $MIN_SECTORS sectors, bound $BOUND"
	local params=(-a -s "$SPC" -F "$FAT_BITS" -R "$RESERVED" -f 2)
	[ "$FAT_BITS" = 32 ] || params+=(-r "$ROOT_ENTRIES")
	# The smallest filesystem: mkfs.vfat's geometry as predicted, files fit.
	got=$(mkfat "$tmp/f.img" "$MIN_SECTORS" "$ss" "${params[@]}")
	if [ "$got" = "$MIN_FAT_SECTORS $MIN_CLUSTERS" ]; then pass "espsize/geometry/$n"
	else fail "espsize/geometry/$n" "mkfs.vfat at $MIN_SECTORS sectors: '$got', solver: '$MIN_FAT_SECTORS $MIN_CLUSTERS'"; fi
	if [ "$free" = 0 ]; then
		if copyin "$tmp/f.img" "$dir"; then pass "espsize/fits/$n"
		else fail "espsize/fits/$n" "mcopy into $MIN_SECTORS sectors: $(tr '\n' ' ' <"$tmp/mcopy.log")"; fi
		# One cluster less: the files no longer fit.
		if [ "$BOUND" = payload ]; then
			got=$(mkfat "$tmp/f.img" $((MIN_SECTORS - SPC)) "$ss" "${params[@]}")
			if [ -n "$got" ] && [ "${got#mkfs}" = "$got" ] && ! copyin "$tmp/f.img" "$dir" &&
			   grep -Eq 'Disk full|No free cluster|does not hold' "$tmp/mcopy.log"; then
				pass "espsize/minimal/$n"
			else
				fail "espsize/minimal/$n" "one cluster less ($((MIN_SECTORS - SPC)) sectors, '$got') still held them: $(tr '\n' ' ' <"$tmp/mcopy.log" | cut -c1-300)"
			fi
		else
			pass "espsize/minimal/$n # the FAT$FAT_BITS minimum cluster count decides"
		fi
	fi
	# The partition: whole MiB, holds the files (and FREE more).
	got=$(mkfat "$tmp/f.img" "$ESP_SECTORS" "$ss" "${params[@]}")
	if [ "$got" = "$FAT_SECTORS $CLUSTERS" ] && copyin "$tmp/f.img" "$dir" &&
	   free_b=$(mdir -i "$tmp/f.img" ::/ | grep 'bytes free' | tr -d ' ' | sed -n 's/bytesfree$//p') &&
	   [ "${free_b:-0}" -ge "$free" ]; then
		pass "espsize/part/$n"
	else
		fail "espsize/part/$n" "partition of $ESP_SECTORS sectors: geometry '$got' (want '$FAT_SECTORS $CLUSTERS'), free bytes ${free_b:-?}, $(tr '\n' ' ' <"$tmp/mcopy.log")"
	fi
	# 1 MiB less, laid out as mkfs.vfat itself likes: does not hold them.
	if [ "$free" = 0 ] && [ $((ESP_SECTORS * ss)) -gt $((1 << 20)) ]; then
		got=$(mkfat "$tmp/f.img" $((ESP_SECTORS - (1 << 20) / ss)) "$ss")
		if [ "${got#mkfs}" != "$got" ] || ! copyin "$tmp/f.img" "$dir"; then
			pass "espsize/part-minimal/$n"
		else
			fail "espsize/part-minimal/$n" "1 MiB less, mkfs.vfat's defaults ($got) held them"
		fi
	fi
	rm -f "$tmp/f.img"
}

# The geometry formula alone, at random sizes, types and cluster sizes.
geometry_random() { # COUNT
	local i ss bits spc n out got want
	printf '1000 a\n' >"$tmp/m1"
	for ((i = 0; i < $1; i++)); do
		ss=$(( $(rnd 2) ? 4096 : 512 ))
		bits=$(( $(rnd 3) == 0 ? 12 : $(rnd 2) ? 16 : 32 ))
		spc=$(( 1 << $(rnd $(( ss == 512 ? 7 : 4 ))) ))
		n=$(( 2100 + $(rnd 700000) ))
		out=$("$SOLVER" -S "$ss" -g "$n,$bits,$spc" "$tmp/m1") || { fail espsize/random-geometry "solver -g failed"; return; }
		eval "$out"
		local params=(-a -s "$spc" -F "$bits" -R "$RESERVED" -f 2)
		[ "$bits" = 32 ] || params+=(-r "$ROOT_ENTRIES")
		got=$(mkfat "$tmp/g.img" "$n" "$ss" "${params[@]}")
		if [ "$VALID" = 1 ]; then want="$FAT_SECTORS $CLUSTERS"; else want=refused; fi
		[ "${got#mkfs}" != "$got" ] || [ -z "$got" ] && got=refused
		# mkfs.vfat warns but makes a FAT32 below its minimum when -F 32
		# is given; the solver never picks one, so both count as refused.
		if [ "$bits" = 32 ] && [ "$want" = refused ] && [ "$got" != refused ] &&
		   [ "${got#* }" -lt 65525 ]; then got=refused; fi
		if [ "$got" != "$want" ]; then
			fail espsize/random-geometry "$n sectors of $ss, FAT$bits, $spc/cluster: mkfs.vfat '$got', solver '$want'"
			return
		fi
	done
	rm -f "$tmp/g.img"
	pass "espsize/random-geometry # $1 sizes"
}

M=$((1 << 20))
if [ "${ESP_SWEEP:-}" = full ]; then
	geometry_random 300
	styles=(short lower long)
	counts=(1 5 40 300)
	i=0
	for ss in 512 4096; do
		for total in $((1 * M)) $((2 * M)) $((5 * M)) $((12 * M)) $((31 * M)) $((33 * M)) \
			     $((70 * M)) $((130 * M)) $((255 * M)) $((300 * M)) $((520 * M)) $((1024 * M)); do
			st=${styles[$((i % 3))]} nf=${counts[$((i % 4))]}
			one "$ss-$((total / M))M-$nf-$st" "$ss" "$total" "$nf" "$st"
			i=$((i + 1))
		done
	done
	one 512-free 512 $((20 * M)) 10 long $((7 * M + 123))
else
	geometry_random 40
	one 512-1M-40-long 512 $((1 * M)) 40 long
	one 512-3M-5-lower 512 $((3 * M)) 5 lower
	one 512-40M-120-short 512 $((40 * M)) 120 short
	one 4096-2M-300-long 4096 $((2 * M)) 300 long
	one 4096-24M-5-short 4096 $((24 * M)) 5 short
	one 4096-free-20M 4096 $((20 * M)) 10 long $((7 * M + 123))
fi
echo "# $cases payloads"
[ "$failed" -eq 0 ]
