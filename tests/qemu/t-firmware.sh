#!/usr/bin/env bash
# tests/qemu/t-firmware.sh: firmware roots on the Debian kernel, with an
# image made by `baton-mkinitramfs -p virtio,nvme,firmware -m ext4` (loop,
# dm-verity and overlay are loaded by /init on demand; none is in
# /etc/baton/modules). The real root's init is build/fwinit, which writes,
# reads back and reads the whole root as the kernel command line asks.
# Boots (FW_CASES="a b" runs some):
#   verity-overlay  GPT: p1 squashfs, p2 its hash tree by `veritysetup
#                   format`, with the DPS root/root-verity type GUIDs and the
#                   partition UUIDs derived from the root hash; only
#                   roothash= and rd.overlay=tmpfs on the command line, a
#                   VERITY=required /init: the verity device is the overlay's
#                   lower layer; fwinit writes /written and reads it back; the
#                   lower layer (/run/baton/lower) is unchanged; whole root read
#   verity-flipped  the same disk, one byte of a file's data flipped, with
#                   systemd.verity_root_options=check-at-most-once: the boot
#                   reaches init (the first block verifies) and reading that
#                   file fails with EIO
#   verity-wrong    a wrong roothash= (data and hash named by PARTLABEL=):
#                   stops before any mount, with the policy (poweroff)
#   verity-required the VERITY=required /init, the squashfs booted without
#                   roothash=: refused
#   upper-1/upper-2 GPT: p1 erofs root, p2 ext4 upper layer (rd.overlay=
#                   PARTLABEL=), a writable disk: a file written in boot 1 is
#                   there in boot 2, and not in the lower layer
#   loop-4kvirtio   an ext4 carrier on a 4096-byte-sector virtio disk holding
#                   a GPT image made for 512-byte sectors (root its p2,
#                   rd.loop.part=PARTLABEL=, sector size found from the image)
#   loop-4knvme     the same carrier on a 4Kn NVMe disk, rd.loop.sectorsize=512,
#                   rd.loop.part=2
#   loop-4kimage    a 512-byte-sector carrier holding a GPT image made for
#                   4096-byte sectors, rd.loop.sectorsize=4096, rd.loop.part=PARTUUID=
#   copytoram       that image, sector size found from the image, rd.copytoram:
#                   after the switch the carrier disk is removed over QMP
#                   (device_del) and fwinit reads its whole root
#   copytoram-part  rd.copytoram of the squashfs partition itself (no
#                   rd.loop=), the disk removed after the switch, root read whole
#   copytoram-too-big  a 1 GiB root device with 512 MiB of RAM: refused
#                   before copying, sizes said, policy followed
# Each boot must reach fwinit (or, where refused, say why and power off
# without mounting), with no kernel panic, and qemu must exit by itself.
# Disks are cached in build/qemu/fw-*.img, rebuilt when this script,
# build/fwinit or the tools change; made without mounting (mkfs.ext4 -d,
# mksquashfs, mkfs.erofs, sgdisk, fdisk -b 4096, veritysetup on files).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

SELF=tests/qemu/t-firmware.sh
FWINIT=build/fwinit
TMO=${FW_TIMEOUT:-150}	# per boot; a good one takes 10-20 s on a quiet machine, 50-80 s under heavy load
T_START=$(_now)
need_kernel
need_tools
for t in mksquashfs mkfs.erofs veritysetup sgdisk fdisk partx mkfs.ext4 truncate mkfifo; do
	command -v "$t" >/dev/null 2>&1 || { echo "not ok fw-tools - $t missing: run tools/setup.sh"; exit 1; }
done
need_file "$FWINIT" fw-fwinit "make tests builds build/fwinit"
need_file build/init fw-init "make builds build/init"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-firmware.XXXXXX") || exit 2
atexit "rm -rf '$WORK'"

stale() { # OUT DEP...
	local out=$1 f
	shift
	[ -s "$out" ] || return 0
	for f; do [ "$f" -nt "$out" ] && return 0; done
	return 1
}

# -- the images: the plain /init and a VERITY=required one ---------------------
VINIT=build/musl-verity/init
IMAGE=$QEMU_BUILD/fw.cpio.gz
VIMAGE=$QEMU_BUILD/fw-verity.cpio.gz
MODDIR=$KDIR/root/lib/modules/$KVER
if stale "$VINIT" build/init; then
	make -s VERITY=required "$VINIT" >"$WORK/make.log" 2>&1 ||
		{ echo "not ok fw-verity-init - make VERITY=required $VINIT failed: $(tail -3 "$WORK/make.log" | tr '\n' ' ')"; exit 1; }
fi
mkimg() { # OUT INIT
	stale "$1" "$2" tools/baton-mkinitramfs tools/profiles/firmware "$SELF" || return 0
	tools/baton-mkinitramfs -k "$MODDIR" -p virtio,nvme,firmware -m ext4 -i "$2" -o "$1" \
		>"$WORK/mk.log" 2>&1 ||
		{ echo "not ok fw-image - baton-mkinitramfs failed: $(tail -3 "$WORK/mk.log" | tr '\n' ' ')"; exit 1; }
}
mkimg "$IMAGE" build/init
mkimg "$VIMAGE" "$VINIT"
ok fw-images

# -- root trees ----------------------------------------------------------------
STAGE=$WORK/stage
mkdir -p "$STAGE"/{sbin,dev,proc,sys,run,etc,data} && cp "$FWINIT" "$STAGE/sbin/init" &&
	echo lower-marker >"$STAGE/etc/marker" &&
	head -c 262144 /dev/zero | tr "\\0" a >"$STAGE/data/aaa-filler" &&
	{ for i in $(seq 1 300); do echo "verity-target-line-$i"; done; } >"$STAGE/data/target" ||
	{ echo "not ok fw-stage - cannot stage $STAGE"; exit 1; }

build() { # NAME OUT CMD...: CMD writes "$OUT_TMP" when OUT is stale
	local name=$1 out=$2
	shift 2
	stale "$out" "$FWINIT" "$SELF" || return 0
	OUT_TMP=$out.tmp.$$
	atexit "rm -f '$OUT_TMP'"
	rm -f "$OUT_TMP"
	if "$@" >"$WORK/$name.log" 2>&1 && [ -s "$OUT_TMP" ] && mv -f "$OUT_TMP" "$out"; then
		echo "# disk $name built"
	else
		rm -f "$OUT_TMP"
		echo "not ok fw-disk-$name - cannot build $out: $(tail -n 5 "$WORK/$name.log" | tr '\n' ' ')"
		exit 1
	fi
}

# The verity disk: squashfs (uncompressed data, so the target's bytes can be
# found) and its hash tree; GPT with DPS types and UUIDs from the root hash.
DPS_ROOT=4f68bce3-e8cd-4db1-96e7-fbcaf984b709
DPS_VERITY=2c7357ed-ebd2-46d9-aec1-23d437ec2bf5
DISK_V=$QEMU_BUILD/fw-verity.img
DISK_VBAD=$QEMU_BUILD/fw-verity-flipped.img
uuid_of() { echo "${1:0:8}-${1:8:4}-${1:12:4}-${1:16:4}-${1:20:12}"; }
mk_verity() {
	local root data_uuid hash_uuid
	mksquashfs "$STAGE" "$WORK/sq.img" -noappend -noD -noF -no-fragments -all-root -quiet || return 1
	truncate -s %4096 "$WORK/sq.img"
	veritysetup format "$WORK/sq.img" "$WORK/sq.hash" >"$WORK/vfmt" || return 1
	root=$(sed -n 's/^Root hash:[[:space:]]*//p' "$WORK/vfmt")
	data_uuid=$(uuid_of "${root:0:32}")
	hash_uuid=$(uuid_of "${root: -32}")
	truncate -s 24M "$OUT_TMP"
	sgdisk -n 1:2048:+12M -t 1:$DPS_ROOT -u 1:"$data_uuid" -c 1:fw-data \
		-n 2:0:+4M -t 2:$DPS_VERITY -u 2:"$hash_uuid" -c 2:fw-hash "$OUT_TMP" || return 1
	dd if="$WORK/sq.img" of="$OUT_TMP" bs=512 seek=2048 conv=notrunc status=none || return 1
	dd if="$WORK/sq.hash" of="$OUT_TMP" bs=512 seek=$((2048 + 12 * 2048)) conv=notrunc status=none || return 1
	echo "$root" >"$OUT_TMP.roothash"
}
build verity "$DISK_V" mk_verity
mv -f "$DISK_V.tmp.$$.roothash" "$DISK_V.roothash" 2>/dev/null
ROOTHASH=$(cat "$DISK_V.roothash" 2>/dev/null)
[ ${#ROOTHASH} = 64 ] || { echo "not ok fw-roothash - no root hash recorded beside $DISK_V"; exit 1; }

# One byte of /data/target's data flipped, past the first 4 KiB block.
mk_flipped() {
	local off
	cp "$DISK_V" "$OUT_TMP" || return 1
	off=$(grep -obUa 'verity-target-line-150' "$OUT_TMP" | head -n1 | cut -d: -f1)
	[ -n "$off" ] && [ "$off" -ge $((2048 * 512 + 131072)) ] || { echo "target at '$off'"; return 1; }
	printf 'V' | dd of="$OUT_TMP" bs=1 seek="$off" conv=notrunc status=none
}
build flipped "$DISK_VBAD" mk_flipped

# erofs root and an empty ext4 upper layer.
DISK_E=$QEMU_BUILD/fw-erofs.img
mk_erofs() {
	mkfs.erofs --all-root -T0 "$WORK/e.img" "$STAGE" || return 1
	mkfs.ext4 -q -F -L fwupper "$WORK/u.img" 16M || return 1
	truncate -s 40M "$OUT_TMP"
	sgdisk -n 1:2048:+16M -c 1:fw-erofs -n 2:0:+16M -c 2:fw-upper "$OUT_TMP" || return 1
	dd if="$WORK/e.img" of="$OUT_TMP" bs=512 seek=2048 conv=notrunc status=none &&
		dd if="$WORK/u.img" of="$OUT_TMP" bs=512 seek=$((2048 + 16 * 2048)) conv=notrunc status=none
}
build erofs "$DISK_E" mk_erofs

# Loop images: GPT for 512-byte sectors (p1 junk, p2 ext4 root) and GPT for
# 4096-byte sectors (p1 ext4 root), each on an ext4 carrier: one a whole 4Kn
# disk, one a whole 512-byte-sector disk.
IMG_PARTUUID=b007ab1e-0000-4000-8000-00000000f14b
DISK_C4K=$QEMU_BUILD/fw-carrier4k.img
DISK_C512=$QEMU_BUILD/fw-carrier512.img
mk_carrier4k() {
	mkdir -p "$WORK/c4k/images"
	mkfs.ext4 -q -F -b 4096 -d "$STAGE" "$WORK/r.img" 24M || return 1
	truncate -s 40M "$WORK/c4k/images/disk512.img"
	sgdisk -n 1:2048:+4M -c 1:junk -n 2:0:+24M -c 2:imgroot "$WORK/c4k/images/disk512.img" || return 1
	dd if="$WORK/r.img" of="$WORK/c4k/images/disk512.img" bs=512 seek=$((2048 + 4 * 2048)) conv=notrunc status=none
	mkfs.ext4 -q -F -b 4096 -L fwcarrier4k -d "$WORK/c4k" "$OUT_TMP" 64M
}
build carrier4k "$DISK_C4K" mk_carrier4k
mk_carrier512() {
	local info
	mkdir -p "$WORK/c512/images"
	mkfs.ext4 -q -F -b 4096 -d "$STAGE" "$WORK/r4.img" 24M || return 1
	truncate -s 30M "$WORK/c512/images/disk4k.img"
	printf '%s\n' g n 1 256 +24M x u "$IMG_PARTUUID" r w | fdisk -b 4096 "$WORK/c512/images/disk4k.img" || return 1
	info=$(partx -S 4096 -P -o NR,UUID,START "$WORK/c512/images/disk4k.img")
	grep -qix "NR=\"1\" UUID=\"$IMG_PARTUUID\" START=\"2048\"" <<<"$info" || { echo "4Kn image: $info"; return 1; }
	dd if="$WORK/r4.img" of="$WORK/c512/images/disk4k.img" bs=1M seek=1 conv=notrunc status=none
	mkfs.ext4 -q -F -b 4096 -L fwcarrier512 -d "$WORK/c512" "$OUT_TMP" 64M
}
build carrier512 "$DISK_C512" mk_carrier512
ok fw-disks

# -- boots -----------------------------------------------------------------------
drive() { echo "file=${2//,/,,},format=raw,if=none,id=$1${3:+,$3}"; }
BS4K=logical_block_size=4096,physical_block_size=4096
declare -a CASE_TIMES=()

# boot NAME IMAGE "APPEND" (QEMU_EXTRA set by the caller): leaves the log in $L.
boot() {
	qemu_boot "fw-$1" "$TMO" "$2" none "$3"
	L=$QEMU_LOG
	reject_log "fw/$1/no-panic" "$L" 'Kernel panic' "the kernel panicked"
	check "fw/$1/exit" "$(exit_why)" exited_alone
	CASE_TIMES+=("$1=$QEMU_SECS")
}
reached() { # NAME
	expect_log "fw/$1/reached" "$L" '^FWINIT-DONE' "the real init did not run to its end"
}

case_verity-overlay() {
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_V" snapshot=on)" -device virtio-blk-pci,drive=d0)
	boot verity-overlay "$VIMAGE" "roothash=$ROOTHASH rd.overlay=tmpfs rd.overlay.size=16m fwinit.write=/written:hello-overlay fwinit.cat=/run/baton/lower/written fwinit.cat=/run/baton/lower/etc/marker fwinit.cat=/data/target fwinit.readall"
	reached verity-overlay
	expect_log fw/verity-overlay/verity "$L" 'baton: verity: /dev/mapper/root \(/dev/dm-0\) checks /dev/vda1 against /dev/vda2, sha256' \
		"no verity device over vda1/vda2 (DPS defaults from roothash=)"
	expect_log fw/verity-overlay/rootinfo "$L" '^ROOTINFO overlay / overlay ' "/ is not the overlay"
	expect_log fw/verity-overlay/lower-mounted "$L" '^MOUNTS .* /run/baton/lower( |$)' "/run/baton/lower is not a mount point"
	expect_log fw/verity-overlay/write "$L" '^WRITE /written ok hello-overlay' "writing to / and reading back failed"
	expect_log fw/verity-overlay/lower-unchanged "$L" '^CAT /run/baton/lower/written error No such file' \
		"the written file showed up in the lower layer"
	expect_log fw/verity-overlay/lower-visible "$L" '^CAT /run/baton/lower/etc/marker lower-marker' \
		"the lower layer is not readable at /run/baton/lower"
	expect_log fw/verity-overlay/readall "$L" '^READALL files=[1-9][0-9]* bytes=[0-9]+ errors=0$' \
		"reading the whole verified root failed"
}

case_verity-flipped() {
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_VBAD" snapshot=on)" -device virtio-blk-pci,drive=d0)
	boot verity-flipped "$IMAGE" "roothash=$ROOTHASH systemd.verity_root_options=check-at-most-once fwinit.cat=/etc/marker fwinit.cat=/data/target"
	reached verity-flipped
	expect_log fw/verity-flipped/options "$L" 'baton: verity: .*options 1 check_at_most_once' \
		"the verity options were not applied"
	expect_log fw/verity-flipped/good-file "$L" '^CAT /etc/marker lower-marker' "an untouched file could not be read"
	expect_log fw/verity-flipped/eio "$L" '^CAT /data/target error (Input/output error|I/O error)' \
		"reading the file with a flipped byte did not fail with EIO"
	expect_log fw/verity-flipped/kernel "$L" 'device-mapper: verity: .*data block .* is corrupted' \
		"the kernel did not report the corrupted block"
}

case_verity-wrong() {
	local bad=${ROOTHASH:0:63}
	[ "${ROOTHASH:63}" = 0 ] && bad+=1 || bad+=0
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_V" snapshot=on)" -device virtio-blk-pci,drive=d0)
	QEMU_APPEND_BASE="console=ttyS0 panic=-1 rd.emergency=poweroff" \
		boot verity-wrong "$IMAGE" "roothash=$bad systemd.verity_root_data=PARTLABEL=fw-data systemd.verity_root_hash=PARTLABEL=fw-hash"
	expect_log fw/verity-wrong/said "$L" 'baton: verity: the first block of /dev/vda1 does not verify against roothash=' \
		"the wrong root hash was not named"
	reject_log fw/verity-wrong/no-mount "$L" 'baton: mounted |^FWINIT' "something was mounted or run"
	expect_log fw/verity-wrong/policy "$L" 'baton: .*power(ing)? ?off' "the failure policy (poweroff) was not followed"
}

case_verity-required() {
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_V" snapshot=on)" -device virtio-blk-pci,drive=d0)
	QEMU_APPEND_BASE="console=ttyS0 panic=-1 rd.emergency=poweroff" \
		boot verity-required "$VIMAGE" "root=PARTLABEL=fw-data"
	expect_log fw/verity-required/refused "$L" 'baton: this /init was built with VERITY=required' \
		"the unverified root was not refused"
	reject_log fw/verity-required/no-mount "$L" 'baton: mounted |^FWINIT' "something was mounted or run"
}

DISK_EW=$WORK/erofs-rw.img
case_upper-1() {
	cp "$DISK_E" "$DISK_EW" || { not_ok fw/upper-1 "cannot copy $DISK_E"; return; }
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_EW")" -device virtio-blk-pci,drive=d0)
	boot upper-1 "$IMAGE" "root=PARTLABEL=fw-erofs rd.overlay=PARTLABEL=fw-upper fwinit.write=/persist:from-boot-1"
	reached upper-1
	expect_log fw/upper-1/rootinfo "$L" '^ROOTINFO overlay / overlay .*upperdir=/run/baton/upper/upper' "/ is not the overlay over the upper partition"
	expect_log fw/upper-1/write "$L" '^WRITE /persist ok from-boot-1' "writing /persist failed"
}
case_upper-2() {
	[ -s "$DISK_EW" ] || { not_ok fw/upper-2 "no disk from upper-1"; return; }
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_EW")" -device virtio-blk-pci,drive=d0)
	boot upper-2 "$IMAGE" "root=PARTLABEL=fw-erofs rd.overlay=PARTLABEL=fw-upper fwinit.cat=/persist fwinit.cat=/run/baton/lower/persist fwinit.cat=/run/baton/upper/upper/persist"
	reached upper-2
	expect_log fw/upper-2/persisted "$L" '^CAT /persist from-boot-1' "the file written in boot 1 is not there"
	expect_log fw/upper-2/in-upper "$L" '^CAT /run/baton/upper/upper/persist from-boot-1' "it is not in the upper layer"
	expect_log fw/upper-2/not-lower "$L" '^CAT /run/baton/lower/persist error No such file' "it is in the lower layer"
}

loop_checks() { # NAME LOOPROOT SECTORS
	reached "$1"
	expect_log "fw/$1/carrier" "$L" 'baton: carrier /dev/[a-z0-9]+ \(ext4\) mounted on /run/baton/carrier' "the carrier was not mounted"
	expect_log "fw/$1/sectors" "$L" "baton: .* attached as /dev/loop0 \($3-byte sectors, read-only\)" "not attached with $3-byte sectors"
	expect_log "fw/$1/rootinfo" "$L" "^ROOTINFO /dev/$2 / ext4 ro" "/ is not /dev/$2"
	expect_log "fw/$1/carrier-kept" "$L" '^MOUNTS .* /run/baton/carrier( |$)' "the carrier is not mounted under /run/baton/carrier"
	expect_log "fw/$1/readall" "$L" '^READALL files=[1-9][0-9]* bytes=[0-9]+ errors=0$' "reading the whole root failed"
}
case_loop-4kvirtio() {
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_C4K" snapshot=on)" -device "virtio-blk-pci,drive=d0,$BS4K")
	boot loop-4kvirtio "$IMAGE" "root=LABEL=fwcarrier4k rd.loop=/images/disk512.img rd.loop.part=PARTLABEL=imgroot fwinit.readall"
	loop_checks loop-4kvirtio loop0p2 512
	expect_log fw/loop-4kvirtio/4kn "$L" '\[vda\] [0-9]+ 4096-byte logical blocks' "vda does not have 4096-byte sectors"
}
case_loop-4knvme() {
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_C4K" snapshot=on)" -device "nvme,serial=fw0,drive=d0,$BS4K")
	boot loop-4knvme "$IMAGE" "root=LABEL=fwcarrier4k rd.loop=/images/disk512.img rd.loop.sectorsize=512 rd.loop.part=2 fwinit.readall"
	loop_checks loop-4knvme loop0p2 512
}
case_loop-4kimage() {
	QEMU_EXTRA=(-drive "$(drive d0 "$DISK_C512" snapshot=on)" -device virtio-blk-pci,drive=d0)
	boot loop-4kimage "$IMAGE" "root=LABEL=fwcarrier512 rd.loop=/images/disk4k.img rd.loop.sectorsize=4096 rd.loop.part=PARTUUID=$IMG_PARTUUID fwinit.readall"
	loop_checks loop-4kimage loop0p1 4096
}

# The carrier disk is removed once fwinit says it waits for that: a helper
# (bounded by timeout) watches the serial log and sends device_add's
# opposite over a QMP FIFO pair.
unplug_helper() { # LOG MON
	local log=$1 mon=$2 i
	for ((i = 0; i < 1800; i++)); do
		grep -q '^WAITING-FOR-REMOVAL' "$log" 2>/dev/null && break
		sleep 0.1
	done
	[ "$i" -lt 1800 ] || { echo "fwinit never waited for the removal" >"$mon.err"; return 1; }
	timeout 10 cat "$mon.out" >"$mon.resp" &
	printf '%s\n' '{"execute":"qmp_capabilities"}' '{"execute":"device_del","arguments":{"id":"carrier"}}' >"$mon.in"
	wait
}
UP_PID=
atexit '[ -n "$UP_PID" ] && kill -TERM "$UP_PID" 2>/dev/null'
# unplug_boot NAME DISK "APPEND": boots with DISK as virtio-blk device
# "carrier", removed over QMP once fwinit waits for that.
unplug_boot() {
	local mon=$WORK/qmp
	rm -f "$mon.in" "$mon.out" "$mon.resp" "$mon.err"
	mkfifo "$mon.in" "$mon.out" || { not_ok "fw/$1" "mkfifo failed"; return 1; }
	rm -f "$QEMU_LOGDIR/qemu-fw-$1.log"
	timeout $((TMO + 10)) bash -c "$(declare -f unplug_helper); unplug_helper \"\$@\"" _ \
		"$QEMU_LOGDIR/qemu-fw-$1.log" "$mon" &
	UP_PID=$!
	QEMU_EXTRA=(-chardev "pipe,id=mon0,path=${mon//,/,,}" -mon chardev=mon0,mode=control
		-drive "$(drive d0 "$2" snapshot=on)" -device virtio-blk-pci,drive=d0,id=carrier)
	boot "$1" "$IMAGE" "$3"
	for _ in 1 2 3 4 5; do kill -0 "$UP_PID" 2>/dev/null || break; sleep 0.2; done
	kill -TERM "$UP_PID" 2>/dev/null
	wait "$UP_PID" 2>/dev/null
	UP_PID=
	expect_log "fw/$1/gone" "$L" '^GONE vda' "the disk was not removed (QMP: $(cat "$WORK/qmp.err" "$WORK/qmp.resp" 2>/dev/null | tr '\n' ' '))"
	expect_log "fw/$1/readall" "$L" '^READALL files=[1-9][0-9]* bytes=[0-9]+ errors=0$' "the root is not whole after the disk went"
}
case_copytoram() {
	local ms
	unplug_boot copytoram "$DISK_C512" "root=LABEL=fwcarrier512 rd.loop=/images/disk4k.img rd.loop.part=1 rd.copytoram fwinit.waitgone=vda fwinit.readall fwinit.cat=/etc/marker" || return
	reached copytoram
	expect_log fw/copytoram/copied "$L" 'baton: rd.copytoram: [0-9]+ MiB copied' "the image was not copied to RAM"
	# A copy that took over 1.5 s must have said how far it was.
	ms=$(_log_text "$L" | sed -n 's/.*baton: rd.copytoram: [0-9]* MiB copied in \([0-9]*\) ms.*/\1/p' | head -n1)
	if [ "${ms:-0}" -gt 1500 ]; then
		expect_log fw/copytoram/progress "$L" 'baton: rd.copytoram: [0-9]+ of [0-9]+ MiB \([0-9]+ %\)' \
			"a copy of $ms ms printed no progress"
	else
		ok fw/copytoram/progress
		echo "# copytoram: the copy took ${ms:-?} ms, too short for progress lines"
	fi
	expect_log fw/copytoram/auto-4096 "$L" 'baton: /run/baton/ram/disk4k.img attached as /dev/loop0 \(4096-byte sectors' \
		"the 4096-byte sectors were not found from the image"
	expect_log fw/copytoram/marker "$L" '^CAT /etc/marker lower-marker' "a file of the root could not be read"
}

# rd.copytoram without rd.loop=: the squashfs partition itself is copied,
# the disk removed after the switch, the root read whole.
case_copytoram-part() {
	unplug_boot copytoram-part "$DISK_V" "root=PARTLABEL=fw-data rd.copytoram fwinit.waitgone=vda fwinit.readall" || return
	reached copytoram-part
	expect_log fw/copytoram-part/copied "$L" 'baton: root /dev/vda1 now in RAM as /dev/loop0' "the partition was not copied to RAM"
	expect_log fw/copytoram-part/rootinfo "$L" '^ROOTINFO /dev/loop0 / squashfs ro' "/ is not the copy"
}

# A whole-disk squashfs root on a 1 GiB disk (sparse), 512 MiB of RAM: the
# copy is refused before a byte is read, with the sizes, and the policy
# follows.
case_copytoram-too-big() {
	local big=$WORK/big.img
	cp "$WORK/sq.img" "$big" 2>/dev/null || mksquashfs "$STAGE" "$big" -noappend -all-root -quiet >/dev/null ||
		{ not_ok fw/copytoram-too-big "mksquashfs failed"; return; }
	truncate -s 1G "$big"
	QEMU_EXTRA=(-drive "$(drive d0 "$big" snapshot=on)" -device virtio-blk-pci,drive=d0)
	QEMU_APPEND_BASE="console=ttyS0 panic=-1 rd.emergency=poweroff" \
		boot copytoram-too-big "$IMAGE" "root=/dev/vda rd.copytoram"
	expect_log fw/copytoram-too-big/refused "$L" 'baton: rd.copytoram: /dev/vda is 1024 MiB, but only [0-9]+ MiB of RAM is available .*nothing copied' \
		"the copy was not refused with the sizes"
	reject_log fw/copytoram-too-big/no-copy "$L" 'baton: rd.copytoram: copying|^FWINIT' "it copied or booted anyway"
}

ALL_CASES="verity-overlay verity-flipped verity-wrong verity-required upper-1 upper-2 loop-4kvirtio loop-4knvme loop-4kimage copytoram copytoram-part copytoram-too-big"
for c in ${FW_CASES:-$ALL_CASES}; do
	if [[ " $ALL_CASES " != *" $c "* ]]; then
		not_ok "fw/$c" "no such case (cases: $ALL_CASES)"
	else
		QEMU_EXTRA=()
		"case_$c"
	fi
done
echo "# firmware wall times (s): ${CASE_TIMES[*]}"
echo "# firmware total: $(awk -v a="$T_START" -v b="$(_now)" 'BEGIN{printf "%.1f", b-a}') s"
qemu_done
