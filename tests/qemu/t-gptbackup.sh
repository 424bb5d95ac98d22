#!/usr/bin/env bash
# tests/qemu/t-gptbackup.sh: a disk whose primary GPT header is destroyed.
# The kernel reads the backup GPT only with "gpt" on its command line, so
# without it there is no vda1 however long baton waits: baton must say why
# (it reads the backup itself) and what to do; with "gpt" the same root=
# boots.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

ROOT_UUID=b007ab1e-0000-4000-8000-000000000001
ROOT_LABEL=BATONROOT
IMAGE=${BATON_IMAGE:-build/initramfs.cpio.gz}
DISK=$QEMU_BUILD/root-gpt.img
BROKEN=$QEMU_BUILD/root-gpt-noprimary.img

need_kernel
need_tools
need_file "$IMAGE" baton-image "baton's initramfs is built by 'make image'"
make_root_disk "$DISK" "$ROOT_UUID" "$ROOT_LABEL" || exit 1

# LBA 1 holds the primary header; zeroing it leaves the entries and the
# backup at the disk's end intact.
atexit "rm -f '$BROKEN'"
if ! { cp --sparse=always "$DISK" "$BROKEN" &&
       dd if=/dev/zero of="$BROKEN" bs=512 seek=1 count=1 conv=notrunc status=none; }; then
	not_ok gpt-backup/disk "cannot make $BROKEN from $DISK"; exit 1
fi

qemu_boot gpt-backup-plain 60 "$IMAGE" "$BROKEN" "root=PARTUUID=$ROOT_PARTUUID rootwait=3"
L=$QEMU_LOG
reject_log gpt-backup/no-partition "$L" '^REAL-INIT-REACHED' \
	"booted although the kernel should have made no vda1 without 'gpt'"
expect_line gpt-backup/said "$L" "baton did not say the GPT came from the backup and what to do" \
	"vda: primary GPT header damaged" "add 'gpt'"

qemu_boot gpt-backup-gpt 60 "$IMAGE" "$BROKEN" "root=PARTUUID=$ROOT_PARTUUID rootwait=10 gpt"
L=$QEMU_LOG
expect_log gpt-backup/boots-with-gpt "$L" '^ROOTINFO /dev/vda1 / ext4 ' \
	"with 'gpt' the kernel should read the backup and the root on vda1 boot"

[ "$QEMU_FAILS" -eq 0 ]
