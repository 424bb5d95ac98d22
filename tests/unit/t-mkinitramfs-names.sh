#!/usr/bin/env bash
# tests/unit/t-mkinitramfs-names.sh: tools/baton-mkinitramfs takes module names and
# aliases as written. -m/-l/-p lists were split by an unquoted expansion, so
# a name with a glob character was pathname-expanded against the current
# directory: with a file "fuse" there, -m 'fus[e]' packed fuse.ko instead of
# saying no module is called "fus[e]". Each case runs --spec-only on the
# test kernel's module tree (tools/setup.sh fetches it) in an empty
# directory and in one holding files the names would expand to; the exit
# status, the messages and the spec must be the same.
# Prints "ok NAME" / "not ok NAME - why"; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh

repo=$(pwd)
KDIR=${BATON_KDIR:-$HOME/.cache/baton/kernel/current}
VER=$(cat "$KDIR/version" 2>/dev/null) ||
	{ echo "not ok mkinitramfs-kernel - no test kernel at $KDIR: run tools/setup.sh"; exit 1; }
MODDIR=$KDIR/root/lib/modules/$VER
need_helper mkinitramfs build/init "make"

mkdir -p "$tmp/empty" "$tmp/trap"
touch "$tmp/trap/fuse" "$tmp/trap/usb:vABCDpX" "$tmp/trap/default"

# spec DIR NAME ARGS...: --spec-only run in DIR; rc, stderr and spec (with
# the output directory's name made neutral) in $tmp/NAME.res
spec() {
	local dir=$1 name=$2 rc; shift 2
	(cd "$tmp/$dir" && "$repo/tools/baton-mkinitramfs" --spec-only "$tmp/out-$name" -k "$MODDIR" \
		-i "$repo/build/init" "$@" "$VER" >"$tmp/$name.spec" 2>"$tmp/$name.err")
	rc=$?
	{ echo "rc=$rc"; sed "s|$tmp/out-$name|OUT|g" "$tmp/$name.err" "$tmp/$name.spec"; } >"$tmp/$name.res"
}

same() { # CASE ARGS...
	local c=$1; shift
	spec empty "$c-empty" "$@"
	spec trap "$c-trap" "$@"
	if cmp -s "$tmp/$c-empty.res" "$tmp/$c-trap.res"; then
		pass "mkinitramfs/$c"
	else
		fail "mkinitramfs/$c" "result depends on the files in the current directory: $(diff "$tmp/$c-empty.res" "$tmp/$c-trap.res" | head -4 | tr '\n' '|')"
	fi
}

same module-glob -p none -m 'fus[e]'
same alias-glob -p none -m 'usb:v*'
same load-glob -p none -l 'fus?'
same profile-glob -p 'defaul[t]'
grep -q 'module fus\[e\] not found' "$tmp/module-glob-trap.res" && pass mkinitramfs/module-glob-said ||
	fail mkinitramfs/module-glob-said "no 'module fus[e] not found': $(head -3 "$tmp/module-glob-trap.res" | tr '\n' '|')"
exit $((failed > 0))
