#!/usr/bin/env bash
# tests/unit/t-rootmount.sh: init/rootmount.c's fall-through from one
# filesystem type to the next, on real block devices (loop devices over
# image files, and a node of a major no driver has), through
# build/tests/tool_rootmount in a private mount namespace. As the kernel's
# mount_root_generic and klibc's mount_block: only "not this filesystem"
# (EINVAL, or ENODEV for a type the kernel lacks) goes on to the next type;
# any other error is the device's and ends the tries; the error returned
# (and explained by main.c's mount_hint) is the first informative one.
# Needs root (mount, losetup). Prints "ok NAME" / "not ok NAME - why".
set -u
cd "$(dirname "$0")/../.." || exit 2

TOOL=build/tests/tool_rootmount
. tests/unit/lib.sh
need_tools rootmount losetup mkfs.ext4 truncate
need_helper rootmount "$TOOL" "make tests"
[ "$(id -u)" = 0 ] || { echo "not ok rootmount-root - needs root (mount, losetup)"; exit 1; }

loops=()
trap 'for l in "${loops[@]}"; do losetup -d "$l"; done; rm -rf "$tmp"' EXIT
attach() { # IMG [-r]: the loop device's MAJ:MIN in $DEV
	local l
	l=$(losetup -f --show "${@:2}" "$1") || return 1
	loops+=("$l")
	DEV=$(printf '%d:%d' "$(stat -c '0x%t' "$l")" "$(stat -c '0x%T' "$l")")
}

# run NAME MAJMIN CMDLINE [TYPE]: the tool's output in $tmp/NAME.out
run() {
	"$TOOL" "$2" "$3" ${4:+"$4"} >"$tmp/$1.out" 2>&1
}

# expect NAME WANT-RESULT-LINE [MAX-TRIES]: RESULT line as wanted, and at
# most MAX-TRIES "mount /dev/root as" lines (types tried and given up on).
expect() {
	local name=$1 want=$2 max=${3:-} got tries
	got=$(grep '^RESULT' "$tmp/$name.out")
	tries=$(grep -c 'mount /dev/root as' "$tmp/$name.out")
	if [ "$got" != "RESULT $want" ]; then
		fail "rootmount/$name" "got '$got', want 'RESULT $want'; output: $(tr '\n' '|' <"$tmp/$name.out")"
	elif [ -n "$max" ] && [ "$tries" -gt "$max" ]; then
		fail "rootmount/$name" "$tries types tried after a device error (at most $max): $(grep 'mount /dev/root as' "$tmp/$name.out" | head -3 | tr '\n' '|')"
	else
		pass "rootmount/$name"
	fi
}

mkx ext4 16M mkfs.ext4 -q -F @ || { fail rootmount/mkfs "mkfs.ext4 failed"; exit 1; }
truncate -s 16M "$tmp/zero.img"
{ attach "$tmp/ext4.img" && EXT4=$DEV && attach "$tmp/zero.img" && ZERO=$DEV &&
	attach "$tmp/ext4.img" -r && EXT4_RO=$DEV; } ||
	{ fail rootmount/losetup "cannot attach loop devices"; exit 1; }
# A block major no driver registered: every mount fails with ENXIO.
NODRV=
for m in $(seq 240 254); do
	awk '/^Block devices:/{b=1;next} b && $1=='"$m"'{f=1} END{exit !f}' /proc/devices || { NODRV=$m:0; break; }
done
[ -n "$NODRV" ] || { fail rootmount/major "no free block major in 240-254"; exit 1; }

# A device error ends the tries: one type tried, its error returned (it
# tried every block type in /proc/filesystems, returning the last one's).
run nodriver-guessing "$NODRV" "root=/dev/root"
expect nodriver-guessing "-6 No such device or address" 0
run nodriver-listed "$NODRV" "root=/dev/root rootfstype=ext4,xfs,btrfs"
expect nodriver-listed "-6 No such device or address" 0
# Not this filesystem: the next type is tried, and it mounts.
run fallthrough "$EXT4" "root=/dev/root rootfstype=xfs,btrfs,ext4"
expect fallthrough "0 ok" 2
grep -q '^MOUNTED ext4 ro$' "$tmp/fallthrough.out" && pass rootmount/fallthrough-mounted ||
	fail rootmount/fallthrough-mounted "not mounted as ext4 read-only: $(tr '\n' '|' <"$tmp/fallthrough.out")"
run probed "$EXT4" "root=/dev/root rw" ext4
grep -q '^MOUNTED ext4 rw$' "$tmp/probed.out" && pass rootmount/probed-rw ||
	fail rootmount/probed-rw "not mounted as ext4 read-write: $(tr '\n' '|' <"$tmp/probed.out")"
# A device refusing writes: read-only retry (EACCES is not a fall-through).
run readonly "$EXT4_RO" "root=/dev/root rw rootfstype=ext4"
grep -q '^MOUNTED ext4 ro$' "$tmp/readonly.out" && pass rootmount/readonly-retry ||
	fail rootmount/readonly-retry "not mounted read-only: $(tr '\n' '|' <"$tmp/readonly.out")"
# Nothing there: a typo'd type (ENODEV) is the informative error, not the
# EINVAL of the types after it (it returned the last one's EINVAL).
run typo-first "$ZERO" "root=/dev/root rootfstype=ext44,ext4,xfs"
expect typo-first "-19 No such device"
run unknown-content "$ZERO" "root=/dev/root rootfstype=ext4,xfs"
expect unknown-content "-22 Invalid argument"
exit $((failed > 0))
