/* fsck.h: runs the image's checker (fsck.TYPE, e2fsck for ext2/3/4, or
 * fsck) on a device before it is mounted, as fsck.mode= and fsck.repair=
 * ask (fsckcfg.h). */
#ifndef BATON_FSCK_H
#define BATON_FSCK_H

#include "blockdev.h"
#include "bootcfg.h"

/* Checks dev (its probed type) for what ("root", "usr"). Returns 0 to go
 * on (clean, fixed, skipped, no checker for the type in the image; after
 * a check /run/initramfs/fsck-WHAT tells systemd it was done), -EIO when
 * errors are left (fsck's output shown), or reboots when fsck asks. */
int fsck_blockdev(const struct bootcfg *cfg, const struct blockdev *dev, const char *what);

#endif
