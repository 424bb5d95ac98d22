#!/bin/sh
# tests/qemu/stack-maker.sh: /init of the guest that makes t-stack.sh's
# disks with the real tools (no device-mapper or md on the host). busybox
# sh; cryptsetup, lvm, mdadm and their modules come from the image
# (baton-mkinitramfs -p luks,lvm,md), loaded by baton's modprobe
# (/bin/modprobe -> /sbin/baton). Disks, as t-stack.sh attaches them:
#   vda  the ext4 root filesystem (source, read only)
#   vdb  LUKS2 (passphrase /etc/pass, second key slot /etc/luks.key) + ext4
#   vdc  the Debian installer layout: GPT p1 ESP, p2 /boot (made on the
#        host), p3 LUKS2 -> PV -> VG debvg: LVs root (ext4) and swap
#   vdd  LVM alone: PV -> VG vg0 -> LV root (ext4)
#   vde, vdf  MD RAID1 (metadata 1.2) over both, ext4 inside
#   vdg  GPT with 4 partitions: MD members of metadata 0.90, 1.0, 1.1, 1.2
#        (one-member RAID1s), for the prober's comparison with libblkid
#   vdh, vdi  LUKS on MD: RAID1 "cryptraid" over both, LUKS2 (key file
#        /etc/luks.key only) on the array, ext4 inside
#   vdj  LUKS on LVM: PV -> VG cryptvg -> LV croot -> LUKS2 (key file) -> ext4
#   vdk  a second VG, othervg, with LVs one and two (empty): rd.lvm.* limits
#   vdl, vdm  VG splitvg over both PVs, LV root spanning them: booted with
#        one missing
# Prints STACK-MAKER-OK at the end, STACK-MAKER-FAILED: STEP on a failure,
# then powers off.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
# Only as PID 1: were the kernel to run this as its modprobe, it must not
# make the disks a second time.
[ $$ = 1 ] || exit 1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /run/lock/lvm /run/lvm /run/cryptsetup /run/mdadm /tmp
echo /bin/modprobe >/proc/sys/kernel/modprobe

fail() { echo "STACK-MAKER-FAILED: $*"; sync; poweroff -f; }
step() { echo "STACK-MAKER-STEP: $*"; }

/bin/modprobe virtio_pci virtio_blk dm_crypt dm_mod md_mod raid1 xts aesni_intel || fail modprobe
for d in vda vdb vdc vdd vde vdf vdg vdh vdi vdj vdk vdl vdm; do
	i=0
	while [ ! -b /dev/$d ]; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "no /dev/$d"; sleep 0.1
	done
done
# The host's GPTs: the kernel reads them at probe time; vdc3, vdg1-4.
for p in vdc3 vdg1 vdg2 vdg3 vdg4; do
	i=0
	while [ ! -b /dev/$p ]; do
		i=$((i + 1)); [ $i -gt 50 ] && fail "no /dev/$p"; sleep 0.1
	done
done
FAST="--pbkdf pbkdf2 --pbkdf-force-iterations 1000"

step luks
cryptsetup luksFormat -q --type luks2 $FAST --key-file /etc/pass --uuid b007ab1e-1000-4000-8000-00000000c0de /dev/vdb || fail luksFormat
cryptsetup luksAddKey -q $FAST --key-file /etc/pass /dev/vdb /etc/luks.key || fail luksAddKey
cryptsetup open --key-file /etc/pass /dev/vdb mk-luks || fail "luks open"
dd if=/dev/vda of=/dev/mapper/mk-luks bs=1M 2>/dev/null || fail "luks dd"
cryptsetup close mk-luks || fail "luks close"

step debian
cryptsetup luksFormat -q --type luks2 $FAST --key-file /etc/pass --uuid b007ab1e-2000-4000-8000-00000000c0de /dev/vdc3 || fail "debian luksFormat"
cryptsetup open --key-file /etc/pass /dev/vdc3 mk-deb || fail "debian open"
lvm pvcreate -q /dev/mapper/mk-deb || fail "debian pvcreate"
lvm vgcreate -q debvg /dev/mapper/mk-deb || fail "debian vgcreate"
lvm lvcreate -q -y -L 24M -n root debvg || fail "debian lvcreate root"
lvm lvcreate -q -y -L 8M -n swap debvg || fail "debian lvcreate swap"
dd if=/dev/vda of=/dev/debvg/root bs=1M 2>/dev/null || fail "debian dd"
mkswap /dev/debvg/swap >/dev/null || fail "debian mkswap"
lvm vgchange -q -an debvg || fail "debian vgchange -an"
cryptsetup close mk-deb || fail "debian close"

step lvm
lvm pvcreate -q /dev/vdd || fail pvcreate
lvm vgcreate -q vg0 /dev/vdd || fail vgcreate
lvm lvcreate -q -y -L 24M -n root vg0 || fail lvcreate
dd if=/dev/vda of=/dev/vg0/root bs=1M 2>/dev/null || fail "lvm dd"
lvm vgchange -q -an vg0 || fail "vgchange -an"

step md
mdadm --create /dev/md0 --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 \
	--name=batonraid --homehost=maker /dev/vde /dev/vdf || fail "mdadm --create"
dd if=/dev/vda of=/dev/md0 bs=1M 2>/dev/null || fail "md dd"
mdadm --stop /dev/md0 || fail "mdadm --stop"

step md-versions
n=1
for v in 0.90 1.0 1.1 1.2; do
	mdadm --create /dev/md$n --run --level=1 --raid-devices=2 --metadata=$v \
		$([ $v = 0.90 ] || echo --name=probe$n) --homehost=maker /dev/vdg$n missing || fail "mdadm --create $v"
	mdadm --stop /dev/md$n || fail "mdadm --stop $v"
	n=$((n + 1))
done
KEY="--key-file /etc/luks.key"
step luks-md
mdadm --create /dev/md10 --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 \
	--name=cryptraid --homehost=maker /dev/vdh /dev/vdi || fail "luks-md mdadm --create"
cryptsetup luksFormat -q --type luks2 $FAST $KEY --uuid b007ab1e-3000-4000-8000-00000000c0de /dev/md10 || fail "luks-md luksFormat"
cryptsetup open $KEY /dev/md10 mk-cmd || fail "luks-md open"
dd if=/dev/vda of=/dev/mapper/mk-cmd bs=1M 2>/dev/null || fail "luks-md dd"
cryptsetup close mk-cmd || fail "luks-md close"
mdadm --stop /dev/md10 || fail "luks-md mdadm --stop"

step luks-lvm
lvm pvcreate -q /dev/vdj || fail "luks-lvm pvcreate"
lvm vgcreate -q cryptvg /dev/vdj || fail "luks-lvm vgcreate"
lvm lvcreate -q -y -L 44M -n croot cryptvg || fail "luks-lvm lvcreate"
cryptsetup luksFormat -q --type luks2 $FAST $KEY --uuid b007ab1e-4000-4000-8000-00000000c0de /dev/cryptvg/croot || fail "luks-lvm luksFormat"
cryptsetup open $KEY /dev/cryptvg/croot mk-lcr || fail "luks-lvm open"
dd if=/dev/vda of=/dev/mapper/mk-lcr bs=1M 2>/dev/null || fail "luks-lvm dd"
cryptsetup close mk-lcr || fail "luks-lvm close"
lvm vgchange -q -an cryptvg || fail "luks-lvm vgchange -an"

step othervg
lvm pvcreate -q /dev/vdk || fail "othervg pvcreate"
lvm vgcreate -q othervg /dev/vdk || fail "othervg vgcreate"
lvm lvcreate -q -y -L 4M -n one othervg || fail "othervg lvcreate one"
lvm lvcreate -q -y -L 4M -n two othervg || fail "othervg lvcreate two"
lvm vgchange -q -an othervg || fail "othervg vgchange -an"

step splitvg
lvm pvcreate -q /dev/vdl /dev/vdm || fail "splitvg pvcreate"
lvm vgcreate -q splitvg /dev/vdl /dev/vdm || fail "splitvg vgcreate"
# Larger than one PV: the LV needs both.
lvm lvcreate -q -y -L 16M -n root splitvg || fail "splitvg lvcreate"
lvm lvs --noheadings -o devices splitvg/root | grep -q vdm || fail "splitvg root not on both PVs"
lvm vgchange -q -an splitvg || fail "splitvg vgchange -an"
sync
echo STACK-MAKER-OK
poweroff -f
