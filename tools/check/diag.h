/* diag.h: how baton-check reports. Findings about the image go to stderr,
 * one line each, as
 *     IMAGE:OFFSET: error: what the kernel does here, and the fix
 *     IMAGE:SEG+OFFSET: warning: ...   (byte OFFSET of the decompressed
 *                                       contents of the segment at SEG)
 *     IMAGE: note: ...                 (about the unpacked tree as a whole)
 * Information (segments, listings, the summary) goes to stdout. Problems
 * of the checker itself (bad usage, unreadable file, missing tool) are
 * "baton-check: ..." on stderr. Lower layers return -errno codes; the
 * caller that knows the context reports once. */
#ifndef BATON_CHECK_DIAG_H
#define BATON_CHECK_DIAG_H

#include <stdint.h>

#define PROG "baton-check"

enum sev { SEV_NOTE, SEV_WARN, SEV_ERROR, SEV_COUNT };

/* Where a finding is: a byte of the image, or of a compressed segment's
 * contents. */
struct loc {
	const char *img;	/* the image; NULL: the one being read */
	uint64_t seg;		/* image offset of the compressed segment */
	uint64_t off;		/* image offset, or offset in the contents */
	int in_comp;		/* off counts in the contents of seg */
};

/* The name locations are prefixed with (the image being read). */
void diag_image(const char *name);
const char *diag_image_name(void);
/* Formats a location as "IMAGE:OFF" or "IMAGE:SEG+OFF" into buf. */
const char *loc_str(const struct loc *at, char *buf, unsigned len);

/* Notes are counted but printed only when verbose. */
void diag_verbose(int on);
/* A finding; at == NULL for one about the whole image. */
void report(enum sev s, const struct loc *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
unsigned diag_count(enum sev s);

/* A problem of the checker, not of the image (stderr, "baton-check: "). */
void oops(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void oops_err(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Information on stdout; silenced by diag_quiet(1). */
void diag_quiet(int on);
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
