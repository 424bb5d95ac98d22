/* specctx.h: the state shared by the readers of baton-pack's inputs (spec
 * files, spec.c, and directory trees, tree.c): the image being built and
 * every name declared so far, so that a tree and a spec read in the same
 * run are checked against each other like one stream. */
#ifndef BATON_PACK_SPECCTX_H
#define BATON_PACK_SPECCTX_H

#include <stdint.h>

#include "image.h"
#include "names.h"
#include "spec.h"

struct spec_ctx {
	struct image *img;
	struct name_table names;
	const struct spec_opts *opts;
	const char *path;	/* input being read, as named in messages; must
				 * outlive the run (it is kept with the names) */
	unsigned long line;	/* 0: a tree's file, messages name the path alone */
	unsigned errors;
};

/* Reports a problem at c->path (and c->line) and counts it. */
void ctx_bad(struct spec_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Declares raw as a name of e: canonical, not declared before, parent
 * declared before as a directory (each problem reported, reading goes
 * on). Returns 0 or -ENOMEM. */
int ctx_declare(struct spec_ctx *c, const char *raw, uint32_t ifmt, struct entry *e);

#endif
