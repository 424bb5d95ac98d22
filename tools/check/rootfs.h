/* rootfs.h: can a baton image mount a root? baton's /init mounts the root
 * with the kernel's filesystem drivers; on a modular kernel (Debian's has
 * no filesystem built in) those are modules the image must hold, else the
 * boot ends in "unknown filesystem" and the failure policy: a reboot loop
 * on real hardware. baton-mkinitramfs warns when it builds such an image;
 * this finds it in any image it made (one with /etc/baton/modules.dep). */
#ifndef BATON_CHECK_ROOTFS_H
#define BATON_CHECK_ROOTFS_H

#include "fs.h"

/* A warning when the image has baton's module index but neither a module
 * of a root filesystem in /lib/modules nor one in BATON_BUILTIN; nothing
 * for other images. */
void rootfs_check(struct fs *fs);

#endif
