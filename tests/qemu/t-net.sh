#!/usr/bin/env bash
# tests/qemu/t-net.sh: ip= on the Debian kernel through qemu's user-mode
# network (its built-in DHCP server; no packet leaves this machine: the
# guest talks to qemu only). The root is the usual disk; the real init
# (build/modinit) prints the files the network step leaves.
#   net/dhcp*      ip=dhcp: the virtio NIC's driver loaded by modalias, the
#                  lease logged (address, mask, router, DNS, hostname),
#                  /run/net-eth0.conf in klibc ipconfig's format, the
#                  interface left up and the hostname set for the real root
#   net/static*    ip=CLIENT::GW:MASK:HOST::off with the interface chosen by
#                  BOOTIF='s MAC among two NICs, and rd.neednet=0: the
#                  interface flushed and down before the switch
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/qemu/lib.sh

MKI=tools/baton-mkinitramfs
INIT=${BATON_INIT:-build/init}
MODDIR=$KDIR/root/lib/modules/$KVER
IMG=$QEMU_BUILD/net.cpio.gz
DISK=$QEMU_BUILD/root-net.img
ROOT_UUID=b007ab1e-0000-4000-8000-000000000003

need_kernel
need_tools
need_file "$INIT" net-init "make builds build/init"
need_file build/modinit net-modinit "make tests builds build/modinit"
TESTINIT=build/modinit make_root_disk "$DISK" "$ROOT_UUID" BATONNET || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/baton-t-net.XXXXXX") || exit 2
atexit "rm -rf '$work'"
if ! "$MKI" -k "$MODDIR" -i "$INIT" -p virtio,filesystems,net -o "$IMG" >"$work/mki.out" 2>&1; then
	echo "not ok net-image - baton-mkinitramfs failed: $(tr '\n' ' ' <"$work/mki.out")"
	exit 1
fi
FILES="/run/net-eth0.conf /sys/class/net/eth0/flags /proc/sys/kernel/hostname"

# -- DHCP -----------------------------------------------------------------------
QEMU_EXTRA=(-netdev "user,id=n0,hostname=batonvm,domainname=baton.test"
	-device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56)
qemu_boot net-dhcp 240 "$IMG" "$DISK" "root=UUID=$ROOT_UUID ip=dhcp rootwait=90 -- $FILES"
L=$QEMU_LOG
expect_log net/dhcp-reached "$L" '^REAL-INIT-REACHED' "the boot with ip=dhcp did not reach the real init"
expect_log net/dhcp-lease "$L" \
	'baton: network: eth0 52:54:00:12:34:56 address 10\.0\.2\.15 netmask 255\.255\.255\.0 gateway 10\.0\.2\.2 DNS 10\.0\.2\.3 0\.0\.0\.0 \(DHCP\)' \
	"the lease from qemu's DHCP server was not logged as expected"
expect_log net/dhcp-server "$L" "baton: network: DHCP server 10\.0\.2\.2, next server 10\.0\.2\.2, lease 86400 s, hostname 'batonvm'" \
	"the DHCP server, lease time and hostname were not logged"
expect_log net/dhcp-conf "$L" "^FILE /run/net-eth0.conf DEVICE='eth0'" \
	"no /run/net-eth0.conf in ipconfig's format for the real root"
# IFF_UP (bit 0 of flags), which is what /init sets; operstate follows the
# carrier through the kernel's linkwatch, up to a second later, and a fast
# host hands over before that (seen: "down" on an interface DHCP had used).
expect_log net/dhcp-left-up "$L" '^FILE /sys/class/net/eth0/flags 0x[0-9a-f]*[13579bdf]([^0-9a-f]|$)' \
	"eth0 was not left up for the real root"
expect_log net/dhcp-hostname "$L" '^FILE /proc/sys/kernel/hostname batonvm' \
	"the hostname DHCP gave was not set"

# -- static, BOOTIF, rd.neednet=0 ---------------------------------------------------
QEMU_EXTRA=(-netdev user,id=n0 -device virtio-net-pci,netdev=n0,mac=52:54:00:00:00:01
	-netdev user,id=n1 -device virtio-net-pci,netdev=n1,mac=52:54:00:12:34:57)
qemu_boot net-static 240 "$IMG" "$DISK" \
	"root=UUID=$ROOT_UUID ip=10.0.2.16::10.0.2.2:255.255.255.0:statichost::off BOOTIF=01-52-54-00-12-34-57 rd.neednet=0 rootwait=90 -- /sys/class/net/eth1/flags /proc/sys/kernel/hostname"
QEMU_EXTRA=()
L=$QEMU_LOG
expect_log net/static-reached "$L" '^REAL-INIT-REACHED' "the boot with a static ip= did not reach the real init"
expect_log net/static-bootif "$L" \
	'baton: network: eth1 52:54:00:12:34:57 address 10\.0\.2\.16 netmask 255\.255\.255\.0 gateway 10\.0\.2\.2 .*\(ip= static\)' \
	"ip= static was not applied to eth1, the NIC BOOTIF= names"
expect_log net/static-flushed "$L" 'baton: rd.neednet=0: eth1 flushed and down before the switch' \
	"rd.neednet=0 did not take the interface down"
expect_log net/static-down "$L" '^FILE /sys/class/net/eth1/flags 0x[0-9a-f]*[02468ace]([^0-9a-f]|$)' \
	"eth1 was not down for the real root after rd.neednet=0"
expect_log net/static-hostname "$L" '^FILE /proc/sys/kernel/hostname statichost' \
	"ip='s HOSTNAME was not set"
qemu_done
