#!/usr/bin/env bash
# tests/ns/t-switchroot.sh: baton's switch step (init/switchroot.c, driven by
# build/tests/nsinit) as PID 1 of a pid namespace, in a fake initramfs.
#
# All scenarios run in one private mount namespace (unshare -m --propagation
# private), where every mount inherited from the host is first made
# read-only (a per-mount flag of the namespace's copy: the host keeps rw),
# so a delete that escaped the fake initramfs would hit EROFS instead of
# host files; each scenario then gets its own private mount namespace in
# there, so no mount outlives it or reaches the host. A scenario builds:
#   $W/base            a tmpfs, made shared: like rootfs, the fake initramfs
#                      then cannot be pivot_root'ed (EINVAL) and the MS_MOVE
#                      path runs (the pivot scenario leaves it private)
#   $R = $W/base/root  the fake initramfs: ramfs or tmpfs, nsinit as /init
#   $W/view            a second mount of that fs: what is left after
#   $R/newroot         a loop-mounted ext4 image: the new root, whose init
#                      (nsinit --report again) writes /results/report;
#                      seen outside through $W/newview: once nsinit removes
#                      the directory, the kernel detaches what other
#                      namespaces had mounted on it
#   $W/dev $W/sys $W/run   tmpfs stand-ins for the API mounts, bound at
#                      $R/dev etc.; /dev/console is a bound file of $W/results
# and runs, in a new pid + mount namespace (proc mounted there),
#   chroot $R /init NEWROOT INIT --report
# Before and after, every other filesystem (new root, dev, sys, run and the
# scenario's extras) gets a manifest (entry count + hash of type, mode,
# size, name): neither may change at all. The initramfs must be empty but
# for what the scenario expects to stay, and the removal counts nsinit logs
# must equal the entries counted before. Each refusal scenario breaks one
# condition and checks the message, the exit code and that nothing at all
# changed.
# Prints "ok NAME" / "not ok NAME - why" (and "# " notes); exits 1 on failure.
set -u
PATH=$PATH:/usr/sbin:/sbin

# ============================================================================
# In the protected namespace: bash t-switchroot.sh __all SCENARIO...
# ============================================================================
if [ "${1:-}" = __all ]; then
shift
# Every inherited mount read-only, in this namespace only; then a tmpfs for
# the scenarios' work.
mkdir -p "$T/ns" || exit 1
while read -r _ _ _ _ mp _; do
	case $mp in *\\*) mp=$(printf '%b' "$mp") ;; esac
	mount -o remount,bind,ro "$mp" 2>/dev/null
done </proc/self/mountinfo
mount -t tmpfs ns "$T/ns" || exit 1
failed=0
for sc in "$@"; do
	t0=$SECONDS
	out=$(unshare -m --propagation private bash "$SELF" __scenario "$sc" 2>"$T/ns/stderr")
	rc=$?
	printf '%s\n' "$out"
	if ! grep -Eq "^(not )?ok ns-$sc\$|^not ok ns-$sc " <<<"$out"; then
		echo "not ok ns-$sc - the scenario exited $rc without a result"
		failed=$((failed + 1))
	elif grep -q "^not ok " <<<"$out"; then
		failed=$((failed + 1))
	fi
	[ -s "$T/ns/stderr" ] && sed 's/^/#   stderr: /' "$T/ns/stderr" | head -n 40
	echo "# $sc: $((SECONDS - t0)) s"
done
[ "$failed" -eq 0 ]
exit
fi

# ============================================================================
# Inside one scenario's mount namespace: bash t-switchroot.sh __scenario NAME
# ============================================================================
if [ "${1:-}" = __scenario ]; then
NAME=$2

note() { printf '# %s: %s\n' "$NAME" "$*"; }
FAILS=()
fail() { FAILS+=("$*"); }

# manifest DIR: "<entries> <hash>" of everything on DIR's filesystem below
# it: type, mode, size, depth, inode and name of each (not the whole path:
# a 10000-deep tree would make 200 MB of them). Mount points inside are left
# out (find -xdev lists them with the stat of what is mounted there).
manifest() {
	local n h
	find "$1" -xdev -mindepth 1 -printf '%D %y %m %s %d %i %f\0' |
		perl -0 -e '$d = (stat shift)[0]; @e = sort grep { s/^\Q$d\E // } <STDIN>;
			print scalar(@e), "\0", @e' "$1" | {
			IFS= read -r -d '' n
			h=$(md5sum)
			echo "$n ${h:0:12}"
		}
}

# counts DIR: "<non-directories> <directories>" on DIR's filesystem below it.
counts() {
	find "$1" -xdev -mindepth 1 -printf '%y' |
		perl -ne '$d += tr/d//; $a += length; END { printf "%d %d\n", $a - $d, $d }'
}

# Scenario knobs, set by the sc_ functions before setup.
FS=ramfs		# the fake initramfs: ramfs (root= given) or tmpfs
SHARED=1		# 1: its parent mount is shared, so pivot_root fails
IMG=$LOOP_A		# the new root's image
NEWROOT=/newroot	# where the new root is mounted in the initramfs
CONSOLE=1		# 0: no /dev/console (console=null style)
ROOTDEV=		# a block device to use as the "initramfs" instead
OTHERS=()		# outside paths of the other filesystems
LEFT=()			# what may stay in the initramfs

setup() {
	mount -t tmpfs w "$W" || return 1
	mkdir "$W"/{base,view,newview,dev,sys,run,results,inner}
	mount -t tmpfs base "$W/base"
	[ "$SHARED" = 1 ] && mount --make-shared "$W/base"
	R=$W/base/root
	mkdir "$R"
	if [ -n "$ROOTDEV" ]; then mount "$ROOTDEV" "$R"; else mount -t "$FS" initramfs "$R"; fi || return 1
	mount --make-private "$R"
	mount --bind "$R" "$W/view"
	[ -e "$R/init" ] || cp "$NSINIT" "$R/init"
	mkdir -p "$R"/{dev,proc,sys,run}
	mount -t tmpfs results "$W/results"
	mount -t tmpfs dev "$W/dev"
	mknod -m 666 "$W/dev/null" c 1 3
	mount -t tmpfs sys "$W/sys" && echo sys >"$W/sys/sys-marker"
	mount -t tmpfs run "$W/run" && echo run >"$W/run/run-marker"
	mount --bind "$W/dev" "$R/dev"
	mount --bind "$W/sys" "$R/sys"
	mount --bind "$W/run" "$R/run"
	if [ "$CONSOLE" = 1 ]; then
		touch "$W/dev/console" "$W/results/console"
		mount --bind "$W/results/console" "$R/dev/console"
	fi
	mkdir -p "$R$NEWROOT"
	mount "$IMG" "$R$NEWROOT" || return 1
	mount --bind "$R$NEWROOT" "$W/newview"
	mount --bind "$W/results" "$R$NEWROOT/results"
	OTHERS=("$W/newview" "$W/dev" "$W/sys" "$W/run")
}

# A small but realistic initramfs: binaries, modules, links, nodes, fifos.
populate_basic() {
	mkdir -p "$R"/{bin,sbin,etc/baton,usr/lib,lib/modules/6.1.0/kernel/drivers/{ata,nvme,md},lib/firmware,tmp,.hidden}
	cp "$NSINIT" "$R/bin/busybox"
	ln -s busybox "$R/bin/sh"
	ln -s ../bin/busybox "$R/sbin/modprobe"
	ln "$R/bin/busybox" "$R/bin/hardlink"
	for m in ata/ahci ata/libata nvme/nvme nvme/nvme-core md/raid1; do
		head -c 4000 /dev/urandom >"$R/lib/modules/6.1.0/kernel/drivers/$m.ko"
	done
	printf 'nvme\nahci\n' >"$R/etc/baton/modules"
	: >"$R/etc/empty"
	head -c 100000 /dev/zero >"$R/lib/firmware/blob.bin"
	truncate -s 1G "$R/tmp/sparse"
	mkfifo "$R/tmp/fifo"
	mknod "$R/tmp/null-node" c 1 3
	ln -s /nonexistent "$R/tmp/dangling"
	echo x >"$R/.hidden/.dotfile"
	mkdir -p "$R/empty/dirs/only"
}

# -- running nsinit ----------------------------------------------------------

snapshot() { # VAR: manifests of every other filesystem and of the initramfs
	local d out=""
	for d in "${OTHERS[@]}"; do out+="$d $(manifest "$d")"$'\n'; done
	printf -v "$1" '%s' "$out"
	INITRAMFS_MANIFEST=$(manifest "$W/view")
}

# run_nsinit MODE ARGS...: runs /init ARGS in the fake initramfs. MODE pid1:
# PID 1 of a new pid namespace (proc mounted at /proc); nopid: no pid
# namespace; nocap: PID 1 without CAP_SYS_ADMIN. Sets RC, OUT, ERR.
run_nsinit() {
	local mode=$1
	shift
	OUT=$W/nsinit.out ERR=$W/nsinit.err
	case $mode in
	pid1) unshare -m -p -f --propagation unchanged --mount-proc="$R/proc" \
		chroot "$R" "$@" >"$OUT" 2>"$ERR" ;;
	nopid) unshare -m --propagation unchanged chroot "$R" "$@" >"$OUT" 2>"$ERR" ;;
	nocap) unshare -m -p -f --propagation unchanged --mount-proc="$R/proc" \
		setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin \
		chroot "$R" "$@" >"$OUT" 2>"$ERR" ;;
	esac
	RC=$?
}

# Compares the manifests of the other filesystems, before and after.
check_others() {
	local before=$1 after=$2 line
	if [ "$before" != "$after" ]; then
		fail "another filesystem changed: before: $(echo "$before" | tr '\n' ';') after: $(echo "$after" | tr '\n' ';')"
		return
	fi
	while read -r line; do
		[ -n "$line" ] && note "unchanged: ${line#"$T"/}"
	done <<<"$after"
}

expect_err() { # REGEX: nsinit's log (stderr) has a line matching it
	grep -Eq -- "$1" "$ERR" || fail "log lacks /$1/"
}

expect_report() { # LINE...: the real init's report has each line
	local l
	[ -f "$W/results/report" ] || { fail "the real init wrote no report"; return; }
	for l in "$@"; do
		grep -Fxq -- "$l" "$W/results/report" || fail "report lacks '$l'"
	done
}

# The initramfs, seen through $W/view, holds exactly the names given.
expect_left() {
	local want got
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
	got=$(find "$W/view" -mindepth 1 -printf '%P\n' | sort)
	[ "$want" = "$got" ] ||
		fail "initramfs left: '$(echo "$got" | head -n 5 | tr '\n' ' ')' ($(echo "$got" | sed '/^$/d' | wc -l) entries), expected '$(echo "$want" | tr '\n' ' ')'"
}

# A switch that must succeed. ARGS for /init follow; uses EXP_FILES,
# EXP_DIRS (removal counts, default: everything counted before), LEFT
# (names that stay), EXP_PATH (move|pivot), EXP_FAILED (entries that
# could not be removed).
switch_ok() {
	local before after c
	c=$(counts "$W/view")
	snapshot before
	local init_before=$INITRAMFS_MANIFEST
	run_nsinit pid1 /init "$@"
	snapshot after
	[ "$RC" = 0 ] || fail "nsinit/real init exited $RC"
	check_others "$before" "$after"
	expect_left "${LEFT[@]}"
	note "initramfs: ${init_before%% *} entries before, $(find "$W/view" -mindepth 1 -printf . | wc -c) after"
	: "${EXP_FILES:=${c% *}}" "${EXP_DIRS:=${c#* }}"
	if [ "${EXP_FAILED:-0}" = 0 ]; then
		expect_err "baton: initramfs emptied: $EXP_FILES files and $EXP_DIRS directories removed$"
	else
		expect_err "baton: removed $EXP_FILES files and $EXP_DIRS directories from the initramfs; $EXP_FAILED entries could not be removed"
	fi
	case ${EXP_PATH:-move} in
	move) expect_err "baton: pivot_root into $NEWROOT not possible; moving it over / instead: Invalid argument" ;;
	pivot) expect_err "baton: pivot_root worked; the old initramfs is detached" ;;
	esac
	expect_report "REPORT pid=1" "NEWROOT-MARKER yes" "OLD-INIT no" "MOUNT / ext4"
}

# A refusal: nsinit exits WANT_RC with a line matching REGEX, and nothing at
# all changed. MODE and ARGS as run_nsinit.
refused() {
	local want_rc=$1 regex=$2 before after
	shift 2
	snapshot before
	local init_before=$INITRAMFS_MANIFEST
	run_nsinit "$@"
	snapshot after
	[ "$RC" = "$want_rc" ] || fail "nsinit exited $RC, expected $want_rc"
	expect_err "$regex"
	[ "$init_before" = "$INITRAMFS_MANIFEST" ] ||
		fail "the initramfs changed: $init_before -> $INITRAMFS_MANIFEST"
	check_others "$before" "$after"
	note "initramfs unchanged: ${INITRAMFS_MANIFEST%% *} entries"
	[ -f "$W/results/report" ] && fail "the real init ran after a refusal"
	grep -E 'refusing|not an executable|no init in' "$ERR" | head -n 1 | sed "s/^/# $NAME: message: /"
}

# -- the scenarios -----------------------------------------------------------

sc_basic() { # ramfs (rootfs with root=), a realistic tree, API mounts moved
	setup && populate_basic
	switch_ok /newroot /sbin/init --report
	expect_report "FD0 /dev/console" "FD1 /dev/console" "FD2 /dev/console" \
		"MOUNT /dev tmpfs" "MOUNT /proc proc" "MOUNT /sys tmpfs" "MOUNT /run tmpfs"
	grep -qx "REPORT-END" "$W/results/console" || fail "the real init's stdout did not reach /dev/console"
}

sc_tmpfs_inside() { # a tmpfs mounted inside the old root stays intact
	FS=tmpfs
	setup && populate_basic
	mkdir -p "$R/mnt/inner"
	mount -t tmpfs inner "$W/inner"
	perl -e 'for (1..1000) { open(my $f, ">", "$ARGV[0]/f$_") or die; print $f $_ }' "$W/inner"
	mount --bind "$W/inner" "$R/mnt/inner"
	OTHERS+=("$W/inner")
	LEFT=(mnt mnt/inner) EXP_DIRS=$(($(counts "$W/view" | cut -d' ' -f2) - 2))
	switch_ok /newroot /sbin/init --report
	expect_err "baton: 1 mounts inside the initramfs were left alone"
}

sc_host_bind() { # a bind mount of a host directory must survive
	setup && populate_basic
	mkdir -p "$R/data"
	mount --bind "$HOSTDATA" "$R/data"
	OTHERS+=("$HOSTDATA")
	LEFT=(data) EXP_DIRS=$(($(counts "$W/view" | cut -d' ' -f2) - 1))
	switch_ok /newroot /sbin/init --report
}

sc_file_bind() { # a host file bind-mounted over a file: unlink refuses it, it stays
	setup && populate_basic
	mkdir -p "$R/etc/keep"
	: >"$R/etc/keep/secret"
	mount --bind "$HOSTDATA/sub/file7" "$R/etc/keep/secret"
	OTHERS+=("$HOSTDATA")
	local c
	c=$(counts "$W/view")
	LEFT=(etc etc/keep etc/keep/secret) EXP_FILES=$((${c% *} - 1)) EXP_DIRS=$((${c#* } - 2))
	switch_ok /newroot /sbin/init --report
	expect_err "baton: 1 mounts inside the initramfs were left alone"
}

sc_symlinks_out() { # symlinks out of the initramfs are removed, never followed
	FS=tmpfs
	setup && populate_basic
	mkdir -p "$R/data" "$R/links/deeper"
	mount --bind "$HOSTDATA" "$R/data"
	OTHERS+=("$HOSTDATA")
	ln -s / "$R/links/root"
	ln -s /data "$R/links/host"
	ln -s /data/sub "$R/links/deeper/host-sub"
	ln -s /etc "$R/links/etc-of-new-root"	# after the switch, / is the new root
	ln -s /newroot "$R/links/newroot"
	ln -s ../../../../../../../.. "$R/links/deeper/up"
	ln -s /data "$R/links/deeper/dir-as-link"
	ln -s "$HOSTDATA" "$R/links/host-path"	# the host's path to it
	LEFT=(data) EXP_DIRS=$(($(counts "$W/view" | cut -d' ' -f2) - 1))
	switch_ok /newroot /sbin/init --report
}

sc_nested_newroot() { # the new root mounted deep inside the old root
	NEWROOT=/a/b/c/sysroot
	setup && populate_basic
	switch_ok /a/b/c/sysroot /sbin/init --report
	expect_report "MOUNT /dev tmpfs" "MOUNT /run tmpfs"
}

sc_undeletable() { # an immutable file and directory: counted, the rest goes
	FS=tmpfs
	setup && populate_basic
	mkdir -p "$R/keep/idir"
	echo locked >"$R/keep/locked"
	echo a >"$R/keep/idir/a" && echo b >"$R/keep/idir/b"
	chattr +i "$R/keep/locked" "$R/keep/idir" || { fail "chattr +i failed on tmpfs"; return; }
	local c
	c=$(counts "$W/view")
	LEFT=(keep keep/locked keep/idir keep/idir/a keep/idir/b)
	EXP_FILES=$((${c% *} - 3)) EXP_DIRS=$((${c#* } - 2)) EXP_FAILED=4
	switch_ok /newroot /sbin/init --report
	expect_err "baton: cannot remove /keep/locked from the initramfs: Operation not permitted"
	expect_err "baton: cannot remove /keep/idir/a from the initramfs: Operation not permitted"
	expect_err "baton: cannot remove /keep/idir from the initramfs: Operation not permitted"
	chattr -i "$W/view/keep/locked" "$W/view/keep/idir"
}

sc_deep() { # 10000 levels of directories, a file in each
	FS=tmpfs
	setup
	mkdir "$R/deep"
	perl -e 'chdir $ARGV[0] or die; for (1..10000) { mkdir "d" or die; open(my $f, ">", "f") or die; chdir "d" or die }' "$R/deep"
	switch_ok /newroot /sbin/init --report
}

sc_many_files() { # 100000 files in 1000 directories, and 20000 in one
	setup
	perl -e 'chdir $ARGV[0] or die; for my $d (0..999) { mkdir "d$d" or die; for (0..99) { open(my $f, ">", "d$d/f$_") or die } }
		mkdir "flat" or die; for (0..19999) { open(my $f, ">", "flat/file-$_") or die }' "$R"
	switch_ok /newroot /sbin/init --report
}

sc_odd_names() { # newlines, control bytes, non-UTF-8, 255-byte names
	FS=tmpfs
	setup
	perl -e 'chdir $ARGV[0] or die;
		my @n = ("new\nline", "\xff\xfe\xfd", "tab\there", "\x01\x1b[31m", "back\\slash", " ", "...", "-rf",
			 "caf\xc3\xa9", "x" x 255, "\n");
		for (@n) { open(my $f, ">", $_) or die "$_: $!" }
		for ("dir\nwith\nnewlines", "\xc0\xaf", "y" x 255) { mkdir $_ or die; for my $m (@n) { open(my $f, ">", "$_/$m") or die } }' "$R"
	switch_ok /newroot /sbin/init --report
}

sc_detach() { # no /dev, /sys, /run in the new root: detached; /dev/null kept
	IMG=$LOOP_B
	setup && populate_basic
	switch_ok /newroot /checker --report
	expect_err "baton: /newroot has no directory /dev; detaching /dev"
	expect_err "baton: /newroot has no directory /sys; detaching /sys"
	expect_err "baton: /newroot has no directory /run; detaching /run"
	expect_err "baton: cannot open /dev/console in the new root; init gets /dev/null: No such file or directory"
	expect_report "MOUNT /proc proc"
	grep -Eq '^MOUNT /(dev|sys|run) ' "$W/results/report" && fail "/dev, /sys or /run still mounted in the new root"
	grep -Eq '^FD0 .*null$' "$W/results/report" || fail "fd 0 of the real init is not the /dev/null kept from before the switch"
}

sc_console_null() { # no /dev/console (console=null): init gets /dev/null
	CONSOLE=0
	setup && populate_basic
	switch_ok /newroot /sbin/init --report
	expect_err "cannot open /dev/console in the new root; init gets /dev/null"
	expect_report "FD0 /dev/null" "FD1 /dev/null" "FD2 /dev/null"
}

sc_pivot() { # pivot_root works (parent not shared): old root detached, emptied
	FS=tmpfs SHARED=0
	setup && populate_basic
	mkdir -p "$R/mnt/inner" "$R/data"
	mount -t tmpfs inner "$W/inner" && echo kept >"$W/inner/file"
	mount --bind "$W/inner" "$R/mnt/inner"
	mount --bind "$HOSTDATA" "$R/data"
	OTHERS+=("$W/inner" "$HOSTDATA")
	EXP_PATH=pivot
	switch_ok /newroot /sbin/init --report
}

sc_dry_run() { # every check, a count of what would go, nothing changed
	FS=tmpfs
	setup && populate_basic
	mkdir -p "$R/mnt/inner"
	mount -t tmpfs inner "$W/inner" && echo kept >"$W/inner/file"
	mount --bind "$W/inner" "$R/mnt/inner"
	OTHERS+=("$W/inner")
	local c files dirs
	c=$(counts "$W/view")
	files=${c% *} dirs=$((${c#* } - 2))	# mnt and mnt/inner would stay
	refused 0 "baton: dry run: would remove $files files and $dirs directories from the initramfs; 1 mounts inside it would stay, 0 entries could not be read" \
		pid1 /init --dry-run /newroot /sbin/init --report
	expect_err "baton: dry run: would move /dev to /newroot/dev"
	expect_err "baton: dry run: would move /run to /newroot/run"
	expect_err "baton: nsinit: dry run done; mount table unchanged"
}

# -- refusals ----------------------------------------------------------------

sc_refuse_not_pid1() {
	setup && populate_basic
	refused 11 "baton: refusing to switch root: this process is PID [0-9]+, not 1" \
		nopid /init /newroot /sbin/init --report
}

sc_refuse_not_ramfs() { # / is an ext4 (a real root), not the initramfs
	ROOTDEV=$LOOP_X
	setup
	refused 11 "baton: refusing to switch root: / is not the initramfs \(ramfs/tmpfs\) but fs magic 0xef53" \
		pid1 /init /newroot /sbin/init --report
}

sc_refuse_newroot_on_initramfs() {
	setup && populate_basic
	mkdir -p "$R/plain/sbin" && cp "$NSINIT" "$R/plain/sbin/init"
	refused 11 "baton: refusing to switch root: /plain is on the initramfs itself, not a mounted filesystem" \
		pid1 /init /plain /sbin/init --report
}

sc_refuse_newroot_not_mountpoint() { # a directory inside the mounted root
	setup && populate_basic
	refused 11 "baton: refusing to switch root: /newroot/nested is not a mount point" \
		pid1 /init /newroot/nested /sbin/init --report
}

sc_refuse_newroot_in_run() { # the new root inside /run, which moves into it
	NEWROOT=/run/root
	setup && populate_basic
	refused 11 "baton: refusing to switch root: /run/root lies inside /run, which would have to move into it" \
		pid1 /init /run/root /sbin/init --report
}

sc_refuse_init_dir() { # /init is a directory; nsinit runs as /nsinit
	setup && populate_basic
	rm "$R/init" && mkdir "$R/init" && cp "$NSINIT" "$R/nsinit"
	refused 11 "baton: refusing to switch root: /init is not a regular file on the initramfs" \
		pid1 /nsinit /newroot /sbin/init --report
}

sc_refuse_init_missing() {
	setup && populate_basic
	mv "$R/init" "$R/nsinit"
	refused 11 "baton: refusing to switch root: no /init on / \(is / the initramfs\?\): No such file or directory" \
		pid1 /nsinit /newroot /sbin/init --report
}

sc_refuse_init_elsewhere() { # /init a symlink to a file off the initramfs
	setup && populate_basic
	mv "$R/init" "$R/nsinit" && ln -s /newroot/sbin/init "$R/init"
	refused 11 "baton: refusing to switch root: /init is not a regular file on the initramfs" \
		pid1 /nsinit /newroot /sbin/init --report
}

sc_refuse_no_such_init() { # init= names nothing in the new root
	setup && populate_basic
	refused 10 "baton: init=/sbin/missing is not an executable file in the new root: No such file or directory" \
		pid1 /init /newroot /sbin/missing --report
}

sc_refuse_no_init_at_all() { # no init= and none of the usual ones
	IMG=$LOOP_B
	setup && populate_basic
	refused 10 "baton: no init in the new root: none of /sbin/init, /etc/init, /bin/init, /bin/sh" \
		pid1 /init /newroot
}

sc_refuse_init_is_dir() {
	setup && populate_basic
	refused 10 "baton: init=/etc is not an executable file in the new root: Permission denied" \
		pid1 /init /newroot /etc --report
}

sc_refuse_init_only_in_initramfs() { # resolved in the new root, not here
	setup && populate_basic
	cp "$NSINIT" "$R/only-here"
	refused 10 "baton: init=/sbin/link-to-initramfs is not an executable file in the new root: No such file or directory" \
		pid1 /init /newroot /sbin/link-to-initramfs --report
}

sc_refuse_no_cap_sys_admin() { # / cannot be made private: MS_MOVE could not work
	setup && populate_basic
	refused 11 "baton: refusing to switch root: cannot make / private \(MS_MOVE would fail too\): Operation not permitted" \
		nocap /init /newroot /sbin/init --report
}

W=$T/ns/w-$NAME
mkdir -p "$W" || exit 1
"sc_${NAME//-/_}"
if [ ${#FAILS[@]} -eq 0 ]; then
	echo "ok ns-$NAME"
else
	echo "not ok ns-$NAME - ${FAILS[0]}"
	for f in "${FAILS[@]:1}"; do echo "#   also: $f"; done
	if [ -n "${ERR:-}" ] && [ -f "$ERR" ]; then
		sed 's/^/#   nsinit: /' "$ERR" | head -n 30
		[ -f "$W/results/report" ] && sed 's/^/#   report: /' "$W/results/report"
	fi
fi
exit 0
fi

# ============================================================================
# On the host: tools, images, loop devices; one namespace per scenario.
# ============================================================================
SELF=$(readlink -f "$0")
cd "$(dirname "$0")/../.." || exit 2

missing() { echo "not ok ns-switchroot-tools - $1 missing: run tools/setup.sh"; exit 1; }
for t in unshare setpriv chroot losetup mount mkfs.ext4 chattr mknod mkfifo perl find md5sum truncate; do
	command -v "$t" >/dev/null || missing "$t"
done
[ "$(id -u)" = 0 ] || { echo "not ok ns-switchroot - must run as root (mount namespaces, loop devices)"; exit 1; }
NSINIT=$PWD/build/tests/nsinit
[ -x "$NSINIT" ] || { echo "not ok ns-switchroot - $NSINIT missing: run make build/tests/nsinit"; exit 1; }

T=$(mktemp -d /tmp/baton-ns.XXXXXX) || exit 2
LOOPS=()
cleanup() {
	local l
	for l in "${LOOPS[@]}"; do losetup -d "$l" 2>/dev/null; done
	rm -rf --one-file-system "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# mkimg NAME VAR: an ext4 image of $T/stage-NAME on a loop device, in VAR.
mkimg() {
	local img=$T/$1.img dev
	truncate -s 32M "$img" &&
		mkfs.ext4 -q -F -d "$T/stage-$1" "$img" >"$T/mkfs.log" 2>&1 ||
		{ echo "# mkfs.ext4 -d failed: $(cat "$T/mkfs.log")"; return 1; }
	dev=$(losetup -f --show "$img") || return 1
	LOOPS+=("$dev")
	printf -v "$2" '%s' "$dev"
}

# A: a new root with /sbin/init (nsinit --report) and every API directory.
s=$T/stage-A
mkdir -p "$s"/{sbin,etc,dev,proc,sys,run,results,nested/sbin,usr/share/doc}
cp "$NSINIT" "$s/sbin/init" && cp "$NSINIT" "$s/nested/sbin/init"
ln -s /only-here "$s/sbin/link-to-initramfs"
echo "real root" >"$s/etc/baton-newroot"
for i in $(seq 1 40); do echo "doc $i" >"$s/usr/share/doc/file$i"; done
# B: no usual init (the init is /checker), no /dev, /sys nor /run.
s=$T/stage-B
mkdir -p "$s"/{etc,proc,results}
cp "$NSINIT" "$s/checker" && echo "real root B" >"$s/etc/baton-newroot"
# X: an ext4 "initramfs", for the refusal on a / that is not ramfs/tmpfs.
s=$T/stage-X
mkdir -p "$s"/{dev,proc,sys,run,newroot,etc}
cp "$NSINIT" "$s/init" && echo "not an initramfs" >"$s/etc/data"
# Host data a bind mount exposes in the initramfs.
HOSTDATA=$T/hostdata
mkdir -p "$HOSTDATA/sub/deeper"
for i in $(seq 1 50); do echo "precious $i" >"$HOSTDATA/sub/file$i"; done
echo deep >"$HOSTDATA/sub/deeper/file"

mkimg A LOOP_A && mkimg B LOOP_B && mkimg X LOOP_X || {
	echo "not ok ns-switchroot-images - cannot make the loop-mounted test images"
	exit 1
}
export T SELF NSINIT HOSTDATA LOOP_A LOOP_B LOOP_X

SCENARIOS=(basic tmpfs-inside host-bind file-bind symlinks-out nested-newroot undeletable deep
	many-files odd-names detach console-null pivot dry-run
	refuse-not-pid1 refuse-not-ramfs refuse-newroot-on-initramfs
	refuse-newroot-not-mountpoint refuse-newroot-in-run refuse-init-dir
	refuse-init-missing refuse-init-elsewhere refuse-no-such-init
	refuse-no-init-at-all refuse-init-is-dir refuse-init-only-in-initramfs
	refuse-no-cap-sys-admin)
[ $# -gt 0 ] && SCENARIOS=("$@")

unshare -m --propagation private bash "$SELF" __all "${SCENARIOS[@]}"
