#!/usr/bin/env bash
# tests/unit/t-blkid-diff.sh: the differential test of baton's two
# identification backends (issue 3). build/tests/tool_blkid_diff runs baton's
# own (init/probe*.c, init/parttable.c) and libblkid (the `make BLKID=1`
# flavour's) over the same image file: the whole image's TYPE/UUID/LABEL,
# its partition table's PTTYPE/PTUUID, and for every partition its number,
# PARTUUID, PARTLABEL, type, extent and the TYPE/UUID/LABEL of what it holds.
# Any difference fails the image. The images: one of every filesystem baton
# probes, made by the real mkfs tools (ext2/3/4, ext4dev, jbd, xfs, btrfs,
# vfat 12/16/32, f2fs, squashfs, erofs, iso9660 with and without Joliet,
# swap, LUKS1, LUKS2), then disks holding copies of them in partitions: GPT
# at 512-byte sectors (sgdisk) and at 4096 (scripted `fdisk -b 4096`), MBR
# with an extended partition and logicals at 512 (sfdisk) and 4096 (fdisk).
# Each image must also be what it was made as (libblkid's TYPE and PTTYPE
# are checked), so two backends both seeing nothing cannot pass.
# Images are sparse files in a temporary directory, no loop devices.
# Prints "ok NAME" / "not ok NAME - why"; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C.UTF-8

TOOL=build/tests/tool_blkid_diff
. tests/unit/lib.sh
need_tools blkid-diff mkfs.ext2 mkfs.ext3 mkfs.ext4 mke2fs mkfs.xfs mkfs.btrfs mkfs.fat mkfs.f2fs \
	 mksquashfs mkfs.erofs genisoimage mkswap cryptsetup sgdisk sfdisk fdisk partx truncate
need_helper blkid-diff "$TOOL" "make build/tests/tool_blkid_diff"

# diffcheck NAME IMG SSZ EXPECTED-LINE...: the tool finds no difference
# between the backends on IMG read with SSZ-byte sectors, and prints every
# EXPECTED-LINE (such as 'image TYPE="ext4"': what the image was made as).
diffcheck() {
	local name=$1 img=$2 ssz=$3 rc line missing=
	shift 3
	"$TOOL" "$img" "$ssz" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 1 ]; then
		fail "$name" "backends differ: $(grep ' DIFFERS ' "$tmp/out" | paste -sd '|')"
		sed 's/^/#   /' "$tmp/out" >&2
		return 1
	elif [ "$rc" -ne 0 ]; then
		fail "$name" "$TOOL exited $rc: $(paste -sd ' ' "$tmp/err")"
		return 1
	fi
	for line; do
		grep -qFx -- "$line" "$tmp/out" || missing="$missing '$line'"
	done
	if [ -n "$missing" ]; then
		fail "$name" "the image is not what it was made as: no$missing in: $(paste -sd '|' "$tmp/out")"
		return 1
	fi
	pass "$name"
}

# ---- filesystems, each a whole image --------------------------------------
# Every one made is checked as a whole image, then copied into partitions.
made=()
# fs NAME TYPE SIZE CMD...: makes $tmp/NAME.img and compares the backends on it.
fs() {
	local name=$1 type=$2
	shift 2
	if mkx "$name" "$@"; then
		[ "$name" = erofs ] && put "$tmp/erofs.img" 0x440 'erofs-root'
		made+=("$name")
		diffcheck "blkid-diff-$name" "$tmp/$name.img" 512 "image TYPE=\"$type\""
	else
		fail "blkid-diff-$name" "could not make the image"
	fi
}

mkdir -p "$tmp/tree" && echo hello >"$tmp/tree/file"
printf 'not a secret' >"$tmp/key"
LUKS=(cryptsetup luksFormat -q --batch-mode --key-file "$tmp/key"
      --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-size 256)

fs ext2 ext2 32M mkfs.ext2 -F -q -U 0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9 -L e2root @
fs ext3 ext3 32M mkfs.ext3 -F -q -U DEADBEEF-CAFE-4BAD-8F00-0123456789AB -L "it's \$HOME" @
fs ext4 ext4 32M mkfs.ext4 -F -q -U 6f1c2d9e-3a4b-4c5d-9e6f-7a8b9c0d1e2f -L 'root fs' @
fs ext4-1k ext4 32M mkfs.ext4 -F -q -b 1024 -O ^metadata_csum,^64bit \
	-U a0a0a0a0-b1b1-4c2c-8d3d-e4e4e4e4e4e4 -L 'wurzel ✓' @
fs ext4dev ext4dev 32M mkfs.ext4 -F -q -E test_fs -U 02468ace-1357-49bd-8024-68ace13579bd -L testfs @
fs jbd jbd 32M mke2fs -F -q -O journal_dev -b 4096 -U 13579bdf-2468-4ace-8135-79bdf2468ace -L journal @
# xfs: 300 MB is mkfs.xfs's minimum, btrfs 114 MB.
fs xfs xfs 300M mkfs.xfs -q -m uuid=0b1c2d3e-4f50-4172-8394-a5b6c7d8e9fa -L xfsroot @
fs btrfs btrfs 114M mkfs.btrfs -q -U 11111111-2222-4333-8444-555555555555 -L 'btrfs wurzel-äöü' @
fs vfat12 vfat 4M mkfs.fat -F 12 -i DEADBEEF -n FLOPPY @
fs vfat16-small vfat 16M mkfs.fat -F 16 -i 1234ABCD -n SMALL16 @
fs vfat16 vfat 64M mkfs.fat -F 16 -i 3456CDEF -n BIG16 @
fs vfat32 vfat 40M mkfs.fat -F 32 -i CAFE0042 -n 'EFI SYS' @
fs vfat32-no-label vfat 40M mkfs.fat -F 32 -i BEEF0001 @
fs f2fs f2fs 64M mkfs.f2fs -q -U 22222222-3333-4444-8555-666666666666 -l 'grüße ✓ 𝄞' @
fs squashfs squashfs - mksquashfs "$tmp/tree" @ -quiet -noappend -no-progress
# mkfs.erofs 1.5 sets no label: fs() writes one into the superblock.
fs erofs erofs - mkfs.erofs --quiet -U33333333-4444-4555-8666-777777777777 @ "$tmp/tree"
fs iso9660 iso9660 - genisoimage -quiet -V MY_CD -o @ "$tmp/tree"
fs iso9660-joliet iso9660 - genisoimage -quiet -J -input-charset utf-8 \
	-V 'Grüße Joliet label ✓' -o @ "$tmp/tree"
fs swap swap 1M mkswap -q -L swaplabel -U 44444444-5555-4666-8777-888888888888 @
fs luks1 crypto_LUKS 20M "${LUKS[@]}" --type luks1 --uuid 55555555-6666-4777-8888-99999999ABCD @
fs luks2 crypto_LUKS 20M "${LUKS[@]}" --type luks2 --luks2-metadata-size 16k \
	--luks2-keyslots-size 256k --uuid 66666666-7777-4888-8999-aaaaaaaaaaaa --label 'luks two' @

# ---- disks with those filesystems in partitions ---------------------------
# have NAME...: every one of those filesystems was made.
have() {
	local n m
	for n; do
		for m in "${made[@]}"; do [ "$m" = "$n" ] && continue 2; done
		return 1
	done
}

# place DISK NAME START BYTES: copies $tmp/NAME.img into DISK at byte START,
# a partition of BYTES bytes, which it must fit.
place() {
	local img=$tmp/$2.img
	[ "$(stat -c %s "$img")" -le "$4" ] || { echo "# $2.img does not fit in $4 bytes"; return 1; }
	dd if="$img" of="$1" bs=1M seek="$3" oflag=seek_bytes conv=sparse,notrunc status=none
}

# disk NAME SSZ PTTYPE [N=FS...]: copies each FS's image into partition N
# (where `partx -S SSZ` puts it: START and SECTORS in 512-byte units), then
# compares the backends on $tmp/NAME.img read with SSZ-byte sectors; the
# table must be PTTYPE and partition N hold the TYPE FS's whole image had.
disk() {
	local name=$1 ssz=$2 pttype=$3 img=$tmp/$1.img a n f start size expect=()
	shift 3
	expect=("table PTTYPE=\"$pttype\"")
	for a; do
		n=${a%%=*} f=${a#*=}
		read -r start size < <(partx -S "$ssz" -g -n "$n" -o START,SECTORS "$img" 2>/dev/null)
		[ -n "${start:-}" ] ||
			{ fail "blkid-diff-$name" "partx lists no partition $n"; return; }
		place "$img" "$f" $((start * 512)) $((size * 512)) ||
			{ fail "blkid-diff-$name" "could not copy $f into partition $n"; return; }
		expect+=("p$n TYPE=$(sed -n 's/^image TYPE=//p' < <("$TOOL" "$tmp/$f.img"))")
	done
	diffcheck "blkid-diff-$name" "$img" "$ssz" "${expect[@]}"
	rm -f "$img"
}

# GPT, 512-byte sectors, by sgdisk: partition 4 left empty, labels with
# UTF-8, trailing blanks and 36 characters.
if have ext4 vfat32 swap luks2 btrfs xfs; then
	truncate -s 560M "$tmp/gpt512.img"
	# Not -q: on a fresh file `sgdisk -q` creates nothing (gdisk 1.0.9).
	if sgdisk -U b007ab1e-0000-4000-8000-0000000000d1 \
		-n 1:2048:+32M -t 1:8300 -u 1:b007ab1e-0000-4000-8000-0000000000b1 -c 1:'root fs' \
		-n 2:0:+40M -t 2:ef00 -u 2:0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9 -c 2:'données☃' \
		-n 3:0:+1M -t 3:8200 -u 3:11111111-2222-4333-8444-555555555555 -c 3:'pad  ' \
		-n 5:0:+20M -t 5:8309 -u 5:deadbeef-cafe-4bad-8f00-0123456789ab -c 5:'emoji😀x' \
		-n 6:0:+114M -t 6:8300 -u 6:fedcba98-7654-4321-8fed-cba987654321 \
		-c 6:ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \
		-n 7:0:+300M -t 7:8300 -u 7:c0ffee00-1234-4567-89ab-cdef01234567 \
		"$tmp/gpt512.img" >"$tmp/mk.log" 2>&1; then
		disk gpt512 512 gpt 1=ext4 2=vfat32 3=swap 5=luks2 6=btrfs 7=xfs
	else
		fail blkid-diff-gpt512 "sgdisk failed: $(paste -sd ' ' "$tmp/mk.log")"
	fi
else
	fail blkid-diff-gpt512 "a filesystem for it could not be made (above)"
fi

# GPT, 4096-byte sectors, by fdisk -b 4096 (x/i, x/u and x/n set the disk
# GUID, PARTUUIDs and names); partition 5 ends at the last usable LBA.
if have f2fs vfat16 erofs iso9660-joliet jbd; then
	truncate -s 176M "$tmp/gpt4k.img"
	printf '%s\n' g n 1 256 +64M n 2 '' +64M n 3 '' +4M n 4 '' +4M n 5 '' '' \
		x i b007ab1e-0000-4000-8000-0000000004d1 \
		u 1 b007ab1e-0000-4000-8000-0000000004b1 u 2 C0FFEE00-1234-4567-89AB-CDEF01234567 \
		n 1 'root 4k' n 2 'säve ' n 4 'Joliet ✓' r w |
		fdisk -b 4096 "$tmp/gpt4k.img" >"$tmp/mk.log" 2>&1
	disk gpt4k 4096 gpt 1=f2fs 2=vfat16 3=erofs 4=iso9660-joliet 5=jbd
else
	fail blkid-diff-gpt4k "a filesystem for it could not be made (above)"
fi

# MBR, 512-byte sectors, by sfdisk: primaries 1, 3, 4; extended 2 (a Linux
# one, 0x85) holding logicals 5, 6 and 7.
if have ext2 ext3 vfat12 luks1 swap iso9660; then
	truncate -s 128M "$tmp/dos512.img"
	if printf '%s\n' 'label: dos' 'label-id: 0x5eedf00d' \
		'start=2048, size=32M, type=83' \
		'start=67584, size=90M, type=85' \
		'start=253952, size=1M, type=82' \
		'start=258048, size=2M, type=83' \
		'start=69632, size=32M, type=83' \
		'start=137216, size=4M, type=c' \
		'start=147456, size=20M, type=83' |
		sfdisk -q "$tmp/dos512.img" >"$tmp/mk.log" 2>&1; then
		disk dos512 512 dos 1=ext2 3=swap 4=iso9660 5=ext3 6=vfat12 7=luks1
	else
		fail blkid-diff-dos512 "sfdisk failed: $(paste -sd ' ' "$tmp/mk.log")"
	fi
else
	fail blkid-diff-dos512 "a filesystem for it could not be made (above)"
fi

# MBR, 4096-byte sectors, by fdisk -b 4096: an extended partition (fdisk's
# 0x05) with two logicals.
if have ext4dev erofs swap squashfs; then
	truncate -s 80M "$tmp/dos4k.img"
	printf '%s\n' o n p 1 256 +32M n e 2 '' +24M n l '' +8M n l '' +4M \
		n p 3 '' +4M x i 0x0badcafe r w |
		fdisk -b 4096 "$tmp/dos4k.img" >"$tmp/mk.log" 2>&1
	disk dos4k 4096 dos 1=ext4dev 3=squashfs 5=erofs 6=swap
else
	fail blkid-diff-dos4k "a filesystem for it could not be made (above)"
fi

[ "$failed" -eq 0 ]
