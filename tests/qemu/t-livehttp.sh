#!/usr/bin/env bash
# tests/qemu/t-livehttp.sh: root=live:http:// (dracut's name) on the Debian
# kernel. The images are served by `python3 -m http.server` on this
# machine's loopback (a free port, started and stopped here); the guest
# reaches it as 10.0.2.2 through qemu's user-mode network, configured with
# ip=dhcp by qemu's built-in DHCP server: no packet leaves the machine.
# The initramfs: baton-mkinitramfs -p virtio,live (NIC, loop, dm-verity,
# squashfs, erofs); no disk at all. The real root's init is build/fwinit,
# which reads the whole root. Boots (LIVE_CASES="a b" runs some):
#   plain      a squashfs image: fetched (the server logs the GET), on a
#              loop device, mounted read-only, every file read
#   verity     an erofs image with its hash tree appended (veritysetup
#              format --hash-offset=SIZE IMG IMG) and roothash=: found at
#              the end of the image, dm-verity over it, every file read
#   verityfile the squashfs with its hash tree beside it as PATH.verity
#              (no tree appended): fetched too, dm-verity, every file read;
#              the URL names the host images.baton.test, which a DNS server
#              of this test (tests/qemu/dnsserve.py on 127.0.0.1:53 UDP, the
#              guest's 10.0.2.2) answers, the address and DNS0 given by a
#              static ip=
#   tampered   the appended erofs image with one byte of its first block
#              flipped: the first block does not verify, nothing is
#              mounted, the failure policy (poweroff) runs
#   toobig     a 1 GiB image into 512 MiB of RAM (a server of this test
#              that sends only the head: http.server would stream the GiB,
#              and on a fast host qemu's user network then floods the
#              guest's virtio-net while it powers off; seen: a soft lockup
#              in virtnet_poll and no poweroff):
#              refused before the body is read, sizes said, policy
#   down       the server stopped: connection refused, named with its
#              address, tried again until the root wait (rootwait=12)
#              ends, then the policy
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

SELF=tests/qemu/t-livehttp.sh
FWINIT=build/fwinit
TMO=${LIVE_TIMEOUT:-150}	# per boot; a good one takes 10-20 s on a quiet machine
T_START=$(_now)
need_kernel
need_tools
for t in python3 mksquashfs mkfs.erofs veritysetup truncate; do
	command -v "$t" >/dev/null 2>&1 || { echo "not ok live-tools - $t missing: run tools/setup.sh"; exit 1; }
done
need_file "$FWINIT" live-fwinit "make tests builds build/fwinit"
need_file build/init live-init "make builds build/init"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-livehttp.XXXXXX") || exit 2
atexit "rm -rf '$WORK'"
SRV=$WORK/srv
mkdir -p "$SRV"

# -- the initramfs -------------------------------------------------------------
IMAGE=$QEMU_BUILD/live.cpio.gz
MODDIR=$KDIR/root/lib/modules/$KVER
if [ ! -s "$IMAGE" ] || [ build/init -nt "$IMAGE" ] || [ "$SELF" -nt "$IMAGE" ] ||
	[ tools/profiles/live -nt "$IMAGE" ] || [ tools/baton-mkinitramfs -nt "$IMAGE" ]; then
	tools/baton-mkinitramfs -k "$MODDIR" -p virtio,live -i build/init -o "$IMAGE" >"$WORK/mk.log" 2>&1 ||
		{ echo "not ok live-image - baton-mkinitramfs failed: $(tail -3 "$WORK/mk.log" | tr '\n' ' ')"; exit 1; }
fi

# -- the root images -----------------------------------------------------------
STAGE=$WORK/stage
mkdir -p "$STAGE"/{sbin,dev,proc,sys,run,etc,data} && cp "$FWINIT" "$STAGE/sbin/init" &&
	echo live-marker >"$STAGE/etc/marker" &&
	head -c 3145728 /dev/urandom >"$STAGE/data/filler" ||
	{ echo "not ok live-stage - cannot stage $STAGE"; exit 1; }
roothash() { sed -n 's/^Root hash:[[:space:]]*//p' "$1"; }
mk_images() {
	mksquashfs "$STAGE" "$SRV/plain.squashfs" -noappend -all-root -quiet || return 1
	# erofs, the tree appended: the data padded to whole 4 KiB blocks
	mkfs.erofs --quiet "$SRV/app.erofs" "$STAGE" || return 1
	truncate -s %4096 "$SRV/app.erofs"
	local size b
	size=$(stat -c %s "$SRV/app.erofs")
	veritysetup format --hash-offset="$size" "$SRV/app.erofs" "$SRV/app.erofs" >"$WORK/app.fmt" || return 1
	HASH_APP=$(roothash "$WORK/app.fmt")
	# one byte of the first block inverted; veritysetup itself must then
	# refuse the image, or the tampering proves nothing
	b=$(od -An -tu1 -j2000 -N1 "$SRV/app.erofs" | tr -d ' ')
	cp "$SRV/app.erofs" "$SRV/tampered.erofs" &&
		printf "\\$(printf %03o $((b ^ 255)))" |
		dd of="$SRV/tampered.erofs" bs=1 seek=2000 conv=notrunc status=none || return 1
	cmp -s "$SRV/app.erofs" "$SRV/tampered.erofs" && { echo "tampering changed nothing"; return 1; }
	if veritysetup verify --hash-offset="$size" "$SRV/tampered.erofs" "$SRV/tampered.erofs" "$HASH_APP"; then
		echo "veritysetup verify accepts the tampered image"
		return 1
	fi
	# squashfs, the tree beside it
	cp "$SRV/plain.squashfs" "$SRV/file.squashfs" && truncate -s %4096 "$SRV/file.squashfs" &&
		veritysetup format "$SRV/file.squashfs" "$SRV/file.squashfs.verity" >"$WORK/file.fmt" || return 1
	HASH_FILE=$(roothash "$WORK/file.fmt")
}
if ! mk_images >"$WORK/mk_images.log" 2>&1 || [ ${#HASH_APP} != 64 ] || [ ${#HASH_FILE} != 64 ]; then
	echo "not ok live-root-images - $(tail -n 5 "$WORK/mk_images.log" | tr '\n' ' ')"
	exit 1
fi
ok live-root-images

# -- the server ----------------------------------------------------------------
SRV_PID= PORT= URL=
srv_stop() {
	[ -n "$SRV_PID" ] || return 0
	kill "$SRV_PID" 2>/dev/null
	wait "$SRV_PID" 2>/dev/null
	SRV_PID=
}
atexit srv_stop
srv_start() {
	local _
	python3 -u -m http.server --bind 127.0.0.1 --directory "$SRV" 0 >"$WORK/srv.log" 2>&1 &
	SRV_PID=$!
	for _ in $(seq 1 100); do
		PORT=$(sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\) .*/\1/p' "$WORK/srv.log")
		if [ -n "$PORT" ]; then
			URL=http://10.0.2.2:$PORT
			return 0
		fi
		kill -0 "$SRV_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "not ok live-server - python3 -m http.server did not start: $(tr '\n' ' ' <"$WORK/srv.log")"
	exit 1
}
atexit "cp -f '$WORK/srv.log' '$QEMU_LOGDIR/live-httpserver.log' 2>/dev/null"
srv_start
ok live-server

NET=(-netdev user,id=n0 -device virtio-net-pci,netdev=n0)
POLICY="console=ttyS0 panic=-1 rd.emergency=poweroff"
declare -a CASE_TIMES=()

boot() { # NAME APPEND [IP]
	QEMU_EXTRA=("${NET[@]}")
	QEMU_APPEND_BASE="$POLICY no_timer_check" qemu_boot "live-$1" "$TMO" "$IMAGE" none "${3:-ip=dhcp} $2"
	QEMU_EXTRA=()
	L=$QEMU_LOG
	reject_log "live/$1/no-panic" "$L" 'Kernel panic' "the kernel panicked"
	check "live/$1/exit" "$(exit_why)" exited_alone
	CASE_TIMES+=("$1=$QEMU_SECS")
}

served() { # NAME PATH: the server logged a GET of PATH answered 200
	if grep -q "\"GET $2 HTTP/1.1\" 200" "$WORK/srv.log"; then
		ok "live/$1/served"
	else
		not_ok "live/$1/served" "the server logged no GET $2 answered 200: $(tail -n 3 "$WORK/srv.log" | tr '\n' ' ')"
	fi
}

reached() { # NAME: the real init ran and read the whole root without an error
	expect_log "live/$1/reached" "$L" '^FWINIT-REACHED' "the real init was not reached"
	expect_log "live/$1/readall" "$L" '^READALL files=[1-9][0-9]* bytes=[0-9]+ errors=0' \
		"the whole root was not read without errors"
}

case_plain() {
	boot plain "root=live:$URL/plain.squashfs fwinit.readall"
	reached plain
	served plain /plain.squashfs
	expect_log live/plain/fetched "$L" "baton: live: fetched $URL/plain\\.squashfs: [0-9]+ bytes" \
		"the fetch was not logged"
	expect_log live/plain/rootinfo "$L" '^ROOTINFO /dev/loop0 / squashfs ro' "/ is not the squashfs on loop0"
}

case_verity() {
	boot verity "root=live:$URL/app.erofs roothash=$HASH_APP fwinit.readall"
	reached verity
	expect_log live/verity/appended "$L" 'baton: live: hash tree appended to the image at byte [0-9]+' \
		"the appended hash tree was not found"
	expect_log live/verity/dm "$L" 'baton: verity: /dev/mapper/root \(/dev/dm-0\) checks /dev/loop0 against /dev/loop1' \
		"dm-verity was not set up over the image"
	expect_log live/verity/rootinfo "$L" '^ROOTINFO /dev/(mapper/root|dm-0) / erofs ro' "/ is not erofs on the verity device"
}

DNS_PID=
dns_stop() {
	[ -n "$DNS_PID" ] || return 0
	kill "$DNS_PID" 2>/dev/null
	wait "$DNS_PID" 2>/dev/null
	DNS_PID=
}
atexit dns_stop
case_verityfile() {
	local _ name=images.baton.test
	python3 -u tests/qemu/dnsserve.py "$name" 10.0.2.2 >"$WORK/dns.log" 2>&1 &
	DNS_PID=$!
	for _ in $(seq 1 100); do
		grep -q '^READY' "$WORK/dns.log" && break
		kill -0 "$DNS_PID" 2>/dev/null || break
		sleep 0.1
	done
	if ! grep -q '^READY' "$WORK/dns.log"; then
		not_ok live/verityfile/dns "the test's DNS server could not bind 127.0.0.1:53: $(tail -n 2 "$WORK/dns.log" | tr '\n' ' ')"
		dns_stop
		return
	fi
	boot verityfile "root=live:http://$name:$PORT/file.squashfs roothash=$HASH_FILE fwinit.readall" \
		"ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off:10.0.2.2"
	dns_stop
	expect_log live/verityfile/resolved "$L" "baton: live: $name is 10\.0\.2\.2 \(DNS\)" \
		"the host name was not resolved through the DNS server"
	reached verityfile
	served verityfile /file.squashfs.verity
	expect_log live/verityfile/fetched "$L" "baton: live: fetched http://$name:$PORT/file\\.squashfs\\.verity: " \
		"PATH.verity was not fetched"
	expect_log live/verityfile/rootinfo "$L" '^ROOTINFO /dev/(mapper/root|dm-0) / squashfs ro' \
		"/ is not squashfs on the verity device"
}

case_tampered() {
	boot tampered "root=live:$URL/tampered.erofs roothash=$HASH_APP"
	expect_log live/tampered/said "$L" 'baton: verity: the first block of /dev/loop0 does not verify against roothash=' \
		"the tampered image was not said to fail verification"
	reject_log live/tampered/no-mount "$L" 'baton: mounted |^FWINIT' "something was mounted or run"
	expect_log live/tampered/policy "$L" 'baton: .*power(ing)? ?off' "the failure policy (poweroff) was not followed"
}

# tests/unit/httpserve.py answers /huge with the head of a 1 GiB file and
# then sends nothing until the client closes (at most 60 s).
BIG_PID=
big_stop() {
	[ -n "$BIG_PID" ] || return 0
	kill "$BIG_PID" 2>/dev/null
	wait "$BIG_PID" 2>/dev/null
	BIG_PID=
}
atexit big_stop
big_start() {
	local _ port=
	python3 -u tests/unit/httpserve.py "$SRV/plain.squashfs" >"$WORK/big.log" 2>&1 &
	BIG_PID=$!
	for _ in $(seq 1 100); do
		port=$(sed -n 's/^PORT //p' "$WORK/big.log")
		[ -n "$port" ] && { BIG_URL=http://10.0.2.2:$port; return 0; }
		kill -0 "$BIG_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "not ok live-bigserver - tests/unit/httpserve.py did not start: $(tr '\n' ' ' <"$WORK/big.log")"
	return 1
}

case_toobig() {
	big_start || return
	boot toobig "root=live:$BIG_URL/huge"
	big_stop
	expect_log live/toobig/refused "$L" \
		"baton: live: $BIG_URL/huge is 1024 MiB, but only [0-9]+ MiB of RAM is available .*nothing fetched" \
		"the image was not refused with the sizes"
	reject_log live/toobig/no-fetch "$L" 'baton: live: fetching|^FWINIT' "it fetched or booted anyway"
	expect_log live/toobig/policy "$L" 'baton: .*power(ing)? ?off' "the failure policy (poweroff) was not followed"
}

case_down() {
	srv_stop
	boot down "root=live:$URL/plain.squashfs rootwait=12"
	expect_log live/down/refused "$L" \
		"baton: live: $URL/plain\\.squashfs: connecting: Connection refused" \
		"the refused connection was not said with the URL"
	expect_log live/down/address "$L" 'baton: live: 10\.0\.2\.2:[0-9]+: nothing listens there' \
		"the server's address was not named with a hint"
	expect_log live/down/retried "$L" 'baton: live: gave up on .* after [2-9] tries' \
		"it did not try again before giving up"
	expect_log live/down/policy "$L" 'baton: .*power(ing)? ?off' "the failure policy (poweroff) was not followed"
	srv_start
}

ALL_CASES="plain verity verityfile tampered toobig down"
for c in ${LIVE_CASES:-$ALL_CASES}; do
	if [[ " $ALL_CASES " != *" $c "* ]]; then
		not_ok "live/$c" "no such case (cases: $ALL_CASES)"
	else
		"case_$c"
	fi
done
srv_stop
if pgrep -f "http.server --bind 127.0.0.1 --directory $SRV" >/dev/null; then
	not_ok live/server-gone "an http.server of this test still runs"
else
	ok live/server-gone
fi
echo "# livehttp wall times (s): ${CASE_TIMES[*]}"
echo "# livehttp total: $(awk -v a="$T_START" -v b="$(_now)" 'BEGIN{printf "%.1f", b-a}') s"
qemu_done
