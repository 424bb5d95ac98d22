#!/usr/bin/env bash
# tests/unit/t-probe.sh: checks the superblock prober (init/probe*.c, through
# build/tests/tool_probe) on images made by the real mkfs tools. Each image's
# TYPE, UUID and LABEL must equal libblkid's (`blkid -p -o export`, the
# reference, compared in its escaped form) and the values given to mkfs.
# Prints "ok NAME" / "not ok NAME - why"; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
PATH=$PATH:/usr/sbin:/sbin

TOOL=build/tests/tool_probe
for t in mkfs.ext2 mkfs.ext3 mkfs.ext4 mke2fs blkid; do
	command -v "$t" >/dev/null || {
		echo "not ok probe-tools - mkfs.ext4/blkid missing: run tools/setup.sh"
		exit 1
	}
done
[ -x "$TOOL" ] || { echo "not ok probe-tool - $TOOL missing: run make tests"; exit 1; }

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
failed=0

pass() { echo "ok $1"; }
fail() { echo "not ok $1 - $2"; failed=$((failed + 1)); }

# raw KEY: KEY's value, still escaped, from export-format lines on stdin.
raw() { sed -n "s/^$1=//p" | head -n 1; }
# unesc: undoes blkid's backslash escaping (test labels are printable ASCII).
unesc() { sed 's/\\\(.\)/\1/g'; }

# mk NAME SIZE MKFS-ARGS...: makes a sparse image $tmp/NAME.img with them.
mk() {
	local img=$tmp/$1.img size=$2
	shift 2
	truncate -s "$size" "$img" && "$@" "$img" >"$tmp/mkfs.log" 2>&1 ||
		{ echo "# mkfs failed: $*"; sed 's/^/#   /' "$tmp/mkfs.log"; return 1; }
}

# check NAME IMG TYPE UUID LABEL [OFFSET]: tool_probe agrees with blkid on
# all three keys, and with what mkfs was told.
check() {
	local name=$1 img=$2 type=$3 uuid=$4 label=$5 off=${6:-0}
	local ours ref key got exp rc
	ours=$("$TOOL" "$img" "$off" 2>"$tmp/err")
	rc=$?
	[ "$rc" -eq 0 ] || { fail "$name" "tool_probe exited $rc: $(cat "$tmp/err")"; return; }
	ref=$(blkid -p -O "$off" -o export "$img" 2>&1)
	for key in TYPE UUID LABEL; do
		got=$(raw "$key" <<<"$ours")
		exp=$(raw "$key" <<<"$ref")
		[ "$got" = "$exp" ] ||
			{ fail "$name" "$key: tool_probe says '$got', blkid says '$exp'"; return; }
	done
	got=$(raw TYPE <<<"$ours"); [ "$got" = "$type" ] ||
		{ fail "$name" "TYPE '$got', made as '$type'"; return; }
	got=$(raw UUID <<<"$ours"); [ "$got" = "${uuid,,}" ] ||
		{ fail "$name" "UUID '$got', made with '$uuid'"; return; }
	got=$(raw LABEL <<<"$ours" | unesc); [ "$got" = "$label" ] ||
		{ fail "$name" "LABEL '$got', made with '$label'"; return; }
	pass "$name"
}

# unknown NAME IMG: both tool_probe (exit 1, no output) and blkid see nothing.
unknown() {
	local name=$1 img=$2 ours rc ref
	ours=$("$TOOL" "$img" 2>/dev/null)
	rc=$?
	ref=$(blkid -p -o export "$img" 2>/dev/null | raw TYPE)
	if [ "$rc" -ne 1 ] || [ -n "$ours" ]; then
		fail "$name" "tool_probe exited $rc, said '$(echo $ours)'; want exit 1, nothing"
	elif [ -n "$ref" ]; then
		fail "$name" "blkid found TYPE=$ref: the test image is not what it should be"
	else
		pass "$name"
	fi
}

# NAME | TYPE | UUID (given to mkfs) | LABEL | mkfs command
while IFS='|' read -r name type uuid label cmd; do
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086 # cmd holds the mkfs words
	if mk "$name" 32M $cmd -F -q -U "$uuid" -L "$label"; then
		check "probe-$name" "$tmp/$name.img" "$type" "$uuid" "$label"
	else
		fail "probe-$name" "could not make the image with: $cmd"
	fi
done <<'EOF'
ext2|ext2|0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9|e2root|mkfs.ext2
ext2-1k|ext2|11111111-2222-4333-8444-555555555555|e2small|mkfs.ext2 -b 1024
ext3|ext3|DEADBEEF-CAFE-4BAD-8F00-0123456789AB|e3root|mkfs.ext3
ext4|ext4|6f1c2d9e-3a4b-4c5d-9e6f-7a8b9c0d1e2f|rootfs|mkfs.ext4 -b 4096
ext4-1k|ext4|a0a0a0a0-b1b1-4c2c-8d3d-e4e4e4e4e4e4|small|mkfs.ext4 -b 1024
ext4-nocsum-no64|ext4|12345678-9abc-4def-8123-456789abcdef|oldstyle|mkfs.ext4 -O ^metadata_csum,^64bit
ext4-nojournal|ext4|fedcba98-7654-4321-8fed-cba987654321|nojournal|mkfs.ext4 -O ^has_journal
label-space|ext4|00112233-4455-4677-8899-aabbccddeeff|my root|mkfs.ext4
label-16|ext4|ffeeddcc-bbaa-4988-8776-655443322110|ABCDEFGHIJKLMNOP|mkfs.ext4
label-shell|ext3|0f0e0d0c-0b0a-4908-8706-050403020100|it's $HOME "x"|mkfs.ext3
jbd|jbd|13579bdf-2468-4ace-8135-79bdf2468ace|journal|mke2fs -O journal_dev -b 4096
ext4dev|ext4dev|02468ace-1357-49bd-8024-68ace13579bd|testfs|mkfs.ext4 -E test_fs
EOF

# Trailing spaces: libblkid drops them, and so must we.
if mk trail 32M mkfs.ext4 -F -q -U 99999999-8888-4777-8666-555555555555 -L 'root  '; then
	check probe-label-trailing-spaces "$tmp/trail.img" ext4 \
		99999999-8888-4777-8666-555555555555 root
else
	fail probe-label-trailing-spaces "could not make the image"
fi

# At an offset: the ext4 image 1 MiB into a bigger file, as in a partition.
if dd if="$tmp/ext4.img" of="$tmp/offset.img" bs=1M seek=1 conv=sparse status=none; then
	check probe-offset "$tmp/offset.img" ext4 6f1c2d9e-3a4b-4c5d-9e6f-7a8b9c0d1e2f rootfs 1048576
else
	fail probe-offset "could not make the image"
fi

# Cut inside the superblock (which spans bytes 1024-2047): unknown.
head -c 1100 "$tmp/ext4.img" >"$tmp/trunc.img"
unknown probe-truncated-1100 "$tmp/trunc.img"
head -c 2047 "$tmp/ext4.img" >"$tmp/trunc2047.img"
unknown probe-truncated-2047 "$tmp/trunc2047.img"

# Magic zeroed, everything else intact: unknown.
cp --sparse=always "$tmp/ext4.img" "$tmp/nomagic.img"
printf '\0\0' | dd of="$tmp/nomagic.img" bs=1 seek=$((0x438)) conv=notrunc status=none
unknown probe-magic-zeroed "$tmp/nomagic.img"

# An unreadable file: exit 2 and a message naming it.
err=$("$TOOL" "$tmp/absent.img" 2>&1 >/dev/null)
rc=$?
if [ "$rc" -eq 2 ] && [[ $err == *"$tmp/absent.img"* ]]; then
	pass probe-missing-file
else
	fail probe-missing-file "exit $rc, message '$err'; want exit 2 naming the file"
fi

[ "$failed" -eq 0 ]
