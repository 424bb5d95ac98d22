/* cpio.h: the newc ("070701") and crc ("070702") member parser, replaying
 * the state machine of the kernel's initramfs unpacker (init/initramfs.c):
 * what it reads, what it skips, where it stops, and with which message.
 * Bytes are fed in any chunks (a mapped image, or a decompressor's output
 * as it comes); the parser never needs more than one member in memory.
 *
 * The kernel's rules replayed here:
 *  - a member starts with a 110-byte header at an offset that is a multiple
 *    of 4; "070707" is refused ("incorrect cpio method used: use -H newc
 *    option"), anything else but 070701/070702 is "no cpio magic";
 *  - the name is N_ALIGN(namesize) bytes (header + name end 4-aligned), the
 *    data follows, padded to 4;
 *  - a member with namesize 0 or > PATH_MAX, a symlink with more than
 *    PATH_MAX bytes of target, and any member that is neither a regular
 *    file nor a symlink but has data, are skipped without a word;
 *  - after each member NULs are skipped; the next non-NUL byte must be at a
 *    multiple of 4 ("broken padding") and, to continue, be a '0' (the
 *    first byte of a header); anything else ends the run (at the top level
 *    it may start a compressed segment; inside one it is "junk within
 *    compressed archive");
 *  - with "070702" the data of each regular file the kernel wrote must sum
 *    to the header's check field ("bad data checksum"). */
#ifndef BATON_CHECK_CPIO_H
#define BATON_CHECK_CPIO_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define CPIO_HDR_LEN 110
#define KPATH_MAX 4096		/* the kernel's PATH_MAX */
/* The kernel's name length rounded so that header + name end 4-aligned. */
#define N_ALIGN(len) ((((uint64_t)(len) + 1) & ~(uint64_t)3) + 2)
#define TRAILER_NAME "TRAILER!!!"

/* One member, as the kernel decodes it. */
struct centry {
	uint32_t ino, mode, uid, gid, nlink, mtime, filesize;
	uint32_t devmajor, devminor, rdevmajor, rdevminor, namesize, check;
	int crc;		/* "070702" */
	const char *name;	/* up to its first NUL, as the kernel uses it */
	const char *target;	/* symlinks: the data up to its first NUL */
	struct loc at;		/* the header */
};

/* The device the kernel makes of a member's c_rdevmajor:c_rdevminor:
 * do_header's new_encode_dev(MKDEV(major, minor)) in a 32-bit dev_t, so
 * a major above 4095 loses its high bits (4096:0 is 0:0, 8191:0 is
 * 4095:0) and a minor above 20 bits spills into the major. */
static inline void cpio_kernel_rdev(const struct centry *e, uint32_t *major, uint32_t *minor)
{
	uint32_t dev = (uint32_t)((uint64_t)e->rdevmajor << 20 | e->rdevminor);

	*major = dev >> 20;
	*minor = dev & 0xfffff;
}

struct cpio_ops {
	void *ctx;
	/* Every member as stored, trailer included (may be NULL). */
	void (*list)(void *ctx, const struct centry *e);
	/* A member the kernel acts on; returns 1 when the kernel opened a
	 * regular file and writes the member's data into it. */
	int (*entry)(void *ctx, const struct centry *e);
	void (*data)(void *ctx, const uint8_t *p, size_t n);
	/* End of that data; complete is 0 if the stream ended inside it. */
	void (*data_end)(void *ctx, const struct centry *e, int complete);
	void (*trailer)(void *ctx, const struct centry *e);
};

enum cpio_state { CP_START, CP_HEADER, CP_NAME, CP_DATA, CP_SKIP, CP_RESET };

struct cpio {
	struct cpio_ops ops;
	enum cpio_state state, after_skip;
	struct loc base;	/* seg and in_comp of the stream being fed */
	uint64_t off;		/* offset in that stream of the next byte */
	uint64_t next_header, data_left;
	size_t have, need;
	uint32_t sum;
	int stopped;		/* ended on a byte that is no header (RESET) */
	const char *fatal;	/* the kernel's message when it stops, or NULL */
	unsigned members, trailers;
	int last_was_trailer;
	struct centry cur;
	char last_name[KPATH_MAX + 1];	/* the last member's name, for messages */
	uint8_t hdr[CPIO_HDR_LEN];
	char name[N_ALIGN(KPATH_MAX) + KPATH_MAX + 1];
};

void cpio_init(struct cpio *c, const struct cpio_ops *ops);
/* Feeds bytes at c->off of the current stream; returns how many were used.
 * Fewer than n when c->fatal is set or c->stopped (at p[returned]). */
size_t cpio_feed(struct cpio *c, const uint8_t *p, size_t n);
/* 0 when between members (the kernel's Reset state); else 1, and what
 * the parser is in the middle of, in buf. */
int cpio_pending(const struct cpio *c, char *buf, size_t len);
/* The image ended (top level): reports a member cut short; returns 1 if
 * there was one. */
int cpio_end(struct cpio *c);
/* Starts a member at the current offset (the caller saw a '0' there). */
void cpio_start(struct cpio *c);

#endif
