/* probe.h: identifies what a block device holds from bytes already read.
 * Pure code over a buffer: no I/O here, so every prober is unit tested on
 * images made by the real mkfs tools. */
#ifndef BATON_PROBE_H
#define BATON_PROBE_H

#include <stddef.h>

#define PROBE_READ_SIZE	(68 * 1024)	/* enough for every superblock we read */

struct fsid {
	char type[16];		/* "ext4", "" if unknown */
	char uuid[40];		/* lower-case 8-4-4-4-12, "" if none */
	char label[64];		/* NUL-terminated, "" if none */
};

/* Fills id from the first len bytes of a device. Returns 0 when a filesystem
 * was recognised, -ENOENT when nothing was (id->type is then ""); never reads
 * beyond len, so a short or corrupt buffer is "unknown", not a crash. */
int probe_fs(const unsigned char *buf, size_t len, struct fsid *id);

/* Formats 16 bytes as a lower-case 8-4-4-4-12 UUID into out[37]. */
void uuid_format(char out[37], const unsigned char b[16]);

/* Case-insensitive compare of two UUID strings (dashes significant). */
int uuid_equal(const char *a, const char *b);

#endif
