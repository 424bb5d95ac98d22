#!/usr/bin/env bash
# tests/qemu/demo.sh (make demo): boots baton's image in qemu with the test
# root disk (root=UUID=...), the guest's console streamed to this terminal,
# then prints a one-line summary. Bounded by a timeout; no qemu is left
# behind, even on Ctrl-C. The console is also logged to
# build/test-logs/qemu-demo.log.
#   BATON_IMAGE=...   another initramfs to show (default build/initramfs.cpio.gz)
#   DEMO_APPEND=...   extra kernel command line words (e.g. "quiet", "debug")
#   DEMO_TIMEOUT=N    seconds before qemu is stopped (default 60)
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

ROOT_UUID=b007ab1e-0000-4000-8000-000000000001
IMAGE=${BATON_IMAGE:-build/initramfs.cpio.gz}
DISK=$QEMU_BUILD/root-gpt.img
TMO=${DEMO_TIMEOUT:-60}

need_kernel
need_tools
need_file "$IMAGE" demo-image "baton's initramfs is built by 'make image'"
make_root_disk "$DISK" "$ROOT_UUID" BATONROOT || exit 1

append="root=UUID=$ROOT_UUID rw${DEMO_APPEND:+ $DEMO_APPEND}"
echo "# demo: kernel $KVER, initramfs $IMAGE ($(stat -c %s "$IMAGE") bytes), disk $DISK"
echo "# demo: command line: console=ttyS0 panic=-1 $append"
echo "# ---------------------------------------------------------------------------"
QEMU_SERIAL=stdio
# Not -nographic here: with it qemu tells SeaBIOS to use the serial port as
# its console, and SeaBIOS then sends ESC c, ESC[?7l (autowrap off), ESC[2J to
# the terminal, which stays without line wrapping after the demo.
QEMU_DISPLAY="-display none"
qemu_boot demo "$TMO" "$IMAGE" "$DISK" "$append"
echo "# ---------------------------------------------------------------------------"

boot_times "$QEMU_LOG" >/dev/null	# sets T_RUN_INIT, T_REAL, T_INITRAMFS
if _log_text "$QEMU_LOG" | grep -q '^REAL-INIT-REACHED'; then
	result="real init REACHED"
	rc=0
else
	result="real init NOT reached"
	rc=1
fi
if [ -n "$T_INITRAMFS" ]; then
	t="time in initramfs ${T_INITRAMFS} s (Run /init at ${T_RUN_INIT} s, real init at ${T_REAL} s)"
else
	t="time in initramfs unknown"
	[ -n "$T_RUN_INIT" ] && t+=" (Run /init at ${T_RUN_INIT} s)"
fi
if [ "$QEMU_TIMED_OUT" = 1 ]; then
	q="qemu stopped by the ${TMO} s timeout"
	rc=1
else
	q="qemu exited by itself after $QEMU_SECS s"
fi
echo "demo: $result; $t; $q; log $QEMU_LOG"
exit "$rc"
