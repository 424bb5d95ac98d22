#!/usr/bin/env bash
# tests/unit/t-verity.sh: baton's verity superblock reader (init/verity.c,
# through build/tests/tool_verity) on hash images made by the real
# `veritysetup format` (cryptsetup-bin), no devices: every field must equal
# `veritysetup dump`'s, and the table line must carry them with the root hash
# veritysetup printed, the tree starting in the block after the superblock.
# A data image given as the hash image, and a wrong-length root hash, are
# refused.
set -u
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C

TOOL=build/tests/tool_verity
. tests/unit/lib.sh
need_tools verity veritysetup mkfs.ext4 truncate
need_helper verity "$TOOL" "make tests"

# fields FILE: the dump lines both print, as "Key: value", blanks squeezed.
fields() {
	grep -E '^(UUID|Hash type|Data blocks|Data block size|Hash block size|Hash algorithm|Salt):' "$1" |
		sed -E 's/:[[:space:]]+/: /'
}

# one NAME VERITYSETUP-OPTIONS...: format, compare dump and table.
one() {
	local name=$1 root typ dbs hbs blocks alg salt start want
	shift
	rm -f "$tmp/h.img"
	if ! veritysetup format "$@" "$tmp/d.img" "$tmp/h.img" >"$tmp/fmt" 2>&1; then
		fail "$name" "veritysetup format $* failed: $(tail -1 "$tmp/fmt")"
		return
	fi
	root=$(sed -n 's/^Root hash:[[:space:]]*//p' "$tmp/fmt")
	veritysetup dump "$tmp/h.img" >"$tmp/dump" 2>&1
	if ! "$TOOL" "$tmp/h.img" "$root" >"$tmp/ours" 2>"$tmp/err"; then
		fail "$name" "refused: $(cat "$tmp/err")"
		return
	fi
	if ! diff <(fields "$tmp/dump") <(fields "$tmp/ours") >"$tmp/diff"; then
		fail "$name" "fields differ from veritysetup dump: $(tr '\n' ' ' <"$tmp/diff")"
		return
	fi
	typ=$(sed -n "s/^Hash type: //p" "$tmp/ours")
	dbs=$(sed -n 's/^Data block size: //p' "$tmp/ours")
	hbs=$(sed -n 's/^Hash block size: //p' "$tmp/ours")
	blocks=$(sed -n 's/^Data blocks: //p' "$tmp/ours")
	alg=$(sed -n 's/^Hash algorithm: //p' "$tmp/ours")
	salt=$(sed -n 's/^Salt: //p' "$tmp/ours")
	start=$(( (512 + hbs - 1) / hbs ))
	want="Table: 0 $((blocks * dbs / 512)) verity $typ 7:0 7:1 $dbs $hbs $blocks $start $alg $root $salt"
	if [ "$(sed -n 's/^Table: /Table: /p' "$tmp/ours")" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "table $(grep Table "$tmp/ours"), want $want"
	fi
}

truncate -s 4M "$tmp/d.img"
mkfs.ext4 -q -F "$tmp/d.img" >/dev/null 2>&1 || { fail verity-mkfs "mkfs.ext4"; exit 1; }
one verity-real-default
one verity-real-sha1-512-1024-nosalt --hash=sha1 --hash-block-size=512 --data-block-size=1024 --salt=-
one verity-real-sha512-salt --hash=sha512 --salt=00ff00ff00ff
one verity-real-type0 --format=0

if "$TOOL" "$tmp/d.img" 00 >/dev/null 2>"$tmp/err"; then
	fail verity-real-data-as-hash "a data image was taken for a hash image"
else
	pass verity-real-data-as-hash
fi
veritysetup format "$tmp/d.img" "$tmp/h.img" >/dev/null 2>&1
if "$TOOL" "$tmp/h.img" 0011 >/dev/null 2>"$tmp/err" || ! grep -q "length" "$tmp/err"; then
	fail verity-real-short-hash "a 2-byte root hash for sha256 was not refused by its length"
else
	pass verity-real-short-hash
fi
exit $((failed > 0))
