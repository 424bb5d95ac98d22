#!/usr/bin/env bash
# tests/unit/t-mkinitramfs-stack.sh: baton-mkinitramfs -H on a host whose
# root is the Debian installer's stack (ext4 on LVM on LUKS2 on vda3),
# modelled as a sysfs tree and a mountinfo (BATON_SYSFS, BATON_MOUNTINFO):
# the chain is walked through slaves/, recorded in /etc/baton/stack, and
# the luks and lvm profiles come in with it (cryptsetup, lvm with their
# libraries, dm_crypt, lvm.conf); and -p md brings mdadm and the md
# personalities. Prints "ok NAME" / "not ok NAME - why".
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh
need_tools mkinitramfs-stack ldd cryptsetup lvm mdadm awk
KDIR=${KDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/baton/kernel/current}
MODDIR=$(ls -d "$KDIR"/root/lib/modules/* 2>/dev/null | head -n1)
[ -d "$MODDIR" ] || { echo "not ok mkinitramfs-stack-kernel - no test kernel in $KDIR: run tools/setup.sh"; exit 1; }

S=$tmp/sys
pci=$S/devices/pci0000:00/0000:00:04.0/virtio1/block/vda
mkdir -p "$pci/vda3" "$S/devices/virtual/block/dm-0/dm" "$S/devices/virtual/block/dm-0/slaves" \
	"$S/devices/virtual/block/dm-1/dm" "$S/devices/virtual/block/dm-1/slaves" "$S/dev/block"
echo 254:3 >"$pci/vda3/dev"
echo CRYPT-LUKS2-b007ab1e200040008000000000000c0d-luks-b007ab1e-2000-4000-8000-000000000c0d \
	>"$S/devices/virtual/block/dm-0/dm/uuid"
echo luks-b007ab1e-2000-4000-8000-000000000c0d >"$S/devices/virtual/block/dm-0/dm/name"
ln -s ../../../../pci0000:00/0000:00:04.0/virtio1/block/vda/vda3 "$S/devices/virtual/block/dm-0/slaves/vda3"
echo LVM-abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd >"$S/devices/virtual/block/dm-1/dm/uuid"
echo debian--vg-root >"$S/devices/virtual/block/dm-1/dm/name"
ln -s ../../dm-0 "$S/devices/virtual/block/dm-1/slaves/dm-0"
ln -s ../../devices/virtual/block/dm-1 "$S/dev/block/253:1"
echo '25 1 253:1 / / rw,relatime shared:1 - ext4 /dev/mapper/debian--vg-root rw' >"$tmp/mountinfo"

out=$tmp/spec
if BATON_SYSFS=$S BATON_MOUNTINFO=$tmp/mountinfo tools/baton-mkinitramfs -k "$MODDIR" -H \
	--spec-only "$tmp/stage" >"$out" 2>"$tmp/err"; then
	pass mkinitramfs-stack-H-runs
else
	fail mkinitramfs-stack-H-runs "exit $?: $(tail -n 3 "$tmp/err" | paste -sd ' ')"
fi
rec=$tmp/stage/etc/stack
if grep -qx 'luks b007ab1e-2000-4000-8000-000000000c0d luks-b007ab1e-2000-4000-8000-000000000c0d' "$rec" 2>/dev/null; then
	pass mkinitramfs-stack-H-luks-recorded
else
	fail mkinitramfs-stack-H-luks-recorded "no luks line in the record: $(paste -sd '|' "$rec" 2>&1)"
fi
if grep -qx 'lvm debian-vg/root' "$rec" 2>/dev/null; then
	pass mkinitramfs-stack-H-lvm-recorded
else
	fail mkinitramfs-stack-H-lvm-recorded "no 'lvm debian-vg/root' in the record: $(paste -sd '|' "$rec" 2>&1)"
fi
for want in '^file /etc/baton/stack ' '^file /sbin/cryptsetup ' '^file /sbin/lvm ' \
	'^file /lib64/ld-linux-x86-64.so.2 ' 'libcryptsetup.so.12 ' '^file /etc/lvm/lvm.conf ' \
	'/dm-crypt.ko ' '/dm-mod.ko ' '^dir /lib64 '; do
	if grep -q -- "$want" "$out"; then
		pass "mkinitramfs-stack-H-spec-has-$(echo "$want" | tr -cd 'a-z0-9.-')"
	else
		fail "mkinitramfs-stack-H-spec-has-$(echo "$want" | tr -cd 'a-z0-9.-')" "no line matching '$want' in the spec"
	fi
done
if grep -q '^file /sbin/mdadm ' "$out"; then
	fail mkinitramfs-stack-H-no-mdadm "mdadm went in although the root has no MD layer"
else
	pass mkinitramfs-stack-H-no-mdadm
fi
# Every library the programs need is in the spec (ldd on the staged copy
# resolves against the host; the image's paths must list them all).
missing=
for lib in $(ldd /usr/sbin/cryptsetup /usr/sbin/lvm | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u); do
	grep -q "^file $lib " "$out" || missing="$missing $lib"
done
if [ -z "$missing" ]; then pass mkinitramfs-stack-libraries; else fail mkinitramfs-stack-libraries "not in the spec:$missing"; fi

if tools/baton-mkinitramfs -k "$MODDIR" -p md --spec-only "$tmp/stage2" >"$tmp/spec2" 2>"$tmp/err2" &&
   grep -q '^file /sbin/mdadm ' "$tmp/spec2" && grep -q '/raid1.ko ' "$tmp/spec2" &&
   grep -q '^file /etc/mdadm/mdadm.conf ' "$tmp/spec2" && ! grep -q '^file /etc/baton/stack ' "$tmp/spec2"; then
	pass mkinitramfs-stack-md-profile
else
	fail mkinitramfs-stack-md-profile "-p md: no mdadm, raid1 or mdadm.conf in the spec (or a record without -H): $(tail -n 2 "$tmp/err2" | paste -sd ' ')"
fi
[ "$failed" -eq 0 ]
