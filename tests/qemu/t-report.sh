#!/usr/bin/env bash
# tests/qemu/t-report.sh: the failure report never misleads, on the Debian
# kernel (rd.emergency=poweroff or panic=-1, so every boot ends by itself).
#   no-root       no root=: said; no device list, since no device was
#                 looked for (it said "no block devices at all: is the
#                 storage driver in the image?" before)
#                 (root= not understood takes the same path)
#   exec-fails    the root's /sbin/init is an executable file the kernel
#                 cannot run: the exec failure is said, and the shell the
#                 report then looks for is the real root's, not the
#                 initramfs's (the initramfs is gone by then)
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

IMAGE=${BATON_IMAGE:-build/initramfs.cpio.gz}
UUID=b007ab1e-0000-4000-8000-00000000ec5e
DISK=$QEMU_BUILD/report-badinit.img

need_kernel
need_tools
need_file "$IMAGE" baton-image "baton's initramfs is built by 'make image'"

# -- no root= ------------------------------------------------------------------------
qemu_boot report-no-root 60 "$IMAGE" none "rd.emergency=poweroff"
L=$QEMU_LOG
expect_line no-root/said "$L" "the missing root= is not said" "no root= on the kernel command line"
reject_log no-root/no-device-verdict "$L" 'no block devices at all|block devices seen' \
	"a device verdict was given although no device was looked for"
expect_log no-root/poweroff "$L" 'reboot: Power down' "the policy did not power off"
check no-root/exit "$(exit_why)" exited_alone

# -- the real root's init cannot be executed ---------------------------------------
# An ext4 (whole disk) whose /sbin/init is a script for an interpreter that
# is not there: a regular executable file, so find_init takes it; execve
# fails with ENOENT after the switch.
stage=$(mktemp -d "${TMPDIR:-/tmp}/baton-report.XXXXXX") || { not_ok exec-fails/stage "mktemp failed"; exit 1; }
atexit "rm -rf '$stage' '$DISK.tmp'"
mkdir -p "$stage"/{sbin,dev,proc,sys,run,tmp,etc}
printf '#!/nonexistent/interpreter\n' >"$stage/sbin/init"
chmod 0755 "$stage/sbin/init"
if ! mkfs.ext4 -q -F -b 4096 -U "$UUID" -d "$stage" "$DISK.tmp" 16M >"$DISK.log" 2>&1; then
	not_ok exec-fails/disk "mkfs.ext4 -d failed: $(tr '\n' ' ' <"$DISK.log")"
	exit 1
fi
mv -f "$DISK.tmp" "$DISK"
qemu_boot report-exec-fails 90 "$IMAGE" "$DISK" "root=UUID=$UUID"
L=$QEMU_LOG
expect_line exec-fails/said "$L" "the failed exec is not said" \
	"exec /sbin/init failed after the switch" "No such file or directory"
expect_line exec-fails/shell-place "$L" "the missing shell is not placed in the real root" \
	"no /bin/sh in the real root (the initramfs is gone), so no rescue shell"
reject_log exec-fails/not-initramfs "$L" '/bin/sh (from|in) the initramfs' \
	"the report speaks of the initramfs's shell after the switch"
expect_line exec-fails/reboot "$L" "no reboot after the failure" "rebooting now"
check exec-fails/exit "$(exit_why)" exited_alone

[ "$QEMU_FAILS" -eq 0 ]
