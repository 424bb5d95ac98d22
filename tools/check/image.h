/* image.h: the image file in memory, read-only. A regular file is mapped
 * (the kernel too sees the whole image at once); standard input or a pipe
 * is read in full. */
#ifndef BATON_CHECK_IMAGE_H
#define BATON_CHECK_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct image {
	const uint8_t *p;
	size_t len;
	void *map;		/* mmap'd region, or NULL */
	uint8_t *buf;		/* malloc'd copy, or NULL */
};

/* path "-" is standard input. Returns 0 or -errno. */
int image_open(struct image *im, const char *path);
void image_close(struct image *im);

#endif
