/* lockdown.h: a LOCKDOWN /init promises that no command line gets a shell,
 * but the kernel's rdinit= runs any executable of the image without asking
 * baton. So an image whose init is a LOCKDOWN build (init/buildpolicy.c
 * puts the tag "baton-lockdown-build" in its bytes) must carry no other
 * program than the tools /init itself runs. */
#ifndef BATON_CHECK_LOCKDOWN_H
#define BATON_CHECK_LOCKDOWN_H

#include <stddef.h>
#include <stdint.h>

#include "fs.h"

/* Looks for the tag in an executable's data as it streams past (it lies
 * deep in .rodata, far beyond the bytes kept for the exec checks). */
void lockdown_scan(struct inode *ino, const uint8_t *p, size_t n);
/* Forgets what was scanned: the file is being rewritten. */
void lockdown_scan_reset(struct inode *ino);
/* When init is a LOCKDOWN build: an error for every other executable
 * regular file but /sbin/cryptsetup, /sbin/lvm, /sbin/mdadm (include/stack.h),
 * the checkers init/fsck.c looks for, and their ELF interpreter. Returns 1
 * if init is one, else 0. */
int lockdown_check(struct fs *fs, const char *init);

#endif
