# shellcheck shell=bash
# bench/lib.sh: sourced by bench/run.sh (bash, set -u, cwd = repository
# root). Builds on tests/qemu/lib.sh (qemu_boot, make_root_disk,
# boot_times, atexit and its no-qemu-left-behind cleanup) and adds what the
# bench needs beyond it:
#   bench_root_disk OUT            the one root disk of every configuration
#   bench_boot_noinitrd NAME TMO DISK APPEND
#                                  a boot with no initramfs at all, the disk
#                                  on NVMe (the "floor"); sets what qemu_boot sets
#   run_times LOG                  T_RUN_INIT, T_REAL, T_INITRAMFS for any
#                                  boot (also "Run /sbin/init", no initramfs)
#   baton_phases LOG               kernel timestamps of baton's own log lines
#                                  and of the kernel's disk and ext4 lines
#   image_stats IMG                compressed/uncompressed bytes, modules, /init
#   median                         median of the numbers on stdin
#   bench_run CMD...               CMD in a process group of its own; the
#                                  whole group is killed if the bench exits
#                                  or is interrupted before CMD ends
. tests/qemu/lib.sh

BENCH_DIR=build/bench
# qemu_boot's pid files and serial logs go under build/bench, not the tests'.
QEMU_BUILD=$BENCH_DIR/qemu
QEMU_LOGDIR=$BENCH_DIR/logs
mkdir -p "$QEMU_BUILD" "$QEMU_LOGDIR"

BENCH_UUID=b007ab1e-0000-4000-8000-000000000001
BENCH_LABEL=BATONBENCH

_BENCH_PGID=
bench_run() {
	local rc
	setsid -w "$@" &
	_BENCH_PGID=$!
	wait "$_BENCH_PGID"
	rc=$?
	_BENCH_PGID=
	return "$rc"
}
# (a background job of a non-interactive shell is no group leader, so
# setsid needs no fork: its pid is the new group's id)
atexit '[ -z "$_BENCH_PGID" ] || kill -TERM -- "-$_BENCH_PGID" "$_BENCH_PGID" 2>/dev/null'

# bench_root_disk OUT: make_root_disk's GPT + ext4 disk (testinit as
# /sbin/init), plus /usr/lib/os-release written into its ext4 with debugfs:
# dracut's systemd refuses to switch-root into a tree without os-release.
bench_root_disk() {
	local out=$1 base=$1.base part=$1.part.$$
	make_root_disk "$base" "$BENCH_UUID" "$BENCH_LABEL" || return 1
	if [ -s "$out" ] && ! [ "$base" -nt "$out" ] && ! [ "${BASH_SOURCE[0]}" -nt "$out" ]; then
		return 0
	fi
	atexit "rm -f '$part' '$out.tmp.$$' '$part.osr'"
	printf 'PRETTY_NAME="baton bench root"\nNAME="baton-bench"\nID=baton-bench\n' >"$part.osr"
	dd if="$base" of="$part" bs=1M skip=1 count=64 status=none || return 1
	debugfs -w -f - "$part" >/dev/null 2>&1 <<-EOF
		mkdir /usr
		mkdir /usr/lib
		cd /usr/lib
		write $part.osr os-release
		EOF
	if ! debugfs -R 'cat /usr/lib/os-release' "$part" 2>/dev/null | grep -q '^ID=baton-bench$'; then
		echo "bench: cannot write /usr/lib/os-release into the root filesystem (debugfs)" >&2
		return 1
	fi
	cp "$base" "$out.tmp.$$" &&
		dd if="$part" of="$out.tmp.$$" bs=1M seek=1 conv=notrunc status=none &&
		mv -f "$out.tmp.$$" "$out" || return 1
	rm -f "$part" "$part.osr"
}

# bench_boot_noinitrd NAME TIMEOUT_S DISK "APPEND": qemu_boot with no
# initramfs (the kernel mounts root= itself) and the disk on NVMe (the cloud
# kernel has nvme and ext4 built in).
bench_boot_noinitrd() {
	local QEMU_EXTRA=(-drive "if=none,id=d0,file=${3//,/,,},format=raw,snapshot=on"
		-device nvme,serial=bench0,drive=d0)
	qemu_boot "$1" "$2" none none "$4"
}

# run_times LOG: boot_times for a boot through an initramfs; without one the
# kernel runs the real root's /sbin/init itself ("Run /sbin/init as init
# process"), and T_INITRAMFS is the time from there to the marker.
run_times() {
	boot_times "$1" >/dev/null
	[ -n "$T_RUN_INIT" ] && return 0
	T_RUN_INIT=$(_log_text "$1" | sed -n 's/^\[ *\([0-9][0-9.]*\)\] Run \/[^ ]* as init process.*/\1/p' | head -n1)
	if [ -n "$T_RUN_INIT" ] && [ -n "$T_REAL" ]; then
		T_INITRAMFS=$(awk -v a="$T_RUN_INIT" -v b="$T_REAL" 'BEGIN { printf "%.2f", b - a }')
	fi
}

# _ts LOG ERE: the kernel timestamp of the first line whose text (after the
# "[ time] " prefix) matches ERE.
_ts() {
	_log_text "$1" | awk -v re="$2" '
		/^\[ *[0-9][0-9.]*\] / {
			t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t)
			m = $0; sub(/^\[[^]]*\] /, "", m)
			if (m ~ re) { print t; exit }
		}'
}

# baton_phases LOG: prints "run,started,disk,ext4,mounted,handover,real": the
# kernel timestamps of "Run /init", "baton: started", the root disk's first
# kernel line (virtio_blk), the kernel's "EXT4-fs (vda1): mounted",
# "baton: mounted", "baton: handing over", and the real init's uptime
# (empty where missing).
baton_phases() {
	local log=$1 real
	real=$(_log_text "$log" | sed -n 's/^REAL-INIT-REACHED uptime=\([0-9][0-9.]*\).*/\1/p' | head -n1)
	printf '%s,%s,%s,%s,%s,%s,%s\n' \
		"$(_ts "$log" '^Run /init as init process')" \
		"$(_ts "$log" '^baton: started')" \
		"$(_ts "$log" '^virtio_blk virtio[0-9]+: \[vda\]')" \
		"$(_ts "$log" '^EXT4-fs \(vda1\): mounted')" \
		"$(_ts "$log" '^baton: mounted')" \
		"$(_ts "$log" '^baton: handing over')" \
		"$real"
}

# image_stats IMG: prints "compressed uncompressed modules init_bytes init_what".
# uncompressed = bytes of the unpacked regular files, hard links once;
# modules = *.ko* files; init_bytes = the ELF that runs as PID 1: /init
# itself, or the interpreter of a /init script (symlinks resolved inside
# the image); init_what says which, and how it is linked.
# _unpack_image IMG DIR: initramfs-tools' unmkinitramfs when it is there (it
# also splits early microcode parts); otherwise one compressed (or plain)
# archive by its magic, which is what baton, the floor and tiny make
# (BENCH_FLOOR=1 does not install initramfs-tools).
_unpack_image() {
	local img=$1 dir=$2 cat
	if command -v unmkinitramfs >/dev/null 2>&1; then
		unmkinitramfs "$img" "$dir" 2>/dev/null
		return
	fi
	case $(od -An -tx1 -N4 "$img" | tr -d ' ') in
	1f8b*) cat='gzip -dc' ;;
	28b52ffd) cat='zstd -dcq' ;;
	fd377a58) cat='xz -dc' ;;
	02214c18|04224d18) cat='lz4 -dc' ;;
	303730*) cat='cat' ;;
	*) return 1 ;;
	esac
	$cat "$img" | (cd "$dir" && cpio -id --quiet --no-absolute-filenames 2>/dev/null)
}

image_stats() {
	local img=$1 dir comp unc mods root init target what interp
	comp=$(stat -c %s "$img")
	dir=$(mktemp -d "${TMPDIR:-/tmp}/baton-bench-img.XXXXXX") || return 1
	_unpack_image "$img" "$dir" || { rm -rf "$dir"; echo "$comp ? ? ? ?"; return 0; }
	unc=$(find "$dir" -type f -printf '%i %s\n' | sort -u -k1,1 | awk '{ s += $2 } END { print s + 0 }')
	mods=$(find "$dir" -name '*.ko' -o -name '*.ko.*' | wc -l)
	root=$dir
	[ -d "$dir/main" ] && root=$dir/main
	# resolve PATH inside the image, following symlinks (at most 10 hops)
	_in_image() {
		local p=$1 n=0 l
		while [ -L "$root$p" ] && [ $n -lt 10 ]; do
			l=$(readlink "$root$p")
			case $l in /*) p=$l ;; *) p=$(dirname "$p")/$l ;; esac
			n=$((n + 1))
		done
		printf '%s\n' "$p"
	}
	init=$(_in_image /init)
	target=$init
	what=
	if [ -f "$root$init" ] && [ "$(head -c2 "$root$init")" = '#!' ]; then
		interp=$(head -n1 "$root$init" | sed 's/^#! *//; s/ .*//')
		target=$(_in_image "$interp")
		what="script run by $interp"
		[ "$target" != "$interp" ] && what+=" -> ${target#/}"
	fi
	if [ -f "$root$target" ]; then
		case $(file -b "$root$target") in
		*ELF*interpreter*|*dynamically*) what="${what:+$what, }dynamic ELF ${target#/}" ;;
		*ELF*) what="${what:+$what, }static ELF ${target#/}" ;;
		*) what="${what:+$what, }${target#/}" ;;
		esac
		init=$(stat -c %s "$root$target")
	else
		init='?'
		what="${what:+$what, }${target#/} not in the image"
	fi
	rm -rf "$dir"
	printf '%s %s %s %s %s\n' "$comp" "$unc" "$mods" "$init" "$what"
}

# median: of the numbers on stdin, one a line ("" if none).
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
