#!/usr/bin/env bash
# tools/setup.sh: installs what baton's build, demo and tests need on Debian 12,
# and fetches the test kernel (and Debian's udev package, which
# tests/qemu/t-udev-diff.sh runs in the guest) into a cache outside the work tree.
# Idempotent: packages already present and a kernel already extracted are kept.
# Prints the kernel directory on its last line of stdout (KDIR=...).
set -euo pipefail

PKGS=(musl-tools linux-libc-dev gcc make qemu-system-x86 qemu-utils e2fsprogs fdisk
      gdisk cpio kmod mount xz-utils zstd gzip lz4 file binutils util-linux
      xfsprogs btrfs-progs dosfstools f2fs-tools squashfs-tools erofs-utils genisoimage cryptsetup-bin)
# The klibc flavour (klcc) and the libblkid flavour (static libblkid.a).
PKGS+=(libklibc-dev libblkid-dev)
# make fuzz and the corpus replay: clang and its libFuzzer runtime
# (libclang_rt.fuzzer: Debian 12 ships it in libclang-rt-14-dev, which clang
# only recommends, and setup installs no recommends).
PKGS+=(clang libclang-rt-14-dev)
# The rescue-shell boots put busybox's static sh into a test image.
PKGS+=(busybox-static)
# The libraries Debian 12's udevadm links (t-udev-diff.sh copies the host's
# into the guest's root; fetch_udev below only unpacks udev itself).
PKGS+=(libkmod2 libacl1 libcap2 libselinux1 libblkid1 libssl3 libpcre2-8-0 libzstd1 liblzma5)
# make ilp32-tests: the unit tests built with gcc -m32 (a long has 32 bits
# there, as on klibc's 32-bit targets).
PKGS+=(gcc-multilib)
# Stacked roots (t-stack.sh, baton-mkinitramfs -p luks,lvm,md): the tools
# the images carry, copied from this machine with their libraries.
PKGS+=(cryptsetup-bin lvm2 mdadm)
# Distro integration (issue 13): man page lint, the Debian package build
# and its lintian check, the Debian 12 root of the proof test.
PKGS+=(mandoc debhelper fakeroot lintian mmdebstrap)

# tools/baton-mkdisk and its tests: mtools fills the ESP, systemd-boot-efi
# gives systemd-boot and the EFI stub of the UKIs, ovmf the UEFI firmware
# the images boot with in qemu.
PKGS+=(mtools systemd-boot-efi ovmf)
# root=live:http:// tests (t-livehttp.sh, t-httpget.sh): python3 -m http.server
# serves the images on the loopback.
PKGS+=(python3)

# The NFS root test (tests/qemu/t-nfs.sh): a userspace NFS server with its
# VFS backend (the kernel's nfsd is not needed) and the rpcbind it registers
# with. Started and stopped by the test only: see quiet_nfs_services.
PKGS+=(nfs-ganesha nfs-ganesha-vfs rpcbind)

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root to install packages (apt-get); re-run with sudo"

missing_pkgs() {
	local p
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			printf '%s\n' "$p"
	done
}

install_pkgs() {
	local need
	need=$(missing_pkgs)
	[ -n "$need" ] || return 0
	say "installing: $(echo $need)"
	apt-get update -qq >&2 || die "apt-get update failed: check the Debian archive is reachable"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >&2 ||
		die "apt-get install failed for: $need"
}

CACHE=${BATON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/baton}

kernel_pkg() {
	# The kernel package linux-image-amd64 depends on now, e.g. linux-image-6.1.0-56-amd64.
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1
}

# unpack_deb PKG[=VER] DIR: the package's files in DIR.tmp/root, from
# `apt-get download` + `dpkg -x`, never installed. The caller checks the
# tree, then calls cache_commit DIR VER to make it DIR at once.
unpack_deb() {
	local pkg=$1 dir=$2
	say "fetching $pkg into $dir"
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp/deb"
	# apt downloads as _apt when it can reach the directory; spare the warning.
	chown _apt "$dir.tmp/deb" 2>/dev/null || true
	(cd "$dir.tmp/deb" && apt-get download -qq "$pkg" >&2) || die "apt-get download $pkg failed"
	dpkg -x "$dir.tmp"/deb/*.deb "$dir.tmp/root" || die "dpkg -x of $pkg failed"
	rm -rf "$dir.tmp/deb"
}

cache_commit() { # DIR VER
	printf '%s\n' "$2" >"$1.tmp/version"
	touch "$1.tmp/.complete"
	rm -rf "$1"
	mv "$1.tmp" "$1"
}

fetch_kernel() {
	local pkg ver dir
	pkg=$(kernel_pkg)
	if [ -z "$pkg" ]; then
		apt-get update -qq >&2 || die "apt-get update failed"
		pkg=$(kernel_pkg)
	fi
	[ -n "$pkg" ] || die "cannot tell which kernel linux-image-amd64 depends on (apt-cache depends linux-image-amd64)"
	ver=${pkg#linux-image-}
	dir=$CACHE/kernel/$ver
	if [ ! -f "$dir/.complete" ]; then
		unpack_deb "$pkg" "$dir"
		depmod -b "$dir.tmp/root" "$ver" || die "depmod -b $dir.tmp/root $ver failed"
		[ -f "$dir.tmp/root/boot/vmlinuz-$ver" ] || die "$pkg has no /boot/vmlinuz-$ver"
		cache_commit "$dir" "$ver"
	fi
	printf '%s\n' "$dir"
}

udev_version() {
	apt-cache show --no-all-versions udev 2>/dev/null | sed -n 's/^Version: //p' | head -n1
}

# Debian 12's udev (systemd-udevd, udevadm, its rules, ata_id, scsi_id) for
# tests/qemu/t-udev-diff.sh, which runs it in the guest to compare its
# /dev/disk links with baton's: downloaded and extracted like the kernel,
# never installed (the libraries it links are the host's, copied by the test).
fetch_udev() {
	local ver dir
	ver=$(udev_version)
	if [ -z "$ver" ]; then
		apt-get update -qq >&2 || die "apt-get update failed"
		ver=$(udev_version)
	fi
	[ -n "$ver" ] || die "no udev package to download (apt-cache show udev)"
	dir=$CACHE/udev/$ver
	if [ ! -f "$dir/.complete" ]; then
		unpack_deb "udev=$ver" "$dir"
		[ -x "$dir.tmp/root/bin/udevadm" ] || die "udev $ver has no /bin/udevadm"
		cache_commit "$dir" "$ver"
	fi
	ln -sfn "$dir" "$CACHE/udev/current"
}

# nfs-ganesha's and rpcbind's packages enable and start their services on a
# systemd host (ganesha would serve /etc/ganesha's exports on every address,
# rpcbind listen on port 111). The tests start their own and stop them: the
# services of the packages this run installed are disabled and stopped
# again, so nothing keeps running (an rpcbind installed before is left alone).
quiet_nfs_services() { # the packages install_pkgs installed, one a line
	local units=() u
	[ -d /run/systemd/system ] || return 0
	grep -qx nfs-ganesha <<<"$1" && units+=(nfs-ganesha.service nfs-ganesha-lock.service)
	grep -qx rpcbind <<<"$1" && units+=(rpcbind.socket rpcbind.service)
	[ "${#units[@]}" -gt 0 ] || return 0
	for u in "${units[@]}"; do
		systemctl disable --now "$u" >/dev/null 2>&1 || true
	done
	say "disabled and stopped: ${units[*]} (the tests start their own servers)"
}

newly_installed=$(missing_pkgs)
install_pkgs
quiet_nfs_services "$newly_installed"
fetch_udev
kdir=$(fetch_kernel)
ln -sfn "$kdir" "$CACHE/kernel/current"
say "kernel: $kdir"
printf 'KDIR=%s\n' "$kdir"
