/* run.h: running a decompressor on a slice of the image. A feeder child
 * writes exactly the slice into the tool's standard input (so the tool
 * sees one stream and nothing after it), the tool's output is handed to
 * a callback as it comes, and its standard error is kept for the report.
 * Nothing goes through a shell. */
#ifndef BATON_CHECK_RUN_H
#define BATON_CHECK_RUN_H

#include <stddef.h>
#include <stdint.h>

/* Returns 1 to stop reading (the tool is then ended by SIGPIPE). */
typedef int (*run_out_fn)(void *ctx, const uint8_t *p, size_t n);

struct run_result {
	int status;		/* exit status, or 128 + signal */
	int stopped;		/* the callback asked to stop */
	char err[512];		/* the tool's stderr, first lines */
};

/* Runs argv[0] (from $PATH). Returns 0 when it ran (see r->status), or
 * -errno when it could not be started (-ENOENT: not installed). */
int run_filter(const char *const *argv, const uint8_t *in, size_t n, run_out_fn out, void *ctx,
	       struct run_result *r);

#endif
