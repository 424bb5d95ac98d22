#!/usr/bin/env bash
# bench/peers.sh: builds the peers' initramfs images for the bench, each the
# way the "Benchmark" section of README.md (and the boot lab before it)
# describes, without making any of them the host's generator.
#   bench/peers.sh KIND:PEER...      KIND generic|cloud, PEER one of
#       tiny busybox klibc itools-list itools-most dracut floor
# Writes build/bench/img/KIND/PEER.img (+ .key: rebuilt only when the
# kernel, the tool's version or the code building it change; BENCH_REBUILD=1
# forces).
# Environment (bench/run.sh sets it): KDIR CLOUD_KDIR DRACUT_DIR.
#
# mkinitramfs and mktirfs look for the kernel's modules in /lib/modules/VER
# and mkinitramfs for its config in /boot/config-VER. The kernels here are
# extracted under ~/.cache/baton/kernel, not installed, so this script
# re-executes itself in a private mount namespace and bind-mounts them
# there: the host's /lib/modules and /boot are never written (an empty
# /usr/lib/modules mount point is made if there is none, and removed after).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bench-peers: %s\n' "$*" >&2; }
die() { printf 'bench-peers: error: %s\n' "$*" >&2; exit 1; }

: "${KDIR:?}"
CLOUD_KDIR=${CLOUD_KDIR:-} DRACUT_DIR=${DRACUT_DIR:-}	# only the peers on them need them
B=$(pwd)/build/bench
MODDIR=/usr/lib/modules	# /lib is a symlink to usr/lib on Debian 12

if [ "${BENCH_PEERS_NS:-}" != 1 ]; then
	made=
	if [ ! -e "$MODDIR" ]; then
		mkdir "$MODDIR"
		made=1
	fi
	# (the namespace, and its mounts, die with the child)
	trap '[ -z "$made" ] || rmdir "$MODDIR" 2>/dev/null' EXIT
	trap 'exit 143' TERM INT HUP
	BENCH_PEERS_NS=1 unshare --mount --propagation private -- "$0" "$@" &
	wait $!
	exit
fi

# -- inside the private mount namespace -------------------------------------------
WORK='' out=''
trap '[ -z "$WORK" ] || rm -rf "$WORK" "$WORK.log"; [ -z "$out" ] || rm -f "$out.tmp"' EXIT
trap 'exit 143' TERM INT HUP
mount -t tmpfs -o mode=0755 bench-modules "$MODDIR"
mount -t tmpfs -o mode=0755 bench-boot /boot
for k in "$KDIR" "$CLOUD_KDIR"; do
	[ -n "$k" ] || continue
	v=$(cat "$k/version")
	mkdir "$MODDIR/$v"
	mount --bind "$k/root/lib/modules/$v" "$MODDIR/$v"
	cp "$k/root/boot/config-$v" "$k/root/boot/System.map-$v" /boot/
done

kver_of() { case $1 in generic) cat "$KDIR/version" ;; cloud) cat "$CLOUD_KDIR/version" ;; esac; }
pkgver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo none; }
hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# Module sets of the hand-made peers (busybox, klibc): the list baton's
# image is made from (rootfs-spec/modules.list for the generic kernel,
# bench/modules-cloud.list for the cloud one), resolved as the boot lab did,
# by kmod's own resolver (modprobe --show-depends: dependencies and soft
# dependencies, in load order) against the extracted kernel.
resolve_modules() { # KIND: module file paths, load order, each once
	local kd list name line
	case $1 in
	generic) kd=$KDIR list=rootfs-spec/modules.list ;;
	cloud) kd=$CLOUD_KDIR list=bench/modules-cloud.list ;;
	esac
	while read -r name _; do
		case $name in ''|'#'*) continue ;; esac
		modprobe -d "$kd/root" -S "$(cat "$kd/version")" --show-depends "$name" ||
			die "modprobe --show-depends $name failed"
	done <"$list" | while read -r line; do
		case $line in
		insmod\ *) line=${line#insmod }; printf '%s\n' "${line%% *}" ;;
		esac
	done | awk '!seen[$0]++'
}

# stage_newc DIR COMPRESSOR... : DIR as a newc cpio (root-owned, sorted), compressed.
stage_newc() {
	local dir=$1; shift
	(cd "$dir" && find . ! -name . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0) | "$@"
}

stage_base() { # DIR: the directories and nodes every hand-made image has
	mkdir -p "$1"/{dev,proc,sys,newroot,bin,etc,lib/modules}
	mknod -m 0600 "$1/dev/console" c 5 1
	mknod -m 0666 "$1/dev/null" c 1 3
}

stage_modules() { # DIR KIND: the modules and /etc/modules (paths in load order)
	local ko mods
	mods=$(resolve_modules "$2") || die "resolving the modules for $2 failed"
	: >"$1/etc/modules"
	for ko in $mods; do
		case $ko in *.ko) ;; *) die "$ko is compressed: busybox and klibc insmod load plain .ko only" ;; esac
		cp "$ko" "$1/lib/modules/"
		echo "/lib/modules/$(basename "$ko")" >>"$1/etc/modules"
	done
	[ -s "$1/etc/modules" ] || die "no modules resolved for $2"
}

build_tiny() { # KIND OUT
	local v
	v=$(kver_of "$1")
	TMPDIR=$WORK mktirfs -o "$2" -m no -M no --include-modules=virtio_blk,ext4 "$v"
}

# The floor: bench/floor/floorinit.c with the module files of baton's own
# image (bench/run.sh stages them first), the filesystem stack (ext4's
# dependencies and soft dependencies, one crc32c: crc32c_intel, which the
# bench's CPU has) in /floor/fs, the disk drivers in /floor/disk; gzip -9
# as baton's image.
baton_ko_dir() { # KIND
	case $1 in generic) echo build/modules/ko ;; cloud) echo "$B/mods/baton-cloud/ko" ;; esac
}
build_floor() { # KIND OUT
	local s=$WORK/stage src kd ko base fsmods
	src=$(baton_ko_dir "$1")
	[ -d "$src" ] || die "no baton module files in $src (bench/run.sh stages them first)"
	case $1 in generic) kd=$KDIR ;; cloud) kd=$CLOUD_KDIR ;; esac
	stage_base "$s"
	mkdir -p "$s/floor"
	musl-gcc -static -Os -s -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -idirafter build/kheaders \
		-o "$s/init" bench/floor/floorinit.c || die "cannot build bench/floor/floorinit.c"
	fsmods=$(modprobe -d "$kd/root" -S "$(cat "$kd/version")" --show-depends ext4 | awk '$1 == "insmod" { print $2 }')
	: >"$s/floor/fs"; : >"$s/floor/disk"
	for ko in $(resolve_modules "$1"); do
		base=$(basename "$ko")
		case $base in crc32c_generic.ko) continue ;; esac
		[ -f "$src/$base" ] || die "$base is not among baton's module files in $src"
		cp "$src/$base" "$s/lib/modules/"
		if printf '%s\n' "$fsmods" | grep -qxF "$ko"; then
			echo "/lib/modules/$base" >>"$s/floor/fs"
		else
			echo "/lib/modules/$base" >>"$s/floor/disk"
		fi
	done
	stage_newc "$s" gzip -9n >"$2"
}

build_busybox() {
	local s=$WORK/stage a
	stage_base "$s"
	cp /bin/busybox "$s/bin/busybox"
	for a in sh mount umount cat findfs usleep insmod switch_root poweroff echo; do
		ln -s busybox "$s/bin/$a"
	done
	ln -s bin "$s/sbin"
	install -m 0755 bench/peers/busybox-init "$s/init"
	stage_modules "$s" "$1"
	stage_newc "$s" zstd -q -19 >"$2"
}

build_klibc() {
	local s=$WORK/stage a so
	stage_base "$s"
	for a in sh mount umount cat insmod sleep fstype run-init poweroff; do
		cp "/usr/lib/klibc/bin/$a" "$s/bin/$a"
	done
	for so in /usr/lib/klibc-*.so; do cp "$so" "$s/lib/"; done
	install -m 0755 bench/peers/klibc-init "$s/init"
	stage_modules "$s" "$1"
	stage_newc "$s" zstd -q -19 >"$2"
}

build_itools_list() {
	local v c=$WORK/conf
	v=$(kver_of "$1")
	cp -a /etc/initramfs-tools "$c"
	sed -i 's/^MODULES=.*/MODULES=list/' "$c/initramfs.conf"
	printf '%s\n' virtio_pci virtio_blk ext4 crc32c_generic >"$c/modules"
	TMPDIR=$WORK mkinitramfs -d "$c" -o "$2" "$v"
}

build_itools_most() {
	local v
	v=$(kver_of "$1")
	TMPDIR=$WORK mkinitramfs -o "$2" "$v"
}

build_dracut() {
	local v
	v=$(kver_of "$1")
	mkdir -p "$WORK/confdir"
	TMPDIR=$WORK dracutbasedir=$DRACUT_DIR/root/usr/lib/dracut \
		bash "$DRACUT_DIR/root/usr/bin/dracut" --quiet --force --no-hostonly --no-hostonly-cmdline \
		--kver "$v" --kmoddir "$MODDIR/$v" --conf /dev/null --confdir "$WORK/confdir" "$2"
}

key_of() { # KIND PEER: what the image depends on (the code that builds it included)
	local kind=$1 peer=$2 v code
	v=$(kver_of "$kind")
	code=$(declare -f "build_${peer//-/_}" stage_base stage_newc stage_modules resolve_modules | sha256sum | cut -c1-16)
	case $peer in
	tiny) echo "tiny $v $(pkgver tiny-initramfs-core) $code" ;;
	floor) echo "floor $v $code $(hash_of bench/floor/floorinit.c "$(baton_ko_dir "$kind")"/*.ko)" ;;
	busybox) echo "busybox $v $(pkgver busybox-static) $code $(hash_of bench/peers/busybox-init rootfs-spec/modules.list bench/modules-cloud.list)" ;;
	klibc) echo "klibc $v $(pkgver klibc-utils) $code $(hash_of bench/peers/klibc-init rootfs-spec/modules.list bench/modules-cloud.list)" ;;
	itools-*) echo "$peer $v $(pkgver initramfs-tools) $(pkgver udev) $(pkgver busybox-static) $code" ;;
	dracut) echo "dracut $v $(basename "$DRACUT_DIR") $(pkgver systemd) $(pkgver udev) $code" ;;
	*) die "unknown peer $peer" ;;
	esac
}

mkdir -p "$B/img/generic" "$B/img/cloud"
for want in "$@"; do
	kind=${want%%:*} peer=${want#*:}
	case $kind in generic|cloud) ;; *) die "unknown kernel kind in $want" ;; esac
	out=$B/img/$kind/$peer.img
	key=$(key_of "$kind" "$peer")
	if [ "${BENCH_REBUILD:-}" != 1 ] && [ -s "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
		continue
	fi
	say "building $kind:$peer"
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-bench-peer.XXXXXX")
	t0=$SECONDS
	rm -f "$out" "$out.key"
	if ! "build_${peer//-/_}" "$kind" "$out.tmp" >"$WORK.log" 2>&1 || ! [ -s "$out.tmp" ]; then
		tail -n 30 "$WORK.log" | sed 's/^/  /' >&2
		rm -rf "$WORK" "$WORK.log" "$out.tmp"
		die "building $kind:$peer failed"
	fi
	mv "$out.tmp" "$out"
	printf '%s\n' "$key" >"$out.key"
	say "built $kind:$peer in $((SECONDS - t0)) s ($(stat -c %s "$out") bytes)"
	rm -rf "$WORK" "$WORK.log"
done
