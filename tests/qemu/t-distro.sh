#!/usr/bin/env bash
# tests/qemu/t-distro.sh: what a distro root needs from /init, booted in
# qemu through baton to one GPT disk: p1 an ext4 root (testinit) whose
# /etc/fstab puts /usr on p2 (ext4), p3 swap. The image is made with
# -p fsck: the host's e2fsck with its libraries, so /init checks what it
# mounts.
#   distro-usr          /usr from the root's fstab mounted before the switch
#                       (read-only, as the root), root and /usr fsck'ed
#                       (fsck.mode=auto), the run said
#   distro-fsck-force   a root with a wrong inode link count, marked clean:
#                       fsck.mode=force repairs it (exit 1), its output is
#                       shown, the boot goes on
#   distro-fsck-fail    the same with fsck.repair=no: exit 4, the output
#                       shown, the failure policy (poweroff) follows, the
#                       real init never runs
#   distro-hibernate    the guest hibernates to p3 (testinit swapon + echo
#                       disk > /sys/power/state), a marker printed first
#   distro-noresume     resume=UUID=<swap> noresume: a fresh boot
#   distro-resume       resume=UUID=<swap>: the hibernated process goes on
#                       and prints the same marker
# The disk is written by the boots (no snapshot), a copy in build/qemu.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

ROOT_UUID=d157d157-0000-4000-8000-000000000001
USR_UUID=d157d157-0000-4000-8000-000000000002
SWAP_UUID=d157d157-0000-4000-8000-000000000003
W=$QEMU_BUILD/distro
IMG=$W/initramfs-fsck.cpio.gz
MODDIR=$KDIR/root/lib/modules/$KVER

need_kernel
need_tools
need_file "$TESTINIT" distro-testinit "make tests"
need_file build/init distro-init "make"
need_file build/baton-pack distro-pack "make tools"
for t in mkfs.ext4 mkswap sgdisk debugfs e2fsck ldd; do
	command -v "$t" >/dev/null || { not_ok distro-tools "$t missing: run tools/setup.sh"; exit 1; }
done
rm -rf "$W" && mkdir -p "$W" || { not_ok distro-dir "cannot make $W"; exit 1; }
atexit "rm -rf '$W/stage' '$W'/*.ext4 '$W'/*.swap"

# -- the image: baton's generator; -p fsck adds this machine's e2fsck ------------
if ! tools/baton-mkinitramfs -k "$MODDIR" -p virtio,fsck -m ext4 -o "$IMG" 2>"$W/mk.err"; then
	not_ok distro-image "baton-mkinitramfs failed: $(tr '\n' ' ' <"$W/mk.err")"; exit 1
fi
grep -q '/sbin/e2fsck' "$W/mk.err" ||
	{ not_ok distro-image "-p fsck -m ext4 did not put /sbin/e2fsck in: $(tr '\n' ' ' <"$W/mk.err")"; exit 1; }

# -- the disk ---------------------------------------------------------------------------
mkfs_tree() { # OUT SIZE UUID LABEL DIR
	mkfs.ext4 -q -F -b 4096 -U "$3" -L "$4" -d "$5" "$1" "$2" >"$W/mkfs.log" 2>&1 ||
		{ not_ok distro-disk "mkfs.ext4 $1: $(tr '\n' ' ' <"$W/mkfs.log")"; exit 1; }
}
S=$W/stage
mkdir -p "$S/root"/{sbin,dev,proc,sys,run,tmp,etc,usr} "$S/usr/lib" || exit 1
cp "$TESTINIT" "$S/root/sbin/init"
echo "ext4 root of t-distro" >"$S/root/etc/marker"
cat >"$S/root/etc/fstab" <<FSTAB
# /etc/fstab of the t-distro root
UUID=$ROOT_UUID / ext4 errors=remount-ro 0 1
UUID=$USR_UUID /usr ext4 defaults,x-systemd.device-timeout=10 0 2
UUID=$SWAP_UUID none swap sw 0 0
FSTAB
echo "the separate /usr" >"$S/usr/lib/usr-marker"
mknod -m 0600 "$S/root/dev/console" c 5 1 && mknod -m 0666 "$S/root/dev/null" c 1 3 ||
	{ not_ok distro-disk "mknod failed (run as root)"; exit 1; }
mkfs_tree "$W/root.ext4" 48M "$ROOT_UUID" distroot "$S/root"
mkfs_tree "$W/usr.ext4" 16M "$USR_UUID" distusr "$S/usr"
# The same root with an inode whose link count is wrong, still marked clean:
# only a forced check finds it.
cp "$W/root.ext4" "$W/dirty.ext4"
debugfs -w -R "sif /etc/marker links_count 5" "$W/dirty.ext4" >/dev/null 2>&1
e2fsck -n -f "$W/dirty.ext4" >/dev/null 2>&1
[ $? = 4 ] || { not_ok distro-disk "could not make a root e2fsck -n -f finds errors on"; exit 1; }
truncate -s 160M "$W/p3.swap" && mkswap -U "$SWAP_UUID" "$W/p3.swap" >/dev/null 2>&1 ||
	{ not_ok distro-disk "mkswap failed"; exit 1; }

make_disk() { # OUT ROOT-EXT4
	rm -f "$1"
	truncate -s 230M "$1" &&
	sgdisk -o -n 1:2048:+48M -n 2:0:+16M -n 3:0:+160M -t 3:8200 "$1" >/dev/null &&
	dd if="$2" of="$1" bs=1M seek=1 conv=notrunc status=none &&
	dd if="$W/usr.ext4" of="$1" bs=1M seek=49 conv=notrunc status=none &&
	dd if="$W/p3.swap" of="$1" bs=1M seek=65 conv=notrunc status=none ||
		{ not_ok distro-disk "cannot assemble $1"; exit 1; }
}
make_disk "$W/clean.img" "$W/root.ext4"
make_disk "$W/dirty.img" "$W/dirty.ext4"
# Partition starts as laid out above (sgdisk aligns to 1 MiB).
sgdisk -i 2 "$W/clean.img" | grep -q '^First sector: 100352 ' &&
	sgdisk -i 3 "$W/clean.img" | grep -q '^First sector: 133120 ' ||
	{ not_ok distro-disk "unexpected partition layout: $(sgdisk -p "$W/clean.img" | tr '\n' ' ')"; exit 1; }

boot() { # NAME DISK APPEND...: a boot whose writes stay on DISK
	local name=$1 disk=$2; shift 2
	QEMU_EXTRA=(-drive "file=${disk//,/,,},format=raw,if=virtio")
	# no_timer_check: a loaded host makes TCG too slow for the kernel's
	# IO-APIC timer test ("IO-APIC + timer doesn't work!" panic).
	qemu_boot "distro-$name" 240 "$IMG" none "no_timer_check $*"
	QEMU_EXTRA=()
}

# -- /usr and fsck on a clean disk ---------------------------------------------------------
boot usr "$W/clean.img" "root=UUID=$ROOT_UUID ro"
L=$QEMU_LOG
expect_log distro-usr/reached "$L" '^REAL-INIT-REACHED' "the real init did not run"
expect_log distro-usr/mounted "$L" '^USRINFO /dev/vda2 /usr ext4 ro[, ]' "/usr is not /dev/vda2 mounted read-only"
expect_log distro-usr/said "$L" 'baton: mounted /usr: /dev/vda2 \(254:2\) as ext4 read-only' "baton did not say it mounted /usr"
expect_log distro-usr/fsck-root "$L" 'baton: checking root /dev/vda1 \(ext4\) with /sbin/e2fsck' "the root was not checked"
expect_log distro-usr/fsck-usr "$L" 'baton: checking usr /dev/vda2 \(ext4\) with /sbin/e2fsck' "/usr was not checked"
reject_log distro-usr/no-repair "$L" 'fsck repaired|fsck left errors' "a clean filesystem was reported as repaired"
check distro-usr/exit "$(exit_why 240)" exited_alone

# -- fsck.mode=force on the dirty root -------------------------------------------------------
boot fsck-force "$W/dirty.img" "root=UUID=$ROOT_UUID ro fsck.mode=force"
L=$QEMU_LOG
expect_log distro-fsck-force/output "$L" 'baton: fsck root: .*Inode [0-9]+ ref count is 5, should be 1\. +FIXED' \
	"fsck's repair is not shown"
expect_log distro-fsck-force/said "$L" 'baton: fsck repaired root /dev/vda1 \(exit 1\); going on' "the repair was not said"
expect_log distro-fsck-force/reached "$L" '^REAL-INIT-REACHED' "the boot did not go on after the repair"
check distro-fsck-force/exit "$(exit_why 240)" exited_alone
dd if="$W/dirty.img" of="$W/after.ext4" bs=1M skip=1 count=48 status=none
e2fsck -n -f "$W/after.ext4" >"$W/after.log" 2>&1
check distro-fsck-force/on-disk "the root still has errors after the boot: $(tr '\n' ' ' <"$W/after.log")" \
	test "$(e2fsck -n -f "$W/after.ext4" >/dev/null 2>&1; echo $?)" = 0

# -- fsck.repair=no: errors left, failure policy -----------------------------------------------
make_disk "$W/dirty.img" "$W/dirty.ext4"
boot fsck-fail "$W/dirty.img" "root=UUID=$ROOT_UUID ro fsck.mode=force fsck.repair=no rd.emergency=poweroff"
L=$QEMU_LOG
expect_log distro-fsck-fail/output "$L" 'baton: fsck root: .*Filesystem still has errors' "fsck's output is not shown"
expect_log distro-fsck-fail/said "$L" 'baton: fsck left errors on root /dev/vda1 \(exit 4\) with fsck.repair=no' \
	"the failure was not said"
reject_log distro-fsck-fail/stopped "$L" '^REAL-INIT-REACHED' "the real init ran on a root with errors"
expect_log distro-fsck-fail/policy "$L" 'baton: .*power' "the failure policy (poweroff) did not follow"
check distro-fsck-fail/exit "$(exit_why 240)" exited_alone

# -- hibernate, noresume, resume ------------------------------------------------------------------
boot hibernate "$W/clean.img" "root=UUID=$ROOT_UUID ro fsck.mode=skip testinit.hibernate=/dev/vda3"
L=$QEMU_LOG
marker=$(_log_text "$L" | sed -n 's/^HIBERNATING marker=\([^ ]*\) pid=.*/\1/p' | head -n1)
check distro-hibernate/marker "testinit did not start hibernating" test -n "$marker"
reject_log distro-hibernate/went "$L" '^(RESUMED|HIBERNATE-FAILED)' "the kernel did not hibernate"
check distro-hibernate/exit "$(exit_why 240)" exited_alone

boot noresume "$W/clean.img" "root=UUID=$ROOT_UUID ro fsck.mode=skip resume=UUID=$SWAP_UUID noresume"
L=$QEMU_LOG
expect_log distro-noresume/fresh "$L" '^REAL-INIT-REACHED' "the noresume boot did not reach the real init"
reject_log distro-noresume/not-resumed "$L" '^RESUMED' "noresume resumed anyway"
expect_log distro-noresume/said "$L" "baton: noresume: not resuming from UUID=$SWAP_UUID" "noresume was not said"
check distro-noresume/exit "$(exit_why 240)" exited_alone

boot resume "$W/clean.img" "root=UUID=$ROOT_UUID ro resume=UUID=$SWAP_UUID"
L=$QEMU_LOG
expect_log distro-resume/said "$L" "baton: resuming from UUID=$SWAP_UUID \\(/dev/vda3, 254:3\\)" "baton did not ask the kernel to resume"
expect_log distro-resume/same-process "$L" "^RESUMED marker=${marker:-none} pid=1\$" \
	"the hibernated testinit did not go on with its marker ${marker:-none}"
reject_log distro-resume/no-mount-first "$L" 'baton: mounted .* on /newroot' "the root was mounted before the resume"
check distro-resume/exit "$(exit_why 240)" exited_alone
exit $((QEMU_FAILS > 0))
