#!/usr/bin/env bash
# tests/qemu/t-mkdisk.sh: disk images made by tools/baton-mkdisk, booted by
# UEFI firmware (OVMF, the ovmf package) in qemu, through baton's /init to
# the real root's init (build/testinit), which reports the root it got.
# Cases (MKDISK_CASES="a b" runs some; MKDISK_FULL=1, as make check-full,
# runs all; the default, make check, runs the first two):
#   sdboot-virtio512   systemd-boot + loader entry, ext4, virtio-blk 512
#   stub-nvme4k        the EFI stub in a UKI as BOOTX64.EFI, ext4, NVMe with
#                      4096-byte logical sectors, image built --sector-size 4096
#   sdboot-nvme512     systemd-boot, ext4, NVMe 512
#   stub-virtio4k      the UKI, ext4, virtio-blk 4Kn
#   uki-virtio512      systemd-boot starting a UKI from \EFI\Linux, erofs root
#   verity-squashfs    squashfs root with a verity hash partition (DPS types,
#                      UUIDs from the root hash), virtio-blk 512, booted with
#                      roothash= alone: /init finds both partitions by the
#                      UUIDs and mounts /dev/mapper/root (an /init without
#                      roothash= support gets the root partition named plainly)
# Each must print REAL-INIT-REACHED and a ROOTINFO line with the expected
# device, type and ro/rw, and qemu must power off by itself. Timeout per
# boot MKDISK_TIMEOUT (default 240 s: OVMF under TCG takes ~10-40 s more
# than a -kernel boot).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

OVMF=${BATON_OVMF:-/usr/share/ovmf/OVMF.fd}
TMO=${MKDISK_TIMEOUT:-240}
MKDISK=tools/baton-mkdisk
need_kernel
need_tools
need_cmd mcopy mtools
need_cmd mkfs.vfat dosfstools
need_cmd mksquashfs squashfs-tools
need_cmd mkfs.erofs erofs-utils
need_cmd veritysetup cryptsetup-bin
[ -r "$OVMF" ] || { echo "not ok mkdisk-ovmf - $OVMF missing: apt-get install ovmf (tools/setup.sh does)"; exit 1; }
[ -r /usr/lib/systemd/boot/efi/systemd-bootx64.efi ] ||
	{ echo "not ok mkdisk-sdboot - systemd-boot missing: apt-get install systemd-boot-efi (tools/setup.sh does)"; exit 1; }
need_file build/baton-espsize mkdisk-espsize "make tools"
need_file build/baton-gpt mkdisk-gpt "make tools"
need_file "$TESTINIT" mkdisk-testinit "make tests"
need_file build/init mkdisk-init "make"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-mkdisk.XXXXXX") || exit 2
atexit "rm -rf '$WORK'"

# baton's initramfs with the default profile (virtio, NVMe, the root
# filesystems) and the firmware one (dm-verity for the verity case).
# Kept in build/qemu, rebuilt when /init, the tool, the kernel or this
# script change.
INITRD=$QEMU_BUILD/mkdisk-initrd.cpio.gz
if [ -s "$INITRD" ] && ! [ build/init -nt "$INITRD" ] && ! [ tools/baton-mkinitramfs -nt "$INITRD" ] &&
   ! [ "$KDIR/version" -nt "$INITRD" ] && ! [ tests/qemu/t-mkdisk.sh -nt "$INITRD" ]; then
	:
elif ! tools/baton-mkinitramfs -k "$KDIR/root/lib/modules/$KVER" -p default,firmware \
	-o "$INITRD" "$KVER" >"$WORK/mkinitramfs.log" 2>&1; then
	not_ok mkdisk-initramfs "baton-mkinitramfs failed: $(tail -n 5 "$WORK/mkinitramfs.log" | tr '\n' ' ')"
	exit 1
fi

# The root tree: testinit as /sbin/init.
ROOT=$WORK/root
mkdir -p "$ROOT"/{sbin,dev,proc,sys,run,tmp,etc}
cp "$TESTINIT" "$ROOT/sbin/init"
: >"$ROOT/etc/fstab"
mknod -m 0600 "$ROOT/dev/console" c 5 1 2>/dev/null || true

# Does /init take roothash= from the command line? (It does since the
# firmware roots landed; the fallback keeps this test meaningful for an
# /init without it.)
if grep -rqs '"roothash"' init/; then VERITY_INIT=1; else VERITY_INIT=0; fi

# Every command line: the serial console, panic ends the run, and
# no_timer_check: under TCG on a loaded host the kernel's check of the
# IO-APIC timer can time out and panic ("IO-APIC + timer doesn't work!").
CMD="console=ttyS0 panic=-1 no_timer_check"

# mkdisk_boot NAME DEVICE-KIND SS WANT-ROOTINFO-ERE MKDISK-ARGS...
mkdisk_boot() {
	local name=$1 kind=$2 ss=$3 want=$4 img
	shift 4
	img=$WORK/$name.img
	if ! SOURCE_DATE_EPOCH=1700000000 "$MKDISK" -q -k "$KERNEL" -i "$INITRD" -r "$ROOT" -o "$img" \
		-S "$ss" "$@" >"$WORK/$name.log" 2>&1; then
		not_ok "mkdisk/$name" "baton-mkdisk failed: $(tr '\n' ' ' <"$WORK/$name.log")"
		return 1
	fi
	local bs=
	[ "$ss" = 4096 ] && bs=,logical_block_size=4096,physical_block_size=4096
	case $kind in
	virtio) QEMU_EXTRA=(-drive "file=${img//,/,,},format=raw,snapshot=on,if=none,id=d0" -device "virtio-blk-pci,drive=d0$bs") ;;
	nvme) QEMU_EXTRA=(-drive "file=${img//,/,,},format=raw,snapshot=on,if=none,id=d0" -device "nvme,serial=mkdisk0,drive=d0$bs") ;;
	esac
	QEMU_FIRMWARE=$OVMF qemu_boot "mkdisk-$name" "$TMO" none none ""
	QEMU_EXTRA=()
	local L=$QEMU_LOG
	expect_log "mkdisk/$name/real-init" "$L" '^REAL-INIT-REACHED' "the real init was not reached" &&
	expect_log "mkdisk/$name/root" "$L" "^ROOTINFO $want" "the root is not as expected ($want)"
	reject_log "mkdisk/$name/no-panic" "$L" 'Kernel panic' "the kernel panicked"
	check "mkdisk/$name/poweroff" "$(exit_why)" exited_alone
	# (on NVMe the kernel prints no sector size; its finding the 4096-byte
	# GPT's partitions is the proof)
	if [ "$ss" = 4096 ] && [ "$kind" = virtio ]; then
		expect_log "mkdisk/$name/4096" "$L" '\[vda\] [0-9]+ 4096-byte logical blocks' \
			"the disk did not have 4096-byte sectors"
	fi
}

case_sdboot-virtio512() { mkdisk_boot sdboot-virtio512 virtio 512 '/dev/vda2 / ext4 rw[, ]' -c "$CMD rw"; }
case_stub-nvme4k() { mkdisk_boot stub-nvme4k nvme 4096 '/dev/nvme0n1p2 / ext4 ro[, ]' -b stub -c "$CMD"; }
case_sdboot-nvme512() { mkdisk_boot sdboot-nvme512 nvme 512 '/dev/nvme0n1p2 / ext4 ro[, ]' -c "$CMD"; }
case_stub-virtio4k() { mkdisk_boot stub-virtio4k virtio 4096 '/dev/vda2 / ext4 rw[, ]' -b stub -c "$CMD rw"; }
case_uki-virtio512() { mkdisk_boot uki-virtio512 virtio 512 '/dev/vda2 / erofs ro[, ]' --uki --root-fs erofs -c "$CMD"; }
case_verity-squashfs() {
	if [ "$VERITY_INIT" = 1 ]; then
		mkdisk_boot verity-squashfs virtio 512 '/dev/(mapper/[a-z]+|dm-0) / squashfs ro[, ]' --verity --root-fs squashfs \
			-c "$CMD"
	else
		# No roothash= in /init yet: name the root partition itself
		# (the tool still adds roothash=, which /init leaves alone).
		echo "# verity-squashfs: /init has no roothash= support yet; the root is named plainly"
		mkdisk_boot verity-squashfs virtio 512 '/dev/vda2 / squashfs ro[, ]' --verity --root-fs squashfs \
			-c "$CMD root=PARTLABEL=root-x86-64"
	fi
}

ALL="sdboot-virtio512 stub-nvme4k sdboot-nvme512 stub-virtio4k uki-virtio512 verity-squashfs"
if [ -n "${MKDISK_CASES:-}" ]; then cases=$MKDISK_CASES
elif [ "${MKDISK_FULL:-0}" = 1 ]; then cases=$ALL
else cases="sdboot-virtio512 stub-nvme4k"; fi
for c in $cases; do
	"case_$c"
done
qemu_done
