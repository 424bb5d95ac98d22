#!/usr/bin/env bash
# tests/unit/t-probe.sh: checks the superblock prober (init/probe*.c, through
# build/tests/tool_probe) on images made by the real tools: mkfs.ext2/3/4,
# mkfs.xfs, mkfs.btrfs, mkfs.fat, mkfs.f2fs, mksquashfs, mkfs.erofs,
# genisoimage, mkswap and cryptsetup luksFormat. Each image's TYPE, UUID and
# LABEL must equal libblkid's (`blkid -p -o export`, the reference, compared
# in its escaped form) and the values given to the tool; images cut short
# must get blkid's answer for a device that size. The few places where
# PROBE_READ_SIZE keeps baton from blkid's answer are pinned as "documented"
# cases, so a change in either shows. Images are sparse and removed as soon
# as they have been checked.
# Prints "ok NAME" / "not ok NAME - why"; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 2

TOOL=build/tests/tool_probe
. tests/unit/lib.sh
need_tools probe mkfs.ext2 mkfs.ext3 mkfs.ext4 mke2fs blkid mkfs.xfs mkfs.btrfs mkfs.fat \
	 mkfs.f2fs mksquashfs mkfs.erofs genisoimage mkswap cryptsetup
need_helper probe "$TOOL" "make tests"

# Processes are dear on a loaded machine, so blkid's output is parsed with
# shell built-ins only.
# keys: REPLY becomes "TYPE|UUID|LABEL", still escaped, from the
# export-format lines on stdin ("||" when there are none).
keys() {
	local line t= u= l=
	while IFS= read -r line; do
		case $line in
		TYPE=*) t=${line#TYPE=} ;;
		UUID=*) u=${line#UUID=} ;;
		LABEL=*) l=${line#LABEL=} ;;
		esac
	done
	REPLY="$t|$u|$l"
}

# ours_keys FILE: REPLY becomes tool_probe's "TYPE|UUID|LABEL" for FILE.
ours_keys() { "$TOOL" "$1" >"$tmp/keys" 2>/dev/null; keys <"$tmp/keys"; }
# blkid_keys FILE: the same from blkid.
blkid_keys() { blkid -p -o export "$1" >"$tmp/keys" 2>/dev/null; keys <"$tmp/keys"; }

# esc STRING: REPLY becomes STRING escaped as blkid -o export escapes it
# (safe_print: "M-" and the low 7 bits for bytes >= 128, "^X" for control
# bytes, a backslash before shell characters), for comparing with what the
# tools were given.
esc() {
	local LC_ALL=C
	local s=$1 out= c n i hex
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		printf -v n '%d' "'$c"
		((n < 0)) && n=$((n + 256))
		if ((n >= 128)); then
			out+=M-
			n=$((n - 128))
		fi
		if ((n < 32 || n == 127)); then
			out+=^
			n=$((n ^ 0x40))
		elif [[ $n -eq 32 || $n -eq 92 || $n -eq 34 || $n -eq 39 || $n -eq 36 ||
			$n -eq 96 || $n -eq 60 || $n -eq 62 ]]; then
			out+=\\
		fi
		printf -v hex '%02x' "$n"
		printf -v c "\\x$hex"
		out+=$c
	done
	REPLY=$out
}

# mk NAME SIZE MKFS-ARGS...: makes a sparse image $tmp/NAME.img with them.
mk() {
	local img=$tmp/$1.img size=$2
	shift 2
	truncate -s "$size" "$img" && "$@" "$img" >"$tmp/mkfs.log" 2>&1 ||
		{ echo "# mkfs failed: $*"; sed 's/^/#   /' "$tmp/mkfs.log"; return 1; }
}

# check NAME IMG TYPE UUID LABEL [OFFSET]: tool_probe agrees with blkid on
# all three keys, and with what the tool was told (UUID as blkid prints it).
check() {
	local name=$1 img=$2 type=$3 uuid=$4 label=$5 off=${6:-0}
	local ours ref rc o b
	ours=$("$TOOL" "$img" "$off" 2>"$tmp/err")
	rc=$?
	[ "$rc" -eq 0 ] || { fail "$name" "tool_probe exited $rc: $(<"$tmp/err")"; return; }
	ref=$(blkid -p -O "$off" -o export "$img" 2>&1)
	keys <<<"$ours"
	o=$REPLY
	keys <<<"$ref"
	b=$REPLY
	[ "$o" = "$b" ] || { fail "$name" "TYPE|UUID|LABEL: tool_probe says '$o', blkid says '$b'"; return; }
	esc "$label"
	[ "$o" = "$type|$uuid|$REPLY" ] ||
		{ fail "$name" "TYPE|UUID|LABEL '$o', made as '$type|$uuid|$REPLY'"; return; }
	pass "$name"
}

# unknown NAME IMG: both tool_probe (exit 1, no output) and blkid see nothing.
unknown() {
	local name=$1 img=$2 ours rc
	ours=$("$TOOL" "$img" 2>/dev/null)
	rc=$?
	blkid_keys "$img"
	if [ "$rc" -ne 1 ] || [ -n "$ours" ]; then
		fail "$name" "tool_probe exited $rc, said '${ours//$'\n'/ }'; want exit 1, nothing"
	elif [ "$REPLY" != "||" ]; then
		fail "$name" "blkid found '$REPLY': the test image is not what it should be"
	else
		pass "$name"
	fi
}

# NAME | TYPE | UUID (given to mkfs) | LABEL | mkfs command
while IFS='|' read -r name type uuid label cmd; do
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086 # cmd holds the mkfs words
	if mk "$name" 32M $cmd -F -q -U "$uuid" -L "$label"; then
		check "probe-$name" "$tmp/$name.img" "$type" "${uuid,,}" "$label"
	else
		fail "probe-$name" "could not make the image with: $cmd"
	fi
done <<'EOF'
ext2|ext2|0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9|e2root|mkfs.ext2
ext2-1k|ext2|11111111-2222-4333-8444-555555555555|e2small|mkfs.ext2 -b 1024
ext3|ext3|DEADBEEF-CAFE-4BAD-8F00-0123456789AB|e3root|mkfs.ext3
ext4|ext4|6f1c2d9e-3a4b-4c5d-9e6f-7a8b9c0d1e2f|rootfs|mkfs.ext4 -b 4096
ext4-1k|ext4|a0a0a0a0-b1b1-4c2c-8d3d-e4e4e4e4e4e4|small|mkfs.ext4 -b 1024
ext4-nocsum-no64|ext4|12345678-9abc-4def-8123-456789abcdef|oldstyle|mkfs.ext4 -O ^metadata_csum,^64bit
ext4-nojournal|ext4|fedcba98-7654-4321-8fed-cba987654321|nojournal|mkfs.ext4 -O ^has_journal
label-space|ext4|00112233-4455-4677-8899-aabbccddeeff|my root|mkfs.ext4
label-16|ext4|ffeeddcc-bbaa-4988-8776-655443322110|ABCDEFGHIJKLMNOP|mkfs.ext4
label-shell|ext3|0f0e0d0c-0b0a-4908-8706-050403020100|it's $HOME "x"|mkfs.ext3
jbd|jbd|13579bdf-2468-4ace-8135-79bdf2468ace|journal|mke2fs -O journal_dev -b 4096
ext4dev|ext4dev|02468ace-1357-49bd-8024-68ace13579bd|testfs|mkfs.ext4 -E test_fs
EOF

# Trailing spaces: libblkid drops them, and so must we.
if mk trail 32M mkfs.ext4 -F -q -U 99999999-8888-4777-8666-555555555555 -L 'root  '; then
	check probe-label-trailing-spaces "$tmp/trail.img" ext4 \
		99999999-8888-4777-8666-555555555555 root
else
	fail probe-label-trailing-spaces "could not make the image"
fi

# At an offset: the ext4 image 1 MiB into a bigger file, as in a partition.
if dd if="$tmp/ext4.img" of="$tmp/offset.img" bs=1M seek=1 conv=sparse status=none; then
	check probe-offset "$tmp/offset.img" ext4 6f1c2d9e-3a4b-4c5d-9e6f-7a8b9c0d1e2f rootfs 1048576
else
	fail probe-offset "could not make the image"
fi

# Cut inside the superblock (which spans bytes 1024-2047): unknown.
head -c 1100 "$tmp/ext4.img" >"$tmp/trunc.img"
unknown probe-truncated-1100 "$tmp/trunc.img"
head -c 2047 "$tmp/ext4.img" >"$tmp/trunc2047.img"
unknown probe-truncated-2047 "$tmp/trunc2047.img"

# Magic zeroed, everything else intact: unknown.
cp --sparse=always "$tmp/ext4.img" "$tmp/nomagic.img"
printf '\0\0' | dd of="$tmp/nomagic.img" bs=1 seek=$((0x438)) conv=notrunc status=none
unknown probe-magic-zeroed "$tmp/nomagic.img"

# ---- the other filesystems ------------------------------------------------

# cuts NAME IMG: the image cut short where the probers' needs end (1 KiB
# blocks, the first page, iso9660's first descriptor, swap's 10-page minimum,
# 64 KiB) must get blkid's answer for a device of that size, for a short len
# is the whole device to probe_fs. Cuts stay below PROBE_READ_SIZE: past it
# baton cannot tell where a device ends.
cuts() {
	local name=$1 img=$2 n o bad=
	for n in 1024 1025 4096 34816 40959 40960 69631; do
		head -c "$n" "$img" >"$tmp/cut.img"
		ours_keys "$tmp/cut.img"
		o=$REPLY
		blkid_keys "$tmp/cut.img"
		[ "$o" = "$REPLY" ] || { bad="at $n bytes tool_probe says '$o', blkid '$REPLY'"; break; }
	done
	rm -f "$tmp/cut.img"
	if [ -z "$bad" ]; then pass "$name"; else fail "$name" "$bad"; fi
}

# zeroed NAME IMG OFFSET LEN [OFFSET LEN]: with those bytes (the magic)
# zeroed, in place, nothing is recognised.
zeroed() {
	local name=$1 img=$2
	shift 2
	while [ $# -ge 2 ]; do
		dd if=/dev/zero of="$img" bs=1 seek=$(($1)) count=$(($2)) conv=notrunc status=none
		shift 2
	done
	unknown "$name" "$img"
}

# documented NAME IMG OURS BLKID: where baton knowingly differs from blkid
# (see the prober's header comment), both answers are pinned.
documented() {
	local o
	ours_keys "$2"
	o=$REPLY
	blkid_keys "$2"
	if [ "$o" = "$3" ] && [ "$REPLY" = "$4" ]; then
		pass "$1"
	else
		fail "$1" "tool_probe '$o' (want '$3'), blkid '$REPLY' (want '$4')"
	fi
}

mkdir -p "$tmp/tree" && echo hello >"$tmp/tree/file"

# xfs: 300 MB is mkfs.xfs's minimum (its 64 MB log is really written).
U=0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9
if mkx xfs 300M mkfs.xfs -q -m uuid=$U -L xfsroot @; then
	check probe-xfs "$tmp/xfs.img" xfs $U xfsroot
	cuts probe-xfs-cut "$tmp/xfs.img"
	zeroed probe-xfs-magic-zeroed "$tmp/xfs.img" 0 4
else
	fail probe-xfs "could not make the image"
fi
if mkx xfs 300M mkfs.xfs -q -f -m uuid=${U/0a/ff} @; then
	check probe-xfs-no-label "$tmp/xfs.img" xfs ${U/0a/ff} ""
else
	fail probe-xfs-no-label "could not make the image"
fi
rm -f "$tmp/xfs.img"

# btrfs: 114 MB is mkfs.btrfs's minimum; labels run past 64 bytes.
U=11111111-2222-4333-8444-555555555555
if mkx btrfs 114M mkfs.btrfs -q -U $U -L "btrfs root" @; then
	check probe-btrfs "$tmp/btrfs.img" btrfs $U "btrfs root"
	cuts probe-btrfs-cut "$tmp/btrfs.img"
	zeroed probe-btrfs-magic-zeroed "$tmp/btrfs.img" 0x10040 8
else
	fail probe-btrfs "could not make the image"
fi
# mkfs.btrfs 6.2 takes 255 characters but stores 254: the longest real one.
L254=$(printf 'L%.0s' $(seq 254))
if mkx btrfs 114M mkfs.btrfs -q -f -U ${U/1111/abcd} -L "$L254" @; then
	check probe-btrfs-label-254 "$tmp/btrfs.img" btrfs ${U/1111/abcd} "$L254"
else
	fail probe-btrfs-label-254 "could not make the image"
fi
if mkx btrfs 114M mkfs.btrfs -q -f -U ${U/1111/cdef} -L "wurzel-äöü ✓" @; then
	check probe-btrfs-label-utf8 "$tmp/btrfs.img" btrfs ${U/1111/cdef} "wurzel-äöü ✓"
else
	fail probe-btrfs-label-utf8 "could not make the image"
fi
rm -f "$tmp/btrfs.img"

# vfat: blkid's LABEL is the root directory's volume-label entry. Where that
# directory lies within PROBE_READ_SIZE (FAT12, small FAT16) the answer is
# exact even when the boot sector's copy differs; past it (larger FAT16, any
# FAT32) baton takes the boot sector's copy, the same for these images.
# NAME | SIZE | FAT | SERIAL | LABEL
while IFS='|' read -r name size bits serial label; do
	[ -n "$name" ] || continue
	args=(mkfs.fat -F "$bits" -i "$serial")
	[ -n "$label" ] && args+=(-n "$label")
	if mkx "$name" "$size" "${args[@]}" @; then
		check "probe-$name" "$tmp/$name.img" vfat "${serial:0:4}-${serial:4}" "$label"
	else
		fail "probe-$name" "could not make the image"
	fi
done <<'EOF'
vfat12|4M|12|DEADBEEF|FLOPPY
vfat12-no-label|4M|12|0123ABCD|
vfat16-root-seen|16M|16|1234ABCD|SMALL16
vfat16-root-partly-seen|32M|16|2345BCDE|MID16
vfat16|64M|16|3456CDEF|BIG16
vfat32|40M|32|CAFE0042|EFI
vfat32-no-label|40M|32|BEEF0001|
EOF
cuts probe-vfat12-cut "$tmp/vfat12.img"
cuts probe-vfat16-cut "$tmp/vfat16.img"
cuts probe-vfat32-cut "$tmp/vfat32.img"

# FAT12: the boot sector's copy changed: the root directory's entry counts.
put "$tmp/vfat12.img" 0x2B 'BOOTCOPY   '
check probe-vfat12-labels-differ "$tmp/vfat12.img" vfat DEAD-BEEF FLOPPY
# ...and with that entry deleted there is no label, whatever the boot sector says.
root=$(( ($(od -An -tu2 -j14 -N2 "$tmp/vfat12.img") + \
	  $(od -An -tu1 -j16 -N1 "$tmp/vfat12.img") * $(od -An -tu2 -j22 -N2 "$tmp/vfat12.img")) * 512 ))
put "$tmp/vfat12.img" $root '\345'
check probe-vfat12-label-deleted "$tmp/vfat12.img" vfat DEAD-BEEF ""
# FAT32 with the copies differing: its root directory is past the buffer, so
# baton reports the boot sector's, blkid the directory's (documented).
put "$tmp/vfat32.img" 0x47 'BOOTCOPY   '
documented probe-vfat32-labels-differ-documented "$tmp/vfat32.img" \
	"vfat|CAFE-0042|BOOTCOPY" "vfat|CAFE-0042|EFI"
zeroed probe-vfat16-magic-zeroed "$tmp/vfat16.img" 0x36 8 0x1FE 2
zeroed probe-vfat32-magic-zeroed "$tmp/vfat32.img" 0x52 8 0x1FE 2
rm -f "$tmp"/vfat*.img

# f2fs: the label is UTF-16 on disk.
U=22222222-3333-4444-8555-666666666666
if mkx f2fs 64M mkfs.f2fs -q -U $U -l "f2fs root" @; then
	check probe-f2fs "$tmp/f2fs.img" f2fs $U "f2fs root"
	cuts probe-f2fs-cut "$tmp/f2fs.img"
	zeroed probe-f2fs-magic-zeroed "$tmp/f2fs.img" 0x400 4
else
	fail probe-f2fs "could not make the image"
fi
if mkx f2fs 64M mkfs.f2fs -q -f -U ${U/2222/aaaa} -l "grüße ✓ 𝄞" @; then
	check probe-f2fs-label-utf8 "$tmp/f2fs.img" f2fs ${U/2222/aaaa} "grüße ✓ 𝄞"
else
	fail probe-f2fs-label-utf8 "could not make the image"
fi
# A 300-character label: fsid.label keeps 255 bytes of it (documented).
L300=$(printf 'F%.0s' $(seq 300))
if mkx f2fs 64M mkfs.f2fs -q -f -U ${U/2222/bbbb} -l "$L300" @; then
	documented probe-f2fs-label-300-documented "$tmp/f2fs.img" \
		"f2fs|${U/2222/bbbb}|${L300:0:255}" "f2fs|${U/2222/bbbb}|$L300"
else
	fail probe-f2fs-label-300-documented "could not make the image"
fi
rm -f "$tmp/f2fs.img"

# squashfs: neither UUID nor label.
if mkx squashfs - mksquashfs "$tmp/tree" @ -quiet -noappend -no-progress; then
	check probe-squashfs "$tmp/squashfs.img" squashfs "" ""
	cuts probe-squashfs-cut "$tmp/squashfs.img"
	zeroed probe-squashfs-magic-zeroed "$tmp/squashfs.img" 0 4
else
	fail probe-squashfs "could not make the image"
fi

# erofs: mkfs.erofs 1.5 sets no label, so one is written into the
# superblock (blkid does not check its checksum either).
U=33333333-4444-4555-8666-777777777777
if mkx erofs - mkfs.erofs --quiet -U$U @ "$tmp/tree"; then
	check probe-erofs "$tmp/erofs.img" erofs $U ""
	put "$tmp/erofs.img" 0x440 'erofs-root'
	check probe-erofs-label "$tmp/erofs.img" erofs $U erofs-root
	cuts probe-erofs-cut "$tmp/erofs.img"
	zeroed probe-erofs-magic-zeroed "$tmp/erofs.img" 0x400 4
else
	fail probe-erofs "could not make the image"
fi

# iso9660: the UUID comes from the volume's modification date, here
# genisoimage's "now" (in UTC) and then dates written in.
t0=$(date -u +%s)
if mkx iso - env TZ=UTC genisoimage -quiet -V MY_CD -o @ "$tmp/tree"; then
	t1=$(date -u +%s)
	ours_keys "$tmp/iso.img"
	u=${REPLY#*|}
	u=${u%%|*}
	d=${u%-*}
	t=$(date -u -d "${d:0:10} ${d:11:2}:${d:14:2}:${d:17:2}" +%s 2>/dev/null || echo 0)
	if [[ $u =~ ^[0-9]{4}(-[0-9]{2}){6}$ ]] && [ "$t" -ge "$t0" ] && [ "$t" -le "$t1" ]; then
		check probe-iso9660 "$tmp/iso.img" iso9660 "$u" MY_CD
	else
		fail probe-iso9660 "UUID '$u' is not the time the image was made"
	fi
	put "$tmp/iso.img" 0x833E '2024010203040506\004'
	check probe-iso9660-date "$tmp/iso.img" iso9660 2024-01-02-03-04-05-06 MY_CD
	# Modification date unset: the creation date.
	put "$tmp/iso.img" 0x832D '1999123123595999\004'
	put "$tmp/iso.img" 0x833E '0000000000000000\000'
	check probe-iso9660-created-date "$tmp/iso.img" iso9660 1999-12-31-23-59-59-99 MY_CD
	cuts probe-iso9660-cut "$tmp/iso.img"
	zeroed probe-iso9660-magic-zeroed "$tmp/iso.img" 0x8001 5
else
	fail probe-iso9660 "could not make the image"
fi
# With Joliet: its label, completed from the primary descriptor's past the 16
# characters Joliet holds; UTF-8 through Joliet's UTF-16.
# NAME | GENISOIMAGE OPTIONS | LABEL
while IFS='|' read -r name opts label; do
	# shellcheck disable=SC2086 # opts holds the words
	if mkx "$name" - genisoimage -quiet $opts -V "$label" -o @ "$tmp/tree"; then
		put "$tmp/$name.img" 0x833E '2024010203040506\004'
		check "probe-$name" "$tmp/$name.img" iso9660 2024-01-02-03-04-05-06 "$label"
	else
		fail "probe-$name" "could not make the image"
	fi
	rm -f "$tmp/$name.img"
done <<'EOF'
iso9660-joliet|-J|Joliet label
iso9660-joliet-long|-J|Joliet label longer than 16
iso9660-joliet-32|-J|ABCDEFGHIJKLMNOPQRSTUVWXYZ012345
iso9660-joliet-utf8|-J -input-charset utf-8|Grüße Joliet ✓
iso9660-32|-input-charset utf-8|abcdefghijklmnopqrstuvwxyz012345
EOF

# swap: the signature ends the first page, whatever its size.
U=44444444-5555-4666-8777-888888888888
if mkx swap 1M mkswap -q -L swaplabel -U $U @; then
	check probe-swap "$tmp/swap.img" swap $U swaplabel
	cuts probe-swap-cut "$tmp/swap.img"
	zeroed probe-swap-magic-zeroed "$tmp/swap.img" 0xFF6 10
else
	fail probe-swap "could not make the image"
fi
# A hibernation image over swap (the kernel's S1SUSPEND, uswsusp's
# ULSUSPEND): blkid's "swsuspend", UUID and label kept, found by resume=UUID=.
for sig in S1SUSPEND ULSUSPEND LINHIB0001; do
	if mkx swap 1M mkswap -q -L hiberlabel -U $U @; then
		put "$tmp/swap.img" 0xFF6 "$sig\0000000000"
		put "$tmp/swap.img" 0xFF6 "$sig"
		check "probe-swsuspend-$sig" "$tmp/swap.img" swsuspend $U hiberlabel
	else
		fail "probe-swsuspend-$sig" "could not make the image"
	fi
done
if mkx swap 1M mkswap -q -p 65536 -U ${U/4444/cccc} @; then
	check probe-swap-64k-pages "$tmp/swap.img" swap ${U/4444/cccc} ""
else
	fail probe-swap-64k-pages "could not make the image"
fi

# LUKS: identified, never opened. cryptsetup formats a plain file (no loop
# device needed); a cheap PBKDF and small keyslot areas keep it quick and
# the images small. The UUID is text in the header: cryptsetup writes the
# one given in lower case.
printf 'not a secret' >"$tmp/key"
luks() {
	local name=$1
	shift
	mkx "$name" 20M cryptsetup luksFormat -q --batch-mode --key-file "$tmp/key" \
		--pbkdf pbkdf2 --pbkdf-force-iterations 1000 "$@" @
}
U=55555555-6666-4777-8888-99999999ABCD
if luks luks1 --type luks1 --key-size 256 --uuid $U; then
	check probe-luks1 "$tmp/luks1.img" crypto_LUKS ${U,,} ""
	cuts probe-luks1-cut "$tmp/luks1.img"
	zeroed probe-luks1-magic-zeroed "$tmp/luks1.img" 0 6
else
	fail probe-luks1 "could not make the image"
fi
U=66666666-7777-4888-8999-aaaaaaaaaaaa
for md in 16k 64k 128k; do
	if ! luks luks2-$md --type luks2 --key-size 256 --luks2-metadata-size $md \
		--luks2-keyslots-size 256k --uuid $U --label "luks $md"; then
		fail probe-luks2-$md "could not make the image"
		continue
	fi
	img=$tmp/luks2-$md.img
	[ $md = 16k ] && check probe-luks2 "$img" crypto_LUKS $U "luks 16k"
	[ $md = 16k ] && cuts probe-luks2-cut "$img"
	# Primary header's magic gone: the copy after it is found, as far as
	# PROBE_READ_SIZE reaches (64 KiB); the one at 128 KiB is not (documented).
	put "$img" 0 '\0\0\0\0\0\0'
	if [ $md = 128k ]; then
		documented probe-luks2-copy-$md-documented "$img" "||" "crypto_LUKS|$U|luks\\ $md"
	else
		check probe-luks2-copy-$md "$img" crypto_LUKS $U "luks $md"
	fi
	rm -f "$img"
done
# A LUKS header over an old ext4 superblock: LUKS, as blkid says.
if mk luksext 32M mkfs.ext4 -F -q; then
	dd if="$tmp/luks1.img" of="$tmp/luksext.img" bs=1024 count=1 conv=notrunc status=none
	put "$tmp/luksext.img" 0 'LUKS\272\276'
	check probe-luks-over-ext4 "$tmp/luksext.img" crypto_LUKS 55555555-6666-4777-8888-99999999abcd ""
else
	fail probe-luks-over-ext4 "could not make the image"
fi
rm -f "$tmp"/luks*.img

# An unreadable file: exit 2 and a message naming it.
err=$("$TOOL" "$tmp/absent.img" 2>&1 >/dev/null)
rc=$?
if [ "$rc" -eq 2 ] && [[ $err == *"$tmp/absent.img"* ]]; then
	pass probe-missing-file
else
	fail probe-missing-file "exit $rc, message '$err'; want exit 2 naming the file"
fi

[ "$failed" -eq 0 ]
