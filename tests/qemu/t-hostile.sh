#!/usr/bin/env bash
# tests/qemu/t-hostile.sh: disks that must not steer or stall the root
# choice (issue 12), on the Debian kernel with the default image.
#   twins-*         two disks whose ext4 has the same UUID and LABEL, in both
#                   enumeration orders: the root= naming them both is said
#                   with both devices named, no by-uuid/by-label link is made
#                   for the shared values, and with rd.root.unique=1 the boot
#                   is refused
#   many-slow       a disk throttled to 2 I/O per second (qemu
#                   throttling.iops-total) with 60 partitions, then a disk of
#                   250 partitions with the root on partition 200: the root
#                   is found (no 128-device list) and mounted well before the
#                   30 s default wait ends (the slow disk delays it by one
#                   read, not by all of them)
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

IMAGE=${BATON_IMAGE:-build/initramfs.cpio.gz}
TWIN_UUID=b007ab1e-0000-4000-8000-0000000000aa
ROOT200=b007ab1e-0000-4000-8000-0000000000c8
QEMU_APPEND_BASE="console=ttyS0 panic=-1"

need_kernel
need_tools
need_file "$IMAGE" baton-image "make image"
need_file build/testinit hostile-testinit "make tests"

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-hostile.XXXXXX") || exit 2
atexit "rm -rf '$work'"

stage_root() { # DIR
	mkdir -p "$1"/{sbin,dev,proc,sys,run,tmp,etc} && : >"$1/etc/fstab" &&
	install -m 0755 build/testinit "$1/sbin/init"
}

# A GPT disk OUT of SIZE whose partition N (of the -n ARGS) gets an ext4.
ext4_into() { # OUT PARTNO UUID LABEL SIZE-MiB DIR
	local out=$1 n=$2 start
	mkfs.ext4 -q -F -b 4096 -U "$3" -L "$4" -d "$6" "$out.ext4" "${5}M" >"$work/mkfs.log" 2>&1 &&
	start=$(sgdisk -i "$n" "$out" | sed -n 's/^First sector: \([0-9]*\) .*/\1/p') &&
	[ -n "$start" ] &&
	dd if="$out.ext4" of="$out" bs=512 seek="$start" conv=notrunc status=none &&
	rm -f "$out.ext4" && return 0
	not_ok "disk/$(basename "$out")" "cannot put an ext4 into partition $n of $out: $(cat "$work/mkfs.log")"
	return 1
}

gpt() { # OUT SIZE-MiB SGDISK-ARGS...
	local out=$1 size=$2; shift 2
	rm -f "$out" && truncate -s "${size}M" "$out" &&
	sgdisk -o "$@" "$out" >"$work/sgdisk.log" 2>&1 && return 0
	not_ok "disk/$(basename "$out")" "sgdisk failed: $(tail -3 "$work/sgdisk.log")"
	return 1
}

stage_root "$work/root" || { not_ok disk/stage "cannot stage a root"; exit 1; }
# The twins: same filesystem UUID and LABEL, different partitions.
for t in a b; do
	gpt "$work/twin-$t.img" 40 -n 1:2048:+32M || exit 1
	ext4_into "$work/twin-$t.img" 1 "$TWIN_UUID" TWINROOT 32 "$work/root" || exit 1
done
# The slow disk: 60 small partitions, each with nothing on it.
args=()
for i in $(seq 1 60); do args+=(-n "$i:0:+64"); done
gpt "$work/slow.img" 8 -a 8 "${args[@]}" || exit 1
# 250 partitions, the root on number 200.
args=()
for i in $(seq 1 250); do
	if [ "$i" = 200 ]; then args+=(-n "$i:0:+20M"); else args+=(-n "$i:0:+8"); fi
done
gpt "$work/many.img" 40 -S 256 -a 8 "${args[@]}" -u "200:$ROOT200" || exit 1
ext4_into "$work/many.img" 200 b007ab1e-0000-4000-8000-0000000000c9 MANYROOT 20 "$work/root" || exit 1

virtio() { # DISK [EXTRA-DRIVE-OPTIONS]
	QEMU_EXTRA+=(-drive "file=$1,format=raw,snapshot=on,if=virtio${2:+,$2}")
}

# -- twins ---------------------------------------------------------------------------
QEMU_EXTRA=(); virtio "$work/twin-a.img"; virtio "$work/twin-b.img"
qemu_boot hostile-twins-ab 300 "$IMAGE" none "root=UUID=$TWIN_UUID"
L=$QEMU_LOG
expect_line twins-ab/said "$L" "the two devices of root= are not both named" \
	"root UUID=$TWIN_UUID names 2 devices" "/dev/vda1" "/dev/vdb1"
expect_log twins-ab/boots "$L" '^REAL-INIT-REACHED' "a plain build without rd.root.unique=1 did not boot"
reject_log twins-ab/no-uuid-link "$L" "^DEVLINKS .*by-uuid/$TWIN_UUID=" "a by-uuid link was made for a shared UUID"
reject_log twins-ab/no-label-link "$L" '^DEVLINKS .*by-label/TWINROOT=' "a by-label link was made for a shared LABEL"
check twins-ab/exit "$(exit_why)" exited_alone

QEMU_EXTRA=(); virtio "$work/twin-b.img"; virtio "$work/twin-a.img"
qemu_boot hostile-twins-ba 300 "$IMAGE" none "root=LABEL=TWINROOT rd.root.unique=1 rd.emergency=poweroff"
L=$QEMU_LOG
expect_line twins-ba/said "$L" "the two devices of root= are not both named" \
	"root LABEL=TWINROOT names 2 devices" "/dev/vda1" "/dev/vdb1"
expect_line twins-ba/refused "$L" "rd.root.unique=1 did not refuse" "refused: it must name one device" "rd.root.unique=1"
reject_log twins-ba/no-boot "$L" '^REAL-INIT-REACHED' "a root= naming two devices booted under rd.root.unique=1"
check twins-ba/exit "$(exit_why)" exited_alone

# -- many partitions behind a slow disk -------------------------------------------------
QEMU_EXTRA=(); virtio "$work/slow.img" throttling.iops-total=2; virtio "$work/many.img"
qemu_boot hostile-many-slow 400 "$IMAGE" none "root=PARTUUID=$ROOT200"
L=$QEMU_LOG
expect_log many-slow/reached "$L" '^REAL-INIT-REACHED' "the root on partition 200 was not booted"
expect_log many-slow/root "$L" '^ROOTINFO /dev/vdb200 / ' "/ is not vdb200"
t_start=$(_log_text "$L" | sed -n 's/^\[ *\([0-9.]*\)\] baton: started;.*/\1/p' | head -n1)
t_mount=$(_log_text "$L" | sed -n 's/^\[ *\([0-9.]*\)\] baton: mounted .*/\1/p' | head -n1)
echo "# many-slow: started at ${t_start:-?} s, root mounted at ${t_mount:-?} s"
check many-slow/in-time "the root was mounted ${t_start:+$(awk -v a="$t_start" -v b="${t_mount:-999}" 'BEGIN{printf "%.1f", b-a}')} s after baton started (want < 25 s: the slow disk must not hold it)" \
	awk -v a="${t_start:-0}" -v b="${t_mount:-999}" 'BEGIN { exit !(b - a < 25) }'
check many-slow/exit "$(exit_why)" exited_alone

qemu_done
