/* num.c: strict unsigned number parsing (see num.h). strtoul is not used:
 * it accepts leading blanks, signs and "0x", and wraps negative input. */
#include <errno.h>

#include "num.h"

static int all_digits(const char *s, unsigned base)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9' || (unsigned)(*s - '0') >= base)
			return 0;
	return 1;
}

int num_parse(const char *s, unsigned base, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (!all_digits(s, base))
		return -EINVAL;
	for (; *s; s++) {
		v = v * base + (uint64_t)(*s - '0');
		/* Checked per digit so v can never overflow its 64 bits. */
		if (v > max)
			return -ERANGE;
	}
	*out = (uint32_t)v;
	return 0;
}
