/* mem_pages.c: mem.h for /init, straight from the kernel. Every block is
 * its own mapping; there are a handful, so page rounding costs nothing,
 * and a block that grows is moved by the kernel's page tables, not copied. */
#include <sys/mman.h>

#include "mem.h"

void *mem_resize(void *p, size_t old, size_t new)
{
	void *q;

	if (new == 0) {
		if (p && old)
			munmap(p, old);
		return NULL;
	}
	if (!p || !old)
		q = mmap(NULL, new, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else
		q = mremap(p, old, new, MREMAP_MAYMOVE);
	return q == MAP_FAILED ? NULL : q;
}
