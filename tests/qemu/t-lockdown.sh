#!/usr/bin/env bash
# tests/qemu/t-lockdown.sh: what someone who can edit the command line or
# plug in a disk can no longer do (issue 12), on the Debian kernel.
#   image/*         the LOCKDOWN image carries no shell; baton-mkinitramfs
#                   refuses to pack /bin/sh beside a LOCKDOWN /init
#   pinned          a LOCKDOWN=1 ROOT=PARTUUID=... /init (images without
#                   busybox) with the real root on NVMe and a stick (virtio)
#                   labelled EVIL holding only /bin/sh; the command line asks
#                   for the stick (root=LABEL=EVIL init=/bin/sh), hides the
#                   real disk's driver (modprobe.blacklist=nvme) and sets
#                   LD_PRELOAD=: the real root boots /sbin/init with argv
#                   {/sbin/init} and HOME=/ TERM=linux only, every word said
#   twin            the real root on NVMe and a stick with its PARTUUID, with
#                   modprobe.blacklist=nvme (ignored): both are seen, and the
#                   boot is refused naming both
#   no-sh           the pinned root holds only /bin/sh: no init, no shell
#                   fallback; the failure report escapes the GPT name
#                   "a<LF>baton: FORGED<ESC>[2J" (no forged line, no ESC)
#   shell-word      systemd.unit=emergency.target stops a LOCKDOWN boot
#   plain           the plain /init: LD_PRELOAD= naming a library owned by
#                   an unprivileged user never reaches the dynamic real
#                   init; booted as rdinit=/sbin/modprobe (PID 1 with the
#                   modprobe name acts as /init); modules the kernel asks
#                   /sbin/modprobe for before /init mounted /proc obey
#                   modprobe.blacklist= (the image maps the early requests
#                   crypto-hmac(sha256) to overlay, blacklisted, and
#                   crypto-hmac(sha1) to loop, which must load)
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

PINNED_INIT=build/musl-reboot-lockdown-pinned/init
MKI=tools/baton-mkinitramfs
MODDIR=$KDIR/root/lib/modules/$KVER
LOCK_IMG=$QEMU_BUILD/lockdown-pinned.cpio.gz
PLAIN_IMG=$QEMU_BUILD/lockdown-plain.cpio.gz
QEMU_APPEND_BASE="console=ttyS0 panic=-1"

need_kernel
need_tools
need_cmd cpio cpio
need_cmd sfdisk fdisk
need_file "$PINNED_INIT" lockdown-init \
	"make LOCKDOWN=1 ROOT=PARTUUID=$ROOT_PARTUUID $PINNED_INIT (make check does)"
need_file build/init lockdown-plain-init "make"
need_file build/testinit lockdown-testinit "make tests"
need_file build/dyninit lockdown-dyninit "make tests"
need_file build/preload.so lockdown-preload "make tests"
need_file build/baton-pack lockdown-pack "make tools"

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-lockdown.XXXXXX") || exit 2
atexit "rm -rf '$work'"

# stage_disk OUT PARTUUID PARTNAME FSLABEL DIR: a 40 MiB GPT disk whose
# partition 1 holds an ext4 made from DIR (ownership kept). The name is
# written by sfdisk: sgdisk -c would cut it at a colon.
stage_disk() {
	local out=$1 puuid=$2 pname=$3 label=$4 dir=$5 tmp=$1.tmp
	rm -f "$tmp" "$tmp.ext4"
	mkfs.ext4 -q -F -b 4096 -L "$label" -d "$dir" "$tmp.ext4" 32M >"$work/mkfs.log" 2>&1 &&
	truncate -s 40M "$tmp" &&
	sgdisk -o -n 1:2048:+32M -t 1:8304 -u "1:$puuid" "$tmp" >"$work/sgdisk.log" 2>&1 &&
	sfdisk --part-label "$tmp" 1 "$pname" >"$work/sfdisk.log" 2>&1 &&
	dd if="$tmp.ext4" of="$tmp" bs=1M seek=1 conv=notrunc status=none &&
	rm -f "$tmp.ext4" && mv -f "$tmp" "$out" && return 0
	not_ok "disk/$(basename "$out")" "cannot build $out: $(cat "$work"/*.log | tr '\n' ' ')"
	return 1
}

# A root tree with the basics and INIT as /sbin/init (none if "-").
stage_root() { # DIR INIT
	mkdir -p "$1"/{sbin,bin,dev,proc,sys,run,tmp,etc} && : >"$1/etc/fstab" &&
	{ [ "$2" = - ] || install -m 0755 "$2" "$1/sbin/init"; }
}

# -- the disks ----------------------------------------------------------------------
# The real root: the pinned PARTUUID, /sbin/init = testinit.
stage_root "$work/real" build/testinit || exit 1
stage_disk "$work/real.img" "$ROOT_PARTUUID" baton-root REALROOT "$work/real" || exit 1
# The stick: only /bin/sh (testinit again: it would say ARGV /bin/sh).
mkdir -p "$work/stick/bin" && install -m 0755 build/testinit "$work/stick/bin/sh"
stage_disk "$work/stick.img" b007ab1e-0000-4000-8000-00000000e711 evil EVIL "$work/stick" || exit 1
# A clone of the real root on a stick: the same PARTUUID, its own init.
stage_disk "$work/clone.img" "$ROOT_PARTUUID" baton-root REALROOT "$work/real" || exit 1
# The pinned PARTUUID again, holding only /bin/sh, its GPT name forged.
mkdir -p "$work/shonly/bin" && install -m 0755 build/testinit "$work/shonly/bin/sh"
stage_disk "$work/shonly.img" "$ROOT_PARTUUID" "$(printf 'a\nbaton: FORGED\033[2J')" SHONLY "$work/shonly" || exit 1
# A dynamic real init with glibc, and a user's library in /home/u.
stage_root "$work/dyn" build/dyninit || exit 1
mkdir -p "$work/dyn/lib64" "$work/dyn/lib/x86_64-linux-gnu" "$work/dyn/home/u"
cp -L /lib64/ld-linux-x86-64.so.2 "$work/dyn/lib64/" &&
cp -L /lib/x86_64-linux-gnu/libc.so.6 "$work/dyn/lib/x86_64-linux-gnu/" &&
install -m 0755 build/preload.so "$work/dyn/home/u/x.so" &&
chown -R 1000:1000 "$work/dyn/home/u" || { not_ok disk/dyn "cannot stage the dynamic root"; exit 1; }
stage_disk "$work/dyn.img" "$ROOT_PARTUUID" baton-root DYNROOT "$work/dyn" || exit 1

# -- the images -----------------------------------------------------------------------
if ! "$MKI" -k "$MODDIR" -i "$PINNED_INIT" -o "$LOCK_IMG" >"$work/mki.log" 2>&1; then
	not_ok image/lockdown "baton-mkinitramfs -i $PINNED_INIT failed: $(tail -3 "$work/mki.log")"; exit 1
fi
# baton-check lists it (whatever the compression) and finds no program
# beside the LOCKDOWN /init; the listing must show /init, so that an
# unreadable image cannot pass.
build/baton-check -l "$LOCK_IMG" >"$work/lock.list" 2>"$work/lock.check"
check image/lockdown-no-shell "the LOCKDOWN test image carries a shell, busybox or another program: $(cat "$work/lock.check")" \
	bash -c "grep -q ' init\$' '$work/lock.list' && ! grep -Eq '(^|/)(sh|busybox)\$' '$work/lock.list' &&
		 ! grep -q 'is a program beside' '$work/lock.check'"
# A LOCKDOWN /init beside a shell: baton-mkinitramfs refuses to pack it.
printf 'dir /bin 0755 0 0\nfile /bin/sh %s 0755 0 0\n' "$(pwd)/build/testinit" >"$work/sh.spec"
if "$MKI" -k "$MODDIR" -p virtio -i "$PINNED_INIT" -s "$work/sh.spec" -o "$work/refused.cpio.gz" >"$work/mki.log" 2>&1; then
	not_ok image/lockdown-refuses-shell "baton-mkinitramfs packed /bin/sh beside a LOCKDOWN /init"
else
	expect_line image/lockdown-refuses-shell "$work/mki.log" "the refusal does not name /bin/sh" "LOCKDOWN=1 build" "/bin/sh"
fi
# The plain image: the kernel's early requests mapped to modules we can see.
if ! "$MKI" -k "$MODDIR" -z gzip -i build/init -p default -m overlay,loop -o "$work/base.cpio.gz" >"$work/mki.log" 2>&1; then
	not_ok image/plain "baton-mkinitramfs -m overlay,loop failed: $(tail -3 "$work/mki.log")"; exit 1
fi
mkdir -p "$work/x" && (cd "$work/x" && gzip -dc "$work/base.cpio.gz" | cpio -id --quiet etc/baton/modules.alias) &&
printf 'alias crypto-hmac(sha256) overlay\nalias crypto-hmac(sha1) loop\n' >>"$work/x/etc/baton/modules.alias" &&
printf "dir /etc 0755 0 0\ndir /etc/baton 0755 0 0\nfile /etc/baton/modules.alias %s 0644 0 0\n" "$work/x/etc/baton/modules.alias" >"$work/alias.spec" &&
build/baton-pack -z gzip -A "$work/base.cpio.gz" -o "$PLAIN_IMG" "$work/alias.spec" 2>"$work/pack.err" ||
	{ not_ok image/plain "cannot add the early aliases: $(cat "$work/pack.err")"; exit 1; }

nvme_root() { # DISK: as an NVMe namespace
	QEMU_EXTRA=(-drive "file=$1,format=raw,snapshot=on,if=none,id=nv0" -device nvme,serial=realroot,drive=nv0)
}

# -- pinned: the command line cannot choose the root, the init, or its environment ------
nvme_root "$work/real.img"
qemu_boot lockdown-pinned 300 "$LOCK_IMG" "$work/stick.img" \
	"root=LABEL=EVIL init=/bin/sh rootfstype=vfat modprobe.blacklist=nvme LD_PRELOAD=/home/u/x.so"
QEMU_EXTRA=()
L=$QEMU_LOG
expect_log pinned/reached "$L" '^REAL-INIT-REACHED' "the pinned root did not boot"
expect_log pinned/real-root "$L" '^ROOTINFO /dev/nvme0n1p1 / ' "the root is not the NVMe disk's partition"
expect_log pinned/argv "$L" '^ARGV /sbin/init$' "the real init got other arguments than {/sbin/init}"
expect_log pinned/env "$L" '^ENV HOME=/ TERM=linux$' "the real init's environment is not exactly HOME=/ TERM=linux"
reject_log pinned/no-stick-sh "$L" '^ARGV /bin/sh' "the stick's /bin/sh ran"
for w in "root=LABEL=EVIL" "init=/bin/sh" "rootfstype=vfat" "modprobe.blacklist=nvme"; do
	expect_line "pinned/said-${w%%=*}" "$L" "'$w ignored' not said" "$w ignored" "LOCKDOWN=1"
done
check pinned/exit "$(exit_why)" exited_alone

# -- twin: a stick with the pinned PARTUUID, the real disk's driver "blacklisted" -------
nvme_root "$work/real.img"
qemu_boot lockdown-twin 300 "$LOCK_IMG" "$work/clone.img" "modprobe.blacklist=nvme rd.emergency=poweroff"
QEMU_EXTRA=()
L=$QEMU_LOG
expect_line twin/said "$L" "the two devices of the pinned root are not both named" \
	"names 2 devices" "/dev/nvme0n1p1" "/dev/vda1"
expect_line twin/refused "$L" "LOCKDOWN did not refuse a pinned root= naming two devices" \
	"refused: it must name one device" "LOCKDOWN=1"
reject_log twin/no-boot "$L" '^REAL-INIT-REACHED' "a LOCKDOWN boot went on with two devices named by the pinned root"
check twin/exit "$(exit_why)" exited_alone

# -- no-sh: no init on the pinned root means no boot, and names are escaped ---------------
qemu_boot lockdown-no-sh 300 "$LOCK_IMG" "$work/shonly.img" "rd.emergency=poweroff"
L=$QEMU_LOG
expect_line no-sh/said "$L" "the missing /sbin/init is not said" "/sbin/init is not executable" "LOCKDOWN=1"
reject_log no-sh/no-fallback "$L" '^(ARGV|REAL-INIT-REACHED)' "an init ran from a root without /sbin/init"
expect_line no-sh/escaped "$L" "the GPT name is not shown escaped in the report" \
	'PARTLABEL="a\x0abaton: FORGED\x1b[2J"'
reject_log no-sh/no-forged-line "$L" '^(\[[ 0-9.]*\] )?baton: FORGED' "a GPT name forged a log line"
# (SeaBIOS and the kernel clear the screen themselves: only baton's lines count.)
check no-sh/no-escape-byte "an ESC byte from the disk reached the console in a baton line" \
	bash -c "! grep -a 'baton:' '$L' | grep -q \$'\\033'"
check no-sh/exit "$(exit_why)" exited_alone

# -- shell-word: a word asking the real init for a shell stops the boot -------------------
qemu_boot lockdown-shell-word 300 "$LOCK_IMG" "$work/real.img" "systemd.unit=emergency.target"
L=$QEMU_LOG
expect_line shell-word/said "$L" "the shell word is not refused" "systemd.unit" "asks the real init for a shell" "LOCKDOWN=1"
reject_log shell-word/no-init "$L" '^REAL-INIT-REACHED' "the real init ran with systemd.unit=emergency.target"
check shell-word/exit "$(exit_why)" exited_alone

# -- plain: no LD_* for the real init; modprobe as PID 1; early requests obey blacklists ---
qemu_boot lockdown-plain 300 "$PLAIN_IMG" "$work/dyn.img" \
	"root=PARTUUID=$ROOT_PARTUUID rdinit=/sbin/modprobe LD_PRELOAD=/home/u/x.so modprobe.blacklist=overlay -- /sys/module/overlay/initstate /sys/module/loop/initstate"
L=$QEMU_LOG
expect_log plain/reached "$L" '^REAL-INIT-REACHED' "rdinit=/sbin/modprobe did not boot the root (PID 1 as modprobe)"
reject_log plain/no-preload "$L" 'PRELOAD-RAN' "the user's LD_PRELOAD library ran in PID 1"
expect_log plain/early-blacklisted "$L" '^FILE /sys/module/overlay/initstate \(missing\)' \
	"overlay (blacklisted, asked for early as crypto-hmac(sha256)) was loaded"
expect_log plain/early-loaded "$L" '^FILE /sys/module/loop/initstate live' \
	"loop (asked for early as crypto-hmac(sha1)) was not loaded: the early requests did not reach baton"
check plain/exit "$(exit_why)" exited_alone

qemu_done
