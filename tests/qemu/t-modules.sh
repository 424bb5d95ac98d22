#!/usr/bin/env bash
# tests/qemu/t-modules.sh: kernel modules on the stock Debian kernel, with
# images from tools/baton-mkinitramfs and no hand-written module list.
#   mkinitramfs/*     the default profile built for the test kernel: index
#                     files in, no /etc/baton/modules, modules decompressed;
#                     each compression the config allows; one it does not
#                     is refused; firmware named by a module goes in;
#                     host-only builds
#   mod-virtio-blk    root on virtio-blk; virtio-blk.queue_depth=77 (a dash
#                     on purpose) reaches /sys/module/virtio_blk/parameters
#   mod-virtio-scsi   root on virtio-scsi (sd_mod loads for the disk found
#                     behind the controller: hotplug by MODALIAS)
#   mod-nvme          root on NVMe
#   mod-ahci          root on an AHCI disk
#   mod-blacklist     modprobe.blacklist=virtio-scsi with a virtio-scsi
#                     controller present and module_blacklist=ata_piix with
#                     the PIIX IDE of the pc machine: both matched, both
#                     left unloaded; rd.modules=overlay loads overlay
#   mod-xz            an image made from .ko.xz copies of the modules boots
#   mod-many-cpus     -smp 9: the CPUs' one modalias is matched once, after
#                     the disk's drivers
#   mod-comp-*        images compressed with xz, zstd and lz4 boot
# MODULES_TIMEOUT=S bounds each boot (default 120).
# The real root's init is build/modinit: it prints the loaded modules and
# the files named after "--" on the command line.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

ROOT_UUID=b007ab1e-0000-4000-8000-000000000002
ROOT_LABEL=BATONMOD
MKI=tools/baton-mkinitramfs
INIT=${BATON_INIT:-build/init}
MODDIR=$KDIR/root/lib/modules/$KVER
IMG=$QEMU_BUILD/modules-default.cpio.gz
DISK=$QEMU_BUILD/root-modinit.img
PARAM=/sys/module/virtio_blk/parameters/queue_depth

need_kernel
need_tools
need_cmd cpio cpio
need_cmd xz xz-utils
need_cmd zstd zstd
need_cmd lz4 lz4
need_cmd depmod kmod
need_file "$INIT" modules-init "make builds build/init"
need_file build/baton-pack modules-pack "make tools builds build/baton-pack"
need_file build/modinit modules-modinit "make tests builds build/modinit"

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-modules.XXXXXX") || exit 2
atexit "rm -rf '$work'"

# The names in an image, one a line (any compression the kernel takes).
image_list() { # IMAGE
	local cat=cat
	case $(head -c 6 "$1" | od -An -tx1 | tr -d ' \n') in
	1f8b*) cat="gzip -dc" ;;
	fd377a585a00) cat="xz -dc" ;;
	28b52ffd*) cat="zstd -dc" ;;
	02214c18*) cat="lz4 -dc" ;;
	esac
	$cat <"$1" | cpio -it --quiet 2>/dev/null
}

# -- the generator ------------------------------------------------------------------
if "$MKI" -k "$MODDIR" -i "$INIT" -o "$IMG" >"$work/mki.out" 2>&1; then
	ok mkinitramfs/default
	sed 's/^/# /' "$work/mki.out"
else
	not_ok mkinitramfs/default "baton-mkinitramfs failed: $(tr '\n' ' ' <"$work/mki.out")"
	exit 1
fi
image_list "$IMG" >"$work/list"
check mkinitramfs/index "the image lacks /etc/baton/modules.{dep,alias,softdep,builtin}" \
	bash -c "for f in dep alias softdep builtin; do grep -qx etc/baton/modules.\$f '$work/list' || exit 1; done"
check mkinitramfs/no-module-list "the default profile must not hand-list modules (/etc/baton/modules)" \
	bash -c "! grep -qx etc/baton/modules '$work/list'"
check mkinitramfs/drivers "virtio_blk, virtio_scsi, sd_mod, nvme, ahci or ext4 missing from the default profile" \
	bash -c "for m in virtio_blk virtio_scsi sd_mod nvme ahci ext4; do grep -qx lib/modules/\$m.ko '$work/list' || exit 1; done"
check mkinitramfs/modprobe-link "/sbin/modprobe missing" grep -qx sbin/modprobe "$work/list"

# The same set from .ko.xz copies of the modules, indexed by depmod: stored
# decompressed (the config has no CONFIG_MODULE_DECOMPRESS), byte for byte.
XZROOT=$work/kxz
XZIMG=$QEMU_BUILD/modules-xz.cpio.gz
mkdir -p "$XZROOT/lib/modules/$KVER" "$XZROOT/boot"
cp "$KDIR/root/boot/config-$KVER" "$XZROOT/boot/"
cp "$MODDIR"/modules.order "$MODDIR"/modules.builtin "$MODDIR"/modules.builtin.modinfo \
	"$XZROOT/lib/modules/$KVER/" 2>/dev/null
"$MKI" -k "$MODDIR" --spec-only "$work/plain" -v 2>&1 >/dev/null |
	sed -n 's/^baton-mkinitramfs: module [^ ]* (\(.*\))$/\1/p' >"$work/srcs"
while read -r src; do
	mkdir -p "$XZROOT/lib/modules/$KVER/$(dirname "$src")"
	xz --check=crc32 -c "$MODDIR/$src" >"$XZROOT/lib/modules/$KVER/$src.xz"
done <"$work/srcs"
if [ -s "$work/srcs" ] && depmod -b "$XZROOT" "$KVER" 2>"$work/depmod.err" &&
   grep -q '\.ko\.xz:' "$XZROOT/lib/modules/$KVER/modules.dep" &&
   "$MKI" -k "$XZROOT/lib/modules/$KVER" -i "$INIT" -o "$XZIMG" >"$work/mki.out" 2>&1; then
	ok mkinitramfs/xz-tree
else
	not_ok mkinitramfs/xz-tree "no image from the .ko.xz tree: $(cat "$work/depmod.err" "$work/mki.out" 2>/dev/null | tr '\n' ' ')"
fi
image_list "$XZIMG" >"$work/xzlist" 2>/dev/null
check mkinitramfs/xz-decompressed "the xz image holds compressed modules, or none" \
	bash -c "grep -q '^lib/modules/.*\.ko\$' '$work/xzlist' && ! grep -q '\.ko\.xz\$' '$work/xzlist'"
mkdir -p "$work/xzstage"
"$MKI" -k "$XZROOT/lib/modules/$KVER" --spec-only "$work/xzstage" >/dev/null 2>&1
check mkinitramfs/xz-same-bytes "a module decompressed at pack time differs from the original" \
	cmp -s "$work/plain/ko/virtio_blk.ko" "$work/xzstage/ko/virtio_blk.ko"

# Whole-image compression: each method the config allows, with its magic.
SMALL=(-p virtio -m ext4)
declare -A MAGIC=([none]=303730373031 [gzip]=1f8b [xz]=fd377a585a00 [zstd]=28b52ffd [lz4]=02214c18)
for z in none xz zstd lz4; do
	out=$QEMU_BUILD/modules-$z.img
	if "$MKI" -k "$MODDIR" -i "$INIT" "${SMALL[@]}" -z "$z" -o "$out" >"$work/mki.out" 2>&1 &&
	   [ "$(head -c 6 "$out" | od -An -tx1 | tr -d ' \n' | cut -c1-${#MAGIC[$z]})" = "${MAGIC[$z]}" ]; then
		ok "mkinitramfs/compress-$z"
	else
		not_ok "mkinitramfs/compress-$z" "no $z image with its magic: $(tr '\n' ' ' <"$work/mki.out")"
	fi
done
grep -v '^CONFIG_RD_ZSTD=' "$KDIR/root/boot/config-$KVER" >"$work/config-nozstd"
if "$MKI" -k "$MODDIR" -c "$work/config-nozstd" -i "$INIT" "${SMALL[@]}" -z zstd \
	-o "$work/refused.img" >"$work/mki.out" 2>&1; then
	not_ok mkinitramfs/compress-refused "zstd accepted for a kernel without CONFIG_RD_ZSTD"
elif grep -q 'CONFIG_RD_ZSTD' "$work/mki.out" && [ ! -e "$work/refused.img" ]; then
	ok mkinitramfs/compress-refused
else
	not_ok mkinitramfs/compress-refused "refused without naming CONFIG_RD_ZSTD: $(tr '\n' ' ' <"$work/mki.out")"
fi

# Firmware a module names (modinfo -F firmware) goes in when the tree has
# it: r8169 names rtl_nic/*.fw; a tree holding one of them.
mkdir -p "$work/fw/rtl_nic"
echo "not really firmware" >"$work/fw/rtl_nic/rtl8168h-2.fw"
if "$MKI" -k "$MODDIR" -m r8169 -f "$work/fw" --spec-only "$work/fwstage" >"$work/fw.spec" 2>"$work/mki.out" &&
   grep -q '^dir /lib/firmware/rtl_nic ' "$work/fw.spec" &&
   grep -q '^file /lib/firmware/rtl_nic/rtl8168h-2.fw ' "$work/fw.spec" &&
   grep -q '1 firmware files ([0-9]* named but not in' "$work/mki.out"; then
	ok mkinitramfs/firmware
else
	not_ok mkinitramfs/firmware "rtl_nic/rtl8168h-2.fw not packed for r8169: $(tr '\n' ' ' <"$work/mki.out")"
fi

# Host-only: the drivers behind this machine's root, as the test kernel has
# them. What it finds depends on the host; it must build and say what.
if "$MKI" -k "$MODDIR" -H --spec-only "$work/host" -v >"$work/host.spec" 2>"$work/mki.out"; then
	ok mkinitramfs/host-only
	echo "# host-only selects: $(sed -n 's/^baton-mkinitramfs: module \([^ ]*\) .*/\1/p' "$work/mki.out" | tr '\n' ' ')"
else
	not_ok mkinitramfs/host-only "baton-mkinitramfs -H failed: $(tr '\n' ' ' <"$work/mki.out")"
fi

# -- boots ------------------------------------------------------------------------
TESTINIT=build/modinit
make_root_disk "$DISK" "$ROOT_UUID" "$ROOT_LABEL" || exit 1
DRIVE=(-drive "file=${DISK//,/,,},format=raw,snapshot=on,if=none,id=d0")

modules_line() { _log_text "$1" | sed -n 's/^MODULES //p' | head -n1; }
has_module() { [[ " $(modules_line "$1") " == *" $2 "* ]]; }

# boot NAME IMAGE DISK ROOTDEV "APPEND" [MODULE...]: the root reached on
# ROOTDEV with each MODULE loaded.
boot() {
	local name=$1 image=$2 disk=$3 dev=$4 append=$5 m why=
	shift 5
	qemu_boot "$name" "${MODULES_TIMEOUT:-120}" "$image" "$disk" "root=UUID=$ROOT_UUID ro $append"
	expect_log "$name/reached" "$QEMU_LOG" '^REAL-INIT-REACHED uptime=[0-9]' \
		"the real init was not reached" || return 1
	expect_log "$name/root" "$QEMU_LOG" "^ROOTINFO $dev / ext4 ro[, ]" "/ is not $dev (ext4, ro)"
	for m in "$@"; do has_module "$QEMU_LOG" "$m" || why+="$m "; done
	check "$name/modules" "not loaded: $why(MODULES $(modules_line "$QEMU_LOG"))" test -z "$why"
	reject_log "$name/no-warning" "$QEMU_LOG" 'baton: .*(not loaded|cannot)' "baton warned"
	reject_log "$name/no-panic" "$QEMU_LOG" 'Kernel panic' "the kernel panicked"
	check "$name/exit" "qemu did not exit by itself (rc=$QEMU_RC)" exited_alone
	boot_times "$QEMU_LOG"
	echo "# $name: $(_log_text "$QEMU_LOG" | grep -o 'baton: modules: .*' | head -n1)"
}

QEMU_EXTRA=()
boot mod-virtio-blk "$IMG" "$DISK" /dev/vda1 "virtio-blk.queue_depth=77 -- $PARAM" \
	virtio_pci virtio_blk ext4 ata_piix
expect_log mod-virtio-blk/param "$QEMU_LOG" "^FILE $PARAM 77\$" \
	"virtio-blk.queue_depth=77 did not reach $PARAM"

QEMU_EXTRA=(-device virtio-scsi-pci,id=scsi0 "${DRIVE[@]}" -device scsi-hd,drive=d0,bus=scsi0.0)
boot mod-virtio-scsi "$IMG" none /dev/sda1 "" virtio_scsi sd_mod ext4

QEMU_EXTRA=("${DRIVE[@]}" -device nvme,serial=baton0,drive=d0)
boot mod-nvme "$IMG" none /dev/nvme0n1p1 "" nvme ext4

QEMU_EXTRA=(-device ahci,id=ahci "${DRIVE[@]}" -device ide-hd,drive=d0,bus=ahci.0)
boot mod-ahci "$IMG" none /dev/sda1 "" ahci sd_mod ext4

QEMU_EXTRA=(-device virtio-scsi-pci,id=scsi0)
boot mod-blacklist "$IMG" "$DISK" /dev/vda1 \
	"modprobe.blacklist=virtio-scsi module_blacklist=ata_piix rd.modules=overlay" virtio_blk overlay
for m in virtio_scsi ata_piix; do
	if has_module "$QEMU_LOG" "$m"; then
		not_ok "mod-blacklist/$m-unloaded" "$m was loaded although blacklisted"
	else
		ok "mod-blacklist/$m-unloaded"
	fi
	# Its device was seen and the blacklist decided (not merely a loader
	# stopped before it got there).
	expect_log "mod-blacklist/$m-decided" "$QEMU_LOG" "baton: module $m \\(for [^)]*\\) is blacklisted" \
		"baton never said $m was left out for the blacklist"
done

QEMU_EXTRA=()
boot mod-xz "$XZIMG" "$DISK" /dev/vda1 "" virtio_blk ext4

# More CPUs than the loader keeps aside (8): every cpu: modalias met is kept
# once and matched after the other devices, so no CPU module goes in before
# the disk's drivers. (On x86 the walk meets one, /sys/devices/system/cpu/
# modalias, however many CPUs: the per-CPU ones are only in uevents.)
QEMU_SMP=9
boot mod-many-cpus "$IMG" "$DISK" /dev/vda1 "ignore_loglevel" virtio_blk ext4
QEMU_SMP=1
expect_log mod-many-cpus/cpu-once "$QEMU_LOG" 'baton: coldplug: .*CPU modaliases: [1-9][0-9]*, distinct 1$' \
	"the CPUs' modaliases were not kept as one"
first=$(_log_text "$QEMU_LOG" | sed -n '/Run \/init as init process/,$p' |
	sed -n 's/.*baton: module \(virtio_pci\|crc32_pclmul\|crc32c_intel\|crct10dif_pclmul\|sha256_ssse3\) loaded.*/\1/p' | head -n1)
check mod-many-cpus/disk-first "a CPU module ($first) went in before virtio_pci" test "$first" = virtio_pci

for z in xz zstd lz4; do
	boot "mod-comp-$z" "$QEMU_BUILD/modules-$z.img" "$DISK" /dev/vda1 "" virtio_blk ext4
done

qemu_done
