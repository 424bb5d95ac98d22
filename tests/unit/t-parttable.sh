#!/usr/bin/env bash
# tests/unit/t-parttable.sh: checks the partition-table reader
# (init/parttable.c, through build/tests/tool_parttable) on image files
# partitioned by the real tools, no loop devices: GPT by sgdisk (512-byte
# sectors), GPT and MBR by a scripted `fdisk -b 4096` (4096-byte sectors), MBR
# with an extended partition by sfdisk. Every partition's number, PARTUUID,
# PARTLABEL, start, size and type must equal libblkid's, the library udev's
# /dev/disk/by-part* links come from: `partx -P` (with -S 4096 for 4Kn; it
# counts START/SECTORS in 512-byte units), whose NAME escaping the tool
# copies. PTTYPE/PTUUID must equal `blkid -p` (512) or `fdisk -b 4096 -l`
# (4Kn: blkid has no sector-size option and sees only the protective MBR),
# and the identifiers must be those given to the partitioning tool.
# A 4Kn GPT read with 512-byte sectors (and the reverse) must yield nothing:
# exit 1 (-ENOENT), as the kernel finds no partitions there either.
# Prints "ok NAME" / "not ok NAME - why"; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C.UTF-8

TOOL=build/tests/tool_parttable
. tests/unit/lib.sh
need_tools parttable sgdisk sfdisk fdisk partx blkid truncate
need_helper parttable "$TOOL" "make tests"

# ours IMG SSZ: the tool's output in $tmp/ours, its exit status returned.
ours() { "$TOOL" "$1" "$2" >"$tmp/ours" 2>"$tmp/ours.err"; }

# norm_ours SSZ: our N= lines as "N UUID "NAME" START SIZE TYPE" in 512-byte
# units (as partx counts), sorted by number.
norm_ours() {
	local ssz=$1 line n uuid name start size type
	while IFS= read -r line; do
		[[ $line =~ ^N=([0-9]+)\ PARTUUID=([^ ]*)\ PARTLABEL=(\"[^\"]*\")\ START=([0-9]+)\ SIZE=([0-9]+)\ TYPE=(.*)$ ]] ||
			continue
		n=${BASH_REMATCH[1]} uuid=${BASH_REMATCH[2]} name=${BASH_REMATCH[3]}
		start=${BASH_REMATCH[4]} size=${BASH_REMATCH[5]} type=${BASH_REMATCH[6]}
		echo "$n $uuid $name $((start * ssz / 512)) $((size * ssz / 512)) $type"
	done <"$tmp/ours" | sort -n
}

# norm_partx IMG SSZ: libblkid's view in the same form.
norm_partx() {
	local line
	partx -S "$2" -P -o NR,UUID,NAME,START,SECTORS,TYPE "$1" 2>/dev/null |
	while IFS= read -r line; do
		[[ $line =~ ^NR=\"([0-9]+)\"\ UUID=\"([^\"]*)\"\ NAME=(\"[^\"]*\")\ START=\"([0-9]+)\"\ SECTORS=\"([0-9]+)\"\ TYPE=\"([^\"]*)\"$ ]] ||
			{ echo "unparsed: $line"; continue; }
		echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]} ${BASH_REMATCH[4]} ${BASH_REMATCH[5]} ${BASH_REMATCH[6]}"
	done | sort -n
}

# header_field KEY: KEY's value on our PTTYPE= line.
header_field() { sed -n "1s/.*\<$1=\([^ ]*\).*/\1/p" "$tmp/ours"; }

# pt_ref IMG SSZ: "PTTYPE PTUUID" by the reference for that sector size.
pt_ref() {
	if [ "$2" = 512 ]; then
		local out
		out=$(blkid -p -o export "$1")
		echo "$(sed -n 's/^PTTYPE=//p' <<<"$out") $(sed -n 's/^PTUUID=//p' <<<"$out")"
	else
		fdisk -b "$2" -l "$1" | sed -n 's/^Disklabel type: //p; s/^Disk identifier: \(0x\)\{0,1\}//p' |
			tr 'A-F' 'a-f' | paste -sd ' '
	fi
}

# check NAME IMG SSZ PTTYPE PTUUID [HEADER]: the tool agrees with libblkid on
# every partition, with the reference on the table, and with what was made.
check() {
	local name=$1 img=$2 ssz=$3 type=$4 id=$5 header=${6:-primary} rc got exp
	ours "$img" "$ssz"
	rc=$?
	[ "$rc" -eq 0 ] || { fail "$name" "tool exited $rc: $(cat "$tmp/ours.err")"; return 1; }
	got="$(header_field PTTYPE) $(header_field PTUUID)"
	exp=$(pt_ref "$img" "$ssz")
	[ "$got" = "$exp" ] || { fail "$name" "table '$got', reference says '$exp'"; return 1; }
	[ "$got" = "$type $id" ] || { fail "$name" "table '$got', made as '$type $id'"; return 1; }
	if [ "$type" = gpt ] && [ "$(header_field HEADER)" != "$header" ]; then
		fail "$name" "HEADER=$(header_field HEADER), want $header"
		return 1
	fi
	norm_ours "$ssz" >"$tmp/a"
	norm_partx "$img" "$ssz" >"$tmp/b"
	if [ ! -s "$tmp/b" ]; then
		fail "$name" "partx lists no partitions: the test image is not what it should be"
		return 1
	fi
	if ! diff -u "$tmp/b" "$tmp/a" >"$tmp/diff"; then
		fail "$name" "differs from partx (-partx +ours): $(grep '^[-+][0-9]' "$tmp/diff" | tr '\n' '|')"
		return 1
	fi
	pass "$name"
}

# field N KEY: KEY of our partition N (PARTLABEL unescaped).
field() {
	local v
	v=$(sed -n "s/^N=$1 .*\<$2=\(\"[^\"]*\"\|[^ ]*\).*/\1/p" "$tmp/ours")
	if [ "$2" = PARTLABEL ]; then
		v=${v#\"}
		v=${v%\"}
		printf '%b' "$v"
	else
		printf '%s' "$v"
	fi
}

# made NAME N KEY VALUE...: partition N's KEY is VALUE (as given to the tool).
made() {
	local name=$1 bad="" got
	shift
	while [ $# -ge 3 ]; do
		got=$(field "$1" "$2")
		[ "$got" = "$3" ] || bad="$bad p$1 $2='$got' want '$3';"
		shift 3
	done
	if [ -n "$bad" ]; then fail "$name" "$bad"; else pass "$name"; fi
}

# none NAME IMG SSZ: the tool finds no table (exit 1) and prints nothing.
none() {
	local rc
	ours "$2" "$3"
	rc=$?
	if [ "$rc" -eq 1 ] && [ ! -s "$tmp/ours" ]; then
		pass "$1"
	else
		fail "$1" "exit $rc, output '$(head -c 200 "$tmp/ours" | tr '\n' '|')'; want exit 1, nothing"
	fi
}

# corrupt NAME IMG SSZ: the tool calls the table corrupt (exit 3).
corrupt() {
	local rc
	ours "$2" "$3"
	rc=$?
	if [ "$rc" -eq 3 ] && [ ! -s "$tmp/ours" ]; then
		pass "$1"
	else
		fail "$1" "exit $rc, output '$(head -c 200 "$tmp/ours" | tr '\n' '|')'; want exit 3, nothing"
	fi
}

# poke IMG OFFSET: flips the byte at OFFSET.
poke() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf '%b' "\\x$(printf '%02x' $(((b ^ 0xff) & 0xff)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# -- GPT, 512-byte sectors, by sgdisk ---------------------------------------
DISK=b007ab1e-0000-4000-8000-0000000000d1
U1=b007ab1e-0000-4000-8000-0000000000b1
U2=0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9
U3=11111111-2222-4333-8444-555555555555
U4=deadbeef-cafe-4bad-8f00-0123456789ab
U6=fedcba98-7654-4321-8fed-cba987654321
L1='root fs'
L2='données☃'
L3='pad  '
L4='emoji😀x'
L6='ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
g512=$tmp/gpt512.img
truncate -s 64M "$g512"
# Not -q: on a fresh file `sgdisk -q` creates nothing (gdisk 1.0.9).
if sgdisk -U "$DISK" \
	-n 1:2048:+8M -t 1:8300 -u 1:"$U1" -c 1:"$L1" \
	-n 2:0:+8M -t 2:ef00 -u 2:"$U2" -c 2:"$L2" \
	-n 4:0:+4M -t 4:8200 -u 4:"$U4" -c 4:"$L4" \
	-n 3:0:+1M -t 3:8300 -u 3:"$U3" -c 3:"$L3" \
	-n 6:0:+1M -t 6:8304 -u 6:"$U6" -c 6:"$L6" \
	"$g512" >"$tmp/mk.log" 2>&1; then
	if check parttable-gpt512 "$g512" 512 gpt "$DISK"; then
		made parttable-gpt512-as-made \
			1 PARTUUID "$U1" 1 PARTLABEL "$L1" 1 START 2048 1 SIZE 16384 \
			2 PARTUUID "${U2,,}" 2 PARTLABEL "$L2" \
			2 TYPE c12a7328-f81f-11d2-ba4b-00a0c93ec93b \
			3 PARTUUID "$U3" 3 PARTLABEL pad \
			4 PARTUUID "$U4" 4 PARTLABEL "$L4" \
			6 PARTUUID "$U6" 6 PARTLABEL "$L6" 5 PARTUUID ""
	fi
	none parttable-gpt512-read-as-4096 "$g512" 4096

	# Primary header corrupted (a byte only its CRC covers): the backup
	# serves, as libblkid uses it too.
	cp --sparse=always "$g512" "$tmp/g-bad1.img"
	poke "$tmp/g-bad1.img" $((512 + 0x20))
	check parttable-gpt512-primary-header-bad "$tmp/g-bad1.img" 512 gpt "$DISK" backup

	# Primary entries corrupted (partition 1's name): the backup's name.
	cp --sparse=always "$g512" "$tmp/g-bad2.img"
	poke "$tmp/g-bad2.img" $((1024 + 0x38))
	if check parttable-gpt512-primary-entries-bad "$tmp/g-bad2.img" 512 gpt "$DISK" backup; then
		made parttable-gpt512-primary-entries-bad-name 1 PARTLABEL "$L1"
	fi

	# Both headers corrupted: corrupt (-EINVAL), not silently empty.
	cp --sparse=always "$tmp/g-bad1.img" "$tmp/g-bad3.img"
	poke "$tmp/g-bad3.img" $((64 * 1024 * 1024 - 512 + 0x20))
	corrupt parttable-gpt512-both-headers-bad "$tmp/g-bad3.img" 512

	# Cut in half: the backup is gone and the primary's last usable LBA lies
	# past the end, which the kernel refuses too.
	cp --sparse=always "$g512" "$tmp/g-cut.img"
	truncate -s 32M "$tmp/g-cut.img"
	corrupt parttable-gpt512-truncated-disk "$tmp/g-cut.img" 512
else
	fail parttable-gpt512 "sgdisk failed: $(tr '\n' ' ' <"$tmp/mk.log")"
fi

# -- GPT, 4096-byte sectors, by fdisk -b 4096 -------------------------------
# sfdisk 2.38 has no --sector-size and sgdisk takes the size from the
# device, so fdisk is scripted; x/i, x/u and x/n set disk GUID, PARTUUIDs and
# names.
K1=b007ab1e-0000-4000-8000-0000000004b1
K2=c0ffee00-1234-4567-89ab-cdef01234567
g4k=$tmp/gpt4k.img
truncate -s 64M "$g4k"
printf '%s\n' g n 1 256 +8M n 2 '' +4M n 3 '' +4M \
	x i "$DISK" u 1 "$K1" u 2 "$K2" n 1 'root 4k' n 2 'säve' r w |
	fdisk -b 4096 "$g4k" >"$tmp/mk.log" 2>&1
if check parttable-gpt4k "$g4k" 4096 gpt "$DISK"; then
	made parttable-gpt4k-as-made 1 PARTUUID "$K1" 1 PARTLABEL 'root 4k' 1 START 256 \
		1 SIZE 2048 2 PARTUUID "$K2" 2 PARTLABEL 'säve' 3 PARTLABEL ''
fi
# Read with the wrong sector size: LBA 1 (byte 512) holds no header and the
# last 512 bytes no backup; only the protective MBR is there (blkid -p says
# PTTYPE=PMBR) and the kernel of a 512-byte-sector disk finds no partitions.
none parttable-gpt4k-read-as-512 "$g4k" 512
pmbr=$(blkid -p -o export "$g4k" | sed -n 's/^PTTYPE=//p')
if [ "$pmbr" = PMBR ]; then
	pass parttable-gpt4k-blkid-sees-pmbr
else
	fail parttable-gpt4k-blkid-sees-pmbr "blkid -p says PTTYPE='$pmbr'"
fi

# -- MBR, 512-byte sectors, by sfdisk: primaries 1 and 3, extended 2 with
# logicals 5 and 6, slot 4 empty -------------------------------------------
d512=$tmp/dos512.img
truncate -s 64M "$d512"
if printf '%s\n' 'label: dos' 'label-id: 0x5eedf00d' \
	'start=2048, size=16M, type=83' \
	'start=34816, size=30M, type=f' \
	'start=36864, size=8M, type=83' \
	'start=55296, size=4M, type=82' \
	'start=98304, size=8M, type=83' | sfdisk -q "$d512" >"$tmp/mk.log" 2>&1; then
	if check parttable-dos512 "$d512" 512 dos 5eedf00d; then
		made parttable-dos512-as-made 1 PARTUUID 5eedf00d-01 1 START 2048 \
			2 TYPE 0xf 3 START 98304 5 PARTUUID 5eedf00d-05 5 START 36864 \
			6 PARTUUID 5eedf00d-06 6 TYPE 0x82 6 START 55296 4 PARTUUID ""
	fi
else
	fail parttable-dos512 "sfdisk failed: $(tr '\n' ' ' <"$tmp/mk.log")"
fi

# The same with a Linux extended partition (type 0x85).
d85=$tmp/dos85.img
truncate -s 64M "$d85"
if printf '%s\n' 'label: dos' 'label-id: 0x00c0ffee' \
	'start=2048, size=30M, type=85' \
	'start=4096, size=4M, type=83' \
	'start=14336, size=4M, type=83' | sfdisk -q "$d85" >"$tmp/mk.log" 2>&1; then
	check parttable-dos512-ext85 "$d85" 512 dos 00c0ffee
else
	fail parttable-dos512-ext85 "sfdisk failed: $(tr '\n' ' ' <"$tmp/mk.log")"
fi

# -- MBR, 4096-byte sectors, by fdisk -b 4096 -------------------------------
d4k=$tmp/dos4k.img
truncate -s 64M "$d4k"
printf '%s\n' o n p 1 256 +4M n e 2 '' +24M n l '' +8M n l '' +4M n p 3 '' +4M \
	x i 0x0badcafe r w | fdisk -b 4096 "$d4k" >"$tmp/mk.log" 2>&1
if check parttable-dos4k "$d4k" 4096 dos 0badcafe; then
	made parttable-dos4k-as-made 1 START 256 5 PARTUUID 0badcafe-05 6 PARTUUID 0badcafe-06
fi

# -- no table, and an unreadable file ---------------------------------------
truncate -s 1M "$tmp/blank.img"
none parttable-blank-disk "$tmp/blank.img" 512
"$TOOL" "$tmp/absent.img" 512 >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "$tmp/absent.img" "$tmp/err"; then
	pass parttable-missing-file
else
	fail parttable-missing-file "exit $rc, message '$(cat "$tmp/err")'; want exit 2 naming the file"
fi

[ "$failed" -eq 0 ]
