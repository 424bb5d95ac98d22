/* comp.h: the compression formats the kernel recognises at the start of a
 * segment (lib/decompress.c: the first two bytes), and how baton-check
 * follows each: a walker for where the kernel's decompressor stops, and
 * the standard tool that decompresses it. */
#ifndef BATON_CHECK_COMP_H
#define BATON_CHECK_COMP_H

#include <stddef.h>
#include <stdint.h>

#include "walk.h"

struct comp_fmt {
	uint8_t magic[2];
	const char *name;
	int (*walk)(const uint8_t *p, size_t n, struct walk *w);	/* NULL: not followed */
	const char *const *argv;	/* decompressor reading stdin, writing stdout */
};

/* The format whose magic p starts with, or NULL (also for n < 2). */
const struct comp_fmt *comp_detect(const uint8_t *p, size_t n);

#endif
