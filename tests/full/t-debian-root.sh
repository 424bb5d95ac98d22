#!/usr/bin/env bash
# tests/full/t-debian-root.sh (make check-full): baton as a Debian user gets
# it. A real Debian 12 root (tools/debian-root.sh: mmdebstrap minbase +
# systemd-sysv, udev, kmod; cached) gets baton's .deb (built from the tree
# by tests/pkg/t-deb.sh, or here) installed in a chroot, then the test
# kernel's own .deb: its postinst runs baton's hook, which builds
# /boot/initrd.img-VERSION with /etc/baton/baton.conf. qemu boots that
# kernel and image to the root (ext4, root=UUID= ro), where a unit reports:
#   root-state        systemctl is-system-running --wait = running
#   root-failed       no failed unit
#   root-warnings     journalctl -b -p warning: nothing from baton, and
#                     nothing outside the list of what Debian 12 on qemu
#                     says with initramfs-tools too (below)
#   root-run          /run: tmpfs, nr_inodes=819200, a size limit, mode 755
#   root-links        /dev/disk/by-uuid and by-label links of the root
#   root-fsck         the root checked once: by baton if the image has a
#                     checker (systemd then skips), else by systemd
#   kernel-remove     apt-get remove of the kernel removes its image
# Variants on the same root, its /usr moved to a second disk (fstab pass
# 2), the root made dirty (an inode's link count wrong, still marked clean)
# and a swap disk:
#   variant-usr       /usr from the fstab mounted by baton before the switch
#                     (systemd's /sbin/init is under /usr: merged /usr),
#                     fsck'ed, and systemd reaches running
#   variant-fsck      fsck.mode=force repairs the root (exit 1), the repair
#                     is shown, the boot goes on to running
#   variant-hibernate the unit writes a random marker, turns the swap on
#                     and hibernates (echo disk > /sys/power/state)
#   variant-noresume  resume= with noresume (writes to a snapshot): a fresh
#                     boot to running, nothing resumed
#   variant-resume    resume=UUID= of the swap: the hibernated unit goes on
#                     and prints the same marker from the same process
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

W=$QEMU_BUILD/debian-root
ROOT_UUID=deb12000-0000-4000-8000-000000000001
need_kernel
need_tools
[ "$(id -u)" = 0 ] || { not_ok debian-root-user "needs root (chroot, dpkg -i)"; exit 1; }
cache=$(tools/debian-root.sh) || { not_ok debian-root-cache "tools/debian-root.sh failed"; exit 1; }
deb=build/pkg/baton_0.1_amd64.deb
if [ ! -f "$deb" ] || [ -n "$(find init tools man debian include -newer "$deb" -print -quit)" ]; then
	bash tests/pkg/t-deb.sh >"$QEMU_LOGDIR/debian-root-deb.out" 2>&1 ||
		{ not_ok debian-root-deb "building baton's .deb failed: $(grep '^not ok' "$QEMU_LOGDIR/debian-root-deb.out" | tr '\n' ' ')"; exit 1; }
fi
kdeb=$(ls "$cache"/deb/linux-image-"$KVER"_*.deb 2>/dev/null | head -n1)
[ -n "$kdeb" ] || { not_ok debian-root-kernel "no linux-image-$KVER .deb in $cache/deb"; exit 1; }

rm -rf "$W" && mkdir -p "$W" || exit 1
R=$W/root
atexit "umount -R '$R/proc' '$R/sys' '$R/dev' 2>/dev/null; rm -rf '$W/root' '$W/root.ext4' '$W/usr.tree' '$W/vroot.ext4' '$W/vusr.ext4' '$W/vswap'"
cp -a "$cache/root" "$R" || { not_ok debian-root-copy "cp -a $cache/root failed"; exit 1; }
mount -t proc proc "$R/proc" && mount -t sysfs sys "$R/sys" && mount --bind /dev "$R/dev" ||
	{ not_ok debian-root-mounts "cannot mount /proc /sys /dev in the chroot"; exit 1; }
cp "$deb" "$kdeb" "$R/tmp/"
in_root() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }

# -- baton, then the kernel: its hook builds the image ------------------------------
if in_root dpkg -i "/tmp/${deb##*/}" >"$W/dpkg-baton.log" 2>&1; then
	ok debian-root-install
else
	not_ok debian-root-install "dpkg -i baton: $(tail -n 5 "$W/dpkg-baton.log" | tr '\n' ' ')"; exit 1
fi
if in_root dpkg -i "/tmp/${kdeb##*/}" >"$W/dpkg-kernel.log" 2>&1; then
	ok debian-root-kernel-install
else
	not_ok debian-root-kernel-install "dpkg -i the kernel: $(tail -n 5 "$W/dpkg-kernel.log" | tr '\n' ' ')"; exit 1
fi
img=$R/boot/initrd.img-$KVER
if [ -s "$img" ] && grep -q "update-initramfs: generating /boot/initrd.img-$KVER" "$W/dpkg-kernel.log" &&
   build/baton-check -q "$img" >/dev/null 2>"$W/check.log"; then
	ok debian-root-hook
	echo "# hook's image: $(stat -c %s "$img") bytes; $(grep -o 'baton-mkinitramfs: .*' "$W/dpkg-kernel.log" | tail -n1)"
else
	not_ok debian-root-hook "the kernel hook made no good /boot/initrd.img-$KVER: $(tail -n 5 "$W/dpkg-kernel.log" | tr '\n' ' ') $(cat "$W/check.log")"
	exit 1
fi

# -- the root's own configuration and the reporting unit --------------------------------
cat >"$R/etc/fstab" <<FSTAB
UUID=$ROOT_UUID / ext4 errors=remount-ro 0 1
FSTAB
echo baton-proof >"$R/etc/hostname"
cat >"$R/usr/local/sbin/baton-proof" <<'PROOF'
#!/bin/sh
# Reports the boot's state on the serial console, then powers off.
exec >/dev/ttyS0 2>&1
state=$(systemctl is-system-running --wait)
echo "PROOF state=$state"
echo "PROOF failed=$(systemctl list-units --failed --plain --no-legend | awk '{ printf "%s ", $1 }')"
journalctl -b -p warning --no-pager -o cat | sed 's/^/PROOF-WARN /'
echo "PROOF run=$(findmnt -no FSTYPE,OPTIONS /run)"
for d in /dev/disk/by-*; do
	for l in "$d"/*; do [ -L "$l" ] && echo "PROOF link ${l#/dev/disk/} -> $(readlink "$l")"; done
done
echo "PROOF fsck-root=$(systemctl show -p ActiveState -p ConditionResult systemd-fsck-root.service | tr '\n' ' ')"
echo "PROOF usr=$(findmnt -no SOURCE,FSTYPE /usr | tr -s ' ')"
echo PROOF-DONE
case " $(cat /proc/cmdline) " in
*" baton.proof=hibernate "*)
	# The same process prints the marker again once resumed.
	marker=$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
	echo "PROOF hibernating marker=$marker pid=$$"
	swapon /dev/vdc && sync && echo disk >/sys/power/state
	echo "PROOF resumed marker=$marker pid=$$" ;;
esac
systemctl poweroff
PROOF
chmod 0755 "$R/usr/local/sbin/baton-proof"
cat >"$R/etc/systemd/system/baton-proof.service" <<'UNIT'
[Unit]
Description=baton proof: the boot's state on the console
After=multi-user.target

[Service]
# simple: its start job ends at once, so the boot can reach "running".
Type=simple
ExecStart=/usr/local/sbin/baton-proof

[Install]
WantedBy=multi-user.target
UNIT
mkdir -p "$R/etc/systemd/system/multi-user.target.wants"
ln -sf ../baton-proof.service "$R/etc/systemd/system/multi-user.target.wants/baton-proof.service"
cp "$R/boot/vmlinuz-$KVER" "$img" "$W/"
umount "$R/proc" "$R/sys" "$R/dev"
mkfs.ext4 -q -F -U "$ROOT_UUID" -L debroot -d "$R" "$W/root.ext4" 1400M >"$W/mkfs.log" 2>&1 ||
	{ not_ok debian-root-disk "mkfs.ext4 -d failed: $(tr '\n' ' ' <"$W/mkfs.log")"; exit 1; }

# -- boot ---------------------------------------------------------------------------------
QEMU_EXTRA=(-drive "file=$W/root.ext4,format=raw,snapshot=on,if=virtio")
KERNEL=$W/vmlinuz-$KVER qemu_boot debian-root 600 "$W/initrd.img-$KVER" none "no_timer_check root=UUID=$ROOT_UUID ro"
QEMU_EXTRA=()
L=$QEMU_LOG
expect_log debian-root/state "$L" 'PROOF state=running$' "systemd did not reach running"
expect_log debian-root/failed "$L" 'PROOF failed= *$' "failed units"
reject_log debian-root/no-baton-warning "$L" 'PROOF-WARN .*baton' "a warning from baton in the journal"
# What Debian 12's kernel says at warning level on qemu whatever the
# initramfs: timer, TSC, APIC and ACPI complaints of the emulated machine.
# (Not compared with an initramfs-tools boot in this test.)
known='^PROOF-WARN (.*(MP-BIOS bug|APIC calibration|IO-APIC|CONFIG_IMA_DISABLE_HTABLE|Spectre|MDS|MMIO Stale|RETBleed|TAA|TSX|SRBDS|GDS|vsyscall|CPU bug|Unknown kernel command line|Mitigation|tsc:|TSC|clocksource|i8042|ata|fail to set|platform regulatory|pci|PCI|ACPI|x86/cpu|x86/fpu|kvm|hpet|RAS|cpufreq|EDAC|spectre|microcode|mce|intel_rapl|Firmware|firmware|secureboot|Secure boot|Lockdown|integrity|systemd-journald|Journal|journal|random|crng|urandom|rtc|RTC|lpc|IPMI|dmi|DMI|SMBIOS|no console|tty|serial|floppy|ppdev|parport|input|psmouse|virtio|iTCO|watchdog|bochs|drm|fb|fbcon|ext4|EXT4|blk|sd |sr |cdrom|loop).*)$'
unknown=$(_log_text "$L" | grep -o 'PROOF-WARN .*' | grep -Ev "$known" | head -n 5)
echo "# journal warnings: $(_log_text "$L" | grep -c 'PROOF-WARN ') lines"
_log_text "$L" | grep -o 'PROOF-WARN .*' | head -n 20 | sed 's/^/#   /'
check debian-root/warnings "warnings outside the known list: $(tr '\n' ' ' <<<"$unknown")" test -z "$unknown"
_log_text "$L" | grep -o 'PROOF-WARN .*' | sed 's/^PROOF-WARN //' >"$W/warn.baton"
expect_log debian-root/run "$L" 'PROOF run=tmpfs .*size=[0-9]+k,nr_inodes=819200,mode=755' "/run lacks systemd's limits"
expect_log debian-root/link-uuid "$L" "PROOF link by-uuid/$ROOT_UUID -> \.\./\.\./vda$" "no by-uuid link of the root"
expect_log debian-root/link-label "$L" 'PROOF link by-label/debroot -> \.\./\.\./vda$' "no by-label link of the root"
# The root is checked once: by baton when its image has a checker (then
# /run/initramfs/fsck-root makes systemd skip), else by systemd.
if build/baton-check -l "$W/initrd.img-$KVER" 2>/dev/null | grep -Eq '(e2fsck|fsck\.ext4)$'; then
	expect_log debian-root/fsck-once "$L" 'PROOF fsck-root=.*ConditionResult=no' "systemd checked the root again after baton did"
else
	expect_log debian-root/fsck-once "$L" 'PROOF fsck-root=ActiveState=active ConditionResult=yes' \
		"the image has no checker, yet systemd did not check the root"
fi
check debian-root/exit "$(exit_why 600)" exited_alone

# -- variants: separate /usr, a dirty root, hibernation -----------------------------------
USR_UUID=deb12000-0000-4000-8000-000000000002
SWAP_UUID=deb12000-0000-4000-8000-000000000003
cp "$R/etc/fstab" "$W/fstab.orig"
printf '%s\n' "UUID=$ROOT_UUID / ext4 errors=remount-ro 0 1" "UUID=$USR_UUID /usr ext4 defaults 0 2" >"$R/etc/fstab"
mv "$R/usr" "$W/usr.tree" && mkdir "$R/usr" || { not_ok debian-root-variant-disk "cannot move /usr aside"; exit 1; }
mkfs.ext4 -q -F -U "$ROOT_UUID" -L debroot -d "$R" "$W/vroot.ext4" 400M >"$W/mkfs.log" 2>&1 &&
	mkfs.ext4 -q -F -U "$USR_UUID" -L debusr -d "$W/usr.tree" "$W/vusr.ext4" 1200M >>"$W/mkfs.log" 2>&1
mkfs_rc=$?
rmdir "$R/usr" && mv "$W/usr.tree" "$R/usr" && cp "$W/fstab.orig" "$R/etc/fstab"
[ "$mkfs_rc" = 0 ] || { not_ok debian-root-variant-disk "mkfs.ext4 failed: $(tr '\n' ' ' <"$W/mkfs.log")"; exit 1; }
debugfs -w -R "sif /etc/hostname links_count 5" "$W/vroot.ext4" >/dev/null 2>&1
e2fsck -n -f "$W/vroot.ext4" >/dev/null 2>&1
[ $? = 4 ] || { not_ok debian-root-variant-disk "could not make a root e2fsck -n -f finds errors on"; exit 1; }
truncate -s 640M "$W/vswap" && mkswap -U "$SWAP_UUID" "$W/vswap" >/dev/null 2>&1 ||
	{ not_ok debian-root-variant-disk "mkswap failed"; exit 1; }
vboot() { # NAME SNAPSHOT(on|off) APPEND...: the three disks, writes kept unless SNAPSHOT
	local name=$1 snap=$2; shift 2
	QEMU_EXTRA=()
	for d in vroot.ext4 vusr.ext4 vswap; do
		QEMU_EXTRA+=(-drive "file=$W/$d,format=raw,snapshot=$snap,if=virtio")
	done
	KERNEL=$W/vmlinuz-$KVER qemu_boot "debian-root-$name" 600 "$W/initrd.img-$KVER" none "no_timer_check $*"
	QEMU_EXTRA=()
}
vboot variant off "root=UUID=$ROOT_UUID ro fsck.mode=force baton.proof=hibernate"
L=$QEMU_LOG
expect_log debian-root/variant-usr-mounted "$L" 'baton: mounted /usr: /dev/vdb' "baton did not mount /usr from the fstab"
expect_log debian-root/variant-usr-checked "$L" 'baton: checking usr /dev/vdb \(ext4\)' "/usr was not checked"
expect_log debian-root/variant-usr-state "$L" 'PROOF usr=/dev/vdb ext4' "/usr is not /dev/vdb in the booted root"
expect_log debian-root/variant-fsck-output "$L" 'baton: fsck root: .*ref count is 5, should be 1\. +FIXED' "fsck's repair is not shown"
expect_log debian-root/variant-fsck-said "$L" 'baton: fsck repaired root /dev/vda \(exit 1\); going on' "the repair was not said"
expect_log debian-root/variant-state "$L" 'PROOF state=running$' "systemd did not reach running"
expect_log debian-root/variant-failed "$L" 'PROOF failed= *$' "failed units"
marker=$(_log_text "$L" | sed -n 's/.*PROOF hibernating marker=\([0-9a-f]*\) pid=.*/\1/p' | head -n1)
check debian-root/variant-hibernate "the unit did not start hibernating" test -n "$marker"
reject_log debian-root/variant-hibernated "$L" 'PROOF resumed' "the kernel did not hibernate (the unit went on)"
check debian-root/variant-exit "$(exit_why 600)" exited_alone
e2fsck -n -f "$W/vroot.ext4" >/dev/null 2>&1; fsck_after=$?
# The root is in use by the hibernated system: only the link count error
# must be gone (e2fsck -n may still see the mounted state).
check debian-root/variant-fsck-on-disk "the root still has the wrong link count" \
	sh -c "! e2fsck -n -f '$W/vroot.ext4' 2>&1 | grep -q 'ref count is 5'"

vboot noresume on "root=UUID=$ROOT_UUID ro resume=UUID=$SWAP_UUID noresume"
L=$QEMU_LOG
expect_log debian-root/variant-noresume-said "$L" "baton: noresume: not resuming from UUID=$SWAP_UUID" "noresume was not said"
expect_log debian-root/variant-noresume-fresh "$L" 'PROOF state=running$' "the noresume boot did not reach running"
reject_log debian-root/variant-noresume-not-resumed "$L" 'PROOF resumed' "noresume resumed anyway"
check debian-root/variant-noresume-exit "$(exit_why 600)" exited_alone

vboot resume off "root=UUID=$ROOT_UUID ro resume=UUID=$SWAP_UUID"
L=$QEMU_LOG
expect_log debian-root/variant-resume-said "$L" "baton: resuming from UUID=$SWAP_UUID \\(/dev/vdc, 254:32\\)" "baton did not ask the kernel to resume"
expect_log debian-root/variant-resume-same "$L" "PROOF resumed marker=${marker:-none} pid=" \
	"the hibernated unit did not go on with its marker ${marker:-none}"
reject_log debian-root/variant-resume-no-mount "$L" 'baton: mounted .* on /newroot' "the root was mounted before the resume"
check debian-root/variant-resume-exit "$(exit_why 600)" exited_alone
echo "# variant fsck exit after the boots: $fsck_after"

# -- the same root with initramfs-tools: its journal warnings against baton's ---------------
. tests/full/itools-compare.sh

# -- removing the kernel removes its image ---------------------------------------------------
mount -t proc proc "$R/proc" && mount -t sysfs sys "$R/sys" && mount --bind /dev "$R/dev"
if in_root apt-get remove -y "linux-image-$KVER" >"$W/remove.log" 2>&1 && [ ! -e "$img" ]; then
	ok debian-root-kernel-remove
else
	not_ok debian-root-kernel-remove "after apt-get remove linux-image-$KVER: $(ls "$R/boot" | tr '\n' ' '); $(tail -n 3 "$W/remove.log" | tr '\n' ' ')"
fi
umount "$R/proc" "$R/sys" "$R/dev"
exit $((QEMU_FAILS > 0))
