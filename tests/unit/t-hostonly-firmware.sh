#!/usr/bin/env bash
# tests/unit/t-hostonly-firmware.sh: baton-mkinitramfs -H on a firmware
# root. In a private mount namespace (unshare -m), a squashfs image file is
# loop-mounted read-only and made the lower layer of an overlay with a tmpfs
# upper layer; BATON_HOST_ROOT points -H at that overlay instead of /. The
# modules it selects for the test kernel must include overlay (the root's
# type), squashfs (the lower layer's) and loop (the device under it), and
# the filesystem holding the image file. Needs root (mounts, loop devices).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh

KDIR=${BATON_KDIR:-$HOME/.cache/baton/kernel/current}
KVER=$(cat "$KDIR/version" 2>/dev/null) || { echo "not ok hostonly-fw-kernel - no test kernel at $KDIR: run tools/setup.sh"; exit 1; }
MODDIR=$KDIR/root/lib/modules/$KVER
need_tools hostonly-fw unshare mount mksquashfs
need_helper hostonly-fw build/init "make"
[ "$(id -u)" = 0 ] || { echo "not ok hostonly-fw-root - needs root (mounts and loop devices)"; exit 1; }

mkdir -p "$tmp/tree/etc" "$tmp/lower" "$tmp/up" "$tmp/merged" && echo x >"$tmp/tree/etc/x" &&
	mksquashfs "$tmp/tree" "$tmp/sq.img" -noappend -quiet >/dev/null ||
	{ echo "not ok hostonly-fw-setup - cannot make the squashfs"; exit 1; }
carrier=$(findmnt -no FSTYPE -T "$tmp" 2>/dev/null)
unshare -m --propagation private bash -c '
	set -e
	mount -o loop,ro -t squashfs "$1/sq.img" "$1/lower"
	mount -t tmpfs tmpfs "$1/up"
	mkdir "$1/up/u" "$1/up/w"
	mount -t overlay overlay -o "lowerdir=$1/lower,upperdir=$1/up/u,workdir=$1/up/w" "$1/merged"
	BATON_HOST_ROOT=$1/merged tools/baton-mkinitramfs -k "$2" -H -v --spec-only "$1/spec" >/dev/null
' _ "$tmp" "$MODDIR" 2>"$tmp/err"
rc=$?
mods=$(sed -n 's/^baton-mkinitramfs: module \([^ ]*\) .*/\1/p' "$tmp/err" | tr '\n' ' ')
if [ "$rc" != 0 ]; then
	fail hostonly-fw-run "the namespace or the generator failed: $(tail -3 "$tmp/err" | tr '\n' ' ')"
else
	for m in overlay squashfs loop; do
		case " $mods " in
		*" $m "*) pass "hostonly-fw-$m" ;;
		*) fail "hostonly-fw-$m" "-H on an overlay over a loop-mounted squashfs did not select $m (selected: $mods)" ;;
		esac
	done
	case $carrier in
	ext4|xfs|btrfs|f2fs|vfat)
		case " $mods " in
		*" $carrier "*) pass hostonly-fw-carrier ;;
		*) fail hostonly-fw-carrier "the image file's filesystem ($carrier) was not selected (selected: $mods)" ;;
		esac ;;
	*) pass hostonly-fw-carrier; echo "# hostonly-fw: the image lies on $carrier, which has no module to select" ;;
	esac
fi
exit $((failed > 0))
