/* append.h: existing images placed before the new archive (baton-pack -A):
 * copied as they are (by the kernel, with copy_file_range), then, when
 * something follows, NUL padding to the next multiple of the alignment, so
 * the next segment
 * starts where the kernel's unpacker looks for it (a newc header must sit
 * at a multiple of 4: else "broken padding"). At least 4 NULs follow an
 * image that does not already end with 4, and always an lz4 one, because
 * lz4's legacy format has no end marker: the kernel's lz4 reads on until 4
 * NULs or the end, and the NULs an lz4 stream of a newc archive ends with
 * are compressed data, not that end. */
#ifndef BATON_PACK_APPEND_H
#define BATON_PACK_APPEND_H

#include "sink.h"

/* Copies the image at path; pads after it when pad is set (something
 * follows). Returns 0 or -errno (-EINVAL: not a regular file). */
int append_image(struct sink *s, const char *path, unsigned align, int pad);

#endif
