# tests/full/itools-compare.sh, sourced by t-debian-root.sh after baton's
# boots: the same Debian 12 root with Debian's initramfs-tools instead of
# baton (apt-get install from Debian's archive in a chroot, then the same
# kernel .deb, whose hook now runs initramfs-tools' update-initramfs), the
# same reporting unit, booted the same way. Then:
#   itools-state      that boot reaches running too (the comparison is fair)
#   itools-warnings   every line of `journalctl -b -p warning` in baton's
#                     boot (numbers and addresses masked) is also in the
#                     initramfs-tools boot, but for the emulated machine's
#                     timing complaints, which come and go with the host's
#                     load (listed, not counted)
# Uses: cache, kdeb, KVER, W, R, ROOT_UUID (t-debian-root.sh).
I=$W/itools
atexit "umount -R '$I/proc' '$I/sys' '$I/dev' 2>/dev/null; rm -rf '$I' '$W/itools.ext4'"
rm -rf "$I"
itools_root() { # builds $I: the cached root with initramfs-tools and the kernel
	cp -a "$cache/root" "$I" || return 1
	mount -t proc proc "$I/proc" && mount -t sysfs sys "$I/sys" && mount --bind /dev "$I/dev" || return 1
	cp /etc/resolv.conf "$I/etc/resolv.conf" 2>/dev/null
	cp "$kdeb" "$I/tmp/"
	local in_i=(chroot "$I" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive)
	"${in_i[@]}" apt-get update -q &&
		"${in_i[@]}" apt-get install -y -q --no-install-recommends initramfs-tools &&
		"${in_i[@]}" dpkg -i "/tmp/${kdeb##*/}" || return 1
	[ -s "$I/boot/initrd.img-$KVER" ] || return 1
	# The same root configuration and reporting unit as baton's boot.
	cp -a "$R/etc/fstab" "$R/etc/hostname" "$I/etc/" &&
		cp -a "$R/usr/local/sbin/baton-proof" "$I/usr/local/sbin/" &&
		cp -a "$R/etc/systemd/system/baton-proof.service" "$I/etc/systemd/system/" &&
		mkdir -p "$I/etc/systemd/system/multi-user.target.wants" &&
		ln -sf ../baton-proof.service "$I/etc/systemd/system/multi-user.target.wants/baton-proof.service" || return 1
	cp "$I/boot/initrd.img-$KVER" "$W/itools-initrd.img"
	umount "$I/proc" "$I/sys" "$I/dev"
	mkfs.ext4 -q -F -U "$ROOT_UUID" -L debroot -d "$I" "$W/itools.ext4" 1400M
}
if ! itools_root >"$W/itools.log" 2>&1; then
	not_ok debian-root-itools-root "the initramfs-tools root: $(tail -n 5 "$W/itools.log" | tr '\n' ' ')"
else
	echo "# initramfs-tools image: $(stat -c %s "$W/itools-initrd.img") bytes"
	rm -rf "$I"
	QEMU_EXTRA=(-drive "file=$W/itools.ext4,format=raw,snapshot=on,if=virtio")
	KERNEL=$W/vmlinuz-$KVER qemu_boot debian-root-itools 600 "$W/itools-initrd.img" none \
		"no_timer_check root=UUID=$ROOT_UUID ro"
	QEMU_EXTRA=()
	L=$QEMU_LOG
	expect_log debian-root/itools-state "$L" 'PROOF state=running$' "the initramfs-tools boot did not reach running"
	_log_text "$L" | grep -o 'PROOF-WARN .*' | sed 's/^PROOF-WARN //' >"$W/warn.itools"
	mask() { sed -E 's/0x[0-9a-f]+/N/g; s/[0-9]+/N/g' "$1" | sort -u; }
	timing='clocksource|[Tt][Ss][Cc]|timekeeping|hpet|HPET|APIC|[Tt]imer|rcu|watchdog'
	comm -23 <(mask "$W/warn.baton") <(mask "$W/warn.itools") >"$W/warn.only-baton"
	echo "# journal warnings: baton $(wc -l <"$W/warn.baton"), initramfs-tools $(wc -l <"$W/warn.itools"); only with baton (masked): $(wc -l <"$W/warn.only-baton")"
	sed 's/^/#   only with baton: /' "$W/warn.only-baton"
	extra=$(grep -Ev "$timing" "$W/warn.only-baton")
	check debian-root/itools-warnings "warnings with baton that initramfs-tools does not produce: $(tr '\n' '|' <<<"$extra")" \
		test -z "$extra"
fi
