#!/usr/bin/env bash
# tests/pkg/t-deb.sh: the Debian package and make install, from the tree.
#   install-files     make install DESTDIR=tmp PREFIX=/usr installs exactly
#                     the expected files; make uninstall removes them all
#   deb-build         dpkg-buildpackage -b -us -uc on a copy of the tree
#                     (the tree's build/ is never touched)
#   deb-fields        Provides linux-initramfs-tool, Conflicts with
#                     initramfs-tools (as tiny-initramfs), Replaces it
#   deb-files         /init, the tools, update-initramfs, the kernel hooks,
#                     /etc/baton/baton.conf (a conffile), the man pages
#   deb-lintian       lintian reports no error
# The .deb is left in build/pkg/ for tests/pkg/t-debian-root.sh.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh
need_tools deb dpkg-buildpackage dpkg-deb lintian fakeroot dh git
OUT=build/pkg
mkdir -p "$OUT"

# -- make install / uninstall -------------------------------------------------------
expected="usr/bin/baton-check
usr/bin/baton-mkdisk
usr/bin/baton-pack
usr/lib/baton/baton-espsize
usr/lib/baton/baton-gpt
usr/lib/baton/init
usr/lib/baton/profiles/default
usr/lib/baton/profiles/filesystems
usr/lib/baton/profiles/virtio
usr/sbin/baton-mkinitramfs
usr/sbin/baton-update-initramfs
usr/share/doc/baton/examples/baton.conf
usr/share/doc/baton/examples/default.spec
usr/share/man/man1/baton-check.1
usr/share/man/man1/baton-mkdisk.1
usr/share/man/man1/baton-pack.1
usr/share/man/man7/baton.7
usr/share/man/man8/baton-mkinitramfs.8
usr/share/man/man8/baton-update-initramfs.8"
d=$tmp/dest
if make -s install DESTDIR="$d" PREFIX=/usr >"$tmp/install.log" 2>&1; then
	have=$(cd "$d" && find . -type f | sed 's|^\./||' | sort)
	miss=$(comm -23 <(sort <<<"$expected") <(echo "$have"))
	if [ -z "$miss" ] && grep -q "^BATON_LIBDIR_DEFAULT=/usr/lib/baton$" "$d/usr/sbin/baton-mkinitramfs" &&
	   grep -q "^BATON_LIBDIR_DEFAULT=/usr/lib/baton$" "$d/usr/bin/baton-mkdisk" &&
	   cmp -s build/init "$d/usr/lib/baton/init" && cmp -s build/baton-gpt "$d/usr/lib/baton/baton-gpt"; then
		pass install-files
	else
		fail install-files "missing:$(tr '\n' ' ' <<<"$miss") (or the generator or baton-mkdisk does not know /usr/lib/baton)"
	fi
	echo "# installed: $(wc -l <<<"$have") files"
	make -s uninstall DESTDIR="$d" PREFIX=/usr >>"$tmp/install.log" 2>&1
	left=$(cd "$d" && find . -type f)
	if [ -z "$left" ]; then pass install-uninstall; else fail install-uninstall "left behind: $(tr '\n' ' ' <<<"$left")"; fi
else
	fail install-files "make install failed: $(tail -n 5 "$tmp/install.log" | tr '\n' ' ')"
fi

# -- the package -------------------------------------------------------------------
src=$tmp/src/baton
mkdir -p "$src"
git ls-files -co --exclude-standard | grep -v '^build/' | tar -cf - -T - | tar -xf - -C "$src"
if (cd "$src" && dpkg-buildpackage -b -us -uc) >"$tmp/deb.log" 2>&1 && [ -f "$tmp/src/baton_0.1_amd64.deb" ]; then
	pass deb-build
	cp "$tmp/src/baton_0.1_amd64.deb" "$OUT/"
else
	fail deb-build "dpkg-buildpackage failed: $(tail -n 8 "$tmp/deb.log" | tr '\n' ' ')"
	exit 1
fi
deb=$OUT/baton_0.1_amd64.deb
f() { dpkg-deb -f "$deb" "$1"; }
if [ "$(f Provides)" = linux-initramfs-tool ] && [[ "$(f Conflicts)" == *initramfs-tools* ]] &&
   [[ "$(f Conflicts)" == *linux-initramfs-tool* ]] && [ "$(f Replaces)" = initramfs-tools ]; then
	pass deb-fields
else
	fail deb-fields "Provides '$(f Provides)', Conflicts '$(f Conflicts)', Replaces '$(f Replaces)'"
fi
list=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./||')
miss=
for p in usr/lib/baton/init usr/sbin/baton-mkinitramfs usr/sbin/update-initramfs usr/bin/baton-pack \
	usr/bin/baton-check usr/bin/baton-mkdisk usr/lib/baton/baton-espsize usr/lib/baton/baton-gpt \
	usr/share/man/man1/baton-mkdisk.1.gz etc/kernel/postinst.d/baton etc/kernel/postrm.d/baton etc/baton/baton.conf \
	usr/share/man/man7/baton.7.gz usr/share/man/man8/update-initramfs.8.gz; do
	grep -qx "$p" <<<"$list" || miss+=" $p"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles 2>/dev/null | grep -qx /etc/baton/baton.conf || miss+=" (conffile /etc/baton/baton.conf)"
if [ -z "$miss" ]; then pass deb-files; else fail deb-files "not in the package:$miss"; fi
lintian --no-tag-display-limit "$deb" >"$tmp/lintian.log" 2>&1
if grep -q '^E:' "$tmp/lintian.log"; then
	fail deb-lintian "$(grep '^E:' "$tmp/lintian.log" | tr '\n' ' ')"
else
	pass deb-lintian
	echo "# lintian: $(grep -c '^W:' "$tmp/lintian.log") warnings, no errors"
fi
exit $((failed > 0))
