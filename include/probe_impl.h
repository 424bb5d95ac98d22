/* probe_impl.h: what the dispatcher (init/probe.c) and the per-filesystem
 * probers (init/probe_*.c) share. Internal to the probers: the rest of baton
 * uses probe.h only. A new filesystem is one probe_<fs>.c defining a probe_fn,
 * declared below and added to the table in probe.c. */
#ifndef BATON_PROBE_IMPL_H
#define BATON_PROBE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "probe.h"

/* Looks for one family of filesystems in buf[0, len). id arrives zeroed.
 * Returns 0 with id->type set (and uuid, label where the filesystem has them)
 * when it recognises one, -ENOENT otherwise. Must never read buf[len] or
 * beyond: the buffer may be a truncated device. */
typedef int probe_fn(const unsigned char *buf, size_t len, struct fsid *id);

probe_fn probe_ext;		/* ext2, ext3, ext4, ext4dev, jbd: probe_ext.c */

/* 1 when the n bytes at off lie inside a buffer of len bytes. Written so
 * that off + n cannot overflow, whatever a corrupt field puts in off. */
static inline int probe_span(size_t len, size_t off, size_t n)
{
	return off <= len && n <= len - off;
}

/* Little-endian loads by byte assembly: buffers have no alignment, and
 * casting to uint32_t * would be undefined behaviour on them. */
static inline uint16_t probe_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t probe_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Setters that keep every fsid field NUL-terminated (probe.c). */
void probe_set_type(struct fsid *id, const char *type);
void probe_set_uuid(struct fsid *id, const unsigned char b[16]);
void probe_set_label(struct fsid *id, const unsigned char *src, size_t n);

#endif
