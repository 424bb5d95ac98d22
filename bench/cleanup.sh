#!/usr/bin/env bash
# bench/cleanup.sh: the rootfs-cleanup micro-benchmark. An initramfs-like
# tree of N entries on a tmpfs, with a second tmpfs on /newroot and small
# tmpfs mounts on /dev /proc /sys /run, is the root (chroot) of a contestant
# running as PID 1 of a new pid namespace, in a private mount namespace, as
# the kernel runs /init. The mount under that tmpfs is made shared, so
# pivot_root fails with EINVAL there as it does on the kernel's rootfs: a
# switch_root that tries pivot_root first takes its initramfs path (move +
# delete), as in a real boot. Each contestant switches root and execs
# /stamp in the new root:
#   baton       build/bench/batonsr: init/switchroot.c's switch_root()
#   util-linux  /usr/sbin/switch_root /newroot /stamp
#   busybox     busybox switch_root /newroot /stamp (busybox-static)
# Measured: handover (exec of the contestant -> /stamp runs) and done (->
# every child of PID 1 gone: util-linux deletes in a forked child while the
# new init already runs), and what is left of the old tree afterwards
# (seen through a bind mount of the old tmpfs made before the switch).
#   bench/cleanup.sh OUT.csv ROUNDS N
# Contestants run round-robin, the order turning each round; rows: round,contestant,handover_ms,done_ms,left.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(pwd)/build/bench
die() { printf 'bench-cleanup: error: %s\n' "$*" >&2; exit 1; }

# -- one run, inside `unshare --mount --propagation private` -------------------
if [ "${1:-}" = --one ]; then
	who=$2 n=$3 dir=$4
	r=$dir/root
	mkdir -p "$r" "$dir/peek"
	mount -t tmpfs -o mode=0755,size=90% rmbench-initramfs "$r"
	mount --bind "$r" "$dir/peek"
	"$BIN/rmbench" mktree "$r" "$n"
	mkdir -p "$r"/{dev,proc,sys,run,newroot,bin,sbin,etc}
	for m in dev proc sys run; do mount -t tmpfs -o size=1m "rmbench-$m" "$r/$m"; done
	cp "$BIN/rmbench" "$r/init"	# busybox wants /init to be a regular file
	mount -t tmpfs -o size=16m rmbench-newroot "$r/newroot"
	mkdir -p "$r/newroot"/{dev,proc,sys,run}
	cp "$BIN/rmbench" "$r/newroot/stamp"
	# Only the mount under the tree (this namespace's copy of /, a peer
	# group of its own): pivot_root refuses a root whose parent is shared.
	mount --make-shared /
	case $who in
	baton)
		cp "$BIN/batonsr" "$r/bin/batonsr"
		prog=(/bin/batonsr) ;;
	busybox)
		cp /bin/busybox "$r/bin/busybox"
		prog=(/bin/busybox switch_root /newroot /stamp) ;;
	util-linux)
		cp /usr/sbin/switch_root "$r/sbin/switch_root"
		# its shared libraries, at the paths the loader asks for
		ldd /usr/sbin/switch_root | grep -oE '/[^ ]+' | while read -r lib; do
			mkdir -p "$r$(dirname "$lib")"
			cp -L "$lib" "$r$lib"
		done
		prog=(/sbin/switch_root /newroot /stamp) ;;
	*) die "unknown contestant $who" ;;
	esac
	before=$(find "$dir/peek" -mindepth 1 | wc -l)
	out=$(unshare --pid --fork --kill-child -- "$BIN/rmbench" launch "$r" "${prog[@]}" 2>"$dir/stderr") ||
		{ cat "$dir/stderr" >&2; die "$who: the switch failed"; }
	left=$(find "$dir/peek" -mindepth 1 | wc -l)
	echo "$out before=$before left=$left"
	exit 0
fi

[ $# -eq 3 ] || die "usage: $0 OUT.csv ROUNDS N"
csv=$1 rounds=$2 n=$3
for f in "$BIN/rmbench" "$BIN/batonsr"; do [ -x "$f" ] || die "$f missing (bench/run.sh builds it)"; done
echo "round,contestant,handover_ms,done_ms,entries_before,entries_left" >"$csv"
work=$(mktemp -d "${TMPDIR:-/tmp}/baton-rmbench.XXXXXX")
child=
trap 'rm -rf "$work"' EXIT
# timeout(1) passes a TERM on to its whole process group: nothing stays.
trap '[ -z "$child" ] || kill -TERM "$child" 2>/dev/null; wait; exit 143' TERM INT HUP
for ((round = 1; round <= rounds; round++)); do
	# the order turns each round, so no contestant always goes first
	all=(baton util-linux busybox)
	for ((i = 0; i < 3; i++)); do
		who=${all[(i + round) % 3]}
		d=$work/$who.$round
		timeout 300 unshare --mount --propagation private -- "$0" --one "$who" "$n" "$d" >"$d.out" &
		child=$!
		wait "$child" || die "$who round $round failed"
		child=
		res=$(cat "$d.out")
		rm -f "$d.out"
		rm -rf "$d"
		h=$(sed -n 's/.*handover_ns=\([0-9]*\).*/\1/p' <<<"$res")
		dn=$(sed -n 's/.*done_ns=\([0-9]*\).*/\1/p' <<<"$res")
		b=$(sed -n 's/.*before=\([0-9]*\).*/\1/p' <<<"$res")
		l=$(sed -n 's/.*left=\([0-9]*\).*/\1/p' <<<"$res")
		[ -n "$h" ] && [ -n "$dn" ] || die "$who round $round: no timing in: $res"
		awk -v r="$round" -v w="$who" -v h="$h" -v d="$dn" -v b="$b" -v l="$l" \
			'BEGIN { printf "%d,%s,%.2f,%.2f,%d,%d\n", r, w, h / 1e6, d / 1e6, b, l }' >>"$csv"
	done
done
