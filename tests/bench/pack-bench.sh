#!/usr/bin/env bash
# tests/bench/pack-bench.sh: how fast baton-pack packs a ~500 MB tree of
# mixed files, against GNU cpio -o -H newc on the same tree in the same run,
# and how fast baton-check reads a ~100 MB image (plain and gzip'd).
# Not part of make check (it writes ~1.5 GB to $TMPDIR and takes a minute).
#   tests/bench/pack-bench.sh [ROUNDS]     (default 3; the best round counts)
# Prints one line per measurement and ends with
#   pack ratio: GNU cpio / baton-pack = N.NNx
set -u
cd "$(dirname "$0")/../.." || exit 2
ROUNDS=${1:-3}
PACK=${BATON_PACK:-build/baton-pack}
CHECK=${BATON_CHECK:-build/baton-check}
for b in "$PACK" "$CHECK"; do
	[ -x "$b" ] || make -s "$b" || { echo "bench: cannot build $b" >&2; exit 1; }
done
command -v cpio >/dev/null || { echo "bench: GNU cpio missing (apt-get install cpio)" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/pack-bench.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
export LC_ALL=C
R=$W/tree

# -- the trees: random data, so nothing is sparse or compressible ---------------
# make_tree DIR BIG MID SMALL: BIG files of 32 MiB, MID of 200 KiB in 30
# directories, SMALL of 1 KiB in 270 directories, 600 symlinks, 20 hard links.
make_tree() {
	local r=$1 d
	mkdir -p "$r/big" "$r/lib" "$r/etc"
	head -c $(($2 * 32 << 20)) /dev/urandom | (cd "$r/big" && split -b 32M -a 2 - big.)
	for d in $(seq -w 0 29); do
		mkdir -p "$r/lib/m$d"
		head -c $(($3 / 30 * 200 << 10)) /dev/urandom | (cd "$r/lib/m$d" && split -b 200K -a 3 - mid.)
	done
	for d in $(seq -w 0 269); do
		mkdir -p "$r/etc/d$d"
		head -c $(($4 / 270 << 10)) /dev/urandom | (cd "$r/etc/d$d" && split -b 1K -a 3 - s.)
	done
	for d in $(seq 1 600); do ln -s "../m$((d % 30))" "$r/lib/link$d"; done
	for d in $(seq 1 20); do ln "$r/big/big.aa" "$r/big/hard$d"; done
}
make_tree "$R" 8 1200 6210
files=$(find "$R" -type f | wc -l)
mb=$(du -sm --apparent-size "$R" | cut -f1)
echo "tree: $mb MiB in $files files, $(find "$R" -type d | wc -l) dirs, $(find "$R" -type l | wc -l) symlinks"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
best() { printf '%s\n' "$@" | sort -g | head -n1; }

# -- packing: the best of ROUNDS each, alternating, page cache warm -------------
cat "$R"/big/* >/dev/null		# warm the cache once for both
sync
tp=() tc=()
for r in $(seq 1 "$ROUNDS"); do
	rm -f "$W/out.pack" "$W/out.cpio"
	t0=$(now); "$PACK" -o "$W/out.pack" "$R" || exit 1; t1=$(now)
	tp+=("$(secs "$t0" "$t1")")
	t0=$(now); (cd "$R" && find . -mindepth 1 | sort | cpio -o -H newc --quiet >"$W/out.cpio") || exit 1; t1=$(now)
	tc+=("$(secs "$t0" "$t1")")
	echo "round $r: baton-pack ${tp[-1]} s, GNU cpio ${tc[-1]} s"
done
bp=$(best "${tp[@]}"); bc=$(best "${tc[@]}")
# Both wrote the same members.
(cd "$W" && cpio -it <out.pack 2>/dev/null | sort >names.pack; cpio -it <out.cpio 2>/dev/null | sed 's|^\./||' | sort >names.cpio)
cmp -s "$W/names.pack" "$W/names.cpio" || echo "bench: WARNING: the two archives list different members" >&2
echo "pack: baton-pack $bp s ($(stat -c %s "$W/out.pack") bytes), GNU cpio -o -H newc $bc s ($(stat -c %s "$W/out.cpio") bytes)"

# -- checking a ~100 MB image -------------------------------------------------------------
rm -f "$W/out.cpio" "$W/out.pack"
make_tree "$W/t100" 1 330 5400
cp build/testinit "$W/t100/init" 2>/dev/null || true
"$PACK" -o "$W/100.cpio" "$W/t100" || exit 1
gzip -6 -c "$W/100.cpio" >"$W/100.cpio.gz"
for img in 100.cpio 100.cpio.gz; do
	t0=$(now); "$CHECK" -q "$W/$img" 2>/dev/null; rc=$?; t1=$(now)
	echo "check: baton-check $img ($(( $(stat -c %s "$W/$img") >> 20 )) MiB; $(( $(stat -c %s "$W/100.cpio") >> 20 )) MiB of newc, $(cpio -it <"$W/100.cpio" 2>/dev/null | wc -l) members): $(secs "$t0" "$t1") s, exit $rc"
done
awk -v p="$bp" -v c="$bc" 'BEGIN { printf "pack ratio: GNU cpio / baton-pack = %.2fx\n", c / p }'
