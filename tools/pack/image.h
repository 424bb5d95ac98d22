/* image.h: the validated contents of an image, in stream order: what the
 * spec reader produces and the newc writer consumes. Nothing here touches
 * the filesystem. */
#ifndef BATON_PACK_IMAGE_H
#define BATON_PACK_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct entry {
	uint32_t mode;		/* S_IFMT type bits | permission bits */
	uint32_t uid, gid;
	uint32_t rmajor, rminor;	/* device nodes only */
	char **names;		/* canonical; [0] the line's name, then its hard links */
	size_t nnames;
	char *source;		/* regular files: path on the host */
	uint32_t size;		/* regular files: size seen when the spec was read */
	char *target;		/* symlinks */
	const char *spec;	/* declaring spec file and line, for messages */
	unsigned long line;
};

struct image {
	struct entry *v;
	size_t n, cap;
	uint32_t mtime;		/* for every entry: reproducible output */
	char **kept;		/* strings messages refer to (tree paths) */
	size_t nkept;
};

void image_init(struct image *img, uint32_t mtime);
/* Moves *e (and everything it owns) into the image. 0 or -ENOMEM. */
int image_append(struct image *img, struct entry *e);
/* Keeps s (malloc'd) until image_free; returns s, or NULL (s freed) on
 * -ENOMEM. */
char *image_keep(struct image *img, char *s);
void image_free(struct image *img);
void entry_free(struct entry *e);

#endif
