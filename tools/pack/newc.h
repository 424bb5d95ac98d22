/* newc.h: the writer of "070701" (newc) cpio archives, the format the
 * kernel's initramfs unpacker reads (Documentation/driver-api/
 * early-userspace/buffer-format.rst). */
#ifndef BATON_PACK_NEWC_H
#define BATON_PACK_NEWC_H

#include "image.h"
#include "sink.h"

/* Inode numbers are given in stream order from this start, so the same
 * spec always gives the same bytes. */
#define NEWC_FIRST_INO 1u

struct newc_opts {
	int crc;		/* "070702": c_check = sum of the data bytes, as
				 * gen_init_cpio -c writes and the kernel checks */
	unsigned align;		/* the archive ends on a multiple of this (4..4096) */
};

/* Writes every entry of img, the TRAILER!!! and NUL padding to a multiple
 * of o->align bytes of the sink's offset, then flushes. Returns 0 or
 * -errno. When the failure was with an entry's source file (open,
 * changed, short, copy), *culprit is that entry and the code is -ESTALE
 * (changed since the spec was read), -ENODATA (shorter than its header
 * says) or -errno; otherwise *culprit is NULL and the failure was writing
 * the output. */
int newc_write(struct sink *s, const struct image *img, const struct newc_opts *o,
	       const struct entry **culprit);

#endif
