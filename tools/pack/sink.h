/* sink.h: the archive output stream. Buffers the many small header and
 * padding writes, counts the bytes written since the start of the archive
 * (newc alignment is relative to it, and stdout may be a pipe, so lseek
 * cannot tell), and hands file data to copy_fd unbuffered. */
#ifndef BATON_PACK_SINK_H
#define BATON_PACK_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "copy.h"

struct sink {
	int fd;
	uint64_t off;		/* bytes of archive produced so far */
	enum copy_way way;	/* best copy_fd way for this fd */
	size_t len;		/* bytes waiting in buf */
	char buf[1 << 16];
};

/* Starts an archive on fd; copies use the kernel: copy_file_range into a
 * regular file, sendfile into a pipe (a compressor), else read/write. */
void sink_init(struct sink *s, int fd);
int sink_write(struct sink *s, const void *p, size_t n);
#define SINK_MAX_ALIGN 4096

/* NUL bytes up to the next multiple of align (a power of two, at most
 * SINK_MAX_ALIGN). */
int sink_pad(struct sink *s, unsigned align);
/* n bytes from in's file position; -ENODATA if in is shorter. */
int sink_copy(struct sink *s, int in, uint64_t n);
int sink_flush(struct sink *s);

#endif
