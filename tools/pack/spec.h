/* spec.h: the reader of gen_init_cpio-format spec files. Several files are
 * read in order as one stream, exactly as if concatenated, into one image.
 *
 *   file <name> <location> <mode> <uid> <gid> [<hard link>...]
 *   dir <name> <mode> <uid> <gid>
 *   nod <name> <mode> <uid> <gid> <b|c> <maj> <min>
 *   slink <name> <target> <mode> <uid> <gid>
 *   pipe <name> <mode> <uid> <gid>
 *   sock <name> <mode> <uid> <gid>
 *   # comment; blank lines are ignored
 *
 * Fields are separated by blanks; ${VAR} in any field is replaced by the
 * environment variable (unset is an error). <location> is relative to the
 * current directory. Every entry must come after the `dir` line of its
 * parent directory ("/" is implicit) because the kernel unpacks in order
 * and does not create missing directories; each name may appear once. */
#ifndef BATON_PACK_SPEC_H
#define BATON_PACK_SPEC_H

#include <stddef.h>

#include "image.h"

struct spec_opts {
	int host_owners;	/* directory trees: keep the host's uid and gid */
	uint32_t uid, gid;	/* else every entry of a tree gets these */
};

/* Reads paths[0..n) into img: spec files ("-" is standard input) and
 * directory trees (see tree.h), in order, as one stream. Every problem is
 * printed as "FILE:LINE: ..." (or "PATH: ..." for a tree's file) as it is
 * found; reading goes on after a bad line so that one run reports them
 * all. Returns 0 when the image is complete and valid, else a negative
 * code with *errors the number of problems printed. */
int spec_read(struct image *img, char *const *paths, size_t n, const struct spec_opts *o,
	      unsigned *errors);

#endif
