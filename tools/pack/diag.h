/* diag.h: how baton-pack reports problems. One line on stderr per problem:
 * "baton-pack: FILE:LINE: problem" when it comes from a spec line,
 * "baton-pack: problem" otherwise. Lower layers return -errno codes and
 * never print; the caller that knows the context prints exactly once. */
#ifndef BATON_PACK_DIAG_H
#define BATON_PACK_DIAG_H

#include <stdarg.h>

#define PROG "baton-pack"

/* A problem tied to line `line` of spec file `file` (line 0: to the file
 * `file` of a directory tree: "baton-pack: FILE: problem"). */
void diag_at(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_vat(const char *file, unsigned long line, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* A problem with no spec line behind it (command line, output file). */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* diag() plus ": " and the text of -err (err is a -errno code). */
void diag_err(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
