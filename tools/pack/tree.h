/* tree.h: a directory tree as input. Everything below DIR becomes an
 * entry named by its path below DIR, as if written in a spec:
 * directories, regular files (data copied at write time), symlinks (not
 * followed), device nodes, FIFOs and sockets. Reproducible like specs:
 * names sorted bytewise in each directory, a directory always before its
 * contents, file mtimes never used; modes from the tree, owners 0:0 (or
 * --owner) unless the host's are asked for. Files linked to each other
 * inside the tree become one hard-link entry, written where its last name
 * comes (so every name's directory is already there). A directory that
 * an earlier input already declared is merged, not repeated; any other
 * name declared twice is an error, as in specs. */
#ifndef BATON_PACK_TREE_H
#define BATON_PACK_TREE_H

#include "specctx.h"

/* Reads the tree at dir into c's image. Problems are reported as
 * "DIR/PATH: ..." and counted in c->errors; returns 0, or -ENOMEM. */
int tree_read(struct spec_ctx *c, const char *dir);

#endif
