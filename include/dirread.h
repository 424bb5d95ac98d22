/* dirread.h: reading a directory without opendir(), whose DIR the C
 * library allocates (and so links malloc into /init): the kernel's
 * getdents64 records into a buffer the caller owns. */
#ifndef BATON_DIRREAD_H
#define BATON_DIRREAD_H

#include <stdint.h>

/* One entry as getdents64 returns it (the kernel's linux_dirent64). */
struct kdirent {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;	/* DT_* of <dirent.h>, DT_UNKNOWN if the fs cannot tell */
	char name[];
};

struct dirread {
	int fd;
	int pos, len;
	char buf[4096] __attribute__((aligned(8)));
};

/* Opens path (relative to dirfd; "." for dirfd itself, read from its
 * start) for reading. Returns 0 or -errno. */
int dir_open(struct dirread *d, int dirfd, const char *path);
/* Reads the directory open on fd from where its offset stands; fd is the
 * reader's from now on (dir_close closes it). */
void dir_adopt(struct dirread *d, int fd);
/* The next entry, "." and ".." included, or NULL at the end or on an error
 * (errno then set, else 0). */
const struct kdirent *dir_next(struct dirread *d);
void dir_close(struct dirread *d);

#endif
