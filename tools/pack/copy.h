/* copy.h: moving file data from a source fd to the output fd. Where the
 * output is a regular file the kernel does the copy (copy_file_range, which
 * may even share extents, else sendfile); into pipes and terminals, and
 * wherever the kernel refuses, plain read/write. */
#ifndef BATON_PACK_COPY_H
#define BATON_PACK_COPY_H

#include <stdint.h>

enum copy_way {
	COPY_RANGE,	/* copy_file_range(2) */
	COPY_SENDFILE,	/* sendfile(2) */
	COPY_RW,	/* read(2) + write(2) */
};

/* Copies exactly n bytes from in's file position to out's. *way is where
 * to start; it is lowered for good when the kernel refuses a way, so the
 * next call does not try it again. Returns 0, -ENODATA if in ends before n
 * bytes, or -errno. */
int copy_fd(int out, int in, uint64_t n, enum copy_way *way);

#endif
