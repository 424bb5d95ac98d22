#!/usr/bin/env bash
# tests/fuzz/mkseeds.sh: remakes the binary seeds of tests/fuzz/corpus/ from
# the real tools, so every seed is something those tools really write:
#   cpio/      newc images by build/baton-pack (plain, -c, --align 4, gzip,
#              xz, zstd, lz4, two joined with -A) and by GNU cpio
#   probe/     the start of images made by mkfs.ext4, mkfs.xfs, mkfs.btrfs,
#              mkfs.fat, mkfs.f2fs, mksquashfs, mkfs.erofs, genisoimage,
#              mkswap, cryptsetup (LUKS1, LUKS2), cut to the shortest prefix
#              that, zero-filled to a large device, still probes as the whole
#              image does (build/tests/tool_probe says); and small whole disks
#              partitioned by sfdisk and fdisk -b 4096 (GPT, MBR with logical
#              partitions) that build/tests/tool_parttable reads as made
#   verity/    the superblock (first 512 bytes) of hash devices made by
#              veritysetup format (defaults, sha1 with 512/1024-byte blocks
#              and no salt, sha512, Chrome OS format 0), each followed by the
#              root hash it printed, a NUL and systemd.verity_root_options=
#   modindex/  excerpts of the test kernel's modules.dep, .builtin, .alias
#              and .softdep (tools/setup.sh fetches it), and the trimmed
#              indexes make image puts into the image, joined as
#              fuzz_modindex.c expects
# Not run by make: the seeds are committed. Run after make all tests image,
# as root (cryptsetup). Seeds it does not make (cmdline/, spec/, crash-*)
# are left alone. Scratch files stay under build/fuzz/mkseeds.
set -euo pipefail
cd "$(dirname "$0")/../.."
PATH=$PATH:/usr/sbin:/sbin

C=tests/fuzz/corpus
T=build/fuzz/mkseeds
KDIR=${KDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/baton/kernel/current}

for f in build/baton-pack build/tests/tool_probe build/tests/tool_parttable build/modules/etc/modules.dep; do
	[ -e "$f" ] || { echo "mkseeds: $f missing: run make all tests image" >&2; exit 1; }
done
rm -rf "$T"
mkdir -p "$T" "$C"/cpio "$C"/probe "$C"/modindex "$C"/verity

# -- cpio ------------------------------------------------------------------
cpio_seeds() {
	local t=$T/cpio
	mkdir -p "$t/tree/etc" "$t/tree/bin"
	printf '#!/bin/sh\necho hello\n' >"$t/tree/init"
	printf 'root:x:0:0::/root:/bin/sh\n' >"$t/tree/etc/passwd"
	head -c 1500 build/init >"$t/elf-head"
	head -c 1024 /bin/true >"$t/elf-dyn-head"
	head -c 512 /lib64/ld-linux-x86-64.so.2 >"$t/ld-head"
	cat >"$t/spec" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/vda 0660 0 6 b 254 0
dir /etc 0755 0 0
file /etc/passwd $t/tree/etc/passwd 0644 0 0 /etc/passwd-
file /init $t/tree/init 0755 0 0
dir /bin 0755 0 0
file /bin/elf $t/elf-head 0755 0 0
slink /bin/sh /init 0777 0 0
slink /sbin bin 0777 0 0
pipe /dev/initctl 0600 0 0
sock /dev/log 0666 0 0
EOF
	build/baton-pack -t 0 -o "$C/cpio/pack-newc" "$t/spec"
	build/baton-pack -t 0 -c -o "$C/cpio/pack-crc" "$t/spec"
	build/baton-pack -t 0 --align 4 -o "$t/a4" "$t/spec"
	cp "$t/a4" "$C/cpio/pack-align4"
	local z
	for z in gzip xz zstd lz4; do
		build/baton-pack -t 0 -z "$z" -o "$C/cpio/pack-$z" "$t/spec"
	done
	build/baton-pack -t 0 -A "$C/cpio/pack-newc" -z gzip -o "$C/cpio/joined-newc-gzip" "$t/spec"
	(cd "$t/tree" && find . | LC_ALL=C sort | cpio --quiet -o -H newc) >"$C/cpio/gnu-cpio-newc"
	# Without a trailer, and a member cut short: the kernel's own cases.
	head -c $(($(stat -c %s "$t/a4") - 124)) "$t/a4" >"$C/cpio/no-trailer"
	head -c 300 "$C/cpio/pack-newc" >"$C/cpio/cut-in-member"
	# /init an ELF: static (baton's own), and dynamic with its loader.
	printf '%s\n' "file /init $t/elf-head 0755 0 0" "dir /dev 0755 0 0" \
		"nod /dev/console 0600 0 0 c 5 1" >"$t/spec-static"
	build/baton-pack -t 0 -o "$C/cpio/init-elf-static" "$t/spec-static"
	printf '%s\n' "file /init $t/elf-dyn-head 0755 0 0" "dir /lib64 0755 0 0" \
		"file /lib64/ld-linux-x86-64.so.2 $t/ld-head 0755 0 0" >"$t/spec-dyn"
	build/baton-pack -t 0 -o "$C/cpio/init-elf-dynamic" "$t/spec-dyn"
}

# -- probe -----------------------------------------------------------------
# pick NAME IMG: the shortest prefix of IMG that probes like IMG.
pick() {
	local name=$1 img=$2 want cut got
	want=$(build/tests/tool_probe "$img") || { echo "mkseeds: $name not recognised" >&2; return 1; }
	for cut in 1536 2048 4096 8192 16384 32768 36864 40960 49152 65536 69632; do
		head -c "$cut" "$img" >"$T/cut"
		cp "$T/cut" "$T/padded"
		truncate -s 4M "$T/padded"
		got=$(build/tests/tool_probe "$T/padded" 2>/dev/null || true)
		if [ "$got" = "$want" ]; then
			mv "$T/cut" "$C/probe/$name"
			return 0
		fi
	done
	echo "mkseeds: no prefix of $name probes as the image" >&2
	return 1
}

# mk NAME SIZE CMD...: runs CMD with @ replaced by a new image of SIZE.
mk() {
	local name=$1 size=$2 img=$T/$1.img a args=()
	shift 2
	for a in "$@"; do args+=("${a//@/$img}"); done
	[ "$size" = - ] || truncate -s "$size" "$img"
	"${args[@]}" >"$T/mk.log" 2>&1 </dev/null || { cat "$T/mk.log" >&2; return 1; }
	pick "$name" "$img"
	rm -f "$img"
}

probe_seeds() {
	local tree=$T/tree
	mkdir -p "$tree/d"
	printf 'hello\n' >"$tree/d/f"
	printf 'not a secret' >"$T/key"
	mk ext4 8M mkfs.ext4 -q -U 6f1c2d9e-3a4b-4c5d-9e6f-7a8b9c0d1e2f -L rootfs @
	mk ext2-1k 4M mkfs.ext2 -q -b 1024 -U 11111111-2222-4333-8444-555555555555 -L e2small @
	mk ext3 8M mkfs.ext3 -q -U deadbeef-cafe-4bad-8f00-0123456789ab -L 'e3 root' @
	mk xfs 300M mkfs.xfs -q -m uuid=0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9 -L xfsroot @
	mk btrfs 114M mkfs.btrfs -q -U 9b2f3c4d-0000-4000-8000-000000000042 -L 'btrfs root' @
	mk vfat12 4M mkfs.fat -F 12 -i DEADBEEF -n FLOPPY @
	mk vfat32 40M mkfs.fat -F 32 -i CAFE0042 -n EFI @
	mk f2fs 64M mkfs.f2fs -q -U 22222222-3333-4444-8555-666666666666 -l 'grüße ✓' @
	mk squashfs - mksquashfs "$tree" @ -quiet -noappend -no-progress
	mk erofs - mkfs.erofs --quiet -U33333333-4444-4555-8666-777777777777 @ "$tree"
	mk iso9660 - env TZ=UTC genisoimage -quiet -J -V MY_CD -o @ "$tree"
	mk swap 1M mkswap -q -L swaplabel -U 44444444-5555-4666-8777-888888888888 @
	mk luks1 20M cryptsetup luksFormat -q --batch-mode --key-file "$T/key" --pbkdf pbkdf2 \
		--pbkdf-force-iterations 1000 --type luks1 --key-size 256 \
		--uuid 55555555-6666-4777-8888-99999999abcd @
	mk luks2 20M cryptsetup luksFormat -q --batch-mode --key-file "$T/key" --pbkdf pbkdf2 \
		--pbkdf-force-iterations 1000 --type luks2 --key-size 256 --luks2-metadata-size 16k \
		--luks2-keyslots-size 256k --label cryptroot \
		--uuid 66666666-7777-4888-8999-aaaaaaaaaaaa @
	# The primary LUKS2 header's magic gone: the secondary one is found.
	truncate -s 20M "$T/l2.img"
	cryptsetup luksFormat -q --batch-mode --key-file "$T/key" --pbkdf pbkdf2 \
		--pbkdf-force-iterations 1000 --type luks2 --key-size 256 --luks2-metadata-size 16k \
		--luks2-keyslots-size 256k --uuid 77777777-8888-4999-8aaa-bbbbbbbbbbbb "$T/l2.img" \
		>"$T/mk.log" 2>&1 </dev/null || { cat "$T/mk.log" >&2; return 1; }
	printf '\0\0\0\0\0\0' | dd of="$T/l2.img" conv=notrunc status=none
	pick luks2-secondary "$T/l2.img"
}

# disk NAME SSZ [whole]: checks tool_parttable reads $T/NAME.img, as
# partitioned by the caller, and keeps it as a seed: whole, or cut to the
# shortest prefix of whole sectors that reads the same (an MBR disk's
# space after its last EBR holds nothing the reader looks at).
disk() {
	local name=$1 ssz=$2 img=$T/$1.img want got n
	want=$(build/tests/tool_parttable "$img" "$ssz") || { echo "mkseeds: $name: no table" >&2; return 1; }
	if [ "${3:-}" = whole ]; then
		mv "$img" "$C/probe/$name"
		return 0
	fi
	for ((n = 1; n * ssz <= $(stat -c %s "$img"); n++)); do
		head -c $((n * ssz)) "$img" >"$T/cut"
		got=$(build/tests/tool_parttable "$T/cut" "$ssz" 2>/dev/null || true)
		[ "$got" != "$want" ] || break
	done
	mv "$T/cut" "$C/probe/$name"
}

table_seeds() {
	local img
	img=$T/gpt512.img
	truncate -s 40K "$img"
	printf '%s\n' 'label: gpt' 'label-id: B007AB1E-0000-4000-8000-0000000000D1' \
		'table-length: 4' 'first-lba: 4' \
		'start=4, size=16, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=B007AB1E-0000-4000-8000-0000000000B1, name="root fs"' \
		'start=20, size=8, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9, name="données☃"' |
		sfdisk -q "$img"
	disk gpt512 512 whole
	img=$T/gpt4k.img
	truncate -s 128K "$img"
	printf '%s\n' g n 1 6 16 n 2 17 26 x i B007AB1E-0000-4000-8000-0000000004D1 \
		u 1 B007AB1E-0000-4000-8000-0000000004B1 u 2 C0FFEE00-1234-4567-89AB-CDEF01234567 \
		n 1 'root 4k' n 2 'säve' r w | fdisk -b 4096 "$img" >/dev/null
	disk gpt4k 4096 whole
	img=$T/dos512-logical.img
	truncate -s 64K "$img"
	printf '%s\n' 'label: dos' 'label-id: 0x5eedf00d' 'start=2, size=20, type=83' \
		'start=24, size=80, type=f' 'start=26, size=20, type=83' 'start=48, size=20, type=82' \
		'start=110, size=10, type=83, bootable' | sfdisk -q "$img"
	disk dos512-logical 512
	img=$T/dos4k-logical.img
	truncate -s 64K "$img"
	printf '%s\n' o n p 1 2 4 n e 2 5 12 n l 6 7 n l 9 10 n p 3 13 14 x i 0x0badcafe r w |
		fdisk -b 4096 "$img" >/dev/null
	disk dos4k-logical 4096
}

# -- modindex --------------------------------------------------------------
# The parts fuzz_modindex.c splits on NUL: dep, builtin, alias, softdep,
# command line, names to load.
joined() {
	printf '%s\0%s\0%s\0%s\0%s\0%s' "$@"
}

modindex_seeds() {
	local m dep mods
	m=$(echo "$KDIR"/root/lib/modules/*)
	[ -f "$m/modules.dep" ] || { echo "mkseeds: no modules.dep in $m: run tools/setup.sh" >&2; return 1; }
	mods='/(ext4|jbd2|mbcache|crc16|crc32c_generic|crc32c-intel|virtio_blk|virtio_scsi|virtio_pci|virtio_ring|virtio|btrfs|xor|raid6_pq|libcrc32c|zstd_compress|nvme|nvme-core|ahci|libahci|libata|scsi_mod|sd_mod|t10-pi|crc64-rocksoft|crc64)\.ko'
	dep=$(grep -E "^[^:]*$mods" "$m/modules.dep")
	joined "$dep" "$(head -n 40 "$m/modules.builtin")" \
		"$(grep -E ' (ext4|virtio_blk|virtio_scsi|virtio_pci|nvme|ahci|btrfs|crc32c_generic|crc32c_intel|sd_mod)$' "$m/modules.alias")" \
		"$(cat "$m/modules.softdep")" \
		'root=UUID=x modprobe.blacklist=crc32c_intel virtio-blk.queue_depth=64 ext4.foo="a b" rd.modules=btrfs' \
		"$(printf '%s\n' fs-ext4 'pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00' \
			'virtio:d00000002v00001AF4' 'pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01' \
			crypto-crc32c btrfs crc32c nvme ext4)" >"$C/modindex/debian-excerpt"
	joined "$(cat build/modules/etc/modules.dep)" "$(cat build/modules/etc/modules.builtin)" \
		"$(cat build/modules/etc/modules.alias)" "$(cat build/modules/etc/modules.softdep)" \
		'console=ttyS0 root=UUID=b007ab1e-0000-4000-8000-000000000001' \
		"$(cat build/modules/etc/modules)" >"$C/modindex/image-trimmed"
	joined "$dep" '' '' '' '' '' >"$C/modindex/dep-only"
}

# -- verity ----------------------------------------------------------------
# vseed NAME OPTIONS VERITYSETUP-ARGS...: superblock + root hash + NUL + OPTIONS.
vseed() {
	local name=$1 opts=$2 root
	shift 2
	rm -f "$T/h.img"
	root=$(veritysetup format "$@" "$T/d.img" "$T/h.img" | sed -n 's/^Root hash:[[:space:]]*//p')
	{ head -c 512 "$T/h.img"; printf '%s\0%s' "$root" "$opts"; } >"$C/verity/$name"
}

verity_seeds() {
	truncate -s 2M "$T/d.img"
	mkfs.ext4 -q -F "$T/d.img"
	vseed default '' 
	vseed restart-zero 'restart-on-corruption,ignore-zero-blocks'
	vseed sha1-small-nosalt 'bad-option' --hash=sha1 --hash-block-size=512 --data-block-size=1024 --salt=-
	vseed sha512 'panic-on-corruption,ignore-corruption' --hash=sha512
	vseed format0 'check-at-most-once' --format=0
}

verity_seeds
cpio_seeds
probe_seeds
table_seeds
modindex_seeds
rm -rf "$T"
du -sh "$C"/*
