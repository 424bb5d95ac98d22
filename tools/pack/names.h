/* names.h: archive names. name_canon turns a spec name into the form
 * stored in the archive (relative, like gen_init_cpio: no leading '/',
 * no empty components, no trailing '/'), and the name table remembers
 * every name declared so far in the stream, so that duplicates and
 * contents declared before their directory can be refused. */
#ifndef BATON_PACK_NAMES_H
#define BATON_PACK_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* The kernel's unpacker skips names longer than PATH_MAX - 1 and the
 * filesystem refuses components longer than NAME_MAX. */
#define NAME_MAX_PATH 4095
#define NAME_MAX_COMPONENT 255

/* Canonical form of `in` in a malloc'd *out. Returns 0,
 *   -ENOENT       nothing left (empty, or only slashes: the root),
 *   -EINVAL       a "." or ".." component,
 *   -ENAMETOOLONG the whole name or one component too long,
 *   -ENOMEM. */
int name_canon(const char *in, char **out);

/* Length of the parent part of a canonical name; 0 means the root. */
size_t name_parent_len(const char *name);

/* What the table knows about one declared name. */
struct name_decl {
	char *name;		/* canonical, owned by the table */
	uint32_t mode;		/* S_IFMT bits of the declaring line */
	const char *spec;	/* where it was declared, for messages */
	unsigned long line;
};

struct name_table {
	struct name_decl *slots;	/* open addressing, NULL name = free */
	size_t cap, used;
};

void names_init(struct name_table *t);
void names_free(struct name_table *t);

/* The declaration of the first `len` bytes of name, or NULL. */
const struct name_decl *names_find(const struct name_table *t, const char *name, size_t len);

/* Records a name not yet in the table. Returns 0 or -ENOMEM. */
int names_add(struct name_table *t, const char *name, uint32_t mode,
	      const char *spec, unsigned long line);

#endif
