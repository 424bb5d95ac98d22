/* image.c: ownership of the in-memory image (see image.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

void image_init(struct image *img, uint32_t mtime)
{
	memset(img, 0, sizeof *img);
	img->mtime = mtime;
}

int image_append(struct image *img, struct entry *e)
{
	if (img->n == img->cap) {
		size_t cap = img->cap ? img->cap * 2 : 64;
		struct entry *v = realloc(img->v, cap * sizeof *v);

		if (!v)
			return -ENOMEM;
		img->v = v;
		img->cap = cap;
	}
	img->v[img->n++] = *e;
	memset(e, 0, sizeof *e);
	return 0;
}

void entry_free(struct entry *e)
{
	size_t i;

	for (i = 0; i < e->nnames; i++)
		free(e->names[i]);
	free(e->names);
	free(e->source);
	free(e->target);
	memset(e, 0, sizeof *e);
}

char *image_keep(struct image *img, char *s)
{
	char **v = s ? realloc(img->kept, (img->nkept + 1) * sizeof *v) : NULL;

	if (!v) {
		free(s);
		return NULL;
	}
	img->kept = v;
	img->kept[img->nkept++] = s;
	return s;
}

void image_free(struct image *img)
{
	size_t i;

	for (i = 0; i < img->n; i++)
		entry_free(&img->v[i]);
	for (i = 0; i < img->nkept; i++)
		free(img->kept[i]);
	free(img->kept);
	free(img->v);
	memset(img, 0, sizeof *img);
}
