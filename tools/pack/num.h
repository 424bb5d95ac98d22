/* num.h: strict parsing of the numbers in spec lines and on the command
 * line. Only plain digits are accepted: no sign, no blanks, no 0x, no
 * trailing junk, because a typo in a mode or a device number must not
 * silently become a different, valid-looking value in the image. */
#ifndef BATON_PACK_NUM_H
#define BATON_PACK_NUM_H

#include <stdint.h>

/* Parses s as an unsigned number in base 8 or 10 into *out.
 * Returns 0, -EINVAL (empty or a character that is not a digit of base),
 * or -ERANGE (value above max). */
int num_parse(const char *s, unsigned base, uint32_t max, uint32_t *out);

#endif
