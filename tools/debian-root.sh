#!/usr/bin/env bash
# tools/debian-root.sh: a real Debian 12 root for tests/pkg/t-debian-root.sh,
# built once with mmdebstrap (minbase + systemd-sysv, udev, kmod, linux-base,
# e2fsprogs, zstd: what a Debian user starts from) from Debian's archive,
# and the .deb of the test kernel (the version tools/setup.sh fetched), both
# cached in ${XDG_CACHE_HOME:-~/.cache}/baton/debian12/. Prints that
# directory. Running it again does nothing. Needs root (mmdebstrap --mode=root).
set -euo pipefail
CACHE=${BATON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/baton}
KDIR=${BATON_KDIR:-$CACHE/kernel/current}
dir=$CACHE/debian12
say() { printf 'debian-root: %s\n' "$*" >&2; }
die() { printf 'debian-root: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap --mode=root, chroot)"
command -v mmdebstrap >/dev/null || die "mmdebstrap missing: run tools/setup.sh"
kver=$(cat "$KDIR/version" 2>/dev/null) || die "no test kernel at $KDIR: run tools/setup.sh"
if [ -f "$dir/.complete" ] && [ "$(cat "$dir/kernel-version")" = "$kver" ]; then
	echo "$dir"
	exit 0
fi
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp/deb"
say "building a Debian 12 root with mmdebstrap into $dir (minutes, once)"
mmdebstrap --mode=root --variant=minbase --quiet \
	--include=systemd-sysv,udev,kmod,linux-base,e2fsprogs,zstd \
	bookworm "$dir.tmp/root" \
	"deb http://deb.debian.org/debian bookworm main" \
	"deb http://deb.debian.org/debian bookworm-updates main" \
	"deb http://deb.debian.org/debian-security bookworm-security main" >&2 ||
	die "mmdebstrap failed (is deb.debian.org reachable?)"
[ -x "$dir.tmp/root/lib/systemd/systemd" ] || die "the root has no systemd"
chown _apt "$dir.tmp/deb" 2>/dev/null || true
(cd "$dir.tmp/deb" && apt-get download -qq "linux-image-$kver" >&2) ||
	die "apt-get download linux-image-$kver failed"
echo "$kver" >"$dir.tmp/kernel-version"
touch "$dir.tmp/.complete"
rm -rf "$dir"
mv "$dir.tmp" "$dir"
echo "$dir"
