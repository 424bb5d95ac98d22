/* devlinks.h: the /dev/disk/by-* symlinks baton creates, so the real root's
 * fstab and tools that expect them work before its udev runs. */
#ifndef BATON_DEVLINKS_H
#define BATON_DEVLINKS_H

#include <stddef.h>

#include "blockdev.h"

/* udev's spelling of a value in a link name: letters, digits, "#+-.:=@_"
 * and valid UTF-8 sequences as they are, every other byte as \xNN (so
 * "my disk" is "my\x20disk"). Returns the length, or -1 if out[n] is too
 * small. Pure. */
int devlink_escape(char *out, size_t n, const char *in);

/* Creates by-uuid, by-label, by-partuuid and by-partlabel links for every
 * identified device in l, and by-id and by-path links (diskid.h) except
 * those two devices would claim; existing links are left alone. */
void devlinks_create(const struct devlist *l);

#endif
