#!/usr/bin/env bash
# tests/unit/t-pack.sh: baton-pack, the spec-to-newc packer. Packs a spec
# using every line type, reads it back with GNU cpio (listing and, as root,
# extraction) and with a small newc walker below (header fields, hard-link
# data placement, alignment, padding), checks reproducibility, and that
# every kind of spec error exits non-zero naming FILE:LINE with no output
# file and no temporary left behind. Then the rest: directory trees as
# input (order, hard links, owners, merging with specs, reproducibility),
# -z through the standard tools (read back by them; the kernel's settings),
# -A appending and joining with NUL padding, -c checksums (GNU cpio
# verifies them), --align, and that a failing compressor leaves nothing.
# BATON_PACK=path runs another build (e.g. a sanitizer one) instead.
# shellcheck disable=SC2016 # single-quoted ${VAR} is spec text: baton-pack expands it
set -u
cd "$(dirname "$0")/../.." || exit 2

PACK=${BATON_PACK:-build/baton-pack}
if [ ! -x "$PACK" ]; then
	make -s build/baton-pack >&2 || { echo "not ok pack-build - make build/baton-pack failed"; exit 1; }
fi
if ! cpio --version 2>/dev/null | grep -q 'GNU cpio'; then
	echo "not ok pack-tools - GNU cpio missing: run tools/setup.sh"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/t-pack.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
export TZ=UTC LC_ALL=C
unset SOURCE_DATE_EPOCH
failed=0

ok() { echo "ok $1"; }
nok() { echo "not ok $1 - $2"; failed=$((failed + 1)); }
# check NAME WHY CMD...: ok if CMD succeeds, else "not ok NAME - WHY".
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then ok "$name"; else nok "$name" "$why"; fi
}

# pack [ENV=VAL...] -- ARGS...: runs baton-pack; sets rc, and err to its stderr.
# A sanitizer report counts as a crash whatever the exit status; a hang
# (timeout's 124) fails too.
pack() {
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	timeout 60 env "${envs[@]}" "$PACK" "$@" 2>"$T/stderr"
	rc=$?
	err=$(cat "$T/stderr")
	if grep -qE 'Sanitizer|runtime error:' "$T/stderr"; then
		echo "# $err" >&2
		rc=99
	fi
	return 0
}

# newc_dump IMG: walks the archive itself, one line per member:
#   name ino mode(octal) nlink filesize mtime devmajor devminor rdevmajor rdevminor
# then "END <offset after the trailer>". Fails on a bad magic (misalignment).
newc_dump() {
	local img=$1 off=0 total hdr name namesize size
	total=$(stat -c %s "$img")
	while [ "$off" -lt "$total" ]; do
		hdr=$(tail -c +$((off + 1)) "$img" | head -c 110)
		[ "${hdr:0:6}" = 070701 ] || { echo "BAD-MAGIC at $off"; return 1; }
		namesize=$((16#${hdr:94:8}))
		size=$((16#${hdr:54:8}))
		name=$(tail -c +$((off + 111)) "$img" | head -c $((namesize - 1)))
		echo "$name $((16#${hdr:6:8})) $(printf %o $((16#${hdr:14:8}))) $((16#${hdr:38:8}))" \
			"$size $((16#${hdr:46:8})) $((16#${hdr:62:8})) $((16#${hdr:70:8}))" \
			"$((16#${hdr:78:8})) $((16#${hdr:86:8}))"
		off=$(((off + 110 + namesize + 3) / 4 * 4))
		off=$(((off + size + 3) / 4 * 4))
		if [ "$name" = 'TRAILER!!!' ]; then echo "END $off"; return 0; fi
	done
	echo "NO-TRAILER"
	return 1
}

# -- the full spec --------------------------------------------------------
S=$T/src
mkdir -p "$S" "$T/out"
printf 'hello from baton\n' >"$S/hello"
printf 'one inode, three names\n' >"$S/linked"
: >"$S/empty"
head -c 300001 /dev/urandom >"$S/big"	# odd size: data padding
printf '#!/bin/sh\n' >"$S/suid"

cat >"$T/full.spec" <<'EOF'
# every line type baton-pack knows
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/sda1 0660 0 6 b 8 1

dir /bin 0755 0 0
file /bin/tool ${PACKSRC}/linked 0755 0 0 /bin/tool-a /bin/tool-b
	file	/bin/hello	${PACKSRC}/hello	644	1000	100
  # an indented comment
file /big ${PACKSRC}/big 0600 0 0
file /empty ${PACKSRC}/empty 0444 0 0
file /bin/suid ${PACKSRC}/suid 4755 0 0
slink /bin/sh tool 0777 0 0
slink /lib ../usr/lib 0777 0 0
dir /${RUNDIR} 1777 0 0
pipe /run/fifo 0620 0 5
sock /run/sock 0755 0 0
EOF

IMG=$T/out/full.img
pack PACKSRC="$S" RUNDIR=run -- -o "$IMG" "$T/full.spec"
check pack-full "exit $rc: $err" [ "$rc" = 0 -a -z "$err" -a -s "$IMG" ]
check pack-no-temp "left $(ls "$T/out")" [ "$(ls "$T/out")" = full.img ]

# Listing by GNU cpio, normalised to: name mode nlink uid gid size|"maj, min" [target]
TZ=UTC cpio -itv --numeric-uid-gid <"$IMG" 2>"$T/cpio.err" |
	awk '$1 ~ /^[bc]/ { print $10, $1, $2, $3, $4, $5, $6; next }
	     { t = ($10 == "->") ? " " $11 : ""; print $9, $1, $2, $3, $4, $5 t }' >"$T/list"
cat >"$T/list.want" <<EOF
dev drwxr-xr-x 2 0 0 0
dev/console crw------- 1 0 0 5, 1
dev/sda1 brw-rw---- 1 0 6 8, 1
bin drwxr-xr-x 2 0 0 0
bin/tool -rwxr-xr-x 3 0 0 0
bin/tool-a -rwxr-xr-x 3 0 0 0
bin/tool-b -rwxr-xr-x 3 0 0 $(stat -c %s "$S/linked")
bin/hello -rw-r--r-- 1 1000 100 $(stat -c %s "$S/hello")
big -rw------- 1 0 0 300001
empty -r--r--r-- 1 0 0 0
bin/suid -rwsr-xr-x 1 0 0 $(stat -c %s "$S/suid")
bin/sh lrwxrwxrwx 1 0 0 4 tool
lib lrwxrwxrwx 1 0 0 10 ../usr/lib
run drwxrwxrwt 2 0 0 0
run/fifo prw--w---- 1 0 5 0
run/sock srwxr-xr-x 1 0 0 0
EOF
cols() { awk -v f="$1" 'BEGIN { n = split(f, c, ",") } { s = ""; for (i = 1; i <= n; i++) s = s " " $(c[i]); print s }' "$2"; }
same_cols() { [ "$(cols "$1" "$T/list")" = "$(cols "$1" "$T/list.want")" ]; }
check list-cpio-reads "cpio -itv: $(cat "$T/cpio.err")" grep -qx '[0-9]* blocks' "$T/cpio.err"
check list-names "names differ (no leading /, spec order): $(cols 1 "$T/list" | tr '\n' ' ')" same_cols 1
check list-modes "type letters/permissions differ: $(cols 1,2 "$T/list" | tr '\n' ' ')" same_cols 1,2
check list-owners "uid/gid differ: $(cols 1,4,5 "$T/list" | tr '\n' ' ')" same_cols 1,4,5
check list-devices "want '5, 1' and '8, 1': $(grep '^dev/' "$T/list" | tr '\n' ' ')" same_cols 1,6,7
check list-symlinks "targets differ: $(grep -- ' l' "$T/list" | tr '\n' ' ')" same_cols 1,7
check list-sizes-nlinks "sizes/nlinks differ: $(cols 1,3,6 "$T/list" | tr '\n' ' ')" same_cols 1,3,6

# The archive's own headers.
newc_dump "$IMG" >"$T/dump" 2>&1
dump_ok() { grep -q '^END ' "$T/dump" && ! grep -qE '^(BAD-MAGIC|NO-TRAILER)' "$T/dump"; }
check newc-walk "walker: $(tail -n 1 "$T/dump")" dump_ok
field() { awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$T/dump"; }
hl="$(field bin/tool 2)/$(field bin/tool-a 2)/$(field bin/tool-b 2) $(field bin/tool 5)/$(field bin/tool-a 5)/$(field bin/tool-b 5)"
want_hl="5/5/5 0/0/$(stat -c %s "$S/linked")"
check newc-hardlink-data-last "ino and sizes of tool,tool-a,tool-b: $hl, want $want_hl" [ "$hl" = "$want_hl" ]
inos=$(awk '$1 != "END" && $1 != "TRAILER!!!" { printf "%s ", $2 }' "$T/dump")
check newc-inodes-sequential "got $inos" [ "$inos" = "1 2 3 4 5 5 5 6 7 8 9 10 11 12 13 14 " ]
mtimes=$(awk '$1 != "END" { print $6 }' "$T/dump" | sort -u | tr '\n' ' ')
check newc-mtime-default-0 "mtimes $mtimes" [ "$mtimes" = "0 " ]
devs=$(awk '$1 != "END" { print $7, $8 }' "$T/dump" | sort -u | tr '\n' ' ')
check newc-devno-fixed "c_devmajor/minor $devs" [ "$devs" = "0 0 " ]
end=$(awk '$1 == "END" { print $2 }' "$T/dump")
size=$(stat -c %s "$IMG")
check newc-size-512 "size $size" [ $((size % 512)) = 0 ]
tailnul() { [ -n "$end" ] && [ "$(tail -c +$((end + 1)) "$IMG" | tr -d '\0' | wc -c)" = 0 ] && [ $((size - end)) -lt 512 ]; }
check newc-trailer-padding "after TRAILER!!! at $end of $size: not only NULs, or >= 512" tailnul

# -- extraction by GNU cpio (as root: device nodes and owners) -------------
if [ "$(id -u)" != 0 ]; then
	nok extract "must run as root to create device nodes and keep owners"
else
	X=$T/x
	mkdir "$X"
	(cd "$X" && cpio -idm --no-absolute-filenames <"$IMG") 2>"$T/x.err"
	check extract-runs "cpio -idm: $(cat "$T/x.err")" grep -qx '[0-9]* blocks' "$T/x.err"
	same_data() {
		cmp -s "$X/bin/tool" "$S/linked" && cmp -s "$X/bin/tool-b" "$S/linked" &&
			cmp -s "$X/bin/hello" "$S/hello" && cmp -s "$X/big" "$S/big" &&
			cmp -s "$X/empty" "$S/empty" && cmp -s "$X/bin/suid" "$S/suid"
	}
	check extract-data "file contents differ from their sources" same_data
	links=$(stat -c '%i:%h' "$X/bin/tool" "$X/bin/tool-a" "$X/bin/tool-b" | sort -u | wc -l)
	nl=$(stat -c %h "$X/bin/tool")
	check extract-hardlinks "tool, tool-a, tool-b: $links inodes, nlink $nl" [ "$links" = 1 -a "$nl" = 3 ]
	nodes=$(stat -c '%n %F %t:%T' "$X/dev/console" "$X/dev/sda1" "$X/run/fifo" "$X/run/sock" | sed "s|$X/||" | tr '\n' ';')
	want_nodes="dev/console character special file 5:1;dev/sda1 block special file 8:1;run/fifo fifo 0:0;run/sock socket 0:0;"
	check extract-nodes "got $nodes" [ "$nodes" = "$want_nodes" ]
	own=$(stat -c '%n %u:%g %a' "$X/bin/hello" "$X/run" "$X/run/fifo" "$X/bin/suid" "$X/dev/sda1" | sed "s|$X/||" | tr '\n' ';')
	want_own="bin/hello 1000:100 644;run 0:0 1777;run/fifo 0:5 620;bin/suid 0:0 4755;dev/sda1 0:6 660;"
	check extract-owners-modes "got $own" [ "$own" = "$want_own" ]
	check extract-symlinks "sh -> $(readlink "$X/bin/sh"), lib -> $(readlink "$X/lib")" \
		[ "$(readlink "$X/bin/sh")" = tool -a "$(readlink "$X/lib")" = ../usr/lib ]
fi

# -- reproducibility ------------------------------------------------------
pack PACKSRC="$S" RUNDIR=run -- -o "$T/again.img" "$T/full.spec"
check repro-same-bytes "second run differs (rc $rc)" cmp -s "$IMG" "$T/again.img"
touch -d '2001-02-03 04:05:06' "$S"/*
pack PACKSRC="$S" RUNDIR=run -- -o "$T/touched.img" "$T/full.spec"
check repro-ignores-source-mtime "output changed with source mtimes" cmp -s "$IMG" "$T/touched.img"
pack PACKSRC="$S" RUNDIR=run SOURCE_DATE_EPOCH=1700000000 -- -o "$T/sde.img" "$T/full.spec"
m=$(newc_dump "$T/sde.img" | awk '$1 != "END" && $1 != "TRAILER!!!" { print $6 }' | sort -u | tr '\n' ' ')
check repro-source-date-epoch "mtimes $m" [ "$m" = "1700000000 " ]
pack PACKSRC="$S" RUNDIR=run SOURCE_DATE_EPOCH=1700000000 -- -t 12345 -o "$T/t.img" "$T/full.spec"
m=$(newc_dump "$T/t.img" | awk '$1 != "END" && $1 != "TRAILER!!!" { print $6 }' | sort -u | tr '\n' ' ')
check repro-t-overrides "mtimes $m" [ "$m" = "12345 " ]

# The same bytes whichever way the output goes: -o (copy_file_range),
# stdout redirected to a file, stdout into a pipe (read/write).
PACKSRC=$S RUNDIR=run "$PACK" "$T/full.spec" >"$T/stdout.img" 2>"$T/stderr"
check out-stdout-file "stdout to a file differs: $(cat "$T/stderr")" cmp -s "$IMG" "$T/stdout.img"
PACKSRC=$S RUNDIR=run "$PACK" "$T/full.spec" 2>"$T/stderr" | cat >"$T/pipe.img"
check out-stdout-pipe "stdout to a pipe differs: $(cat "$T/stderr")" cmp -s "$IMG" "$T/pipe.img"
PACKSRC=$S RUNDIR=run "$PACK" - <"$T/full.spec" >"$T/stdin.img" 2>"$T/stderr"
check spec-stdin "spec '-' differs: $(cat "$T/stderr")" cmp -s "$IMG" "$T/stdin.img"

# Several specs are one stream: split the spec anywhere, same image.
head -n 7 "$T/full.spec" >"$T/part1.spec"
tail -n +8 "$T/full.spec" >"$T/part2.spec"
pack PACKSRC="$S" RUNDIR=run -- -o "$T/parts.img" "$T/part1.spec" "$T/part2.spec"
check spec-several-files "two specs differ from one (rc $rc: $err)" cmp -s "$IMG" "$T/parts.img"

# No fixed line length: 300 hard links of 40-byte names on one line (~13 KB),
# and a 4000-byte symlink target from a variable.
{
	echo "dir /many 0755 0 0"
	printf 'file /many/f %s 0644 0 0' "$S/hello"
	for i in $(seq 1 300); do printf ' /many/link-%035d' "$i"; done
	echo
	echo 'slink /many/far ${LONGTARGET} 0777 0 0'
} >"$T/long.spec"
long_target=$(printf 'x%.0s' $(seq 1 4000))
pack LONGTARGET="$long_target" -- -o "$T/long.img" "$T/long.spec"
n301=$(cpio -itv <"$T/long.img" 2>/dev/null | awk '$2 == 301' | wc -l)
far=$(cpio -itv <"$T/long.img" 2>/dev/null | awk '$9 == "many/far" { print length($11) }')
check spec-long-lines "rc $rc, $n301 entries with nlink 301, target length $far: $err" \
	[ "$rc" = 0 -a "$n301" = 301 -a "$far" = 4000 ]

# -- errors: non-zero, FILE:LINE, nothing written ---------------------------
# expect_fail NAME LINE TEXT [ENV=VAL...] -- SPEC-LINES: writes the lines
# after two good ones to NAME.spec, packs it, and wants status 1, a message
# "NAME.spec:LINE:" containing TEXT, and an empty output directory.
E=$T/err
mkdir -p "$E"
expect_fail() {
	local name=$1 line=$2 text=$3 envs=() d=$E/$1
	shift 3
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	mkdir -p "$d/out"
	{ echo "dir /ok 0755 0 0"; echo "# a comment"; printf '%s\n' "$@"; } >"$d/$name.spec"
	pack PACKSRC="$S" "${envs[@]}" -- -o "$d/out/img" "$d/$name.spec"
	local msg="baton-pack: $d/$name.spec:$line:"
	if [ "$rc" != 1 ]; then
		nok "err-$name" "exit $rc, want 1: $err"
	elif ! grep -qF -- "$msg" <<<"$err" || ! grep -F -- "$msg" <<<"$err" | grep -qF -- "$text"; then
		nok "err-$name" "want '$msg ...$text...', got: $err"
	elif [ -n "$(ls -A "$d/out")" ]; then
		nok "err-$name" "left files behind: $(ls -A "$d/out")"
	else
		ok "err-$name"
	fi
}
expect_fail unknown-type 3 "unknown type 'fil'" -- 'fil /x ${PACKSRC}/hello 0644 0 0'
expect_fail field-count-dir 3 "'dir' takes 4 fields after the type, got 3" -- 'dir /x 0755 0'
expect_fail field-count-nod 3 "'nod' takes 7 fields" -- 'nod /x 0600 0 0 c 5 1 9'
expect_fail field-count-file 3 "'file' takes at least 5" -- 'file /x ${PACKSRC}/hello 0644 0'
expect_fail mode-not-octal 3 "bad mode '0758'" -- 'dir /x 0758 0 0'
expect_fail mode-hex 3 "bad mode '0x755'" -- 'dir /x 0x755 0 0'
expect_fail mode-too-big 3 "bad mode '10000'" -- 'dir /x 10000 0 0'
expect_fail uid-word 3 "bad uid 'root'" -- 'dir /x 0755 root 0'
expect_fail uid-negative 3 "bad uid '-1'" -- 'dir /x 0755 -1 0'
expect_fail gid-too-big 3 "bad gid '4294967295'" -- 'dir /x 0755 0 4294967295'
expect_fail major-too-big 3 "bad major '4096'" -- 'nod /ok/x 0600 0 0 c 4096 1'
expect_fail minor-word 3 "bad minor 'one'" -- 'nod /ok/x 0600 0 0 c 5 one'
expect_fail dev-type 3 "bad device type 'x'" -- 'nod /ok/x 0600 0 0 x 5 1'
expect_fail name-dotdot 3 "name '/ok/../etc' has a '.' or '..' component" -- 'dir /ok/../etc 0755 0 0'
expect_fail name-empty 3 "empty name" EMPTY= -- 'dir ${EMPTY} 0755 0 0'
expect_fail name-root 3 "root directory" -- 'dir / 0755 0 0'
expect_fail slink-empty 3 "empty symlink target" EMPTY= -- 'slink /ok/l ${EMPTY} 0777 0 0'
expect_fail source-missing 3 "cannot open source $S/nope: No such file or directory" -- \
	'file /ok/x ${PACKSRC}/nope 0644 0 0'
expect_fail source-dir 3 "source $S is not a regular file" -- 'file /ok/x ${PACKSRC} 0644 0 0'
expect_fail source-device 3 "source /dev/null is not a regular file" -- 'file /ok/x /dev/null 0644 0 0'
mkfifo "$T/fifo"	# must be refused, not opened: opening it would wait for a writer
expect_fail source-fifo 3 "source $T/fifo is not a regular file" -- "file /ok/x $T/fifo 0644 0 0"
expect_fail parent-missing 3 "parent directory /etc of /etc/passwd is not declared before it; add \`dir /etc 0755 0 0\` above" -- \
	'file /etc/passwd ${PACKSRC}/hello 0644 0 0'
expect_fail parent-later 3 "parent directory /etc of /etc/x is not declared before it" -- \
	'dir /etc/x 0755 0 0' 'dir /etc 0755 0 0'
expect_fail parent-hardlink 3 "parent directory /nope of /nope/b is not declared" -- \
	'file /ok/a ${PACKSRC}/hello 0644 0 0 /nope/b'
expect_fail parent-not-dir 4 "parent /ok/f of /ok/f/x is not a directory" -- \
	'file /ok/f ${PACKSRC}/hello 0644 0 0' 'dir /ok/f/x 0755 0 0'
expect_fail duplicate 4 "duplicate name /ok/x (first declared at $E/duplicate/duplicate.spec:3)" -- \
	'dir /ok/x 0755 0 0' 'pipe /ok/x 0644 0 0'
expect_fail duplicate-hardlink 3 "duplicate name /ok/a (first declared at $E/duplicate-hardlink/duplicate-hardlink.spec:3)" -- \
	'file /ok/a ${PACKSRC}/hello 0644 0 0 /ok/b /ok/a'
expect_fail duplicate-slashes 3 "duplicate name /ok (first declared at $E/duplicate-slashes/duplicate-slashes.spec:1)" -- \
	'dir //ok/ 0755 0 0'
expect_fail var-unset 3 "variable NOPE_UNSET is not set" -- 'file /ok/x ${NOPE_UNSET}/hello 0644 0 0'
expect_fail var-malformed 3 "malformed variable reference" -- 'file /ok/x ${PACKSRC/hello 0644 0 0'
# (bash cannot hold a NUL in a string: write that spec by hand)
mkdir -p "$E/nul/out"
printf 'dir /a 0755 0 0\ndir /b\0 0755 0 0\n' >"$E/nul/nul.spec"
pack -- -o "$E/nul/out/img" "$E/nul/nul.spec"
check err-nul-byte-real "rc $rc: $err" [ "$rc" = 1 -a -z "$(ls -A "$E/nul/out")" ] 
check err-nul-byte-line "got: $err" grep -qF "nul.spec:2: line contains a NUL byte" <<<"$err"

# All problems in one run, each with its own line.
mkdir -p "$E/many/out"
printf '%s\n' 'dir /a 0755 0 x' 'bogus' 'dir /a/b 0755 0 0' 'nod /a/c 0600 0 0 q 1 1' >"$E/many/many.spec"
pack -- -o "$E/many/out/img" "$E/many/many.spec"
lines=$(grep -oE 'many\.spec:[0-9]+:' <<<"$err" | tr '\n' ' ')
check err-all-reported "want lines 1 2 4 (3 is fine: /a is declared), got $lines" \
	[ "$lines" = "many.spec:1: many.spec:2: many.spec:4: " -a "$rc" = 1 ]

# An error in the second spec names that file; a duplicate across files names both.
mkdir -p "$E/two/out"
printf 'dir /a 0755 0 0\n' >"$E/two/first.spec"
printf '# second\ndir /b 0755 0 0\ndir /a 0700 0 0\n' >"$E/two/second.spec"
pack -- -o "$E/two/out/img" "$E/two/first.spec" "$E/two/second.spec"
check err-second-file "rc $rc: $err" \
	grep -qF "second.spec:3: duplicate name /a (first declared at $E/two/first.spec:1)" <<<"$err"
check err-second-file-nothing "rc $rc, left $(ls -A "$E/two/out")" [ "$rc" = 1 -a -z "$(ls -A "$E/two/out")" ]

# A failed run leaves an existing OUT alone.
mkdir -p "$E/keep"
echo previous >"$E/keep/img"
printf 'dir /a 0755 0\n' >"$E/keep/bad.spec"
pack -- -o "$E/keep/img" "$E/keep/bad.spec"
kept=$(cd "$E/keep" && echo .[!.]* *)	# hidden files too: a stray .tmp
check err-keeps-old-output "rc $rc, dir: $kept, img: $(cat "$E/keep/img")" \
	[ "$rc" = 1 -a "$(cat "$E/keep/img")" = previous -a "$kept" = ".[!.]* bad.spec img" ]

# A source that changes after the spec was checked: found while writing,
# and the temporary is removed. The second spec is a FIFO, so the source
# can be truncated exactly between the check (reading spec 1) and the copy.
mkdir -p "$E/changed/out"
printf 'sixteen bytes!!\n' >"$E/changed/src"
printf 'file /f %s 0644 0 0\n' "$E/changed/src" >"$E/changed/one.spec"
mkfifo "$E/changed/two.spec"
timeout 60 "$PACK" -o "$E/changed/out/img" "$E/changed/one.spec" "$E/changed/two.spec" 2>"$T/stderr" &
pid=$!
{ : >"$E/changed/src"; echo 'pipe /p 0644 0 0'; } >"$E/changed/two.spec"
wait "$pid"
rc=$?
err=$(cat "$T/stderr")
check err-source-changed "rc $rc, left $(ls -A "$E/changed/out"): $err" \
	[ "$rc" = 1 -a -z "$(ls -A "$E/changed/out")" ]
check err-source-changed-message "got: $err" grep -qF "one.spec:1: source $E/changed/src changed while packing" <<<"$err"

# Usage and environment errors: status 2, nothing written.
mkdir -p "$E/usage/out"
pack -- -t 12x -o "$E/usage/out/img" "$T/full.spec"
check err-bad-t "rc $rc: $err" [ "$rc" = 2 -a -z "$(ls -A "$E/usage/out")" ]
pack SOURCE_DATE_EPOCH=yesterday -- -o "$E/usage/out/img" "$T/full.spec"
check err-bad-source-date-epoch "rc $rc: $err" [ "$rc" = 2 -a -z "$(ls -A "$E/usage/out")" ]
pack -- -o "$E/usage/out/img"
check err-no-spec "rc $rc: $err" [ "$rc" = 2 -a -z "$(ls -A "$E/usage/out")" ]
pack -- -o "$E/usage/out/img" "$E/usage/missing.spec"
check err-missing-spec "rc $rc: $err" [ "$rc" = 1 -a -z "$(ls -A "$E/usage/out")" ] 
pack PACKSRC="$S" RUNDIR=run -- -o "$E/usage/no/such/dir/img" "$T/full.spec"
no_dir_ok() { [ "$rc" = 1 ] && grep -q "cannot create .*No such file or directory" <<<"$err"; }
check err-output-dir-missing "rc $rc: $err" no_dir_ok

# == directory trees ==========================================================
D=$T/tree
mkdir -p "$D/b-dir/sub" "$D/a-dir" "$D/z"
printf 'one\n' >"$D/b-dir/sub/f1"
printf 'linked data\n' >"$D/a-dir/x"
ln "$D/a-dir/x" "$D/z/y"			# a hard link across directories
ln -s ../a-dir/x "$D/b-dir/l"
mkfifo "$D/b-dir/fifo"
chmod 0700 "$D/b-dir"
chmod 4755 "$D/a-dir/x"
pack -- -o "$T/tree.img" "$D"
check tree-pack "rc $rc: $err" [ "$rc" = 0 -a -z "$err" ]
names=$(cpio -it <"$T/tree.img" 2>/dev/null | tr '\n' ' ')
# Sorted bytewise per directory, parents first; the hard-link group where
# its last name comes (z/y), the data with that last name.
check tree-order "got $names" [ "$names" = "a-dir b-dir b-dir/fifo b-dir/l b-dir/sub b-dir/sub/f1 z a-dir/x z/y " ]
newc_dump "$T/tree.img" >"$T/tree.dump"
tf() { awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$T/tree.dump"; }
check tree-hardlink "a-dir/x: ino $(tf a-dir/x 2) nlink $(tf a-dir/x 4) size $(tf a-dir/x 5); z/y: ino $(tf z/y 2) size $(tf z/y 5)" \
	[ "$(tf a-dir/x 2)" = "$(tf z/y 2)" -a "$(tf a-dir/x 4)" = 2 -a "$(tf a-dir/x 5)" = 0 -a "$(tf z/y 5)" = 12 ]
check tree-modes "b-dir $(tf b-dir 3), a-dir/x $(tf a-dir/x 3), fifo $(tf b-dir/fifo 3), l $(tf b-dir/l 3)" \
	[ "$(tf b-dir 3)" = 40700 -a "$(tf a-dir/x 3)" = 104755 -a "$(tf b-dir/fifo 3)" = 10644 -a "$(tf b-dir/l 3)" = 120777 ]
link_target=$(cpio -itv <"$T/tree.img" 2>/dev/null | awk '$9 == "b-dir/l" { print $11 }')
check tree-symlink-kept "b-dir/l -> $link_target" [ "$link_target" = ../a-dir/x ]
owners=$(cpio -itv --numeric-uid-gid <"$T/tree.img" 2>/dev/null | awk '{ print $3 ":" $4 }' | sort -u | tr '\n' ' ')
check tree-owner-default-root "owners $owners" [ "$owners" = "0:0 " ]
chown -R 1234:5678 "$D" 2>/dev/null
pack -- --owner host -o "$T/tree-host.img" "$D"
owners=$(cpio -itv --numeric-uid-gid <"$T/tree-host.img" 2>/dev/null | awk '{ print $3 ":" $4 }' | sort -u | tr '\n' ' ')
check tree-owner-host "owners $owners" [ "$owners" = "$(stat -c %u:%g "$D/z") " ]
pack -- --owner 7:8 -o "$T/tree-78.img" "$D"
owners=$(cpio -itv --numeric-uid-gid <"$T/tree-78.img" 2>/dev/null | awk '{ print $3 ":" $4 }' | sort -u | tr '\n' ' ')
check tree-owner-given "owners $owners" [ "$owners" = "7:8 " ]
pack -- --owner 7 -o "$T/bad.img" "$D"
check tree-owner-bad "rc $rc: $err" [ "$rc" = 2 -a ! -e "$T/bad.img" ]
# Reproducible: the same tree made in another order, touched, gives the same bytes.
D2=$T/tree2
mkdir -p "$D2/z" "$D2/a-dir" "$D2/b-dir/sub"
printf 'linked data\n' >"$D2/a-dir/x"; ln "$D2/a-dir/x" "$D2/z/y"; chmod 4755 "$D2/a-dir/x"
mkfifo "$D2/b-dir/fifo"; ln -s ../a-dir/x "$D2/b-dir/l"; printf 'one\n' >"$D2/b-dir/sub/f1"; chmod 0700 "$D2/b-dir"
touch -d '2001-01-01' "$D2"/*/*
pack -- -o "$T/tree2.img" "$D2"
check tree-reproducible "rc $rc: other order or mtimes changed the bytes" cmp -s "$T/tree.img" "$T/tree2.img"
# A tree and specs in one stream: directories merge, other names clash.
printf 'dir /a-dir 0755 0 0\n' >"$T/pre.spec"
pack -- -o "$T/merged.img" "$T/pre.spec" "$D"
check tree-merges-dirs "rc $rc: $err" [ "$rc" = 0 -a "$(cpio -it <"$T/merged.img" 2>/dev/null | grep -cx a-dir)" = 1 ]
printf 'dir /a-dir 0755 0 0\nfile /a-dir/x %s 0644 0 0\n' "$S/hello" >"$T/clash.spec"
mkdir -p "$E/clash"
pack -- -o "$E/clash/img" "$T/clash.spec" "$D"
check tree-duplicate-names-both "rc $rc: $err" \
	grep -qF "baton-pack: $D/a-dir/x: duplicate name /a-dir/x (first declared at $T/clash.spec:2)" <<<"$err"
check tree-duplicate-nothing-written "rc $rc, left $(ls -A "$E/clash")" [ "$rc" = 1 -a -z "$(ls -A "$E/clash")" ]
mkdir -p "$E/huge/t" "$E/huge/out"
truncate -s 5G "$E/huge/t/sparse"
pack -- -o "$E/huge/out/img" "$E/huge/t"
check tree-file-too-big "rc $rc: $err" grep -qF "baton-pack: $E/huge/t/sparse: larger than newc's limit" <<<"$err"
check tree-file-too-big-nothing "rc $rc" [ "$rc" = 1 -a -z "$(ls -A "$E/huge/out")" ]
rm -f "$E/huge/t/sparse"

# == compression ================================================================
unz() { case $1 in gzip) gzip -dc ;; xz) xz -dc ;; zstd) zstd -dcq ;; lz4) lz4 -dcq ;; esac; }
for z in gzip xz zstd lz4; do
	pack PACKSRC="$S" RUNDIR=run -- -z "$z" -o "$T/full.$z" "$T/full.spec"
	unz "$z" <"$T/full.$z" >"$T/full.$z.out" 2>"$T/unz.err"
	check "compress-$z-round-trip" "rc $rc, $err $(cat "$T/unz.err")" cmp -s "$IMG" "$T/full.$z.out"
	pack PACKSRC="$S" RUNDIR=run -- -z "$z" -o "$T/again.$z" "$T/full.spec"
	check "compress-$z-reproducible" "two runs differ" cmp -s "$T/full.$z" "$T/again.$z"
done
xz_check=$(xz --robot --list "$T/full.xz" | awk -F'\t' '$1 == "file" { print $7 }')
check compress-xz-crc32 "xz check: $xz_check (the kernel takes CRC32 or none)" [ "$xz_check" = CRC32 ]
check compress-lz4-legacy "magic $(od -An -tx1 -N4 "$T/full.lz4" | tr -d ' ')" [ "$(od -An -tx1 -N4 "$T/full.lz4" | tr -d ' ')" = 02214c18 ]
check compress-gzip-no-name-no-time "flags/mtime $(od -An -tx1 -j3 -N5 "$T/full.gzip" | tr -d ' ')" \
	[ "$(od -An -tx1 -j3 -N5 "$T/full.gzip" | tr -d ' ')" = 0000000000 ]
pack PACKSRC="$S" RUNDIR=run -- -z gzip:1 -o "$T/full.gz1" "$T/full.spec"
level_ok() { gzip -dc "$T/full.gz1" | cmp -s - "$IMG" && ! cmp -s "$T/full.gz1" "$T/full.gzip"; }
check compress-level "gzip:1 does not decompress to the archive, or equals gzip:9's output (rc $rc)" level_ok
pack -- -z gzip:10 -o "$T/bad.img" "$T/full.spec"
check compress-bad-level "rc $rc: $err" [ "$rc" = 2 -a ! -e "$T/bad.img" ]
pack -- -z bzip2 -o "$T/bad.img" "$T/full.spec"
check compress-unknown "rc $rc: $err" grep -qF "use gzip, xz, zstd, lz4 or none" <<<"$err"
# A compressor that fails, or is not there: nothing written, and said.
# failed_with DIR TEXT: status 1, DIR empty, TEXT in the messages.
failed_with() { [ "$rc" = 1 ] && [ -z "$(ls -A "$1")" ] && grep -qF -- "$2" <<<"$err"; }
mkdir -p "$T/fakebin" "$E/zfail"
printf '#!/bin/sh\ncat >/dev/null\necho "gzip: disk full" >&2\nexit 1\n' >"$T/fakebin/gzip"
chmod +x "$T/fakebin/gzip"
pack PATH="$T/fakebin" PACKSRC="$S" RUNDIR=run -- -z gzip -o "$E/zfail/img" "$T/full.spec"
check compress-fails "rc $rc, left $(ls -A "$E/zfail"): $err" \
	failed_with "$E/zfail" "gzip failed (exit status 1); no image written"
mkdir -p "$T/fakebin2"
printf '#!/bin/sh\nexit 3\n' >"$T/fakebin2/gzip"	# dies without reading: we get EPIPE
chmod +x "$T/fakebin2/gzip"
pack PATH="$T/fakebin2" PACKSRC="$S" RUNDIR=run -- -z gzip -o "$E/zfail/img" "$T/full.spec"
check compress-dies-early "rc $rc, left $(ls -A "$E/zfail"): $err" \
	failed_with "$E/zfail" "gzip failed (exit status 3); no image written"
pack PATH="$T/nothing-here" PACKSRC="$S" RUNDIR=run -- -z zstd -o "$E/zfail/img" "$T/full.spec"
check compress-tool-missing "rc $rc, left $(ls -A "$E/zfail"): $err" \
	failed_with "$E/zfail" "cannot run zstd"

# == appending and joining: NUL padding where the next part starts ==============
pack PACKSRC="$S" RUNDIR=run -- -A "$T/full.gzip" -o "$T/app.img" "$T/full.spec"
gz=$(stat -c %s "$T/full.gzip")
at=$(( (gz + 511) / 512 * 512 )); [ $((at - gz)) -lt 4 ] && at=$((at + 512))
check append-copies "the image does not start with the -A image" cmp -s -n "$gz" "$T/full.gzip" "$T/app.img"
check append-pads-with-nuls "bytes $gz..$at are not all NUL" \
	[ "$(tail -c +$((gz + 1)) "$T/app.img" | head -c $((at - gz)) | tr -d '\0' | wc -c)" = 0 ]
check append-new-archive-at-512 "the new archive does not start at $at" \
	cmp -s "$IMG" <(tail -c +$((at + 1)) "$T/app.img")
pack PACKSRC="$S" RUNDIR=run -- --align 4 -A "$T/full.gzip" -o "$T/app4.img" "$T/full.spec"
at4=$(( (gz + 3) / 4 * 4 )); [ $((at4 - gz)) -lt 4 ] && at4=$((at4 + 4))
check append-align-4 "size $(stat -c %s "$T/app4.img"), want the archive at $at4" \
	[ "$(tail -c +$((at4 + 1)) "$T/app4.img" | head -c 6)" = 070701 -a $(( $(stat -c %s "$T/app4.img") % 4 )) = 0 ]
printf 'x' >"$T/odd.part"
pack -- -A "$T/odd.part" -A "$T/full.lz4" -o "$T/join.img"
check join-only "rc $rc: $err" [ "$rc" = 0 -a "$(stat -c %s "$T/join.img")" = $((512 + $(stat -c %s "$T/full.lz4"))) ]
check join-lz4-at-512 "lz4 not at 512" cmp -s "$T/full.lz4" <(tail -c +513 "$T/join.img")
head -c 510 /dev/zero | tr '\0' 'x' >"$T/510.part"
pack -- -A "$T/510.part" -A "$T/odd.part" -o "$T/join2.img"
check join-at-least-4-nuls "size $(stat -c %s "$T/join2.img"), want 1025 (2 NULs were too few)" \
	[ "$(stat -c %s "$T/join2.img")" = 1025 ]
cp "$IMG" "$T/inplace.img"
pack PACKSRC="$S" RUNDIR=run -- -A "$T/inplace.img" -o "$T/inplace.img" "$T/full.spec"
check append-in-place "rc $rc: $err" [ "$rc" = 0 -a "$(stat -c %s "$T/inplace.img")" = $((2 * $(stat -c %s "$IMG"))) ]
mkdir -p "$E/app"
pack -- -A "$T/no-such.img" -o "$E/app/img" "$T/pre.spec"
check append-missing "rc $rc, left $(ls -A "$E/app"): $err" \
	failed_with "$E/app" "-A $T/no-such.img: No such file or directory"
pack -- -A "$T" -o "$E/app/img" "$T/pre.spec"
check append-not-a-file "rc $rc: $err" grep -qF -- "-A $T: not a regular file" <<<"$err"
pack -- -z gzip -A "$IMG" -o "$E/app/img"
check append-z-needs-input "rc $rc: $err" [ "$rc" = 2 -a -z "$(ls -A "$E/app")" ]

# == -c: "070702", data checksums ================================================
pack PACKSRC="$S" RUNDIR=run -- -c -o "$T/crc.img" "$T/full.spec"
check crc-magic "starts with $(head -c 6 "$T/crc.img")" [ "$(head -c 6 "$T/crc.img")" = 070702 ]
sum=$(od -An -v -tu1 "$S/hello" | tr -s ' ' '\n' | awk '{ s += $1 } END { printf "%08X", s }')
hdr=$(grep -abo 'bin/hello' "$T/crc.img" | head -n1 | cut -d: -f1)
check crc-sum "c_check $(tail -c +$((hdr - 110 + 103)) "$T/crc.img" | head -c 8), want $sum" \
	[ "$(tail -c +$((hdr - 110 + 103)) "$T/crc.img" | head -c 8)" = "$sum" ]
mkdir -p "$T/crcx"
(cd "$T/crcx" && cpio -id --no-absolute-filenames <"$T/crc.img") 2>"$T/crcx.err"
check crc-gnu-cpio-verifies "cpio -id: $(cat "$T/crcx.err")" [ "$(grep -c -i checksum "$T/crcx.err")" = 0 ]
check crc-data "extracted data differs" cmp -s "$T/crcx/big" "$S/big"
printf 'X' | dd of="$T/crc.img" bs=1 seek=$((hdr + 10)) conv=notrunc status=none	# hello's first byte
(cd "$T/crcx" && cpio -id --no-absolute-filenames -u <"$T/crc.img") 2>"$T/crcx.err"
check crc-gnu-cpio-catches "cpio -id said: $(cat "$T/crcx.err")" grep -qi 'checksum error' "$T/crcx.err"

# == --align ======================================================================
pack PACKSRC="$S" RUNDIR=run -- --align 4 -o "$T/al4.img" "$T/full.spec"
end4=$(newc_dump "$T/al4.img" | awk '$1 == "END" { print $2 }')
check align-4-trailer "size $(stat -c %s "$T/al4.img"), trailer ends $end4" [ "$(stat -c %s "$T/al4.img")" = "$end4" ]
pack PACKSRC="$S" RUNDIR=run -- --align 4096 -o "$T/al4k.img" "$T/full.spec"
check align-4096 "size $(stat -c %s "$T/al4k.img")" [ $(( $(stat -c %s "$T/al4k.img") % 4096 )) = 0 ]
for a in 3 2 8192 x; do
	pack -- --align "$a" -o "$T/bad.img" "$T/full.spec"
	check "align-bad-$a" "rc $rc: $err" [ "$rc" = 2 -a ! -e "$T/bad.img" ]
done

[ "$failed" = 0 ]
