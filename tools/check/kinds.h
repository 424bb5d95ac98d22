/* kinds.h: words and letters for file types and modes, for messages and
 * listings. */
#ifndef BATON_CHECK_KINDS_H
#define BATON_CHECK_KINDS_H

#include <stdint.h>

/* "directory", "regular file", ..., or "file of type 0NNNNNN". Returns a
 * static buffer for unknown types. */
const char *kind_name(uint32_t mode);
/* "drwxr-xr-x" as ls and cpio -tv show it, into buf (11 bytes). */
char *mode_string(uint32_t mode, char *buf);

#endif
