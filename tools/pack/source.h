/* source.h: the host files that `file` lines copy into the image. They are
 * checked once while the spec is read (so that a bad location is reported
 * with its spec line before anything is written) and reopened while the
 * archive is written, with a check that they did not change in between:
 * the header already promised a size. */
#ifndef BATON_PACK_SOURCE_H
#define BATON_PACK_SOURCE_H

#include <stdint.h>

/* The newc c_filesize field is 8 hex digits. */
#define SOURCE_MAX_SIZE UINT32_MAX

/* Checks that path names a readable regular file that fits in newc and
 * stores its size. Returns 0 or -errno; -EINVAL means "not a regular
 * file" and -EFBIG "larger than SOURCE_MAX_SIZE". Never opens anything
 * but a regular file, so a FIFO or device given by mistake cannot block. */
int source_probe(const char *path, uint32_t *size);

/* Opens path for reading; returns the fd, or -errno, -ESTALE if it is no
 * longer a regular file of `size` bytes. */
int source_open(const char *path, uint32_t size);

#endif
