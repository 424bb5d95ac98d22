#!/usr/bin/env bash
# tests/qemu/t-udev-diff.sh: baton's /dev/disk/by-id and by-path links
# against real udev's. Boot 1 runs the Debian kernel through baton with
# disks on every bus baton derives names for:
#   vda   virtio-blk, serial BATONROOT, the root (GPT, p1 ext4)
#   vdb   virtio-blk, a serial with blanks, odd characters, UTF-8, a stray byte
#   vdc   virtio-blk, serial sub/dir (udev makes a subdirectory; baton not)
#   sda-c virtio-scsi scsi-hd: serial=; vendor=/product=/device_id= with
#         blanks and a slash; wwn= (NAA)
#   nvme0 one controller (serial=), namespaces 1 and 2
#   nvme1 a controller in an NVM subsystem: a multipath namespace
#   sdd-e AHCI ide-hd: serial=; model= with a run of blanks and a slash, wwn=
# (the data disks hold a GPT with two partitions, so -partN names are
# compared too). The root's /sbin/init (build/udevdiff) lists the links
# baton left, removes /dev/disk, runs Debian 12's systemd-udevd (the udev
# package tools/setup.sh extracts into ~/.cache/baton/udev, with the host's
# libraries) with udevadm trigger + settle, and lists udev's links. Every
# link baton made must be one udev made, with the same target, and baton
# must have made a link of every kind; udev links baton does not derive are
# listed as '#' notes. The root is named root=/dev/disk/by-id/virtio-
# BATONROOT-part1. Boot 2 puts the root on NVMe and names it
# root=/dev/disk/by-id/nvme-<model>_<serial>_<nsid>-part1 (and compares
# again). UDEVDIFF_SYSFS=1 also dumps the disks' sysfs attributes into the
# log (build/test-logs/qemu-udev-diff.log).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

SELF=tests/qemu/t-udev-diff.sh
INIT=build/init
PACK=build/baton-pack
HELPER=build/udevdiff
UDEV=${BATON_UDEV:-$HOME/.cache/baton/udev/current}
IMAGE=$QEMU_BUILD/udev-diff.cpio.gz
ROOTDISK=$QEMU_BUILD/udev-diff-root.img
DATADISK=$QEMU_BUILD/udev-diff-data.img
TMO=${UDEVDIFF_TIMEOUT:-240}
ROOT_SERIAL=BATONROOT
ROOT_PARTLABEL_U=udevdiff-root
NVME_SERIAL=NVME-SER.01

need_kernel
need_tools
need_file "$INIT" udev-diff-init "make builds build/init"
need_file "$PACK" udev-diff-pack "make tools builds build/baton-pack"
need_file "$HELPER" udev-diff-helper "make build/udevdiff (make tests does)"
if [ ! -x "$UDEV/root/bin/udevadm" ] || [ ! -d "$UDEV/root/lib/udev/rules.d" ]; then
	echo "not ok udev-diff-udev - no extracted udev package at $UDEV: run tools/setup.sh (make check does)"
	exit 1
fi
need_cmd ldd libc-bin

WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-udev-diff.XXXXXX") || exit 2
atexit "rm -rf '$WORK'"

stale() { # OUT DEP...: OUT missing or older than a DEP
	local out=$1 f
	shift
	[ -s "$out" ] || return 0
	for f; do [ "$f" -nt "$out" ] && return 0; done
	return 1
}

# -- the image: baton + every controller's driver ----------------------------
printf '%s\n' virtio_pci virtio_blk virtio_scsi sd_mod nvme ahci ext4 >"$WORK/modules.list"
if stale "$IMAGE" "$INIT" "$PACK" rootfs-spec/default.spec tools/modules-spec.sh \
	tools/baton-mkinitramfs "$KDIR/version" "$SELF"; then
	if tools/modules-spec.sh "$KDIR" "$WORK/modules.list" "$WORK/modules" >"$WORK/modules.spec" 2>"$WORK/spec.err" &&
	   BUILD=$(pwd)/build "$PACK" -o "$WORK/image.cpio" rootfs-spec/default.spec \
		"$WORK/modules.spec" >"$WORK/pack.err" 2>&1 &&
	   gzip -6n <"$WORK/image.cpio" >"$IMAGE.tmp.$$" && mv -f "$IMAGE.tmp.$$" "$IMAGE"; then
		:
	else
		rm -f "$IMAGE.tmp.$$"
		echo "not ok udev-diff-image - cannot build $IMAGE: $(cat "$WORK/spec.err" "$WORK/pack.err" 2>/dev/null | tr '\n' ' ')"
		exit 1
	fi
fi
ok udev-diff-image

# -- the root: udev, the libraries it links, the helper as /sbin/init --------
# stage_lib FILE: FILE (a host library path) at the same path in the stage.
stage_lib() {
	local f=$1
	[ -e "$STAGE$f" ] && return 0
	mkdir -p "$STAGE$(dirname "$f")" && cp -L "$f" "$STAGE$f"
}

make_udev_root() {
	local bin lib part=$WORK/root.ext4
	STAGE=$WORK/stage
	mkdir -p "$STAGE"/{sbin,bin,dev,proc,sys,run,tmp,etc,lib/systemd} &&
	cp -a "$UDEV/root/lib/udev" "$STAGE/lib/" &&
	cp -a "$UDEV/root/bin/udevadm" "$STAGE/bin/" &&
	ln -s /bin/udevadm "$STAGE/lib/systemd/systemd-udevd" &&
	cp "$HELPER" "$STAGE/sbin/init" && chmod 0755 "$STAGE/sbin/init" &&
	printf 'root:x:0:0:root:/:/bin/sh\n' >"$STAGE/etc/passwd" &&
	printf '%s\n' root:x:0: disk:x:6: cdrom:x:24: tape:x:26: dialout:x:20: kvm:x:103: \
		video:x:44: audio:x:29: input:x:104: render:x:105: sgx:x:106: kmem:x:15: tty:x:5: \
		lp:x:7: floppy:x:25: >"$STAGE/etc/group" || return 1
	for bin in "$STAGE/bin/udevadm" "$STAGE"/lib/udev/*_id; do
		[ -f "$bin" ] || continue
		for lib in $(ldd "$bin" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
			stage_lib "$lib" || return 1
		done
	done
	mknod -m 0600 "$STAGE/dev/console" c 5 1 && mknod -m 0666 "$STAGE/dev/null" c 1 3 || return 1
	mkfs.ext4 -q -F -b 4096 -L UDEVDIFF -d "$STAGE" "$part" 96M || return 1
	truncate -s 100M "$OUT_TMP" &&
	sgdisk -o -n 1:2048:0 -t 1:8304 -c "1:$ROOT_PARTLABEL_U" "$OUT_TMP" &&
	dd if="$part" of="$OUT_TMP" bs=1M seek=1 conv=notrunc status=none
}

# A data disk: GPT, two partitions, nothing in them.
make_data_disk() {
	truncate -s 16M "$OUT_TMP" &&
	sgdisk -o -n 1:2048:+4M -c 1:data-one -n 2:0:0 -c 2:data-two "$OUT_TMP"
}

build_disk() { # NAME OUT FUNC
	local name=$1 out=$2
	stale "$out" "$HELPER" "$SELF" "$UDEV/version" && {
		OUT_TMP=$out.tmp.$$
		atexit "rm -f '$OUT_TMP'"
		rm -f "$OUT_TMP"
		if ! "$3" >"$WORK/$name.log" 2>&1 || ! mv -f "$OUT_TMP" "$out"; then
			echo "not ok udev-diff-disk-$name - cannot build $out: $(tail -n 5 "$WORK/$name.log" | tr '\n' ' ')"
			exit 1
		fi
	}
	return 0
}
build_disk root "$ROOTDISK" make_udev_root
build_disk data "$DATADISK" make_data_disk
ok udev-diff-disks

# -- the boot -----------------------------------------------------------------
drive() { echo "file=${2//,/,,},format=raw,if=none,id=$1,snapshot=on"; }
# virtio-blk's serial is 20 bytes at most. vdb's has blanks (leading,
# inner runs), characters udev replaces, UTF-8 it keeps and a stray byte;
# vdc's has a slash, for which udev makes a subdirectory (baton does not).
ODD_SERIAL=$' a  b$c%d,e?f\xc3\xa9\xff'
QEMU_EXTRA=(
	-drive "$(drive r "$ROOTDISK")" -device "virtio-blk-pci,drive=r,addr=0x4,serial=$ROOT_SERIAL"
	-drive "$(drive v1 "$DATADISK")" -device "virtio-blk-pci,drive=v1,addr=0x5,serial=${ODD_SERIAL//,/,,}"
	-drive "$(drive v2 "$DATADISK")" -device virtio-blk-pci,drive=v2,addr=0x9,serial=sub/dir
	-device virtio-scsi-pci,id=scsi0,addr=0x6
	-drive "$(drive s0 "$DATADISK")" -device scsi-hd,drive=s0,bus=scsi0.0,scsi-id=0,lun=0,serial=SCSI-SER0
	-drive "$(drive s1 "$DATADISK")" -device "scsi-hd,drive=s1,bus=scsi0.0,scsi-id=1,lun=0,vendor=V-endor,product=Odd  Prod/Y,device_id=dev id  1"
	-drive "$(drive s2 "$DATADISK")" -device scsi-hd,drive=s2,bus=scsi0.0,scsi-id=2,lun=3,serial=SCSI-SER2,wwn=0x5000c50015ea71ac
	-device "nvme,id=nvme0,addr=0x7,serial=$NVME_SERIAL"
	-drive "$(drive n1 "$DATADISK")" -device nvme-ns,drive=n1,bus=nvme0,nsid=1
	-drive "$(drive n2 "$DATADISK")" -device nvme-ns,drive=n2,bus=nvme0,nsid=2
	-device nvme-subsys,id=nvmesub,nqn=baton-udev-diff
	-device nvme,id=nvme1,addr=0xa,serial=NVME-SUB,subsys=nvmesub
	-drive "$(drive n3 "$DATADISK")" -device nvme-ns,drive=n3,bus=nvme1,nsid=1
	-device ahci,id=ahci,addr=0x8
	-drive "$(drive a0 "$DATADISK")" -device ide-hd,drive=a0,bus=ahci.0,serial=ATA-SER0
	-drive "$(drive a1 "$DATADISK")" -device "ide-hd,drive=a1,bus=ahci.1,serial=ATA SER 1,model=Odd  Model/X,wwn=0x5000c500a1b2c3d4"
)
# compare NAME: baton's links must all be udev's; the rest are notes.
compare() {
	local name=$1 n_baton n_udev matched bad
	_log_text "$L" | sed -n 's/^BATON //p' | sort >"$WORK/baton"
	_log_text "$L" | sed -n 's/^UDEV //p' | sort >"$WORK/udev"
	n_baton=$(wc -l <"$WORK/baton")
	n_udev=$(wc -l <"$WORK/udev")
	matched=$(comm -12 "$WORK/baton" "$WORK/udev" | wc -l)
	sed "s/^/# $name baton: /" "$WORK/baton"
	comm -13 "$WORK/baton" "$WORK/udev" | sed "s/^/# $name udev only (not derived by baton): /"
	bad=$(comm -23 "$WORK/baton" "$WORK/udev")
	if [ "$n_baton" -gt 0 ] && [ -z "$bad" ]; then
		ok "udev-diff/$name/baton-subset-of-udev"
	else
		not_ok "udev-diff/$name/baton-subset-of-udev" \
			"baton made no links, or links udev did not make alike: $(tr '\n' ';' <<<"${bad:-none}")"
	fi
	echo "# udev-diff $name: $n_baton baton links, $n_udev udev links, $matched matched, $((n_udev - matched)) udev-only"
}

# covers NAME LABEL=ERE...: baton made a link of every kind (so a
# controller that came up too late for baton cannot pass unnoticed).
covers() {
	local name=$1 pair
	shift
	for pair; do
		if grep -Eq -- "^${pair#*=}" "$WORK/baton"; then
			ok "udev-diff/$name/made-${pair%%=*}"
		else
			not_ok "udev-diff/$name/made-${pair%%=*}" "baton made no link matching ${pair#*=}"
		fi
	done
}

# Boot 1: every bus; the root by its virtio by-id name. rootdelay lets
# every controller come up before baton scans (it links what it has seen).
# 8 s: the listed modules now go in before the coldplug walk, and on a
# slower TCG host the AHCI disks came up ~4.3 s after /init started, just
# after a 4 s delay (seen in a clean-clone run).
ROOTARG=${UDEVDIFF_ROOT:-/dev/disk/by-id/virtio-$ROOT_SERIAL-part1}
APPEND="root=$ROOTARG rootdelay=8 rootwait=30${UDEVDIFF_SYSFS:+ udevdiff.sysfs}"
qemu_boot udev-diff "$TMO" "$IMAGE" none "$APPEND"
L=$QEMU_LOG
if expect_log udev-diff/all/root-by-id "$L" "baton: mounted /dev/vda1 " \
	"baton did not mount vda1 for root=$ROOTARG" &&
   expect_log udev-diff/all/udev-ran "$L" '^UDEVDIFF-DONE rc=0' \
	"the root's udev did not run and settle (see $L)"; then
	compare all
	covers all virtio=by-id/virtio- nvme-wwid='by-id/nvme-nvme\.' \
		nvme-nsid='by-id/nvme-QEMU_NVMe_Ctrl_[^ ]*_1 ' scsi-vendor=by-id/scsi-0 \
		scsi-naa=by-id/scsi-3 ata=by-id/ata- wwn=by-id/wwn- scsi-path='by-path/pci-[^ ]*-scsi-' \
		ata-path='by-path/pci-[^ ]*-ata-[0-9]\.0 ' nvme-path='by-path/pci-[^ ]*-nvme-' \
		nvme-multipath-path='by-path/pci-0000:00:0a\.0-nvme-1 ' virtio-path=by-path/virtio-pci-
fi

# Boot 2: the root on NVMe, by its nvme-<model>_<serial>_<nsid> name.
NVROOT=NVME-ROOT
QEMU_EXTRA=(-drive "$(drive r "$ROOTDISK")" -device "nvme,id=nv,addr=0x4,serial=$NVROOT"
	-device nvme-ns,drive=r,bus=nv,nsid=1)
ROOTARG=/dev/disk/by-id/nvme-QEMU_NVMe_Ctrl_${NVROOT}_1-part1
qemu_boot udev-diff-nvme "$TMO" "$IMAGE" none "root=$ROOTARG rootwait=30"
L=$QEMU_LOG
if expect_log udev-diff/nvme/root-by-id "$L" "baton: mounted /dev/nvme0n1p1 " \
	"baton did not mount nvme0n1p1 for root=$ROOTARG" &&
   expect_log udev-diff/nvme/udev-ran "$L" '^UDEVDIFF-DONE rc=0' \
	"the root's udev did not run and settle (see $L)"; then
	compare nvme
fi
qemu_done
