# tests/unit/lib.sh: sourced by the image-making unit test scripts (bash,
# set -u), which cd to the repository root first. Provides:
#   need_tools NAME TOOL...   each TOOL on PATH, else "not ok NAME-tools", exit 1
#   need_helper NAME PATH HOW a built test helper, else "not ok NAME-tool", exit 1
#   tmp                       a scratch directory, removed at exit
#   failed, pass NAME, fail NAME WHY   the "ok" / "not ok" lines and their count
#   mkx NAME SIZE CMD...      $tmp/NAME.img made by CMD (the word @ is the image)
#   put IMG OFFSET BYTES      printf-escaped BYTES written over IMG at OFFSET
# A test that cannot run fails loudly; it never passes by skipping.

# mkfs.*, blkid and friends live in sbin, which a user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

need_tools() {
	local name=$1 t
	shift
	for t; do
		command -v "$t" >/dev/null || {
			echo "not ok $name-tools - $t missing: run tools/setup.sh"
			exit 1
		}
	done
}

need_helper() { # NAME PATH HOW
	[ -x "$2" ] || { echo "not ok $1-tool - $2 missing: run $3"; exit 1; }
}

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
failed=0

pass() { echo "ok $1"; }
fail() { echo "not ok $1 - $2"; failed=$((failed + 1)); }

# mkx NAME SIZE CMD...: runs CMD with the word @ standing for $tmp/NAME.img,
# first made a sparse file of SIZE unless SIZE is "-".
mkx() {
	local img=$tmp/$1.img size=$2 a args=()
	shift 2
	for a; do [ "$a" = @ ] && args+=("$img") || args+=("$a"); done
	rm -f "$img"
	# shellcheck disable=SC2015 # the || part is for a failure of either
	{ [ "$size" = - ] || truncate -s "$size" "$img"; } &&
		"${args[@]}" >"$tmp/mkfs.log" 2>&1 </dev/null ||
		{ echo "# failed: ${args[*]}"; sed 's/^/#   /' "$tmp/mkfs.log"; return 1; }
}

# put IMG OFFSET BYTES: writes BYTES (printf escapes) over IMG at OFFSET.
# shellcheck disable=SC2059 # BYTES is the format: its escapes are the point
put() { printf "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none; }
