#!/usr/bin/env bash
# tests/qemu/t-vmfs.sh: the root on a virtio filesystem, a host directory
# given to the VM with no block device at all:
#   vmfs/9p-rw, vmfs/9p-ro          qemu -virtfs (9p), rootfstype=9p root=TAG
#   vmfs/virtiofs-rw, -ro           virtiofsd + vhost-user-fs-pci,
#                                   rootfstype=virtiofs root=TAG
#   vmfs/9p-wrong-tag               the tag is not there: the error names it
#                                   and the tags the VM does have
# The image is baton-mkinitramfs's virtio + vmfs profiles; the drivers load
# by modalias. virtiofsd is started for each boot and stopped after it.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

MKI=tools/baton-mkinitramfs
INIT=${BATON_INIT:-build/init}
MODDIR=$KDIR/root/lib/modules/$KVER
IMG=$QEMU_BUILD/vmfs.cpio.gz
VIRTIOFSD=${VIRTIOFSD:-/usr/lib/qemu/virtiofsd}
TAG=batonroot

need_kernel
need_tools
need_file "$INIT" vmfs-init "make builds build/init"
need_file "$TESTINIT" vmfs-testinit "make tests builds build/testinit"
[ -x "$VIRTIOFSD" ] || { echo "not ok vmfs-tools - no $VIRTIOFSD: apt-get install qemu-system-common (tools/setup.sh does)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-vmfs.XXXXXX") || exit 2
atexit "rm -rf '$work'"
tree=$work/tree
mkdir -p "$tree"/{sbin,dev,proc,sys,run,tmp,etc} && cp "$TESTINIT" "$tree/sbin/init" &&
	chmod 0755 "$tree/sbin/init" || { echo "not ok vmfs-tree - cannot stage $tree"; exit 1; }

if ! "$MKI" -k "$MODDIR" -i "$INIT" -p virtio,vmfs -o "$IMG" >"$work/mki.out" 2>&1; then
	echo "not ok vmfs-image - baton-mkinitramfs failed: $(tr '\n' ' ' <"$work/mki.out")"
	exit 1
fi

# -- 9p -----------------------------------------------------------------------
boot_9p() { # NAME APPEND
	QEMU_EXTRA=(-virtfs "local,path=$tree,mount_tag=$TAG,security_model=none,id=fs0")
	qemu_boot "vmfs-$1" 90 "$IMG" none "$2"
	QEMU_EXTRA=()
}
boot_9p 9p-rw "rootfstype=9p root=$TAG rw rootwait=30"
expect_log vmfs/9p-rw "$QEMU_LOG" "^ROOTINFO $TAG / 9p rw[, ].*trans=virtio" \
	"9p tag $TAG did not become the read-write root"
boot_9p 9p-ro "rootfstype=9p root=$TAG rootwait=30"
expect_log vmfs/9p-ro "$QEMU_LOG" "^ROOTINFO $TAG / 9p ro[, ]" \
	"9p tag $TAG without rw did not become a read-only root"
boot_9p 9p-wrong-tag "rootfstype=9p root=nosuchtag rootwait=3 rd.emergency=poweroff panic=-1"
expect_line vmfs/9p-wrong-tag "$QEMU_LOG" "no error naming the missing tag and the one offered" \
	"tag nosuchtag not found" && expect_line vmfs/9p-tags-offered "$QEMU_LOG" \
	"the error does not list the tag the VM has" "tags offered: $TAG"

# -- virtiofs -----------------------------------------------------------------
VFSD_PID=
stop_virtiofsd() {
	[ -n "$VFSD_PID" ] || return 0
	kill "$VFSD_PID" 2>/dev/null
	wait "$VFSD_PID" 2>/dev/null
	VFSD_PID=
}
atexit stop_virtiofsd

boot_virtiofs() { # NAME APPEND
	local sock=$work/vfs.sock
	rm -f "$sock"
	"$VIRTIOFSD" --socket-path="$sock" -o source="$tree" -o cache=none \
		-o sandbox=chroot >"$QEMU_LOGDIR/virtiofsd-$1.log" 2>&1 &
	VFSD_PID=$!
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	if [ ! -S "$sock" ]; then
		not_ok "vmfs/$1" "virtiofsd made no socket: $(tr '\n' ' ' <"$QEMU_LOGDIR/virtiofsd-$1.log")"
		stop_virtiofsd; return 1
	fi
	QEMU_EXTRA=(-chardev "socket,id=vfs,path=$sock" -device "vhost-user-fs-pci,chardev=vfs,tag=$TAG"
		-object memory-backend-memfd,id=mem,size=512M,share=on -numa node,memdev=mem)
	qemu_boot "vmfs-$1" 90 "$IMG" none "$2"
	QEMU_EXTRA=()
	stop_virtiofsd
}
boot_virtiofs virtiofs-rw "rootfstype=virtiofs root=$TAG rw rootwait=30" &&
	expect_log vmfs/virtiofs-rw "$QEMU_LOG" "^ROOTINFO $TAG / virtiofs rw[, ]" \
		"virtiofs tag $TAG did not become the read-write root"
boot_virtiofs virtiofs-ro "rootfstype=virtiofs root=$TAG rootwait=30" &&
	expect_log vmfs/virtiofs-ro "$QEMU_LOG" "^ROOTINFO $TAG / virtiofs ro[, ]" \
		"virtiofs tag $TAG without rw did not become a read-only root"
qemu_done
