#!/usr/bin/env bash
# tests/unit/t-mkinitramfs.sh: what baton-mkinitramfs says about the image
# it builds for the test kernel (~/.cache/baton/kernel, Debian's: no
# filesystem built in):
#   mkinitramfs-nofs-warn    -p virtio: no filesystem module, none built in:
#                            warned, naming the device-only profile
#   mkinitramfs-fs-quiet     -p virtio -m ext4: no such warning
#   mkinitramfs-host-says    -H: says the root's device, drivers, filesystem
#   mkinitramfs-ucode-*      a firmware tree with intel-ucode/ and amd-ucode/
#                            files: an uncompressed early cpio first with
#                            kernel/x86/microcode/GenuineIntel.bin and
#                            AuthenticAMD.bin (the files joined, byte for
#                            byte), baton-check clean on the joined image;
#                            -H: only the running CPU's vendor and family
#   mkinitramfs-fsck-*       -p fsck: e2fsck (ext4) and fsck.vfat (vfat) with
#                            their libraries, none for xfs, none without
#                            the profile; -H: the checkers of / and a
#                            separate /usr (a modelled sysfs and mountinfo);
#                            a checker this machine lacks is said
#   mkinitramfs-check-*      baton-check on those images: -p virtio warned
#                            (no filesystem module, none built in), -m ext4
#                            clean; a hand-made image whose 10 KB
#                            /etc/baton/modules.builtin ends with ext4:
#                            clean, without ext4: warned
#   mkinitramfs-conf-*       a settings file (-C): PROFILES, MODULES,
#                            COMPRESS, MICROCODE=no honoured; the command
#                            line wins; a bad line is refused with its line
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh

KDIR=${BATON_KDIR:-$HOME/.cache/baton/kernel/current}
KVER=$(cat "$KDIR/version" 2>/dev/null) || { echo "not ok mkinitramfs-kernel - no test kernel at $KDIR: run tools/setup.sh"; exit 1; }
MODDIR=$KDIR/root/lib/modules/$KVER
need_helper mkinitramfs build/baton-pack "make tools"
need_helper mkinitramfs build/init "make"
need_tools mkinitramfs gzip zstd cpio awk

gen() { # NAME ARGS...: runs the generator, its stderr in $tmp/NAME.err
	local name=$1; shift
	tools/baton-mkinitramfs -k "$MODDIR" -o "$tmp/$name.img" "$@" 2>"$tmp/$name.err"
}

if gen nofs -p virtio && grep -q 'warning: the image holds no filesystem module .*device-only profiles: virtio' "$tmp/nofs.err"; then
	pass mkinitramfs-nofs-warn
else
	fail mkinitramfs-nofs-warn "no warning for an image without a filesystem: $(tr '\n' ' ' <"$tmp/nofs.err")"
fi
if gen fs -p virtio -m ext4 && ! grep -q 'no filesystem module' "$tmp/fs.err"; then
	pass mkinitramfs-fs-quiet
else
	fail mkinitramfs-fs-quiet "$(tr '\n' ' ' <"$tmp/fs.err")"
fi
# The host's own root: whatever it is, -H names it.
root_type=$(findmnt -no FSTYPE / 2>/dev/null)
if gen host -H && grep -Eq "host-only: / is $root_type on [^ ]+ \([0-9]+:[0-9]+\); device drivers: .*; filesystem: $root_type" "$tmp/host.err"; then
	pass mkinitramfs-host-says
elif grep -q 'is on no block device' "$tmp/host.err"; then
	pass mkinitramfs-host-says	# a container's overlay root: said as such
else
	fail mkinitramfs-host-says "$(tr '\n' ' ' <"$tmp/host.err")"
fi
# -- baton-check: an image that cannot mount a root --------------------------------
need_helper mkinitramfs build/baton-check "make tools"
build/baton-check -q "$tmp/nofs.img" >/dev/null 2>"$tmp/nofs.chk"; rc=$?
if [ "$rc" = 1 ] && grep -q 'warning: no root filesystem: .*baton-mkinitramfs -p filesystems' "$tmp/nofs.chk"; then
	pass mkinitramfs-check-nofs
else
	fail mkinitramfs-check-nofs "baton-check exit $rc on the -p virtio image: $(tr '\n' ' ' <"$tmp/nofs.chk")"
fi
build/baton-check -q "$tmp/fs.img" >/dev/null 2>"$tmp/fs.chk"; rc=$?
if [ "$rc" = 0 ]; then
	pass mkinitramfs-check-fs
else
	fail mkinitramfs-check-fs "baton-check exit $rc on the -m ext4 image: $(tr '\n' ' ' <"$tmp/fs.chk")"
fi
# Built in: only the list says so, past the first 4 KiB.
: >"$tmp/empty"
seq -f 'builtin_mod_%05g' 1 700 >"$tmp/builtin.noext4"
{ cat "$tmp/builtin.noext4"; echo ext4; } >"$tmp/builtin.ext4"
for b in ext4 noext4; do
	printf '%s\n' "dir /dev 0755 0 0" "nod /dev/console 0600 0 0 c 5 1" "file /init build/init 0755 0 0" \
		"dir /etc 0755 0 0" "dir /etc/baton 0755 0 0" "file /etc/baton/modules.dep $tmp/empty 0644 0 0" \
		"file /etc/baton/modules.builtin $tmp/builtin.$b 0644 0 0" >"$tmp/$b.spec"
	build/baton-pack -o "$tmp/$b.cpio" "$tmp/$b.spec" 2>"$tmp/$b.packerr" ||
		fail "mkinitramfs-check-builtin-$b" "baton-pack: $(tr '\n' ' ' <"$tmp/$b.packerr")"
done
build/baton-check -q "$tmp/ext4.cpio" >/dev/null 2>"$tmp/ext4.chk"; rc=$?
if [ "$rc" = 0 ]; then pass mkinitramfs-check-builtin
else fail mkinitramfs-check-builtin "ext4 listed built in, still exit $rc: $(tr '\n' ' ' <"$tmp/ext4.chk")"; fi
build/baton-check -q "$tmp/noext4.cpio" >/dev/null 2>"$tmp/noext4.chk"; rc=$?
if [ "$rc" = 1 ] && grep -q 'no root filesystem' "$tmp/noext4.chk"; then pass mkinitramfs-check-builtin-none
else fail mkinitramfs-check-builtin-none "700 built-in modules, none a filesystem: exit $rc: $(tr '\n' ' ' <"$tmp/noext4.chk")"; fi

# -- checkers (-p fsck, -H) --------------------------------------------------------
spec() { # NAME ARGS...: the module part's spec on $tmp/NAME.spec
	local name=$1; shift
	tools/baton-mkinitramfs -k "$MODDIR" --spec-only "$tmp/$name.stage" "$@" >"$tmp/$name.spec" 2>"$tmp/$name.err"
}
e2libs=$(ldd "$(command -v e2fsck)" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
if spec fsckp -p virtio,fsck -m ext4,vfat && grep -q '^file /sbin/e2fsck ' "$tmp/fsckp.spec" &&
   grep -q '^file /sbin/fsck.vfat ' "$tmp/fsckp.spec" && ! grep -q 'fsck.xfs\|fsck.btrfs' "$tmp/fsckp.spec" &&
   for l in $e2libs; do grep -q "^file $l " "$tmp/fsckp.spec" || exit 1; done; then
	pass mkinitramfs-fsck-profile
else
	fail mkinitramfs-fsck-profile "-p fsck -m ext4,vfat: no e2fsck, fsck.vfat or one of their libraries ($e2libs) in the spec: $(tr '\n' ' ' <"$tmp/fsckp.err")"
fi
if spec fsckx -p virtio,fsck -m xfs,btrfs && ! grep -q '^file /sbin/.*fsck' "$tmp/fsckx.spec" &&
   ! grep -q 'warning' "$tmp/fsckx.err"; then
	pass mkinitramfs-fsck-noop-types
else
	fail mkinitramfs-fsck-noop-types "-p fsck -m xfs,btrfs: a checker went in or a warning: $(grep fsck "$tmp/fsckx.spec") $(tr '\n' ' ' <"$tmp/fsckx.err")"
fi
if spec fsckn -p virtio -m ext4 && ! grep -q '^file /sbin/' "$tmp/fsckn.spec"; then
	pass mkinitramfs-fsck-only-asked
else
	fail mkinitramfs-fsck-only-asked "a checker without -p fsck or -H: $(grep '^file /sbin/' "$tmp/fsckn.spec")"
fi
# -H: / ext4 and /usr vfat on a modelled virtio disk.
S=$tmp/sys
blk=$S/devices/pci0000:00/0000:00:04.0/virtio1/block/vda
mkdir -p "$blk/vda1" "$S/dev/block"
echo 254:1 >"$blk/vda1/dev"
ln -s ../../devices/pci0000:00/0000:00:04.0/virtio1/block/vda/vda1 "$S/dev/block/254:1"
printf '%s\n' '25 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw' \
	'26 25 254:2 / /usr rw,relatime shared:2 - vfat /dev/vda2 rw' >"$tmp/mountinfo"
if BATON_SYSFS=$S BATON_MOUNTINFO=$tmp/mountinfo spec fsckh -H && grep -q '^file /sbin/e2fsck ' "$tmp/fsckh.spec" &&
   grep -q '^file /sbin/fsck.vfat ' "$tmp/fsckh.spec" && ! grep -q 'fsck.f2fs' "$tmp/fsckh.spec"; then
	pass mkinitramfs-fsck-host
else
	fail mkinitramfs-fsck-host "-H (/ ext4, /usr vfat): not e2fsck and fsck.vfat alone: $(grep fsck "$tmp/fsckh.spec") $(tr '\n' ' ' <"$tmp/fsckh.err")"
fi
# A checker this machine does not have: said, with its package.
if [ -x /sbin/fsck.exfat ] || [ -x /usr/sbin/fsck.exfat ]; then
	spec fscke -p virtio,fsck -m exfat && grep -q '^file /sbin/fsck.exfat ' "$tmp/fscke.spec"
else
	spec fscke -p virtio,fsck -m exfat && grep -q 'warning: no filesystem checker found on this machine: fsck.exfat (exfatprogs)' "$tmp/fscke.err"
fi && pass mkinitramfs-fsck-missing ||
	fail mkinitramfs-fsck-missing "-p fsck -m exfat: neither staged nor said missing: $(tr '\n' ' ' <"$tmp/fscke.err")"

# -- early microcode ------------------------------------------------------------
need_helper mkinitramfs build/baton-check "make tools"
fw=$tmp/fw
mkdir -p "$fw/intel-ucode" "$fw/amd-ucode"
head -c 3000 /dev/urandom >"$fw/intel-ucode/06-55-04"
head -c 1000 /dev/urandom >"$fw/intel-ucode/06-8f-08"
head -c 2000 /dev/urandom >"$fw/amd-ucode/microcode_amd_fam17h.bin"
head -c 500 /dev/urandom >"$fw/amd-ucode/microcode_amd.bin"
fam=$(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo | head -n1)
vendor=$(sed -n 's/^vendor_id[[:space:]]*: //p' /proc/cpuinfo | head -n1)
model=$(sed -n 's/^model[[:space:]]*: //p' /proc/cpuinfo | head -n1)
stepping=$(sed -n 's/^stepping[[:space:]]*: //p' /proc/cpuinfo | head -n1)
if [ "$vendor" = AuthenticAMD ]; then
	if [ "$fam" -ge 21 ]; then own=$fw/amd-ucode/microcode_amd_fam$(printf %02x "$fam")h.bin
	else own=$fw/amd-ucode/microcode_amd.bin; fi
else
	own=$fw/intel-ucode/$(printf '%02x-%02x-%02x' "$fam" "$model" "$stepping")
fi
[ -f "$own" ] || head -c 700 /dev/urandom >"$own"

# Unpacks the first (uncompressed) segment of IMG into DIR with GNU cpio.
early() { # IMG DIR
	mkdir -p "$2" && (cd "$2" && cpio -id --quiet 2>/dev/null) <"$1"
}
if gen ucode -m ext4 -f "$fw" && build/baton-check -q "$tmp/ucode.img" >/dev/null 2>"$tmp/ucode.chk"; then
	pass mkinitramfs-ucode-check
else
	fail mkinitramfs-ucode-check "$(tr '\n' ' ' <"$tmp/ucode.err") $(tr '\n' ' ' <"$tmp/ucode.chk")"
fi
early "$tmp/ucode.img" "$tmp/e1"
if cat "$fw"/intel-ucode/??-??-?? | cmp -s - "$tmp/e1/kernel/x86/microcode/GenuineIntel.bin" &&
   cat "$fw"/amd-ucode/microcode_amd*.bin | cmp -s - "$tmp/e1/kernel/x86/microcode/AuthenticAMD.bin"; then
	pass mkinitramfs-ucode-all
else
	fail mkinitramfs-ucode-all "the early cpio does not hold every intel-ucode and amd-ucode file joined: $(cd "$tmp/e1" && find . | tr '\n' ' ')"
fi
gen ucodeh -H -f "$fw"
early "$tmp/ucodeh.img" "$tmp/e2"
if [ "$(cd "$tmp/e2/kernel/x86/microcode" 2>/dev/null && ls)" = "$vendor.bin" ] &&
   cmp -s "$own" "$tmp/e2/kernel/x86/microcode/$vendor.bin"; then
	pass mkinitramfs-ucode-host
else
	fail mkinitramfs-ucode-host "with -H the early cpio should hold only $vendor.bin = ${own##*/}: $(cd "$tmp/e2" 2>/dev/null && find . | tr '\n' ' ')"
fi
if gen noucode -m ext4 -f "$fw" -z gzip --no-microcode && gzip -t "$tmp/noucode.img" 2>/dev/null; then
	pass mkinitramfs-ucode-off
else
	fail mkinitramfs-ucode-off "--no-microcode still prepends something (not a plain gzip file)"
fi

# -- settings file ----------------------------------------------------------------
printf '# test settings\nPROFILES=virtio\nMODULES="ext4"  # the root\nCOMPRESS=zstd\nMICROCODE=no\n' >"$tmp/b.conf"
if gen conf -C "$tmp/b.conf" -f "$fw" && zstd -t -q "$tmp/conf.img" 2>/dev/null &&
   grep -q 'zstd' "$tmp/conf.err" && ! grep -q 'no filesystem module' "$tmp/conf.err" &&
   build/baton-check -l "$tmp/conf.img" 2>/dev/null | grep -q 'lib/modules/virtio_blk.ko$' &&
   build/baton-check -l "$tmp/conf.img" 2>/dev/null | grep -q 'lib/modules/ext4.ko$'; then
	pass mkinitramfs-conf-read
else
	fail mkinitramfs-conf-read "PROFILES/MODULES/COMPRESS/MICROCODE of $tmp/b.conf not honoured: $(tr '\n' ' ' <"$tmp/conf.err")"
fi
if gen conf2 -C "$tmp/b.conf" -z gzip -f "$fw" && gzip -t "$tmp/conf2.img" 2>/dev/null; then
	pass mkinitramfs-conf-cmdline-wins
else
	fail mkinitramfs-conf-cmdline-wins "-z gzip did not override COMPRESS=zstd"
fi
printf 'PROFILES=virtio\nCOMPRES=zstd\n' >"$tmp/bad.conf"
if ! gen bad -C "$tmp/bad.conf" && grep -q "bad.conf:2: unknown setting COMPRES" "$tmp/bad.err"; then
	pass mkinitramfs-conf-bad
else
	fail mkinitramfs-conf-bad "a misspelt setting was not refused with its line: $(tr '\n' ' ' <"$tmp/bad.err")"
fi
exit $((failed > 0))
