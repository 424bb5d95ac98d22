#!/usr/bin/env bash
# tests/qemu/t-rootforms.sh: every root= form baton resolves itself, each
# booted once on the Debian kernel with the test disk (GPT, vda1 = ext4):
# LABEL=, PARTUUID=, PARTLABEL=, major:minor, hex dev_t, /dev/disk/by-*
# (by-id and by-path on a virtio-blk disk with a serial, at a fixed PCI
# address). Also checks the /dev/disk/by-* links baton leaves for the real
# root, and that the missing-root report names partitions by PARTUUID/
# PARTLABEL and by-id/by-path. (NVMe, SCSI and ATA names: t-udev-diff.sh.)
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

ROOT_UUID=b007ab1e-0000-4000-8000-000000000001
ROOT_LABEL=BATONROOT
PARTUUID=b007ab1e-0000-4000-8000-0000000000b1
PARTLABEL=baton-root
IMAGE=${BATON_IMAGE:-build/initramfs.cpio.gz}
DISK=$QEMU_BUILD/root-gpt.img

need_kernel
need_tools
need_file "$IMAGE" baton-image "baton's initramfs is built by 'make image'"
make_root_disk "$DISK" "$ROOT_UUID" "$ROOT_LABEL" || exit 1

# NAME APPEND: boots and expects the real init on /dev/vda1.
boot_form() {
	qemu_boot "form-$1" 60 "$IMAGE" "$DISK" "$2 rootwait=20"
	expect_log "root-form/$1" "$QEMU_LOG" '^ROOTINFO /dev/vda1 / ext4 ' \
		"root $2 did not bring the real init up on /dev/vda1"
}

# virtio-blk's major is dynamic but stable for one kernel: ask the log.
boot_form label "root=LABEL=$ROOT_LABEL"
L=$QEMU_LOG
expect_log devlinks/by-uuid "$L" "^DEVLINKS .*by-uuid/$ROOT_UUID=\.\./\.\./vda1( |\$)" \
	"no /dev/disk/by-uuid/$ROOT_UUID -> ../../vda1 at hand-over"
expect_log devlinks/by-label "$L" "^DEVLINKS .*by-label/$ROOT_LABEL=\.\./\.\./vda1( |\$)" \
	"no /dev/disk/by-label/$ROOT_LABEL link"
expect_log devlinks/by-partuuid "$L" "^DEVLINKS .*by-partuuid/$PARTUUID=\.\./\.\./vda1( |\$)" \
	"no /dev/disk/by-partuuid/$PARTUUID link"
expect_log devlinks/by-partlabel "$L" "^DEVLINKS .*by-partlabel/$PARTLABEL=\.\./\.\./vda1( |\$)" \
	"no /dev/disk/by-partlabel/$PARTLABEL link"
expect_log devlinks/by-path "$L" "^DEVLINKS .*by-path/pci-0000:00:[0-9a-f]{2}\.0-part1=\.\./\.\./vda1( |\$)" \
	"no /dev/disk/by-path/pci-...-part1 link for vda1"
expect_log devlinks/by-path-virtio "$L" "^DEVLINKS .*by-path/virtio-pci-0000:00:[0-9a-f]{2}\.0-part1=\.\./\.\./vda1( |\$)" \
	"no /dev/disk/by-path/virtio-pci-...-part1 link for vda1 (udev's legacy name)"
devt=$(tr -d '\r' <"$L" | sed -n 's/.*baton: mounted .*(\([0-9]*:[0-9]*\)).*/\1/p' | head -n1)

boot_form partuuid "root=PARTUUID=${PARTUUID^^}"
boot_form partuuid-nroff "root=PARTUUID=$PARTUUID/PARTNROFF=0"
boot_form partlabel "root=PARTLABEL=$PARTLABEL"
boot_form by-uuid "root=/dev/disk/by-uuid/$ROOT_UUID"
boot_form by-partuuid "root=/dev/disk/by-partuuid/$PARTUUID"
boot_form by-partlabel "root=/dev/disk/by-partlabel/$PARTLABEL"

# by-id and by-path: the disk on virtio-blk with a serial, at 00:05.0.
SERIAL=BATON-SER1
QEMU_EXTRA=(-drive "file=${DISK//,/,,},format=raw,snapshot=on,if=none,id=r"
	-device "virtio-blk-pci,drive=r,addr=0x5,serial=$SERIAL")
boot_serial() { # NAME APPEND
	qemu_boot "form-$1" 60 "$IMAGE" none "$2 rootwait=20"
	expect_log "root-form/$1" "$QEMU_LOG" '^ROOTINFO /dev/vda1 / ext4 ' \
		"root $2 did not bring the real init up on /dev/vda1"
}
boot_serial by-id "root=/dev/disk/by-id/virtio-$SERIAL-part1"
expect_log devlinks/by-id "$QEMU_LOG" "^DEVLINKS .*by-id/virtio-$SERIAL-part1=\.\./\.\./vda1( |\$)" \
	"no /dev/disk/by-id/virtio-$SERIAL-part1 link"
boot_serial by-path "root=/dev/disk/by-path/pci-0000:00:05.0-part1"
QEMU_EXTRA=()
if [ -n "$devt" ]; then
	maj=${devt%:*} min=${devt#*:}
	boot_form majmin "root=$maj:$min"
	boot_form hex "root=$(printf '%x' $(((maj << 8) | min)))"
else
	not_ok root-form/majmin "baton's 'mounted' line did not give vda1's major:minor"
fi

# A root that is not there: the report must name the partition by its table.
qemu_boot form-missing 40 "$IMAGE" "$DISK" "root=PARTLABEL=nothing-here rootwait=2"
expect_line report/partuuid "$QEMU_LOG" "the report does not show vda1's PARTUUID and PARTLABEL" \
	"vda1" "PARTUUID=$PARTUUID" "PARTLABEL=\"$PARTLABEL\""
expect_line report/pttype "$QEMU_LOG" "the report does not show vda's GPT" "vda " "PTTYPE=gpt"
expect_line report/by-path "$QEMU_LOG" "the report does not show vda1's by-path name" \
	"vda1" "by-path/pci-0000:00:" "-part1"
qemu_done
