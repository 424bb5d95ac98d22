# tests/qemu/lib.sh: sourced by the qemu test scripts (bash, set -u), which
# cd to the repository root first. Provides:
#   need_kernel, need_tools, need_file   fail loudly ("not ok ...", exit 1)
#   make_root_disk OUT UUID LABEL        GPT disk image with an ext4 root
#   qemu_boot NAME TIMEOUT_S INITRD DISK "APPEND"
#                                        one bounded boot; sets QEMU_RC,
#                                        QEMU_SECS, QEMU_TIMED_OUT, QEMU_LOG
#   expect_log / reject_log / expect_line / check   "ok"/"not ok" lines
#   exited_alone, exit_why               did qemu stop by itself? (and why not)
#   boot_times LOG                       time spent in the initramfs
#   atexit CMD...                        cleanup run on exit (keep the trap)
# Nothing here leaves a qemu behind: every qemu is started with -pidfile and
# killed by that pid (after checking it is ours) when the script ends or is
# interrupted. Scripts must not replace the EXIT/INT/TERM/HUP traps; use atexit.

# mkfs.ext4, sgdisk and mknod live in sbin, which a user's PATH may lack.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

KDIR=${BATON_KDIR:-$HOME/.cache/baton/kernel/current}
KVER=$(cat "$KDIR/version" 2>/dev/null || true)
KERNEL=$KDIR/root/boot/vmlinuz-$KVER

# tests/run.sh gives each script its own directories when scripts run in
# parallel (QEMU_JOBS), so that no two share a disk image or a log name.
QEMU_BUILD=${QEMU_BUILD:-build/qemu}
QEMU_LOGDIR=${QEMU_LOGDIR:-build/test-logs}
mkdir -p "$QEMU_BUILD" "$QEMU_LOGDIR"

# QEMU_SMP=N: vCPUs of the next qemu_boot calls (default 1).
# Extra qemu arguments for the next qemu_boot calls, e.g.
#   QEMU_EXTRA=(-device nvme,serial=x,drive=d1 -drive if=none,id=d1,...)
declare -a QEMU_EXTRA=()
# How qemu shows no display: -nographic (default, as in the boot lab) or
# "-display none" (the same minus SeaBIOS's serial console and its terminal
# escape codes; demo.sh uses it). Word-split on purpose.
QEMU_DISPLAY=${QEMU_DISPLAY:--nographic}
# "file" (default: the guest's serial console goes to the log only),
# "stdio" (also streamed to our stdout, for the demo) or "pipe" (also to
# the FIFO $QEMU_PIPE.out, and the guest reads $QEMU_PIPE.in: see
# serial_pipe_open, for talking to a shell on the console).
QEMU_SERIAL=${QEMU_SERIAL:-file}
QEMU_PIPE=
# A UEFI firmware image (OVMF.fd) to boot instead of -kernel/-append: the
# firmware boots the disks given (INITRD and APPEND must be none and "").
QEMU_FIRMWARE=${QEMU_FIRMWARE:-}
# What every boot's kernel command line starts with. panic=-1 so that a
# panic ends the run at once; tests of the failure policy drop it.
QEMU_APPEND_BASE=${QEMU_APPEND_BASE:-console=ttyS0 panic=-1}

QEMU_FAILS=0
QEMU_RC=
QEMU_SECS=
QEMU_TIMED_OUT=
QEMU_LOG=

# -- failing loudly -----------------------------------------------------------
not_ok() { # NAME WHY
	echo "not ok $1 - $2"
	QEMU_FAILS=$((QEMU_FAILS + 1))
}

ok() {
	echo "ok $1"
}

need_kernel() {
	if [ -z "$KVER" ] || [ ! -r "$KERNEL" ]; then
		echo "not ok qemu-kernel - no test kernel at $KDIR: run tools/setup.sh (make check does)"
		exit 1
	fi
}

need_cmd() { # CMD DEBIAN-PACKAGE
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "not ok qemu-tools - $1 not found: apt-get install $2 (tools/setup.sh does)"
	exit 1
}

need_tools() {
	need_cmd qemu-system-x86_64 qemu-system-x86
	need_cmd sgdisk gdisk
	need_cmd mkfs.ext4 e2fsprogs
	need_cmd timeout coreutils
	need_cmd gzip gzip
}

need_file() { # PATH NAME HOW-TO-MAKE-IT
	[ -s "$1" ] && return 0
	echo "not ok $2 - $1 is missing: $3"
	exit 1
}

# -- cleanup ------------------------------------------------------------------
declare -a _ATEXIT=()
declare -a _QEMU_PIDFILES=()	# pidfiles of qemus that may still run
_QEMU_WAITPID=			# pid of the running `timeout`, if any

atexit() { # CMD... (one command line, eval'ed at exit)
	_ATEXIT+=("$*")
}

# Kills the qemu whose -pidfile is $1, if it still runs and really is ours.
_qemu_kill_pidfile() {
	local pidf=$1 pid _
	[ -s "$pidf" ] || { rm -f "$pidf"; return 0; }
	pid=$(cat "$pidf" 2>/dev/null)
	case $pid in ''|*[!0-9]*) rm -f "$pidf"; return 0 ;; esac
	# Ours only if its command line names this pidfile.
	if [ -r "/proc/$pid/cmdline" ] && tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF -- "$pidf"; then
		kill -TERM "$pid" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$pid" 2>/dev/null
		echo "# killed leftover qemu (pid $pid, $pidf)" >&2
	fi
	rm -f "$pidf"
}

qemu_cleanup() {
	local p
	if [ -n "$_QEMU_WAITPID" ]; then
		kill -TERM "$_QEMU_WAITPID" 2>/dev/null
	fi
	for p in "${_QEMU_PIDFILES[@]}"; do
		_qemu_kill_pidfile "$p"
	done
	_QEMU_PIDFILES=()
	if [ -n "$_QEMU_WAITPID" ]; then
		wait "$_QEMU_WAITPID" 2>/dev/null
		_QEMU_WAITPID=
	fi
}

_lib_exit() {
	local rc=$? c
	trap - EXIT
	qemu_cleanup
	for c in "${_ATEXIT[@]}"; do
		eval "$c"
	done
	exit "$rc"
}

_lib_signal() { # SIGNAL EXIT-STATUS
	echo "not ok qemu-interrupted - got SIG$1"
	exit "$2"	# runs _lib_exit
}

trap _lib_exit EXIT
trap '_lib_signal INT 130' INT
trap '_lib_signal TERM 143' TERM
trap '_lib_signal HUP 129' HUP

# -- the root disk ------------------------------------------------------------
# Fixed identifiers of the GPT (the filesystem's come from the caller).
ROOT_PARTUUID=b007ab1e-0000-4000-8000-0000000000b1
ROOT_DISKGUID=b007ab1e-0000-4000-8000-0000000000d1
ROOT_PARTLABEL=baton-root
TESTINIT=build/testinit

# make_root_disk OUT UUID LABEL
# OUT: a 70 MiB raw disk, GPT with p1 = sectors 2048.. (64 MiB), holding an
# ext4 (4 KiB blocks) with /sbin/init = build/testinit, /dev/console,
# /dev/null, empty /proc /sys /dev /run /tmp and an empty /etc/fstab.
# No loop devices, no mounts. Rebuilt only when build/testinit (or this file)
# is newer than OUT or UUID/LABEL differ from what OUT was made with.
make_root_disk() {
	local out=$1 uuid=$2 label=$3 id stage tmp
	id="uuid=$uuid label=$label partuuid=$ROOT_PARTUUID disk=$ROOT_DISKGUID"
	need_file "$TESTINIT" qemu-rootdisk "make build/testinit (make tests does)"
	if [ -s "$out" ] && [ -f "$out.id" ] && [ "$(cat "$out.id")" = "$id" ] &&
	   ! [ "$TESTINIT" -nt "$out" ] && ! [ "${BASH_SOURCE[0]}" -nt "$out" ]; then
		return 0
	fi
	stage=$(mktemp -d "${TMPDIR:-/tmp}/baton-rootfs.XXXXXX") || { not_ok qemu-rootdisk "mktemp failed"; return 1; }
	tmp=$out.tmp.$$
	atexit "rm -rf '$stage' '$tmp' '$tmp.ext4' '$tmp.log'"
	if ! { mkdir -p "$stage"/{sbin,dev,proc,sys,run,tmp,etc} &&
	       chmod 1777 "$stage/tmp" &&
	       cp "$TESTINIT" "$stage/sbin/init" && chmod 0755 "$stage/sbin/init" &&
	       : >"$stage/etc/fstab"; }; then
		not_ok qemu-rootdisk "cannot stage the root tree in $stage"; return 1
	fi
	local nodes_made=1
	mknod -m 0600 "$stage/dev/console" c 5 1 2>/dev/null &&
	mknod -m 0666 "$stage/dev/null" c 1 3 2>/dev/null || nodes_made=0

	if ! mkfs.ext4 -q -F -b 4096 -U "$uuid" -L "$label" -d "$stage" "$tmp.ext4" 64M >"$tmp.log" 2>&1; then
		not_ok qemu-rootdisk "mkfs.ext4 -d $stage failed: $(tr '\n' ' ' <"$tmp.log")"; rm -f "$tmp.log"; return 1
	fi
	rm -f "$tmp.log"
	if [ "$nodes_made" = 0 ]; then
		# Not root: let debugfs write the device nodes into the image.
		rm -f "$stage/dev/console" "$stage/dev/null"
		# (debugfs's mknod wants a bare name in its cwd; it exits 0
		# whatever happens, hence the check after.)
		debugfs -w -f - "$tmp.ext4" >/dev/null 2>&1 <<-EOF
			cd /dev
			mknod console c 5 1
			sif console mode 020600
			mknod null c 1 3
			sif null mode 020666
			EOF
		if ! debugfs -R 'stat /dev/console' "$tmp.ext4" 2>/dev/null | grep -q 'Type: character'; then
			not_ok qemu-rootdisk "cannot create /dev/console in the image (not root, debugfs failed)"; return 1
		fi
	fi

	rm -f "$tmp"
	truncate -s 70M "$tmp" || { not_ok qemu-rootdisk "truncate $tmp failed"; return 1; }
	# Not -q: gdisk 1.0.9 with -q on a fresh image exits 0 but writes nothing.
	if ! sgdisk -o -U "$ROOT_DISKGUID" -n 1:2048:+64M -t 1:8304 \
		-u "1:$ROOT_PARTUUID" -c "1:$ROOT_PARTLABEL" "$tmp" >"$tmp.log" 2>&1; then
		not_ok qemu-rootdisk "sgdisk failed: $(tr '\n' ' ' <"$tmp.log")"; rm -f "$tmp.log"; return 1
	fi
	rm -f "$tmp.log"
	# Trust but verify (see the -q pitfall).
	local info
	info=$(sgdisk -i 1 "$tmp" 2>&1)
	if ! grep -qi "unique GUID: $ROOT_PARTUUID" <<<"$info" || ! grep -q '^First sector: 2048 ' <<<"$info"; then
		not_ok qemu-rootdisk "GPT in $tmp lacks partition 1 as asked: $(tr '\n' ' ' <<<"$info")"; return 1
	fi
	if ! dd if="$tmp.ext4" of="$tmp" bs=1M seek=1 conv=notrunc status=none; then
		not_ok qemu-rootdisk "dd of the ext4 into $tmp failed"; return 1
	fi
	rm -f "$tmp.ext4"
	mv -f "$tmp" "$out" && printf '%s\n' "$id" >"$out.id"
}

# -- the harness's own initramfs -------------------------------------------
# One newc entry with no data (a directory or a device node), for building
# /dev/console without being root. Fields: magic ino mode uid gid nlink
# mtime filesize devmajor devminor rdevmajor rdevminor namesize check.
_newc_entry() { # NAME MODE(octal) RDEVMAJOR RDEVMINOR INO
	local name=$1 mode=$((8#$2)) ino=$5 namesize hdr pad
	namesize=$(( ${#name} + 1 ))
	hdr=$(printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		"$ino" "$mode" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0)
	printf '%s%s\0' "$hdr" "$name"
	pad=$(( (4 - (110 + namesize) % 4) % 4 ))
	head -c "$pad" /dev/zero
}

# make_harness_initramfs OUT: a gzip'd newc initramfs whose /init is
# build/testinit itself, with /dev/console, /proc and /sys: it proves the
# kernel, qemu and testinit work without baton. Staged under /tmp.
make_harness_initramfs() {
	local out=$1 stage
	need_cmd cpio cpio
	need_file "$TESTINIT" qemu-harness "make build/testinit (make tests does)"
	stage=$(mktemp -d "${TMPDIR:-/tmp}/baton-harness.XXXXXX") || { not_ok qemu-harness "mktemp failed"; return 1; }
	atexit "rm -rf '$stage'"
	if ! { mkdir -p "$stage/dev" "$stage/proc" "$stage/sys" &&
	       cp "$TESTINIT" "$stage/init" && chmod 0755 "$stage/init"; }; then
		not_ok qemu-harness "cannot stage $stage"; return 1
	fi
	local console_made=1
	mknod -m 0600 "$stage/dev/console" c 5 1 2>/dev/null || console_made=0
	{
		(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) || exit 1
		if [ "$console_made" = 0 ]; then
			# Not root: a second archive appended (the kernel reads
			# concatenated ones) carrying the node.
			_newc_entry dev/console 020600 5 1 900001
			_newc_entry TRAILER!!! 0 0 0 0
		fi
	} | gzip -9n >"$out.tmp.$$"
	local ps=("${PIPESTATUS[@]}")
	if [ "${ps[0]}" != 0 ] || [ "${ps[1]}" != 0 ] || ! mv -f "$out.tmp.$$" "$out"; then
		rm -f "$out.tmp.$$"; not_ok qemu-harness "cpio | gzip of $stage failed"; return 1
	fi
}

# -- booting ------------------------------------------------------------------
_now() { date +%s.%N; }

# qemu_boot NAME TIMEOUT_S INITRD DISK "APPEND"
# INITRD "none" boots without an initramfs (the kernel mounts root=
# itself), DISK "none" without a disk. The kernel command line is
# "$QEMU_APPEND_BASE APPEND"; with -no-reboot a poweroff, a reboot and a
# panic all make qemu exit by itself. Sets:
#   QEMU_LOG        build/test-logs/qemu-NAME.log (the serial console)
#   QEMU_RC         exit status of `timeout qemu ...` (124/137: timed out)
#   QEMU_TIMED_OUT  1 if qemu had to be stopped, else 0
#   QEMU_SECS       wall-clock seconds, 2 decimals
# qemu's own stderr goes to build/test-logs/qemu-NAME.stderr.
qemu_boot() {
	local name=$1 tmo=$2 initrd=$3 disk=$4 append=$5
	local pidf t0 t1 serial errf
	QEMU_LOG=$QEMU_LOGDIR/qemu-$name.log
	errf=$QEMU_LOGDIR/qemu-$name.stderr
	pidf=$(pwd)/$QEMU_BUILD/qemu-$name.$$.pid
	rm -f "$QEMU_LOG" "$errf" "$pidf"
	if [ "$QEMU_SERIAL" = stdio ]; then
		# Streamed to stdout and also logged. stdin stays /dev/null:
		# qemu must not put the terminal in raw mode behind our back.
		serial=(-chardev "stdio,id=ser0,signal=off,logfile=${QEMU_LOG//,/,,}" -serial chardev:ser0)
	elif [ "$QEMU_SERIAL" = pipe ]; then
		serial=(-chardev "pipe,id=ser0,path=${QEMU_PIPE//,/,,},logfile=${QEMU_LOG//,/,,}" -serial chardev:ser0)
	else
		serial=(-serial "file:$QEMU_LOG")
	fi
	local display
	read -ra display <<<"$QEMU_DISPLAY"
	local args=(-nodefaults "${display[@]}" -monitor none "${serial[@]}" -no-reboot
		-machine pc -cpu max -smp "${QEMU_SMP:-1}" -m 512 -net none -pidfile "$pidf")
	if [ -n "$QEMU_FIRMWARE" ]; then
		# The firmware boots from the disks; the kernel and its command
		# line are on them.
		args+=(-bios "$QEMU_FIRMWARE")
	else
		args+=(-kernel "$KERNEL" -append "$QEMU_APPEND_BASE${append:+ $append}")
	fi
	if [ "$initrd" != none ]; then
		args+=(-initrd "$initrd")
	fi
	if [ "$disk" != none ]; then
		args+=(-drive "file=${disk//,/,,},format=raw,snapshot=on,if=virtio")
	fi
	args+=("${QEMU_EXTRA[@]}")

	_QEMU_PIDFILES+=("$pidf")
	t0=$(_now)
	# In the background + wait, so an INT/TERM trap runs at once (bash
	# defers traps until a foreground command ends).
	if [ "$QEMU_SERIAL" = stdio ]; then
		timeout --kill-after=5 "$tmo" qemu-system-x86_64 "${args[@]}" </dev/null 2>"$errf" &
	else
		timeout --kill-after=5 "$tmo" qemu-system-x86_64 "${args[@]}" </dev/null >"$errf" 2>&1 &
	fi
	_QEMU_WAITPID=$!
	wait "$_QEMU_WAITPID"
	QEMU_RC=$?
	_QEMU_WAITPID=
	t1=$(_now)
	QEMU_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	case $QEMU_RC in 124|137) QEMU_TIMED_OUT=1 ;; *) QEMU_TIMED_OUT=0 ;; esac
	qemu_cleanup	# normally nothing is left; this makes sure
	[ -f "$QEMU_LOG" ] || : >"$QEMU_LOG"
	if [ -s "$errf" ]; then
		sed "s/^/# qemu-$name stderr: /" "$errf" >&2
	else
		rm -f "$errf"
	fi
	echo "# qemu-$name: rc=$QEMU_RC, $QEMU_SECS s wall (timeout $tmo s)$([ "$QEMU_TIMED_OUT" = 1 ] && echo ', TIMED OUT')"
}

# Did the last qemu_boot's qemu stop by itself (poweroff, or reboot/panic
# under -no-reboot), rather than by its timeout?
exited_alone() { [ "$QEMU_TIMED_OUT" = 0 ] && [ "$QEMU_RC" = 0 ]; }
exit_why() { echo "qemu did not exit by itself (rc=$QEMU_RC after $QEMU_SECS s; see $QEMU_LOG)"; }

# -- checks -------------------------------------------------------------------
# The serial log has CRLF line ends; every check reads it without the CRs.
_log_text() { tr -d '\r' <"$1" 2>/dev/null; }

declare -A _DUMPED=()
_dump_log() { # LOG: its tail on stderr (tests/run.sh shows it on failure), once
	[ -n "${_DUMPED[$1]:-}" ] && return 0
	_DUMPED[$1]=1
	echo "# last lines of $1:" >&2
	_log_text "$1" | tail -n 25 | sed 's/^/#   /' >&2
}

# expect_log NAME LOGFILE ERE WHY: ok if some line matches ERE.
expect_log() {
	if _log_text "$2" | grep -Eq -- "$3"; then
		ok "$1"
	else
		not_ok "$1" "$4"; _dump_log "$2"; return 1
	fi
}

# reject_log NAME LOGFILE ERE WHY: ok if no line matches ERE.
reject_log() {
	local hit
	hit=$(_log_text "$2" | grep -E -m1 -- "$3")
	if [ -z "$hit" ]; then
		ok "$1"
	else
		not_ok "$1" "$4: $hit"; return 1
	fi
}

# expect_line NAME LOGFILE WHY FIXED1 [FIXED2...]: ok if one line contains
# every FIXED string (case-insensitive).
expect_line() {
	local name=$1 log=$2 why=$3; shift 3
	local text s
	text=$(_log_text "$log")
	for s in "$@"; do
		text=$(grep -iF -- "$s" <<<"$text")
	done
	if [ -n "$text" ]; then
		ok "$name"
	else
		not_ok "$name" "$why"; _dump_log "$log"; return 1
	fi
}

# check NAME WHY CMD...: ok if CMD succeeds.
check() {
	local name=$1 why=$2; shift 2
	if "$@"; then ok "$name"; else not_ok "$name" "$why"; return 1; fi
}

# The value after "KEY" on the first line starting with KEY (CRs stripped).
log_field() { # LOG KEY
	_log_text "$1" | sed -n "s/^$2 //p" | head -n1
}

# boot_times LOG: sets T_RUN_INIT (kernel timestamp of "Run /init as init
# process"), T_REAL (uptime printed by the real init) and T_INITRAMFS (their
# difference), empty when unknown. Prints "# time in initramfs: X s".
boot_times() {
	local log=$1
	T_RUN_INIT=$(_log_text "$log" | sed -n 's/^\[ *\([0-9][0-9.]*\)\] Run \/init as init process.*/\1/p' | head -n1)
	T_REAL=$(_log_text "$log" | sed -n 's/^REAL-INIT-REACHED uptime=\([0-9][0-9.]*\).*/\1/p' | head -n1)
	T_INITRAMFS=
	if [ -n "$T_RUN_INIT" ] && [ -n "$T_REAL" ]; then
		T_INITRAMFS=$(awk -v a="$T_RUN_INIT" -v b="$T_REAL" 'BEGIN { printf "%.2f", b - a }')
		echo "# time in initramfs: $T_INITRAMFS s (Run /init at $T_RUN_INIT s, real init at uptime $T_REAL s)"
	else
		echo "# time in initramfs: unknown (Run /init at '${T_RUN_INIT:-?}', real init uptime '${T_REAL:-?}')"
	fi
}

# Ends a test script: non-zero if any check failed.
qemu_done() {
	[ "$QEMU_FAILS" -eq 0 ]
}
