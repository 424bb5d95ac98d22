#!/usr/bin/env bash
# tests/unit/t-mkdisk.sh: tools/baton-mkdisk without booting (the OVMF boots
# are tests/qemu/t-mkdisk.sh):
#   gpt512, gpt4096       the partition table as sfdisk / partx -S 4096 and
#                         fdisk -b read it: types, UUIDs, names, 1 MiB starts
#   esp-files             the kernel, initramfs and loader entry read back
#                         from the ESP (mcopy) equal what went in
#   reproducible          two runs, same SOURCE_DATE_EPOCH: the same bytes
#                         (systemd-boot, the stub UKI, squashfs+verity,
#                         erofs under a systemd-boot UKI)
#   verity                DPS types, partition UUIDs = the root hash's halves,
#                         veritysetup verify passes on the partitions read back
#   data                  the empty data partition's size and type
#   initrd-800M           a sparse 800 MB initramfs: the ESP is built on the
#                         first try, every file in it
#   size-short            --size too small: "N MiB short", no output written
#   atomic                an existing output is replaced (new inode), a failed
#                         run leaves it as it was, no temporary files left
#   missing-tool          no mtools on PATH: the error names the package
#   write-*               --write to a loop device with 512 and 4096-byte
#                         sectors: a mismatch refused before writing, naming
#                         both sizes and --sector-size; a match written, the
#                         backup GPT moved to the disk's end (needs root)
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh

MKDISK=tools/baton-mkdisk
need_tools mkdisk mkfs.vfat mcopy mksquashfs veritysetup sfdisk partx fdisk
need_helper mkdisk build/baton-espsize "make tools"
need_helper mkdisk build/baton-gpt "make tools"
export MTOOLS_SKIP_CHECK=1 SOURCE_DATE_EPOCH=1700000000

# A kernel-sized file and an initramfs: the tool only copies them.
head -c 5000000 /dev/urandom >"$tmp/vmlinuz"
head -c 1234567 /dev/urandom >"$tmp/initrd"
mkdir -p "$tmp/root/sbin" "$tmp/root/etc"
printf '#!/bin/sh\n' >"$tmp/root/sbin/init"
printf 'x\n' >"$tmp/root/etc/hostname"

mk() { # OUT ARGS...: baton-mkdisk into $tmp/OUT
	local o=$tmp/$1
	shift
	"$MKDISK" -q -k "$tmp/vmlinuz" -i "$tmp/initrd" -r "$tmp/root" -o "$o" "$@" >"$tmp/mk.log" 2>&1
}

T_ESP=c12a7328-f81f-11d2-ba4b-00a0c93ec93b
T_ROOT=4f68bce3-e8cd-4db1-96e7-fbcaf984b709
T_VERITY=2c7357ed-ebd2-46d9-aec1-23d437ec2bf5
T_DATA=0fc63daf-8483-4772-8e79-3d69d8477de4

# -- the partition table ------------------------------------------------------
if mk d512.img; then
	d=$(sfdisk -d "$tmp/d512.img" 2>&1)
	if grep -q "d512.img1 : start= *2048, .*type=${T_ESP^^}, .*name=\"esp\"" <<<"$d" &&
	   grep -q "d512.img2 : start= *[0-9]*, .*type=${T_ROOT^^}, .*name=\"root-x86-64\"" <<<"$d" &&
	   sfdisk --verify "$tmp/d512.img" >/dev/null 2>&1; then
		pass mkdisk/gpt512
	else
		fail mkdisk/gpt512 "sfdisk reads: $(tr '\n' ' ' <<<"$d")"
	fi
else
	fail mkdisk/gpt512 "baton-mkdisk failed: $(tr '\n' ' ' <"$tmp/mk.log")"
fi
if mk d4k.img -S 4096 -b stub; then
	p=$(partx -S 4096 -g -o NR,START,TYPE,NAME "$tmp/d4k.img" 2>&1)
	f=$(fdisk -b 4096 -l "$tmp/d4k.img" 2>&1)
	# partx prints 512-byte units: 1 MiB is 2048 of them.
	if grep -Eq "^ *1 +2048 +$T_ESP +esp$" <<<"$p" && grep -Eq "^ *2 +[0-9]+ +$T_ROOT +root-x86-64$" <<<"$p" &&
	   grep -q 'Sector size (logical/physical): 4096 bytes' <<<"$f" && grep -Eq "d4k.img1 +256 " <<<"$f"; then
		pass mkdisk/gpt4096
	else
		fail mkdisk/gpt4096 "partx -S 4096: $(tr '\n' ' ' <<<"$p"); fdisk -b 4096: $(tr '\n' ' ' <<<"$f" | cut -c1-400)"
	fi
else
	fail mkdisk/gpt4096 "baton-mkdisk failed: $(tr '\n' ' ' <"$tmp/mk.log")"
fi

# -- the ESP's contents -------------------------------------------------------
esp_of() { # IMG SS OUT: the ESP partition's bytes
	local start size
	read -r start size < <(partx -S "$2" -g -n 1 -o START,SECTORS "$1")
	dd if="$1" of="$3" bs=512 skip="$start" count="$size" status=none
}
if [ -s "$tmp/d512.img" ]; then
	esp_of "$tmp/d512.img" 512 "$tmp/esp.img"
	mcopy -n -i "$tmp/esp.img" ::/baton/linux "$tmp/linux.out" 2>/dev/null
	mcopy -n -i "$tmp/esp.img" ::/baton/initrd "$tmp/initrd.out" 2>/dev/null
	entry=$(mtype -i "$tmp/esp.img" ::/loader/entries/baton.conf 2>/dev/null)
	root_uuid=$(partx -g -n 2 -o UUID "$tmp/d512.img")
	if cmp -s "$tmp/vmlinuz" "$tmp/linux.out" && cmp -s "$tmp/initrd" "$tmp/initrd.out" &&
	   grep -qx "options root=PARTUUID=$root_uuid" <<<"$entry" &&
	   mtype -i "$tmp/esp.img" ::/EFI/BOOT/BOOTX64.EFI | cmp -s - /usr/lib/systemd/boot/efi/systemd-bootx64.efi; then
		pass mkdisk/esp-files
	else
		fail mkdisk/esp-files "the ESP's files differ from the inputs (entry: $(tr '\n' '|' <<<"$entry"))"
	fi
else
	fail mkdisk/esp-files "no image"
fi

# -- reproducible ---------------------------------------------------------------
repro() { # NAME ARGS...
	local n=$1
	shift
	if mk "r1-$n.img" "$@" && sleep 1 && mk "r2-$n.img" "$@" && cmp -s "$tmp/r1-$n.img" "$tmp/r2-$n.img"; then
		pass "mkdisk/reproducible/$n"
	else
		fail "mkdisk/reproducible/$n" "two runs differ: $(cmp "$tmp/r1-$n.img" "$tmp/r2-$n.img" 2>&1 | head -n1) $(tr '\n' ' ' <"$tmp/mk.log")"
	fi
	rm -f "$tmp/r1-$n.img" "$tmp/r2-$n.img"
}
repro sdboot
repro stub4k -S 4096 -b stub
repro squashfs-verity --root-fs squashfs --verity
repro erofs-uki --root-fs erofs --uki
if mk s1.img --seed a && mk s2.img --seed b && ! cmp -s "$tmp/s1.img" "$tmp/s2.img" &&
   [ "$(partx -g -n 2 -o UUID "$tmp/s1.img")" != "$(partx -g -n 2 -o UUID "$tmp/s2.img")" ]; then
	pass mkdisk/seed
else
	fail mkdisk/seed "--seed a and --seed b gave the same identifiers"
fi
rm -f "$tmp/s1.img" "$tmp/s2.img"

# -- verity ---------------------------------------------------------------------
if mk v.img --root-fs squashfs --verity --data 5M; then
	rh=$(sed -n 's/.*roothash=\([0-9a-f]\{64\}\).*/\1/p' "$tmp/mk.log" | head -n1)
	"$MKDISK" -k "$tmp/vmlinuz" -i "$tmp/initrd" -r "$tmp/root" -o "$tmp/v2.img" --root-fs squashfs --verity --data 5M \
		>"$tmp/v.log" 2>&1
	rh=$(sed -n 's/.*roothash=\([0-9a-f]\{64\}\).*/\1/p' "$tmp/v.log" | head -n1)
	t=$(partx -g -o NR,TYPE,UUID,NAME,SECTORS "$tmp/v2.img")
	u2=$(awk '$1 == 2 { print $3 }' <<<"$t" | tr -d -)
	u3=$(awk '$1 == 3 { print $3 }' <<<"$t" | tr -d -)
	if [ -n "$rh" ] && [ "$u2" = "${rh:0:32}" ] && [ "$u3" = "${rh:32:32}" ] &&
	   grep -Eq "^ *2 $T_ROOT .* root-x86-64 " <<<"$t" && grep -Eq "^ *3 $T_VERITY .* root-x86-64-verity " <<<"$t"; then
		pass mkdisk/verity-ids
	else
		fail mkdisk/verity-ids "roothash '$rh', partitions: $(tr '\n' ' ' <<<"$t")"
	fi
	part() { # IMG NR OUT
		local start size
		read -r start size < <(partx -g -n "$2" -o START,SECTORS "$1")
		dd if="$1" of="$3" bs=512 skip="$start" count="$size" status=none
	}
	part "$tmp/v2.img" 2 "$tmp/vdata"
	part "$tmp/v2.img" 3 "$tmp/vhash"
	if [ -n "$rh" ] && veritysetup verify "$tmp/vdata" "$tmp/vhash" "$rh" >"$tmp/vv.log" 2>&1; then
		pass mkdisk/verity-verify
	else
		fail mkdisk/verity-verify "veritysetup verify: $(tr '\n' ' ' <"$tmp/vv.log")"
	fi
	if grep -Eq "^ *4 $T_DATA .* data +10240$" <<<"$t"; then
		pass mkdisk/data
	else
		fail mkdisk/data "no 5 MiB data partition 4: $(tr '\n' ' ' <<<"$t")"
	fi
	rm -f "$tmp"/v*.img "$tmp/vdata" "$tmp/vhash"
else
	fail mkdisk/verity-ids "baton-mkdisk --verity failed: $(tr '\n' ' ' <"$tmp/mk.log")"
fi

# -- the 775 MB case ------------------------------------------------------------
truncate -s 800M "$tmp/big-initrd"
if "$MKDISK" -k "$tmp/vmlinuz" -i "$tmp/big-initrd" -r "$tmp/root" -o "$tmp/big.img" >"$tmp/big.log" 2>&1; then
	esp_of "$tmp/big.img" 512 "$tmp/esp.img"
	sz=$(mdir -i "$tmp/esp.img" ::/baton/initrd 2>/dev/null | awk '$1 == "initrd" { print $2 }')
	if [ "$sz" = 838860800 ]; then
		pass "mkdisk/initrd-800M # $(sed -n 's/^baton-mkdisk: ESP: //p' "$tmp/big.log")"
	else
		fail mkdisk/initrd-800M "the initramfs in the ESP has size '$sz'"
	fi
else
	fail mkdisk/initrd-800M "baton-mkdisk failed: $(tr '\n' ' ' <"$tmp/big.log")"
fi
rm -f "$tmp/big.img" "$tmp/big-initrd" "$tmp/esp.img"

# -- errors ---------------------------------------------------------------------
if ! mk short.img --size 20M && grep -Eq 'does not fit --size 20 MiB.* [0-9]+ MiB short' "$tmp/mk.log" &&
   [ ! -e "$tmp/short.img" ]; then
	pass mkdisk/size-short
else
	fail mkdisk/size-short "no 'N MiB short' error: $(tr '\n' ' ' <"$tmp/mk.log")"
fi
if mk fill.img --size 64M && [ "$(stat -c %s "$tmp/fill.img")" = $((64 << 20)) ]; then
	pass mkdisk/size-fill
else
	fail mkdisk/size-fill "--size 64M: $(tr '\n' ' ' <"$tmp/mk.log")"
fi

echo old >"$tmp/out.img"
ino=$(stat -c %i "$tmp/out.img")
if ! mk out.img --size 1M && [ "$(cat "$tmp/out.img")" = old ] && mk out.img &&
   [ "$(stat -c %i "$tmp/out.img")" != "$ino" ] && [ -z "$(find "$tmp" -name '.baton-mkdisk.*')" ]; then
	pass mkdisk/atomic
else
	fail mkdisk/atomic "the output was not replaced atomically (or a work directory was left)"
fi

mkdir -p "$tmp/bin"
for f in /usr/bin/* /usr/sbin/* /bin/* /sbin/*; do
	case ${f##*/} in m*) [ "$(readlink -f "$f")" = /usr/bin/mtools ] && continue ;; esac
	ln -sf "$f" "$tmp/bin/${f##*/}" 2>/dev/null
done
if ! PATH=$tmp/bin mk nomt.img && grep -q 'mcopy not found: apt-get install mtools' "$tmp/mk.log"; then
	pass mkdisk/missing-tool
else
	fail mkdisk/missing-tool "no 'apt-get install mtools': $(tr '\n' ' ' <"$tmp/mk.log")"
fi
if ! BATON_SDBOOT_DIR=$tmp mk nosd.img && grep -q 'apt-get install systemd-boot-efi' "$tmp/mk.log"; then
	pass mkdisk/missing-sdboot
else
	fail mkdisk/missing-sdboot "no 'apt-get install systemd-boot-efi': $(tr '\n' ' ' <"$tmp/mk.log")"
fi

# -- --write -----------------------------------------------------------------------
write_case() { # NAME DEV-SS IMG-SS
	local n=$1 dss=$2 iss=$3 dev out
	truncate -s 80M "$tmp/dev.img"
	if ! dev=$(losetup -f --show -b "$dss" "$tmp/dev.img" 2>"$tmp/lo.log"); then
		fail "mkdisk/write-$n" "losetup -b $dss failed (needs root and loop devices): $(tr '\n' ' ' <"$tmp/lo.log")"
		return
	fi
	mk w.img -S "$iss"
	out=$("$MKDISK" --write "$tmp/w.img" "$dev" 2>&1)
	rc=$?
	if [ "$dss" != "$iss" ]; then
		if [ "$rc" != 0 ] && grep -q "built for $iss-byte sectors, but $dev has $dss-byte" <<<"$out" &&
		   grep -q -- "--sector-size $dss" <<<"$out" && cmp -s "$tmp/dev.img" <(head -c 80M /dev/zero); then
			pass "mkdisk/write-$n"
		else
			fail "mkdisk/write-$n" "mismatch not refused cleanly (rc $rc): $out"
		fi
	else
		local isz
		isz=$(stat -c %s "$tmp/w.img")
		if [ "$rc" = 0 ] && cmp -s -i 1048576 -n $((isz - 3 * 1048576)) "$tmp/w.img" "$dev" &&
		   fdisk -l "$dev" 2>&1 | grep -q "${dev}p2" && ! fdisk -l "$dev" 2>&1 | grep -qi 'backup\|not at the end'; then
			pass "mkdisk/write-$n"
		else
			fail "mkdisk/write-$n" "rc $rc: $out; $(fdisk -l "$dev" 2>&1 | tr '\n' ' ' | cut -c1-300)"
		fi
	fi
	losetup -d "$dev"
	rm -f "$tmp/dev.img" "$tmp/w.img"
}
write_case 512-on-4096 4096 512
write_case 4096-on-512 512 4096
write_case 4096-on-4096 4096 4096
write_case 512-on-512 512 512

[ "$failed" -eq 0 ]
