#!/usr/bin/env bash
# tests/qemu/t-stack.sh: stacked roots opened by the image's own tools
# (issue 16). The host has neither device-mapper nor md, so one guest boot
# (tests/qemu/stack-maker.sh) makes the disks with the real cryptsetup,
# lvm and mdadm; they are kept in build/qemu/stack/ until the maker or this
# script changes. Then baton boots them, with the image baton-mkinitramfs
# -p virtio,luks,lvm,md makes:
#   luks-pass       LUKS2 + ext4, the passphrase typed on the serial console
#   luks-retry      a wrong passphrase, then the right one: the try counted
#   luks-keyfile    LUKS on LVM (an LV of cryptvg), rd.luks.key=/etc/luks.key
#                   in the image, no prompt; rd.lvm.vg=cryptvg: othervg's LVs
#                   stay inactive (the real root's DMNAMES line)
#   luks-md         LUKS on MD RAID1, the key file on another disk
#                   (rd.luks.key=/keys/root.key:LABEL=batonkey); rd.lvm.lv=
#                   othervg/two: othervg/one and vg0 stay inactive
#   debian          ESP, /boot ext4, LUKS2 -> LVM root + swap,
#                   root=/dev/debvg/root, passphrase typed
#   lvm             LVM alone, root=/dev/mapper/vg0-root
#   md              MD RAID1 over two disks, root=/dev/md/batonraid (mdadm's
#                   name for it: the array's name without "maker:")
#   md-degraded     the same with one disk missing: started degraded at 2/3
#                   of rootwait=9, said
#   missing-tools   the plain image (no cryptsetup, lvm, mdadm) with all the
#                   disks: each missing tool said, then the failure policy
#   missing-module  modprobe.blacklist=dm_crypt: the blacklisted module said;
#                   with splitvg missing one of its two PVs: the VG and the
#                   count said; then the failure policy
# and compares the prober with libblkid on the MD members of every
# superblock version and an LVM PV the maker made.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

ROOT_UUID=b007ab1e-5000-4000-8000-000000000001
BOOT_UUID=b007ab1e-5000-4000-8000-0000000000b0
LUKS_UUID=b007ab1e-1000-4000-8000-00000000c0de
DEB_LUKS_UUID=b007ab1e-2000-4000-8000-00000000c0de
MD_LUKS_UUID=b007ab1e-3000-4000-8000-00000000c0de
LV_LUKS_UUID=b007ab1e-4000-4000-8000-00000000c0de
PASS='baton stack pass'
KEY='a key file, not typed'
S=$QEMU_BUILD/stack
PLAIN_IMAGE=build/initramfs.cpio.gz
# no_timer_check: under TCG on a loaded host the kernel's IO-APIC timer check
# can panic the boot.
QEMU_APPEND_BASE="console=ttyS0 no_timer_check"

need_kernel
need_tools
need_cmd mkfifo coreutils
need_cmd cryptsetup cryptsetup-bin
need_cmd mkfs.vfat dosfstools
need_cmd blkid util-linux
need_file /bin/busybox busybox "apt-get install busybox-static (tools/setup.sh does)"
need_file build/init baton-init "make"
need_file build/baton-pack baton-pack "make tools"
need_file "$PLAIN_IMAGE" baton-image "make image"
need_file "$TESTINIT" testinit "make tests"
need_file build/tests/tool_blkid_diff blkid-diff "make tests"
for t in /usr/sbin/cryptsetup /usr/sbin/lvm /usr/sbin/mdadm; do
	need_file "$t" stack-tools "apt-get install cryptsetup-bin lvm2 mdadm (tools/setup.sh does)"
done
MODDIR=$(ls -d "$KDIR"/root/lib/modules/* | head -n1)
mkdir -p "$S"

# -- the images ---------------------------------------------------------------
STACK_IMAGE=$S/stack.cpio.gz
KEY_IMAGE=$S/stack-key.cpio.gz
MAKER_IMAGE=$S/maker.cpio.gz
# Rebuilt when /init, the generator, its profiles or the host's tools change.
ikey=$(cat build/init tools/baton-mkinitramfs tools/profiles/* /usr/sbin/cryptsetup /usr/sbin/lvm \
	/usr/sbin/mdadm "$MODDIR/modules.dep" | sha256sum | cut -c1-16)
if [ "$(cat "$STACK_IMAGE.key" 2>/dev/null)" = "$ikey" ] && [ -s "$STACK_IMAGE" ]; then
	ok stack/image
elif tools/baton-mkinitramfs -k "$MODDIR" -p virtio,luks,lvm,md -m ext4 -o "$STACK_IMAGE" 2>"$S/mk.err"; then
	echo "$ikey" >"$STACK_IMAGE.key"
	ok stack/image
else
	rm -f "$STACK_IMAGE.key"
	not_ok stack/image "baton-mkinitramfs -p virtio,luks,lvm,md failed: $(tail -n 3 "$S/mk.err")"; exit 1
fi
printf '%s' "$PASS" >"$S/pass"
printf '%s' "$KEY" >"$S/luks.key"
cat >"$S/key.spec" <<-SPEC
	dir /etc 0755 0 0
	file /etc/luks.key $(pwd)/$S/luks.key 0600 0 0
	SPEC
build/baton-pack -z gzip -A "$STACK_IMAGE" -o "$KEY_IMAGE" "$S/key.spec" || { not_ok stack/key-image "baton-pack failed"; exit 1; }
{
	echo "dir /bin 0755 0 0"
	echo "dir /etc 0755 0 0"
	echo "dir /sbin 0755 0 0"
	echo "file /bin/busybox /bin/busybox 0755 0 0"
	for a in sh mount mkdir sleep dd mkswap poweroff sync grep; do echo "slink /bin/$a busybox 0777 0 0"; done
	echo "file /sbin/baton $(pwd)/build/init 0755 0 0"
	echo "slink /bin/modprobe /sbin/baton 0777 0 0"
	echo "slink /sbin/modprobe /sbin/baton 0777 0 0"
	echo "file /etc/pass $(pwd)/$S/pass 0600 0 0"
	echo "file /etc/luks.key $(pwd)/$S/luks.key 0600 0 0"
	echo "file /init $(pwd)/tests/qemu/stack-maker.sh 0755 0 0"
} >"$S/maker.spec"
build/baton-pack -z gzip -A "$STACK_IMAGE" -o "$MAKER_IMAGE" "$S/maker.spec" || { not_ok stack/maker-image "baton-pack failed"; exit 1; }

# -- the disks, made once by the maker guest -------------------------------------
# The key: what makes them, so a change remakes them.
# (DISKS names the layout make_disks gives them: change it with make_disks.)
DISKS=2
stamp=$( (cat tests/qemu/stack-maker.sh "$TESTINIT"; echo "$DISKS") | sha256sum | cut -c1-16)
make_disks() {
	local stage=$S/rootfs
	rm -rf "$stage" "$S/keyfs" "$S"/*.img
	mkdir -p "$stage"/{sbin,dev,proc,sys,run,tmp,etc,boot}
	cp "$TESTINIT" "$stage/sbin/init" && : >"$stage/etc/fstab" || return 1
	mkfs.ext4 -q -F -b 4096 -U "$ROOT_UUID" -L stackroot -d "$stage" "$S/root.ext4" 24M || return 1
	truncate -s 48M "$S/luks.img" "$S/vdg.img"
	truncate -s 40M "$S/lvm.img" "$S/md-a.img" "$S/md-b.img"
	truncate -s 120M "$S/debian.img"
	truncate -s 48M "$S/cmd-a.img" "$S/cmd-b.img"
	truncate -s 56M "$S/lcrypt.img"
	truncate -s 16M "$S/lvm2.img"
	truncate -s 12M "$S/split-a.img" "$S/split-b.img"
	# The key file's own disk (rd.luks.key=PATH:DEV), plain ext4.
	mkdir -p "$S/keyfs/keys" && cp "$S/luks.key" "$S/keyfs/keys/root.key" || return 1
	mkfs.ext4 -q -F -L batonkey -d "$S/keyfs" "$S/keydisk.img" 8M || return 1
	sgdisk -o -n 1:2048:+8M -t 1:ef00 -n 2:0:+16M -t 2:8300 -n 3:0:0 -t 3:8309 "$S/debian.img" >/dev/null || return 1
	mkfs.vfat -C -i b007e5f1 "$S/esp.vfat" 8192 >/dev/null && dd if="$S/esp.vfat" of="$S/debian.img" bs=1M seek=1 conv=notrunc status=none || return 1
	mkfs.ext4 -q -F -U "$BOOT_UUID" -L boot "$S/boot.ext4" 16M && dd if="$S/boot.ext4" of="$S/debian.img" bs=1M seek=9 conv=notrunc status=none || return 1
	sgdisk -o -n 1:2048:+8M -n 2:0:+8M -n 3:0:+8M -n 4:0:+8M "$S/vdg.img" >/dev/null || return 1
	rm -f "$S/esp.vfat" "$S/boot.ext4"
	local d drives=()
	for d in root.ext4 luks.img debian.img lvm.img md-a.img md-b.img vdg.img \
		cmd-a.img cmd-b.img lcrypt.img lvm2.img split-a.img split-b.img; do
		drives+=(-drive "file=$S/$d,format=raw,if=virtio")
	done
	QEMU_EXTRA=("${drives[@]}")
	QEMU_APPEND_BASE="console=ttyS0 panic=-1 no_timer_check" qemu_boot stack-maker 600 "$MAKER_IMAGE" none ""
	QEMU_EXTRA=()
	grep -q STACK-MAKER-OK "$QEMU_LOG" || { tr -d '\r' <"$QEMU_LOG" | grep -E 'STACK-MAKER|rror' | tail -5 >&2; return 1; }
	echo "$stamp" >"$S/stamp"
}
if [ "$(cat "$S/stamp" 2>/dev/null)" != "$stamp" ]; then
	if make_disks; then ok stack/maker; else not_ok stack/maker "the maker guest failed (see $QEMU_LOGDIR/qemu-stack-maker.log)"; exit 1; fi
else
	ok stack/maker
	echo "# stack disks from an earlier run ($S, stamp $stamp)"
fi

# -- the prober against libblkid on what the real tools wrote ---------------------
part() { # IMG N OUT: partition N of IMG's GPT as a file
	local start size
	start=$(sgdisk -i "$2" "$1" | sed -n 's/^First sector: \([0-9]*\).*/\1/p')
	size=$(sgdisk -i "$2" "$1" | sed -n 's/^Partition size: \([0-9]*\).*/\1/p')
	dd if="$1" of="$3" bs=512 skip="$start" count="$size" status=none
}
n=1
for v in 0.90 1.0 1.1 1.2; do
	part "$S/vdg.img" $n "$S/md$v.part"
	out=$(build/tests/tool_blkid_diff "$S/md$v.part" 2>&1)
	if [ $? -eq 0 ] && grep -q 'image TYPE="linux_raid_member"' <<<"$out"; then
		ok "stack/blkid-diff-md-$v"
	else
		not_ok "stack/blkid-diff-md-$v" "own prober and libblkid differ or no member: $(paste -sd '|' <<<"$out")"
	fi
	n=$((n + 1))
done
for d in lvm md-a luks; do
	out=$(build/tests/tool_blkid_diff "$S/$d.img" 2>&1)
	if [ $? -eq 0 ] && grep -qE 'image TYPE="(LVM2_member|linux_raid_member|crypto_LUKS)"' <<<"$out"; then
		ok "stack/blkid-diff-$d"
	else
		not_ok "stack/blkid-diff-$d" "own prober and libblkid differ: $(paste -sd '|' <<<"$out")"
	fi
done

# -- typing on the serial console -----------------------------------------------
wait_for() { # LOG STRING SECONDS
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		tr -d '\r' <"$1" 2>/dev/null | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
count_of() { tr -d '\r' 2>/dev/null <"$1" | grep -cF -- "$2"; }
type_line() { timeout 5 bash -c 'printf "%s\n" "$1" >"$2"' _ "$1" "$QEMU_PIPE.in"; }
# Types each answer at the next passphrase prompt.
answer_prompts() { # LOG ANSWER...
	local log=$1 n=0 a
	shift
	for a; do
		n=$((n + 1))
		for ((i = 0; i < 1200; i++)); do
			[ "$(count_of "$log" "Enter passphrase for")" -ge "$n" ] && break
			sleep 0.1
		done
		sleep 0.5
		type_line "$a"
	done
}
# typed_boot NAME TIMEOUT IMAGE APPEND ANSWER...: a boot whose prompts get ANSWERs
typed_boot() {
	local name=$1 tmo=$2 image=$3 append=$4 drain driver
	shift 4
	QEMU_PIPE=$(pwd)/$QEMU_BUILD/serial-$name.$$
	rm -f "$QEMU_PIPE.in" "$QEMU_PIPE.out" "$QEMU_LOGDIR/qemu-$name.log"
	mkfifo "$QEMU_PIPE.in" "$QEMU_PIPE.out" || { not_ok "$name/fifo" "mkfifo failed"; return 1; }
	atexit "rm -f '$QEMU_PIPE.in' '$QEMU_PIPE.out'"
	cat "$QEMU_PIPE.out" >/dev/null &
	drain=$!
	answer_prompts "$QEMU_LOGDIR/qemu-$name.log" "$@" &
	driver=$!
	atexit "kill $drain $driver 2>/dev/null"
	QEMU_SERIAL=pipe qemu_boot "$name" "$tmo" "$image" none "$append"
	kill "$driver" "$drain" 2>/dev/null
	wait "$driver" "$drain" 2>/dev/null
}
drives() { # IMG...: the next boot's virtio disks, in order (snapshot: unchanged)
	local d
	QEMU_EXTRA=()
	for d; do QEMU_EXTRA+=(-drive "file=$S/$d,format=raw,if=virtio,snapshot=on"); done
}
reached() { # NAME: the real init ran from the stacked root
	expect_log "$1/reached" "$QEMU_LOG" '^REAL-INIT-REACHED' "the real init was not reached"
	check "$1/exit" "$(exit_why)" exited_alone
}
dmnames() { tr -d '\r' <"$QEMU_LOG" | sed -n 's/^DMNAMES//p' | tail -n1; }
# root_is_dm NAME DMNAME: the real root is the device-mapper device DMNAME
root_is_dm() {
	local dm
	dm=$(dmnames | tr ' ' '\n' | sed -n "s/^\(dm-[0-9]*\)=$2\$/\1/p")
	expect_log "$1" "$QEMU_LOG" "^ROOTINFO /dev/(${dm:-none}|mapper/$2) " "the root is not /dev/mapper/$2 (DMNAMES:$(dmnames))"
}
# dm_active NAME WANT... : DMNAMES holds every +NAME and no -NAME
dm_active() {
	local name=$1 have w bad=""
	shift
	have=" $(dmnames | sed 's/dm-[0-9]*=//g') "
	for w; do
		case $w in
		+*) [[ $have == *" ${w#+} "* ]] || bad+=" ${w#+} not active;" ;;
		-*) [[ $have == *" ${w#-} "* ]] && bad+=" ${w#-} active;" ;;
		esac
	done
	if [ -z "$bad" ]; then ok "$name"; else not_ok "$name" "device-mapper devices at hand-over:$have-$bad"; fi
}

# -- LUKS -----------------------------------------------------------------------
drives luks.img
typed_boot stack-luks-pass 300 "$STACK_IMAGE" "root=UUID=$ROOT_UUID rd.luks.uuid=$LUKS_UUID panic=-1" "$PASS"
L=$QEMU_LOG
expect_line luks-pass/prompt "$L" "cryptsetup did not ask on the console" "Enter passphrase for /dev/vda"
expect_line luks-pass/opened "$L" "the LUKS device was not opened" "opened as /dev/mapper/luks-$LUKS_UUID"
reached luks-pass

typed_boot stack-luks-retry 300 "$STACK_IMAGE" "root=UUID=$ROOT_UUID rd.luks.name=$LUKS_UUID=cryptroot panic=-1" \
	"not the passphrase" "$PASS"
L=$QEMU_LOG
expect_line luks-retry/counted "$L" "the wrong try was not counted" "wrong passphrase (try 1 of 3)"
expect_line luks-retry/opened "$L" "not opened with the right one" "opened as /dev/mapper/cryptroot"
reached luks-retry

# LUKS on LVM, the key file in the image; rd.lvm.vg= activates cryptvg only.
drives lcrypt.img lvm2.img
qemu_boot stack-luks-keyfile 180 "$KEY_IMAGE" none "root=/dev/mapper/k rd.luks.name=$LV_LUKS_UUID=k rd.luks.key=/etc/luks.key rd.lvm.vg=cryptvg panic=-1"
L=$QEMU_LOG
reject_log luks-keyfile/no-prompt "$L" 'Enter passphrase' "asked for a passphrase although the key file opens it"
expect_line luks-keyfile/opened "$L" "the key file did not open it" "LUKS device dm-" "opened as /dev/mapper/k"
reached luks-keyfile
root_is_dm luks-lvm/root k
dm_active luks-lvm/vg-limit +cryptvg-croot +k -othervg-one -othervg-two

# LUKS on MD, its key file on another disk (LABEL=batonkey); rd.lvm.lv=
# activates othervg/two only, not othervg/one nor vg0 (lvm.img).
drives cmd-a.img cmd-b.img keydisk.img lvm2.img lvm.img
qemu_boot stack-luks-md 240 "$STACK_IMAGE" none "root=/dev/mapper/cmdroot rd.luks.name=$MD_LUKS_UUID=cmdroot rd.luks.key=/keys/root.key:LABEL=batonkey rd.lvm.lv=othervg/two panic=-1"
L=$QEMU_LOG
expect_line luks-md/assembled "$L" "mdadm did not start the array" "attached to /dev/md/cryptraid, which has been started"
reject_log luks-md/no-prompt "$L" 'Enter passphrase' "asked for a passphrase although the key file on LABEL=batonkey opens it"
expect_line luks-md/opened "$L" "the LUKS device on the array was not opened with the key disk's file" "LUKS device md" "UUID=$MD_LUKS_UUID" "opened as /dev/mapper/cmdroot"
reached luks-md
root_is_dm luks-md/root cmdroot
dm_active luks-md/lv-limit +cmdroot +othervg-two -othervg-one -vg0-root

# -- the Debian installer's layout ------------------------------------------------------
drives debian.img
typed_boot stack-debian 300 "$STACK_IMAGE" "root=/dev/debvg/root panic=-1" "$PASS"
L=$QEMU_LOG
expect_line debian/luks "$L" "the LUKS partition was not opened" "opened as /dev/mapper/luks-$DEB_LUKS_UUID"
expect_line debian/lvm "$L" "the VG was not activated" "logical volumes activated"
reached debian

# -- LVM alone ---------------------------------------------------------------------
drives lvm.img
qemu_boot stack-lvm 180 "$STACK_IMAGE" none "root=/dev/mapper/vg0-root panic=-1"
L=$QEMU_LOG
expect_line lvm/activated "$L" "lvm did not activate vg0" "logical volumes activated"
reached lvm

# -- MD RAID1 -----------------------------------------------------------------------
drives md-a.img md-b.img
qemu_boot stack-md 180 "$STACK_IMAGE" none "root=/dev/md/batonraid panic=-1"
L=$QEMU_LOG
expect_line md/incremental "$L" "mdadm --incremental did not take the members" "MD RAID member vda"
expect_log md/by-md-name "$L" '^ROOTINFO /dev/md127 ' "root=/dev/md/batonraid did not find md127"
reject_log md/not-degraded "$L" 'started degraded' "a complete array was started degraded"
reached md

drives md-a.img
qemu_boot stack-md-degraded 180 "$STACK_IMAGE" none "root=UUID=$ROOT_UUID rootwait=9 panic=-1"
L=$QEMU_LOG
expect_line md-degraded/said "$L" "the degraded start was not said" "started degraded after 6 s (2/3 of the root wait)" "1 of its 2 members missing"
reached md-degraded

# -- what is missing ---------------------------------------------------------------------
drives luks.img lvm.img md-a.img md-b.img
qemu_boot stack-missing-tools 180 "$PLAIN_IMAGE" none "root=UUID=$ROOT_UUID rootwait=20 rd.luks.uuid=$LUKS_UUID rd.emergency=poweroff panic=-1"
L=$QEMU_LOG
expect_line missing/cryptsetup "$L" "no cryptsetup not said" "root is on LUKS device UUID=$LUKS_UUID" "but no cryptsetup in the image: rebuild with baton-mkinitramfs -p luks"
expect_line missing/lvm "$L" "no lvm not said" "LVM physical volume" "but no lvm in the image: rebuild with baton-mkinitramfs -p lvm"
expect_line missing/mdadm "$L" "no mdadm not said" "MD RAID member" "but no mdadm in the image: rebuild with baton-mkinitramfs -p md"
expect_line missing/policy "$L" "the failure policy did not follow" "powering off"
check missing/exit "$(exit_why)" exited_alone

# With splitvg's second PV absent too: the missing PV said.
drives luks.img split-a.img
qemu_boot stack-missing-module 180 "$STACK_IMAGE" none "root=UUID=$ROOT_UUID rootwait=20 modprobe.blacklist=dm_crypt rd.emergency=poweroff panic=-1"
L=$QEMU_LOG
expect_line missing-pv/said "$L" "the VG's missing PV was not said" "LVM volume group splitvg still waits for 1 of its 2 physical volumes"
expect_line missing-module/said "$L" "the blacklisted dm_crypt was not said" "LUKS device UUID=$LUKS_UUID" "but module dm_crypt is blacklisted on the command line"
expect_line missing-module/policy "$L" "the failure policy did not follow" "powering off"
check missing-module/exit "$(exit_why)" exited_alone
QEMU_EXTRA=()
qemu_done
