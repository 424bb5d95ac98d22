#!/usr/bin/env bash
# tests/qemu/t-matrix.sh: root discovery on emulated disks of every kind,
# on the Debian kernel, with an initramfs of its own: rootfs-spec/default.spec
# plus the modules of tests/qemu/matrix.list (each controller and root
# filesystem below; /etc/baton/modules loads them all at every boot), built
# into build/qemu/matrix.cpio.gz from build/init. Cases (MATRIX_CASES="a b"
# runs some only):
#   scsi-label     virtio-scsi scsi-hd, GPT, ext4   root=LABEL= rw
#   nvme-devname   NVMe, GPT, ext4                  root=/dev/nvme0n1p1 ro
#   ahci-majmin    AHCI ide-hd, GPT, ext4           root=8:1 rw
#   virtio4k       virtio-blk with 4096-byte logical sectors, a GPT written
#                  for them, ext4                   root=PARTUUID= rw
#   nvme4k         NVMe, 4Kn, the same disk         root=PARTUUID=(upper case) ro
#   xfs            whole-disk xfs                   root=/dev/disk/by-label/ rw
#   btrfs-subvol   whole-disk btrfs, the tree in subvolume rootvol (the top
#                  level has no /sbin/init)         root=UUID= rootflags=subvol=rootvol rw
#   f2fs           whole-disk f2fs                  root=LABEL= rw
#   squashfs       whole-disk squashfs on a read-only drive, asked for rw:
#                  baton must retry read-only       root=/dev/vda rw
#   erofs          whole-disk erofs                 root=/dev/disk/by-uuid/ ro
#   fallthrough    MBR, ext4, rootfstype=xfs,ext4: the xfs attempt fails,
#                  ext4 mounts                      root=PARTUUID=SSSSSSSS-01 ro
#   hotplug        no disk at boot; an NVMe disk is device_add'ed through
#                  the QMP monitor 5 s after /init started
#                                                   root=UUID= rootwait rw
# (whole disks and the 4Kn ones on virtio-blk unless said otherwise.) Each
# must reach the real root's init (build/testinit) with the right ROOTINFO
# (device, type, ro/rw), no "Kernel panic", and qemu must exit by itself.
# Disk images are cached as build/qemu/matrix-*.img, rebuilt when
# build/testinit or this script is newer; filesystems are filled without
# mounting wherever the tool can (mkfs.ext4 -d, mkfs.xfs -p protofile,
# sload.f2fs, mksquashfs, mkfs.erofs); only the btrfs subvolume needs a loop
# mount, inside `unshare -m`. BATON_MATRIX_IMAGE=FILE boots another
# initramfs instead (it must carry the same modules); MATRIX_TIMEOUT=S
# bounds each boot (default 60); after MATRIX_MAX_TIMEOUTS (default 3) boots
# in a row time out, the remaining cases fail without booting.
# Logs: build/test-logs/qemu-matrix-*.log.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

SELF=tests/qemu/t-matrix.sh
LIST=tests/qemu/matrix.list
INIT=build/init
PACK=build/baton-pack
IMAGE=$QEMU_BUILD/matrix.cpio.gz
TMO=${MATRIX_TIMEOUT:-60}	# per boot; a good one takes 9-16 s on 2 busy cores

# Identifiers of the disks (filesystem UUIDs/labels; GPT ids as lib.sh's).
EXT_UUID=b007ab1e-0000-4000-8000-00000000e401
EXT_LABEL=MATRIXEXT4
K4_FSUUID=b007ab1e-0000-4000-8000-00000000e404
K4_DISKGUID=b007ab1e-0000-4000-8000-0000000004d1
K4_PARTUUID=b007ab1e-0000-4000-8000-0000000004b1
K4_PARTLABEL=matrix-4k
XFS_UUID=b007ab1e-0000-4000-8000-0000000000f5
XFS_LABEL=matrixxfs
BTRFS_UUID=b007ab1e-0000-4000-8000-0000000000b7
BTRFS_SUBVOL=rootvol
F2FS_UUID=b007ab1e-0000-4000-8000-0000000000f2
F2FS_LABEL=matrixf2fs
EROFS_UUID=b007ab1e-0000-4000-8000-0000000000e7
MBR_FSUUID=b007ab1e-0000-4000-8000-00000000e402
MBR_ID=5eed0001

T_START=$(_now)
need_kernel
need_tools
for t in mkfs.xfs mkfs.btrfs btrfs mkfs.f2fs sload.f2fs mksquashfs mkfs.erofs \
	fdisk sfdisk partx unshare mount umount truncate mkfifo; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "not ok matrix-tools - $t missing: run tools/setup.sh"
		exit 1
	}
done
need_file "$INIT" matrix-init "make builds build/init"
need_file "$PACK" matrix-pack "make tools builds build/baton-pack"
need_file "$TESTINIT" matrix-testinit "make tests builds build/testinit"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-matrix.XXXXXX") || exit 2
atexit "rm -rf '$WORK'"

# stale OUT DEP...: OUT is missing or older than a DEP.
stale() {
	local out=$1 f
	shift
	[ -s "$out" ] || return 0
	for f; do [ "$f" -nt "$out" ] && return 0; done
	return 1
}

# -- the matrix's initramfs -------------------------------------------------
# BATON_MATRIX_IMAGE=FILE boots FILE instead (another build to judge).
# Modules are staged in the private work directory: a concurrent run of this
# script never packs from a half-written tree.
if [ -n "${BATON_MATRIX_IMAGE:-}" ]; then
	IMAGE=$BATON_MATRIX_IMAGE
	need_file "$IMAGE" matrix-image "BATON_MATRIX_IMAGE names no initramfs"
elif stale "$IMAGE" "$INIT" "$PACK" "$LIST" rootfs-spec/default.spec tools/modules-spec.sh \
	tools/baton-mkinitramfs "$KDIR/version" "$SELF"; then
	t0=$(_now)
	if tools/modules-spec.sh "$KDIR" "$LIST" "$WORK/modules" >"$WORK/modules.spec" 2>"$WORK/spec.err" &&
	   BUILD=$(pwd)/build "$PACK" -o "$WORK/matrix.cpio" rootfs-spec/default.spec \
		"$WORK/modules.spec" >"$WORK/pack.err" 2>&1 &&
	   gzip -6n <"$WORK/matrix.cpio" >"$IMAGE.tmp.$$" && mv -f "$IMAGE.tmp.$$" "$IMAGE"; then
		echo "# matrix image: $(stat -c %s "$IMAGE") bytes, $(grep -c '^file /lib/modules/' "$WORK/modules.spec") modules, built in $(awk -v a="$t0" -v b="$(_now)" 'BEGIN{printf "%.1f", b-a}') s"
	else
		rm -f "$IMAGE.tmp.$$"
		echo "not ok matrix-image - cannot build $IMAGE: $(cat "$WORK/spec.err" "$WORK/pack.err" 2>/dev/null | tr '\n' ' ')"
		exit 1
	fi
fi
ok matrix-image

# -- root trees and disk images --------------------------------------------
# The tree every root holds: /sbin/init = testinit, empty dev proc sys run.
STAGE=$WORK/stage
mkdir -p "$STAGE"/{sbin,dev,proc,sys,run} && cp "$TESTINIT" "$STAGE/sbin/init" &&
	chmod 0755 "$STAGE/sbin/init" || { echo "not ok matrix-stage - cannot stage $STAGE"; exit 1; }

# build_disk NAME OUT CMD...: when OUT is stale, runs CMD, which writes the
# image to "$OUT_TMP" (private to this run), and moves it in place.
build_disk() {
	local name=$1 out=$2 t0
	shift 2
	stale "$out" "$TESTINIT" "$SELF" || return 0
	t0=$(_now)
	OUT_TMP=$out.tmp.$$
	atexit "rm -f '$OUT_TMP'"
	rm -f "$OUT_TMP"
	if "$@" >"$WORK/$name.log" 2>&1 && [ -s "$OUT_TMP" ] && truncate -s %4096 "$OUT_TMP" &&
	   mv -f "$OUT_TMP" "$out"; then
		echo "# disk $name: built in $(awk -v a="$t0" -v b="$(_now)" 'BEGIN{printf "%.1f", b-a}') s"
	else
		rm -f "$OUT_TMP"
		not_ok "matrix-disk-$name" "cannot build $out: $(tail -n 5 "$WORK/$name.log" | tr '\n' ' ')"
		return 1
	fi
}

DISK_GPT=$QEMU_BUILD/matrix-ext4-gpt.img
DISK_4K=$QEMU_BUILD/matrix-ext4-gpt4k.img
DISK_MBR=$QEMU_BUILD/matrix-ext4-mbr.img
DISK_XFS=$QEMU_BUILD/matrix-xfs.img
DISK_BTRFS=$QEMU_BUILD/matrix-btrfs.img
DISK_F2FS=$QEMU_BUILD/matrix-f2fs.img
DISK_SQUASH=$QEMU_BUILD/matrix-squashfs.img
DISK_EROFS=$QEMU_BUILD/matrix-erofs.img

# GPT (512-byte sectors), p1 ext4: lib.sh's recipe (PARTUUID $ROOT_PARTUUID,
# PARTLABEL $ROOT_PARTLABEL), own filesystem UUID and label.
make_root_disk "$DISK_GPT" "$EXT_UUID" "$EXT_LABEL" || exit 1

# GPT for 4096-byte sectors by a scripted `fdisk -b 4096` (as t-parttable.sh;
# with a single partition, x/u and x/n ask no partition number): p1 at LBA
# 256 (1 MiB), 64 MiB, ext4 with 4 KiB blocks written there.
mk_gpt4k() {
	local info
	mkfs.ext4 -q -F -b 4096 -U "$K4_FSUUID" -L MATRIX4K -d "$STAGE" "$WORK/4k.ext4" 64M || return 1
	truncate -s 70M "$OUT_TMP" || return 1
	printf '%s\n' g n 1 256 +64M x i "$K4_DISKGUID" u "$K4_PARTUUID" n "$K4_PARTLABEL" r w |
		fdisk -b 4096 "$OUT_TMP" || return 1
	info=$(partx -S 4096 -P -o NR,UUID,NAME,START "$OUT_TMP")
	grep -qix "NR=\"1\" UUID=\"$K4_PARTUUID\" NAME=\"$K4_PARTLABEL\" START=\"2048\"" <<<"$info" || {
		echo "the 4Kn GPT lacks p1 as asked; partx -S 4096 says: $info"; return 1; }
	dd if="$WORK/4k.ext4" of="$OUT_TMP" bs=1M seek=1 conv=notrunc status=none
}
build_disk gpt4k "$DISK_4K" mk_gpt4k

# MBR (sfdisk), p1 ext4 at sector 2048: PARTUUID $MBR_ID-01.
mk_mbr() {
	mkfs.ext4 -q -F -b 4096 -U "$MBR_FSUUID" -L MATRIXMBR -d "$STAGE" "$WORK/mbr.ext4" 64M &&
	truncate -s 70M "$OUT_TMP" &&
	printf '%s\n' 'label: dos' "label-id: 0x$MBR_ID" 'start=2048, size=64MiB, type=83' |
		sfdisk -q "$OUT_TMP" &&
	dd if="$WORK/mbr.ext4" of="$OUT_TMP" bs=1M seek=1 conv=notrunc status=none
}
build_disk mbr "$DISK_MBR" mk_mbr

# xfs from a protofile (mkfs.xfs -p): no mount. 300 MiB is mkfs.xfs's floor.
mk_xfs() {
	cat >"$WORK/xfs.proto" <<-EOF
		/dev/null
		0 0
		d--755 0 0
		sbin d--755 0 0
		init ---755 0 0 $(pwd)/$TESTINIT
		\$
		dev d--755 0 0
		\$
		proc d--755 0 0
		\$
		sys d--755 0 0
		\$
		run d--755 0 0
		\$
		\$
	EOF
	truncate -s 300M "$OUT_TMP" &&
	mkfs.xfs -q -f -m uuid="$XFS_UUID" -L "$XFS_LABEL" -p "$WORK/xfs.proto" "$OUT_TMP"
}
build_disk xfs "$DISK_XFS" mk_xfs

# btrfs: mkfs.btrfs 6.2 has no --subvol, so a loop mount inside a private
# mount namespace (`unshare -m`: nothing shows on the host, and the mount
# dies with the namespace) creates subvolume rootvol and fills it. The top
# level holds only a marker: booting it without the subvolume would fail.
mk_btrfs() {
	mkdir -p "$WORK/btrfs-mnt" &&
	truncate -s 256M "$OUT_TMP" &&
	mkfs.btrfs -q -f -U "$BTRFS_UUID" -L matrixbtrfs "$OUT_TMP" &&
	unshare -m --propagation private sh -euc '
		mount -o loop "$1" "$2"
		trap "umount \"$2\"" EXIT
		btrfs -q subvolume create "$2/$4"
		cp -a "$3/." "$2/$4/"
		echo "top level of the matrix btrfs; the root is subvolume $4" >"$2/TOPLEVEL"
	' _ "$OUT_TMP" "$WORK/btrfs-mnt" "$STAGE" "$BTRFS_SUBVOL"
}
build_disk btrfs "$DISK_BTRFS" mk_btrfs

# f2fs: the host kernel has none; sload.f2fs writes the tree into the image.
mk_f2fs() {
	truncate -s 128M "$OUT_TMP" &&
	mkfs.f2fs -q -f -l "$F2FS_LABEL" -U "$F2FS_UUID" "$OUT_TMP" &&
	sload.f2fs -f "$STAGE" "$OUT_TMP"
}
build_disk f2fs "$DISK_F2FS" mk_f2fs

mk_squashfs() { mksquashfs "$STAGE" "$OUT_TMP" -noappend -all-root -no-progress; }
build_disk squashfs "$DISK_SQUASH" mk_squashfs

mk_erofs() { mkfs.erofs -U "$EROFS_UUID" --all-root -T0 "$OUT_TMP" "$STAGE"; }
build_disk erofs "$DISK_EROFS" mk_erofs

# -- boots ------------------------------------------------------------------

# drive ID FILE: a snapshot=on -drive for a -device to take.
drive() { echo "file=${2//,/,,},format=raw,if=none,id=$1,snapshot=on"; }

# The kernel timestamp of the first log line matching ERE (sed syntax).
ktime() { _log_text "$1" | sed -n "s/^\[ *\([0-9][0-9.]*\)\] $2.*/\1/p" | head -n1; }

# boot NAME DISK "APPEND" ROOTINFO-ERE: boots the matrix image (DISK as
# qemu_boot: a virtio-blk disk, or none; QEMU_EXTRA for the rest) and judges
# what every case needs. Leaves the log in $L.
declare -a CASE_TIMES=()
boot() {
	local name=$1 disk=$2 append=$3 ere=$4
	qemu_boot "matrix-$name" "$TMO" "$IMAGE" "$disk" "$append"
	L=$QEMU_LOG
	expect_log "matrix/$name/reached" "$L" '^REAL-INIT-REACHED uptime=[0-9]' \
		"the real root's /sbin/init did not run ($append)"
	expect_log "matrix/$name/rootinfo" "$L" "$ere" \
		"/ is not as expected: want /$ere/, got '$(log_field "$L" ROOTINFO)'"
	reject_log "matrix/$name/no-panic" "$L" 'Kernel panic' "the kernel panicked"
	check "matrix/$name/exit" "qemu did not exit by itself within $TMO s (rc=$QEMU_RC after $QEMU_SECS s; see $L)" exited_alone
	boot_times "$L" | sed "s/^# /# matrix-$name: /"
	if ! _log_text "$L" | grep -q 'Run /init as init process' && _log_text "$L" | grep -q 'baton: '; then
		echo "# matrix-$name: baton ran, but the kernel never printed 'Run /init': it ran as a usermode helper (/sbin/modprobe -> /init?) before /init"
	fi
	CASE_TIMES+=("$name=$QEMU_SECS")
	if [ "$QEMU_TIMED_OUT" = 1 ]; then TIMEOUTS_IN_A_ROW=$((TIMEOUTS_IN_A_ROW + 1)); else TIMEOUTS_IN_A_ROW=0; fi
}
TIMEOUTS_IN_A_ROW=0

BS4K=logical_block_size=4096,physical_block_size=4096

# Controllers, a root= form each.
case_scsi-label() {
	QEMU_EXTRA=(-device virtio-scsi-pci,id=scsi0 -drive "$(drive d0 "$DISK_GPT")"
		-device scsi-hd,drive=d0,bus=scsi0.0)
	boot scsi-label none "root=LABEL=$EXT_LABEL rw" '^ROOTINFO /dev/sda1 / ext4 rw[, ]'
}
case_nvme-devname() {
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_GPT")" -device nvme,serial=matrix0,drive=d0)
	boot nvme-devname none "root=/dev/nvme0n1p1 ro" '^ROOTINFO /dev/nvme0n1p1 / ext4 ro[, ]'
}
case_ahci-majmin() {
	QEMU_EXTRA=(-device ahci,id=ahci -drive "$(drive d0 "$DISK_GPT")" -device ide-hd,drive=d0,bus=ahci.0)
	boot ahci-majmin none "root=8:1 rw" '^ROOTINFO /dev/sda1 / ext4 rw[, ]'
	expect_log matrix/ahci-majmin/ahci "$L" 'ahci 0000:.*AHCI .* impl SATA mode' \
		"no AHCI controller in the log"
}

# 4Kn: that GPT is readable only with 4096-byte sectors, so p1 proves them.
case_virtio4k() {
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_4K")" -device "virtio-blk-pci,drive=d0,$BS4K")
	boot virtio4k none "root=PARTUUID=$K4_PARTUUID rw" '^ROOTINFO /dev/vda1 / ext4 rw[, ]'
	expect_log matrix/virtio4k/4096 "$L" '\[vda\] [0-9]+ 4096-byte logical blocks' \
		"vda does not have 4096-byte sectors"
}
case_nvme4k() {
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_4K")" -device "nvme,serial=matrix4k,drive=d0,$BS4K")
	boot nvme4k none "root=PARTUUID=${K4_PARTUUID^^} ro" '^ROOTINFO /dev/nvme0n1p1 / ext4 ro[, ]'
}

# Filesystems, whole disks on virtio-blk.
case_xfs() {
	QEMU_EXTRA=()
	boot xfs "$DISK_XFS" "root=/dev/disk/by-label/$XFS_LABEL rw" '^ROOTINFO /dev/vda / xfs rw[, ]'
}
case_btrfs-subvol() {
	QEMU_EXTRA=()
	boot btrfs-subvol "$DISK_BTRFS" "root=UUID=$BTRFS_UUID rootflags=subvol=$BTRFS_SUBVOL rw" \
		"^ROOTINFO /dev/vda / btrfs rw,.*subvol=/$BTRFS_SUBVOL( |,|\$)"
	reject_log matrix/btrfs-subvol/not-top "$L" '^ROOTFILES .*TOPLEVEL' \
		"/ is the top level, not subvolume $BTRFS_SUBVOL"
}
case_f2fs() {
	QEMU_EXTRA=()
	boot f2fs "$DISK_F2FS" "root=LABEL=$F2FS_LABEL rw" '^ROOTINFO /dev/vda / f2fs rw[, ]'
}
# squashfs on a read-only drive, asked for rw: the kernel refuses the
# writable open (EACCES) and baton must retry read-only, as the kernel does.
case_squashfs() {
	QEMU_EXTRA=(-drive "file=${DISK_SQUASH//,/,,},format=raw,if=virtio,readonly=on")
	boot squashfs none "root=/dev/vda rw" '^ROOTINFO /dev/vda / squashfs ro[, ]'
	expect_log matrix/squashfs/ro-retry "$L" 'baton: /dev/vda refuses writes' \
		"baton did not say it retried read-only"
}
case_erofs() {
	QEMU_EXTRA=()
	boot erofs "$DISK_EROFS" "root=/dev/disk/by-uuid/$EROFS_UUID ro" '^ROOTINFO /dev/vda / erofs ro[, ]'
}

# rootfstype= list: xfs (its module is in, the disk is not xfs) fails, then
# ext4 mounts. On the MBR disk, for root=PARTUUID=SSSSSSSS-NN.
case_fallthrough() {
	local xfs_at ext4_at
	QEMU_EXTRA=()
	boot fallthrough "$DISK_MBR" "root=PARTUUID=$MBR_ID-01 rootfstype=xfs,ext4 ro" \
		'^ROOTINFO /dev/vda1 / ext4 ro[, ]'
	xfs_at=$(_log_text "$L" | grep -n -m1 'baton: mount /dev/vda1 as xfs: ' | cut -d: -f1)
	ext4_at=$(_log_text "$L" | grep -n -m1 -E 'baton: mounted /dev/vda1 \([0-9]+:[0-9]+\) as ext4 ' | cut -d: -f1)
	if [ -n "$xfs_at" ] && [ -n "$ext4_at" ] && [ "$xfs_at" -lt "$ext4_at" ]; then
		ok matrix/fallthrough/order
		echo "# matrix-fallthrough: $(_log_text "$L" | sed -n "${xfs_at}p")"
	else
		not_ok matrix/fallthrough/order "no 'baton: mount /dev/vda1 as xfs: ...' before 'baton: mounted /dev/vda1 (M:N) as ext4' (lines '$xfs_at', '$ext4_at')"
		_dump_log "$L"
	fi
}

# A disk attached 5 s after /init started. qemu_boot gets a QMP monitor on a
# FIFO pair (no socat/nc here) and the disk's drive defined but attached to
# nothing; a helper, bounded by `timeout` (its whole process group is killed
# at exit), waits for the kernel's "Run /init" line in the serial log (or
# baton's first line, should the kernel's be missing), sleeps 5 s and sends
# device_add nvme.
hotplug_helper() { # LOG MON DELAY
	local log=$1 mon=$2 delay=$3 i
	for ((i = 0; i < 1200; i++)); do
		grep -Eq 'Run /init as init process|baton: started' "$log" 2>/dev/null && break
		sleep 0.1
	done
	[ "$i" -lt 1200 ] || { echo "no 'Run /init' in $log after 120 s" >"$mon.err"; return 1; }
	sleep "$delay"
	timeout 10 cat "$mon.out" >"$mon.resp" &
	printf '%s\n' '{"execute":"qmp_capabilities"}' \
		'{"execute":"device_add","arguments":{"driver":"nvme","id":"hp0","serial":"hotplug0","drive":"hp0"}}' \
		>"$mon.in"
	wait
}

HP_PID=
atexit '[ -n "$HP_PID" ] && kill -TERM "$HP_PID" 2>/dev/null'
case_hotplug() {
	local mon=$WORK/qmp t_run t_nvme
	mkfifo "$mon.in" "$mon.out" || { not_ok matrix/hotplug "mkfifo $mon.* failed"; return 1; }
	# qemu_boot would remove it too, but the helper must not see a stale one.
	rm -f "$QEMU_LOGDIR/qemu-matrix-hotplug.log"
	timeout 130 bash -c "$(declare -f hotplug_helper); hotplug_helper \"\$@\"" _ \
		"$QEMU_LOGDIR/qemu-matrix-hotplug.log" "$mon" 5 &
	HP_PID=$!
	QEMU_EXTRA=(-chardev "pipe,id=mon0,path=${mon//,/,,}" -mon chardev=mon0,mode=control
		-drive "$(drive hp0 "$DISK_GPT")")
	boot hotplug none "root=UUID=$EXT_UUID rootwait rw" '^ROOTINFO /dev/nvme0n1p1 / ext4 rw[, ]'
	# qemu is gone: the helper has its answers, or is stuck for want of a
	# reader (qemu died before the device_add). A moment, then it ends.
	for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$HP_PID" 2>/dev/null || break; sleep 0.2; done
	kill -TERM "$HP_PID" 2>/dev/null
	wait "$HP_PID" 2>/dev/null
	HP_PID=
	if [ "$(grep -c '"return": {}' "$mon.resp" 2>/dev/null)" -ge 2 ] && ! grep -q '"error"' "$mon.resp"; then
		ok matrix/hotplug/qmp
	else
		not_ok matrix/hotplug/qmp "device_add through QMP failed: $(cat "$mon.err" "$mon.resp" 2>/dev/null | tr '\n' ' ' | grep . || echo 'no answer (qemu gone before the helper wrote?)')"
	fi
	# The disk came >= 4.5 s after /init started (kernel clock), and baton
	# was still waiting for it.
	t_run=$(ktime "$L" 'Run \/init as init process')
	[ -n "$t_run" ] || t_run=$(ktime "$L" 'baton: started')
	t_nvme=$(ktime "$L" 'nvme nvme0: pci function')
	if [ -n "$t_run" ] && [ -n "$t_nvme" ] && awk -v a="$t_run" -v b="$t_nvme" 'BEGIN { exit !(b - a >= 4.5) }'; then
		ok matrix/hotplug/late
		echo "# matrix-hotplug: /init at $t_run s, nvme0 at $t_nvme s (kernel clock)"
	else
		not_ok matrix/hotplug/late "nvme0 did not appear >= 4.5 s after /init started (/init at '$t_run', nvme0 at '$t_nvme')"
		_dump_log "$L"
	fi
}

ALL_CASES="scsi-label nvme-devname ahci-majmin virtio4k nvme4k xfs btrfs-subvol f2fs squashfs erofs fallthrough hotplug"
# MATRIX_CASES="xfs hotplug" runs some of them only. After MAX_TIMEOUTS
# boots in a row that had to be stopped, baton hangs whatever the disk: the
# remaining cases fail unbooted rather than cost TMO seconds each.
MAX_TIMEOUTS=${MATRIX_MAX_TIMEOUTS:-3}
for c in ${MATRIX_CASES:-$ALL_CASES}; do
	if [[ " $ALL_CASES " != *" $c "* ]]; then
		not_ok "matrix/$c" "no such case (cases: $ALL_CASES)"
	elif [ "$TIMEOUTS_IN_A_ROW" -ge "$MAX_TIMEOUTS" ]; then
		not_ok "matrix/$c" "not booted: the last $TIMEOUTS_IN_A_ROW boots all timed out (see their logs); MATRIX_MAX_TIMEOUTS=99 boots every case anyway"
	else
		"case_$c"
	fi
done

echo "# matrix wall times (s): ${CASE_TIMES[*]}"
echo "# matrix total: $(awk -v a="$T_START" -v b="$(_now)" 'BEGIN{printf "%.1f", b-a}') s"
qemu_done
