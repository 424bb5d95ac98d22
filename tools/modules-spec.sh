#!/usr/bin/env bash
# tools/modules-spec.sh: the module part of `make image`, for a list of
# module names: those modules with every dependency and soft dependency,
# /etc/baton/modules naming them (/init's loader starts with them, whatever
# the devices, until the root device appears; see README), the trimmed module index /init matches devices against
# (so the drivers of other devices load too) and /sbin/modprobe -> /init.
#   tools/modules-spec.sh KDIR LIST OUTDIR > modules.spec
# KDIR is an extracted kernel (KDIR/root/lib/modules/VER, KDIR/version), as
# tools/setup.sh makes; LIST has one module name per line (# comments);
# OUTDIR receives the files the spec names. The work is done by
# tools/baton-mkinitramfs --spec-only (see there): dependencies resolved
# from the kernel's own index as modprobe would, compressed modules stored
# decompressed unless the kernel decompresses itself.
set -euo pipefail

die() { printf 'modules-spec: error: %s\n' "$*" >&2; exit 1; }

[ $# -eq 3 ] || die "usage: $0 KDIR LIST OUTDIR"
kdir=$1 list=$2 out=$3
[ -f "$kdir/version" ] || die "$kdir/version missing: no extracted kernel there (run tools/setup.sh)"
ver=$(cat "$kdir/version")
[ -d "$kdir/root/lib/modules/$ver" ] || die "$kdir/root/lib/modules/$ver missing"
[ -f "$list" ] || die "module list $list missing"

names=$(sed 's/#.*//' "$list" | tr -s ' \t' '\n\n' | grep -v '^$' | paste -sd, -) ||
	die "no module names in $list"
exec "$(dirname "$0")/baton-mkinitramfs" --spec-only "$out" -k "$kdir/root/lib/modules/$ver" \
	-l "$names" "$ver"
