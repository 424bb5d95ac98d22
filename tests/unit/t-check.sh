#!/usr/bin/env bash
# tests/unit/t-check.sh: baton-check, the replay of the kernel's initramfs
# unpacker, on a corpus made here and now (no binary is committed):
#   good images   baton-pack (spec, tree, -c, every -z, -A chains), GNU cpio
#                 (with its "." member), the kernel's own gen_init_cpio
#                 layout (emitted below), the kernel's default list;
#   bad images    built byte by byte: a misaligned second segment, junk and
#                 garbage between segments, a truncated header and data, bad
#                 magic, odc, a compressed segment followed by junk, lz4 with
#                 no NULs after it, gzip with a comment, xz with CRC64, cut
#                 gzip, gzip ending inside a member, gzip inside gzip, a file
#                 before its directory, a directory with data, hard links and
#                 duplicates across segments, no TRAILER!!!, every way /init
#                 cannot run, no /dev/console, a bad "070702" checksum, a
#                 LOCKDOWN /init beside a shell or an executable library;
#   the listing   against GNU cpio -itv, member by member;
#   exit status   0 clean, 1 warnings, 2 errors, 3 could not check.
# Each case checks the exit status, the finding's text and its IMAGE:OFFSET.
# BATON_CHECK=path / BATON_PACK=path run other builds (e.g. sanitizer ones).
set -u
cd "$(dirname "$0")/../.." || exit 2

CHECK=${BATON_CHECK:-build/baton-check}
PACK=${BATON_PACK:-build/baton-pack}
for b in "$CHECK:build/baton-check" "$PACK:build/baton-pack" "build/testinit:build/testinit"; do
	if [ ! -x "${b%%:*}" ]; then
		make -s "${b#*:}" >&2 || { echo "not ok check-build - make ${b#*:} failed"; exit 1; }
	fi
done
for t in cpio gzip xz zstd lz4 gcc; do
	command -v "$t" >/dev/null || { echo "not ok check-tools - $t missing: run tools/setup.sh"; exit 1; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/t-check.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
export TZ=UTC LC_ALL=C
unset SOURCE_DATE_EPOCH
failed=0
RUN_ENV=()	# a prefix for baton-check's command line (env VAR=...)
ok() { echo "ok $1"; }
nok() { echo "not ok $1 - $2"; failed=$((failed + 1)); }

# run_check ARGS...: runs baton-check; sets rc, out (stdout), err (stderr).
# A sanitizer report or a hang counts as a crash (rc 99).
run_check() {
	timeout 120 "${RUN_ENV[@]}" "$CHECK" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
	if grep -qE 'Sanitizer|runtime error:' "$T/err" || [ "$rc" = 124 ]; then
		echo "# $err" >&2
		rc=99
	fi
}

# expect NAME RC [+TEXT | -TEXT | =LINE]... -- ARGS...: runs baton-check ARGS
# and wants exit status RC, every +TEXT in its findings (stderr), no -TEXT,
# and every =LINE as a whole line of stdout.
expect() {
	local name=$1 want=$2 pats=() p why=
	shift 2
	while [ "$1" != -- ]; do pats+=("$1"); shift; done
	shift
	run_check "$@"
	[ "$rc" = "$want" ] || why="exit $rc, want $want; "
	for p in "${pats[@]}"; do
		case $p in
		+*) grep -qF -- "${p#+}" <<<"$err" || why+="no '${p#+}'; " ;;
		-*) grep -qF -- "${p#-}" <<<"$err" && why+="unwanted '${p#-}'; " ;;
		=*) grep -qxF -- "${p#=}" <<<"$out" || why+="no line '${p#=}' on stdout; " ;;
		esac
	done
	if [ -z "$why" ]; then
		ok "$name"
	else
		nok "$name" "${why%; }"
		printf '%s\n' "$err" | head -n 8 | sed 's/^/#   /' >&2
	fi
}

size() { stat -c %s "$1"; }

# -- byte-level builders ------------------------------------------------------
# member key=value...: one newc member on stdout. Keys: name, mode (octal,
# with type), ino, nlink, uid, gid, data (a file), text (a string), size
# (overrides the data's), maj, min (rdev), dmaj, dmin (c_devmajor/minor),
# magic, check. Padding after the name and the data as newc wants.
member() {
	local name='' mode=0100644 ino=1 nlink=1 uid=0 gid=0 data='' text='' size='' maj=0 min=0
	local dmaj=0 dmin=0 magic=070701 check=0 kv ns
	for kv in "$@"; do local "$kv"; done
	if [ -n "$text" ]; then
		data=$T/.text.$$
		printf '%s' "$text" >"$data"
	fi
	[ -n "$size" ] || size=$([ -n "$data" ] && size "$data" || echo 0)
	ns=$(( ${#name} + 1 ))
	printf '%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' "$magic" "$ino" \
		$((8#$mode)) "$uid" "$gid" "$nlink" 0 "$size" "$dmaj" "$dmin" "$maj" "$min" "$ns" "$check"
	printf '%s\0' "$name"
	head -c $(( (4 - (110 + ns) % 4) % 4 )) /dev/zero
	if [ -n "$data" ]; then
		cat "$data"
		head -c $(( (4 - $(size "$data") % 4) % 4 )) /dev/zero
	fi
}
trailer() { member name='TRAILER!!!' mode=0 ino=0; }
# pad512 FILE: NULs to a multiple of 512, as cpio writes.
pad512() { head -c $(( (512 - $(size "$1") % 512) % 512 )) /dev/zero >>"$1"; }

# The kernel's usr/gen_init_cpio layout for a few line types: inodes from
# 721, c_devmajor:c_devminor 3:1, directories with nlink 2, a symlink's data
# with its NUL, hard links with the data on the last name, the trailer
# padded to 512. (The layout, rebuilt here; no kernel source is needed.)
gen_init_cpio() { # SPEC > ARCHIVE
	local ino=721 type name a b c d e f rest
	while read -r type name a b c d e f rest; do
		case $type in
		dir) member name="${name#/}" mode=$((40000 + 10#$a)) ino=$ino nlink=2 uid="$b" gid="$c" dmaj=3 dmin=1 ;;
		nod) member name="${name#/}" mode=$(( $([ "$d" = b ] && echo 60000 || echo 20000) + 10#$a )) \
			ino=$ino uid="$b" gid="$c" maj="$e" min="$f" dmaj=3 dmin=1 ;;
		slink) printf '%s\0' "$a" >"$T/.sl"
			member name="${name#/}" mode=$((120000 + 10#$b)) ino=$ino uid="$c" gid="$d" data="$T/.sl" dmaj=3 dmin=1 ;;
		file) local names=("${name#/}") n
			for n in $e $f $rest; do names+=("${n#/}"); done
			for n in "${!names[@]}"; do
				if [ "$n" = $(( ${#names[@]} - 1 )) ]; then
					member name="${names[$n]}" mode=$((100000 + 10#$b)) ino=$ino nlink=${#names[@]} \
						uid="$c" gid="$d" data="$a" dmaj=3 dmin=1
				else
					member name="${names[$n]}" mode=$((100000 + 10#$b)) ino=$ino nlink=${#names[@]} \
						uid="$c" gid="$d" dmaj=3 dmin=1
				fi
			done ;;
		esac
		ino=$((ino + 1))
	done <"$1"
	trailer
}

# -- the inputs ---------------------------------------------------------------
S=$T/src
mkdir -p "$S"
INIT=build/testinit			# static
printf 'int main(void) { return 0; }\n' >"$T/dyn.c"
gcc -o "$S/dyn" "$T/dyn.c" || { echo "not ok check-gcc - cannot build a dynamic test binary"; exit 1; }
INTERP=$(readelf -lW "$S/dyn" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
printf '#!/bin/sh\necho hi\n' >"$S/script"
printf 'hello\n' >"$S/hello"
head -c 70001 /dev/urandom >"$S/big"
cat >"$T/base.spec" <<SPEC
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /bin 0755 0 0
file /init $INIT 0755 0 0
file /bin/hello $S/hello 0644 0 0 /bin/hello2
file /bin/big $S/big 0600 0 0
slink /bin/sh ../init 0777 0 0
SPEC
pack() { "$PACK" "$@" 2>"$T/pack.err" || { echo "# baton-pack $*: $(cat "$T/pack.err")" >&2; return 1; }; }
pack -o "$T/base.cpio" "$T/base.spec"

# -- good images ----------------------------------------------------------------
expect good-pack 0 -error -warning "=/init: ELF 64-bit x86-64, static" -- "$T/base.cpio"
expect good-pack-segment 0 "=segment 1 at 0: newc, 8 members, TRAILER!!!" -- "$T/base.cpio"
run_check -q "$T/base.cpio"
if [ "$rc" = 0 ] && [ -z "$out$err" ]; then ok good-quiet; else nok good-quiet "rc $rc, out '$out', err '$err'"; fi

# A "0x" header field: 6.1 reads it, kernels with hex2bin() parsing refuse
# it; the finding says which kernel does what (it only said "the kernel
# reads it as ...").
cp "$T/base.cpio" "$T/hex0x.cpio"
printf '0x000000' | dd of="$T/hex0x.cpio" bs=1 seek=22 conv=notrunc status=none	# c_uid of member 1
expect bad-hex-0x-field 1 +"hex0x.cpio:0: warning: header field c_uid is \"0x000000\"" \
	+"Linux 6.1 (simple_strtoul) reads it as 0x0" +"hex2bin() (mainline since 2025) refuse it" -- "$T/hex0x.cpio"

for z in gzip xz zstd lz4; do
	pack -z "$z" -o "$T/base.$z" "$T/base.spec"
	expect "good-$z" 0 -error -warning "=/init: ELF 64-bit x86-64, static" -- "$T/base.$z"
	run_check "$T/base.$z"
	grep -q "^segment 1 at 0: $z, $(size "$T/base.$z") bytes -> $(size "$T/base.cpio") bytes of newc, 8 members" <<<"$out" &&
		ok "good-$z-sizes" || nok "good-$z-sizes" "segment line: $(head -n1 <<<"$out")"
done

# Chains: a part (like early microcode), then compressed parts, then newc.
printf 'dir /kernel 0755 0 0\nfile /kernel/ucode.bin %s 0644 0 0\n' "$S/hello" >"$T/part.spec"
pack -o "$T/part.cpio" "$T/part.spec"
expect good-part-alone 0 -error -warning -- --part "$T/part.cpio"
printf 'dir /extra 0755 0 0\nfile /extra/a %s 0644 0 0\n' "$S/hello" >"$T/extra.spec"
printf 'dir /extra2 0755 0 0\nfile /extra2/b %s 0644 0 0\n' "$S/hello" >"$T/extra2.spec"
pack -z lz4 -o "$T/extra.lz4" "$T/extra.spec"
pack -z zstd -o "$T/extra2.zstd" "$T/extra2.spec"
pack -A "$T/part.cpio" -A "$T/base.gzip" -A "$T/extra.lz4" -o "$T/chain.img" -z zstd "$T/extra2.spec"
# Where each part must start: the previous end padded to 512, with at
# least 4 NULs after a part that does not end with them.
next_at() { # END ENDS-WITH-NULS
	local pad=$(( (512 - $1 % 512) % 512 ))
	[ "$2" = 0 ] && [ "$pad" -lt 4 ] && pad=$((pad + 512))
	echo $(( $1 + pad ))
}
o2=$(size "$T/part.cpio")
o3=$(next_at $((o2 + $(size "$T/base.gzip"))) 0)
o4=$(next_at $((o3 + $(size "$T/extra.lz4"))) 0)
expect good-chain 0 -error -warning "=segment 1 at 0: newc, 2 members, TRAILER!!!" \
	"=segment 2 at $o2: gzip, $(size "$T/base.gzip") bytes -> $(size "$T/base.cpio") bytes of newc, 8 members, TRAILER!!!" \
	"=segment 3 at $o3: lz4, $(size "$T/extra.lz4") bytes -> 512 bytes of newc, 2 members, TRAILER!!!" \
	"=segment 4 at $o4: zstd, $(size "$T/chain.img" | awk -v o="$o4" '{ print $1 - o }') bytes -> 512 bytes of newc, 2 members, TRAILER!!!" \
	-- "$T/chain.img"
run_check -T "$T/chain.img"
paths=$(awk '{ print $6 }' <<<"$out" | tr '\n' ' ')
want_paths="/ /bin /bin/big /bin/hello /bin/hello2 /bin/sh /dev /dev/console /extra /extra/a /extra2 /extra2/b /init /kernel /kernel/ucode.bin /root "
[ "$paths" = "$want_paths" ] && ok good-chain-tree || nok good-chain-tree "tree paths: $paths"

# GNU cpio: `find .` order with its "." member, the host's inode and device
# numbers; as root /dev/console is a real node, else appended by baton-pack.
G=$T/gnu
mkdir -p "$G/bin" "$G/dev" "$G/etc"
cp "$INIT" "$G/init"
cp "$S/hello" "$G/etc/hello"
ln "$G/etc/hello" "$G/bin/hello-link"
ln -s ../init "$G/bin/sh"
chmod 0755 "$G"
if mknod -m 0600 "$G/dev/console" c 5 1 2>/dev/null; then
	(cd "$G" && find . | cpio -o -H newc --quiet) >"$T/gnu.cpio"
else
	(cd "$G" && find . | cpio -o -H newc --quiet) >"$T/gnu.part"
	printf 'nod /dev/console 0600 0 0 c 5 1\n' >"$T/console.spec"
	pack -A "$T/gnu.part" -o "$T/gnu.cpio" "$T/console.spec"
fi
expect good-gnu-cpio 0 -error -warning "=/init: ELF 64-bit x86-64, static" -- "$T/gnu.cpio"
(cd "$G" && find . | cpio -o -H newc --quiet) | gzip -9 >"$T/gnu.cpio.gz"
expect good-gnu-cpio-gz-no-console 0 -error -warning -- "$T/gnu.cpio.gz"

# The kernel's own layout, and its default list (no /init: built in, the
# kernel mounts root= itself; as an image it is a part).
cat >"$T/kernel.spec" <<SPEC
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /root 0700 0 0
dir /sbin 0755 0 0
file /init $INIT 0755 0 0
file /sbin/a $S/hello 0644 0 0 /sbin/b /sbin/c
slink /sbin/sh /init 0777 0 0
SPEC
gen_init_cpio "$T/kernel.spec" >"$T/kernel.cpio"
pad512 "$T/kernel.cpio"
expect good-kernel-layout 0 -error -warning "=/init: ELF 64-bit x86-64, static" -- "$T/kernel.cpio"
cpio -it <"$T/kernel.cpio" >"$T/kernel.list" 2>"$T/kernel.cpio-err"
[ "$(tr '\n' ' ' <"$T/kernel.list")" = "dev dev/console root sbin init sbin/a sbin/b sbin/c sbin/sh " ] &&
	ok kernel-layout-is-cpio || nok kernel-layout-is-cpio "GNU cpio reads: $(tr '\n' ' ' <"$T/kernel.list") $(cat "$T/kernel.cpio-err")"
head -n 3 "$T/kernel.spec" >"$T/default.spec"
gen_init_cpio "$T/default.spec" >"$T/default.cpio"
pad512 "$T/default.cpio"
expect good-kernel-default-list 0 -error -warning -- --part --builtin none "$T/default.cpio"
expect kernel-default-list-as-image 2 +"error: no /init in the image" +"VFS: Unable to mount root fs" \
	-- --builtin none "$T/default.cpio"
expect kernel-default-list-is-builtin 0 -error -warning -- --builtin "$T/default.cpio" "$T/base.cpio"

# -- the listing: GNU cpio -itv's columns, member by member -----------------
# (dates aside: cpio prints "Jan  1  1970", baton-check 1970-01-01 00:00)
cols() { awk '{ d = ($1 ~ /^[bc]/) ? 1 : 0; s = $1 " " $2 " " $3 " " $4 " " $5 (d ? " " $6 : "");
	n = ""; for (i = 9 + d; i <= NF; i++) n = n " " $i; print s n }'; }
cols_check() { awk '{ d = ($1 ~ /^[bc]/) ? 1 : 0; s = $1 " " $2 " " $3 " " $4 " " $5 (d ? " " $6 : "");
	n = ""; for (i = 8 + d; i <= NF; i++) n = n " " $i; print s n }'; }
for img in gnu.cpio kernel.cpio base.cpio; do
	cpio -itv --numeric-uid-gid <"$T/$img" 2>/dev/null | cols >"$T/$img.cpio-list"
	run_check -l "$T/$img"
	cols_check <<<"$out" >"$T/$img.check-list"
	if [ "$rc" -le 1 ] && [ -s "$T/$img.cpio-list" ] && cmp -s "$T/$img.cpio-list" "$T/$img.check-list"; then
		ok "list-like-cpio-$img"
	else
		nok "list-like-cpio-$img" "rc $rc; diff: $(diff "$T/$img.cpio-list" "$T/$img.check-list" | head -n 6 | tr '\n' '|')"
	fi
done
# Across segments: one listing, in image order.
{ cpio -itv --numeric-uid-gid <"$T/part.cpio"; gzip -dc "$T/base.gzip" | cpio -itv --numeric-uid-gid
  lz4 -dc "$T/extra.lz4" | cpio -itv --numeric-uid-gid; } 2>/dev/null | cols >"$T/chain.cpio-list"
run_check -l "$T/chain.img"
cols_check <<<"$out" | head -n "$(wc -l <"$T/chain.cpio-list")" >"$T/chain.check-list"
cmp -s "$T/chain.cpio-list" "$T/chain.check-list" && [ "$(wc -l <<<"$out")" = $(( $(wc -l <"$T/chain.cpio-list") + 2 )) ] &&
	ok list-across-segments || nok list-across-segments "diff: $(diff "$T/chain.cpio-list" "$T/chain.check-list" | head -n 6 | tr '\n' '|')"

# -- bad framing: what the kernel says, at the offset where it says it ----------
B=$(size "$T/base.cpio")		# a multiple of 512, NUL padded
printf 'dir /late 0755 0 0\nfile /late/x %s 0644 0 0\n' "$S/hello" >"$T/late.spec"
pack -o "$T/late.cpio" "$T/late.spec"
{ cat "$T/base.cpio"; printf '\0\0'; cat "$T/late.cpio"; } >"$T/misaligned.img"
expect bad-misaligned-second-segment 2 +"misaligned.img:$((B + 2)): error: \"broken padding\"" \
	+"starts at offset $((B + 2)), not a multiple of 4" -- "$T/misaligned.img"
run_check -T "$T/misaligned.img"
grep -q ' /late$' <<<"$out" && nok bad-misaligned-keeps-first "the second segment was unpacked" ||
	{ grep -q ' /init$' <<<"$out" && ok bad-misaligned-keeps-first || nok bad-misaligned-keeps-first "first segment lost"; }
{ cat "$T/base.cpio"; printf 'ab'; cat "$T/late.cpio"; } >"$T/junk-byte.img"
expect bad-junk-between 2 +"junk-byte.img:$B: error: \"invalid magic at start of compressed archive\"" \
	+'"ab070701"' -- "$T/junk-byte.img"
{ cat "$T/base.cpio"; printf 'GARBAGE!GARBAGE!'; cat "$T/late.cpio"; } >"$T/garbage.img"
expect bad-garbage-between 2 +"garbage.img:$B: error: \"invalid magic at start of compressed archive\"" \
	+"after segment 1, newc at offset 0" -- "$T/garbage.img"
gz=$(size "$T/base.gzip")
k=$(( (gz + 2) % 4 ? 2 : 3 ))	# NULs that leave the next header misaligned
{ cat "$T/base.gzip"; head -c "$k" /dev/zero; cat "$T/late.cpio"; } >"$T/gz-misaligned.img"
expect bad-newc-misaligned-after-gzip 2 \
	+"gz-misaligned.img:$((gz + k)): error: \"invalid magic at start of compressed archive\": a newc member at offset $((gz + k))" \
	-- "$T/gz-misaligned.img"
last_hdr=$(grep -abo 'TRAILER!!!' "$T/base.cpio" | head -n1 | cut -d: -f1)
head -c $((last_hdr - 110 + 60)) "$T/base.cpio" >"$T/cut-header.img"
expect bad-truncated-header 2 +"cut-header.img:$((last_hdr - 110)): error: the image ends inside a member's header (60 of 110 bytes)" \
	-"TRAILER!!!:" -- "$T/cut-header.img"
big_at=$(grep -abo 'bin/big' "$T/base.cpio" | head -n1 | cut -d: -f1)
head -c $((big_at + 1000)) "$T/base.cpio" >"$T/cut-data.img"
expect bad-truncated-data 2 +"error: the image ends inside the data of bin/big" \
	+"the kernel creates the file at full size, the missing end as zeros" -- "$T/cut-data.img"
{ printf '070709'; tail -c +7 "$T/base.cpio"; } >"$T/bad-magic.img"
expect bad-magic 2 +'bad-magic.img:0: error: "no cpio magic"' +'here is "070709"' -- "$T/bad-magic.img"
(cd "$G" && find . -mindepth 1 | cpio -o -H odc --quiet) >"$T/odc.img"
expect bad-odc 2 +'odc.img:0: error: "incorrect cpio method used: use -H newc option"' -- "$T/odc.img"
# A compressed segment followed by junk, and lz4 with no NULs after it.
{ cat "$T/base.gzip"; printf 'JUNK'; } >"$T/gz-junk.img"
expect bad-compressed-then-junk 2 +"gz-junk.img:$gz: error: \"invalid magic at start of compressed archive\": \"JUNK\"" \
	+"after segment 1, gzip at offset 0" -- "$T/gz-junk.img"
{ cat "$T/extra.lz4"; cat "$T/late.cpio"; } >"$T/lz4-then-newc.img"
expect bad-lz4-no-nuls 2 +'lz4-then-newc.img:0: error: "Decoding failed": lz4 segment' \
	+"put at least 4 NULs after an lz4 segment" -- "$T/lz4-then-newc.img"
l4=$(size "$T/extra.lz4")
{ cat "$T/extra.lz4"; head -c $(( (l4 + 4) % 4 ? 4 : 5 )) /dev/zero; cat "$T/late.cpio"; } >"$T/lz4-nuls-newc.img"
expect bad-lz4-nuls-then-misaligned 2 +"lz4-nuls-newc.img:$(( l4 + ((l4 + 4) % 4 ? 4 : 5) )): error: \"invalid magic at start of compressed archive\": a newc member" \
	-- "$T/lz4-nuls-newc.img"
{ cat "$T/extra.lz4"; head -c $(( 4 + (4 - (l4 + 4) % 4) % 4 )) /dev/zero; cat "$T/late.cpio"; } >"$T/lz4-ok.img"
expect good-lz4-nuls-aligned 0 -error -warning -- --part "$T/lz4-ok.img"
# gzip headers the kernel's gunzip does not skip; xz checks it cannot do.
python_free_gzip_comment() { # a gzip member with FCOMMENT: flag 0x10 and "c\0" after the header
	local f=$1
	{ head -c 3 "$f"; printf '\x10'; tail -c +5 "$f" | head -c 6; printf 'c\0'; tail -c +11 "$f"; }
}
gzip -9n -c "$T/base.cpio" >"$T/plain.gz"
python_free_gzip_comment "$T/plain.gz" >"$T/comment.gz"
gzip -t "$T/comment.gz" 2>/dev/null && ok gzip-comment-is-valid-gzip || nok gzip-comment-is-valid-gzip "test image broken"
expect bad-gzip-comment 2 +'comment.gz:0: error: "uncompression error": gzip segment: the gzip header has a comment' -- "$T/comment.gz"
xz -c "$T/base.cpio" >"$T/crc64.xz"
expect bad-xz-crc64 2 +'"Input was encoded with settings that are not supported by this XZ decoder"' \
	+"uses the CRC64 integrity check" +"xz --check=crc32" -- "$T/crc64.xz"
# A wrong CRC in the trailer: gzip -d fails, the kernel (which steps over
# the trailer unchecked) boots the image: a warning, exit 1 (it was an
# error, exit 2).
cp "$T/base.gzip" "$T/badcrc.gz"
printf '\xde\xad' | dd of="$T/badcrc.gz" bs=1 seek=$((gz - 8)) conv=notrunc status=none
expect warn-gzip-bad-crc 1 -": error:" +"badcrc.gz:0: warning: gzip -dc fails on this gzip segment" \
	+"the kernel does not check them and unpacks it anyway" -- "$T/badcrc.gz"
head -c $((gz / 2)) "$T/base.gzip" >"$T/cut.gz"
expect bad-gzip-truncated 2 +'cut.gz:0: error: "read error": gzip segment: the gzip stream is cut short' -- "$T/cut.gz"
head -c $((big_at + 1000)) "$T/base.cpio" | gzip -9n >"$T/short-inside.gz"
expect bad-gzip-ends-inside-member 2 +'"junk at the end of compressed archive": the gzip contents end inside the data of bin/big' \
	-- "$T/short-inside.gz"
{ cat "$T/late.cpio"; cat "$T/base.gzip"; } | gzip -9n >"$T/gz-in-gz.gz"
expect bad-gzip-inside-gzip 2 +"gz-in-gz.gz:0+$(size "$T/late.cpio"): error: \"junk within compressed archive\": byte 0x1f" \
	-- "$T/gz-in-gz.gz"
{ cat "$T/base.cpio"; cat "$T/late.cpio"; } | gzip -9n >"$T/two-in-one.gz"
expect good-two-archives-in-one-gzip 0 -error -warning -- "$T/two-in-one.gz"

# -- bad trees: what the kernel builds ----------------------------------------
# (all with a good /init and /dev/console, so only the case at hand is found)
good_head() { # the members every case starts with
	member name=dev mode=040755 ino=1
	member name=dev/console mode=020600 ino=2 maj=5 min=1
	member name=init mode=0100755 ino=3 data="$INIT"
}
{ good_head; member name=etc/passwd ino=10 text=root; member name=etc mode=040755 ino=11; trailer; } >"$T/order.img"
pw_at=$(( $(good_head | wc -c) ))
expect bad-parent-after-child 2 \
	+"order.img:$pw_at: error: regular file /etc/passwd is not created: its directory /etc comes only later, at $T/order.img:$((pw_at + 128))" \
	+"put /etc before what it contains" -- "$T/order.img"
{ good_head; member name=nowhere/x ino=10 text=x; trailer; } >"$T/noparent.img"
expect bad-parent-never 2 +"regular file /nowhere/x is not created: its directory /nowhere is not in the image at this point nor later" \
	-- "$T/noparent.img"
{ good_head; member name=f ino=10 text=x; member name=f/x ino=11 text=y; trailer; } >"$T/notdir.img"
expect bad-parent-not-dir 2 +"regular file /f/x is not created: a component of its path is not a directory" -- "$T/notdir.img"
{ good_head; member name=d mode=040755 ino=10 text=data; trailer; } >"$T/dirdata.img"
expect bad-dir-with-data 2 +"d is a directory with 4 bytes of data: the kernel reads data only for regular files" -- "$T/dirdata.img"
{ good_head; member name=x mode=0000644 ino=10; trailer; } >"$T/notype.img"
expect bad-no-file-type 2 +"member /x has no valid file type (c_mode 0000644)" -- "$T/notype.img"
{ good_head; member name=etc mode=040755 ino=10; } >"$T/notrailer.img"
expect warn-no-trailer 1 +"notrailer.img:$(size "$T/notrailer.img"): warning: segment 1 (newc at offset 0) ends without TRAILER!!!" \
	-- "$T/notrailer.img"
# Duplicates: later wins, as with an external image over the built-in one.
{ good_head; member name=etc mode=040755 ino=10; member name=etc/x ino=11 text=one; trailer; } >"$T/dup1.cpio"
{ member name=etc mode=040700 ino=1; member name=etc/x ino=2 text=two; trailer; } >"$T/dup2.cpio"
pack -A "$T/dup1.cpio" -A "$T/dup2.cpio" -o "$T/dup.img"
d2=$(next_at "$(size "$T/dup1.cpio")" 0)
expect warn-duplicate-file 1 +"dup.img:$((d2 + 116)): warning: regular file /etc/x replaces /etc/x from $T/dup.img:" \
	+"the kernel truncates and rewrites it (later wins)" \
	+"dup.img:$d2: warning: directory /etc again" +"mode 0755 owner 0:0 -> 0700 0:0" -- "$T/dup.img"
{ good_head; member name=dev/console mode=020600 ino=10 maj=4 min=64; trailer; } >"$T/dupnode.img"
expect warn-duplicate-node 1 +"mknod fails on the existing node, which stays 5:1 and not 4:64" -- "$T/dupnode.img"
{ good_head; member name=s mode=040755 ino=10; member name=s/f ino=11 text=x; member name=s ino=12 text=file; trailer; } >"$T/busy.img"
expect bad-replace-nonempty-dir 2 +"regular file /s is not created: /s is a non-empty directory" -- "$T/busy.img"
# Device numbers out of the kernel's range: MKDEV in a 32-bit dev_t, so
# 4096:0 is made as 0:0, 8191:0 as 4095:0, 2:1048576 as 3:0. The tree showed
# the header's numbers before.
{ good_head; member name=n1 mode=020644 ino=10 maj=4096 min=0; member name=n2 mode=060644 ino=11 maj=8191 min=0
  member name=n3 mode=020644 ino=12 maj=2 min=1048576; trailer; } >"$T/bigdev.img"
expect warn-device-out-of-range 1 +"device number 4096:0 is out of the kernel's range" \
	+"the kernel makes the device 0:0 instead" +"the kernel makes the device 4095:0 instead" -- "$T/bigdev.img"
run_check -T "$T/bigdev.img"
grep -q ' 0,0 /n1$' <<<"$out" && grep -q ' 4095,0 /n2$' <<<"$out" && grep -q ' 3,0 /n3$' <<<"$out" &&
	ok device-out-of-range-tree || nok device-out-of-range-tree "the tree does not show the kernel's devices: $(grep '/n[123]$' <<<"$out" | tr '\n' '|')"

# Hard links: fine in one archive (data on the last name, or on the first);
# across segments with no TRAILER!!! between them, inode numbers collide.
{ good_head; member name=a ino=10 nlink=2; member name=b ino=10 nlink=2 text=data; trailer; } >"$T/links-last.img"
expect good-hardlinks-data-last 0 -error -warning -- "$T/links-last.img"
{ good_head; member name=a ino=10 nlink=2 text=data; member name=b ino=10 nlink=2; trailer; } >"$T/links-first.img"
expect good-hardlinks-data-first 0 -error -warning -- "$T/links-first.img"
run_check -T "$T/links-first.img"
grep -qx -- '-rw-r--r-- 2 0 0 4 /a' <<<"$out" && grep -qx -- '-rw-r--r-- 2 0 0 4 /b' <<<"$out" &&
	ok hardlinks-tree || nok hardlinks-tree "tree: $(grep -E ' /(a|b)$' <<<"$out" | tr '\n' '|')"
{ good_head; member name=lib mode=040755 ino=9; member name=lib/one ino=10 nlink=2 text=one; } >"$T/seg1.cpio"
pad512 "$T/seg1.cpio"
{ member name=lib/two ino=10 nlink=2 text=two; trailer; } | gzip -9n >"$T/seg2.gz"
cat "$T/seg1.cpio" "$T/seg2.gz" >"$T/collide.img"
s2=$(size "$T/seg1.cpio")
expect warn-hardlink-across-segments 1 \
	+"collide.img:$s2+0: warning: /lib/two (inode 10, nlink 2) becomes a hard link of lib/one from segment 1" \
	+"warning: segment 1 (newc at offset 0) ends without TRAILER!!!" -- "$T/collide.img"
run_check -T "$T/collide.img"
grep -qx -- '-rw-r--r-- 2 0 0 3 /lib/one' <<<"$out" && ok hardlink-collision-tree ||
	nok hardlink-collision-tree "lib: $(grep ' /lib/' <<<"$out" | tr '\n' '|')"
# Names as other tools write them: "./x", "/x", and a symlinked directory.
{ good_head; member name=./real mode=040755 ino=10; member name=/lnk mode=0120777 ino=11 text=real
  member name=lnk/f ino=12 text=x; trailer; } >"$T/names.img"
expect good-names 0 -error -warning -- "$T/names.img"
run_check -T "$T/names.img"
grep -q ' /real/f$' <<<"$out" && ok names-through-symlink || nok names-through-symlink "tree: $(tr '\n' '|' <<<"$out")"

# -- what the kernel needs next: the init and the console ---------------------
console() { member name=dev mode=040755 ino=1; member name=dev/console mode=020600 ino=2 maj=5 min=1; }
{ console; trailer; } >"$T/noinit.img"
expect bad-no-init 2 +"error: no /init in the image" +'"VFS: Unable to mount root fs on unknown-block(0,0)"' \
	"=no /init" -- "$T/noinit.img"
expect good-no-init-part 0 -error -- --part "$T/noinit.img"
expect good-rdinit 0 -error -- --init /dev/../init "$T/base.cpio"
expect bad-rdinit-missing 2 +"error: no /sbin/init in the image" -- --init /sbin/init "$T/base.cpio"
{ console; member name=init mode=0100644 ino=3 data="$INIT"; trailer; } >"$T/noexec.img"
expect bad-init-not-executable 2 +"/init has mode 0644: no execute bit" +'"Failed to execute /init (error -13)"' \
	+'none of them runs here, so it panics: "Kernel panic - not syncing: No working init found."' -- "$T/noexec.img"
{ console; member name=init mode=0100644 ino=3 data="$INIT"; member name=bin mode=040755 ino=4
  member name=bin/sh mode=0100755 ino=5 data="$INIT"; trailer; } >"$T/noexec-sh.img"
expect bad-init-falls-back 2 +'"Failed to execute /init (error -13)"' +"/bin/sh runs instead" -- "$T/noexec-sh.img"
{ console; member name=init mode=040755 ino=3; trailer; } >"$T/initdir.img"
expect bad-init-is-dir 2 +"/init is a directory" +"(error -13)" -- "$T/initdir.img"
{ console; member name=init mode=0100755 ino=3 data="$S/dyn"; trailer; } >"$T/dyn.img"
expect bad-init-no-interpreter 2 +"/init needs the ELF interpreter $INTERP, which is not in the image" \
	+'"Failed to execute /init (error -2)"' -- "$T/dyn.img"
# The interpreter present (as Debian has it: a symlink into the multiarch
# directory), packed by baton-pack with every directory on the way.
real_interp=$(readlink -f "$INTERP")
dirs_of() { local d=$1; while [ "$d" != / ]; do echo "$d"; d=$(dirname "$d"); done; }
{ dirs_of "$(dirname "$INTERP")"; dirs_of "$(dirname "$real_interp")"; } | sort -u |
	awk '{ print "dir " $0 " 0755 0 0" }' >"$T/dyn.spec"
printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\nslink %s %s 0777 0 0\nfile %s %s 0755 0 0\nfile /init %s 0755 0 0\n' \
	"$INTERP" "$real_interp" "$real_interp" "$real_interp" "$S/dyn" >>"$T/dyn.spec"
pack -o "$T/dyn-ok.img" "$T/dyn.spec"
expect good-init-dynamic 0 -error "=/init: ELF 64-bit x86-64, dynamic, interpreter $INTERP" -- "$T/dyn-ok.img"
{ console; member name=init mode=0100755 ino=3 data="$S/script"; trailer; } >"$T/script.img"
expect bad-init-script-no-shell 2 +"/init needs the script interpreter /bin/sh, which is not in the image" +"(error -2)" \
	-- "$T/script.img"
{ console; member name=bin mode=040755 ino=9; member name=bin/sh mode=0100755 ino=10 data="$INIT"
  member name=init mode=0100755 ino=3 data="$S/script"; trailer; } >"$T/script-ok.img"
expect good-init-script 0 -error "=/init: #! script for /bin/sh" -- "$T/script-ok.img"
{ console; member name=init mode=0100755 ino=3 text="just text"; trailer; } >"$T/noexecfmt.img"
expect bad-init-not-elf 2 +"/init is neither an ELF binary nor a #! script" +"(error -8)" -- "$T/noexecfmt.img"
{ console; member name=sbin mode=040755 ino=8; member name=sbin/init mode=0100755 ino=9 data="$INIT"
  member name=init mode=0120777 ino=3 text=sbin/init; trailer; } >"$T/initlink.img"
expect good-init-symlink 0 -error -- "$T/initlink.img"
{ console; member name=init mode=0120777 ino=3 text=/sbin/nothing; trailer; } >"$T/dangling.img"
expect bad-init-dangling-symlink 2 +"no /init in the image (it is a symlink to /sbin/nothing)" -- "$T/dangling.img"
# /dev/console: from the image, from the kernel's built-in one, or nowhere.
{ member name=init mode=0100755 ino=3 data="$INIT"; trailer; } >"$T/noconsole.img"
# The modelled built-in image supplies it and the image boots (as every
# initramfs-tools and tiny-initramfs image does): a note (-v), exit 0; it was
# a warning and exit 1.
expect note-console-from-builtin 0 -warning -- "$T/noconsole.img"
expect note-console-from-builtin-v 0 +"note: no /dev/console in the image: it comes from the kernel's built-in initramfs" \
	-- -v "$T/noconsole.img"
expect warn-no-console 1 +'warning: no /dev/console: the kernel says "Warning: unable to open an initial console."' \
	-- --builtin none "$T/noconsole.img"
{ member name=dev mode=040755 ino=1; member name=dev/console mode=0100644 ino=2 text=x
  member name=init mode=0100755 ino=3 data="$INIT"; trailer; } >"$T/console-file.img"
expect warn-console-not-a-device 1 +"/dev/console is a regular file, not a character device" \
	+"replaces the character device /dev/console from (built-in default):0" -- -v "$T/console-file.img"

# -- "070702": the kernel checks the data's sum -------------------------------
pack -c -o "$T/crc.cpio" "$T/base.spec"
expect good-crc 0 -error -warning -- "$T/crc.cpio"
cp "$T/crc.cpio" "$T/crc-bad.cpio"
hello_at=$(grep -abo 'bin/hello2' "$T/crc.cpio" | head -n1 | cut -d: -f1)
printf 'J' | dd of="$T/crc-bad.cpio" bs=1 seek=$((hello_at + 14)) conv=notrunc status=none	# its data
expect bad-crc 2 +"\"bad data checksum\": the data of bin/hello2 sums to" -- "$T/crc-bad.cpio"

# -- a LOCKDOWN /init: no other program beside it ----------------------------
# rdinit= runs any executable of the image without baton; a LOCKDOWN build
# (found by the tag in its .rodata, tens of KiB in) allows only the tools
# /init runs (/sbin/cryptsetup, /sbin/lvm, /sbin/mdadm, fsck checkers) and
# their ELF interpreter; libraries need no execute bit.
LOCK=build/musl-reboot-lockdown/init
[ -x "$LOCK" ] || make -s LOCKDOWN=1 "$LOCK" >&2 || { echo "not ok check-build - make LOCKDOWN=1 $LOCK failed"; exit 1; }
printf '' >"$S/lib.so"
cat >"$T/lock.spec" <<SPEC
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /sbin 0755 0 0
dir /lib 0755 0 0
dir ${INTERP%/*} 0755 0 0
file /init $LOCK 0755 0 0
slink /sbin/modprobe /init 0777 0 0
file /sbin/cryptsetup $S/dyn 0755 0 0
file /sbin/e2fsck $S/dyn 0755 0 0
file /sbin/fsck.xfs $S/dyn 0755 0 0
file $INTERP $S/dyn 0755 0 0
file /lib/libc.so.6 $S/lib.so 0644 0 0
file /etc-data $S/hello 0644 0 0
SPEC
pack -o "$T/lock.cpio" "$T/lock.spec"
expect good-lockdown-tools 0 -error -'LOCKDOWN' -- "$T/lock.cpio"
{ cat "$T/lock.spec"; echo "dir /bin 0755 0 0"; echo "file /bin/sh $INIT 0755 0 0"; } >"$T/lock-sh.spec"
pack -o "$T/lock-sh.cpio" "$T/lock-sh.spec"
expect bad-lockdown-shell 2 +'error: /bin/sh is a program beside the LOCKDOWN=1 /init: rdinit=/bin/sh runs it' \
	-'/sbin/cryptsetup is a program' -'/lib/libc.so.6' -- "$T/lock-sh.cpio"
for z in gzip xz zstd lz4; do	# the tag cut at other chunk boundaries
	pack -z $z -o "$T/lock-sh.$z" "$T/lock-sh.spec"
	expect bad-lockdown-shell-$z 2 +'error: /bin/sh is a program beside the LOCKDOWN=1 /init' -- "$T/lock-sh.$z"
done
sed 's|^file /lib/libc.so.6 \(.*\) 0644|file /lib/libc.so.6 \1 0755|' "$T/lock.spec" >"$T/lock-lib.spec"
pack -o "$T/lock-lib.cpio" "$T/lock-lib.spec"
expect bad-lockdown-exec-library 2 +'error: /lib/libc.so.6 is a program beside the LOCKDOWN=1 /init' -- "$T/lock-lib.cpio"
{ cat "$T/lock.spec"; echo "file /sbin/fsck.ext4 $INIT 0755 0 0"; echo "dir /usr 0755 0 0"; \
  echo "dir /usr/lib 0755 0 0"; echo "file /usr/lib/fsck $INIT 0755 0 0"; } >"$T/lock-fsck.spec"
pack -o "$T/lock-fsck.cpio" "$T/lock-fsck.spec"
expect bad-lockdown-not-a-checker 2 +'error: /usr/lib/fsck is a program beside' -'/sbin/fsck.ext4 is a program' \
	-'/sbin/e2fsck is a program' -- "$T/lock-fsck.cpio"
sed "s|^file /init $LOCK|file /init $INIT|" "$T/lock-sh.spec" >"$T/plain-sh.spec"
pack -o "$T/plain-sh.cpio" "$T/plain-sh.spec"
expect good-plain-init-shell 0 -'LOCKDOWN' -- "$T/plain-sh.cpio"

# -- exit status 3: could not check ---------------------------------------------
xz --format=lzma -c "$T/base.cpio" >"$T/base.lzma"
expect unchecked-lzma 3 +"a lzma-compressed segment: the kernel unpacks it if built with CONFIG_RD_LZMA, but baton-check cannot follow it" \
	-- "$T/base.lzma"
mkdir -p "$T/nopath"
RUN_ENV=(env PATH="$T/nopath")
expect unchecked-tool-missing 3 +"zstd is not installed" -- "$T/base.zstd"
RUN_ENV=()
expect usage-no-image 3 +"no IMAGE given" --
expect usage-missing-file 3 +"cannot read $T/nope: No such file or directory" -- "$T/nope"
expect usage-bad-option 3 -- --frobnicate "$T/base.cpio"
expect stdin-image 0 -error -- - <"$T/base.gzip"
run_check --help
[ "$rc" = 0 ] && grep -q '^usage: baton-check' <<<"$out" && ok usage-help || nok usage-help "rc $rc"

[ "$failed" = 0 ]
