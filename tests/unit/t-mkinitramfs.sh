#!/usr/bin/env bash
# tests/unit/t-mkinitramfs.sh: what baton-mkinitramfs says about the image
# it builds for the test kernel (~/.cache/baton/kernel, Debian's: no
# filesystem built in):
#   mkinitramfs-nofs-warn    -p virtio: no filesystem module, none built in:
#                            warned, naming the device-only profile
#   mkinitramfs-fs-quiet     -p virtio -m ext4: no such warning
#   mkinitramfs-host-says    -H: says the root's device, drivers, filesystem
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh

KDIR=${BATON_KDIR:-$HOME/.cache/baton/kernel/current}
KVER=$(cat "$KDIR/version" 2>/dev/null) || { echo "not ok mkinitramfs-kernel - no test kernel at $KDIR: run tools/setup.sh"; exit 1; }
MODDIR=$KDIR/root/lib/modules/$KVER
need_helper mkinitramfs build/baton-pack "make tools"
need_helper mkinitramfs build/init "make"
need_tools mkinitramfs gzip awk

gen() { # NAME ARGS...: runs the generator, its stderr in $tmp/NAME.err
	local name=$1; shift
	tools/baton-mkinitramfs -k "$MODDIR" -o "$tmp/$name.img" "$@" 2>"$tmp/$name.err"
}

if gen nofs -p virtio && grep -q 'warning: the image holds no filesystem module .*device-only profiles: virtio' "$tmp/nofs.err"; then
	pass mkinitramfs-nofs-warn
else
	fail mkinitramfs-nofs-warn "no warning for an image without a filesystem: $(tr '\n' ' ' <"$tmp/nofs.err")"
fi
if gen fs -p virtio -m ext4 && ! grep -q 'no filesystem module' "$tmp/fs.err"; then
	pass mkinitramfs-fs-quiet
else
	fail mkinitramfs-fs-quiet "$(tr '\n' ' ' <"$tmp/fs.err")"
fi
# The host's own root: whatever it is, -H names it.
root_type=$(findmnt -no FSTYPE / 2>/dev/null)
if gen host -H && grep -Eq "host-only: / is $root_type on [^ ]+ \([0-9]+:[0-9]+\); device drivers: .*; filesystem: $root_type" "$tmp/host.err"; then
	pass mkinitramfs-host-says
elif grep -q 'is on no block device' "$tmp/host.err"; then
	pass mkinitramfs-host-says	# a container's overlay root: said as such
else
	fail mkinitramfs-host-says "$(tr '\n' ' ' <"$tmp/host.err")"
fi
exit $((failed > 0))
