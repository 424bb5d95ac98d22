#!/usr/bin/env bash
# tests/qemu/t-policy.sh: the failure policy and the consoles, on the Debian
# kernel. No panic= unless a case sets one: the policy itself must end the
# run (qemu runs with -no-reboot, so a reboot or a poweroff ends qemu).
#   init-missing    init= names nothing: said before anything is deleted,
#                   rd.emergency=reboot reboots after the default delay
#   dryrun          rd.dryrun: the switch is only described, then the policy
#   root-reboot     root missing, rd.emergency=reboot panic=2
#   poweroff        rd.emergency=poweroff: the kernel powers down
#   halt, wait      the machine stays up with the messages on screen (qemu
#                   is stopped by the test's timeout, as a person would)
#   rd-timeout      rootwait (forever) bounded by rd.timeout=2; a bad
#                   rd.emergency= name is reported; no shell is said
#   console-null    console=null: the real init still gets usable fds
#   shell           busybox sh in the image: it answers on the serial
#                   console (driven through qemu's serial input); exit reboots
#   lockdown-*      a LOCKDOWN=1 /init: rd.emergency=shell and init= refused
# console=ttyS0 alone is every other boot of the suite (t-boot.sh checks the
# real init's fds there).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

ROOT_UUID=b007ab1e-0000-4000-8000-000000000001
ROOT_LABEL=BATONROOT
BAD_UUID=00000000-dead-beef-0000-000000000000
IMAGE=${BATON_IMAGE:-build/initramfs.cpio.gz}
LOCKDOWN_INIT=build/musl-reboot-lockdown/init
DISK=$QEMU_BUILD/root-gpt.img
SHELL_IMAGE=$QEMU_BUILD/policy-shell.cpio.gz
LOCKED_IMAGE=$QEMU_BUILD/policy-lockdown.cpio.gz
QEMU_APPEND_BASE="console=ttyS0"

need_kernel
need_tools
need_cmd mkfifo coreutils
need_file "$IMAGE" baton-image "baton's initramfs is built by 'make image'"
need_file build/baton-pack baton-pack "make tools"
need_file /bin/busybox busybox "apt-get install busybox-static (tools/setup.sh does)"
need_file "$LOCKDOWN_INIT" lockdown-init "make LOCKDOWN=1 $LOCKDOWN_INIT (make check does)"
make_root_disk "$DISK" "$ROOT_UUID" "$ROOT_LABEL" || exit 1

stopped_by_us() { [ "$QEMU_TIMED_OUT" = 1 ]; }

# The base image plus a segment: busybox as /bin/sh, and optionally another
# /init (the kernel lets a later segment's file replace an earlier one).
make_extra_image() { # OUT [INIT]
	local out=$1 init=${2:-} spec=$1.spec
	{
		echo "dir /bin 0755 0 0"
		echo "file /bin/busybox /bin/busybox 0755 0 0"
		echo "slink /bin/sh busybox 0777 0 0"
		[ -z "$init" ] || echo "file /init $init 0755 0 0"
	} >"$spec"
	if ! build/baton-pack -z gzip -A "$IMAGE" -o "$out" "$spec" 2>"$out.err"; then
		not_ok "image/$(basename "$out")" "baton-pack -A $IMAGE $spec failed: $(cat "$out.err")"
		return 1
	fi
	rm -f "$out.err"
}

# -- init= names nothing ---------------------------------------------------------
qemu_boot policy-init-missing 90 "$IMAGE" "$DISK" \
	"root=UUID=$ROOT_UUID init=/sbin/nothere rd.emergency=reboot"
L=$QEMU_LOG
expect_line init-missing/said "$L" "the missing init= is not named with the reason" \
	"init=/sbin/nothere" "not an executable file in the new root"
reject_log init-missing/not-reached "$L" '^REAL-INIT-REACHED' "a real init ran although init= names nothing"
expect_line init-missing/reboot-delay "$L" "no reboot announced after the default delay" \
	"rebooting in 10 s"
expect_log init-missing/kernel-restart "$L" 'reboot: Restarting system' "the kernel did not restart"
reject_log init-missing/no-panic "$L" 'Kernel panic' "the kernel panicked"
check init-missing/exit "$(exit_why)" exited_alone

# -- rd.dryrun: everything up to the switch, described, then the policy -------------
qemu_boot policy-dryrun 90 "$IMAGE" "$DISK" "root=UUID=$ROOT_UUID rd.dryrun rd.emergency=poweroff panic=-1"
L=$QEMU_LOG
expect_line dryrun/checked "$L" "the dry run did not say its checks passed" "dry run: every check passed"
expect_line dryrun/counts "$L" "the dry run did not count what it would remove" \
	"dry run: would remove" "files and" "directories from the initramfs"
expect_line dryrun/stops "$L" "rd.dryrun did not stop before the switch" "rd.dryrun: stopping before the switch"
reject_log dryrun/not-reached "$L" '^REAL-INIT-REACHED' "the real init ran under rd.dryrun"
reject_log dryrun/nothing-deleted "$L" 'initramfs emptied' "rd.dryrun deleted the initramfs"
check dryrun/exit "$(exit_why)" exited_alone

# -- root missing, rd.emergency=reboot, panic=2 ------------------------------------
# rootwait=3, not 1: the report must list vda1, and on a slower TCG host the
# virtio drivers brought vda1 up ~1.1 s after /init started, after a 1 s wait
# had already ended (seen in a clean-clone run).
qemu_boot policy-root-reboot 60 "$IMAGE" "$DISK" \
	"root=UUID=$BAD_UUID rootwait=3 rd.emergency=reboot panic=2"
L=$QEMU_LOG
expect_line root-reboot/said "$L" "the missing root is not named" "root UUID=$BAD_UUID not found after 3 s"
expect_line root-reboot/devices "$L" "the report does not list vda1 with its UUID" "vda1" "UUID=$ROOT_UUID"
expect_line root-reboot/delay "$L" "panic=2 did not set the delay" "rebooting in 2 s"
expect_log root-reboot/kernel-restart "$L" 'reboot: Restarting system' "the kernel did not restart"
reject_log root-reboot/no-panic "$L" 'Kernel panic' "the kernel panicked"
check root-reboot/exit "$(exit_why)" exited_alone

# -- poweroff ---------------------------------------------------------------------
qemu_boot policy-poweroff 60 "$IMAGE" "$DISK" \
	"root=UUID=$BAD_UUID rootwait=1 rd.emergency=poweroff panic=-1"
L=$QEMU_LOG
expect_line poweroff/said "$L" "no 'powering off now'" "powering off now"
expect_log poweroff/kernel "$L" 'reboot: Power down' "the kernel did not power down"
check poweroff/exit "$(exit_why)" exited_alone

# -- halt and wait: the machine stays; the timeout plays the person ------------------
qemu_boot policy-halt 35 "$IMAGE" "$DISK" \
	"root=UUID=$BAD_UUID rootwait=1 rd.emergency=halt panic=-1"
L=$QEMU_LOG
expect_line halt/said "$L" "no 'halting now'" "halting now"
expect_log halt/kernel "$L" 'reboot: System halted' "the kernel did not halt"
reject_log halt/no-panic "$L" 'Kernel panic' "the kernel panicked"
check halt/stays "a halted machine ended qemu (rc=$QEMU_RC)" stopped_by_us

qemu_boot policy-wait 35 "$IMAGE" "$DISK" "root=UUID=$BAD_UUID rootwait=1 rd.emergency=wait"
L=$QEMU_LOG
expect_line wait/said "$L" "no 'staying here'" "staying here, doing nothing"
reject_log wait/no-reboot "$L" 'reboot: |Kernel panic' "rd.emergency=wait did not stay"
check wait/stays "rd.emergency=wait ended qemu (rc=$QEMU_RC)" stopped_by_us

# -- rd.timeout= bounds rootwait; bad policy names and a missing shell are said --------
qemu_boot policy-rd-timeout 60 "$IMAGE" "$DISK" \
	"root=UUID=$BAD_UUID rootwait rd.timeout=2 rd.emergency=explode panic=-1"
L=$QEMU_LOG
expect_line rd-timeout/bounded "$L" "rootwait was not bounded by rd.timeout=2" \
	"not found after 2 s (rd.timeout=2)"
expect_line rd-timeout/bad-name "$L" "a bad rd.emergency= is not reported" \
	"rd.emergency=explode not understood"
expect_line rd-timeout/no-shell "$L" "the absent shell is not said" "no /bin/sh in the initramfs"
check rd-timeout/exit "$(exit_why)" exited_alone

# -- console=null: no console at all, the real init still has fds 0-2 ------------------
QEMU_APPEND_BASE="console=null panic=-1" \
	qemu_boot policy-console-null 90 "$IMAGE" "$DISK" "root=UUID=$ROOT_UUID testinit.tty=ttyS0"
L=$QEMU_LOG
expect_log console-null/reached "$L" 'REAL-INIT-REACHED uptime=' \
	"the real init did not report on ttyS0 (testinit.tty=ttyS0)"
expect_log console-null/fds-open "$L" '^FDS 0=/[^ ]* 1=/[^ ]* 2=/[^ ]*$' \
	"fds 0-2 of the real init are not all open on a device"
expect_log console-null/pid1 "$L" '^PID 1$' "the real init is not PID 1"
check console-null/exit "$(exit_why)" exited_alone

# -- the rescue shell answers on the serial console -------------------------------------
# Waits up to $3 s for a fixed string in a log.
wait_for() { # LOG STRING SECONDS
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		tr -d '\r' <"$1" 2>/dev/null | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

# Types into the guest's serial input; bounded, as qemu may be gone.
type_line() { # TEXT
	timeout 5 bash -c 'printf "%s\n" "$1" >"$2"' _ "$1" "$QEMU_PIPE.in"
}

# Background: when the shell is up, asks it to compute, then exits it.
drive_shell() { # LOG
	wait_for "$1" "starting /bin/sh" 120 || return 1
	sleep 2
	type_line 'echo SHELL-$((6*7))'
	wait_for "$1" "SHELL-42" 30 || return 1
	# The console is fds 0-2 only: /init's own fd for it is not inherited.
	# (No $(...) here: the shell would hold its pipe as fd 3 meanwhile.)
	type_line '[ -e /proc/$$/fd/3 ] && echo FD$((1+2))-OPEN || echo FD$((1+2))-SHUT'
	wait_for "$1" "FD3-" 30 || return 1
	type_line 'exit'
}

# shell_boot NAME IMAGE APPEND: a boot whose serial input drive_shell types.
shell_boot() {
	local name=$1 image=$2 append=$3 drain driver
	QEMU_PIPE=$(pwd)/$QEMU_BUILD/serial-$name.$$
	rm -f "$QEMU_PIPE.in" "$QEMU_PIPE.out" "$QEMU_LOGDIR/qemu-$name.log"
	mkfifo "$QEMU_PIPE.in" "$QEMU_PIPE.out" || { not_ok "$name/fifo" "mkfifo $QEMU_PIPE.* failed"; return 1; }
	atexit "rm -f '$QEMU_PIPE.in' '$QEMU_PIPE.out'"
	# The log file gets everything; the FIFO's copy only needs draining.
	cat "$QEMU_PIPE.out" >/dev/null &
	drain=$!
	drive_shell "$QEMU_LOGDIR/qemu-$name.log" &
	driver=$!
	atexit "kill $drain $driver 2>/dev/null"
	QEMU_SERIAL=pipe qemu_boot "$name" 180 "$image" "$DISK" "$append"
	kill "$driver" "$drain" 2>/dev/null
	wait "$driver" "$drain" 2>/dev/null
}

make_extra_image "$SHELL_IMAGE" || exit 1
shell_boot policy-shell "$SHELL_IMAGE" "root=UUID=$BAD_UUID rootwait=1 panic=-1"
L=$QEMU_LOG
expect_line shell/started "$L" "the shell was not started" "starting /bin/sh from the initramfs"
expect_log shell/answers "$L" '^SHELL-42$' "the shell did not answer 'echo SHELL-\$((6*7))' on the serial console"
expect_log shell/no-extra-fd "$L" '^FD3-SHUT$' "the rescue shell inherited a fourth fd (the console /init opened for it)"
expect_line shell/exit-reboots "$L" "leaving the shell did not reboot" "rebooting now"
check shell/exit "$(exit_why)" exited_alone

# -- lockdown: the command line gets no shell -------------------------------------------
make_extra_image "$LOCKED_IMAGE" "$LOCKDOWN_INIT" || exit 1
qemu_boot policy-lockdown-shell 60 "$LOCKED_IMAGE" "$DISK" \
	"root=UUID=$BAD_UUID rootwait=1 rd.emergency=shell panic=-1"
L=$QEMU_LOG
expect_line lockdown-shell/refused "$L" "rd.emergency=shell was not refused" \
	"rd.emergency=shell refused" "LOCKDOWN=1"
reject_log lockdown-shell/no-shell "$L" 'starting /bin/sh' "a lockdown /init started a shell"
check lockdown-shell/exit "$(exit_why)" exited_alone

qemu_boot policy-lockdown-init 60 "$LOCKED_IMAGE" "$DISK" "root=UUID=$ROOT_UUID init=/bin/sh"
L=$QEMU_LOG
expect_line lockdown-init/refused "$L" "init=/bin/sh was not refused" "init=/bin/sh ignored" "LOCKDOWN=1"
expect_log lockdown-init/real-init "$L" '^ARGV /sbin/init' "the usual /sbin/init did not run instead"
check lockdown-init/exit "$(exit_why)" exited_alone

[ "$QEMU_FAILS" -eq 0 ]
