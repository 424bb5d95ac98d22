#!/usr/bin/env bash
# tests/qemu/t-boot.sh: the acceptance boots of baton in qemu.
#   qemu-harness    testinit as the /init of a throwaway initramfs: proves the
#                   kernel, qemu and testinit work without baton, so a failure
#                   of the cases below is baton's.
#   boot-uuid       root=UUID=<upper case> rw   -> real init reached, PID 1,
#                   fds on /dev/console, / is /dev/vda1 ext4 rw, /run has
#                   systemd's limits, no empty /dev/disk/by-* directory
#   boot-devname    root=/dev/vda1 rootfstype=ext4 ro -- marker-arg
#                   -> argv passed on, / mounted ro
#   boot-missing    root=UUID=<absent> rootwait=3 -> baton says what it looked
#                   for and what it saw, then panics; qemu exits by itself
# Every boot is bounded by a timeout; logs in build/test-logs/qemu-*.log.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

ROOT_UUID=b007ab1e-0000-4000-8000-000000000001
ROOT_LABEL=BATONROOT
BAD_UUID=00000000-dead-beef-0000-000000000000
IMAGE=${BATON_IMAGE:-build/initramfs.cpio.gz}	# another image to judge, e.g. a glibc build
DISK=$QEMU_BUILD/root-gpt.img
HARNESS=$QEMU_BUILD/harness-initramfs.cpio.gz

need_kernel
need_tools

# -- qemu-harness ---------------------------------------------------------------
make_harness_initramfs "$HARNESS" || exit 1
qemu_boot harness 60 "$HARNESS" none ""
why=
_log_text "$QEMU_LOG" | grep -Eq '^REAL-INIT-REACHED uptime=[0-9]' || why+="no REAL-INIT-REACHED; "
_log_text "$QEMU_LOG" | grep -Eq '^PID 1$' || why+="testinit not PID 1; "
_log_text "$QEMU_LOG" | grep -Eq '^FDS 0=/dev/console 1=/dev/console 2=/dev/console$' || why+="fds not on /dev/console; "
_log_text "$QEMU_LOG" | grep -q 'Kernel panic' && why+="kernel panic; "
exited_alone || why+="$(exit_why 60); "
if [ -z "$why" ]; then
	ok qemu-harness
	boot_times "$QEMU_LOG"
else
	not_ok qemu-harness "kernel+qemu+testinit without baton failed: ${why%; } (the baton boots below cannot be judged)"
	_dump_log "$QEMU_LOG"
fi

# -- baton ------------------------------------------------------------------------
need_file "$IMAGE" baton-image "baton's initramfs is built by 'make image'"
make_root_disk "$DISK" "$ROOT_UUID" "$ROOT_LABEL" || exit 1

# (a) root=UUID=, given in upper case on purpose; rw.
qemu_boot uuid 60 "$IMAGE" "$DISK" "root=UUID=${ROOT_UUID^^} rw"
L=$QEMU_LOG
expect_log boot-uuid/reached "$L" '^REAL-INIT-REACHED uptime=[0-9]' "the real root's /sbin/init did not run"
expect_log boot-uuid/pid1 "$L" '^PID 1$' "the real init is not PID 1 (baton must exec it, not fork)"
expect_log boot-uuid/fds "$L" '^FDS 0=/dev/console 1=/dev/console 2=/dev/console$' \
	"fds 0, 1, 2 of the real init are not all /dev/console"
expect_log boot-uuid/rootinfo "$L" '^ROOTINFO /dev/vda1 / ext4 ' "/ is not /dev/vda1 as ext4"
expect_log boot-uuid/rw "$L" '^ROOTINFO /dev/vda1 / ext4 rw[, ]' "/ is not mounted rw although 'rw' was given"
expect_log boot-uuid/run-limits "$L" '^RUNINFO tmpfs /run tmpfs .*size=[0-9]+k,nr_inodes=819200,mode=755' \
	"/run is not a tmpfs with systemd's limits (size=20%, nr_inodes=800k, mode=0755)"
# Every /dev/disk/by-* directory there holds a link (made with its first one).
why=
for d in $(_log_text "$L" | sed -n 's/^DISKDIRS//p' | tr -d '\r'); do
	_log_text "$L" | grep -Eq "^DEVLINKS (.* )?$d/" || why+="$d is empty; "
done
_log_text "$L" | grep -q '^DISKDIRS' || why+="no DISKDIRS line; "
check boot-uuid/no-empty-bydirs "${why%; }" test -z "$why"
reject_log boot-uuid/no-panic "$L" 'Kernel panic' "the kernel panicked"
check boot-uuid/exit "$(exit_why 60)" exited_alone
boot_times "$L"

# (b) root=/dev/NAME with rootfstype, ro, and an argument for init.
qemu_boot devname 60 "$IMAGE" "$DISK" "root=/dev/vda1 rootfstype=ext4 ro -- marker-arg"
L=$QEMU_LOG
expect_log boot-devname/reached "$L" '^REAL-INIT-REACHED uptime=[0-9]' "the real root's /sbin/init did not run"
expect_log boot-devname/argv "$L" '^ARGV .* marker-arg( |$)' "the argument after -- did not reach the real init"
expect_log boot-devname/ro "$L" '^ROOTINFO /dev/vda1 / ext4 ro[, ]' "/ is not /dev/vda1 ext4 mounted ro"
reject_log boot-devname/no-panic "$L" 'Kernel panic' "the kernel panicked"
check boot-devname/exit "$(exit_why 60)" exited_alone
boot_times "$L"

# (c) a root that is not there: baton gives up after rootwait=3, says what it
# looked for and what it saw, and panics (panic=-1 + -no-reboot: qemu exits).
qemu_boot missing 40 "$IMAGE" "$DISK" "root=UUID=$BAD_UUID rootwait=3"
L=$QEMU_LOG
reject_log boot-missing/not-reached "$L" '^REAL-INIT-REACHED' "a root that does not exist was booted"
expect_line boot-missing/says-not-found "$L" \
	"no line with 'baton:', 'not found' and $BAD_UUID" "baton:" "not found" "$BAD_UUID"
expect_line boot-missing/lists-seen "$L" \
	"no line listing vda1 with TYPE=ext4 UUID=$ROOT_UUID" "vda1" "TYPE=ext4" "UUID=$ROOT_UUID"
reject_log boot-missing/no-panic "$L" 'Kernel panic' "the kernel panicked (baton must reboot itself)"
check boot-missing/exit "$(exit_why 40)" exited_alone

qemu_done
