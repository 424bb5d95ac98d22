/* mem.h: memory for the few tables whose size only the image decides (the
 * module index, the files it is read from, the delete's stack of levels).
 * /init links init/mem_pages.c: anonymous mappings from the kernel, grown
 * with mremap, so no malloc (a tenth of a static /init) is linked at all.
 * Host tests and fuzzers link init/mem_libc.c, so the sanitizers watch
 * every byte of the same code. */
#ifndef BATON_MEM_H
#define BATON_MEM_H

#include <stddef.h>

/* Resizes the block p of old bytes to new bytes, keeping its contents up
 * to the smaller size: old 0 (p NULL) makes a new block, zero-filled;
 * new 0 frees p. Returns the block, perhaps moved, or NULL without memory
 * (and for new 0), p then untouched. */
void *mem_resize(void *p, size_t old, size_t new);

#endif
