#!/usr/bin/env bash
# tests/qemu/t-nfs.sh: the root over NFS from a userspace server on this
# machine's loopback (nfs-ganesha with its VFS backend: the host kernel has
# no nfsd), reached by the guest through qemu's user-mode network (the
# host's 127.0.0.1 is 10.0.2.2 to the guest; no packet leaves the machine).
#   nfs/v3-dhcp-*    root=/dev/nfs nfsroot=10.0.2.2:TREE,vers=3,... ip=dhcp rw:
#                    the kernel's form, NFSv3, read-write (the guest writes a
#                    file, the host finds it in TREE)
#   nfs/v4-static-*  root=nfs:10.0.2.2:/root:vers=4.2,... with a static ip=
#                    (dracut's form, NFSv4 through ganesha's pseudo path),
#                    read-only (the write fails, the host tree is untouched)
#   nfs/down-*       the server stopped: the error names the server's address
#                    and the failure policy runs (qemu exits by itself)
# The servers: rpcbind (ganesha will not start without one to register
# with; an rpcbind already running on this machine is used as it is) and
# ganesha.nfsd bound to 127.0.0.1 on unprivileged ports (NFS_PORT,
# MNT_PORT), both started here and stopped when the script ends however it
# ends. The guest needs no rpcbind: port= and mountport= are given. The
# real init is build/fwinit (writes, reads back, prints its root's mount).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

MKI=tools/baton-mkinitramfs
INIT=${BATON_INIT:-build/init}
MODDIR=$KDIR/root/lib/modules/$KVER
IMG=$QEMU_BUILD/nfs.cpio.gz
GANESHA=${GANESHA:-/usr/bin/ganesha.nfsd}
RPCBIND=${RPCBIND:-/usr/sbin/rpcbind}
NFS_PORT=${NFS_PORT:-20490}
MNT_PORT=${MNT_PORT:-20048}
SERVER=10.0.2.2		# qemu's user-mode network: the host's loopback
NFS_TIMEOUT=${NFS_TIMEOUT:-240}

need_kernel
need_tools
need_file "$INIT" nfs-init "make builds build/init"
need_file build/fwinit nfs-fwinit "make tests builds build/fwinit"
for t in "$GANESHA" "$RPCBIND" "$(command -v rpcinfo || echo /usr/sbin/rpcinfo)"; do
	[ -x "$t" ] || { echo "not ok nfs-tools - no $t: apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind (tools/setup.sh does)"; exit 1; }
done
RPCINFO=$(command -v rpcinfo || echo /usr/sbin/rpcinfo)

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-nfs.XXXXXX") || exit 2
tree=$work/tree
STAMP="nfs-root-$$-$RANDOM"
mkdir -p "$tree"/{sbin,dev,proc,sys,run,tmp,etc} && cp build/fwinit "$tree/sbin/init" &&
	chmod 0755 "$tree/sbin/init" && echo "$STAMP" >"$tree/etc/baton-nfs" ||
	{ echo "not ok nfs-tree - cannot stage $tree"; rm -rf "$work"; exit 1; }

# -- the servers --------------------------------------------------------------
RPCBIND_PID=
GANESHA_PID=
# Stops the process PID (ours: started by this script) and waits for it.
stop_pid() { # PID NAME
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$1" 2>/dev/null; then
		echo "# $2 (pid $1) ignored SIGTERM: killed" >&2
		kill -KILL "$1" 2>/dev/null
	fi
	wait "$1" 2>/dev/null
}
stop_ganesha() { stop_pid "$GANESHA_PID" ganesha.nfsd; GANESHA_PID=; }
stop_servers() {
	stop_ganesha
	[ -n "$RPCBIND_PID" ] || return 0
	stop_pid "$RPCBIND_PID" rpcbind
	RPCBIND_PID=
	# Its warm-start state (written on SIGTERM) holds only the ganesha
	# registrations of this test: a later rpcbind -w must not restore them.
	rm -f /run/rpcbind/rpcbind.xdr /run/rpcbind/portmap.xdr
}
atexit "stop_servers; rm -rf '$work'"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_rpcbind() {
	if "$RPCINFO" -p 127.0.0.1 >/dev/null 2>&1; then
		echo "# an rpcbind already runs on this machine: ganesha registers with it" >&2
		return 0
	fi
	mkdir -p /run/rpcbind 2>/dev/null
	# -f: in the foreground, so it is this script's child and its pid is
	# known (Debian's rpcbind with -h aborts with a double free; without
	# it, it listens on the wildcard address while the test runs).
	"$RPCBIND" -f >"$QEMU_LOGDIR/nfs-rpcbind.log" 2>&1 &
	RPCBIND_PID=$!
	for _ in $(seq 50); do
		"$RPCINFO" -p 127.0.0.1 >/dev/null 2>&1 && return 0
		kill -0 "$RPCBIND_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "not ok nfs-rpcbind - $RPCBIND -f did not answer on 127.0.0.1:111: $(tr '\n' ' ' <"$QEMU_LOGDIR/nfs-rpcbind.log")"
	exit 1
}

start_ganesha() {
	local log=$QEMU_LOGDIR/nfs-ganesha.log
	mkdir -p "$work/recov"
	cat >"$work/ganesha.conf" <<-EOF
		NFS_CORE_PARAM {
			Bind_addr = 127.0.0.1;
			NFS_Port = $NFS_PORT;
			MNT_Port = $MNT_PORT;
			Protocols = 3, 4;
			Enable_NLM = false;
			Enable_RQUOTA = false;
			Enable_UDP = false;
		}
		NFSv4 {
			Graceless = true;
			RecoveryBackend = fs;
			RecoveryRoot = $work/recov;
		}
		EXPORT {
			Export_Id = 1;
			Path = $tree;
			Pseudo = /root;
			Access_Type = RW;
			Squash = No_Root_Squash;
			SecType = sys;
			Protocols = 3, 4;
			Transports = TCP;
			FSAL { Name = VFS; }
		}
		LOG { Default_Log_Level = EVENT; }
	EOF
	rm -f "$log"
	"$GANESHA" -F -f "$work/ganesha.conf" -L "$log" -p "$work/ganesha.pid" \
		>"$QEMU_LOGDIR/nfs-ganesha.out" 2>&1 &
	GANESHA_PID=$!
	for _ in $(seq 300); do
		port_open "$NFS_PORT" && port_open "$MNT_PORT" && return 0
		kill -0 "$GANESHA_PID" 2>/dev/null || break
		sleep 0.1
	done
	local how="did not listen on 127.0.0.1:$NFS_PORT and :$MNT_PORT within 30 s"
	kill -0 "$GANESHA_PID" 2>/dev/null || { wait "$GANESHA_PID"; how="exited with status $? before listening on 127.0.0.1:$NFS_PORT"; GANESHA_PID=; }
	echo "not ok nfs-ganesha - $GANESHA $how (log $log): $(grep -E 'CRIT|FATAL|MAJ' "$log" 2>/dev/null | tail -n 3 | tr '\n' ' ') $(tr '\n' ' ' <"$QEMU_LOGDIR/nfs-ganesha.out")"
	exit 1
}

for p in "$NFS_PORT" "$MNT_PORT"; do
	if port_open "$p"; then
		echo "not ok nfs-ports - something already listens on 127.0.0.1:$p (NFS_PORT=, MNT_PORT= choose others)"
		exit 1
	fi
done
if ! "$MKI" -k "$MODDIR" -i "$INIT" -p virtio,net,nfs -o "$IMG" >"$work/mki.out" 2>&1; then
	echo "not ok nfs-image - baton-mkinitramfs -p virtio,net,nfs failed: $(tr '\n' ' ' <"$work/mki.out")"
	exit 1
fi
start_rpcbind
start_ganesha
ok nfs/servers

boot() { # NAME TIMEOUT APPEND
	QEMU_EXTRA=(-netdev user,id=n0 -device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56)
	qemu_boot "$1" "$2" "$IMG" none "$3"
	QEMU_EXTRA=()
}

# -- NFSv3, DHCP, read-write ------------------------------------------------------
V3_TEXT="written-over-nfsv3-$STAMP"
boot nfs-v3 "$NFS_TIMEOUT" "root=/dev/nfs nfsroot=$SERVER:$tree,vers=3,proto=tcp,port=$NFS_PORT,mountport=$MNT_PORT,mountproto=tcp ip=dhcp rw rootwait=90 fwinit.write=/from-guest-v3:$V3_TEXT fwinit.cat=/etc/baton-nfs"
L=$QEMU_LOG
expect_log nfs/v3-dhcp-lease "$L" 'baton: network: eth0 52:54:00:12:34:56 address 10\.0\.2\.15 .*\(DHCP\)' \
	"the network was not configured by DHCP before the NFS mount"
expect_log nfs/v3-dhcp-options "$L" \
	"baton: NFS root $SERVER:$tree \\(NFSv3, options vers=3,proto=tcp,port=$NFS_PORT,mountport=$MNT_PORT,mountproto=tcp,addr=$SERVER,nolock\\)" \
	"the NFSv3 mount options (addr=, nolock added) were not logged as expected"
expect_log nfs/v3-dhcp-root "$L" "^ROOTINFO $SERVER:$tree / nfs rw,.*vers=3" \
	"the real init's root is not the NFSv3 export, read-write"
expect_log nfs/v3-dhcp-read "$L" "^CAT /etc/baton-nfs $STAMP" "the guest did not read the export's file"
expect_log nfs/v3-dhcp-write "$L" "^WRITE /from-guest-v3 ok $V3_TEXT" "the guest could not write to the read-write NFS root"
check nfs/v3-dhcp-on-host "host file $tree/from-guest-v3 holds '$(cat "$tree/from-guest-v3" 2>/dev/null)', want '$V3_TEXT'" \
	test "$(cat "$tree/from-guest-v3" 2>/dev/null)" = "$V3_TEXT"

# -- NFSv4, static ip=, read-only ----------------------------------------------
boot nfs-v4 "$NFS_TIMEOUT" "root=nfs:$SERVER:/root:vers=4.2,port=$NFS_PORT ip=10.0.2.15::10.0.2.2:255.255.255.0:nfsguest:eth0:off rootwait=90 fwinit.write=/from-guest-v4:x fwinit.cat=/etc/baton-nfs"
L=$QEMU_LOG
expect_log nfs/v4-static-ip "$L" 'baton: network: eth0 52:54:00:12:34:56 address 10\.0\.2\.15 netmask 255\.255\.255\.0 gateway 10\.0\.2\.2 .*\(ip= static\)' \
	"the static ip= was not applied"
expect_log nfs/v4-static-root "$L" "^ROOTINFO $SERVER:/root / nfs4 ro,.*vers=4\\.2" \
	"the real init's root is not the NFSv4.2 pseudo path /root, read-only"
expect_log nfs/v4-static-read "$L" "^CAT /etc/baton-nfs $STAMP" "the guest did not read the export's file over NFSv4"
expect_log nfs/v4-static-readonly "$L" "^WRITE /from-guest-v4 failed" "a write to the read-only NFS root did not fail"
check nfs/v4-static-host-untouched "$tree/from-guest-v4 exists after a read-only boot" test ! -e "$tree/from-guest-v4"

# -- the server down -----------------------------------------------------------
stop_ganesha
boot nfs-down "$NFS_TIMEOUT" "root=/dev/nfs nfsroot=$SERVER:$tree,vers=3,port=$NFS_PORT,mountport=$MNT_PORT,mountproto=tcp ip=dhcp rootwait=6"
L=$QEMU_LOG
reject_log nfs/down-not-reached "$L" '^FWINIT-REACHED' "a root whose server is down was booted"
expect_line nfs/down-names-server "$L" "no error naming the NFS root $SERVER:$tree" \
	"baton: cannot mount the NFS root $SERVER:$tree"
expect_log nfs/down-hint "$L" 'baton: .*is the NFS server running\?' "no hint that the server may be down"
expect_log nfs/down-policy "$L" 'baton: rebooting (now|in [0-9]+ s)' "the failure policy did not run"
check nfs/down-exit "$(exit_why "$NFS_TIMEOUT")" exited_alone
qemu_done
