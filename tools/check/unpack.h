/* unpack.h: the kernel's unpack_to_rootfs, replayed over one image. At the
 * top level it skips NULs; a '0' at an offset that is a multiple of 4
 * starts newc members; any other byte must start a compressed stream the
 * kernel knows by its first two bytes, which is decompressed and unpacked
 * with the same member parser (offsets counted from the stream's start),
 * and must end between members; then the top level goes on right after
 * the stream. The first error stops the kernel, which keeps what it
 * unpacked so far and boots with it: so does the replay. */
#ifndef BATON_CHECK_UNPACK_H
#define BATON_CHECK_UNPACK_H

#include <stdint.h>
#include <stdio.h>

#include "cpio.h"
#include "fs.h"

/* A segment: a newc archive (up to its TRAILER!!!) or a compressed stream. */
struct seg {
	uint64_t off;		/* image offset */
	const char *fmt;	/* "newc", or the compression */
	uint64_t csize;		/* compressed: bytes the kernel's decompressor takes */
	uint64_t usize;		/* compressed: bytes of contents */
	unsigned members, trailers;
	int last_trailer, warned;
};

struct unpack {
	const char *img;	/* its name in locations, NULL: the current one */
	const uint8_t *p;
	size_t len;
	struct cpio *cp;
	struct fs *fs;
	FILE *list;		/* member listing, or NULL */
	struct seg *segs;
	size_t nseg, capseg;
	int new_seg;		/* the next top-level member starts a segment */
	int in_comp;
	const char *kstop;	/* the kernel's message when it stops, or NULL */
	struct loc stop_at;	/* where the kernel stops */
	int incomplete;		/* part of the image could not be checked */
	uint64_t produced;	/* output of the running decompressor */
};

/* Unpacks p[0..len) onto fs; img names the image in locations (NULL: the
 * one diag_image names). Returns 0 or -ENOMEM. */
int unpack(struct unpack *u, const char *img, const uint8_t *p, size_t len, struct fs *fs,
	   FILE *list);
void unpack_free(struct unpack *u);
/* The kernel stopped unpacking this image. */
int unpack_stopped(const struct unpack *u);

#endif
