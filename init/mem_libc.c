/* mem_libc.c: mem.h for the host builds (unit tests, sanitizers, fuzzers):
 * the C library's heap, where AddressSanitizer sees every overrun. */
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void *mem_resize(void *p, size_t old, size_t new)
{
	void *q;

	if (new == 0) {
		free(p);
		return NULL;
	}
	if (!p)
		return calloc(1, new);
	q = realloc(p, new);
	if (q && new > old)
		memset((char *)q + old, 0, new - old);	/* as fresh pages are */
	return q;
}
