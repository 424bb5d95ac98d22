#!/usr/bin/env bash
# bench/setup.sh: everything `make bench` needs on Debian 12, idempotent.
#   1. tools/setup.sh: the build/test packages and the generic kernel
#      (~/.cache/baton/kernel/<ver>, "current" points at it).
#   2. apt-get install the peers' parts that do NOT take over the host's
#      initramfs generator, and the bench's own tools (gnuplot, ...).
#   3. the cloud kernel of the same ABI, fetched exactly as tools/setup.sh
#      fetches the generic one (apt-get download + dpkg -x + depmod -b) into
#      the same cache layout: ~/.cache/baton/kernel/<ver>-cloud-amd64.
#   4. dracut-core, apt-get download + dpkg -x into ~/.cache/baton/peers/:
#      installing it would enable dracut-shutdown.service and put
#      /etc/dracut.conf on the host. (Its runtime needs: udev, kmod, cpio.)
# Prints KDIR=, CLOUD_KDIR=, DRACUT_DIR= on its last lines of stdout.
# BENCH_GENERIC_ONLY=1 (make bench with BENCH_FLOOR=1): only what the floor
# comparison needs (tiny-initramfs-core); no cloud kernel, no dracut, and
# CLOUD_KDIR= DRACUT_DIR= empty.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bench-setup: %s\n' "$*" >&2; }
die() { printf 'bench-setup: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, unshare, mounts); re-run with sudo"

# -- 1. baton's own setup -------------------------------------------------------
kdir=$(tools/setup.sh | sed -n 's/^KDIR=//p' | tail -n1)
[ -n "$kdir" ] && [ -f "$kdir/version" ] || die "tools/setup.sh gave no kernel directory"
kver=$(cat "$kdir/version")

# -- 2. packages -------------------------------------------------------------------
# Checked against the Debian 12 packages (see "Benchmark" in README.md): none of these Provides linux-initramfs-tool except
# initramfs-tools, which the boot lab installs as well (it is one of the
# peers and its mkinitramfs needs its own hooks and scripts where they
# live). tiny-initramfs-core (mktirfs + its static init) has no kernel
# hooks and depends only on cpio; the `tiny-initramfs` package, which
# conflicts with initramfs-tools, is NOT installed. klibc-utils only adds
# an initramfs-tools hook (initramfs-tools-core depends on it anyway).
PKGS=(gnuplot-nox busybox-static klibc-utils tiny-initramfs-core initramfs-tools
      udev kmod cpio zstd gzip e2fsprogs util-linux coreutils musl-tools gdisk)
GENERIC_ONLY=${BENCH_GENERIC_ONLY:-}
[ "$GENERIC_ONLY" = 1 ] && PKGS=(tiny-initramfs-core kmod cpio gzip e2fsprogs musl-tools gdisk)
need=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	say "installing: ${need[*]}"
	apt-get update -qq >&2 || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 ||
		die "apt-get install failed for: ${need[*]}"
fi
# The generator the host ends up with must be initramfs-tools at most.
for p in tiny-initramfs dracut; do
	if dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		say "warning: $p is installed: it is the host's initramfs generator now (the bench does not need it)"
	fi
done

CACHE=${BATON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/baton}

# fetch_deb_tree PKG DIR: apt-get download PKG, dpkg -x into DIR.tmp/root
# (the caller finishes DIR.tmp and renames it DIR).
fetch_deb_tree() {
	local pkg=$1 dir=$2 dl
	say "fetching $pkg into $dir"
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	# apt downloads as _apt where _apt can write (not under /root)
	dl=$(mktemp -d "${TMPDIR:-/tmp}/baton-bench-deb.XXXXXX")
	chown _apt "$dl" 2>/dev/null || true
	(cd "$dl" && apt-get download -qq "$pkg" >&2) || { rm -rf "$dl"; die "apt-get download $pkg failed"; }
	dpkg -x "$dl"/*.deb "$dir.tmp/root" || { rm -rf "$dl"; die "dpkg -x of $pkg failed"; }
	dpkg-deb -f "$dl"/*.deb Version >"$dir.tmp/pkgversion"
	rm -rf "$dl"
}

if [ "$GENERIC_ONLY" = 1 ]; then
	printf 'KDIR=%s\nCLOUD_KDIR=\nDRACUT_DIR=\n' "$kdir"
	exit 0
fi

# -- 3. the cloud kernel, same ABI as the generic one ------------------------------
cver=${kver%-amd64}-cloud-amd64
cdir=$CACHE/kernel/$cver
if [ ! -f "$cdir/.complete" ]; then
	fetch_deb_tree "linux-image-$cver" "$cdir"
	depmod -b "$cdir.tmp/root" "$cver" || die "depmod -b $cdir.tmp/root $cver failed"
	[ -f "$cdir.tmp/root/boot/vmlinuz-$cver" ] || die "linux-image-$cver has no /boot/vmlinuz-$cver"
	printf '%s\n' "$cver" >"$cdir.tmp/version"
	touch "$cdir.tmp/.complete"
	rm -rf "$cdir"
	mv "$cdir.tmp" "$cdir"
fi

# -- 4. dracut-core, extracted only ------------------------------------------------------
dver=$(apt-cache policy dracut-core 2>/dev/null | sed -n 's/^ *Candidate: //p')
[ -n "$dver" ] && [ "$dver" != "(none)" ] || die "apt-cache knows no dracut-core"
ddir=$CACHE/peers/dracut-core-$dver
if [ ! -f "$ddir/.complete" ]; then
	fetch_deb_tree dracut-core "$ddir"
	touch "$ddir.tmp/.complete"
	rm -rf "$ddir"
	mv "$ddir.tmp" "$ddir"
fi

printf 'KDIR=%s\nCLOUD_KDIR=%s\nDRACUT_DIR=%s\n' "$kdir" "$cdir" "$ddir"
