/* mountopts.h: turning rootflags= into mount(2) flags and fs data. Pure. */
#ifndef BATON_MOUNTOPTS_H
#define BATON_MOUNTOPTS_H

#include <stddef.h>

/* Splits a comma list such as "noatime,subvol=@,ro" into MS_* bits (added
 * to *flags, or cleared for "rw"/"suid"/...) and the options the filesystem
 * itself parses, copied to data (comma-joined). Returns 0 or -E2BIG if data
 * does not fit in n bytes. */
int mountopts_split(const char *opts, unsigned long *flags, char *data, size_t n);

#endif
